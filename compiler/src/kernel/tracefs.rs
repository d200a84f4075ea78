//! Where tracefs is, mounting it when it is missing and we may.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TRACEFS: &str = "/sys/kernel/tracing";
const DEBUGFS_TRACING: &str = "/sys/kernel/debug/tracing";

/// The tracefs root, found (or mounted) once per process.
pub fn root() -> Result<PathBuf, String> {
    static ROOT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    ROOT.get_or_init(locate_or_mount).clone()
}

fn is_tracefs(path: &Path) -> bool {
    path.join("events").is_dir()
}

fn locate_or_mount() -> Result<PathBuf, String> {
    for candidate in [TRACEFS, DEBUGFS_TRACING] {
        if is_tracefs(Path::new(candidate)) {
            return Ok(PathBuf::from(candidate));
        }
    }
    // Mounted, but closed to this process: tracefs is root's (0700).
    for candidate in [TRACEFS, DEBUGFS_TRACING] {
        if let Err(e) = std::fs::read_dir(candidate)
            && e.kind() == std::io::ErrorKind::PermissionDenied
        {
            return Err(format!(
                "cannot read tracefs at {candidate}: permission denied; reading it needs root or CAP_DAC_READ_SEARCH"
            ));
        }
    }
    let hint = format!("mount it with: mount -t tracefs tracefs {TRACEFS}");
    if !Path::new(TRACEFS).is_dir() {
        return Err(format!(
            "tracefs is not available ({TRACEFS} does not exist); {hint}"
        ));
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Err(format!(
            "tracefs is not mounted and Sonde is not root; as root, {hint}"
        ));
    }
    mount_tracefs().map_err(|e| {
        // The OS's words without Rust's " (os error N)", which would nest parentheses.
        let cause = e.to_string();
        let cause = cause.split(" (os error ").next().unwrap_or(&cause);
        format!("tracefs is not mounted and mounting it failed ({cause}); {hint}")
    })?;
    if is_tracefs(Path::new(TRACEFS)) {
        Ok(PathBuf::from(TRACEFS))
    } else {
        Err(format!(
            "tracefs was mounted but {TRACEFS}/events is missing"
        ))
    }
}

fn mount_tracefs() -> std::io::Result<()> {
    let c = |s: &str| std::ffi::CString::new(s).map_err(std::io::Error::other);
    let (src, target, fstype) = (c("tracefs")?, c(TRACEFS)?, c("tracefs")?);
    // SAFETY: all pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::mount(
            src.as_ptr(),
            target.as_ptr(),
            fstype.as_ptr(),
            0,
            std::ptr::null(),
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
