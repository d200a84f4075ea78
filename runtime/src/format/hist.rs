//! Histogram rows (hist and lhist), as bpftrace prints them.
//!
//! Bucket indexes follow `MapKind::Hist` / `MapKind::Lhist` in the compiler.
//! Bounds are computed in `i128` so that no script parameters can overflow;
//! the public `i64` views only narrow at the end.

use std::collections::BTreeMap;

/// Width of the `@` bar, as in bpftrace.
const BAR_WIDTH: u128 = 52;

/// The last log2 bucket: [2^63, 2^64).
const HIST_LAST: u64 = 65;

/// The rows of a log2 histogram; "" when every bucket is empty.
pub fn render_hist(buckets: &BTreeMap<u64, u64>) -> String {
    render(buckets, HIST_LAST, hist_label)
}

/// The rows of `hist(x, bits)`: each power of two split into 2^bits linear
/// buckets, values below 2^bits exact (see `MapKind::Hist`).
pub fn render_hist_bits(bits: u8, buckets: &BTreeMap<u64, u64>) -> String {
    if bits == 0 {
        return render_hist(buckets);
    }
    render(
        buckets,
        hist_bits_last(bits),
        |index| match hist_bits_bounds_wide(bits, index) {
            (None, _) => "(..., 0)".to_string(),
            // A bucket of one value is that value (bpftrace 0.27).
            (Some(lo), Some(hi)) if lo == hi => format!("[{}]", binary_label(lo)),
            (Some(lo), Some(hi)) => format!("[{}, {})", binary_label(lo), binary_label(hi + 1)),
            (Some(lo), None) => format!("[{}, ...)", binary_label(lo)),
        },
    )
}

/// The last bucket of `hist(x, bits)`: the top slice of [2^63, 2^64).
pub(crate) fn hist_bits_last(bits: u8) -> u64 {
    let n = 1u64 << bits.min(5);
    n + (63 - u64::from(bits.min(5))) * n + n
}

/// Exact bounds of a `hist(x, bits)` bucket.
pub(crate) fn hist_bits_bounds_wide(bits: u8, index: u64) -> (Option<i128>, Option<i128>) {
    if bits == 0 {
        return hist_bounds_wide(index);
    }
    let bits = u64::from(bits.min(5));
    let n = 1u64 << bits;
    match index {
        0 => (None, Some(-1)),
        i if i <= n => (Some(i128::from(i - 1)), Some(i128::from(i - 1))),
        i if i <= hist_bits_last(bits as u8) => {
            let j = i - 1 - n;
            let exponent = bits + j / n;
            let width = 1i128 << (exponent - bits);
            let low = (1i128 << exponent) + i128::from(j % n) * width;
            (Some(low), Some(low + width - 1))
        }
        _ => (None, None),
    }
}

/// The rows of a linear histogram; "" when every bucket is empty.
pub fn render_lhist(min: i64, max: i64, step: i64, buckets: &BTreeMap<u64, u64>) -> String {
    let n = lhist_buckets(min, max, step);
    render(buckets, n + 1, |index| {
        lhist_label(min, max, step, n, index)
    })
}

/// Inclusive bounds of a log2 bucket, `None` for an open end. The last bucket
/// starts at 2^63, past `i64`: its min saturates to `i64::MAX` and its max is
/// `None` (the JSON printer uses the exact [`hist_bounds_wide`]).
pub fn hist_bounds(index: u64) -> (Option<i64>, Option<i64>) {
    narrow(hist_bounds_wide(index))
}

/// Inclusive bounds of a linear bucket, `None` for an open end.
pub fn lhist_bounds(min: i64, max: i64, step: i64, index: u64) -> (Option<i64>, Option<i64>) {
    narrow(lhist_bounds_wide(min, max, step, index))
}

/// Exact bounds of a log2 bucket; (None, None) for an index past the last.
pub(crate) fn hist_bounds_wide(index: u64) -> (Option<i128>, Option<i128>) {
    match index {
        0 => (None, Some(-1)),
        1 => (Some(0), Some(0)),
        2 => (Some(1), Some(1)),
        3..=HIST_LAST => {
            let low = 1i128 << (index - 2);
            (Some(low), Some(2 * low - 1))
        }
        _ => (None, None),
    }
}

