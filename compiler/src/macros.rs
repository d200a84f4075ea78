//! bpftrace's macros: `macro name($var, expr, @map) { body }`, expanded in
//! the syntax tree where they are called. A call as a statement becomes a
//! block of the body's statements; a call in an expression becomes a block
//! expression whose value is the body's last expression. The body's own variables are renamed per expansion, so they
//! never meet the caller's; `$var` parameters name the caller's variable,
//! `@map` parameters its map, and `expr` parameters are replaced by the
//! argument.
//!
//! A copy keeps the spans of what it copies, so its messages point into the
//! macro's body (or at the argument); later passes key what they learn by
//! node id, and once the calls are expanded `ast::number_nodes` gives every
//! node of the program its own.

use crate::ast::{Expr, ExprKind, MacroDef, MacroParam, MapRef, Program, Stmt, StmtKind};
use crate::diag::Diagnostic;
use std::collections::HashMap;

/// Macros calling macros stop here (a macro calling itself never ends).
const MAX_DEPTH: u32 = 16;

struct Expander<'p> {
    macros: HashMap<&'p str, &'p MacroDef>,
    /// Expansions and argument copies made so far: an expansion's number
    /// names its own variables (`$x~3`).
    copies: usize,
    errors: Vec<Diagnostic>,
}

pub fn expand(program: &mut Program) -> Result<(), Vec<Diagnostic>> {
    if program.macros.is_empty() {
        return Ok(());
    }
    let macros = std::mem::take(&mut program.macros);
    let mut errors = Vec::new();
    let mut by_name: HashMap<&str, &MacroDef> = HashMap::new();
    for m in &macros {
        if by_name.insert(m.name.as_str(), m).is_some() {
            errors.push(
                Diagnostic::error(format!("macro {} is defined twice", m.name), m.span.clone())
                    .with_label("second definition"),
            );
        }
    }
    let mut expander = Expander {
        macros: by_name,
        copies: 0,
        errors,
    };
    for probe in &mut program.probes {
        if let Some(p) = &mut probe.predicate {
            expander.expr(p, 0);
        }
        expander.stmts(&mut probe.body, 0);
    }
    let errors = expander.errors;
    program.macros = macros;
    if errors.is_empty() {
        // The copies carry the ids of what they copy: every node gets its own.
        crate::ast::number_nodes(program);
        Ok(())
    } else {
        Err(errors)
    }
}

