//! The compile-only cases of `tests/cases/*.case`, judged without root and
//! without the live kernel, so a contributor without root still runs them.
//!
//! Which cases: those that expect a non-zero exit and have no trigger, stop,
//! shell or stdin section. Nothing but sonde runs in them, so what they show
//! is sonde refusing a script (or failing to load or run it, see below).
//!
//! How: each runs through the built `sonde` binary, as e2e runs it (`-e
//! SCRIPT`, then the case's args, `$PROGRAMS` built from `tests/programs`),
//! with the hidden `--fixture-kernel` flag first: the script compiles against
//! the compiler's `FixtureKernel::standard()` (format files and a few kallsyms
//! addresses from Linux 6.18; no BTF), and where it compiles, sonde stops
//! before loading anything, says so and exits 0. So the diagnostics, the
//! summary line and the exit code are what users see. The case's
//! expectations (exit code, stderr-has, any stdout ones) are checked by the
//! code e2e checks them with (`common::checks`).
//!
//! Live-only: a selected case the fixture cannot judge (it reads kernel
//! types, names a tracepoint the fixture lacks, or fails only at run time)
//! has a `--- live-only` section giving the reason; e2e ignores it. Such a
//! case still runs here and must still fail: one that passes has a stale
//! marker, which fails the suite, as does a marker on a case the rule does
//! not select. Live-only cases are listed by name and counted.
//!
//! The suite fails on any mismatch, and when it judged fewer than
//! `MIN_JUDGED` cases against the fixture (a selector broken into selecting
//! nothing cannot pass).
//!
//! Run: `cargo test --test diagnostics` (any user; root is not needed and
//! nothing is loaded). `cargo test --test diagnostics -- NAME` runs the cases
//! whose title contains NAME, without the floor.

mod common;

use common::cases::{Case, load_cases};
use common::checks::check_run;
use common::{build_programs, indent, wait_with_timeout};
use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const SONDE: &str = env!("CARGO_BIN_EXE_sonde");
/// What sonde says when a script compiles against the fixture kernel.
const FIXTURE_COMPILED: &str = "compiled against the fixture kernel; nothing is loaded";
/// The compile-only cases judged against the fixture kernel when this floor
/// was set; a run of every case that judges fewer fails.
const MIN_JUDGED: usize = 59;

/// The rule: the case expects sonde to fail, and nothing else runs in it.
fn is_compile_only(case: &Case) -> bool {
    case.exit != 0
        && case.trigger.is_none()
        && case.stop.is_none()
        && case.shell.is_none()
        && case.stdin.is_none()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    // Arguments cargo's test runner passes (--nocapture, --quiet ...) are not filters.
    let filter: Option<&String> = args.iter().skip(1).find(|a| !a.starts_with('-'));
    let cases = match load_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("diagnostics: {e}");
            return ExitCode::FAILURE;
        }
    };
    let misplaced: Vec<&Case> = cases
        .iter()
        .filter(|c| c.live_only.is_some() && !is_compile_only(c))
        .collect();
    for case in &misplaced {
        println!(
            "FAILED  {}\n        marked live-only but not compile-only: drop the marker [{}]",
            case.title,
            case.file.display()
        );
    }
    let selected: Vec<&Case> = cases
        .iter()
        .filter(|c| is_compile_only(c))
        .filter(|c| filter.is_none_or(|f| c.title.contains(f.as_str())))
        .collect();
    let programs = std::env::temp_dir().join(format!("sonde-diagnostics-{}", std::process::id()));
    let built = build_programs(&programs);
    let outcome = built.map(|()| run_all(&selected, &programs));
    let _ = std::fs::remove_dir_all(&programs);
    let tally = match outcome {
        Ok(tally) => tally,
        Err(e) => {
            eprintln!("diagnostics: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "\ndiagnostics: {} compile-only cases: {} judged against the fixture kernel \
         ({} passed, {} failed), {} live-only, {} marked live-only but passing",
        selected.len(),
        tally.judged,
        tally.judged - tally.failed.len(),
        tally.failed.len(),
        tally.live_only,
        tally.stale.len()
    );
    let mut ok = tally.failed.is_empty() && tally.stale.is_empty() && misplaced.is_empty();
    if filter.is_none() && tally.judged < MIN_JUDGED {
        println!(
            "diagnostics: only {} cases judged, fewer than the {MIN_JUDGED} of the floor: \
             is the selection broken?",
            tally.judged
        );
        ok = false;
    }
    if selected.is_empty() {
        println!("diagnostics: no case matched");
        ok = false;
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[derive(Default)]
struct Tally {
    /// Cases judged against the fixture kernel (not live-only).
    judged: usize,
    live_only: usize,
    /// Judged cases that failed.
    failed: Vec<String>,
    /// Live-only cases that pass against the fixture kernel.
    stale: Vec<String>,
}

fn run_all(cases: &[&Case], programs: &Path) -> Tally {
    let mut tally = Tally::default();
    for case in cases {
        let started = Instant::now();
        let result = run_case(case, programs);
        let ms = started.elapsed().as_millis();
        match (&case.live_only, result) {
            (None, Ok(())) => {
                tally.judged += 1;
                println!("ok      {} ({ms} ms)", case.title);
            }
            (None, Err(e)) => {
                tally.judged += 1;
                println!("FAILED  {}\n{}", case.title, indent(&e));
                tally.failed.push(case.title.clone());
            }
            (Some(reason), Err(_)) => {
                tally.live_only += 1;
                println!("live    {}\n        live-only: {reason}", case.title);
            }
            (Some(_), Ok(())) => {
                println!(
                    "FAILED  {}\n        marked live-only, but passes against the fixture \
                     kernel: drop the marker [{}]",
                    case.title,
                    case.file.display()
                );
                tally.stale.push(case.title.clone());
            }
        }
    }
    tally
}

/// Runs one case through `sonde --fixture-kernel`; the problems found, if any.
fn run_case(case: &Case, programs: &Path) -> Result<(), String> {
    let programs = programs.to_string_lossy();
    let mut cmd = Command::new(SONDE);
    cmd.arg("--fixture-kernel");
    if let Some(script) = &case.script {
        cmd.arg("-e").arg(script.replace("$PROGRAMS", &programs));
    }
    cmd.args(case.args.iter().map(|a| a.replace("$PROGRAMS", &programs)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start sonde: {e}"))?;
    let readers = [
        child.stdout.take().map(read_all),
        child.stderr.take().map(read_all),
    ];
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    let [out, err] = readers.map(|r| r.and_then(|r| r.join().ok()).unwrap_or_default());
    let Some(code) = status else {
        return Err(format!(
            "sonde did not exit within 30 s\nstdout:\n{out}\nstderr:\n{err}"
        ));
    };
    let mut problems = Vec::new();
    check_run(case, code, &out, &err, &mut problems);
    if problems.is_empty() {
        return Ok(());
    }
    if err.contains(FIXTURE_COMPILED) {
        problems.push(
            "the script compiles against the fixture kernel: what the case expects comes \
             later, on the live kernel (give it a live-only section saying why)"
                .into(),
        );
    }
    Err(format!(
        "{}\n[{}]\nstdout:\n{out}\nstderr:\n{err}",
        problems.join("\n"),
        case.file.display()
    ))
}

/// Reads a pipe to the end on a thread, so that neither pipe fills and stalls sonde.
fn read_all(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    })
}
