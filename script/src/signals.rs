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
}