impl Expander<'_> {
    /// Counts one more copy, of a body or of an argument.
    fn next_copy(&mut self) -> usize {
        self.copies += 1;
        self.copies
    }

    fn stmts(&mut self, stmts: &mut [Stmt], depth: u32) {
        for s in stmts.iter_mut() {
            self.stmt(s, depth);
        }
    }

    fn stmt(&mut self, s: &mut Stmt, depth: u32) {
        // A call of a macro as a statement: its whole body, as a block.
        if let StmtKind::Expr(Expr {
            kind: ExprKind::Call { name, args, .. },
            span,
            ..
        }) = &s.kind
            && let Some(def) = self.macros.get(name.as_str()).copied()
        {
            let (args, span) = (args.clone(), span.clone());
            if let Some(mut body) = self.instantiate(def, &args, &span, depth) {
                self.stmts(&mut body, depth + 1);
                s.kind = StmtKind::Block(body);
            }
            return;
        }
        match &mut s.kind {
            StmtKind::Expr(e) | StmtKind::Discard(e) | StmtKind::AssignVar { value: e, .. } => {
                self.expr(e, depth)
            }
            StmtKind::AssignMap { map, value } => {
                map.keys.iter_mut().for_each(|k| self.expr(k, depth));
                self.expr(value, depth);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond, depth);
                self.stmts(then, depth);
                self.stmts(otherwise, depth);
            }
            StmtKind::Block(body) => self.stmts(body, depth),
            StmtKind::ForMap { map, body, .. } => {
                map.keys.iter_mut().for_each(|k| self.expr(k, depth));
                self.stmts(body, depth);
            }
            StmtKind::ForRange {
                start, end, body, ..
            } => {
                self.expr(start, depth);
                self.expr(end, depth);
                self.stmts(body, depth);
            }
            StmtKind::While { cond, body } => {
                self.expr(cond, depth);
                self.stmts(body, depth);
            }
            StmtKind::Unroll { count, body } => {
                self.expr(count, depth);
                self.stmts(body, depth);
            }
            StmtKind::Let { value, .. } => {
                if let Some(v) = value {
                    self.expr(v, depth);
                }
            }
            StmtKind::Return | StmtKind::Break | StmtKind::Continue => {}
        }
    }

    /// Expands macro calls inside `e`; a call itself takes the body's value.
    fn expr(&mut self, e: &mut Expr, depth: u32) {
        let call = match &e.kind {
            ExprKind::Call { name, args, .. } => Some((name.clone(), args.clone())),
            // `one` for `one()`: a macro without parameters, called bare.
            ExprKind::Ident(name) => self
                .macros
                .get(name.as_str())
                .filter(|m| m.params.is_empty())
                .map(|_| (name.clone(), Vec::new())),
            _ => None,
        };
        if let Some((name, args)) = call
            && let Some(def) = self.macros.get(name.as_str()).copied()
        {
            if !def.value {
                self.errors.push(
                    Diagnostic::error(
                        format!("macro {name} ends in a statement, so it gives no value"),
                        e.span.clone(),
                    )
                    .with_label("used as a value")
                    .with_hint("a macro's value is its last expression, written without ';'"),
                );
                return;
            }
            let span = e.span.clone();
            if let Some(mut body) = self.instantiate(def, &args, &span, depth)
                && let Some(Stmt {
                    kind: StmtKind::Expr(value),
                    ..
                }) = body.pop()
            {
                let mut value = if body.is_empty() {
                    value
                } else {
                    // Statements, then the value: a block expression.
                    let span = value.span.clone();
                    Expr::new(
                        ExprKind::Block {
                            stmts: body,
                            value: Box::new(value),
                        },
                        span,
                    )
                };
                self.expr(&mut value, depth + 1);
                *e = value;
            }
            return;
        }
        match &mut e.kind {
            ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Builtin(_)
            | ExprKind::Ident(_)
            | ExprKind::Var(_)
            | ExprKind::TypeName { .. } => {}
            ExprKind::Map(map) => map.keys.iter_mut().for_each(|k| self.expr(k, depth)),
            ExprKind::Call { args, .. } => args.iter_mut().for_each(|a| self.expr(a, depth)),
            ExprKind::Tuple(elements)
            | ExprKind::Record {
                values: elements, ..
            } => elements.iter_mut().for_each(|a| self.expr(a, depth)),
            ExprKind::Field { base, .. } => self.expr(base, depth),
            ExprKind::Index { base, index } => {
                self.expr(base, depth);
                self.expr(index, depth);
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::RecordCast { operand, .. }
            | ExprKind::EnumCast { operand, .. }
            | ExprKind::NamedPointerCast { operand, .. } => self.expr(operand, depth),
            ExprKind::TypeofCast { of, operand } => {
                self.expr(of, depth);
                self.expr(operand, depth);
            }
            ExprKind::IncDec { target, .. } => self.expr(target, depth),
            ExprKind::Block { stmts, value } => {
                self.stmts(stmts, depth);
                self.expr(value, depth);
            }
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs, depth);
                self.expr(rhs, depth);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond, depth);
                self.expr(then, depth);
                self.expr(otherwise, depth);
            }
        }
    }

    /// The body of `def` for the call `name(args)` at `span`: parameters
    /// replaced, own variables renamed.
    fn instantiate(
        &mut self,
        def: &MacroDef,
        args: &[Expr],
        span: &crate::ast::Span,
        depth: u32,
    ) -> Option<Vec<Stmt>> {
        if depth >= MAX_DEPTH {
            self.errors.push(
                Diagnostic::error(
                    format!(
                        "macro {} expands more than {MAX_DEPTH} levels deep",
                        def.name
                    ),
                    span.clone(),
                )
                .with_label("does it call itself?"),
            );
            return None;
        }
        if args.len() != def.params.len() {
            self.errors.push(
                Diagnostic::error(
                    format!(
                        "macro {} takes {} argument(s) but got {}",
                        def.name,
                        def.params.len(),
                        args.len()
                    ),
                    span.clone(),
                )
                .with_label("wrong number of arguments"),
            );
            return None;
        }
        let mut vars = HashMap::new();
        let mut maps = HashMap::new();
        let mut exprs = HashMap::new();
        for (param, arg) in def.params.iter().zip(args) {
            match (param, &arg.kind) {
                (MacroParam::Var(p), ExprKind::Var(a)) => {
                    vars.insert(p.clone(), a.clone());
                }
                (MacroParam::Map(p), ExprKind::Map(m)) if m.keys.is_empty() => {
                    maps.insert(p.clone(), m.name.clone());
                }
                (MacroParam::Expr(p), _) => {
                    exprs.insert(p.clone(), arg.clone());
                }
                (MacroParam::Var(p), _) => {
                    self.errors.push(
                        Diagnostic::error(
                            format!("macro {} takes a variable for {p}", def.name),
                            arg.span.clone(),
                        )
                        .with_label("not a $variable"),
                    );
                    return None;
                }
                (MacroParam::Map(p), _) => {
                    self.errors.push(
                        Diagnostic::error(
                            format!("macro {} takes a map for @{p}", def.name),
                            arg.span.clone(),
                        )
                        .with_label("not a map (without keys)"),
                    );
                    return None;
                }
            }
        }
        let suffix = format!("~{}", self.next_copy());
        let mut body = def.body.clone();
        let mut rename = Rename {
            vars: &vars,
            maps: &maps,
            exprs: &exprs,
            suffix: &suffix,
            expander: self,
        };
        for s in &mut body {
            rename.stmt(s);
        }
        Some(body)
    }
}

