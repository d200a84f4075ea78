//! End-to-end cases as data: every `tests/cases/*.case` file holds cases (a
//! script, the workload that triggers it, what must be printed) run against the
//! built `sonde` binary on the live kernel, one at a time. After each case no
//! Sonde program may remain loaded.
//! The case format and the checks of a run are in `common/` (shared with
//! `tests/diagnostics.rs`, which judges the compile-only cases without root).
//!
//! This binary is also the workload: `e2e --trigger ACTION ...` renames itself
//! `sonde_trigger` (so scripts can filter on `comm`) and makes exactly the
//! syscalls asked for. `$TRIGGER` in a case's trigger section is this binary.
//!
//! Run: `cargo test --test e2e` (root with BPF). `cargo test --test e2e -- NAME`
//! runs the cases whose title contains NAME.

mod common;

use common::cases::{Case, load_cases};
use common::checks::check_run;
use common::{build_programs, indent, wait_with_timeout};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SONDE: &str = env!("CARGO_BIN_EXE_sonde");
const TRIGGER_COMM: &[u8] = b"sonde_trigger\0";
/// Set in the environment of trigger commands.
const NESTED: &str = "SONDE_E2E_TRIGGER";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--trigger") {
        return trigger(&args[2..]);
    }
    if std::env::var_os(NESTED).is_some() {
        // A trigger command that forgot --trigger must not run the suite again.
        eprintln!("e2e: started from a trigger without --trigger: {args:?}");
        return ExitCode::FAILURE;
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("\n!!! e2e: SKIPPED: these tests load BPF programs and need root.");
        eprintln!("!!! e2e: run them as root (sudo -E cargo test --test e2e).\n");
        if std::env::var_os("CI").is_some() {
            eprintln!("e2e: CI is set, so a skip is a failure");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    // Arguments cargo's test runner passes (--nocapture, --quiet ...) are not filters.
    let filter: Option<&String> = args.iter().skip(1).find(|a| !a.starts_with('-'));
    let programs = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs");
    if let Err(e) = build_programs(&programs) {
        eprintln!("e2e: {e}");
        return ExitCode::FAILURE;
    }
    // SAFETY: set before any thread is started.
    unsafe { std::env::set_var("PROGRAMS", &programs) };
    let cases = match load_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("e2e: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases
        .iter()
        .filter(|c| filter.is_none_or(|f| c.title.contains(f.as_str())))
    {
        ran += 1;
        let started = Instant::now();
        match run_case(case) {
            Ok(()) => println!(
                "ok      {} ({} ms)",
                case.title,
                started.elapsed().as_millis()
            ),
            Err(e) => {
                println!("FAILED  {}\n{}", case.title, indent(&e));
                failures.push(case.title.clone());
            }
        }
    }
    println!(
        "\ne2e: {} passed, {} failed",
        ran - failures.len(),
        failures.len()
    );
    if ran == 0 {
        println!("e2e: no case matched");
        return ExitCode::FAILURE;
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Workload actions, done as `sonde_trigger`.
fn trigger(args: &[String]) -> ExitCode {
    // SAFETY: PR_SET_NAME reads a NUL-terminated string of at most 16 bytes.
    unsafe { libc::prctl(libc::PR_SET_NAME, TRIGGER_COMM.as_ptr()) };
    let count = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(1);
    match args.first().map(String::as_str) {
        Some("sync") => {
            for _ in 0..count(1) {
                // SAFETY: sync has no preconditions.
                unsafe { libc::sync() };
            }
        }
        Some("open") => {
            let Some(path) = args.get(1) else {
                return ExitCode::FAILURE;
            };
            for _ in 0..count(2) {
                let _ = std::fs::File::open(path);
            }
        }
        Some("setuid") => {
            // Drops to the given uid: the trigger is a throwaway child.
            // SAFETY: setuid has no memory preconditions.
            if unsafe { libc::setuid(count(1) as libc::uid_t) } != 0 {
                return ExitCode::FAILURE;
            }
        }
        Some("getenv") => {
            // N getenv(NAME) calls through libc itself: what a uprobe on libc sees.
            let Some(name) = args
                .get(1)
                .and_then(|n| std::ffi::CString::new(n.as_str()).ok())
            else {
                return ExitCode::FAILURE;
            };
            for _ in 0..count(2) {
                // SAFETY: name is a NUL-terminated string that outlives the call.
                unsafe { libc::getenv(name.as_ptr()) };
            }
        }
        Some("sleep-ms") => std::thread::sleep(Duration::from_millis(count(1))),
        Some("thread-open") => {
            // One open of PATH from a thread named `sonde_worker`: its comm
            // is the thread's, its process's (pcomm) `sonde_trigger`.
            let Some(path) = args.get(1).cloned() else {
                return ExitCode::FAILURE;
            };
            let worker = std::thread::Builder::new()
                .name("sonde_worker".into())
                .spawn(move || std::fs::File::open(path).is_ok());
            if !worker.is_ok_and(|w| w.join().is_ok()) {
                return ExitCode::FAILURE;
            }
        }
        Some("tcp-connect") => {
            // One TCP connection to a listener of our own on ADDR (`::1`,
            // `127.0.0.1`): the socket tracepoints see it, addresses known.
            let Some(ip) = args.get(1).and_then(|a| a.parse::<std::net::IpAddr>().ok()) else {
                return ExitCode::FAILURE;
            };
            let Ok(listener) = std::net::TcpListener::bind((ip, 0)) else {
                return ExitCode::FAILURE;
            };
            let connected = listener
                .local_addr()
                .and_then(std::net::TcpStream::connect)
                .and_then(|client| listener.accept().map(|accepted| (client, accepted)));
            if connected.is_err() {
                return ExitCode::FAILURE;
            }
        }
        Some("write") => {
            // write(2) of 1, 2, ..., N bytes to /dev/null: known sizes for aggregations.
            let Ok(mut null) = std::fs::OpenOptions::new().write(true).open("/dev/null") else {
                return ExitCode::FAILURE;
            };
            let buf = vec![0u8; count(1) as usize];
            for n in 1..=buf.len() {
                use std::io::Write;
                let _ = null.write(&buf[..n]);
            }
        }
        Some("getppid-paced") => {
            // N getppid() calls, resting 1 ms every EVERY (default 2000): a steady rate.
            let every = args
                .get(2)
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(2000)
                .max(1);
            for i in 0..count(1) {
                // SAFETY: getppid has no preconditions.
                unsafe { libc::getppid() };
                if i % every == every - 1 {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
        Some("getppid-threads") => {
            // THREADS threads, each pinned to its own CPU, N getppid() each.
            let (threads, calls) = (count(1), count(2));
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    std::thread::spawn(move || {
                        pin_to_cpu(t as usize);
                        for _ in 0..calls {
                            // SAFETY: getppid has no preconditions.
                            unsafe { libc::getppid() };
                        }
                    })
                })
                .collect();
            for w in workers {
                if w.join().is_err() {
                    return ExitCode::FAILURE;
                }
            }
        }
        _ => {
            eprintln!("unknown trigger action {args:?}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn pin_to_cpu(index: usize) {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    // SAFETY: the set is zeroed, then one CPU is added; the call only reads it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(index % cpus, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

fn run_case(case: &Case) -> Result<(), String> {
    let mut cmd = match &case.shell {
        Some(shell) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(shell).env("SONDE", SONDE);
            c
        }
        None => Command::new(SONDE),
    };
    let programs = std::env::var("PROGRAMS").unwrap_or_default();
    if let Some(script) = &case.script {
        cmd.arg("-e").arg(script.replace("$PROGRAMS", &programs));
    }
    cmd.args(case.args.iter().map(|a| a.replace("$PROGRAMS", &programs)))
        .stdin(if case.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start sonde: {e}"))?;
    if let (Some(text), Some(mut stdin)) = (&case.stdin, child.stdin.take()) {
        use std::io::Write;
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| format!("stdin: {e}"))?;
    }
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (line_tx, line_rx) = mpsc::channel::<String>();
    // In JSON mode the attach is an `attached_probes` record on stdout (as
    // bpftrace writes it), not a line on stderr: both are watched for it.
    let json_tx = line_tx.clone();
    let out_reader = std::thread::spawn(move || {
        let mut all = String::new();
        let mut reader = BufReader::new(stdout);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            if line.starts_with(b"{\"type\": \"attached_probes\"") {
                let _ = json_tx.send("Attached (attached_probes record)".to_string());
            }
            all.push_str(&String::from_utf8_lossy(&line));
            line.clear();
        }
        all
    });
    let err_reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = line_tx.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });

    let mut problems = Vec::new();
    if case.trigger.is_some() || case.stop.is_some() {
        // Wait until every probe is attached.
        let deadline = Instant::now() + Duration::from_secs(30);
        let attached = loop {
            match line_rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if line.starts_with("Attached ") => break true,
                Ok(_) => {}
                Err(_) => break false,
            }
        };
        if !attached {
            let _ = child.kill();
            let _ = child.wait();
            let err = err_reader.join().unwrap_or_default();
            return Err(format!("sonde never reported 'Attached'; stderr:\n{err}"));
        }
        if sonde_programs_loaded() == 0 {
            problems.push(
                "while sonde ran, the leftover check saw none of its programs (the check is blind)"
                    .to_string(),
            );
        }
        if let Some(trigger) = &case.trigger {
            let status = Command::new("sh")
                .arg("-c")
                .arg(trigger)
                .env(
                    "TRIGGER",
                    format!(
                        "{} --trigger",
                        std::env::current_exe()
                            .map_err(|e| e.to_string())?
                            .display()
                    ),
                )
                .env(NESTED, "1")
                .stdout(Stdio::null())
                .status()
                .map_err(|e| format!("cannot run trigger: {e}"))?;
            if status.code() == Some(127) {
                problems.push(format!(
                    "trigger failed: {status}: a command it runs is not installed \
                     (sh named it above; list it in .ci/commands)"
                ));
            } else if !status.success() {
                problems.push(format!("trigger failed: {status}"));
            }
        }
        if let Some(sig) = case.stop {
            // SAFETY: sending a signal to our own child.
            unsafe { libc::kill(child.id() as i32, sig) };
        }
    }
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    let code = match status {
        Some(code) => code,
        None => {
            return Err(format!(
                "sonde did not exit within 30 s\nstdout:\n{out}\nstderr:\n{err}"
            ));
        }
    };

    check_run(case, code, &out, &err, &mut problems);
    // The kernel frees a program after the last reference is closed, and for
    // raw tracepoints (tp_btf) only after an RCU grace period: measured here,
    // gone within 200 ms. Anything still loaded after a second is a leak.
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut left = sonde_programs_loaded();
    while left != 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        left = sonde_programs_loaded();
    }
    if left != 0 {
        problems.push(format!(
            "{left} Sonde program(s) still loaded a second after exit"
        ));
    }
    for entry in sonde_tracefs_entries() {
        problems.push(format!("left in tracefs after exit: {entry}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n[{}]\nstdout:\n{out}\nstderr:\n{err}",
            problems.join("\n"),
            case.file.display()
        ))
    }
}

/// Dynamic probe entries (kprobes, uprobes) Sonde may register, still there.
fn sonde_tracefs_entries() -> Vec<String> {
    [
        "/sys/kernel/tracing/kprobe_events",
        "/sys/kernel/tracing/uprobe_events",
    ]
    .iter()
    .filter_map(|path| std::fs::read_to_string(path).ok())
    .flat_map(|text| {
        text.lines()
            .filter(|l| l.contains("sonde"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    })
    .collect()
}

/// Programs in the kernel whose name Sonde gives (`sonde_N`).
fn sonde_programs_loaded() -> usize {
    aya::programs::loaded_programs()
        .filter_map(Result::ok)
        .filter(|p| p.name_as_str().is_some_and(|n| n.starts_with("sonde_")))
        .count()
}
