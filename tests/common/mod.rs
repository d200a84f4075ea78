//! What the test targets that read `tests/cases/*.case` share: the case
//! format (`cases`), the checks of a finished run (`checks`), the test
//! programs cases trace, and waiting for sonde with a time limit. Each target
//! includes this module with `mod common;`.

pub mod cases;
pub mod checks;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Builds the test programs (`tests/programs/*.c`, `*.cpp`) into `out` with
/// the system C or C++ compiler (`-O1 -g`, or the flags of a `/* cflags: ...
/// */` line); `$PROGRAMS` in a case's text is that directory.
pub fn build_programs(out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let entries =
        std::fs::read_dir(&src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let compiler = match path.extension().and_then(|x| x.to_str()) {
            Some("c") => "cc",
            Some("cpp") => "c++",
            _ => continue,
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A `/* cflags: ... */` line replaces the default flags.
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let flags: Vec<&str> = source
            .lines()
            .find_map(|l| l.trim().strip_prefix("/* cflags:")?.strip_suffix("*/"))
            .map_or_else(|| vec!["-O1", "-g"], |f| f.split_whitespace().collect());
        let status = Command::new(compiler)
            .args(&flags)
            .arg("-o")
            .arg(out.join(&stem))
            .arg(&path)
            .status()
            .map_err(|e| format!("cannot run {compiler} to build {}: {e}", path.display()))?;
        if !status.success() {
            return Err(format!("{compiler} failed to build {}", path.display()));
        }
    }
    Ok(())
}

/// The exit code of `child` (128 + N when signal N ended it), or `None`
/// when it is still running after `limit` (it is killed then).
pub fn wait_with_timeout(child: &mut std::process::Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                use std::os::unix::process::ExitStatusExt;
                return Some(
                    status
                        .code()
                        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)),
                );
            }
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// `text` with every line indented under a result line.
pub fn indent(text: &str) -> String {
    text.lines().map(|l| format!("        {l}\n")).collect()
}
