//! Maps of values, averages and stats.

use super::*;

#[test]
fn scalar_maps_match_bpftrace() {
    // bpftrace 0.17 -f json: `@x = 5; @neg = -7; @s = "hi\"there";
    // @c = count(); @sum = sum(-12); @mn = min(4);`, verbatim.
    let cases = [
        ("@x", int(5), r#"{"type": "map", "data": {"@x": 5}}"#),
        ("@neg", int(-7), r#"{"type": "map", "data": {"@neg": -7}}"#),
        (
            "@s",
            s("hi\"there"),
            r#"{"type": "map", "data": {"@s": "hi\"there"}}"#,
        ),
        ("@c", uint(1), r#"{"type": "map", "data": {"@c": 1}}"#),
        (
            "@sum",
            int(-12),
            r#"{"type": "map", "data": {"@sum": -12}}"#,
        ),
        ("@mn", int(4), r#"{"type": "map", "data": {"@mn": 4}}"#),
    ];
    for (name, v, expected) in cases {
        let line = scalar(name, Merged::Value(v));
        assert_eq!(line, expected);
        check(&line);
    }
    let line = scalar("@u", Merged::Value(uint(u64::MAX)));
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@u": "18446744073709551615"}}"#
    );
    check(&line);
    // bpftrace 0.27: `@big = 9007199254740993;` (2^53 + 1, past a double).
    let line = scalar("@big", Merged::Value(int(9_007_199_254_740_993)));
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@big": "9007199254740993"}}"#
    );
    check(&line);
    let line = scalar("@m", Merged::Value(int(i64::MIN)));
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@m": -9223372036854775808}}"#
    );
    check(&line);
}

#[test]
fn keyed_maps_match_bpftrace() {
    // bpftrace 0.17 -f json, verbatim: `@n["sync"] = 3; @n["abc"] = 10;`
    let line = map(
        "@n",
        true,
        &[
            entry(vec![s("sync")], Merged::Value(int(3))),
            entry(vec![s("abc")], Merged::Value(int(10))),
        ],
    );
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@n": {"sync": 3, "abc": 10}}}"#
    );
    check(&line);
    // `@m[1, "a"] = 4; @m[2, "b"] = 5;`
    let line = map(
        "@m",
        true,
        &[
            entry(vec![int(1), s("a")], Merged::Value(int(4))),
            entry(vec![int(2), s("b")], Merged::Value(int(5))),
        ],
    );
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@m": {"1,a": 4, "2,b": 5}}}"#
    );
    check(&line);
    // `@i[10] = count(); @i[20] = count(); @i[20] = count();`
    let line = map(
        "@i",
        true,
        &[
            entry(vec![int(10)], Merged::Value(uint(1))),
            entry(vec![int(20)], Merged::Value(uint(2))),
        ],
    );
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@i": {"10": 1, "20": 2}}}"#
    );
    check(&line);
    // `@sv[1] = "str\tval";`
    let line = map(
        "@sv",
        true,
        &[entry(vec![int(1)], Merged::Value(s("str\tval")))],
    );
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@sv": {"1": "str\tval"}}}"#
    );
    check(&line);
    // `@e["k\"q\\"] = 1;`
    let line = map(
        "@e",
        true,
        &[entry(vec![s("k\"q\\")], Merged::Value(int(1)))],
    );
    assert_eq!(line, r#"{"type": "map", "data": {"@e": {"k\"q\\": 1}}}"#);
    check(&line);
    // Negative and unsigned keys print as display() does.
    let line = map(
        "@k",
        true,
        &[entry(vec![int(-1), uint(u64::MAX)], Merged::Value(int(0)))],
    );
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@k": {"-1,18446744073709551615": 0}}}"#
    );
    check(&line);
}

#[test]
fn entries_keep_the_given_order() {
    let entries: Vec<MapEntry> = [3, 1, 2]
        .iter()
        .map(|k| entry(vec![int(*k)], Merged::Value(int(*k * 10))))
        .collect();
    assert_eq!(
        map("@o", true, &entries),
        r#"{"type": "map", "data": {"@o": {"3": 30, "1": 10, "2": 20}}}"#
    );
}

#[test]
fn empty_map_prints_nothing() {
    // bpftrace 0.17 skips empty maps in JSON mode.
    assert_eq!(map("@x", false, &[]), "");
    assert_eq!(map("@x", true, &[]), "");
}

