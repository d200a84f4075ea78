//! A process's file mappings (`/proc/PID/maps`), read from the process;
//! the text's parser is shared with the compiler (`sonde_script::proc_maps`).

pub use sonde_script::proc_maps::{Mapping, locate, parse};

/// The file-backed mappings of process `pid`; an error when it is gone.
pub fn mappings(pid: u32) -> std::io::Result<Vec<Mapping>> {
    Ok(parse(&std::fs::read_to_string(format!(
        "/proc/{pid}/maps"
    ))?))
}

/// When process `pid` started, in clock ticks since boot (field 22 of
/// `/proc/PID/stat`); None when it is gone.
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces.
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Whether process `pid` is the one that started at `start_time` (ns since
/// boot, as the probes read it; 0: unknown, taken as yes).
pub fn is_started_at(pid: u32, started: u64) -> bool {
    started == 0 || start_time(pid) == Some(started / ns_per_tick())
}

/// Nanoseconds in a clock tick (`/proc`'s unit of time).
pub fn ns_per_tick() -> u64 {
    // SAFETY: sysconf reads a constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(hz)
        .ok()
        .filter(|hz| *hz > 0)
        .map_or(10_000_000, |hz| 1_000_000_000 / hz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_mappings_and_a_gone_one_none() {
        assert!(
            !mappings(std::process::id())
                .expect("our own maps")
                .is_empty()
        );
        // Above the kernel's pid limit (2^22): no such process.
        assert!(mappings(5_000_000).is_err());
        assert!(start_time(std::process::id()).is_some_and(|t| t > 0));
        assert_eq!(start_time(5_000_000), None);
    }
}
