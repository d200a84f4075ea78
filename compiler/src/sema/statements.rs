//! Statements: expression statements, assignments, `let`, `if` and blocks.

use super::checker::{Checker, constant_int};
use super::int_shapes;
use super::loops::LoopKind;
use super::positional::positional_index;
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::types::Type;

impl Checker<'_> {
    /// The statements of a block, in order.
    pub(super) fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
        self.warn_unreachable(stmts);
    }

    /// One statement, by its kind.
    pub(super) fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => {
                let t = self.expr(e);
                self.warn_discarded(e, t);
            }
            StmtKind::Discard(e) => {
                self.expr(e);
            }
            // It ends the probe, from inside loops too: codegen stops each
            // enclosing for loop's callback on the way out.
            StmtKind::Return => {}
            StmtKind::ForMap { var, map, body } => self.for_map(s, var, map, body),
            StmtKind::ForRange {
                var,
                start,
                end,
                body,
            } => self.for_range(s, var, start, end, body),
            StmtKind::While { cond, body } => {
                self.condition(cond, "a while condition");
                self.loop_body(LoopKind::While, body);
            }
            StmtKind::Unroll { count, body } => {
                let n = self.unroll(count);
                self.loop_body(LoopKind::Unroll(n), body);
            }
            StmtKind::Break | StmtKind::Continue => self.jump(s),
            StmtKind::Let {
                name,
                ty,
                type_of,
                value,
            } => self.let_stmt(s, name, *ty, type_of.as_deref(), value.as_ref()),
            StmtKind::Block(b) => self.block(b),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => self.if_stmt(s, cond, then, otherwise),
            StmtKind::AssignVar { name, value } => self.assign_var(s, name, value),
            StmtKind::AssignMap { map, value } => self.assign_map(map, value),
        }
    }

    /// The statements of a block: its variables end with it.
    pub(super) fn block(&mut self, stmts: &[Stmt]) {
        self.scopes.push();
        self.stmts(stmts);
        self.scopes.pop();
    }

    /// An if or while condition: an integer.
    pub(super) fn condition(&mut self, cond: &Expr, what: &str) {
        if let Some(t) = self.expr(cond)
            && !t.is_int()
        {
            self.error(
                Diagnostic::error(format!("{what} must be an integer"), cond.span.clone())
                    .with_label(format!("this is {}", t.describe_with_article())),
            );
        }
    }

    /// `let $x[: type][ = value]`: a new variable of the innermost block.
    fn let_stmt(
        &mut self,
        s: &Stmt,
        name: &str,
        ty: Option<DeclType>,
        type_of: Option<&Expr>,
        value: Option<&Expr>,
    ) {
        if positional_index(name).is_some() || name == "$#" {
            if let Some(v) = value {
                self.expr(v);
            }
            self.error(
                Diagnostic::error(
                    format!("{name} is a positional parameter and cannot be declared"),
                    s.span.clone(),
                )
                .with_label("read-only"),
            );
            return;
        }
        let value_type = value.and_then(|v| self.variable_value(v));
        if self.scopes.lookup(name).is_some() {
            self.error(
                Diagnostic::error(format!("{name} is already declared"), s.span.clone())
                    .with_label("variable shadowing is not allowed")
                    .with_hint(format!("assign it without let: {name} = ...")),
            );
        }
        let slot = self.scopes.declare(name, true);
        self.analysis.var_slots.insert(s.id, slot.clone());
        let declared = match type_of {
            Some(of) => self.type_of_declared(s, &slot, of, value),
            None => ty.and_then(|t| self.declared_type(s, &slot, t, value)),
        };
        let t = match (declared, value_type, value) {
            (Some(d), Some(v), Some(value)) if !d.compatible(v) => {
                self.error(
                    Diagnostic::error(
                        format!(
                            "type mismatch for {name}: it is declared {}",
                            d.describe_with_article()
                        ),
                        value.span.clone(),
                    )
                    .with_label(format!("this is {}", v.describe_with_article())),
                );
                Some(d)
            }
            (Some(d), _, _) => Some(d),
            (None, v, _) => v,
        };
        if let (Some(value), Some(t)) = (value, t) {
            self.note_store_width(s, &slot, value, t);
            if ty.is_none() && type_of.is_none() {
                self.widen_int(int_shapes::Holder::Var { name, slot: &slot }, value, t);
            }
            if t == Type::Str {
                let size = self.str_size(value);
                self.grow_var_size(&slot, size);
            }
        }
        if let Some(t) = t {
            let t = self.held_type(&slot, t);
            self.probes[self.current].vars.insert(slot, t);
        }
    }

    /// An assignment to a slot declared with a narrower integer type stores
    /// the value converted to it; a literal must fit.
    fn note_store_width(&mut self, s: &Stmt, slot: &str, value: &Expr, t: Type) {
        let Some(&(bits, signed)) = self.widths.get(slot) else {
            return;
        };
        if !t.is_int() {
            return;
        }
        if let Some(n) = constant_int(value).map(i128::from).or(match value.kind {
            ExprKind::Int(v) => Some(i128::from(v)),
            _ => None,
        }) {
            let (min, max) = match (bits, signed) {
                (1, _) => (0, 1),
                (b, true) => (-(1i128 << (b - 1)), (1i128 << (b - 1)) - 1),
                (b, false) => (0, (1i128 << b) - 1),
            };
            if n < min || n > max {
                let name = if bits == 1 {
                    "bool".to_string()
                } else {
                    format!("{}int{bits}", if signed { "" } else { "u" })
                };
                self.error(
                    Diagnostic::error(format!("{n} does not fit in {name}"), value.span.clone())
                        .with_label(format!("{name} holds {min} to {max}")),
                );
            }
        }
        if self.strict {
            self.analysis.store_widths.insert(s.id, (bits, signed));
        }
    }

    /// The slot an assignment to `name` (statement or `find()` variable
    /// `at`) stores into: the visible
    /// variable's, or a new one declared in the current block.
    pub(super) fn assigned_slot(&mut self, name: &str, at: NodeId) -> String {
        let slot = match self.scopes.lookup(name) {
            Some(v) => v.slot.clone(),
            None => self.scopes.declare(name, false),
        };
        self.analysis.var_slots.insert(at, slot.clone());
        slot
    }

    /// `if cond { then } else { otherwise }`.
    fn if_stmt(&mut self, s: &Stmt, cond: &Expr, then: &[Stmt], otherwise: &[Stmt]) {
        if let Some(t) = self.expr(cond)
            && !t.is_int()
        {
            self.error(
                Diagnostic::error("an if condition must be an integer", cond.span.clone())
                    .with_label(format!("this is {}", t.describe_with_article())),
            );
        }
        // A condition known now leaves one branch unreached: it is
        // not checked (its types would bind maps and variables that
        // the reached code uses otherwise), and not compiled.
        let known = self.const_value(cond);
        if self.strict
            && let Some(v) = known
        {
            self.analysis.constant_ifs.insert(s.id, v != 0);
        }
        for (branch, dead) in [
            (then, known == Some(0)),
            (otherwise, known.is_some_and(|v| v != 0)),
        ] {
            if !dead {
                self.block(branch);
            }
        }
    }

    /// `$x = value`.
    fn assign_var(&mut self, s: &Stmt, name: &str, value: &Expr) {
        if positional_index(name).is_some() || name == "$#" {
            self.error(
                Diagnostic::error(
                    format!("{name} is a positional parameter and cannot be assigned"),
                    s.span.clone(),
                )
                .with_label("read-only"),
            );
            return;
        }
        let t = self.variable_value(value);
        let slot = self.assigned_slot(name, s.id);
        let Some(t) = t else {
            return;
        };
        self.note_store_width(s, &slot, value, t);
        if !self.widths.contains_key(&slot) {
            self.widen_int(int_shapes::Holder::Var { name, slot: &slot }, value, t);
        }
        if t == Type::Str {
            let size = self.str_size(value);
            self.grow_var_size(&slot, size);
        }
        let held = self.probes[self.current].vars.get(&slot).copied();
        match held {
            None => {
                let t = self.held_type(&slot, t);
                self.probes[self.current].vars.insert(slot, t);
            }
            // Values of two enums (or of an enum and a plain integer): the
            // variable holds plain integers, from its first assignment on
            // in the next pass.
            Some(old) if let Some(merged) = self.merged_type(old, t) => {
                if merged != old {
                    let key = self.var_key(&slot);
                    self.numeric_holders.insert(key);
                    self.probes[self.current].vars.insert(slot, merged);
                }
            }
            Some(old) => {
                self.error(
                    Diagnostic::error(
                        format!(
                            "type mismatch for {name}: it holds {}",
                            old.describe_with_article()
                        ),
                        value.span.clone(),
                    )
                    .with_label(format!("this is {}", t.describe_with_article())),
                );
            }
        }
    }
}
