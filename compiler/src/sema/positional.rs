//! Positional parameters: `$1`, `$#`, and `str($N)`.

use crate::ast::*;

/// The value of a positional parameter: a number when the argument is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Positional {
    Int(i64),
    Text(String),
}

/// `str($N)` and `str($N + K)`'s argument: N and K.
pub(super) fn positional_text(args: &[Expr]) -> Option<(usize, u64)> {
    match args {
        [
            Expr {
                kind: ExprKind::Var(v),
                ..
            },
        ] => Some((positional_index(v)?, 0)),
        [
            Expr {
                kind:
                    ExprKind::Binary {
                        op: BinaryOp::Add,
                        lhs,
                        rhs,
                    },
                ..
            },
        ] => match (&lhs.kind, &rhs.kind) {
            (ExprKind::Var(v), ExprKind::Int(k)) => Some((positional_index(v)?, *k)),
            _ => None,
        },
        _ => None,
    }
}

pub use crate::ast::positional_index;

/// What `$N` or `$#` stands for, given the script's arguments.
pub fn positional_value(args: &[String], name: &str) -> Option<Positional> {
    if name == "$#" {
        return Some(Positional::Int(args.len() as i64));
    }
    let text = args.get(positional_index(name)? - 1)?;
    // As bpftrace: any integer literal's form (`0x10`, `010`, `1e3`, up to
    // 2^64 - 1), or one negated.
    let number = match text.strip_prefix('-') {
        Some(magnitude) => crate::parse::integer_text(magnitude)
            .and_then(|m| i64::try_from(m).ok())
            .map(|m| -m),
        None => crate::parse::integer_text(text).map(|v| v as i64),
    };
    Some(number.map_or_else(|| Positional::Text(text.clone()), Positional::Int))
}
