//! What Sonde needs of the kernel's permissions before it loads anything:
//! not root as such, but the capabilities the script's probes use, read
//! with `capget`. Each one missing is named, with what it is for, in one
//! error; nothing is loaded then.

use sonde_compiler::script::{Attach, CompiledScript};

/// Capability numbers (`linux/capability.h`).
const CAP_DAC_READ_SEARCH: u32 = 2;
const CAP_SYS_PTRACE: u32 = 19;
const CAP_SYS_ADMIN: u32 = 21;
const CAP_PERFMON: u32 = 38;
const CAP_BPF: u32 = 39;

/// `_LINUX_CAPABILITY_VERSION_3`: 64-bit sets in two 32-bit halves.
const CAPABILITY_VERSION_3: u32 = 0x2008_0522;

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

/// This process's effective capabilities, as a bit set.
fn effective() -> Result<u64, String> {
    let mut header = CapHeader {
        version: CAPABILITY_VERSION_3,
        pid: 0,
    };
    let mut data = [CapData::default(); 2];
    // SAFETY: capget writes two CapData (version 3) through the pointer,
    // which points at an array of two; the header outlives the call.
    let rc = unsafe { libc::syscall(libc::SYS_capget, &mut header, data.as_mut_ptr()) };
    if rc != 0 {
        return Err(format!(
            "cannot read this process's capabilities: {}",
            std::io::Error::last_os_error()
        ));
    }
    Ok(u64::from(data[0].effective) | (u64::from(data[1].effective) << 32))
}

fn name(cap: u32) -> &'static str {
    match cap {
        CAP_DAC_READ_SEARCH => "CAP_DAC_READ_SEARCH",
        CAP_SYS_PTRACE => "CAP_SYS_PTRACE",
        CAP_SYS_ADMIN => "CAP_SYS_ADMIN",
        CAP_PERFMON => "CAP_PERFMON",
        CAP_BPF => "CAP_BPF",
        _ => "a capability",
    }
}

/// The capabilities running `script` needs, each with what it is for.
fn needed(script: &CompiledScript) -> Vec<(u32, &'static str)> {
    let mut needs = vec![
        (CAP_BPF, "to load BPF programs and maps"),
        (
            CAP_PERFMON,
            "to attach to tracepoints, uprobes and perf events and to read kernel memory",
        ),
    ];
    let attaches = || script.programs.iter().flat_map(|p| &p.attach);
    if attaches().any(|a| matches!(a, Attach::Tracepoint { .. })) {
        needs.push((
            CAP_DAC_READ_SEARCH,
            "to read tracefs, which only root may read (the tracepoints' ids and formats)",
        ));
    }
    if attaches().any(|a| {
        matches!(
            a,
            Attach::Uprobe { .. } | Attach::Usdt { .. } | Attach::Kprobe { .. }
        )
    }) {
        needs.push((
            CAP_SYS_ADMIN,
            "for uprobes, USDT probes and kprobes: the kernel's perf events for them ask for it",
        ));
    }
    if let Some(pid) = script.pid
        && !owned_by_us(pid)
    {
        needs.push((CAP_SYS_PTRACE, "to trace a process of another user (-p)"));
    }
    needs
}

/// Whether process `pid` runs as this process's real uid.
fn owned_by_us(pid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    std::fs::metadata(format!("/proc/{pid}")).is_ok_and(|m| m.uid() == uid)
}

/// Checks that this process holds what `script` needs; the error names
/// each capability missing and why it is needed.
pub fn check(script: &CompiledScript) -> Result<(), String> {
    let have = effective()?;
    let holds = |cap: u32| have & (1 << cap) != 0;
    // Before Linux 5.8, CAP_SYS_ADMIN stood for CAP_BPF and CAP_PERFMON.
    let missing: Vec<String> = needed(script)
        .into_iter()
        .filter(|&(cap, _)| {
            let covered =
                holds(cap) || (matches!(cap, CAP_BPF | CAP_PERFMON) && holds(CAP_SYS_ADMIN));
            !covered
        })
        .map(|(cap, why)| format!("{} ({why})", name(cap)))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "this script needs capabilities Sonde does not have: {}; run it as root, or grant them (e.g. setpriv --ambient-caps)",
        missing.join(", ")
    ))
}
