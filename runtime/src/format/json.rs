//! `-f json`: bpftrace's NDJSON output, one object a line.
//!
//! Shapes and spacing are bpftrace 0.17's, byte for byte, except for non-ASCII
//! bytes: bpftrace escapes 0xff as `\uffffffff` (U+FFFF then "ffff" to a
//! parser), Sonde decodes them lossily as UTF-8. Each function returns one line
//! without its newline.

use super::hist::{
    extent, hist_bits_bounds_wide, hist_bits_last, lhist_bounds_wide, lhist_buckets,
};
use super::{MapEntry, Merged, Value, average};
use std::collections::BTreeMap;

pub fn attached_probes(n: usize) -> String {
    format!("{{\"type\": \"attached_probes\", \"data\": {{\"probes\": {n}}}}}")
}

/// A printf/time/join record: `{"type": KIND, "data": TEXT}`.
pub fn message(kind: &str, text: &str) -> String {
    format!("{{\"type\": \"{kind}\", \"data\": {}}}", escape(text))
}

/// One map as one line: `{"type": T, "data": {"@name": DATA}}`, DATA being the
/// value or, when `keyed`, an object from the joined keys to the values. The
/// type comes from the first entry (every entry of a map has the same kind).
/// An empty map gives "" (bpftrace prints nothing for it): callers skip it
/// rather than print an empty line.
pub fn map(name: &str, keyed: bool, entries: &[MapEntry]) -> String {
    let Some(first) = entries.first() else {
        return String::new();
    };
    let kind = match first.value {
        Merged::Value(_) => "map",
        Merged::Avg { .. } | Merged::Stats { .. } => "stats",
        Merged::Hist { .. } | Merged::Lhist { .. } => "hist",
    };
    let data = if keyed {
        let pairs: Vec<String> = entries
            .iter()
            .map(|e| format!("{}: {}", escape(&key(&e.keys)), value(&e.value)))
            .collect();
        format!("{{{}}}", pairs.join(", "))
    } else {
        value(&first.value)
    };
    format!(
        "{{\"type\": \"{kind}\", \"data\": {{{}: {data}}}}}",
        escape(name)
    )
}

/// A JSON string literal, quotes included. The escapes are bpftrace's
/// (`\u0008` rather than `\b`), which are also what any JSON parser accepts.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// bpftrace joins multiple keys with "," (no space) into one JSON key.
fn key(keys: &[Value]) -> String {
    keys.iter()
        .map(Value::display)
        .collect::<Vec<_>>()
        .join(",")
}

fn value(merged: &Merged) -> String {
    match merged {
        Merged::Value(v) => json_value(v),
        Merged::Avg { total, count } => average(*total, *count).to_string(),
        Merged::Stats { total, count } => format!(
            "{{\"count\": {count}, \"average\": {}, \"total\": {total}}}",
            average(*total, *count)
        ),
        Merged::Hist { bits, buckets } => rows(buckets, hist_bits_last(*bits), |i| {
            hist_bits_bounds_wide(*bits, i)
        }),
        Merged::Lhist {
            min,
            max,
            step,
            buckets,
        } => {
            let last = lhist_buckets(*min, *max, *step) + 1;
            rows(buckets, last, |i| lhist_bounds_wide(*min, *max, *step, i))
        }
    }
}

/// `print(value)`: `{"type": "value", "data": VALUE}`.
pub fn print_value(v: &Value) -> String {
    format!("{{\"type\": \"value\", \"data\": {}}}", json_value(v))
}

