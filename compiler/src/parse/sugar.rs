//! What the parser rewrites into plainer forms: `#define`d names, `x++` and
//! `x op= v` as assignments, calls such as `pid()`, `ppid(t)`, `pcomm(t)`,
//! and `"a" + "b"` as the literal `"ab"`.

use super::expressions::{build_expr, build_map_ref};
use super::{Rule, SondeParser, internal, span_of};
use crate::ast::*;
use crate::diag::Diagnostic;
use pest::Parser as _;
use pest::iterators::Pair;

thread_local! {
    /// The script's `#define` constants while it is parsed: a name among
    /// them parses as its value.
    pub(super) static DEFINES: std::cell::RefCell<std::collections::HashMap<String, ExprKind>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Each `#define`'s value, parsed: an integer (maybe negative) or a string.
pub(super) fn define_constants(
    defines: &[crate::preprocess::Define],
) -> Result<std::collections::HashMap<String, ExprKind>, Vec<Diagnostic>> {
    let mut out = std::collections::HashMap::new();
    let mut errors = Vec::new();
    for d in defines {
        let refuse = || {
            Diagnostic::error(
                format!("#define {} must be an integer or a string", d.name),
                d.span.clone(),
            )
            .with_label("not a constant Sonde can use")
            .with_hint("#define AF_INET 2, #define MASK 0xff, #define RED \"\\033[31m\"")
        };
        let value = SondeParser::parse(Rule::define_value, &d.value)
            .ok()
            .and_then(|mut pairs| pairs.next())
            .and_then(|pair| pair.into_inner().next())
            .map(build_expr);
        match value {
            Some(Ok(Expr {
                kind: kind @ (ExprKind::Int(_) | ExprKind::Str(_)),
                ..
            })) => {
                out.insert(d.name.clone(), kind);
            }
            Some(Ok(Expr {
                kind:
                    ExprKind::Unary {
                        op: UnaryOp::Neg,
                        operand,
                    },
                ..
            })) if matches!(operand.kind, ExprKind::Int(_)) => {
                let ExprKind::Int(v) = operand.kind else {
                    continue;
                };
                out.insert(d.name.clone(), ExprKind::Int(v.wrapping_neg()));
            }
            _ => errors.push(refuse()),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A `#define`d name parses as its value; any other is a bare word, which
/// `resolve_builtins` makes a builtin variable after macro expansion.
pub(super) fn build_word(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let name = pair.as_str();
    let kind = DEFINES
        .with(|d| d.borrow().get(name).cloned())
        .unwrap_or_else(|| ExprKind::Ident(name.to_string()));
    Ok(Expr::new(kind, span))
}

/// `target = value`, or for `target op= value` (and `++`/`--`) the same as
/// `target = target op value`.
pub(super) fn assignment(
    target: Pair<Rule>,
    op: Option<BinaryOp>,
    value: Expr,
    span: Span,
) -> Result<StmtKind, Diagnostic> {
    let value = match op {
        None => value,
        Some(op) => Expr::new(
            ExprKind::Binary {
                op,
                lhs: Box::new(build_expr(target.clone())?),
                rhs: Box::new(value),
            },
            span,
        ),
    };
    match target.as_rule() {
        Rule::map_ref => Ok(StmtKind::AssignMap {
            map: build_map_ref(target)?,
            value,
        }),
        Rule::variable => Ok(StmtKind::AssignVar {
            name: target.as_str().to_string(),
            value,
        }),
        _ => Err(internal(&span_of(&target))),
    }
}

/// What the call `name(args)` is rewritten as, if it is one the parser
/// rewrites; None for a plain call.
pub(super) fn rewrite_call(name: &Pair<Rule>, args: &[Expr], span: &Span) -> Option<Expr> {
    // `pid()` is `pid`, as in current bpftrace: a builtin that is
    // not also a function may be called without arguments. A bare word
    // still, so that a macro `pid()` expands it as it would `pid`.
    if args.is_empty()
        && crate::builtins::Builtin::from_name(name.as_str()).is_some()
        && crate::builtins::Function::from_name(name.as_str()).is_none()
    {
        return Some(Expr::new(
            ExprKind::Ident(name.as_str().to_string()),
            span.clone(),
        ));
    }
    // `ppid(task)`, `pcomm(task)`, `leader_tid(task)`, `leader_comm(task)`:
    // as current bpftrace, the members these builtins read of the current
    // task, of this one.
    let task_members = match name.as_str() {
        "ppid" => Some(("real_parent", "tgid")),
        "pcomm" => Some(("real_parent", "comm")),
        "leader_comm" => Some(("group_leader", "comm")),
        "leader_tid" => Some(("group_leader", "pid")),
        _ => None,
    };
    if let (Some((pointer, member)), [task]) = (task_members, args) {
        // Messages about the inner access point at the name, about the
        // outer at the whole call.
        let name_span = span_of(name);
        let field = |base: Expr, field: &str, span: &Span| {
            Expr::new(
                ExprKind::Field {
                    base: Box::new(base),
                    field: field.to_string(),
                    field_span: name_span.clone(),
                },
                span.clone(),
            )
        };
        let parent = field(task.clone(), pointer, &name_span);
        return Some(field(parent, member, span));
    }
    // `sizeof(typeof(x))` is `sizeof(x)`: the size of x's type.
    if name.as_str() == "sizeof"
        && let [arg] = args
        && let ExprKind::Call {
            name: inner,
            args: of,
            ..
        } = &arg.kind
        && inner == "typeof"
        && let [of] = of.as_slice()
    {
        return Some(Expr::new(
            ExprKind::Call {
                name: "sizeof".to_string(),
                name_span: span_of(name),
                args: vec![of.clone()],
            },
            span.clone(),
        ));
    }
    // `pid(init)`, `tid(curr_ns)`: the namespace they are seen from.
    // Resolved here, before macros: no macro can stand for these.
    if let [arg] = args
        && let ExprKind::Ident(ns) = &arg.kind
        && let Some(b) = crate::builtins::Builtin::in_namespace(name.as_str(), ns)
    {
        return Some(Expr::new(ExprKind::Builtin(b), span.clone()));
    }
    None
}

/// `x++` and `x--` as statements: `x = x + 1` and `x = x - 1`.
pub(super) fn step_statement(pair: Pair<Rule>, span: &Span) -> Result<StmtKind, Diagnostic> {
    let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
    let (target, op) = match parts.as_slice() {
        [a, b] if a.as_rule() == Rule::incdec_op => (b.clone(), a.clone()),
        [a, b] => (a.clone(), b.clone()),
        _ => return Err(internal(span)),
    };
    // The step's span is empty (at the operator): sema tells an
    // increment from `x + 1` by it (`ast::is_step`).
    let at = span_of(&op).start;
    let one = Expr::new(ExprKind::Int(1), at..at);
    let op = if op.as_str() == "++" {
        BinaryOp::Add
    } else {
        BinaryOp::Sub
    };
    assignment(target, Some(op), one, span.clone())
}

/// The variable `a ?: b` keeps `a` in; a `$` name no script can spell
/// (`?` is no identifier character), so it can shadow nothing.
const ELVIS_VALUE: &str = "$?:";

/// `a ?: b` as `{ let $?: = a; $?: ? $?: : b }`: `a` evaluated once, its
/// value when it is true, else `b`.
pub(super) fn elvis(value: Expr, otherwise: Expr, span: Span) -> Result<Expr, Diagnostic> {
    let var = |span: &Span| Expr::new(ExprKind::Var(ELVIS_VALUE.to_string()), span.clone());
    let value_span = value.span.clone();
    let keep = Stmt::new(
        StmtKind::Let {
            name: ELVIS_VALUE.to_string(),
            ty: None,
            type_of: None,
            value: Some(value),
        },
        value_span.clone(),
    );
    let choice = Expr::new(
        ExprKind::Ternary {
            cond: Box::new(var(&value_span)),
            then: Box::new(var(&value_span)),
            otherwise: Box::new(otherwise),
        },
        span.clone(),
    );
    Ok(Expr::new(
        ExprKind::Block {
            stmts: vec![keep],
            value: Box::new(choice),
        },
        span,
    ))
}

/// `lhs op rhs`; two string literals added are the one literal they make
/// (`"a" + "b" + "c"` is `"abc"`), as bpftrace 0.27 joins them. `+` of any
/// other strings stays an error for sema to report.
pub(super) fn binary(op: BinaryOp, lhs: Expr, rhs: Expr, span: Span) -> Expr {
    match (op, &lhs.kind, &rhs.kind) {
        (BinaryOp::Add, ExprKind::Str(a), ExprKind::Str(b)) => {
            let joined = [a.as_slice(), b.as_slice()].concat();
            Expr::new(ExprKind::Str(joined), span)
        }
        _ => Expr::new(
            ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
        ),
    }
}
