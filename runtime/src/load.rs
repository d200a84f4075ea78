//! Loading the object with aya, without the cost of kernel BTF.
//!
//! `aya::EbpfLoader::new()` always parses `/sys/kernel/btf/vmlinux`: about
//! 19 ms and 20 MiB of peak memory, though Sonde's objects carry no BTF
//! relocations and never use it. aya 0.14 has no way to skip the parse, so the
//! loader runs on a thread of its own that first moves into a private mount
//! namespace where that one file reads as empty (a bind mount of /dev/null).
//! Mount namespaces are per thread: the rest of Sonde, and the system, see
//! nothing; the namespace and its bind mount vanish when the thread ends. If any
//! step is refused, loading proceeds the ordinary way.

use aya::{Ebpf, EbpfError, EbpfLoader};
use sonde_script::EVENTS_MAP;
use std::ffi::CString;

const KERNEL_BTF: &str = "/sys/kernel/btf/vmlinux";

/// Loads the object, with a ring buffer of `ring_bytes` (a power of two, a
/// multiple of the page size).
pub fn load(object: &[u8], ring_bytes: u32) -> Result<Ebpf, EbpfError> {
    let plain = || {
        EbpfLoader::new()
            .btf(None)
            .map_max_entries(EVENTS_MAP, ring_bytes)
            .load(object)
    };
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new().spawn_scoped(scope, || {
            hide_kernel_btf_from_this_thread();
            plain()
        });
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| plain()),
            Err(_) => plain(),
        }
    })
}

/// Best effort; returns whether the file is hidden.
fn hide_kernel_btf_from_this_thread() -> bool {
    let (Ok(root), Ok(null), Ok(btf)) = (
        CString::new("/"),
        CString::new("/dev/null"),
        CString::new(KERNEL_BTF),
    ) else {
        return false;
    };
    // SAFETY: plain syscalls with valid NUL-terminated strings; they change
    // only this thread's mount namespace, which ends with the thread.
    unsafe {
        if libc::unshare(libc::CLONE_NEWNS) != 0 {
            return false;
        }
        // Private first, so that the bind mount cannot propagate to the host.
        if libc::mount(
            std::ptr::null(),
            root.as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        ) != 0
        {
            return false;
        }
        libc::mount(
            null.as_ptr(),
            btf.as_ptr(),
            std::ptr::null(),
            libc::MS_BIND,
            std::ptr::null(),
        ) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The host keeps seeing kernel BTF while and after a thread hides it.
    #[test]
    fn hiding_is_confined_to_the_thread() {
        let before = std::fs::metadata(KERNEL_BTF).map(|m| m.len()).unwrap_or(0);
        let hidden = std::thread::spawn(|| {
            let hidden = hide_kernel_btf_from_this_thread();
            let inside = std::fs::metadata(KERNEL_BTF).map(|m| m.len()).unwrap_or(0);
            (hidden, inside)
        })
        .join()
        .expect("thread");
        let after = std::fs::metadata(KERNEL_BTF).map(|m| m.len()).unwrap_or(0);
        assert_eq!(before, after, "the host's view changed");
        if hidden.0 {
            assert_eq!(hidden.1, 0, "the thread still sees kernel BTF");
            assert!(before > 0);
        } else {
            eprintln!("hiding kernel BTF is not possible here (needs root); fallback path only");
        }
    }
}
