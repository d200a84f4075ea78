//! Operators: unary and binary operators, `?:`, and `++`/`--`.

use super::checker::Checker;
use super::positional::positional_index;
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::script::MapKind;
use crate::types::Type;

impl Checker<'_> {
    /// `-x`, `!x`, `~x`, `*p` and integer casts.
    pub(super) fn unary(&mut self, e: &Expr, op: &UnaryOp, operand: &Expr) -> Option<Type> {
        if let UnaryOp::ArrayCast(array) = op {
            return self.array_cast(e, *array, operand);
        }
        let t = self.expr(operand)?;
        if let (Type::IntArray(array), UnaryOp::Cast { bits, signed }) = (t, op) {
            self.array_to_int(e, array, *bits)?;
            return Some(Type::Int { signed: *signed });
        }
        if !t.is_int() {
            let what = match op {
                UnaryOp::Cast { .. } => "cast".to_string(),
                other => format!("apply {other:?} to"),
            };
            return self.error(
                Diagnostic::error(
                    format!("cannot {what} {}", t.describe_with_article()),
                    e.span.clone(),
                )
                .with_label("needs an integer"),
            );
        }
        if *op == UnaryOp::Deref {
            return self.deref(e, t);
        }
        Some(match op {
            UnaryOp::Deref | UnaryOp::AddressOf => t,
            UnaryOp::Not | UnaryOp::Cast { bits: 1, .. } => Type::Bool,
            UnaryOp::Neg => Type::Int { signed: true },
            UnaryOp::BitNot => t.as_arith(),
            UnaryOp::Cast { signed, .. } => Type::Int { signed: *signed },
            UnaryOp::ArrayCast(array) => Type::IntArray(*array),
        })
    }

    /// `lhs op rhs`: arithmetic, comparisons, logic, pointer arithmetic.
    pub(super) fn binary(
        &mut self,
        e: &Expr,
        op: &BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Option<Type> {
        let (l, r) = (self.expr(lhs), self.expr(rhs));
        self.refuse_literal_division_by_zero(e, *op, lhs, rhs);
        // While inferring, `@c + 1` tells @c's type even before @c has one.
        let (l, r) = match (l, r) {
            (None, Some(t)) | (Some(t), None) if !self.strict && t.is_integer() => {
                (t.as_arith(), t.as_arith())
            }
            (l, r) => (l?, r?),
        };
        if let Some(t) = self.pointer_arith(e, *op, l, r) {
            return t;
        }
        let logical = op.is_comparison() || matches!(op, BinaryOp::And | BinaryOp::Or);
        // As current bpftrace: comparisons and && || are bools, and
        // so are & | ^ of two bools.
        if (l == Type::Bool && r == Type::Bool)
            && (logical || matches!(op, BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor))
        {
            return Some(Type::Bool);
        }
        match (l.as_arith(), r.as_arith()) {
            (Type::Int { signed: a }, Type::Int { signed: b }) => Some(if logical {
                Type::Bool
            } else {
                if self.note_arith_shape(e, *op, lhs, rhs) == 32 && self.strict {
                    self.analysis
                        .wraps_at_32
                        .insert(e.id);
                }
                // An address moved by an integer is still one (printed in
                // hex), as bpftrace's `args.filename + 1` is.
                let moved = match op {
                    BinaryOp::Add => (l == Type::Address) != (r == Type::Address),
                    BinaryOp::Sub => l == Type::Address && r != Type::Address,
                    _ => false,
                };
                if moved {
                    Type::Address
                } else {
                    Type::Int { signed: a && b }
                }
            }),
            // Pointers compare with each other and with integers, as
            // unsigned addresses (`$p != 0`, `$a == $b`).
            (a, b) if a.is_int() && b.is_int() && logical => Some(Type::Bool),
            (Type::Tuple(_), Type::Tuple(_)) | (Type::IntArray(_), Type::IntArray(_))
                if l == r && matches!(op, BinaryOp::Eq | BinaryOp::Ne) =>
            {
                // Tuples are zeroed before their elements are stored:
                // equal tuples have equal bytes.
                let bytes = match self.slot_kind(l, lhs) {
                    Some(kind) => kind.slot_size(),
                    None => return None,
                };
                if self.strict {
                    self.analysis
                        .compare_bytes
                        .insert(e.id, bytes);
                }
                Some(Type::Bool)
            }
            (Type::Str, Type::Str) if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => {
                // Strings are zero after their NUL, so comparing the
                // words of the longer slot decides equality.
                let bytes = self.str_size(lhs).max(self.str_size(rhs));
                if self.strict {
                    self.analysis
                        .compare_bytes
                        .insert(e.id, bytes);
                }
                Some(Type::Bool)
            }
            // As bpftrace 0.27: two literals order as the script compiles
            // (it refuses `<` on any other strings).
            (Type::Str, Type::Str) if let Some(holds) = literal_order(*op, lhs, rhs) => {
                self.note_call(e, super::CallInfo::Constant(u64::from(holds)));
                Some(Type::Bool)
            }
            _ => self.error(
                Diagnostic::error(
                    format!(
                        "cannot apply '{}' to {} and {}",
                        op.symbol(),
                        l.describe_with_article(),
                        r.describe_with_article()
                    ),
                    e.span.clone(),
                )
                .with_label("incompatible operands")
                .with_hint(
                    if matches!(l, Type::KernelPtr(_) | Type::UserPtr(_))
                        || matches!(r, Type::KernelPtr(_) | Type::UserPtr(_))
                    {
                        "pointers compare, take + and - of an integer, and - of a pointer of the same type; cast them to uint64 for other arithmetic"
                    } else if l == Type::Str || r == Type::Str {
                        "strings support only == and !=, and <, <=, >, >= between two literals"
                    } else {
                        "only integers compute, and integers or strings compare"
                    },
                ),
            ),
        }
    }

    /// `cond ? then : otherwise`.
    pub(super) fn ternary(
        &mut self,
        e: &Expr,
        cond: &Expr,
        then: &Expr,
        otherwise: &Expr,
    ) -> Option<Type> {
        let c = self.expr(cond);
        // `c ? print("a") : print("b")`: a statement with no value.
        let (a, b) = (self.expr(then), self.expr(otherwise));
        if a == Some(Type::Void) && b == Some(Type::Void) {
            return Some(Type::Void);
        }
        let (a, b) = (
            a.and_then(|_| self.value_expr(then)),
            b.and_then(|_| self.value_expr(otherwise)),
        );
        if let Some(c) = c
            && !c.is_int()
        {
            self.error(
                Diagnostic::error("a condition must be an integer", cond.span.clone())
                    .with_label(format!("this is {}", c.describe_with_article())),
            );
        }
        let (a, b) = (a?, b?);
        if a == Type::Bool && b == Type::Bool {
            return Some(Type::Bool);
        }
        match (a.as_arith(), b.as_arith()) {
            // Both values of one enum: so is the choice.
            _ if a == b && matches!(a, Type::Enum { .. }) => Some(a),
            (Type::Int { signed: x }, Type::Int { signed: y }) => {
                Some(Type::Int { signed: x && y })
            }
            (Type::Str, Type::Str) => Some(Type::Str),
            // One type, kept in 64 bits or in a buffer.
            _ if a == b && (a.in_memory() || a == Type::MacAddr) => Some(a),
            _ if a.compatible(b) => self.error(
                Diagnostic::error(
                    format!("?: cannot choose between {} values yet", a.describe()),
                    e.span.clone(),
                )
                .with_label("both branches are of this type")
                .with_hint("use if/else and assign the value in each branch"),
            ),
            _ => self.error(
                Diagnostic::error("the branches of ?: have different types", e.span.clone())
                    .with_label(format!(
                        "{} and {}",
                        a.describe_with_article(),
                        b.describe_with_article()
                    )),
            ),
        }
    }

    /// `$x++`, `--@m[k]`: an integer variable or map element.
    pub(super) fn inc_dec(&mut self, e: &Expr, target: &Expr) -> Option<Type> {
        match &target.kind {
            ExprKind::Var(name) if positional_index(name).is_none() && name != "$#" => {
                let t = self.expr(target)?;
                if !t.is_integer() {
                    return self.error(
                        Diagnostic::error(
                            format!(
                                "++ and -- need an integer, and {name} is {}",
                                t.describe_with_article()
                            ),
                            target.span.clone(),
                        )
                        .with_label("not an integer"),
                    );
                }
                if let Some(slot) = self.analysis.var_slots.get(&target.id)
                    && let Some(width) = self.widths.get(slot).copied()
                {
                    self.analysis.store_widths.insert(e.id, width);
                }
                Some(t)
            }
            ExprKind::Map(map) => {
                // As `@m[k] = @m[k] + 1`: a map never assigned is 0 first.
                let keys = self.keys(map);
                self.note_key_sizes(map, keys.as_deref());
                self.define_map(
                    map,
                    keys,
                    Some(Type::Int { signed: true }),
                    &e.span,
                    Some(MapKind::Plain),
                );
                self.expr(target)
            }
            _ => self.error(
                Diagnostic::error(
                    "++ and -- apply to a variable or a map element",
                    target.span.clone(),
                )
                .with_label("not a variable or a map element"),
            ),
        }
    }
}

/// `"a" < "b"` and the other orderings of two string literals, answered;
/// `None` for any other operator or operands (`"a" + "b"` the parser
/// joined already).
fn literal_order(op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Option<bool> {
    let (ExprKind::Str(a), ExprKind::Str(b)) = (&lhs.kind, &rhs.kind) else {
        return None;
    };
    match op {
        BinaryOp::Lt => Some(a < b),
        BinaryOp::Le => Some(a <= b),
        BinaryOp::Gt => Some(a > b),
        BinaryOp::Ge => Some(a >= b),
        _ => None,
    }
}
