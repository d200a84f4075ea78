//! `getopt()`: named command-line arguments (`--name=value`, `--flag`)
//! given after the script, as compile-time constants.

use super::checker::Checker;
use super::functions::CallInfo;
use crate::ast::{Expr, ExprKind, UnaryOp};
use crate::builtins::Builtin;
use crate::diag::Diagnostic;
use crate::types::Type;

/// What `getopt()` evaluates to: its default's kind.
enum OptionKind {
    Flag(bool),
    Int(i64),
    Text(Vec<u8>),
}

impl Checker<'_> {
    /// `getopt("name"[, default[, "description"]])`: the named argument
    /// `--name=value` (or `--name` for a flag) given after the script, else
    /// the default; the default's kind (integer, string, bool; bool when
    /// there is none) is the option's.
    pub(super) fn getopt(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let usage =
            "getopt(\"name\"), getopt(\"name\", 10), getopt(\"name\", \"text\", \"what it is\")";
        let bad = |message: String, at: &Expr| {
            Diagnostic::error(message, at.span.clone())
                .with_label("getopt")
                .with_hint(format!("usage: {usage}"))
        };
        let name = match args.first().map(|a| &a.kind) {
            Some(ExprKind::Str(n)) if (1..=3).contains(&args.len()) => {
                String::from_utf8_lossy(n).into_owned()
            }
            _ => {
                return self.fail(bad(
                    "getopt() takes a name (a string literal), a default and a description".into(),
                    e,
                ));
            }
        };
        let default = match args.get(1).map(|a| &a.kind) {
            None => OptionKind::Flag(false),
            Some(ExprKind::Builtin(Builtin::Bool(v))) => OptionKind::Flag(*v),
            Some(ExprKind::Int(v)) => OptionKind::Int(*v as i64),
            Some(ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
            }) if matches!(operand.kind, ExprKind::Int(_)) => match operand.kind {
                ExprKind::Int(v) => OptionKind::Int((v as i64).wrapping_neg()),
                _ => OptionKind::Flag(false),
            },
            Some(ExprKind::Str(s)) => OptionKind::Text(s.clone()),
            Some(_) => {
                return self.fail(bad(
                    "getopt()'s default must be a literal: an integer, a string, true or false"
                        .into(),
                    &args[1],
                ));
            }
        };
        if let Some(d) = args.get(2)
            && !matches!(d.kind, ExprKind::Str(_))
        {
            return self.fail(bad(
                "getopt()'s description must be a string literal".into(),
                d,
            ));
        }
        let given = self
            .named_args
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone());
        let value = match (default, given) {
            (kind, None) => kind,
            (OptionKind::Flag(_), Some(None)) => OptionKind::Flag(true),
            (OptionKind::Flag(_), Some(Some(v))) => match v.as_str() {
                "true" | "1" => OptionKind::Flag(true),
                "false" | "0" => OptionKind::Flag(false),
                _ => {
                    return self.fail(bad(
                        format!("--{name} is a flag: true, false, 1 or 0, not '{v}'"),
                        e,
                    ));
                }
            },
            (OptionKind::Int(_), Some(Some(v))) => match v.parse::<i64>() {
                Ok(n) => OptionKind::Int(n),
                Err(_) => {
                    return self.fail(bad(format!("--{name} must be an integer, not '{v}'"), e));
                }
            },
            (OptionKind::Text(_), Some(Some(v))) => OptionKind::Text(v.into_bytes()),
            (_, Some(None)) => {
                return self.fail(bad(format!("--{name} needs a value: --{name}=VALUE"), e));
            }
        };
        let (info, ty) = match value {
            OptionKind::Flag(b) => (CallInfo::Constant(u64::from(b)), Type::Bool),
            OptionKind::Int(n) => (CallInfo::Constant(n as u64), Type::Int { signed: true }),
            OptionKind::Text(bytes) => {
                if bytes.len() >= self.string_size as usize {
                    return self.fail(bad(
                        format!(
                            "the value of --{name} is longer than {} bytes",
                            self.string_size - 1
                        ),
                        e,
                    ));
                }
                self.note_text(e, bytes);
                return Some(Type::Str);
            }
        };
        self.note_call(e, info);
        Some(ty)
    }
}
