//! Values as JSON: numbers, strings and their escapes, tuples, buffers and
//! records, as bpftrace 0.27 writes them.

use crate::format::Value;

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

/// A signed integer as bpftrace writes it: a number when a double holds it
/// exactly, else a string of its digits (RFC 8259's advice; a reader that
/// parses numbers as doubles would otherwise get another value).
pub fn signed(v: i64) -> String {
    let as_double = v as f64;
    // 2^63 is past i64: bpftrace's cast back gives i64::MIN there, never v.
    if as_double < 9_223_372_036_854_775_808.0 && as_double as i64 == v {
        v.to_string()
    } else {
        format!("\"{v}\"")
    }
}

/// An unsigned integer, by the same rule as `signed`.
pub fn unsigned(v: u64) -> String {
    let as_double = v as f64;
    if as_double < 18_446_744_073_709_551_616.0 && as_double as u64 == v {
        v.to_string()
    } else {
        format!("\"{v}\"")
    }
}

/// A bound of a histogram bucket, which Sonde computes exactly (past i64 in
/// the top log2 buckets): the rule of `signed`, or `unsigned` above i64.
pub(super) fn wide(v: i128) -> String {
    match (i64::try_from(v), u64::try_from(v)) {
        (Ok(v), _) => signed(v),
        (_, Ok(v)) => unsigned(v),
        _ => format!("\"{v}\""),
    }
}

/// `print(value)`: `{"type": "value", "data": VALUE}`.
pub fn print_value(v: &Value) -> String {
    format!("{{\"type\": \"value\", \"data\": {}}}", json_value(v))
}

/// A number, a string, or (a tuple, an array, a buffer) an array of them.
pub(super) fn json_value(v: &Value) -> String {
    match v {
        Value::Int { bits, signed: true } => signed(*bits as i64),
        Value::Int {
            bits,
            signed: false,
        } => unsigned(*bits),
        Value::Bool(b) => b.to_string(),
        // bpftrace writes pointers and enums as their numbers (a map key's
        // text, made by `display`, shows them as in text output).
        Value::Pointer(address) => unsigned(*address),
        Value::Enum { bits, signed, .. } => json_value(&Value::Int {
            bits: *bits,
            signed: *signed,
        }),
        // Values user space formats are strings of their text.
        Value::Str(_)
        | Value::Symbolic(_)
        | Value::Timestamp { .. }
        | Value::Inet { .. }
        | Value::MacAddr(_) => escape(&v.display()),
        // bpftrace writes a buffer as its bytes, each a C `char` (signed).
        Value::Buffer(bytes) => {
            let parts: Vec<String> = bytes.iter().map(|&b| (b as i8).to_string()).collect();
            format!("[{}]", parts.join(","))
        }
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
