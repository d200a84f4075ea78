//! Duration suffixes, as current bpftrace has them: `100ms` in an expression
//! is an integer of nanoseconds, and `interval:1s` / `profile:10ms` take the
//! same spelling.

/// Each suffix with its length in nanoseconds; longer spellings first so
/// `ms` is not read as `m` followed by `s`.
const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60 * 1_000_000_000),
    ("h", 3_600 * 1_000_000_000),
    ("d", 86_400 * 1_000_000_000),
];

/// The suffixes, for messages.
pub const SUFFIXES: &str = "ns, us, ms, s, m, h, d";

/// `"100ms"` → `Some(("100", 1_000_000))`: the digits and the unit's length
/// in nanoseconds, or None when `text` does not end in a duration suffix.
pub fn split(text: &str) -> Option<(&str, u64)> {
    UNITS.iter().find_map(|(suffix, ns)| {
        let digits = text.strip_suffix(suffix)?;
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_'))
            .then_some((digits, *ns))
    })
}

/// `"1s"` → 1_000_000_000; None for anything else, or on overflow.
pub fn nanoseconds(text: &str) -> Option<u64> {
    let (digits, unit) = split(text)?;
    let count: u64 = digits.replace('_', "").parse().ok()?;
    count.checked_mul(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_scale_to_nanoseconds() {
        assert_eq!(nanoseconds("1m"), Some(60_000_000_000));
        assert_eq!(nanoseconds("250ms"), Some(250_000_000));
        assert_eq!(nanoseconds("3us"), Some(3_000));
        assert_eq!(nanoseconds("7ns"), Some(7));
        assert_eq!(nanoseconds("2h"), Some(7_200_000_000_000));
        assert_eq!(nanoseconds("1d"), Some(86_400_000_000_000));
        assert_eq!(nanoseconds("1_000s"), Some(1_000_000_000_000));
    }

    #[test]
    fn non_durations_are_refused() {
        assert_eq!(nanoseconds("10"), None);
        assert_eq!(nanoseconds("ms"), None);
        assert_eq!(nanoseconds("1x"), None);
        assert_eq!(nanoseconds("99999999999999d"), None);
    }
}
