//! Statements and blocks.

use super::expressions::{build_expr, build_map_ref};
use super::sugar::{self, assignment};
use super::types::decl_type;
use super::{Rule, internal, span_of};
use crate::ast::*;
use crate::diag::Diagnostic;
use pest::iterators::Pair;

pub(super) fn build_block(pair: Pair<Rule>) -> Result<Vec<Stmt>, Diagnostic> {
    pair.into_inner().map(build_stmt).collect()
}

pub(super) fn build_stmt(pair: Pair<Rule>) -> Result<Stmt, Diagnostic> {
    let span = span_of(&pair);
    let kind = match pair.as_rule() {
        Rule::return_stmt => StmtKind::Return,
        Rule::block => StmtKind::Block(build_block(pair)?),
        Rule::expr_stmt => {
            let e = pair.into_inner().next().ok_or_else(|| internal(&span))?;
            StmtKind::Expr(build_expr(e)?)
        }
        Rule::incdec_stmt => sugar::step_statement(pair, &span)?,
        Rule::discard_stmt => {
            let value = pair.into_inner().next().ok_or_else(|| internal(&span))?;
            StmtKind::Discard(build_expr(value)?)
        }
        Rule::assign_stmt => {
            let mut inner = pair.into_inner();
            let target = inner.next().ok_or_else(|| internal(&span))?;
            let op = inner.next().ok_or_else(|| internal(&span))?;
            let value = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
            let op = match op.as_str() {
                "=" => None,
                "+=" => Some(BinaryOp::Add),
                "-=" => Some(BinaryOp::Sub),
                "*=" => Some(BinaryOp::Mul),
                "/=" => Some(BinaryOp::Div),
                "%=" => Some(BinaryOp::Rem),
                "&=" => Some(BinaryOp::BitAnd),
                "|=" => Some(BinaryOp::BitOr),
                "^=" => Some(BinaryOp::BitXor),
                "<<=" => Some(BinaryOp::Shl),
                ">>=" => Some(BinaryOp::Shr),
                _ => return Err(internal(&span)),
            };
            assignment(target, op, value, span.clone())?
        }
        Rule::if_stmt => build_if(pair)?,
        Rule::for_stmt => {
            let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::kw_for);
            let var = inner.next().ok_or_else(|| internal(&span))?;
            let iterable = inner.next().ok_or_else(|| internal(&span))?;
            let body = build_block(inner.next().ok_or_else(|| internal(&span))?)?;
            let var = var.as_str().to_string();
            if iterable.as_rule() == Rule::range {
                let mut ends = iterable.into_inner();
                let start = build_expr(ends.next().ok_or_else(|| internal(&span))?)?;
                let end = build_expr(ends.next().ok_or_else(|| internal(&span))?)?;
                StmtKind::ForRange {
                    var,
                    start,
                    end,
                    body,
                }
            } else {
                StmtKind::ForMap {
                    var,
                    map: build_map_ref(iterable)?,
                    body,
                }
            }
        }
        Rule::while_stmt | Rule::unroll_stmt => {
            let is_while = pair.as_rule() == Rule::while_stmt;
            let mut inner = pair
                .into_inner()
                .filter(|p| !matches!(p.as_rule(), Rule::kw_while | Rule::kw_unroll));
            let head = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
            let body = build_block(inner.next().ok_or_else(|| internal(&span))?)?;
            if is_while {
                StmtKind::While { cond: head, body }
            } else {
                StmtKind::Unroll { count: head, body }
            }
        }
        Rule::break_stmt => StmtKind::Break,
        Rule::continue_stmt => StmtKind::Continue,
        Rule::let_stmt => {
            let mut name = String::new();
            let mut ty = None;
            let mut type_of = None;
            let mut value = None;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::variable => name = part.as_str().to_string(),
                    Rule::let_type => ty = Some(decl_type(part.as_str(), &span)?),
                    Rule::typeof_type => {
                        let of = part.into_inner().next().ok_or_else(|| internal(&span))?;
                        type_of = Some(Box::new(build_expr(of)?));
                    }
                    Rule::expr | Rule::block_expr => value = Some(build_expr(part)?),
                    _ => {}
                }
            }
            StmtKind::Let {
                name,
                ty,
                type_of,
                value,
            }
        }
        _ => return Err(internal(&span)),
    };
    Ok(Stmt::new(kind, span))
}

fn build_if(pair: Pair<Rule>) -> Result<StmtKind, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::kw_if | Rule::kw_else));
    let cond = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
    let then = build_block(inner.next().ok_or_else(|| internal(&span))?)?;
    let otherwise = match inner.next() {
        None => Vec::new(),
        Some(else_part) => {
            let branch = else_part
                .into_inner()
                .find(|p| p.as_rule() != Rule::kw_else)
                .ok_or_else(|| internal(&span))?;
            match branch.as_rule() {
                Rule::if_stmt => {
                    let s = span_of(&branch);
                    vec![Stmt::new(build_if(branch)?, s)]
                }
                _ => build_block(branch)?,
            }
        }
    };
    Ok(StmtKind::If {
        cond,
        then,
        otherwise,
    })
}
