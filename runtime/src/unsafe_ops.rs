//! `system()` and `cat()` (allowed with `--unsafe`): run when their record
//! arrives, in the event loop, as bpftrace does (a slow command delays the
//! records after it).

use crate::Output;
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

/// `system(cmd)`: runs `sh -c cmd` to its end and prints its standard
/// output (standard error goes to Sonde's). The error is only a failed
/// write of the output; a command that cannot start is reported on stderr.
pub fn system(command: &str, output: &mut Output) -> io::Result<()> {
    let mut shell = Command::new("/bin/sh");
    shell
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    // SAFETY: the hook only calls async-signal-safe functions.
    unsafe { shell.pre_exec(crate::signals::unblock_all_in_child) };
    match shell.output() {
        Ok(done) => output.bytes("syscall", &done.stdout),
        Err(e) => {
            eprintln!("ERROR: system(): cannot run '{command}': {}", plain(&e));
            Ok(())
        }
    }
}

/// `cat(path)`: prints the file's first `limit` bytes (`max_cat_bytes`: a
/// /proc file or a device can be endless);
/// one that cannot be read is reported on stderr, as bpftrace reports it.
pub fn cat(path: &str, limit: u64, output: &mut Output) -> io::Result<()> {
    let mut contents = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| {
        file.take(limit).read_to_end(&mut contents)?;
        Ok(())
    });
    match read {
        Ok(()) => output.bytes("cat", &contents),
        Err(e) => {
            eprintln!("ERROR: failed to open file '{path}' ({})", plain(&e));
            Ok(())
        }
    }
}

/// An OS error's text without Rust's " (os error N)".
fn plain(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
