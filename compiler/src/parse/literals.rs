//! Integer and string literals, and C escapes in strings.

use super::{Rule, span_of};
use crate::ast::*;
use crate::diag::Diagnostic;
use pest::iterators::Pair;

/// A string literal, its escapes resolved.
pub(super) fn build_string(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let body = pair.into_inner().next().map(|p| p.as_str()).unwrap_or("");
    Ok(Expr::new(
        ExprKind::Str(unescape(body, span.start + 1)?),
        span,
    ))
}

/// The value of `text` read as an integer literal is (hex `0x10`, octal
/// `010`, `1e3`, `1_000`, a duration `10ms`, C's suffixes), or None: how
/// bpftrace reads a positional parameter that is a number.
pub fn integer_text(text: &str) -> Option<u64> {
    text.as_bytes()
        .first()
        .is_some_and(u8::is_ascii_digit)
        .then(|| parse_integer(text, &(0..0)).ok())
        .flatten()
}

pub(super) fn parse_integer(text: &str, span: &Span) -> Result<u64, Diagnostic> {
    let out_of_range = || {
        Diagnostic::error("integer literal out of range", span.clone())
            .with_label("does not fit in 64 bits")
    };
    let is_hex = text.starts_with("0x") || text.starts_with("0X");
    if !is_hex && let Some((count, unit_ns)) = crate::duration::split(text) {
        let count = parse_integer(count, span)?;
        return count.checked_mul(unit_ns).ok_or_else(out_of_range);
    }
    // C's size suffixes (`10UL`) only say how C would store the value.
    let text = text.trim_end_matches(['u', 'U', 'l', 'L']);
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let hex = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"));
    let parsed = match (hex, digits.split_once(['e', 'E'])) {
        (Some(hex), _) => u64::from_str_radix(hex, 16).ok(),
        (None, Some((mantissa, exponent))) => {
            let mantissa = mantissa.parse::<u64>().ok();
            let scale = exponent
                .parse::<u32>()
                .ok()
                .and_then(|e| 10u64.checked_pow(e));
            mantissa.zip(scale).and_then(|(m, s)| m.checked_mul(s))
        }
        // A leading 0 is octal, as in C and bpftrace (`0644`).
        (None, None) if digits.len() > 1 && digits.starts_with('0') => {
            if digits.bytes().any(|b| b > b'7') {
                return Err(Diagnostic::error(
                    format!("'{text}' is not an octal number"),
                    span.clone(),
                )
                .with_label("a leading 0 makes an octal literal: digits 0 to 7")
                .with_hint("drop the leading zeros for a decimal number"));
            }
            u64::from_str_radix(&digits[1..], 8).ok()
        }
        (None, None) => digits.parse::<u64>().ok(),
    };
    parsed.ok_or_else(out_of_range)
}

/// C escapes: `\n \t \r \\ \" \' \0`, octal `\NNN` and hex `\xNN`.
pub(super) fn unescape(body: &str, offset: usize) -> Result<Vec<u8>, Diagnostic> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let start = i;
        let Some(&esc) = bytes.get(i + 1) else {
            return Err(Diagnostic::error(
                "unterminated escape",
                offset + i..offset + i + 1,
            ));
        };
        i += 2;
        match esc {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'v' => out.push(0x0b),
            b'e' => out.push(0x1b),
            b'\\' => out.push(b'\\'),
            b'"' => out.push(b'"'),
            b'\'' => out.push(b'\''),
            b'x' => {
                let hex: Vec<u8> = bytes[i..]
                    .iter()
                    .take(2)
                    .take_while(|c| c.is_ascii_hexdigit())
                    .copied()
                    .collect();
                if hex.is_empty() {
                    return Err(Diagnostic::error(
                        "\\x needs hex digits",
                        offset + start..offset + i,
                    )
                    .with_label("e.g. \\x41"));
                }
                i += hex.len();
                let text = String::from_utf8_lossy(&hex);
                out.push(u8::from_str_radix(&text, 16).unwrap_or(0));
            }
            b'0'..=b'7' => {
                let mut value: u32 = u32::from(esc - b'0');
                let mut n = 1;
                while n < 3 {
                    match bytes.get(i) {
                        Some(c @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(c - b'0');
                            i += 1;
                            n += 1;
                        }
                        _ => break,
                    }
                }
                let byte = u8::try_from(value).map_err(|_| {
                    Diagnostic::error("octal escape out of range", offset + start..offset + i)
                        .with_label("must be at most \\377")
                })?;
                out.push(byte);
            }
            _ => {
                return Err(Diagnostic::error(
                    format!("unknown escape sequence '\\{}'", esc as char),
                    offset + start..offset + i,
                )
                .with_hint("known escapes: \\n \\t \\r \\\\ \\\" \\xNN \\NNN"));
            }
        }
    }
    Ok(out)
}
