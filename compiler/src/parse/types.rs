//! Type names (`sizeof(struct x)`, `offsetof`), casts, and the type a `let`
//! declares.

use super::{Rule, internal, span_of};
use crate::ast::*;
use crate::diag::Diagnostic;
use pest::iterators::Pair;

/// A type used as a value: `struct x`, `uint32`, `unsigned long`, `T *`.
pub(super) fn build_type_name(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let base = inner.next().ok_or_else(|| internal(&span))?;
    let pointer = inner.any(|p| p.as_rule() == Rule::type_star);
    let ty = match base.as_rule() {
        Rule::array_type => TypeName::Int {
            bytes: u32::try_from(array_type(base)?.size()).map_err(|_| internal(&span))?,
        },
        Rule::sized_string => {
            let len = base.into_inner().next().ok_or_else(|| internal(&span))?;
            TypeName::Int {
                bytes: array_len(len.as_str(), &span)?,
            }
        }
        Rule::record_type => {
            let mut parts = base.into_inner();
            let union = parts.next().is_some_and(|k| k.as_str() == "union");
            let name = parts.next().ok_or_else(|| internal(&span))?;
            TypeName::Record {
                name: name.as_str().to_string(),
                union,
            }
        }
        Rule::int_type => TypeName::Int {
            bytes: match base.as_str() {
                "bool" => 1,
                name => {
                    let bits: u32 = name
                        .trim_start_matches("uint")
                        .trim_start_matches("int")
                        .parse()
                        .map_err(|_| internal(&span))?;
                    bits / 8
                }
            },
        },
        Rule::c_int_words => {
            let words: Vec<&str> = base.as_str().split_whitespace().collect();
            TypeName::Int {
                bytes: if words.contains(&"char") {
                    1
                } else if words.contains(&"short") {
                    2
                } else if words.contains(&"long") {
                    8
                } else {
                    4
                },
            }
        }
        Rule::named_type => TypeName::Named(base.as_str().to_string()),
        _ => return Err(internal(&span)),
    };
    Ok(Expr::new(ExprKind::TypeName { ty, pointer }, span))
}

/// `uint32`, `int8`, `bool`, `string`, `string[16]`, `uint8 *`,
/// `uint8[4]`: the type a `let` names.
pub(super) fn decl_type(text: &str, span: &Span) -> Result<DeclType, Diagnostic> {
    if let Some(rest) = text.strip_prefix("string") {
        return match rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            None => Ok(DeclType::Str(None)),
            Some(n) => Ok(DeclType::Str(Some(array_len(n, span)?))),
        };
    }
    if let Some(base) = text.strip_suffix('*') {
        let (bits, signed) = int_name(base.trim_end(), span)?;
        return Ok(DeclType::Pointer { bits, signed });
    }
    if let Some((base, len)) = text.strip_suffix(']').and_then(|t| t.split_once('[')) {
        return Ok(DeclType::Array(int_array(base, len, span)?));
    }
    let (bits, signed) = int_name(text, span)?;
    Ok(DeclType::Int { bits, signed })
}

/// `uint8`...`int64` as (bits, signed); `bool` as (1, false).
fn int_name(text: &str, span: &Span) -> Result<(u8, bool), Diagnostic> {
    if text == "bool" {
        return Ok((1, false));
    }
    let signed = !text.starts_with('u');
    let bits = text.trim_start_matches("uint").trim_start_matches("int");
    Ok((bits.parse().map_err(|_| internal(span))?, signed))
}

/// An array's length: at least 1, and small enough to sit in a value slot.
fn array_len(text: &str, span: &Span) -> Result<u32, Diagnostic> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_ARRAY_BYTES).contains(&n) => Ok(n),
        _ => Err(Diagnostic::error(
            format!("an array's length must be 1 to {MAX_ARRAY_BYTES}"),
            span.clone(),
        )
        .with_label("bad length")),
    }
}

/// The most bytes a sized type (`uint8[N]`, `string[N]`) takes: a string's
/// most, so that every value of one fits the per-CPU scratch slots.
pub(super) const MAX_ARRAY_BYTES: u32 = crate::script::MAX_STRING_SIZE;

