//! The signals a `self:signal:` probe can name: the compiler resolves the
//! name to a number, the probe's name (`Attach::name`) turns it back.

/// Each signal's name and number.
const SELF_SIGNALS: [(&str, i32); 2] = [("SIGUSR1", libc::SIGUSR1), ("SIGUSR2", libc::SIGUSR2)];

/// The number of `SIGUSR1` or `SIGUSR2`; `None` for a signal a probe cannot name.
pub fn self_signal_number(name: &str) -> Option<i32> {
    SELF_SIGNALS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, signal)| *signal)
}

/// `SIGUSR1` for its number.
pub fn self_signal_name(signal: i32) -> &'static str {
    SELF_SIGNALS
        .iter()
        .find(|(_, s)| *s == signal)
        .map_or("?", |(n, _)| n)
}

/// What `signal_name(n)` is for signals 0 to 33, as glibc's strsignal(3)
/// words them (and bpftrace 0.27.1's table): 34 to 64 are
/// `Real-time signal N-34`, anything else `N/A`.
const SIGNAL_DESCRIPTIONS: [&str; 34] = [
    "Unknown signal 0",
    "Hangup",
    "Interrupt",
    "Quit",
    "Illegal instruction",
    "Trace/breakpoint trap",
    "Aborted",
    "Bus error",
    "Floating point exception",
    "Killed",
    "User defined signal 1",
    "Segmentation fault",
    "User defined signal 2",
    "Broken pipe",
    "Alarm clock",
    "Terminated",
    "Stack fault",
    "Child exited",
    "Continued",
    "Stopped (signal)",
    "Stopped",
    "Stopped (tty input)",
    "Stopped (tty output)",
    "Urgent I/O condition",
    "CPU time limit exceeded",
    "File size limit exceeded",
    "Virtual timer expired",
    "Profiling timer expired",
    "Window changed",
    "I/O possible",
    "Power failure",
    "Bad system call",
    "Unknown signal 32",
    "Unknown signal 33",
];

/// The first signal glibc calls real-time (its SIGRTMIN), and the last.
const FIRST_REAL_TIME: i32 = 34;
const LAST_SIGNAL: i32 = 64;

/// `signal_name(n)`'s text for every `n` from 0 to 64, then the one for
/// every other number (`N/A`): the table the compiler puts in the program.
pub fn signal_descriptions() -> impl Iterator<Item = String> {
    (0..=LAST_SIGNAL + 1).map(|n| match usize::try_from(n) {
        Ok(i) if i < SIGNAL_DESCRIPTIONS.len() => SIGNAL_DESCRIPTIONS[i].to_string(),
        _ if (FIRST_REAL_TIME..=LAST_SIGNAL).contains(&n) => {
            format!("Real-time signal {}", n - FIRST_REAL_TIME)
        }
        _ => "N/A".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_agree() {
        for name in ["SIGUSR1", "SIGUSR2"] {
            let number = self_signal_number(name).expect("a self signal");
            assert_eq!(self_signal_name(number), name);
        }
        assert_eq!(self_signal_number("SIGINT"), None);
        assert_eq!(self_signal_name(libc::SIGINT), "?");
    }

    #[test]
    fn descriptions_are_strsignals_words() {
        let d: Vec<String> = signal_descriptions().collect();
        assert_eq!(d.len(), 66);
        assert_eq!(d[15], "Terminated");
        assert_eq!(d[34], "Real-time signal 0");
        assert_eq!(d[64], "Real-time signal 30");
        assert_eq!(d[65], "N/A");
        assert!(d.iter().all(|t| t.len() < 32), "each fits a 32-byte slot");
    }
}