/// Exact bounds of a linear bucket, as bpftrace's JSON prints them: the
/// overflow bucket starts at `max` even when `max - min` is not a multiple of
/// `step`. (None, None) for an index past the overflow bucket.
pub(crate) fn lhist_bounds_wide(
    min: i64,
    max: i64,
    step: i64,
    index: u64,
) -> (Option<i128>, Option<i128>) {
    let n = lhist_buckets(min, max, step);
    let (min, step) = (i128::from(min), i128::from(step));
    if index == 0 {
        (None, Some(min - 1))
    } else if index <= n {
        let low = min + i128::from(index - 1) * step;
        (Some(low), Some(low + step - 1))
    } else if index == n + 1 {
        (Some(i128::from(max)), None)
    } else {
        (None, None)
    }
}

/// The number of inner buckets, n = (max - min) / step; 0 for parameters the
/// compiler would reject, so that printing never divides by zero.
pub(crate) fn lhist_buckets(min: i64, max: i64, step: i64) -> u64 {
    if step <= 0 || max <= min {
        return 0;
    }
    let n = (i128::from(max) - i128::from(min)) / i128::from(step);
    // Capped so that the overflow bucket, n + 1, still has an index.
    u64::try_from(n).unwrap_or(0).min(u64::MAX - 1)
}

/// The lowest and highest non-empty buckets no greater than `last`, with the
/// largest count. Indexes past `last` cannot come from the compiler and are
/// ignored rather than given invented labels.
pub(crate) fn extent(buckets: &BTreeMap<u64, u64>, last: u64) -> Option<(u64, u64, u64)> {
    let mut non_empty = buckets.range(..=last).filter(|(_, c)| **c > 0);
    let (&low, &first) = non_empty.next()?;
    let (high, top) = non_empty.fold((low, first), |(_, top), (&i, &c)| (i, top.max(c)));
    Some((low, high, top))
}

fn render(buckets: &BTreeMap<u64, u64>, last: u64, label: impl Fn(u64) -> String) -> String {
    let Some((low, high, top)) = extent(buckets, last) else {
        return String::new();
    };
    let mut out = String::new();
    for index in low..=high {
        let count = buckets.get(&index).copied().unwrap_or(0);
        // bpftrace scales in f32; integer scaling agrees with it for every
        // count <= top <= 30000 (checked exhaustively) and stays exact beyond.
        let width = u128::from(count) * BAR_WIDTH / u128::from(top);
        let bar = "@".repeat(usize::try_from(width).unwrap_or(0));
        out.push_str(&format!("{:<16}{count:>8} |{bar:<52}|\n", label(index)));
    }
    out
}

fn hist_label(index: u64) -> String {
    match index {
        0 => "(..., 0)".to_string(),
        1 => "[0]".to_string(),
        2 => "[1]".to_string(),
        _ => format!("[{}, {})", power_label(index - 2), power_label(index - 1)),
    }
}

/// 2^power with bpftrace's binary suffixes: 1K is 2^10, ..., 1E is 2^60.
fn power_label(power: u64) -> String {
    const SUFFIXES: [&str; 7] = ["", "K", "M", "G", "T", "P", "E"];
    let tier = (power / 10).min(6);
    let mantissa = 1u128 << (power - tier * 10);
    format!("{mantissa}{}", SUFFIXES[tier as usize])
}

fn lhist_label(min: i64, max: i64, step: i64, n: u64, index: u64) -> String {
    // bpftrace 0.27 writes K and M only when the step is a multiple of 1024.
    let label = |number: i128| {
        if step % 1024 == 0 {
            number_label(number)
        } else {
            number.to_string()
        }
    };
    if index == 0 {
        return format!("(..., {})", label(i128::from(min)));
    }
    if index == n + 1 {
        return format!("[{}, ...)", label(i128::from(max)));
    }
    let low = i128::from(min) + i128::from(index - 1) * i128::from(step);
    // A bucket of one value is that value, as bpftrace 0.27 prints it.
    if step == 1 {
        return format!("[{}]", label(low));
    }
    format!("[{}, {})", label(low), label(low + i128::from(step)))
}

/// bpftrace 0.17's lhist labels: only K and M suffixes (2^30 prints as
/// "1024M"), on exact multiples, negative numbers included.
fn number_label(number: i128) -> String {
    const KILO: i128 = 1024;
    const MEGA: i128 = 1024 * 1024;
    if number == 0 {
        "0".to_string()
    } else if number % MEGA == 0 {
        format!("{}M", number / MEGA)
    } else if number % KILO == 0 {
        format!("{}K", number / KILO)
    } else {
        number.to_string()
    }
}

