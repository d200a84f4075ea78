//! Expressions. Integers are i64 SSA values; strings are pointers to
//! `Analysis::string_size`-byte, NUL-padded stack buffers.

mod arrays;
mod builtins;
mod calls;
mod operators;
mod reads;
mod strings;

use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, ExprKind, UnaryOp};
use crate::builtins::Builtin;
use crate::types::Type;
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

#[derive(Debug, Clone, Copy)]
pub enum Val<'ctx> {
    Int(IntValue<'ctx>),
    Str(PointerValue<'ctx>),
    /// A buffer holding the elements in their slots (see `ValueKind::Tuple`).
    Tuple(PointerValue<'ctx>),
    Void,
}

impl<'ctx> Val<'ctx> {
    pub fn int(self) -> CgResult<IntValue<'ctx>> {
        match self {
            Val::Int(v) => Ok(v),
            other => Err(CodegenError(format!("expected an integer, got {other:?}"))),
        }
    }
}

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub fn expr(&self, f: &mut Func<'ctx, 'a>, e: &Expr) -> CgResult<Val<'ctx>> {
        // A probe read made for `e` (after its operands) is `e`'s (`-k`).
        let outer = self.reading_at.replace((e.span.start, e.span.end));
        let value = self.expr_kind(f, e);
        self.reading_at.set(outer);
        value
    }

    fn expr_kind(&self, f: &mut Func<'ctx, 'a>, e: &Expr) -> CgResult<Val<'ctx>> {
        match &e.kind {
            ExprKind::Int(v) => Ok(Val::Int(self.i64.const_int(*v, false))),
            ExprKind::Str(bytes) => Ok(Val::Str(self.const_string(f, bytes)?)),
            ExprKind::Builtin(b @ (Builtin::Kstack | Builtin::Ustack)) => {
                match self.analysis.type_of(e) {
                    Type::Stack(st) => self.stack(f, st),
                    _ => Err(CodegenError(format!("{} without a stack type", b.name()))),
                }
            }
            // A word sema resolved: an enumerator, a kernel constant.
            ExprKind::Ident(name) => match self.analysis.call_info(e) {
                Some(crate::sema::CallInfo::Constant(v)) => {
                    Ok(Val::Int(self.i64.const_int(*v, false)))
                }
                _ => Err(CodegenError(format!("unknown identifier {name}"))),
            },
            ExprKind::Builtin(b) => match self.analysis.call_info(e) {
                // An enumerator by its name, ncpus, has_cpid.
                Some(crate::sema::CallInfo::Constant(v)) => {
                    Ok(Val::Int(self.i64.const_int(*v, false)))
                }
                Some(crate::sema::CallInfo::TaskPid { pointer, member }) => {
                    self.task_pid(f, *pointer, *member)
                }
                Some(crate::sema::CallInfo::TaskComm { pointer, member }) => {
                    self.task_comm(f, *pointer, *member)
                }
                _ => self.builtin(f, *b),
            },
            // `$N`, `$#`: what sema found they stand for (0 when not given).
            ExprKind::Var(name)
                if crate::sema::positional_index(name).is_some() || name == "$#" =>
            {
                match self.analysis.call_info(e) {
                    Some(crate::sema::CallInfo::Constant(v)) => {
                        Ok(Val::Int(self.i64.const_int(*v, false)))
                    }
                    Some(crate::sema::CallInfo::Text(i)) => {
                        let text = self
                            .analysis
                            .text(*i)
                            .ok_or_else(|| CodegenError(format!("{name} without its text")))?;
                        Ok(Val::Str(self.const_string(f, text)?))
                    }
                    _ => Err(CodegenError(format!("{name} without its value"))),
                }
            }
            ExprKind::Var(name) => {
                let name = self.analysis.var_slot(e.id).unwrap_or(name);
                let slot = *f
                    .vars
                    .get(name)
                    .ok_or_else(|| CodegenError(format!("variable {name} has no slot")))?;
                match self.analysis.type_of(e) {
                    Type::Str => Ok(Val::Str(slot)),
                    t if t.in_memory() => Ok(Val::Tuple(slot)),
                    _ => Ok(Val::Int(
                        self.builder
                            .build_load(self.i64, slot, name)?
                            .into_int_value(),
                    )),
                }
            }
            ExprKind::Map(map) => self.map_read(f, map),
            ExprKind::Call { name, args, .. } => self.call(f, e, name, args),
            // `config().NAME`: sema found its value.
            ExprKind::Field { .. }
                if matches!(
                    self.analysis.call_info(e),
                    Some(crate::sema::CallInfo::Constant(_) | crate::sema::CallInfo::Text(_))
                ) =>
            {
                match self.analysis.call_info(e) {
                    Some(crate::sema::CallInfo::Constant(v)) => {
                        Ok(Val::Int(self.i64.const_int(*v, false)))
                    }
                    Some(crate::sema::CallInfo::Text(i)) => {
                        let text = self.analysis.text(*i).ok_or_else(|| {
                            CodegenError("a config value without its text".into())
                        })?;
                        Ok(Val::Str(self.const_string(f, text)?))
                    }
                    _ => Err(CodegenError("a config value without its value".into())),
                }
            }
            ExprKind::Field { base, field, .. } => match self.analysis.type_of(base) {
                Type::Tuple(_) => self.tuple_element(f, base, field),
                Type::KernelPtr(_)
                | Type::KernelRecord(_)
                | Type::UserPtr(_)
                | Type::UserRecord(_) => self.kernel_member(f, e, base),
                _ => self.args_field(f, field),
            },
            // To an integer type: as `(uintN)v`; to a pointer: the same value.
            ExprKind::TypeofCast { operand, .. } => {
                let v = self.expr(f, operand)?;
                match self.analysis.call_info(e) {
                    Some(crate::sema::CallInfo::Cast { bits, signed }) => {
                        Ok(Val::Int(self.int_cast(v.int()?, *bits, *signed)?))
                    }
                    _ => Ok(v),
                }
            }
            // A pointer cast changes the type, not the address.
            ExprKind::RecordCast { operand, .. }
            | ExprKind::EnumCast { operand, .. }
            | ExprKind::NamedPointerCast { operand, .. } => self.expr(f, operand),
            ExprKind::TypeName { .. } => Err(CodegenError("a type as a value".into())),
            ExprKind::Tuple(elements)
            | ExprKind::Record {
                values: elements, ..
            } => self.tuple(f, e, elements),
            // `&$x`: where the variable is kept.
            ExprKind::Unary {
                op: UnaryOp::AddressOf,
                operand,
            } if matches!(operand.kind, ExprKind::Var(_)) => {
                let ExprKind::Var(name) = &operand.kind else {
                    return Err(CodegenError("& of a variable".into()));
                };
                let name = self.analysis.var_slot(operand.id).unwrap_or(name);
                let slot = *f
                    .vars
                    .get(name)
                    .ok_or_else(|| CodegenError(format!("variable {name} has no slot")))?;
                Ok(Val::Int(
                    self.builder.build_ptr_to_int(slot, self.i64, "address")?,
                ))
            }
            // Sema recorded the operand's read as "no read": its address.
            ExprKind::Unary {
                op: UnaryOp::AddressOf,
                operand,
            } => self.expr(f, operand),
            ExprKind::Index { base, index } => self.index(f, e, base, index),
            ExprKind::Unary {
                op: UnaryOp::Deref,
                operand,
            } => {
                let address = self.expr(f, operand)?.int()?;
                let read = self
                    .analysis
                    .member_read(e)
                    .ok_or_else(|| CodegenError("dereference without a layout".into()))?;
                self.read_kernel(f, address, read)
            }
            ExprKind::Unary {
                op: UnaryOp::ArrayCast(array),
                operand,
            } => self.array_cast(f, e, *array, operand),
            ExprKind::Unary {
                op: UnaryOp::Cast { bits, signed },
                operand,
            } if matches!(self.analysis.type_of(operand), Type::IntArray(_)) => {
                self.array_to_int(f, operand, *bits, *signed)
            }
            ExprKind::Unary { op, operand } => {
                let v = self.expr(f, operand)?.int()?;
                let r = match op {
                    UnaryOp::Deref | UnaryOp::AddressOf | UnaryOp::ArrayCast(_) => v,
                    UnaryOp::Neg => self.builder.build_int_neg(v, "neg")?,
                    UnaryOp::BitNot => self.builder.build_not(v, "bitnot")?,
                    UnaryOp::Not => {
                        let zero = self.builder.build_int_compare(
                            IntPredicate::EQ,
                            v,
                            self.i64.const_zero(),
                            "not",
                        )?;
                        self.builder.build_int_z_extend(zero, self.i64, "not64")?
                    }
                    UnaryOp::Cast { bits, signed } => self.int_cast(v, *bits, *signed)?,
                };
                Ok(Val::Int(r))
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(f, e, *op, lhs, rhs),
            ExprKind::IncDec {
                target,
                increment,
                prefix,
            } => self.inc_dec(f, e, target, *increment, *prefix),
            ExprKind::Block { stmts, value } => {
                self.block_statements(f, stmts)?;
                self.expr(f, value)
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => self.ternary(f, e, cond, then, otherwise),
        }
    }
}

impl<'ctx> Gen<'ctx, '_> {
    /// `v` cast to an integer of `bits` (1: a bool): the low bits, then
    /// extended as the target type's sign says.
    fn int_cast(&self, v: IntValue<'ctx>, bits: u8, signed: bool) -> CgResult<IntValue<'ctx>> {
        if bits == 1 {
            let set = self.truthy(v)?;
            return Ok(self.builder.build_int_z_extend(set, self.i64, "bool")?);
        }
        if bits >= 64 {
            return Ok(v);
        }
        let unused = self.i64.const_int(u64::from(64 - bits), false);
        let up = self.builder.build_left_shift(v, unused, "cast_up")?;
        Ok(self.builder.build_right_shift(up, unused, signed, "cast")?)
    }
}
