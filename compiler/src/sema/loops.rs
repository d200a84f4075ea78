//! Loops and the jumps out of them: `for` over a map or a range, `while`,
//! `unroll`, `break`, `continue` (and `return` inside a `for`).

use super::checker::{Checker, MapInfo, constant_int};
use super::positional::{Positional, positional_index, positional_value};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::script::MapKind;
use crate::types::Type;

/// bpftrace's bound on `unroll(N)`.
pub const MAX_UNROLL: u64 = 100;

/// How many copies nested unrolls may make of a block (Sonde's bound: the
/// code grows with the product of their counts).
pub const MAX_UNROLLED_COPIES: u64 = 1000;

/// `unroll`'s count: an integer literal or a numeric positional parameter.
pub(super) fn unroll_count(positional: &[String], count: &Expr) -> Option<i64> {
    match &count.kind {
        ExprKind::Var(name) if positional_index(name).is_some() || name == "$#" => {
            // Not given: 0, as everywhere (and as in bpftrace).
            match positional_value(positional, name) {
                None => Some(0),
                Some(Positional::Int(n)) => Some(n),
                Some(Positional::Text(_)) => None,
            }
        }
        _ => constant_int(count),
    }
}

/// A loop, as `break`, `continue` and `return` inside it see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LoopKind {
    /// `while`: inline, in the probe's own code.
    While,
    /// `for`: the body is a callback (bpf_loop, bpf_for_each_map_elem).
    For,
    /// `unroll(N)`: not a loop for break and continue, as in bpftrace.
    Unroll(u64),
}

