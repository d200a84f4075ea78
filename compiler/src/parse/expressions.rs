//! Expressions: the ternary, the Pratt precedence over the flat list of
//! operands and operators, unary and postfix operators, and the dispatch
//! from each operand's rule to the room that builds it.

use super::literals::{self, parse_integer};
use super::statements::build_stmt;
use super::{Rule, internal, span_of, sugar, types};
use crate::ast::*;
use crate::diag::Diagnostic;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::OnceLock;

/// C's precedence and associativity of the binary operators, loosest first.
fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::op_or, Assoc::Left))
            .op(Op::infix(Rule::op_and, Assoc::Left))
            .op(Op::infix(Rule::op_bor, Assoc::Left))
            .op(Op::infix(Rule::op_xor, Assoc::Left))
            .op(Op::infix(Rule::op_band, Assoc::Left))
            .op(Op::infix(Rule::op_eq, Assoc::Left) | Op::infix(Rule::op_ne, Assoc::Left))
            .op(Op::infix(Rule::op_lt, Assoc::Left)
                | Op::infix(Rule::op_le, Assoc::Left)
                | Op::infix(Rule::op_gt, Assoc::Left)
                | Op::infix(Rule::op_ge, Assoc::Left))
            .op(Op::infix(Rule::op_shl, Assoc::Left) | Op::infix(Rule::op_shr, Assoc::Left))
            .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
            .op(Op::infix(Rule::op_mul, Assoc::Left)
                | Op::infix(Rule::op_div, Assoc::Left)
                | Op::infix(Rule::op_rem, Assoc::Left))
    })
}

fn binary_op(rule: Rule) -> Option<BinaryOp> {
    Some(match rule {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_bor => BinaryOp::BitOr,
        Rule::op_xor => BinaryOp::BitXor,
        Rule::op_band => BinaryOp::BitAnd,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_shl => BinaryOp::Shl,
        Rule::op_shr => BinaryOp::Shr,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        Rule::op_rem => BinaryOp::Rem,
        _ => return None,
    })
}

/// An expression: each operand family goes to the function (or room) that builds it.
pub(super) fn build_expr(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::expr => build_ternary(pair),
        Rule::binary => build_binary(pair),
        Rule::unary => build_unary(pair),
        Rule::postfix_expr => build_postfix(pair),
        Rule::paren => build_paren(pair),
        Rule::integer => Ok(Expr::new(
            ExprKind::Int(parse_integer(pair.as_str(), &span)?),
            span,
        )),
        Rule::string => literals::build_string(pair),
        Rule::builtin => sugar::build_word(pair),
        Rule::variable => Ok(Expr::new(ExprKind::Var(pair.as_str().to_string()), span)),
        Rule::map_ref => Ok(Expr::new(ExprKind::Map(build_map_ref(pair)?), span)),
        Rule::type_name => types::build_type_name(pair),
        Rule::block_expr => build_block_expr(pair),
        Rule::if_expr => build_if_expr(pair),
        Rule::call => build_call(pair),
        _ => Err(internal(&span)),
    }
}

/// `cond ? then : otherwise`, `value ?: otherwise`, or just the condition
/// when there is no `?`.
fn build_ternary(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let first = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
    match (inner.next(), inner.next()) {
        (Some(elvis), Some(otherwise)) if elvis.as_rule() == Rule::elvis => {
            sugar::elvis(first, build_expr(otherwise)?, span)
        }
        (Some(then), Some(otherwise)) => Ok(Expr::new(
            ExprKind::Ternary {
                cond: Box::new(first),
                then: Box::new(build_expr(then)?),
                otherwise: Box::new(build_expr(otherwise)?),
            },
            span,
        )),
        _ => Ok(first),
    }
}

/// The binary operators, by C precedence (`pratt`).
fn build_binary(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    pratt()
        .map_primary(build_expr)
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = (lhs?, rhs?);
            let op = binary_op(op.as_rule()).ok_or_else(|| internal(&span))?;
            let span = lhs.span.start..rhs.span.end;
            Ok(super::sugar::binary(op, lhs, rhs, span))
        })
        .parse(pair.into_inner())
}

