//! Records sent to user space through the perf event array: printf call sites
//! and exit(). Each record is built in the per-CPU scratch map (not on the
//! 512-byte stack), zeroed first so no kernel memory leaks into padding.

use super::expr::Val;
use super::helpers::{Arg, CURRENT_CPU, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::Expr;
use crate::script::RECORD_EXIT;
use inkwell::values::PointerValue;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub fn printf(&self, f: &mut Func<'ctx, 'a>, call: &Expr, args: &[Expr]) -> CgResult<()> {
        let id = self
            .analysis
            .printf_id(call)
            .ok_or_else(|| CodegenError("printf call site without an id".into()))?;
        let spec = &self.analysis.printfs
            [usize::try_from(id).map_err(|_| CodegenError("printf id".into()))?];
        let mut values = Vec::new();
        for a in &args[1..] {
            values.push(self.expr(f, a)?);
        }
        let size = spec.record_size();
        self.with_record(f, size, |g, record| {
            g.builder.build_store(record, g.i64.const_int(id, false))?;
            let mut offset = 8;
            for (v, kind) in values.iter().zip(&spec.args) {
                let at = g.byte_offset(record, offset)?;
                g.store_value(at, *v)?;
                offset += kind.slot_size();
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
        self.builder.build_return(Some(&self.i64.const_zero()))?;
        self.continue_in_dead_block(f);
        Ok(())
    }

    /// Gets the scratch record, zeroes `size` bytes, lets `fill` write it, and
    /// submits it on the current CPU's perf buffer.
    fn with_record(
        &self,
        f: &Func<'ctx, 'a>,
        size: u32,
        fill: impl FnOnce(&Self, PointerValue<'ctx>) -> CgResult<()>,
    ) -> CgResult<()> {
        let key = f.allocas.build_alloca(self.i32, "scratch_key")?;
        self.builder.build_store(key, self.i32.const_zero())?;
        let record = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(self.scratch.as_pointer_value()), Arg::Ptr(key)],
        )?;
        self.if_else_ptr(
            f,
            record,
            |g| {
                g.zero(record, size)?;
                fill(g, record)?;
                g.call_int(
                    Helper::PerfEventOutput,
                    &[
                        Arg::Ptr(f.ctx_arg),
                        Arg::Ptr(g.events.as_pointer_value()),
                        Arg::Int(g.i64.const_int(CURRENT_CPU, false)),
                        Arg::Ptr(record),
                        Arg::Int(g.i64.const_int(u64::from(size), false)),
                    ],
                )?;
                Ok(())
            },
            |_| Ok(()),
        )
    }

    /// Stores a value at `at`: an i64, or a copy of a string buffer.
    pub fn store_value(&self, at: PointerValue<'ctx>, v: Val<'ctx>) -> CgResult<()> {
        match v {
            Val::Int(i) => {
                self.builder.build_store(at, i)?;
                Ok(())
            }
            Val::Str(p) => self.copy_string(at, p),
            Val::Void => Err(CodegenError("storing a value-less expression".into())),
        }
    }
}