/// `uint8[8]`: its element type's name and its length's text.
fn int_array(base: &str, len: &str, span: &Span) -> Result<IntArray, Diagnostic> {
    let (bits, signed) = int_name(base.trim(), span)?;
    let len = array_len(len, span)?;
    let array = IntArray {
        bytes: bits.div_ceil(8),
        signed,
        len,
    };
    if array.size() > u64::from(MAX_ARRAY_BYTES) {
        return Err(Diagnostic::error(
            format!(
                "{} takes {} bytes, more than the {MAX_ARRAY_BYTES} an array may",
                array.name(),
                array.size()
            ),
            span.clone(),
        )
        .with_label("too large"));
    }
    Ok(array)
}

/// `uint8[8]` as written in a cast or sizeof().
pub(super) fn array_type(pair: Pair<Rule>) -> Result<IntArray, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let base = inner.next().ok_or_else(|| internal(&span))?;
    let len = inner.next().ok_or_else(|| internal(&span))?;
    int_array(base.as_str(), len.as_str(), &span)
}

/// `uint64_t`, `u64`, `__s32` → `uint64`, `uint64`, `int32`; None for names
/// already in Sonde's spelling.
fn fixed_int_name(name: &str) -> Option<String> {
    let (signed, bits) = if let Some(rest) = name.strip_suffix("_t") {
        (
            !rest.starts_with('u'),
            rest.trim_start_matches("uint").trim_start_matches("int"),
        )
    } else if let Some(bits) = name.strip_prefix("__u").or_else(|| name.strip_prefix('u')) {
        (false, bits)
    } else if let Some(bits) = name.strip_prefix("__s").or_else(|| name.strip_prefix('s')) {
        (true, bits)
    } else {
        return None;
    };
    bits.bytes()
        .all(|c| c.is_ascii_digit())
        .then(|| format!("{}int{bits}", if signed { "" } else { "u" }))
}

/// A cast that names a type: `(enum E)`, `(T *)`, `(struct S *)`.
pub(super) enum NamedCast {
    Enum { name: String },
    Pointer { name: String },
    Record { name: String, union: bool },
}

impl NamedCast {
    /// The cast of `operand`.
    pub(super) fn apply(self, operand: Expr) -> ExprKind {
        let operand = Box::new(operand);
        match self {
            NamedCast::Enum { name } => ExprKind::EnumCast { name, operand },
            NamedCast::Pointer { name } => ExprKind::NamedPointerCast { name, operand },
            NamedCast::Record { name, union } => ExprKind::RecordCast {
                name,
                union,
                operand,
            },
        }
    }
}

/// The named cast `prefix` writes, if it is one.
pub(super) fn named_cast(prefix: &Pair<Rule>) -> Option<NamedCast> {
    if let Some(named) = prefix
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::enum_type)
    {
        let name = named
            .into_inner()
            .nth(1)
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        return Some(NamedCast::Enum { name });
    }
    if let Some(named) = prefix
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::named_pointer)
    {
        let name = named
            .into_inner()
            .next()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        return Some(NamedCast::Pointer { name });
    }
    if let Some(record) = prefix
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::record_pointer)
    {
        let mut parts = record.into_inner();
        let union = parts.next().is_some_and(|k| k.as_str() == "union");
        let name = parts
            .next()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        return Some(NamedCast::Record { name, union });
    }
    None
}

/// `(uint32)`, `(u8)`, `(bool)`: the integer cast a `cast` prefix writes.
pub(super) fn int_cast(prefix: &Pair<Rule>, span: &Span) -> Result<UnaryOp, Diagnostic> {
    if let Some(array) = prefix
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::array_type)
    {
        return Ok(UnaryOp::ArrayCast(array_type(array)?));
    }
    let name = prefix
        .clone()
        .into_inner()
        .next()
        .map(|p| p.as_str())
        .unwrap_or("");
    let fixed = fixed_int_name(name);
    let name = fixed.as_deref().unwrap_or(name);
    Ok(match name {
        "bool" => UnaryOp::Cast {
            bits: 1,
            signed: false,
        },
        _ => {
            let signed = !name.starts_with('u');
            let bits = name.trim_start_matches("uint").trim_start_matches("int");
            UnaryOp::Cast {
                bits: bits.parse().map_err(|_| internal(span))?,
                signed,
            }
        }
    })
}