#[test]
fn avg_matches_bpftrace() {
    // bpftrace 0.17 -f json: `@a = avg(-3); @a = avg(-1);`, verbatim.
    let line = scalar(
        "@a",
        Merged::Avg {
            total: -4,
            count: 2,
        },
    );
    assert_eq!(line, r#"{"type": "stats", "data": {"@a": -2}}"#);
    check(&line);
    // `@ka["x"] = avg(10); @ka["y"] = avg(4); @ka["y"] = avg(7);`
    let line = map(
        "@ka",
        true,
        &[
            entry(
                vec![s("y")],
                Merged::Avg {
                    total: 11,
                    count: 2,
                },
            ),
            entry(
                vec![s("x")],
                Merged::Avg {
                    total: 10,
                    count: 1,
                },
            ),
        ],
    );
    assert_eq!(
        line,
        r#"{"type": "stats", "data": {"@ka": {"y": 5, "x": 10}}}"#
    );
    check(&line);
}

#[test]
fn average_truncates_like_c() {
    assert_eq!(average(-3, 2), -1);
    assert_eq!(average(3, 2), 1);
    assert_eq!(average(7, 0), 0);
    assert_eq!(average(i64::MIN, 1), i64::MIN);
    assert_eq!(average(i64::MAX, u64::MAX), 0);
    assert_eq!(average(i64::MIN, u64::MAX), 0);
}

#[test]
fn stats_match_bpftrace() {
    // bpftrace 0.17 -f json: `@st = stats(10); @st = stats(3);`, verbatim.
    let line = scalar(
        "@st",
        Merged::Stats {
            total: 13,
            count: 2,
        },
    );
    assert_eq!(
        line,
        r#"{"type": "stats", "data": {"@st": {"count": 2, "average": 6, "total": 13}}}"#
    );
    check(&line);
    // `@kst[1] = stats(5); @kst[2] = stats(6); @kst[2] = stats(9);`
    let line = map(
        "@kst",
        true,
        &[
            entry(vec![int(1)], Merged::Stats { total: 5, count: 1 }),
            entry(
                vec![int(2)],
                Merged::Stats {
                    total: 15,
                    count: 2,
                },
            ),
        ],
    );
    assert_eq!(
        line,
        r#"{"type": "stats", "data": {"@kst": {"1": {"count": 1, "average": 5, "total": 5}, "2": {"count": 2, "average": 7, "total": 15}}}}"#
    );
    check(&line);
    let line = scalar(
        "@z",
        Merged::Stats {
            total: -5,
            count: 0,
        },
    );
    assert_eq!(
        line,
        r#"{"type": "stats", "data": {"@z": {"count": 0, "average": 0, "total": -5}}}"#
    );
    check(&line);
}

#[test]
fn keys_lose_their_spaces_and_outer_parentheses() {
    // bpftrace 0.27: `@k["a b", 1] = 1; @t[(1, "x y")] = 2;`, verbatim.
    let line = map(
        "@k",
        true,
        &[entry(vec![s("a b"), int(1)], Merged::Value(int(1)))],
    );
    assert_eq!(line, r#"{"type": "map", "data": {"@k": {"ab,1": 1}}}"#);
    let line = map(
        "@t",
        true,
        &[entry(
            vec![Value::Tuple(vec![int(1), s("x y")])],
            Merged::Value(int(2)),
        )],
    );
    assert_eq!(line, r#"{"type": "map", "data": {"@t": {"1,xy": 2}}}"#);
    check(&line);
}

#[test]
fn pointers_and_enums_are_numbers_except_in_keys() {
    // bpftrace 0.27.1 -f json: `@p[(uint8 *)4096, 2] = (uint8 *)1234;`
    // and `@j[BLUE] = (enum color)6; @t = (GREEN, 1);`, verbatim.
    let blue = || Value::Enum {
        bits: 6,
        signed: false,
        name: Some("BLUE".into()),
    };
    let line = map(
        "@p",
        true,
        &[entry(
            vec![Value::Pointer(4096), int(2)],
            Merged::Value(Value::Pointer(1234)),
        )],
    );
    assert_eq!(
        line,
        r#"{"type": "map", "data": {"@p": {"0x1000,2": 1234}}}"#
    );
    let line = map("@j", true, &[entry(vec![blue()], Merged::Value(blue()))]);
    assert_eq!(line, r#"{"type": "map", "data": {"@j": {"BLUE": 6}}}"#);
    let tuple = Value::Tuple(vec![blue(), int(1)]);
    let line = scalar("@t", Merged::Value(tuple));
    assert_eq!(line, r#"{"type": "map", "data": {"@t": [6,1]}}"#);
    check(&line);
    let big = Value::Pointer(u64::MAX);
    assert_eq!(
        scalar("@z", Merged::Value(big)),
        r#"{"type": "map", "data": {"@z": "18446744073709551615"}}"#
    );
}