/// A `hist(x, bits)` bound as bpftrace 0.27 writes it: with the largest of
/// the suffixes K to E (powers of 1024) that divides it exactly.
fn binary_label(number: i128) -> String {
    const SUFFIXES: [&str; 7] = ["", "K", "M", "G", "T", "P", "E"];
    if number == 0 {
        return "0".to_string();
    }
    let tier = (1..SUFFIXES.len())
        .rev()
        .find(|t| number % (1i128 << (10 * t)) == 0)
        .unwrap_or(0);
    format!("{}{}", number >> (10 * tier), SUFFIXES[tier])
}

/// i128 bounds to i64: a min past `i64::MAX` saturates (the bucket still
/// starts above every i64), a max past it becomes an open end.
fn narrow((low, high): (Option<i128>, Option<i128>)) -> (Option<i64>, Option<i64>) {
    let low = low.map(|v| i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX }));
    let high = high.and_then(|v| i64::try_from(v).ok());
    (low, high)
}

#[cfg(test)]
mod bits_tests {
    use super::*;

    #[test]
    fn subdivided_powers_of_two() {
        // hist(x, 2): 0..3 exact, then four buckets per power of two.
        assert_eq!(hist_bits_bounds_wide(2, 1), (Some(0), Some(0)));
        assert_eq!(hist_bits_bounds_wide(2, 4), (Some(3), Some(3)));
        assert_eq!(hist_bits_bounds_wide(2, 5), (Some(4), Some(4)));
        assert_eq!(hist_bits_bounds_wide(2, 9), (Some(8), Some(9)));
        assert_eq!(hist_bits_bounds_wide(2, 12), (Some(14), Some(15)));
        assert_eq!(hist_bits_bounds_wide(2, 13), (Some(16), Some(19)));
        let last = hist_bits_last(2);
        assert_eq!(hist_bits_bounds_wide(2, last).1, Some((1i128 << 64) - 1));
        assert_eq!(hist_bits_bounds_wide(2, last + 1), (None, None));
        // bits 0 is the plain log2 histogram.
        assert_eq!(hist_bits_last(0), HIST_LAST);
    }