/// Prefix operators and casts, and `++`/`--` before or after an operand.
fn build_unary(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let mut parts: Vec<Pair<Rule>> = pair.into_inner().collect();
    if let [only] = parts.as_slice()
        && only.as_rule() == Rule::incdec_pre
    {
        let mut inner = only.clone().into_inner();
        let op = inner.next().ok_or_else(|| internal(&span))?;
        let target = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
        return Ok(Expr::new(
            ExprKind::IncDec {
                target: Box::new(target),
                increment: op.as_str() == "++",
                prefix: true,
            },
            span,
        ));
    }
    let post = match parts.last() {
        Some(p) if p.as_rule() == Rule::incdec_post => {
            let increment = p.as_str() == "++";
            let op_span = span_of(p);
            parts.pop();
            Some((increment, op_span))
        }
        _ => None,
    };
    let (operand, prefixes) = parts.split_last().ok_or_else(|| internal(&span))?;
    let mut expr = build_expr(operand.clone())?;
    if let Some((increment, op_span)) = post {
        let span = expr.span.start..op_span.end;
        expr = Expr::new(
            ExprKind::IncDec {
                target: Box::new(expr),
                increment,
                prefix: false,
            },
            span,
        );
    }
    for prefix in prefixes.iter().rev() {
        expr = apply_prefix(prefix, expr, &span)?;
    }
    Ok(expr)
}

/// `expr` with the prefix operator or cast written before it applied.
fn apply_prefix(prefix: &Pair<Rule>, expr: Expr, span: &Span) -> Result<Expr, Diagnostic> {
    if let Some(of) = prefix
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::typeof_type)
        .and_then(|t| t.into_inner().next())
    {
        let of = build_expr(of)?;
        let span = prefix.as_span().start()..expr.span.end;
        return Ok(Expr::new(
            ExprKind::TypeofCast {
                of: Box::new(of),
                operand: Box::new(expr),
            },
            span,
        ));
    }
    if let Some(cast) = types::named_cast(prefix) {
        let span = prefix.as_span().start()..expr.span.end;
        return Ok(Expr::new(cast.apply(expr), span));
    }
    let op = match prefix.as_rule() {
        Rule::op_not => UnaryOp::Not,
        Rule::op_bnot => UnaryOp::BitNot,
        Rule::op_neg => UnaryOp::Neg,
        Rule::op_deref => UnaryOp::Deref,
        Rule::op_addr => UnaryOp::AddressOf,
        Rule::cast => types::int_cast(prefix, span)?,
        _ => return Err(internal(span)),
    };
    let span = prefix.as_span().start()..expr.span.end;
    Ok(Expr::new(
        ExprKind::Unary {
            op,
            operand: Box::new(expr),
        },
        span,
    ))
}

/// `.field`, `->field` and `[index]` after an operand.
fn build_postfix(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let mut expr = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
    for access in inner {
        let access_span = span_of(&access);
        let is_index = access.as_rule() == Rule::index_access;
        let field = access.into_inner().next().ok_or_else(|| internal(&span))?;
        if is_index {
            let index = build_expr(field)?;
            let span = expr.span.start..access_span.end;
            expr = Expr::new(
                ExprKind::Index {
                    base: Box::new(expr),
                    index: Box::new(index),
                },
                span,
            );
            continue;
        }
        let field_span = span_of(&field);
        let span = expr.span.start..field_span.end;
        expr = Expr::new(
            ExprKind::Field {
                base: Box::new(expr),
                field: field.as_str().to_string(),
                field_span,
            },
            span,
        );
    }
    Ok(expr)
}

/// `(e)` is `e`; `(a, b)`, `(a,)` and `()` are tuples.
fn build_paren(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
    let commas = parts
        .iter()
        .filter(|p| p.as_rule() == Rule::tuple_comma)
        .count();
    let items: Vec<Pair<Rule>> = parts
        .into_iter()
        .filter(|p| p.as_rule() != Rule::tuple_comma)
        .collect();
    if items.iter().any(|p| p.as_rule() == Rule::record_field) {
        return build_record(items, span);
    }
    let mut elements: Vec<Expr> = items
        .into_iter()
        .map(build_expr)
        .collect::<Result<_, _>>()?;
    if commas == 0 && elements.len() == 1 {
        return elements.pop().ok_or_else(|| internal(&span));
    }
    // `(1,)`: a tuple of one element; `()` the empty tuple, as
    // current bpftrace has them.
    Ok(Expr::new(ExprKind::Tuple(elements), span))
}

