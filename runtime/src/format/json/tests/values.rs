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
    // bpftrace 0.17 -f json, verbatim.
    let line = attached_probes(1);
    assert_eq!(
        line,
        r#"{"type": "attached_probes", "data": {"probes": 1}}"#
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