    #[test]
    fn subdivided_rows() {
        let buckets = BTreeMap::from([(4u64, 1u64), (5, 2), (13, 1)]);
        let text = render_hist_bits(2, &buckets);
        let labels: Vec<&str> = text
            .lines()
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(
            labels,
            [
                "[3]", "[4]", "[5]", "[6]", "[7]", "[8,", "[10,", "[12,", "[14,", "[16,"
            ]
        );
        assert!(
            text.starts_with("[3]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@"),
            "{text}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(u64, u64)]) -> BTreeMap<u64, u64> {
        pairs.iter().copied().collect()
    }

    /// Index of the log2 bucket holding `v`, per `MapKind::Hist`.
    fn hist_index(v: i64) -> u64 {
        match v {
            ..0 => 0,
            0 => 1,
            _ => 2 + u64::from(v.ilog2()),
        }
    }

    fn lhist_index(v: i64, min: i64, max: i64, step: i64) -> u64 {
        let n = lhist_buckets(min, max, step);
        if v < min {
            0
        } else if v >= max {
            n + 1
        } else {
            (((v - min) / step) as u64 + 1).min(n + 1)
        }
    }

    fn hist_of(values: &[i64]) -> BTreeMap<u64, u64> {
        let mut m = BTreeMap::new();
        for v in values {
            *m.entry(hist_index(*v)).or_insert(0) += 1;
        }
        m
    }

    fn lhist_of(values: &[i64], min: i64, max: i64, step: i64) -> BTreeMap<u64, u64> {
        let mut m = BTreeMap::new();
        for v in values {
            *m.entry(lhist_index(*v, min, max, step)).or_insert(0) += 1;
        }
        m
    }

    /// Checks the invariant shape of every row: 16 + 8 + 2 + 52 + 1 columns
    /// (wider only when a label overflows 16, as in bpftrace).
    fn check_rows(text: &str) {
        for row in text.lines() {
            assert!(row.ends_with('|'), "{row:?}");
            let bar_start = row.find(" |").map(|i| i + 2);
            let bar = &row[bar_start.unwrap_or(0)..row.len() - 1];
            assert_eq!(bar.len(), 52, "{row:?}");
        }
    }

    #[test]
    fn empty_renders_nothing() {
        assert_eq!(render_hist(&BTreeMap::new()), "");
        assert_eq!(render_lhist(0, 100, 10, &BTreeMap::new()), "");
        // Zero counts are absent buckets.
        assert_eq!(render_hist(&map(&[(3, 0), (7, 0)])), "");
        assert_eq!(render_lhist(0, 100, 10, &map(&[(0, 0)])), "");
    }

    #[test]
    fn hist_matches_bpftrace() {
        // bpftrace 0.17: `@h = hist(0); @h = hist(1); @h = hist(5);
        // @h=hist(1024); @h=hist(1025); @h=hist(2000000);` — rows copied verbatim.
        let expected = "\
[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[2, 4)                 0 |                                                    |
[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[8, 16)                0 |                                                    |
[16, 32)               0 |                                                    |
[32, 64)               0 |                                                    |
[64, 128)              0 |                                                    |
[128, 256)             0 |                                                    |
[256, 512)             0 |                                                    |
[512, 1K)              0 |                                                    |
[1K, 2K)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[2K, 4K)               0 |                                                    |
[4K, 8K)               0 |                                                    |
[8K, 16K)              0 |                                                    |
[16K, 32K)             0 |                                                    |
[32K, 64K)             0 |                                                    |
[64K, 128K)            0 |                                                    |
[128K, 256K)           0 |                                                    |
[256K, 512K)           0 |                                                    |
[512K, 1M)             0 |                                                    |
[1M, 2M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
";
        let got = render_hist(&hist_of(&[0, 1, 5, 1024, 1025, 2_000_000]));
        assert_eq!(got, expected);
        check_rows(&got);
    }

    #[test]
    fn hist_negative_bucket_matches_bpftrace() {
        // bpftrace 0.17: `@n = hist(-5); @n = hist(3);`
        let expected = "\
(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[0]                    0 |                                                    |
[1]                    0 |                                                    |
[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        assert_eq!(render_hist(&hist_of(&[-5, 3])), expected);
    }

    #[test]
    fn hist_single_rows_match_bpftrace() {
        // bpftrace 0.17: `@z = hist(0);`, `@o = hist(1);`
        assert_eq!(
            render_hist(&hist_of(&[0])),
            "[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
        );
        assert_eq!(
            render_hist(&hist_of(&[1])),
            "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
        );
    }

    #[test]
    fn hist_giga_matches_bpftrace() {
        // bpftrace 0.17: `@a = hist(536870912); @a = hist(1073741824);
        // @a = hist(2147483647);`
        let expected = "\
[512M, 1G)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[1G, 2G)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        assert_eq!(
            render_hist(&hist_of(&[536_870_912, 1_073_741_824, 2_147_483_647])),
            expected
        );
    }

    #[test]
    fn hist_bar_scaling_matches_bpftrace() {
        // bpftrace 0.17: 3 x hist(0), hist(1), 2 x hist(2), 7 x hist(16),
        // 5 x hist(4096), 6 x hist(1048575), hist(1048576).
        let expected = "\
[0]                    3 |@@@@@@@@@@@@@@@@@@@@@@                              |
[1]                    1 |@@@@@@@                                             |
[2, 4)                 2 |@@@@@@@@@@@@@@                                      |
[4, 8)                 0 |                                                    |
[8, 16)                0 |                                                    |
[16, 32)               7 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[32, 64)               0 |                                                    |
[64, 128)              0 |                                                    |
[128, 256)             0 |                                                    |
[256, 512)             0 |                                                    |
[512, 1K)              0 |                                                    |
[1K, 2K)               0 |                                                    |
[2K, 4K)               0 |                                                    |
[4K, 8K)               5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@               |
[8K, 16K)              0 |                                                    |
[16K, 32K)             0 |                                                    |
[32K, 64K)             0 |                                                    |
[64K, 128K)            0 |                                                    |
[128K, 256K)           0 |                                                    |
[256K, 512K)           0 |                                                    |
[512K, 1M)             6 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@        |
[1M, 2M)               1 |@@@@@@@                                             |
";
        let mut values = vec![0, 0, 0, 1, 2, 2, 1_048_576];
        values.extend([16; 7]);
        values.extend([4096; 5]);
        values.extend([1_048_575; 6]);
        assert_eq!(render_hist(&hist_of(&values)), expected);
    }

    #[test]
    fn bar_of_huge_counts_does_not_overflow() {
        let got = render_hist(&map(&[(1, u64::MAX), (2, u64::MAX / 2)]));
        let rows: Vec<&str> = got.lines().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].matches('@').count(), 52);
        assert_eq!(rows[1].matches('@').count(), 25);
        assert!(rows[0].starts_with("[0]             18446744073709551615 |"));
    }

    #[test]
    fn hist_labels_at_suffix_boundaries() {
        // bpftrace 0.17 mislabels every bucket from 2^31 on (it shifts an
        // int), so these follow the suffix rule of the buckets it gets right.
        let cases = [
            (11, "[512, 1K)"),
            (12, "[1K, 2K)"),
            (21, "[512K, 1M)"),
            (22, "[1M, 2M)"),
            (31, "[512M, 1G)"),
            (32, "[1G, 2G)"),
            (33, "[2G, 4G)"),
            (41, "[512G, 1T)"),
            (42, "[1T, 2T)"),
            (51, "[512T, 1P)"),
            (52, "[1P, 2P)"),
            (61, "[512P, 1E)"),
            (62, "[1E, 2E)"),
            (63, "[2E, 4E)"),
            (64, "[4E, 8E)"),
            (65, "[8E, 16E)"),
        ];
        for (index, label) in cases {
            assert_eq!(hist_label(index), label, "index {index}");
        }
    }

    #[test]
    fn hist_largest_buckets() {
        let got = render_hist(&map(&[(64, 1), (65, 2)]));
        let expected = "\
[4E, 8E)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[8E, 16E)              2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        assert_eq!(got, expected);
        // i64::MAX is in bucket 64, the highest a signed value reaches.
        assert_eq!(hist_index(i64::MAX), 64);
        // Indexes past the last bucket are ignored.
        assert_eq!(render_hist(&map(&[(66, 5)])), "");
        assert_eq!(render_hist(&map(&[(65, 1), (70, 9)])).lines().count(), 1);
    }

    #[test]
    fn hist_bounds_every_bucket() {
        assert_eq!(hist_bounds(0), (None, Some(-1)));
        assert_eq!(hist_bounds(1), (Some(0), Some(0)));
        assert_eq!(hist_bounds(2), (Some(1), Some(1)));
        assert_eq!(hist_bounds(3), (Some(2), Some(3)));
        assert_eq!(hist_bounds(4), (Some(4), Some(7)));
        assert_eq!(hist_bounds(12), (Some(1024), Some(2047)));
        assert_eq!(hist_bounds(33), (Some(1 << 31), Some((1 << 32) - 1)));
        assert_eq!(hist_bounds(64), (Some(1 << 62), Some(i64::MAX)));
        assert_eq!(hist_bounds(65), (Some(i64::MAX), None));
        assert_eq!(hist_bounds(66), (None, None));
        assert_eq!(hist_bounds_wide(65), (Some(1 << 63), Some((1 << 64) - 1)));
        // Every value lands in the bucket whose bounds hold it.
        for v in [-5, 0, 1, 2, 3, 4, 1023, 1024, 2_000_000, 1 << 40, i64::MAX] {
            let (low, high) = hist_bounds(hist_index(v));
            assert!(low.is_none_or(|l| l <= v), "{v}");
            assert!(high.is_none_or(|h| v <= h), "{v}");
        }
        // Consecutive buckets tile the line.
        for index in 1..65 {
            let (_, high) = hist_bounds_wide(index);
            let (low, _) = hist_bounds_wide(index + 1);
            assert_eq!(high.map(|h| h + 1), low, "{index}");
        }
    }

    #[test]
    fn lhist_matches_bpftrace() {
        // bpftrace 0.17: `@l = lhist(5, 0, 100, 10); @l = lhist(150, 0, 100,
        // 10); @l = lhist(-1, 0, 100, 10);`
        let expected = "\
(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[0, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[10, 20)               0 |                                                    |
[20, 30)               0 |                                                    |
[30, 40)               0 |                                                    |
[40, 50)               0 |                                                    |
[50, 60)               0 |                                                    |
[60, 70)               0 |                                                    |
[70, 80)               0 |                                                    |
[80, 90)               0 |                                                    |
[90, 100)              0 |                                                    |
[100, ...)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        let got = render_lhist(0, 100, 10, &lhist_of(&[5, 150, -1], 0, 100, 10));
        assert_eq!(got, expected);
        check_rows(&got);
    }

    #[test]
    fn lhist_kilo_matches_bpftrace() {
        // bpftrace 0.17: `@k = lhist(5000, 0, 10000, 1024);
        // @k = lhist(9000, 0, 10000, 1024);`
        let expected = "\
[4K, 5K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[5K, 6K)               0 |                                                    |
[6K, 7K)               0 |                                                    |
[7K, 8K)               0 |                                                    |
[8K, 9K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        let b = lhist_of(&[5000, 9000], 0, 10000, 1024);
        assert_eq!(render_lhist(0, 10000, 1024, &b), expected);
        // bpftrace 0.17: 9216 and 9999 are past the last whole step: they
        // count in the overflow bucket, labelled with max.
        let b = lhist_of(&[9999, 10000, 9216], 0, 10000, 1024);
        assert_eq!(
            render_lhist(0, 10000, 1024, &b),
            "[10000, ...)           3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
        );
    }

    #[test]
    fn lhist_mega_matches_bpftrace() {
        // bpftrace 0.17: `@mm = lhist(1048576, 0, 3145728, 1048576);
        // @mm = lhist(3145728, ...); @mm = lhist(-1, ...);`
        let expected = "\
(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[0, 1M)                0 |                                                    |
[1M, 2M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[2M, 3M)               0 |                                                    |
[3M, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        let (min, max, step) = (0, 3_145_728, 1_048_576);
        let b = lhist_of(&[1_048_576, 3_145_728, -1], min, max, step);
        assert_eq!(render_lhist(min, max, step, &b), expected);
    }

    #[test]
    fn lhist_suffix_only_on_steps_of_1024_matches_bpftrace() {
        // bpftrace 0.27.1: `@kstep = lhist(1500, 0, 4096, 512);
        // @kstep = lhist(2100, 0, 4096, 512);`
        let expected = "\
[1024, 1536)           1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[1536, 2048)           0 |                                                    |
[2048, 2560)           1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        let b = lhist_of(&[1500, 2100], 0, 4096, 512);
        assert_eq!(render_lhist(0, 4096, 512, &b), expected);
    }

    #[test]
    fn lhist_wide_labels_match_bpftrace() {
        // bpftrace 0.27.1: labels past 16 columns push the count right; no
        // K or M unless the step is a multiple of 1024; a bucket of width 1
        // is its value.
        // `@g = lhist(1073741824, 1073741824, 1073741834, 1);
        //  @g = lhist(1073741823, 1073741824, 1073741834, 1);`
        let expected = "\
(..., 1073741824)       1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[1073741824]           1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        let (min, max, step) = (1_073_741_824, 1_073_741_834, 1);
        let b = lhist_of(&[1_073_741_824, 1_073_741_823], min, max, step);
        let got = render_lhist(min, max, step, &b);
        assert_eq!(got, expected);
        check_rows(&got);
        // `@big = lhist(2000000, 0, 3000000, 1000000);
        //  @big = lhist(1048576, 0, 3000000, 1000000);`
        let expected = "\
[1000000, 2000000)       1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[2000000, 3000000)       1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        let b = lhist_of(&[2_000_000, 1_048_576], 0, 3_000_000, 1_000_000);
        assert_eq!(render_lhist(0, 3_000_000, 1_000_000, &b), expected);
        // `@g2 = lhist(5, 0, 2147483647, 1073741824);
        //  @g2 = lhist(2147483646, 0, 2147483647, 1073741824);`
        let expected = "\
[0, 1024M)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[2147483647, ...)       1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
";
        let (min, max, step) = (0, 2_147_483_647, 1_073_741_824);
        let b = lhist_of(&[5, 2_147_483_646], min, max, step);
        assert_eq!(render_lhist(min, max, step, &b), expected);
    }

    #[test]
    fn lhist_bar_scaling_matches_bpftrace() {
        // bpftrace 0.17: 12 x lhist(10, 10, 20, 2), 13 x lhist(15, ...),
        // 3 x lhist(19, ...), lhist(20, ...).
        let expected = "\
[10, 12)              12 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@    |
[12, 14)               0 |                                                    |
[14, 16)              13 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[16, 18)               0 |                                                    |
[18, 20)               3 |@@@@@@@@@@@@                                        |
[20, ...)              1 |@@@@                                                |
";
        let mut values = vec![20];
        values.extend([10; 12]);
        values.extend([15; 13]);
        values.extend([19; 3]);
        assert_eq!(
            render_lhist(10, 20, 2, &lhist_of(&values, 10, 20, 2)),
            expected
        );
    }

    #[test]
    fn lhist_negative_min() {
        // bpftrace 0.17 rejects a negative min; labels follow its rule
        // (C's `%` keeps -1024 an exact multiple, as Rust's does).
        let (min, max, step) = (-2048, 2048, 1024);
        let b = lhist_of(&[-3000, -2048, -1025, 0, 2047, 5000], min, max, step);
        let expected = "\
(..., -2K)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[-2K, -1K)             2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[-1K, 0)               0 |                                                    |
[0, 1K)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[2K, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
";
        assert_eq!(render_lhist(min, max, step, &b), expected);
        let b = lhist_of(&[-150, -100, -1, 99, 100], -100, 100, 25);
        let got = render_lhist(-100, 100, 25, &b);
        let labels: Vec<&str> = got.lines().map(|r| r[..16].trim_end()).collect();
        assert_eq!(
            labels,
            [
                "(..., -100)",
                "[-100, -75)",
                "[-75, -50)",
                "[-50, -25)",
                "[-25, 0)",
                "[0, 25)",
                "[25, 50)",
                "[50, 75)",
                "[75, 100)",
                "[100, ...)"
            ]
        );
        assert_eq!(lhist_bounds(-100, 100, 25, 0), (None, Some(-101)));
        assert_eq!(lhist_bounds(-100, 100, 25, 1), (Some(-100), Some(-76)));
        assert_eq!(lhist_bounds(-100, 100, 25, 4), (Some(-25), Some(-1)));
        assert_eq!(lhist_bounds(-100, 100, 25, 9), (Some(100), None));
    }

    #[test]
    fn lhist_bounds_every_kind_of_bucket() {
        // bpftrace 0.17's JSON for lhist(x, 0, 100, 10): {"max": -1},
        // {"min": 0, "max": 9}, ..., {"min": 100}.
        assert_eq!(lhist_bounds(0, 100, 10, 0), (None, Some(-1)));
        assert_eq!(lhist_bounds(0, 100, 10, 1), (Some(0), Some(9)));
        assert_eq!(lhist_bounds(0, 100, 10, 10), (Some(90), Some(99)));
        assert_eq!(lhist_bounds(0, 100, 10, 11), (Some(100), None));
        assert_eq!(lhist_bounds(0, 100, 10, 12), (None, None));
        // bpftrace 0.17's JSON for lhist(2000000, 10, 3000000, 1000000):
        // {"min": 1000010, "max": 2000009}.
        assert_eq!(
            lhist_bounds(10, 3_000_000, 1_000_000, 2),
            (Some(1_000_010), Some(2_000_009))
        );
        // Extreme parameters neither overflow nor panic.
        assert_eq!(lhist_bounds(i64::MIN, i64::MAX, 1, 0), (None, None));
        assert_eq!(
            lhist_bounds(i64::MIN, i64::MAX, i64::MAX, 1),
            (Some(i64::MIN), Some(-2))
        );
        assert_eq!(lhist_bounds(0, 10, 0, 1), (Some(10), None));
        assert_eq!(lhist_bounds(10, 0, 5, 2), (None, None));
        assert_eq!(lhist_buckets(i64::MIN, i64::MAX, 1), u64::MAX - 1);
    }

    #[test]
    fn lhist_degenerate_parameters_do_not_panic() {
        let b = map(&[(0, 1), (1, 2), (2, 3)]);
        // step 0: only the under and over buckets exist.
        let got = render_lhist(0, 10, 0, &b);
        assert_eq!(got.lines().count(), 2);
        assert!(got.starts_with("(..., 0) "));
        assert!(
            got.lines()
                .nth(1)
                .is_some_and(|r| r.starts_with("[10, ...)"))
        );
        let got = render_lhist(10, 0, 5, &b);
        assert_eq!(got.lines().count(), 2);
        let got = render_lhist(i64::MIN, i64::MAX, i64::MAX, &map(&[(2, 1)]));
        assert!(got.starts_with("[-1, 9223372036854775806)"), "{got}");
    }
}
