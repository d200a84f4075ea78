//! SIGINT, SIGTERM and SIGHUP (and the signals of `self:signal` probes) as a
//! file descriptor, so the event loop wakes on them the same way it wakes on
//! events, and nothing runs in a signal handler.

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

pub struct Signals {
    fd: OwnedFd,
}

const HANDLED: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

impl Signals {
    /// Blocks the signals (those that end Sonde, and `extra`) for the
    /// process and opens a signalfd for them.
    pub fn install(extra: &[i32]) -> io::Result<Signals> {
        // SAFETY: the set is initialised by sigemptyset before use; every
        // pointer passed is valid for the call.
        unsafe {
            let mut set = MaybeUninit::<libc::sigset_t>::zeroed();
            libc::sigemptyset(set.as_mut_ptr());
            for sig in HANDLED.iter().chain(extra) {
                libc::sigaddset(set.as_mut_ptr(), *sig);
            }
            let set = set.assume_init();
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return Err(io::Error::last_os_error());
            }
            let fd = libc::signalfd(-1, &set, libc::SFD_CLOEXEC | libc::SFD_NONBLOCK);
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(Signals {
                fd: OwnedFd::from_raw_fd(fd),
            })
        }
    }

    /// The signal that arrived, if any.
    pub fn pending(&self) -> Option<i32> {
        let mut info = MaybeUninit::<libc::signalfd_siginfo>::zeroed();
        let size = std::mem::size_of::<libc::signalfd_siginfo>();
        // SAFETY: reading at most `size` bytes into a buffer of that size.
        let n = unsafe { libc::read(self.fd.as_raw_fd(), info.as_mut_ptr().cast(), size) };
        if n == size as isize {
            // SAFETY: the kernel filled the whole struct.
            Some(unsafe { info.assume_init() }.ssi_signo as i32)
        } else {
            None
        }
    }
}

/// In a child between fork and exec: unblocks every signal, since the
/// blocked mask survives exec and a command started by Sonde (`-c`,
/// `system()`) must die of SIGTERM and SIGINT as it would anywhere else.
/// Async-signal-safe (sigemptyset and pthread_sigmask only).
pub fn unblock_all_in_child() -> io::Result<()> {
    // SAFETY: the set is initialised by sigemptyset; both calls only read
    // or write it and the thread's mask.
    unsafe {
        let mut set = MaybeUninit::<libc::sigset_t>::zeroed();
        libc::sigemptyset(set.as_mut_ptr());
        if libc::pthread_sigmask(libc::SIG_SETMASK, set.as_ptr(), std::ptr::null_mut()) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

impl AsFd for Signals {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