/// Rewrites one copy of a macro body.
struct Rename<'a, 'p> {
    vars: &'a HashMap<String, String>,
    maps: &'a HashMap<String, String>,
    exprs: &'a HashMap<String, Expr>,
    suffix: &'a str,
    expander: &'a mut Expander<'p>,
}

impl Rename<'_, '_> {
    fn var(&self, name: &mut String) {
        if crate::ast::positional_index(name).is_some() || name == "$#" {
            return;
        }
        match self.vars.get(name.as_str()) {
            Some(outer) => *name = outer.clone(),
            None => name.push_str(self.suffix),
        }
    }

    fn map(&mut self, map: &mut MapRef) {
        if let Some(outer) = self.maps.get(&map.name) {
            map.name = outer.clone();
        }
        map.keys.iter_mut().for_each(|k| self.expr(k));
    }

    fn stmt(&mut self, s: &mut Stmt) {
        match &mut s.kind {
            StmtKind::Expr(e) | StmtKind::Discard(e) => self.expr(e),
            StmtKind::AssignVar { name, value } => {
                self.var(name);
                self.expr(value);
            }
            StmtKind::AssignMap { map, value } => {
                self.map(map);
                self.expr(value);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                then.iter_mut().for_each(|s| self.stmt(s));
                otherwise.iter_mut().for_each(|s| self.stmt(s));
            }
            StmtKind::Block(body) => body.iter_mut().for_each(|s| self.stmt(s)),
            StmtKind::ForMap { var, map, body } => {
                self.var(var);
                self.map(map);
                body.iter_mut().for_each(|s| self.stmt(s));
            }
            StmtKind::ForRange {
                var,
                start,
                end,
                body,
            } => {
                self.var(var);
                self.expr(start);
                self.expr(end);
                body.iter_mut().for_each(|s| self.stmt(s));
            }
            StmtKind::While { cond, body } => {
                self.expr(cond);
                body.iter_mut().for_each(|s| self.stmt(s));
            }
            StmtKind::Unroll { count, body } => {
                self.expr(count);
                body.iter_mut().for_each(|s| self.stmt(s));
            }
            StmtKind::Let {
                name,
                type_of,
                value,
                ..
            } => {
                self.var(name);
                if let Some(of) = type_of {
                    self.expr(of);
                }
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::Return | StmtKind::Break | StmtKind::Continue => {}
        }
    }

    fn expr(&mut self, e: &mut Expr) {
        if let ExprKind::Ident(name) = &e.kind
            && let Some(arg) = self.exprs.get(name.as_str())
        {
            // Each use of an expression parameter is its own copy,
            // numbered like an expansion.
            *e = arg.clone();
            self.expander.next_copy();
            return;
        }
        match &mut e.kind {
            ExprKind::Var(name) => self.var(name),
            ExprKind::Map(map) => self.map(map),
            ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Builtin(_)
            | ExprKind::Ident(_)
            | ExprKind::TypeName { .. } => {}
            ExprKind::Call { args, .. } => args.iter_mut().for_each(|a| self.expr(a)),
            ExprKind::Tuple(elements)
            | ExprKind::Record {
                values: elements, ..
            } => elements.iter_mut().for_each(|a| self.expr(a)),
            ExprKind::Field { base, .. } => self.expr(base),
            ExprKind::Index { base, index } => {
                self.expr(base);
                self.expr(index);
            }
            ExprKind::Unary { operand, .. }
            | ExprKind::RecordCast { operand, .. }
            | ExprKind::EnumCast { operand, .. }
            | ExprKind::NamedPointerCast { operand, .. } => self.expr(operand),
            ExprKind::TypeofCast { of, operand } => {
                self.expr(of);
                self.expr(operand);
            }
            ExprKind::IncDec { target, .. } => self.expr(target),
            ExprKind::Block { stmts, value } => {
                stmts.iter_mut().for_each(|s| self.stmt(s));
                self.expr(value);
            }
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.expr(then);
                self.expr(otherwise);
            }
        }
    }
}
