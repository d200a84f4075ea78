//! What is decided when the script compiles: constant conditions (literals,
//! positional parameters, `getopt()` values, `sizeof`), which make a branch
//! of an `if` dead; `fail()`, an error only where it is reached;
//! `static_assert()`; `assert()`'s checks (its run-time half is codegen's);
//! `is_integer()` and the other `is_*()` questions about a type.

use super::checker::Checker;
use super::{CallInfo, Positional, positional_index, positional_value};
use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::builtins::Builtin;
use crate::builtins::{Function, TypeTest};
use crate::diag::Diagnostic;
use crate::kernel::format::FieldKind;
use crate::printf_format;
use crate::script::FormatPiece;
use crate::types::Type;

/// A value known at compile time, as `fail()` formats it.
enum Known {
    Int(i128),
    Text(String),
}

impl Checker<'_> {
    /// The value of `e` when it is known at compile time.
    pub(super) fn const_value(&self, e: &Expr) -> Option<i128> {
        match self.known(e)? {
            Known::Int(v) => Some(v),
            Known::Text(_) => None,
        }
    }

    fn known(&self, e: &Expr) -> Option<Known> {
        let int = |e: &Expr| self.const_value(e);
        Some(Known::Int(match &e.kind {
            ExprKind::Int(v) => i128::from(*v),
            ExprKind::Str(bytes) => {
                return Some(Known::Text(String::from_utf8_lossy(bytes).into_owned()));
            }
            ExprKind::Builtin(Builtin::Bool(true)) => 1,
            ExprKind::Builtin(Builtin::Bool(false)) => 0,
            ExprKind::Var(name) if positional_index(name).is_some() || name == "$#" => {
                match positional_value(&self.positional, name) {
                    Some(Positional::Int(v)) => i128::from(v),
                    Some(Positional::Text(t)) => return Some(Known::Text(t)),
                    // Not given: 0, as bpftrace reads it.
                    None => 0,
                }
            }
            ExprKind::Call { .. } => match self.analysis.calls.get(&e.id) {
                Some(CallInfo::Constant(v)) => i128::from(*v),
                _ => return None,
            },
            ExprKind::Unary { op, operand } => {
                let v = int(operand)?;
                match op {
                    UnaryOp::Neg => -v,
                    UnaryOp::Not => i128::from(v == 0),
                    UnaryOp::BitNot => i128::from(!(v as i64)),
                    _ => return None,
                }
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let (a, b) = (int(lhs)?, int(rhs)?);
                match op {
                    BinaryOp::Add => a.checked_add(b)?,
                    BinaryOp::Sub => a.checked_sub(b)?,
                    BinaryOp::Mul => a.checked_mul(b)?,
                    BinaryOp::Div => a.checked_div(b)?,
                    BinaryOp::Rem => a.checked_rem(b)?,
                    BinaryOp::Eq => i128::from(a == b),
                    BinaryOp::Ne => i128::from(a != b),
                    BinaryOp::Lt => i128::from(a < b),
                    BinaryOp::Le => i128::from(a <= b),
                    BinaryOp::Gt => i128::from(a > b),
                    BinaryOp::Ge => i128::from(a >= b),
                    BinaryOp::And => i128::from(a != 0 && b != 0),
                    BinaryOp::Or => i128::from(a != 0 || b != 0),
                    BinaryOp::BitAnd => a & b,
                    BinaryOp::BitOr => a | b,
                    BinaryOp::BitXor => a ^ b,
                    BinaryOp::Shl if (0..64).contains(&b) => a.checked_shl(b as u32)?,
                    BinaryOp::Shr if (0..64).contains(&b) => a >> b,
                    _ => return None,
                }
            }
            _ => return None,
        }))
    }

    /// `fail(fmt, args...)`: a compile error with the formatted message,
    /// when the call is reached (not in a branch a constant condition skips).
    pub(super) fn fail_call(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let Some(ExprKind::Str(format)) = args.first().map(|a| &a.kind) else {
            return self.error(
                Diagnostic::error("fail()'s format must be a string literal", e.span.clone())
                    .with_label("not a string literal")
                    .with_hint("usage: fail(\"expected %d\", $1)"),
            );
        };
        let mut values = Vec::new();
        for a in &args[1..] {
            match self.known(a) {
                Some(v) => values.push(v),
                None => {
                    return self.error(
                        Diagnostic::error(
                            "fail()'s arguments must be known when the script compiles",
                            a.span.clone(),
                        )
                        .with_label("not a constant")
                        .with_hint("literals, positional parameters and getopt() values are"),
                    );
                }
            }
        }
        // Reached: a branch a constant condition leaves out is not checked.
        let format = String::from_utf8_lossy(format).into_owned();
        let message = match printf_format::parse(&format) {
            Ok(pieces) => format_known(&pieces, &values),
            Err(err) => err.message,
        };
        self.error(Diagnostic::error(message, e.span.clone()).with_label("fail()"))
    }

    /// `static_assert(cond, "message")`: an error with the message when the
    /// condition, known at compile time, is false.
    pub(super) fn static_assert(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let (cond, text) = self.cond_and_message("static_assert", args)?;
        self.expr(cond)?;
        match self.const_value(cond) {
            None => self.error(
                Diagnostic::error(
                    "static_assert() needs a condition known when the script compiles",
                    cond.span.clone(),
                )
                .with_label("known only when the probe runs")
                .with_hint("use assert(cond, \"message\") to check it at run time"),
            ),
            Some(0) => self.error(
                Diagnostic::error(text, e.span.clone()).with_label("static_assert() failed"),
            ),
            Some(_) => Some(Type::Void),
        }
    }

    /// `is_integer(x)` and the like: x is checked, not run; the answer is
    /// a constant `bool`.
    pub(super) fn type_test(
        &mut self,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> Option<Type> {
        // The declaration has counted the arguments.
        let (Some(test), [x]) = (function.type_test(), args) else {
            return None;
        };
        let t = self.expr(x)?;
        let literal = match &x.kind {
            ExprKind::Int(_) | ExprKind::Str(_) => true,
            ExprKind::Builtin(Builtin::Bool(_)) => true,
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
            } => matches!(operand.kind, ExprKind::Int(_)),
            _ => false,
        };
        let answer = match test {
            // Sonde has no array values (a char array is a string).
            TypeTest::Array => false,
            TypeTest::Integer => matches!(t, Type::Int { .. } | Type::Enum { .. }),
            // As current bpftrace types them, a literal that is not
            // negative is unsigned.
            TypeTest::UnsignedInteger => {
                matches!(
                    t,
                    Type::Int { signed: false } | Type::Enum { signed: false, .. }
                ) || matches!(x.kind, ExprKind::Int(_))
            }
            TypeTest::Literal => literal,
            // A pointer field of args is an address (`Type::Address`).
            TypeTest::Pointer => {
                matches!(t, Type::KernelPtr(_) | Type::UserPtr(_) | Type::Address)
                    || self.pointer_field(x)
            }
            TypeTest::Str => t == Type::Str,
        };
        self.note_call(e, CallInfo::Constant(u64::from(answer)));
        Some(Type::Bool)
    }

    /// `assert_str(x)`: nothing at run time; a compile error unless `x` is
    /// a string or a pointer to `int8`/`char` (bpftrace's test: it refuses
    /// `const char *`, which Sonde types as an address, too).
    pub(super) fn assert_str(&mut self, x: &Expr, usage: &str) -> Option<Type> {
        let t = self.expr(x)?;
        let pointee = match t {
            Type::Str => return Some(Type::Void),
            Type::KernelPtr(id) | Type::UserPtr(id) => Some(id),
            _ => None,
        };
        let message = match pointee {
            Some(id) => {
                let types =
                    crate::ctypes::Types::new(self.kernel.kernel_types().ok(), self.script_types);
                if matches!(
                    types.resolve(id),
                    crate::kernel::btf::KernelType::Int { size: 1, .. }
                ) {
                    return Some(Type::Void);
                }
                "string-like pointers must point to a char-like type"
            }
            None => "string-like values must be either strings, arrays or pointers",
        };
        self.error(
            Diagnostic::error(message, x.span.clone())
                .with_label(format!("this is {}", t.describe_with_article()))
                .with_hint(format!("usage: {usage}")),
        )
    }

    /// Whether `x` is `args.FIELD` and the field a pointer in every probe.
    fn pointer_field(&self, x: &Expr) -> bool {
        let ExprKind::Field { base, field, .. } = &x.kind else {
            return false;
        };
        if !matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) {
            return false;
        }
        let formats = &self.probes[self.current].formats;
        !formats.is_empty()
            && formats.iter().all(|f| {
                f.as_ref()
                    .and_then(|f| f.field(field))
                    .is_some_and(|f| matches!(f.kind, FieldKind::CharPtr | FieldKind::Pointer))
            })
    }

    /// The condition and the literal message of `name(cond, "message")`.
    fn cond_and_message<'e>(&mut self, name: &str, args: &'e [Expr]) -> Option<(&'e Expr, String)> {
        // The declaration has counted the arguments.
        let [cond, message] = args else {
            return None;
        };
        let ExprKind::Str(text) = &message.kind else {
            return self.fail(
                Diagnostic::error(
                    format!("{name}()'s message must be a string literal"),
                    message.span.clone(),
                )
                .with_label("not a string literal"),
            );
        };
        Some((cond, String::from_utf8_lossy(text).into_owned()))
    }

    /// `assert(cond, "message")`: checked here; when the condition is false
    /// at run time the message is an error (as `errorf`'s) and the script
    /// exits with 1.
    pub(super) fn assert_call(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let (cond, text) = self.cond_and_message("assert", args)?;
        let t = self.expr(cond)?;
        if !t.is_int() {
            return self.error(
                Diagnostic::error(
                    "assert()'s condition must be an integer or bool",
                    cond.span.clone(),
                )
                .with_label(format!("this is {}", t.describe_with_article())),
            );
        }
        let piece = FormatPiece::Diagnostic {
            level: "ERROR".to_string(),
            location: String::new(),
            span: (e.span.start, e.span.end),
            inner: vec![FormatPiece::Literal(text)],
        };
        self.register_printf(e, vec![piece], Vec::new());
        Some(Type::Void)
    }
}

/// A printf format filled with values known at compile time.
fn format_known(pieces: &[FormatPiece], values: &[Known]) -> String {
    let mut out = String::new();
    let mut next = values.iter();
    for p in pieces {
        match p {
            FormatPiece::Literal(text) => out.push_str(text),
            FormatPiece::Conversion(c) => match (next.next(), c.conv) {
                (Some(Known::Int(v)), 'x') => out.push_str(&format!("{:x}", *v as i64)),
                (Some(Known::Int(v)), 'X') => out.push_str(&format!("{:X}", *v as i64)),
                (Some(Known::Int(v)), 'c') => out.push(char::from(*v as u8)),
                (Some(Known::Int(v)), _) => out.push_str(&v.to_string()),
                (Some(Known::Text(t)), _) => out.push_str(t),
                (None, _) => {}
            },
            _ => {}
        }
    }
    out
}
