//! Expected texts are bpftrace 0.27.1's output for the same values (its
//! time of day masked: it depends on the time zone).
use super::*;

/// Hours, minutes and seconds of each row as `HH:MM:SS`.
fn masked(text: &str) -> String {
    text.lines()
        .map(|l| match l.as_bytes().first() {
            Some(b'0'..=b'9') if l.as_bytes().get(2) == Some(&b':') => {
                format!("HH:MM:SS{}", &l[8..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn points(items: &[(u64, i128)]) -> Points {
    items.iter().copied().collect()
}

const SIGNED_10MS: Shape = Shape {
    interval_ns: 10_000_000,
    intervals: 10,
    signed: true,
};

#[test]
fn gaps_and_zero_line() {
    // 1_796_000_000.060 s, in 10 ms epochs.
    let e = 179_600_000_006;
    let p = points(&[(e, -19), (e + 3, 2), (e + 6, 23), (e + 9, 44)]);
    let w = window(SIGNED_10MS, newest([&p]).unwrap());
    let expected = "\
@:
             -19                                                44
hh:mm:ss.ms  |___________________________________________________|
HH:MM:SS.060 *              .                                    | -19
HH:MM:SS.070 |              .                                    | -
HH:MM:SS.080 |              .                                    | -
HH:MM:SS.090 |              . *                                  | 2
HH:MM:SS.100 |              .                                    | -
HH:MM:SS.110 |              .                                    | -
HH:MM:SS.120 |              .                  *                 | 23
HH:MM:SS.130 |              .                                    | -
HH:MM:SS.140 |              .                                    | -
HH:MM:SS.150 |              .                                    * 44
             v___________________________________________________v
             -19                                                44
";
    assert_eq!(
        masked(&text(SIGNED_10MS, "@:", &p, w)),
        masked(&format!(
            "{expected}
"
        ))
    );
}

#[test]
fn window_ends_at_the_maps_newest_interval() {
    let shape = Shape {
        interval_ns: 10_000_000,
        intervals: 20,
        signed: true,
    };
    let e = 179_600_000_012;
    let one = points(&[(e, 1)]);
    let two = points(&[(e + 3, 2), (e + 6, 2), (e + 9, 2)]);
    let w = window(shape, newest([&one, &two]).unwrap());
    let expected = "\
@k[1]:
             0                                                   2
hh:mm:ss.ms  |___________________________________________________|
HH:MM:SS.120 |                         *                         | 1
HH:MM:SS.130 |                                                   | -
HH:MM:SS.140 |                                                   | -
HH:MM:SS.150 |                                                   | -
HH:MM:SS.160 |                                                   | -
HH:MM:SS.170 |                                                   | -
HH:MM:SS.180 |                                                   | -
HH:MM:SS.190 |                                                   | -
HH:MM:SS.200 |                                                   | -
HH:MM:SS.210 |                                                   | -
             v___________________________________________________v
             0                                                   2
";
    assert_eq!(
        masked(&text(shape, "@k[1]:", &one, w)),
        masked(&format!(
            "{expected}
"
        ))
    );
    assert_eq!(
        json(shape, &two, w),
        format!(
            "[{}]",
            [150, 180, 210]
                .iter()
                .map(|ms| format!(
                    "{{\"interval_start\":\"{}.{ms}000000\",\"value\":2}}",
                    strftime_at("%Y-%m-%d %H:%M:%S", 1_796_000_000_000_000_000, 0)
                ))
                .collect::<Vec<_>>()
                .join(",")
        )
    );
}

#[test]
fn a_single_row_shows_nanoseconds_and_saturates_its_scale() {
    let shape = Shape {
        interval_ns: 250_000_000_000_000_000,
        intervals: 1,
        signed: false,
    };
    let p = points(&[(7, i128::from(u64::MAX))]);
    let w = window(shape, 7);
    let expected = "\
@u:
                   18446744073709551614             18446744073709551615
hh:mm:ss.ns        |___________________________________________________|
HH:MM:SS.000000000 |                                                   * 18446744073709551615
                   v___________________________________________________v
                   18446744073709551614             18446744073709551615
";
    assert_eq!(
        masked(&text(shape, "@u:", &p, w)),
        masked(&format!(
            "{expected}
"
        ))
    );
    let signed = Shape {
        signed: true,
        ..shape
    };
    let low = points(&[(7, i128::from(i64::MIN))]);
    let expected = "\
@i:
                   -9223372036854775808             -9223372036854775807
hh:mm:ss.ns        |___________________________________________________|
HH:MM:SS.000000000 *                                                   | -9223372036854775808
                   v___________________________________________________v
                   -9223372036854775808             -9223372036854775807
";
    assert_eq!(
        masked(&text(signed, "@i:", &low, w)),
        masked(&format!(
            "{expected}
"
        ))
    );
}

#[test]
fn precision_follows_the_interval() {
    let us = Shape {
        interval_ns: 1_000,
        intervals: 10,
        signed: true,
    };
    let p = points(&[(1_796_000_000_682_280, 11), (1_796_000_000_682_281, 14)]);
    let out = text(us, "@a:", &p, window(us, 1_796_000_000_682_281));
    let lines: Vec<&str> = out.lines().collect();
    // "μs" is two bytes: the heading is padded by bytes, as bpftrace's.
    assert_eq!(lines[2], format!("hh:mm:ss.μs    |{}|", "_".repeat(51)));
    assert!(lines[3].ends_with(".682280 *                                                   | 11"));
    let seconds = Shape {
        interval_ns: 1_500_000_000,
        ..us
    };
    let p = points(&[(1_000, 1), (1_001, 2)]);
    let out = text(seconds, "@s:", &p, window(seconds, 1_001));
    assert_eq!(
        out.lines().nth(1),
        Some(format!("{}1{:>52}", " ".repeat(9), 2).as_str())
    );
    assert_eq!(
        out.lines().nth(2),
        Some(format!("hh:mm:ss |{}|", "_".repeat(51)).as_str())
    );
}

#[test]
fn nothing_in_the_window() {
    // A zeroed map keeps its keys without values.
    assert_eq!(
        text(SIGNED_10MS, "@d[1, x]:", &Points::new(), None),
        "@d[1, x]:\n<no data>\n"
    );
    assert_eq!(json(SIGNED_10MS, &Points::new(), None), "[]");
    // Newest epoch 8 with 10 intervals would start before epoch 0.
    assert_eq!(window(SIGNED_10MS, 8), None);
    assert_eq!(window(SIGNED_10MS, 9), Some((0, 9)));
}

#[test]
fn a_key_whose_values_are_older_than_the_window_shows_an_empty_last_row() {
    // 50 ms intervals, 3 of them: key 1 wrote only before the window that
    // key 2's newest interval sets (bpftrace 0.27.1 prints `null` ends).
    let shape = Shape {
        interval_ns: 50_000_000,
        intervals: 3,
        signed: true,
    };
    let e = 35_920_000_012;
    let old = points(&[(e - 5, 1)]);
    let current = points(&[(e - 2, 2), (e - 1, 2), (e, 7)]);
    let w = window(shape, newest([&old, &current]).unwrap());
    let expected = "\
@k[1]:
                   null                                             null
hh:mm:ss.ns        |___________________________________________________|
HH:MM:SS.600000000 |                                                   | -
                   v___________________________________________________v
                   null                                             null

";
    assert_eq!(masked(&text(shape, "@k[1]:", &old, w)), masked(expected));
    assert_eq!(json(shape, &old, w), "[]");
}

#[test]
fn slots_merge_over_the_cpus_by_the_newest_epoch() {
    // [epoch, value, aux] per CPU; epoch 0 is a CPU that never wrote.
    let cpus = [[7, 5, 2], [7, 9, 1], [6, 100, 1], [0, 0, 0]];
    assert_eq!(merge_slot(TseriesAgg::Sum, true, &cpus), Some((7, 14)));
    assert_eq!(merge_slot(TseriesAgg::Max, true, &cpus), Some((7, 9)));
    assert_eq!(merge_slot(TseriesAgg::Min, true, &cpus), Some((7, 5)));
    // Avg: totals over counts, 14 / 3, truncated.
    assert_eq!(merge_slot(TseriesAgg::Avg, true, &cpus), Some((7, 4)));
    // Last: the value whose clock (aux) is latest, not the last CPU's.
    assert_eq!(merge_slot(TseriesAgg::Last, true, &cpus), Some((7, 5)));
    assert_eq!(merge_slot(TseriesAgg::Sum, true, &[[0, 0, 0]]), None);
    // Signedness decides what the words mean.
    let negative = [[3, (-4i64) as u64, 1], [3, 2, 1]];
    assert_eq!(merge_slot(TseriesAgg::Min, true, &negative), Some((3, -4)));
    assert_eq!(merge_slot(TseriesAgg::Min, false, &negative), Some((3, 2)));
    assert_eq!(merge_slot(TseriesAgg::Avg, true, &negative), Some((3, -1)));
}