/// `(a = 1, b = "x")`: every element named, each name once.
fn build_record(items: Vec<Pair<Rule>>, span: Span) -> Result<Expr, Diagnostic> {
    let mut names: Vec<String> = Vec::new();
    let mut values = Vec::new();
    for item in items {
        let item_span = span_of(&item);
        if item.as_rule() != Rule::record_field {
            return Err(
                Diagnostic::error("a record's elements all have names", item_span)
                    .with_label("no name")
                    .with_hint("(a = 1, b = \"x\"), or a tuple without names: (1, \"x\")"),
            );
        }
        let mut parts = item.into_inner();
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
            return Err(internal(&item_span));
        };
        if names.iter().any(|n| n == name.as_str()) {
            return Err(Diagnostic::error(
                format!("the record already has an element named {}", name.as_str()),
                span_of(&name),
            )
            .with_label("named twice"));
        }
        names.push(name.as_str().to_string());
        values.push(build_expr(value)?);
    }
    Ok(Expr::new(ExprKind::Record { names, values }, span))
}

/// `{ stmts; value }`: a block used as a value.
fn build_block_expr(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let text = pair.as_str();
    let mut stmts = pair
        .into_inner()
        .map(build_stmt)
        .collect::<Result<Vec<_>, _>>()?;
    // The value: a last expression statement with no `;` after it.
    let value = match stmts.pop() {
        Some(Stmt {
            kind: StmtKind::Expr(value),
            span: stmt_span,
            ..
        }) if text
            .get(stmt_span.end.saturating_sub(span.start)..text.len().saturating_sub(1))
            .is_some_and(|rest| !rest.contains(';')) =>
        {
            value
        }
        _ => {
            return Err(Diagnostic::error(
                "a block used as a value must end in an expression",
                span.clone(),
            )
            .with_label("no value at its end")
            .with_hint("write the value last, without ';': { let $b = 1; $b + 1 }"));
        }
    };
    Ok(Expr::new(
        ExprKind::Block {
            stmts,
            value: Box::new(value),
        },
        span,
    ))
}

/// `if (c) { a } else { b }` as a value: `c ? { a } : { b }`, whose
/// branches run only when taken.
fn build_if_expr(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let mut parts = pair
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::kw_if | Rule::kw_else));
    let mut next =
        || -> Result<Expr, Diagnostic> { build_expr(parts.next().ok_or_else(|| internal(&span))?) };
    let (cond, then, otherwise) = (next()?, next()?, next()?);
    Ok(Expr::new(
        ExprKind::Ternary {
            cond: Box::new(cond),
            then: Box::new(then),
            otherwise: Box::new(otherwise),
        },
        span,
    ))
}

/// `name(args)`, after the rewrites of `sugar::rewrite_call`.
fn build_call(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = inner.next().ok_or_else(|| internal(&span))?;
    let args = inner.map(build_expr).collect::<Result<Vec<_>, _>>()?;
    if let Some(rewritten) = sugar::rewrite_call(&name, &args, &span) {
        return Ok(rewritten);
    }
    Ok(Expr::new(
        ExprKind::Call {
            name: name.as_str().to_string(),
            name_span: span_of(&name),
            args,
        },
        span,
    ))
}

pub(super) fn build_map_ref(pair: Pair<Rule>) -> Result<MapRef, Diagnostic> {
    let span = span_of(&pair);
    let mut name = String::new();
    let mut keys = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::map_name => name = part.as_str().to_string(),
            Rule::map_keys => {
                keys = part
                    .into_inner()
                    .map(build_expr)
                    .collect::<Result<_, _>>()?;
                // `@m[(a, b)]` is `@m[a, b]`: keys are a tuple either way.
                if let [
                    Expr {
                        kind: ExprKind::Tuple(elements),
                        ..
                    },
                ] = keys.as_slice()
                {
                    keys = elements.clone();
                }
            }
            _ => return Err(internal(&span)),
        }
    }
    Ok(MapRef { name, keys, span })
}
