//! `-c CMD`: the command runs as our child. It is started held (blocked on a
//! pipe before exec) so that the probes are attached before it does anything,
//! released once they are, and watched through a pidfd so that its exit ends
//! the run. If Sonde ends first, the command is terminated.

use std::io::{self, Write};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

pub struct HeldChild {
    child: Child,
    release: Option<std::fs::File>,
    pidfd: OwnedFd,
}

impl HeldChild {
    /// Starts `sh`, which waits for a line on fd 3 and then execs CMD (so the
    /// command keeps the shell's pid). std's spawn returns only after exec,
    /// so the wait has to happen after it, in the shell.
    pub fn spawn(command: &str) -> io::Result<HeldChild> {
        let program = command.split_whitespace().next().unwrap_or("");
        if !runnable(program) {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("'{program}' is not an executable file or a program in PATH"),
            ));
        }
        let (read_end, write_end) = pipe()?;
        let gate = read_end.as_raw_fd();
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg(format!("read _ <&3 || exit 1; exec 3<&-; exec {command}"));
        // SAFETY: dup2(2) is async-signal-safe; it only moves the pipe's read
        // end to fd 3 between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(gate, 3) < 0 {
                    return Err(io::Error::last_os_error());
                }
                crate::signals::unblock_all_in_child()
            });
        }
        let child = cmd.spawn()?;
        drop(read_end);
        // SAFETY: pidfd_open takes a pid and flags and returns a new fd or -1.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, child.id() as libc::pid_t, 0) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(HeldChild {
            child,
            release: Some(std::fs::File::from(write_end)),
            // SAFETY: fd was just returned by pidfd_open and is owned by nobody else.
            pidfd: unsafe { OwnedFd::from_raw_fd(fd as i32) },
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Lets the command exec.
    pub fn release(&mut self) -> io::Result<()> {
        if let Some(mut w) = self.release.take() {
            w.write_all(b"go\n")?;
        }
        Ok(())
    }

    /// Readable once the command has exited.
    pub fn exit_fd(&self) -> BorrowedFd<'_> {
        self.pidfd.as_fd()
    }
}

impl Drop for HeldChild {
    fn drop(&mut self) {
        // A command still held exits by itself when the pipe closes.
        self.release.take();
        if let Ok(None) = self.child.try_wait() {
            // SAFETY: signalling our own child by its pid.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        }
        let _ = self.child.wait();
    }
}

/// Whether `program` names an executable, directly or through PATH.
fn runnable(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let executable = |p: &std::path::Path| {
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.is_empty() {
        return false;
    }
    if program.contains('/') {
        return executable(std::path::Path::new(program));
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .any(|dir| executable(&dir.join(program)))
}

/// A pidfd for `pid`: readable once that process has exited (`-p`).
pub fn watch(pid: u32) -> io::Result<OwnedFd> {
    // SAFETY: pidfd_open takes a pid and flags and returns a new fd or -1.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd was just returned by pidfd_open and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills the two-element array on success.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both fds were just created and are owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}
