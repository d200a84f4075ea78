//! Values, strings and messages.

use super::*;

#[test]
fn validator_accepts_json_and_rejects_the_rest() {
    for good in [
        "{}",
        "[]",
        " { \"a\" : [1, -2.5e+3, 0, true, false, null, \"x\\u00e9\\ud83d\\ude00\"] } ",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "-0",
        "{\"a\": {\"b\": []}}",
    ] {
        assert!(valid(good), "{good}");
    }
    for bad in [
        "",
        "{",
        "{\"a\": 1,}",
        "[1,]",
        "{'a': 1}",
        "{\"a\" 1}",
        "01",
        "1.",
        "-",
        "1e",
        "\"\t\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"abc",
        "{} {}",
        "{\"a\": 1}}",
        "nul",
    ] {
        assert!(!valid(bad), "{bad}");
    }
}

#[test]
fn attached_probes_matches_bpftrace() {
    // bpftrace 0.27 -f json, verbatim.
    let line = attached_probes(1);
    assert_eq!(
        line,
        r#"{"type": "attached_probes", "count": 1, "data": {"probes": 1}}"#
    );
    check(&line);
    check(&attached_probes(12345));
}

#[test]
fn printf_matches_bpftrace() {
    // bpftrace 0.17 -f json: printf("q\"b\\s\tt\nnl\x01\x1f\x7f end %s\n",
    // "ok"), verbatim (DEL stays a raw byte, which JSON allows).
    let line = message("printf", "q\"b\\s\tt\nnl\x01\x1f\x7f end ok\n");
    assert_eq!(
        line,
        "{\"type\": \"printf\", \"data\": \"q\\\"b\\\\s\\tt\\nnl\\u0001\\u001f\x7f end ok\\n\"}"
    );
    check(&line);
    // bpftrace 0.17: printf("\x08\x0c\r") gives "\u0008\u000c\r".
    let line = message("printf", "\x08\x0c\r");
    assert_eq!(line, r#"{"type": "printf", "data": "\u0008\u000c\r"}"#);
    check(&line);
}

#[test]
fn escape_round_trips_every_control_byte() {
    let all: String = (0u8..0x80).map(char::from).collect();
    let text = format!("{all}é€😀\u{fffd}");
    let lit = escape(&text);
    assert_eq!(parse(&lit), Some(Json::Str(text.clone())));
    assert_eq!(escape(""), "\"\"");
    assert_eq!(escape("\u{0}"), r#""\u0000""#);
    assert_eq!(escape("\u{1b}[0m"), r#""\u001b[0m""#);
    assert_eq!(escape("a/b"), r#""a/b""#);
    assert_eq!(escape("\u{7f}"), "\"\u{7f}\"");
}

#[test]
fn non_utf8_strings_stay_valid() {
    // bpftrace 0.17 prints "\uffffffff" for 0xff, which parses as U+FFFF
    // then "ffff"; Sonde decodes lossily.
    assert_eq!(
        parse(r#""\uffffffff""#),
        Some(Json::Str("\u{ffff}ffff".into()))
    );
    let line = scalar(
        "@s",
        Merged::Value(Value::Str(vec![b'a', 0xff, 0xc3, b'"'])),
    );
    assert_eq!(
        line,
        "{\"type\": \"map\", \"data\": {\"@s\": \"a\u{fffd}\u{fffd}\\\"\"}}"
    );
    check(&line);
    let line = map(
        "@k",
        true,
        &[entry(
            vec![Value::Str(vec![0x80, b'\n'])],
            Merged::Value(int(1)),
        )],
    );
    assert_eq!(
        line,
        "{\"type\": \"map\", \"data\": {\"@k\": {\"\u{fffd}\\n\": 1}}}"
    );
    check(&line);
}

#[test]
fn hostile_names_and_keys_stay_valid() {
    let nasty = "\"\\\u{0}\u{1f}\n\r\t}{][,:";
    let line = map(
        nasty,
        true,
        &[
            entry(vec![s(nasty), s(nasty)], Merged::Value(s(nasty))),
            entry(vec![], Merged::Value(int(1))),
        ],
    );
    check(&line);
    let Some(Json::Obj(top)) = parse(&line) else {
        panic!("{line}");
    };
    let Some((_, Json::Obj(data))) = top.get(1) else {
        panic!("{line}");
    };
    assert_eq!(data[0].0, nasty);
    let Json::Obj(inner) = &data[0].1 else {
        panic!("{line}");
    };
    assert_eq!(inner[0].0, format!("{nasty},{nasty}"));
    assert_eq!(inner[0].1, Json::Str(nasty.to_string()));
    assert_eq!(inner[1], (String::new(), Json::Num("1".into())));
}

#[test]
fn integers_a_double_cannot_hold_are_strings() {
    // bpftrace 0.27 writes such an integer as a string of its digits.
    assert_eq!(signed(9_007_199_254_740_992), "9007199254740992");
    assert_eq!(signed(9_007_199_254_740_993), "\"9007199254740993\"");
    assert_eq!(signed(-9_007_199_254_740_993), "\"-9007199254740993\"");
    assert_eq!(signed(i64::MIN), "-9223372036854775808");
    assert_eq!(signed(i64::MAX), "\"9223372036854775807\"");
    assert_eq!(unsigned(1 << 63), "9223372036854775808");
    assert_eq!(unsigned(u64::MAX), "\"18446744073709551615\"");
    for line in [
        print_value(&uint(u64::MAX)),
        print_value(&int(i64::MAX)),
        print_value(&Value::Tuple(vec![uint(u64::MAX), int(1)])),
    ] {
        check(&line);
    }
}

#[test]
fn buffers_are_arrays_of_signed_bytes() {
    // bpftrace 0.27: `print(buf("\xff\x80\x7f\x00z", 5))`, verbatim.
    let line = print_value(&Value::Buffer(vec![0xff, 0x80, 0x7f, 0, b'z']));
    assert_eq!(line, r#"{"type": "value", "data": [-1,-128,127,0,122]}"#);
    check(&line);
}

#[test]
fn lost_events_and_diagnostics_match_bpftrace() {
    let line = lost_events(7);
    assert_eq!(
        line,
        r#"{"type": "lost_events", "count": 7, "data": {"events": 7}}"#
    );
    check(&line);
    // bpftrace 0.27: `warnf("w %s", "a\"b")` at 1:9 of -e.
    let line = diagnostic("WARNING", "stdin:1:9-29", "w a\"b");
    assert_eq!(
        line,
        r#"{"type": "warnf", "msg": "w a\"b", "filename": "stdin", "line": 1, "col": 9}"#
    );
    check(&line);
    let line = diagnostic("ERROR", "dir:x/a.bt:12:30-51", "err");
    assert_eq!(
        line,
        r#"{"type": "errorf", "msg": "err", "filename": "dir:x/a.bt", "line": 12, "col": 30}"#
    );
    check(&line);
    check(&diagnostic("ERROR", "odd", "\u{1}"));
}
