//! hist() and lhist() maps.

use super::*;

#[test]
fn hist_matches_bpftrace() {
    // bpftrace 0.27.1 -f json: `@h = hist(-5); @h = hist(0); @h = hist(1);
    // @h = hist(5); @h = hist(5000);`, verbatim.
    let line = scalar(
        "@h",
        Merged::Hist {
            sum: None,
            bits: 0,
            buckets: buckets(&[(0, 1), (1, 1), (2, 1), (4, 1), (14, 1)]),
        },
    );
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@h": [{"max": -1, "count": 1},{"min": 0, "max": 0, "count": 1},{"min": 1, "max": 1, "count": 1},{"min": 2, "max": 3, "count": 0},{"min": 4, "max": 7, "count": 1},{"min": 8, "max": 15, "count": 0},{"min": 16, "max": 31, "count": 0},{"min": 32, "max": 63, "count": 0},{"min": 64, "max": 127, "count": 0},{"min": 128, "max": 255, "count": 0},{"min": 256, "max": 511, "count": 0},{"min": 512, "max": 1023, "count": 0},{"min": 1024, "max": 2047, "count": 0},{"min": 2048, "max": 4095, "count": 0},{"min": 4096, "max": 8191, "count": 1}]}}"#
    );
    check(&line);
    // `@a = hist(536870912); @a = hist(2147483647);`
    let line = scalar(
        "@a",
        Merged::Hist {
            sum: None,
            bits: 0,
            buckets: buckets(&[(31, 1), (32, 1)]),
        },
    );
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@a": [{"min": 536870912, "max": 1073741823, "count": 1},{"min": 1073741824, "max": 2147483647, "count": 1}]}}"#
    );
    check(&line);
    // `@z = hist(0);`
    let line = scalar(
        "@z",
        Merged::Hist {
            sum: None,
            bits: 0,
            buckets: buckets(&[(1, 1)]),
        },
    );
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@z": [{"min": 0, "max": 0, "count": 1}]}}"#
    );
    check(&line);
}

#[test]
fn hist_top_buckets_are_exact() {
    // bpftrace 0.17 prints these wrongly (int shifts); Sonde prints the
    // exact bounds, which JSON numbers can hold.
    let line = scalar(
        "@t",
        Merged::Hist {
            sum: None,
            bits: 0,
            buckets: buckets(&[(64, 2), (65, 1)]),
        },
    );
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@t": [{"min": 4611686018427387904, "max": "9223372036854775807", "count": 2},{"min": 9223372036854775808, "max": "18446744073709551615", "count": 1}]}}"#
    );
    check(&line);
    // Zero counts are absent buckets; indexes past the last are ignored.
    let line = scalar(
        "@e",
        Merged::Hist {
            sum: None,
            bits: 0,
            buckets: buckets(&[(3, 0), (66, 4)]),
        },
    );
    assert_eq!(line, r#"{"type": "hist", "data": {"@e": []}}"#);
    check(&line);
}

#[test]
fn lhist_matches_bpftrace() {
    // bpftrace 0.27.1 -f json: `@l = lhist(-1, 0, 100, 10); @l = lhist(5, 0,
    // 100, 10); @l = lhist(35, 0, 100, 10); @l = lhist(150, 0, 100, 10);`,
    // verbatim.
    let lhist = |min, max, step, b: &[(u64, u64)]| Merged::Lhist {
        sum: None,
        min,
        max,
        step,
        buckets: buckets(b),
    };
    let line = scalar("@l", lhist(0, 100, 10, &[(0, 1), (1, 1), (4, 1), (11, 1)]));
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@l": [{"max": -1, "count": 1},{"min": 0, "max": 9, "count": 1},{"min": 10, "max": 19, "count": 0},{"min": 20, "max": 29, "count": 0},{"min": 30, "max": 39, "count": 1},{"min": 40, "max": 49, "count": 0},{"min": 50, "max": 59, "count": 0},{"min": 60, "max": 69, "count": 0},{"min": 70, "max": 79, "count": 0},{"min": 80, "max": 89, "count": 0},{"min": 90, "max": 99, "count": 0},{"min": 100, "count": 1}]}}"#
    );
    check(&line);
    // `@big = lhist(2000000, 10, 3000000, 1000000);`
    let line = scalar("@big", lhist(10, 3_000_000, 1_000_000, &[(2, 1)]));
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@big": [{"min": 1000010, "max": 2000009, "count": 1}]}}"#
    );
    check(&line);
    // Negative min (bpftrace rejects it; the bounds follow the same rule).
    let line = scalar("@n", lhist(-20, 20, 10, &[(0, 2), (2, 1), (5, 3)]));
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@n": [{"max": -21, "count": 2},{"min": -20, "max": -11, "count": 0},{"min": -10, "max": -1, "count": 1},{"min": 0, "max": 9, "count": 0},{"min": 10, "max": 19, "count": 0},{"min": 20, "count": 3}]}}"#
    );
    check(&line);
    // Degenerate parameters stay valid JSON.
    check(&scalar("@d", lhist(0, 0, 0, &[(0, 1), (1, 1), (9, 1)])));
    check(&scalar(
        "@d",
        lhist(i64::MIN, i64::MAX, 1, &[(0, 1), (1, 1)]),
    ));
}

#[test]
fn keyed_hist_matches_bpftrace() {
    // bpftrace 0.27.1 -f json, verbatim: `@kh[1] = hist(3); @kh[2] =
    // hist(100); @kh[2] = hist(100);`
    let line = map(
        "@kh",
        true,
        &[
            entry(
                vec![int(1)],
                Merged::Hist {
                    sum: None,
                    bits: 0,
                    buckets: buckets(&[(3, 1)]),
                },
            ),
            entry(
                vec![int(2)],
                Merged::Hist {
                    sum: None,
                    bits: 0,
                    buckets: buckets(&[(8, 2)]),
                },
            ),
        ],
    );
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@kh": {"1": [{"min": 2, "max": 3, "count": 1}], "2": [{"min": 64, "max": 127, "count": 2}]}}}"#
    );
    check(&line);
    // `@kl["a", 1] = lhist(5, 0, 100, 10);`
    let line = map(
        "@kl",
        true,
        &[entry(
            vec![s("a"), int(1)],
            Merged::Lhist {
                sum: None,
                min: 0,
                max: 100,
                step: 10,
                buckets: buckets(&[(1, 1)]),
            },
        )],
    );
    assert_eq!(
        line,
        r#"{"type": "hist", "data": {"@kl": {"a,1": [{"min": 0, "max": 9, "count": 1}]}}}"#
    );
    check(&line);
}
