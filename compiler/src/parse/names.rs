//! The builtin variables among a program's bare words, resolved once.
//!
//! The parser leaves every bare word a word (`ExprKind::Ident`), except the
//! calls it rewrites itself (`pid(init)`: no macro can stand for those).
//! Macro expansion then replaces the words that name a macro or a macro's
//! parameter, which take precedence over a builtin of the same name, and
//! only after that does this step make the words that name builtin
//! variables `ExprKind::Builtin`. Sema and codegen match on the enum; what
//! is left a word, sema resolves by its name where it is used.

use crate::ast::*;

/// Makes every bare word that names a builtin variable that variable.
pub fn resolve_builtins(program: &mut Program) {
    let mut resolve = |e: &mut Expr| {
        if let ExprKind::Ident(word) = &e.kind
            && let Some(b) = Builtin::from_name(word)
        {
            e.kind = ExprKind::Builtin(b);
        }
    };
    for probe in &mut program.probes {
        if let Some(p) = &mut probe.predicate {
            p.walk_mut(&mut resolve);
        }
        for s in &mut probe.body {
            s.walk_exprs_mut(&mut resolve);
        }
    }
}
