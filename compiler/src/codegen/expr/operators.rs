//! Operators: arithmetic, comparisons, `&&`/`||`, the ternary, pointer
//! arithmetic and `++`/`--`.

use super::Val;
use crate::ast::{BinaryOp, Expr, ExprKind};
use crate::codegen::{CgResult, CodegenError, Func, Gen};
use crate::types::Type;
use inkwell::IntPredicate;
use inkwell::values::IntValue;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn binary(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
    ) -> CgResult<Val<'ctx>> {
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            return self.short_circuit(f, op, lhs, rhs);
        }
        // Two string literals ordered: sema's answer.
        if let Some(crate::sema::CallInfo::Constant(v)) = self.analysis.call_info(e) {
            return Ok(Val::Int(self.i64.const_int(*v, false)));
        }
        let signed = matches!(
            (
                self.analysis.type_of(lhs).as_arith(),
                self.analysis.type_of(rhs).as_arith()
            ),
            (Type::Int { signed: true }, Type::Int { signed: true })
        );
        let (l, r) = (self.expr(f, lhs)?, self.expr(f, rhs)?);
        if let Some(arith) = self.analysis.pointer_arith(e) {
            return self
                .pointer_arith(op, l.int()?, r.int()?, arith)
                .map(Val::Int);
        }
        if let (Val::Str(a) | Val::Tuple(a), Val::Str(b) | Val::Tuple(b)) = (l, r) {
            let bytes = self.analysis.compare_bytes(e);
            let eq = if matches!(l, Val::Str(_)) {
                self.string_equal(a, b, bytes)?
            } else {
                self.bytes_equal(a, b, bytes)?
            };
            let v = if op == BinaryOp::Ne {
                self.builder
                    .build_xor(eq, self.i64.const_int(1, false), "ne")?
            } else {
                eq
            };
            return Ok(Val::Int(v));
        }
        let (l, r) = (l.int()?, r.int()?);
        // In 32 bits (C's int and unsigned int): the operands and the result
        // as 32-bit values, extended by the operation's signedness, so that
        // division and right shifts see 32-bit operands and results wrap.
        let wrap = self.analysis.wraps_at_32(e);
        let to_width = |v: IntValue<'ctx>| -> CgResult<IntValue<'ctx>> {
            if !wrap {
                return Ok(v);
            }
            let low = self
                .builder
                .build_int_truncate(v, self.ctx.i32_type(), "low32")?;
            Ok(if signed {
                self.builder.build_int_s_extend(low, self.i64, "sext32")?
            } else {
                self.builder.build_int_z_extend(low, self.i64, "zext32")?
            })
        };
        let (l, r) = (to_width(l)?, to_width(r)?);
        let b = &self.builder;
        let cmp =
            |pred_signed: IntPredicate, pred_unsigned: IntPredicate| -> CgResult<IntValue<'ctx>> {
                let c = b.build_int_compare(
                    if signed { pred_signed } else { pred_unsigned },
                    l,
                    r,
                    "cmp",
                )?;
                Ok(b.build_int_z_extend(c, self.i64, "cmp64")?)
            };
        let v = match op {
            BinaryOp::Add => b.build_int_add(l, r, "add")?,
            BinaryOp::Sub => b.build_int_sub(l, r, "sub")?,
            BinaryOp::Mul => b.build_int_mul(l, r, "mul")?,
            BinaryOp::Div | BinaryOp::Rem if signed => self.signed_div_rem(op, l, r)?,
            BinaryOp::Div => b.build_int_unsigned_div(l, r, "div")?,
            BinaryOp::Rem => b.build_int_unsigned_rem(l, r, "rem")?,
            BinaryOp::BitAnd => b.build_and(l, r, "and")?,
            BinaryOp::BitOr => b.build_or(l, r, "or")?,
            BinaryOp::BitXor => b.build_xor(l, r, "xor")?,
            BinaryOp::Shl => b.build_left_shift(l, r, "shl")?,
            BinaryOp::Shr => b.build_right_shift(l, r, signed, "shr")?,
            BinaryOp::Eq => cmp(IntPredicate::EQ, IntPredicate::EQ)?,
            BinaryOp::Ne => cmp(IntPredicate::NE, IntPredicate::NE)?,
            BinaryOp::Lt => cmp(IntPredicate::SLT, IntPredicate::ULT)?,
            BinaryOp::Le => cmp(IntPredicate::SLE, IntPredicate::ULE)?,
            BinaryOp::Gt => cmp(IntPredicate::SGT, IntPredicate::UGT)?,
            BinaryOp::Ge => cmp(IntPredicate::SGE, IntPredicate::UGE)?,
            BinaryOp::And | BinaryOp::Or => return Err(CodegenError("logical op".into())),
        };
        Ok(Val::Int(to_width(v)?))
    }

    /// C's truncating signed division and remainder, built from unsigned ones:
    /// the BPF ISA before v4 has no signed division.
    pub(in crate::codegen) fn signed_div_rem(
        &self,
        op: BinaryOp,
        l: IntValue<'ctx>,
        r: IntValue<'ctx>,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let zero = self.i64.const_zero();
        let abs = |v: IntValue<'ctx>| -> CgResult<IntValue<'ctx>> {
            let neg = b.build_int_compare(IntPredicate::SLT, v, zero, "isneg")?;
            let flipped = b.build_int_neg(v, "negv")?;
            Ok(b.build_select(neg, flipped, v, "abs")?.into_int_value())
        };
        let (al, ar) = (abs(l)?, abs(r)?);
        let l_neg = b.build_int_compare(IntPredicate::SLT, l, zero, "lneg")?;
        let (magnitude, negate) = if op == BinaryOp::Div {
            let r_neg = b.build_int_compare(IntPredicate::SLT, r, zero, "rneg")?;
            (
                b.build_int_unsigned_div(al, ar, "udiv")?,
                b.build_xor(l_neg, r_neg, "sign")?,
            )
        } else {
            (b.build_int_unsigned_rem(al, ar, "urem")?, l_neg)
        };
        let negated = b.build_int_neg(magnitude, "negm")?;
        Ok(b.build_select(negate, negated, magnitude, "sdiv")?
            .into_int_value())
    }

    fn short_circuit(
        &self,
        f: &mut Func<'ctx, 'a>,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
    ) -> CgResult<Val<'ctx>> {
        let result = f.allocas.build_alloca(self.i64, "logic")?;
        let l = self.expr(f, lhs)?.int()?;
        let l = self.truthy(l)?;
        let l64 = self.builder.build_int_z_extend(l, self.i64, "l64")?;
        self.builder.build_store(result, l64)?;
        let eval_rhs = self.ctx.append_basic_block(f.function, "logic_rhs");
        let done = self.ctx.append_basic_block(f.function, "logic_done");
        if op == BinaryOp::And {
            self.builder.build_conditional_branch(l, eval_rhs, done)?;
        } else {
            self.builder.build_conditional_branch(l, done, eval_rhs)?;
        }
        self.builder.position_at_end(eval_rhs);
        let r = self.expr(f, rhs)?.int()?;
        let r = self.truthy(r)?;
        let r64 = self.builder.build_int_z_extend(r, self.i64, "r64")?;
        self.builder.build_store(result, r64)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(Val::Int(
            self.builder
                .build_load(self.i64, result, "logic")?
                .into_int_value(),
        ))
    }

    pub(super) fn ternary(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        cond: &Expr,
        then: &Expr,
        otherwise: &Expr,
    ) -> CgResult<Val<'ctx>> {
        let ty = self.analysis.type_of(e);
        let is_str = ty == Type::Str;
        // Tuples, timestamps, addresses, buffers: a buffer of their layout.
        let in_memory = ty
            .in_memory()
            .then(|| self.analysis.layout(ty).map_or(8, |k| k.slot_size()));
        // Branches without values (`c ? print(a) : print(b)`) store nothing.
        let slot = match in_memory {
            _ if ty == Type::Void => None,
            _ if is_str => Some(self.alloca_string(f, "cond_str")?),
            Some(size) => Some(self.scratch_bytes(f, size, "cond_value")?),
            None => Some(f.allocas.build_alloca(self.i64, "cond_val")?),
        };
        let c = self.expr(f, cond)?.int()?;
        let c = self.truthy(c)?;
        let then_bb = self.ctx.append_basic_block(f.function, "cond_then");
        let else_bb = self.ctx.append_basic_block(f.function, "cond_else");
        let done = self.ctx.append_basic_block(f.function, "cond_done");
        self.builder.build_conditional_branch(c, then_bb, else_bb)?;
        for (bb, branch) in [(then_bb, then), (else_bb, otherwise)] {
            self.builder.position_at_end(bb);
            let v = self.expr(f, branch)?;
            if let Some(slot) = slot {
                self.store_value(slot, v, in_memory.unwrap_or(self.analysis.string_size))?;
            }
            self.builder.build_unconditional_branch(done)?;
        }
        self.builder.position_at_end(done);
        let Some(slot) = slot else {
            return Ok(Val::Void);
        };
        if is_str {
            Ok(Val::Str(slot))
        } else if in_memory.is_some() {
            Ok(Val::Tuple(slot))
        } else {
            Ok(Val::Int(
                self.builder
                    .build_load(self.i64, slot, "cond")?
                    .into_int_value(),
            ))
        }
    }

    /// `p + n`, `n + p`, `p - n` (n scaled by the pointee's size) and `p - q`
    /// (the byte distance divided by it, signed).
    fn pointer_arith(
        &self,
        op: BinaryOp,
        l: IntValue<'ctx>,
        r: IntValue<'ctx>,
        arith: crate::btf_access::PointerArith,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let scale = self.i64.const_int(u64::from(arith.scale), false);
        if arith.difference {
            let bytes = b.build_int_sub(l, r, "ptr_diff")?;
            if arith.scale == 1 {
                return Ok(bytes);
            }
            return self.signed_div_rem(BinaryOp::Div, bytes, scale);
        }
        let (pointer, count) = if arith.pointer_right { (r, l) } else { (l, r) };
        let bytes = b.build_int_mul(count, scale, "ptr_scaled")?;
        Ok(if op == BinaryOp::Sub {
            b.build_int_sub(pointer, bytes, "ptr_sub")?
        } else {
            b.build_int_add(pointer, bytes, "ptr_add")?
        })
    }

    /// `$x++`, `--@m[k]`: stores the changed value; gives the old one, or
    /// the new one for the prefix forms.
    pub(super) fn inc_dec(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        target: &Expr,
        increment: bool,
        prefix: bool,
    ) -> CgResult<Val<'ctx>> {
        let old = self.expr(f, target)?.int()?;
        let one = self.i64.const_int(1, false);
        let mut new = if increment {
            self.builder.build_int_add(old, one, "inc")?
        } else {
            self.builder.build_int_sub(old, one, "dec")?
        };
        match &target.kind {
            ExprKind::Var(name) => {
                if let Some((bits, signed)) = self.analysis.step_store_width(e) {
                    new = self.narrow(new, bits, signed)?;
                }
                let name = self.slot(name, target.id);
                let slot = *f
                    .vars
                    .get(name)
                    .ok_or_else(|| CodegenError(format!("variable {name} has no slot")))?;
                self.store_value(slot, Val::Int(new), 8)?;
            }
            ExprKind::Map(map) => self.map_update(f, map, Val::Int(new))?,
            _ => return Err(CodegenError("++ of something not assignable".into())),
        }
        Ok(Val::Int(if prefix { new } else { old }))
    }
}
