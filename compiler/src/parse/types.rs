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

/// `uint32`, `int8`, `bool`, `string`: the type a `let` names.
pub(super) fn decl_type(text: &str, span: &Span) -> Result<DeclType, Diagnostic> {
    match text {
        "string" => Ok(DeclType::Str),
        "bool" => Ok(DeclType::Int {
            bits: 1,
            signed: false,
        }),
        _ => {
            let signed = !text.starts_with('u');
            let bits = text.trim_start_matches("uint").trim_start_matches("int");
            Ok(DeclType::Int {
                bits: bits.parse().map_err(|_| internal(span))?,
                signed,
            })
        }
    }
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
