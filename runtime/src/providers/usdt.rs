//! USDT probes: a uprobe at the probe's file offset, opened through the perf
//! uprobe PMU by hand because aya cannot pass the semaphore's offset
//! (`ref_ctr_offset`, config bits 32-63). With it the kernel increments the
//! semaphore in every process that maps the binary, now and later, while the
//! probe is attached, and decrements it at detach.

use aya::programs::UProbe;
use std::ffi::CString;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};

/// The leading fields of `struct perf_event_attr` (PERF_ATTR_SIZE_VER1);
/// the kernel takes the rest as zero.
#[repr(C)]
#[derive(Default)]
struct PerfEventAttr {
    kind: u32,
    size: u32,
    config: u64,
    sample_period: u64,
    sample_type: u64,
    read_format: u64,
    flags: u64,
    wakeup_events: u32,
    bp_type: u32,
    /// `uprobe_path`: a pointer to the path.
    config1: u64,
    /// `probe_offset`.
    config2: u64,
}

const PERF_EVENT_IOC_ENABLE: libc::c_ulong = 0x2400;
const PERF_EVENT_IOC_SET_BPF: libc::c_ulong = 0x4004_2408;
const PERF_FLAG_FD_CLOEXEC: libc::c_ulong = 8;
const UPROBE_PMU_TYPE: &str = "/sys/bus/event_source/devices/uprobe/type";

/// An attached USDT probe: closing the perf event detaches it.
struct UsdtLink(#[allow(dead_code)] OwnedFd);

pub(super) fn attach(
    program: &mut UProbe,
    path: &str,
    offset: u64,
    semaphore: Option<u64>,
    pid: Option<u32>,
) -> Result<super::Link, String> {
    let pmu_type: u32 = std::fs::read_to_string(UPROBE_PMU_TYPE)
        .map_err(|e| format!("cannot read {UPROBE_PMU_TYPE}: {e} (no uprobe support?)"))?
        .trim()
        .parse()
        .map_err(|_| format!("{UPROBE_PMU_TYPE} does not hold a number"))?;
    let path_c = CString::new(path).map_err(|_| format!("path {path:?} holds a NUL byte"))?;
    let attr = PerfEventAttr {
        kind: pmu_type,
        size: std::mem::size_of::<PerfEventAttr>() as u32,
        config: semaphore.unwrap_or(0) << 32,
        config1: path_c.as_ptr() as u64,
        config2: offset,
        sample_period: 1,
        wakeup_events: 1,
        ..PerfEventAttr::default()
    };
    // One process, any CPU; or every process, with the CPU argument 0 that
    // probe events need (they fire on every CPU all the same).
    let (target_pid, cpu): (libc::pid_t, libc::c_int) = match pid {
        Some(p) => (
            libc::pid_t::try_from(p).map_err(|_| format!("bad pid {p}"))?,
            -1,
        ),
        None => (-1, 0),
    };
    // SAFETY: attr is a valid perf_event_attr prefix whose size field says
    // how long it is; path_c outlives the call.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_perf_event_open,
            &attr as *const PerfEventAttr,
            target_pid,
            cpu,
            -1 as libc::c_int,
            PERF_FLAG_FD_CLOEXEC,
        )
    };
    if fd < 0 {
        let err = std::io::Error::last_os_error();
        return Err(format!(
            "perf_event_open for the uprobe at {path}:{offset:#x} failed: {err}"
        ));
    }
    // SAFETY: fd was just returned by perf_event_open and is owned by no one else.
    let event = unsafe { OwnedFd::from_raw_fd(fd as libc::c_int) };
    let program_fd = program
        .fd()
        .map_err(|e| crate::error_chain(&e))?
        .as_fd()
        .as_raw_fd();
    // SAFETY: plain ioctls on a perf event fd we own, with a BPF program fd.
    unsafe {
        if libc::ioctl(event.as_raw_fd(), PERF_EVENT_IOC_SET_BPF, program_fd) != 0 {
            return Err(format!(
                "cannot attach the program to the uprobe: {}",
                std::io::Error::last_os_error()
            ));
        }
        if libc::ioctl(event.as_raw_fd(), PERF_EVENT_IOC_ENABLE, 0) != 0 {
            return Err(format!(
                "cannot enable the uprobe: {}",
                std::io::Error::last_os_error()
            ));
        }
    }
    Ok(Box::new(UsdtLink(event)))
}