/// A number, a string, or (a tuple) an array of them.
fn json_value(v: &Value) -> String {
    match v {
        Value::Int { .. } | Value::Bool(_) => v.display(),
        // Values user space formats are strings of their text (bpftrace
        // 0.17 writes a strftime() value unquoted).
        Value::Str(_)
        | Value::Symbolic(_)
        | Value::Timestamp { .. }
        | Value::Inet { .. }
        | Value::MacAddr(_)
        | Value::Buffer(_) => escape(&v.display()),
        Value::Tuple(elements) | Value::Array(elements) => {
            let parts: Vec<String> = elements.iter().map(json_value).collect();
            format!("[{}]", parts.join(","))
        }
        Value::Record(members) => {
            let parts: Vec<String> = members
                .iter()
                .map(|(name, v)| format!("{}: {}", escape(name), json_value(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// `[{"min": a, "max": b, "count": c}, ...]` from the lowest to the highest
/// non-empty bucket, an open end omitted; exact bounds, so the top log2
/// bucket prints 2^63 and 2^64 - 1 even though they are past i64.
fn rows(
    buckets: &BTreeMap<u64, u64>,
    last: u64,
    bounds: impl Fn(u64) -> (Option<i128>, Option<i128>),
) -> String {
    let Some((low, high, _)) = extent(buckets, last) else {
        return "[]".to_string();
    };
    let rows: Vec<String> = (low..=high)
        .map(|index| {
            let (min, max) = bounds(index);
            let mut row = String::from("{");
            if let Some(min) = min {
                row.push_str(&format!("\"min\": {min}, "));
            }
            if let Some(max) = max {
                row.push_str(&format!("\"max\": {max}, "));
            }
            let count = buckets.get(&index).copied().unwrap_or(0);
            row.push_str(&format!("\"count\": {count}}}"));
            row
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parsed JSON value, enough to check structure and round trips.
    #[derive(Debug, PartialEq)]
    enum Json {
        Null,
        Bool(bool),
        Num(String),
        Str(String),
        Arr(Vec<Json>),
        Obj(Vec<(String, Json)>),
    }

    /// A strict recursive-descent JSON parser (RFC 8259): the whole input must
    /// be one value; raw control characters in strings are rejected.
    struct Parser<'a> {
        s: &'a [u8],
        at: usize,
    }

    impl Parser<'_> {
        fn peek(&self) -> Option<u8> {
            self.s.get(self.at).copied()
        }

        fn ws(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.at += 1;
            }
        }

        fn eat(&mut self, lit: &str) -> Option<()> {
            let end = self.at + lit.len();
            (self.s.get(self.at..end)? == lit.as_bytes()).then(|| self.at = end)
        }

        fn value(&mut self) -> Option<Json> {
            self.ws();
            let v = match self.peek()? {
                b'{' => self.object()?,
                b'[' => self.array()?,
                b'"' => Json::Str(self.string()?),
                b't' => self.eat("true").map(|_| Json::Bool(true))?,
                b'f' => self.eat("false").map(|_| Json::Bool(false))?,
                b'n' => self.eat("null").map(|_| Json::Null)?,
                _ => self.number()?,
            };
            self.ws();
            Some(v)
        }

        fn object(&mut self) -> Option<Json> {
            self.eat("{")?;
            self.ws();
            let mut members = Vec::new();
            if self.eat("}").is_some() {
                return Some(Json::Obj(members));
            }
            loop {
                self.ws();
                let k = self.string()?;
                self.ws();
                self.eat(":")?;
                members.push((k, self.value()?));
                if self.eat("}").is_some() {
                    return Some(Json::Obj(members));
                }
                self.eat(",")?;
            }
        }

        fn array(&mut self) -> Option<Json> {
            self.eat("[")?;
            self.ws();
            let mut items = Vec::new();
            if self.eat("]").is_some() {
                return Some(Json::Arr(items));
            }
            loop {
                items.push(self.value()?);
                if self.eat("]").is_some() {
                    return Some(Json::Arr(items));
                }
                self.eat(",")?;
            }
        }

        fn digits(&mut self) -> usize {
            let start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.at += 1;
            }
            self.at - start
        }

        fn number(&mut self) -> Option<Json> {
            let start = self.at;
            let _ = self.eat("-");
            match self.peek()? {
                b'0' => self.at += 1,
                b'1'..=b'9' => {
                    self.digits();
                }
                _ => return None,
            }
            if self.eat(".").is_some() && self.digits() == 0 {
                return None;
            }
            if matches!(self.peek(), Some(b'e' | b'E')) {
                self.at += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.at += 1;
                }
                if self.digits() == 0 {
                    return None;
                }
            }
            let text = std::str::from_utf8(&self.s[start..self.at]).ok()?;
            Some(Json::Num(text.to_string()))
        }

        fn hex4(&mut self) -> Option<u32> {
            let text = std::str::from_utf8(self.s.get(self.at..self.at + 4)?).ok()?;
            self.at += 4;
            u32::from_str_radix(text, 16).ok()
        }

        fn string(&mut self) -> Option<String> {
            self.eat("\"")?;
            let mut out = Vec::new();
            loop {
                let c = self.peek()?;
                self.at += 1;
                match c {
                    b'"' => return String::from_utf8(out).ok(),
                    0..0x20 => return None,
                    b'\\' => {
                        let e = self.peek()?;
                        self.at += 1;
                        let ch = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let hi = self.hex4()?;
                                let code = if (0xd800..0xdc00).contains(&hi) {
                                    self.eat("\\u")?;
                                    let lo = self.hex4()?;
                                    if !(0xdc00..0xe000).contains(&lo) {
                                        return None;
                                    }
                                    0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                                } else {
                                    hi
                                };
                                char::from_u32(code)?
                            }
                            _ => return None,
                        };
                        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    _ => out.push(c),
                }
            }
        }
    }

    fn parse(s: &str) -> Option<Json> {
        let mut p = Parser {
            s: s.as_bytes(),
            at: 0,
        };
        let v = p.value()?;
        (p.at == s.len()).then_some(v)
    }

    fn valid(s: &str) -> bool {
        parse(s).is_some()
    }

    /// Every produced line must be one JSON object, without a newline.
    fn check(line: &str) {
        assert!(!line.contains('\n'), "{line:?}");
        assert!(
            matches!(parse(line), Some(Json::Obj(_))),
            "not a JSON object: {line:?}"
        );
    }

    fn int(v: i64) -> Value {
        Value::Int {
            bits: v as u64,
            signed: true,
        }
    }

    fn uint(v: u64) -> Value {
        Value::Int {
            bits: v,
            signed: false,
        }
    }

    fn s(v: &str) -> Value {
        Value::Str(v.as_bytes().to_vec())
    }

    fn entry(keys: Vec<Value>, value: Merged) -> MapEntry {
        MapEntry { keys, value }
    }

    fn scalar(name: &str, value: Merged) -> String {
        map(name, false, &[entry(vec![], value)])
    }

    fn buckets(pairs: &[(u64, u64)]) -> BTreeMap<u64, u64> {
        pairs.iter().copied().collect()
    }

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
            r#"{"type": "map", "data": {"@u": 18446744073709551615}}"#
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
    fn hist_matches_bpftrace() {
        // bpftrace 0.17 -f json: `@h = hist(-5); @h = hist(0); @h = hist(1);
        // @h = hist(5); @h = hist(5000);`, verbatim.
        let line = scalar(
            "@h",
            Merged::Hist {
                bits: 0,
                buckets: buckets(&[(0, 1), (1, 1), (2, 1), (4, 1), (14, 1)]),
            },
        );
        assert_eq!(
            line,
            r#"{"type": "hist", "data": {"@h": [{"max": -1, "count": 1}, {"min": 0, "max": 0, "count": 1}, {"min": 1, "max": 1, "count": 1}, {"min": 2, "max": 3, "count": 0}, {"min": 4, "max": 7, "count": 1}, {"min": 8, "max": 15, "count": 0}, {"min": 16, "max": 31, "count": 0}, {"min": 32, "max": 63, "count": 0}, {"min": 64, "max": 127, "count": 0}, {"min": 128, "max": 255, "count": 0}, {"min": 256, "max": 511, "count": 0}, {"min": 512, "max": 1023, "count": 0}, {"min": 1024, "max": 2047, "count": 0}, {"min": 2048, "max": 4095, "count": 0}, {"min": 4096, "max": 8191, "count": 1}]}}"#
        );
        check(&line);
        // `@a = hist(536870912); @a = hist(2147483647);`
        let line = scalar(
            "@a",
            Merged::Hist {
                bits: 0,
                buckets: buckets(&[(31, 1), (32, 1)]),
            },
        );
        assert_eq!(
            line,
            r#"{"type": "hist", "data": {"@a": [{"min": 536870912, "max": 1073741823, "count": 1}, {"min": 1073741824, "max": 2147483647, "count": 1}]}}"#
        );
        check(&line);
        // `@z = hist(0);`
        let line = scalar(
            "@z",
            Merged::Hist {
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
                bits: 0,
                buckets: buckets(&[(64, 2), (65, 1)]),
            },
        );
        assert_eq!(
            line,
            r#"{"type": "hist", "data": {"@t": [{"min": 4611686018427387904, "max": 9223372036854775807, "count": 2}, {"min": 9223372036854775808, "max": 18446744073709551615, "count": 1}]}}"#
        );
        check(&line);
        // Zero counts are absent buckets; indexes past the last are ignored.
        let line = scalar(
            "@e",
            Merged::Hist {
                bits: 0,
                buckets: buckets(&[(3, 0), (66, 4)]),
            },
        );
        assert_eq!(line, r#"{"type": "hist", "data": {"@e": []}}"#);
        check(&line);
    }

    #[test]
    fn lhist_matches_bpftrace() {
        // bpftrace 0.17 -f json: `@l = lhist(-1, 0, 100, 10); @l = lhist(5, 0,
        // 100, 10); @l = lhist(35, 0, 100, 10); @l = lhist(150, 0, 100, 10);`,
        // verbatim.
        let lhist = |min, max, step, b: &[(u64, u64)]| Merged::Lhist {
            min,
            max,
            step,
            buckets: buckets(b),
        };
        let line = scalar("@l", lhist(0, 100, 10, &[(0, 1), (1, 1), (4, 1), (11, 1)]));
        assert_eq!(
            line,
            r#"{"type": "hist", "data": {"@l": [{"max": -1, "count": 1}, {"min": 0, "max": 9, "count": 1}, {"min": 10, "max": 19, "count": 0}, {"min": 20, "max": 29, "count": 0}, {"min": 30, "max": 39, "count": 1}, {"min": 40, "max": 49, "count": 0}, {"min": 50, "max": 59, "count": 0}, {"min": 60, "max": 69, "count": 0}, {"min": 70, "max": 79, "count": 0}, {"min": 80, "max": 89, "count": 0}, {"min": 90, "max": 99, "count": 0}, {"min": 100, "count": 1}]}}"#
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
            r#"{"type": "hist", "data": {"@n": [{"max": -21, "count": 2}, {"min": -20, "max": -11, "count": 0}, {"min": -10, "max": -1, "count": 1}, {"min": 0, "max": 9, "count": 0}, {"min": 10, "max": 19, "count": 0}, {"min": 20, "count": 3}]}}"#
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
        // bpftrace 0.17 -f json, verbatim: `@kh[1] = hist(3); @kh[2] =
        // hist(100); @kh[2] = hist(100);`
        let line = map(
            "@kh",
            true,
            &[
                entry(
                    vec![int(1)],
                    Merged::Hist {
                        bits: 0,
                        buckets: buckets(&[(3, 1)]),
                    },
                ),
                entry(
                    vec![int(2)],
                    Merged::Hist {
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
}
