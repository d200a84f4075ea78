//! Warnings bpftrace 0.27 gives about code that runs but cannot mean what
//! it says, in Sonde's diagnostic style (`--no-warnings` silences them):
//! statements after `exit()`, `return`, `break` or `continue` in the same
//! block, and expression statements whose value nothing reads. A division
//! of two literals by zero is an error, as in bpftrace.

use super::checker::Checker;
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::types::Type;

/// What ends a block before its later statements: `exit()`, `return`,
/// `break`, `continue`.
fn ends_block(s: &Stmt) -> Option<&'static str> {
    match &s.kind {
        StmtKind::Return => Some("return"),
        StmtKind::Break => Some("break"),
        StmtKind::Continue => Some("continue"),
        StmtKind::Expr(Expr {
            kind: ExprKind::Call { name, .. },
            ..
        }) if name == "exit" => Some("exit()"),
        _ => None,
    }
}

impl Checker<'_> {
    /// Every statement of `stmts` after one that ends the block.
    pub(super) fn warn_unreachable(&mut self, stmts: &[Stmt]) {
        let Some(end) = stmts.iter().position(|s| ends_block(s).is_some()) else {
            return;
        };
        let by = ends_block(&stmts[end]).unwrap_or("exit()");
        for s in &stmts[end + 1..] {
            self.warn(
                Diagnostic::warning("unreachable statement", s.span.clone())
                    .with_label(format!("{by} comes before it")),
            );
        }
    }

    /// An expression statement's value, of type `t`, that nothing reads
    /// (`has_key(@m, 1);`, `pid;`). Increments store, so they are used; and
    /// `delete(...)` as a statement is how every script removes a key, so
    /// its result (whether the key was there) is not worth a warning, where
    /// bpftrace 0.27 gives one.
    pub(super) fn warn_discarded(&mut self, e: &Expr, t: Option<Type>) {
        let deletes = matches!(&e.kind, ExprKind::Call { name, .. } if name == "delete");
        if deletes
            || matches!(e.kind, ExprKind::IncDec { .. })
            || matches!(t, None | Some(Type::Void))
        {
            return;
        }
        self.warn(
            Diagnostic::warning("return value discarded", e.span.clone())
                .with_label("its value is not used")
                .with_hint("write `_ = ...;` to discard it on purpose"),
        );
    }

    /// `5 / 0`, `5 % 0`: literals that cannot be folded.
    pub(super) fn refuse_literal_division_by_zero(
        &mut self,
        e: &Expr,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
    ) {
        if matches!(op, BinaryOp::Div | BinaryOp::Rem)
            && matches!(lhs.kind, ExprKind::Int(_))
            && matches!(rhs.kind, ExprKind::Int(0))
        {
            self.error(
                Diagnostic::error("division by zero in a constant expression", e.span.clone())
                    .with_label("the divisor is 0"),
            );
        }
    }
}