impl Checker<'_> {
    /// `for ($kv : @map) { body }`: $kv is (key, value), the key a tuple when
    /// the map has several.
    pub(super) fn for_map(&mut self, s: &Stmt, var: &str, map: &MapRef, body: &[Stmt]) {
        let problem = |message: String, label: &str| {
            Diagnostic::error(message, map.span.clone()).with_label(label.to_string())
        };
        let kv = if !map.keys.is_empty() {
            Err(problem(
                "a for loop iterates a whole map".into(),
                "write the map without keys",
            )
            .with_hint(format!("for ($kv : @{}) {{ ... }}", map.name)))
        } else {
            match self.maps.get(&map.name) {
                None => Err(problem(
                    format!("undefined map @{}", map.name),
                    "never assigned in this script",
                )),
                Some(MapInfo {
                    kind: Some(kind), ..
                }) if kind.has_bucket_key() || *kind == MapKind::Stats => Err(problem(
                    format!(
                        "for loops over {}() maps are not supported",
                        kind.function()
                    ),
                    "a map of buckets or stats",
                )
                .with_hint(format!("print(@{}) prints it", map.name))),
                Some(MapInfo {
                    keys: Some(keys),
                    value: Some(value),
                    ..
                }) if !keys.is_empty() => Ok((keys.clone(), *value)),
                Some(_) => Err(problem(
                    format!("@{} has no keys to iterate", map.name),
                    "a scalar map",
                )),
            }
        };
        let kv = match kv {
            Ok((keys, value)) => {
                let key = if keys.len() == 1 {
                    keys[0]
                } else {
                    self.intern_tuple(keys)
                };
                Some(self.intern_tuple(vec![key, value]))
            }
            Err(d) => {
                self.error(d);
                None
            }
        };
        self.scopes.push();
        let slot = self.loop_variable(s, var);
        if let Some(kv) = kv {
            self.probes[self.current].vars.insert(slot, kv);
        }
        self.loops.push(LoopKind::For);
        self.stmts(body);
        self.loops.pop();
        self.scopes.pop();
    }

    /// `for ($i : start..end) { body }`: $i is an integer, signed unless an
    /// end is unsigned (as a C comparison of the two would be).
    pub(super) fn for_range(
        &mut self,
        s: &Stmt,
        var: &str,
        start: &Expr,
        end: &Expr,
        body: &[Stmt],
    ) {
        let mut signed = Some(true);
        for e in [start, end] {
            match self.value_expr(e) {
                Some(t) if t.is_integer() => {
                    let s = matches!(t.as_arith(), Type::Int { signed: true });
                    signed = signed.map(|all| all && s)
                }
                Some(other) => {
                    signed = None;
                    self.error(
                        Diagnostic::error(
                            format!(
                                "a range's ends must be integers, this is {}",
                                other.describe_with_article()
                            ),
                            e.span.clone(),
                        )
                        .with_label("not an integer")
                        .with_hint("for ($i : 0..10) { ... }"),
                    );
                }
                None => signed = None,
            }
        }
        self.scopes.push();
        let slot = self.loop_variable(s, var);
        if let Some(signed) = signed {
            self.probes[self.current]
                .vars
                .insert(slot, Type::Int { signed });
        }
        self.loops.push(LoopKind::For);
        self.stmts(body);
        self.loops.pop();
        self.scopes.pop();
    }

    /// Declares a for loop's variable in the loop's block (just pushed); it
    /// may not shadow a variable of an enclosing block, as in bpftrace.
    fn loop_variable(&mut self, s: &Stmt, var: &str) -> String {
        if positional_index(var).is_some() || var == "$#" {
            self.error(
                Diagnostic::error(
                    format!("{var} is a positional parameter and cannot be a loop variable"),
                    s.span.clone(),
                )
                .with_label("read-only"),
            );
        } else if self.scopes.lookup(var).is_some() {
            self.error(
                Diagnostic::error(
                    format!("the loop variable {var} shadows a variable of the same name"),
                    s.span.clone(),
                )
                .with_label(format!("{var} is already a variable here"))
                .with_hint("give the loop variable a name of its own"),
            );
        }
        let slot = self.scopes.declare(var, false);
        self.analysis.var_slots.insert(s.id, slot.clone());
        slot
    }

    /// A while or unroll body: a block inside a loop of this kind.
    pub(super) fn loop_body(&mut self, kind: LoopKind, body: &[Stmt]) {
        self.loops.push(kind);
        self.block(body);
        self.loops.pop();
    }

    /// `unroll(N)`: N a literal (or numeric positional parameter) from 1 to
    /// 100, as in bpftrace. Returns N (1 when it is wrong).
    pub(super) fn unroll(&mut self, count: &Expr) -> u64 {
        match unroll_count(&self.positional, count) {
            Some(n) if (1..=MAX_UNROLL as i64).contains(&n) => {
                let n = n as u64;
                let copies = self
                    .loops
                    .iter()
                    .filter_map(|l| match l {
                        LoopKind::Unroll(k) => Some(*k),
                        _ => None,
                    })
                    .product::<u64>()
                    .saturating_mul(n);
                if copies > MAX_UNROLLED_COPIES {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "nested unrolls would repeat this block {copies} times, more than {MAX_UNROLLED_COPIES}"
                            ),
                            count.span.clone(),
                        )
                        .with_label("inside other unrolls")
                        .with_hint("use while or for ($i : 0..N) for the outer repetitions"),
                    );
                    return 1;
                }
                return n;
            }
            Some(n) => {
                self.error(
                    Diagnostic::error(
                        format!("unroll's count must be from 1 to {MAX_UNROLL}"),
                        count.span.clone(),
                    )
                    .with_label(match &count.kind {
                        ExprKind::Var(name) if positional_value(&self.positional, name).is_none() => {
                            format!("{name} was not given, so it is 0")
                        }
                        _ => format!("{n} is {}", if n < 1 { "too few" } else { "too many" }),
                    })
                    .with_hint(
                        "for more iterations use while or for ($i : 0..N) { ... }, which the kernel runs as loops",
                    ),
                );
            }
            None => {
                self.error(
                    Diagnostic::error(
                        "unroll's count must be an integer literal",
                        count.span.clone(),
                    )
                    .with_label("not a literal")
                    .with_hint(
                        "unroll repeats its block at compile time; for a count known only at run time use while or for ($i : 0..N)",
                    ),
                );
            }
        }
        1
    }

    /// `break` and `continue`: inside a while or for loop.
    pub(super) fn jump(&mut self, s: &Stmt) {
        let word = if matches!(s.kind, StmtKind::Break) {
            "break"
        } else {
            "continue"
        };
        if !self
            .loops
            .iter()
            .any(|l| matches!(l, LoopKind::While | LoopKind::For))
        {
            let mut d = Diagnostic::error(format!("{word} outside of a loop"), s.span.clone())
                .with_label("not inside a while or for loop");
            if self.loops.iter().any(|l| matches!(l, LoopKind::Unroll(_))) {
                d = d.with_hint(
                    "unroll repeats its block at compile time; it is not a loop to leave",
                );
            }
            self.error(d);
        }
    }
}
