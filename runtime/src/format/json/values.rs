//! Values as JSON: numbers, strings and their escapes, tuples and records.

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

/// `print(value)`: `{"type": "value", "data": VALUE}`.
pub fn print_value(v: &Value) -> String {
    format!("{{\"type\": \"value\", \"data\": {}}}", json_value(v))
}

/// A number, a string, or (a tuple) an array of them.
pub(super) fn json_value(v: &Value) -> String {
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
