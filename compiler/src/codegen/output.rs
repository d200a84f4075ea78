//! Records sent to user space through the ring buffer: printf call sites,
//! exit() and map operations. Each record is built in the ring buffer itself (not on the
//! 512-byte stack), zeroed first so no kernel memory leaks into padding.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, ExprKind};
use crate::builtins::Function;
use crate::script::{COUNTER_LOST, MapOp, RECORD_EXIT, RECORD_MAP_OP};
use inkwell::values::PointerValue;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// A printf (or print(value)) record: the call's id, then `values`.
    pub fn printf(&self, f: &mut Func<'ctx, 'a>, call: &Expr, values: &[Expr]) -> CgResult<()> {
        let id = self
            .analysis
            .printf_id(call)
            .ok_or_else(|| CodegenError("printf call site without an id".into()))?;
        let spec = &self.analysis.printfs
            [usize::try_from(id).map_err(|_| CodegenError("printf id".into()))?];
        let computed = values
            .iter()
            .map(|a| {
                if self.writes_in_place(a) {
                    Ok(None)
                } else {
                    self.expr(f, a).map(Some)
                }
            })
            .collect::<CgResult<Vec<_>>>()?;
        let size = spec.record_size();
        self.with_record(f, size, |g, record| {
            g.builder.build_store(record, g.i64.const_int(id, false))?;
            let mut offset = 8;
            for ((v, kind), e) in computed.iter().zip(&spec.args).zip(values) {
                let at = g.byte_offset(record, offset)?;
                match v {
                    Some(v) => g.store_value(at, *v, kind.slot_size())?,
                    // The record is zeroed already.
                    None => g.write_in_place(e, at, kind.slot_size())?,
                }
                offset += kind.slot_size();
            }
            Ok(())
        })
    }

    /// clear(@m), zero(@m), print(@m[, top[, div]]): user space does the work
    /// when the record arrives.
    pub fn map_op(
        &self,
        f: &mut Func<'ctx, 'a>,
        function: Function,
        args: &[Expr],
    ) -> CgResult<()> {
        let Some(ExprKind::Map(map)) = args.first().map(|a| &a.kind) else {
            return Err(CodegenError("map operation without a map".into()));
        };
        let (index, _, _) = self.user_map_indexed(map)?;
        let op = match function {
            Function::Clear => MapOp::Clear,
            Function::Zero => MapOp::Zero,
            _ => MapOp::Print,
        };
        let top = match args.get(1) {
            Some(e) => self.expr(f, e)?.int()?,
            None => self.i64.const_zero(),
        };
        let div = match args.get(2) {
            Some(e) => self.expr(f, e)?.int()?,
            None => self.i64.const_int(1, false),
        };
        self.with_record(f, 40, |g, record| {
            let words = [
                g.i64.const_int(RECORD_MAP_OP, false),
                g.i64.const_int(op as u64, false),
                g.i64.const_int(index as u64, false),
                top,
                div,
            ];
            for (i, w) in words.into_iter().enumerate() {
                g.builder
                    .build_store(g.byte_offset(record, (i * 8) as u32)?, w)?;
            }
            Ok(())
        })
    }

    /// exit(): tell user space to stop, and end this program run.
    pub fn exit(&self, f: &mut Func<'ctx, 'a>, code: Option<&Expr>) -> CgResult<()> {
        let code = match code {
            Some(e) => self.expr(f, e)?.int()?,
            None => self.i64.const_zero(),
        };
        self.with_record(f, 16, |g, record| {
            g.builder
                .build_store(record, g.i64.const_int(RECORD_EXIT, false))?;
            g.builder.build_store(g.byte_offset(record, 8)?, code)?;
            Ok(())
        })?;
        // In a for-loop body, 1 stops bpf_for_each_map_elem.
        let stop = self.i64.const_int(u64::from(f.is_callback), false);
        self.builder.build_return(Some(&stop))?;
        self.continue_in_dead_block(f);
        Ok(())
    }

    /// Reserves `size` bytes in the ring buffer, zeroes them (no kernel
    /// memory may leak through padding), lets `fill` write the record and
    /// submits it. A full buffer drops the record and counts it as lost.
    fn with_record(
        &self,
        f: &Func<'ctx, 'a>,
        size: u32,
        fill: impl FnOnce(&Self, PointerValue<'ctx>) -> CgResult<()>,
    ) -> CgResult<()> {
        let record = self.call_ptr(
            Helper::RingbufReserve,
            &[
                Arg::Ptr(self.events.as_pointer_value()),
                Arg::Int(self.i64.const_int(u64::from(size), false)),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        self.if_else_ptr(
            f,
            record,
            |g| {
                g.zero(record, size)?;
                fill(g, record)?;
                g.call_int(
                    Helper::RingbufSubmit,
                    &[Arg::Ptr(record), Arg::Int(g.i64.const_zero())],
                )?;
                Ok(())
            },
            |g| {
                g.builder.build_atomicrmw(
                    inkwell::AtomicRMWBinOp::Add,
                    g.counter(COUNTER_LOST as u32)?,
                    g.i64.const_int(1, false),
                    inkwell::AtomicOrdering::Monotonic,
                )?;
                Ok(())
            },
        )
    }

    /// Stores a value at `at`: an i64, or the first `slot` bytes of a string
    /// buffer (whole 64-byte buffers where `slot` is `STRING_SIZE`).
    pub fn store_value(&self, at: PointerValue<'ctx>, v: Val<'ctx>, slot: u32) -> CgResult<()> {
        match v {
            Val::Int(i) => {
                self.builder.build_store(at, i)?;
                Ok(())
            }
            Val::Str(p) | Val::Tuple(p) => self.copy_bytes(at, p, slot),
            Val::Void => Err(CodegenError("storing a value-less expression".into())),
        }
    }
}
