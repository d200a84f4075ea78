//! The compatibility corpus: every `tests/compat/NAME.bt` is run through the
//! built `sonde` on the live kernel, and its stdout must equal, byte for
//! byte, what bpftrace 0.27.1 printed for it: `NAME.txt` (text) and
//! `NAME.json` (`-f json`), with the exit code of `NAME.rc` (0 when absent).
//! `tests/compat/regen` remakes the expected files from bpftrace.
//!
//! A script's `// args: ...` line gives extra flags; `// output: file` runs
//! it with `-o FILE`, and FILE followed by stdout is its output.
//! `tests/compat/differences` lists the documented differences (`NAME.txt`
//! or `NAME.json`, then the reason): those runs are not compared, and each is
//! reported by name.
//!
//! Run: `cargo test --test compat` (root with BPF; it fails without).
//! `cargo test --test compat -- NAME` runs the scripts whose name contains NAME.

// Only the waiting and indenting helpers are used here, not the case format.
#[allow(dead_code)]
mod common;

use common::{indent, wait_with_timeout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

const SONDE: &str = env!("CARGO_BIN_EXE_sonde");
const LIMIT: Duration = Duration::from_secs(60);

fn main() -> ExitCode {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("compat: these tests load BPF programs and need root: failing, not skipping.");
        return ExitCode::FAILURE;
    }
    let args: Vec<String> = std::env::args().collect();
    let filter: Option<&String> = args.iter().skip(1).find(|a| !a.starts_with('-'));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat");
    let differences = match load_differences(&dir.join("differences")) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("compat: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut names: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".bt").map(str::to_string)
            })
            .filter(|n| filter.is_none_or(|f| n.contains(f.as_str())))
            .collect(),
        Err(e) => {
            eprintln!("compat: cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    names.sort();
    let (mut passed, mut failures, mut skipped) = (0, Vec::new(), Vec::new());
    for name in &names {
        for format in ["txt", "json"] {
            let run = format!("{name}.{format}");
            let expected = dir.join(&run);
            if !expected.exists() {
                continue;
            }
            // A documented difference still runs: one that no longer
            // differs must leave the list, so the list stays true.
            if let Some(reason) = differences.get(&run) {
                if check(&dir, name, format, &expected).is_ok() {
                    println!(
                        "FAILED  {run} is listed in tests/compat/differences but matches bpftrace now: remove it"
                    );
                    failures.push(run);
                } else {
                    skipped.push(format!("{run}: {reason}"));
                }
                continue;
            }
            match check(&dir, name, format, &expected) {
                Ok(()) => passed += 1,
                Err(e) => {
                    println!("FAILED  {run}\n{}", indent(&e));
                    failures.push(run);
                }
            }
        }
    }
    for s in &skipped {
        println!("differs (documented)  {s}");
    }
    for stale in differences.keys() {
        let script = stale.rsplit_once('.').map_or(stale.as_str(), |(n, _)| n);
        if !dir.join(format!("{script}.bt")).exists() {
            println!("FAILED  tests/compat/differences names {stale}, which has no script");
            failures.push(stale.clone());
        }
    }
    println!(
        "\ncompat: {passed} passed, {} failed, {} documented differences",
        failures.len(),
        skipped.len()
    );
    if passed + failures.len() == 0 {
        println!("compat: no script matched");
        return ExitCode::FAILURE;
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `NAME.txt` or `NAME.json` → the reason; `#` lines and blank lines ignored.
fn load_differences(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (run, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        if reason.trim().is_empty() {
            return Err(format!("{}: `{run}` has no reason", path.display()));
        }
        out.insert(run.to_string(), reason.trim().to_string());
    }
    Ok(out)
}

/// Runs one script in one format and compares stdout and the exit code.
fn check(dir: &Path, name: &str, format: &str, expected: &Path) -> Result<(), String> {
    let script = dir.join(format!("{name}.bt"));
    let source = std::fs::read_to_string(&script).map_err(|e| format!("cannot read: {e}"))?;
    let extra: Vec<String> = source
        .lines()
        .find_map(|l| l.strip_prefix("// args:"))
        .map(|a| a.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let to_file = source.lines().any(|l| l.starts_with("// output: file"));
    let out_file: PathBuf =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("compat-{name}.{format}.out"));
    let _ = std::fs::remove_file(&out_file);
    let mut cmd = Command::new(SONDE);
    cmd.args(&extra);
    if format == "json" {
        cmd.args(["-f", "json"]);
    }
    if to_file {
        cmd.arg("-o").arg(&out_file);
    }
    let stdout_file = out_file.with_extension("stdout");
    let stderr_file = out_file.with_extension("stderr");
    let stdout = std::fs::File::create(&stdout_file).map_err(|e| e.to_string())?;
    let stderr = std::fs::File::create(&stderr_file).map_err(|e| e.to_string())?;
    let mut child = cmd
        .arg(&script)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run {SONDE}: {e}"))?;
    let code = wait_with_timeout(&mut child, LIMIT)
        .ok_or_else(|| format!("still running after {} s", LIMIT.as_secs()))?;
    let mut got = if to_file {
        std::fs::read(&out_file).unwrap_or_default()
    } else {
        Vec::new()
    };
    got.extend(std::fs::read(&stdout_file).unwrap_or_default());
    let err =
        String::from_utf8_lossy(&std::fs::read(&stderr_file).unwrap_or_default()).into_owned();
    let want = std::fs::read(expected).map_err(|e| format!("cannot read expected: {e}"))?;
    let want_code: i32 = std::fs::read_to_string(dir.join(format!("{name}.rc")))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let mut problems = Vec::new();
    if format == "txt" && code != want_code {
        problems.push(format!("exit code {code}, expected {want_code}"));
    }
    if got != want {
        problems.push(format!(
            "stdout differs (- bpftrace 0.27.1, + sonde)\n{}",
            diff(
                &String::from_utf8_lossy(&want),
                &String::from_utf8_lossy(&got)
            )
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.push(format!("stderr:\n{err}"));
        Err(problems.join("\n"))
    }
}

/// A line diff (longest common subsequence), `-` expected, `+` got; an
/// absent final newline is shown as `\ no newline`.
fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.split_inclusive('\n').collect();
    let b: Vec<&str> = got.split_inclusive('\n').collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let show = |mark: char, line: &str| match line.strip_suffix('\n') {
        Some(l) => format!("{mark}{l}\n"),
        None => format!("{mark}{line}\n\\ no newline\n"),
    };
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&show(' ', a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&show('+', b[j]));
            j += 1;
        } else {
            out.push_str(&show('-', a[i]));
            i += 1;
        }
    }
    out
}
