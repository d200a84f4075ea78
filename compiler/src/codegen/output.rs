//! Records sent to user space through the ring buffer: printf call sites,
//! exit() and map operations. Each record is built in the ring buffer itself (not on the
//! 512-byte stack), zeroed first so no kernel memory leaks into padding.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, ExprKind};
use crate::builtins::Builtin;
use crate::builtins::Function;
use crate::script::ValueKind;
use crate::script::{COUNTER_LOST, JOIN_MAX_ELEMENTS, MapOp, RECORD_EXIT, RECORD_MAP_OP};
use crate::types::Type;
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// A printf (or print(value)) record: the call's id, then `values`.
    /// `join(array)`: each pointer of the array, up to the first NULL, read
    /// as a string into its slot of the record. Nothing past the NULL is read
    /// (after argv come the environment strings).
    pub fn join(&self, f: &mut Func<'ctx, 'a>, call: &Expr, array: &Expr) -> CgResult<()> {
        let id = self
            .analysis
            .printf_id(call)
            .ok_or_else(|| CodegenError("join call site without an id".into()))?;
        let base = self.expr(f, array)?.int()?;
        let element = f.allocas.build_alloca(self.i64, "join_element")?;
        let (read, read_str) = if f.user_pointers {
            (Helper::ProbeReadUser, Helper::ProbeReadUserStr)
        } else {
            (Helper::ProbeReadKernel, Helper::ProbeReadKernelStr)
        };
        let function = f.function;
        let size = 8 + JOIN_MAX_ELEMENTS * self.analysis.string_size;
        // 1 KiB is past the backend's inline memset: zero each slot's first
        // word, so a slot after the NULL reads as empty; a string read ends
        // at its NUL (and a failed read zeroes its slot), and user space
        // reads nothing past that NUL.
        self.with_record_zeroing(f, size, 8, |g, record| {
            for i in 0..JOIN_MAX_ELEMENTS {
                let slot = g.byte_offset(record, 8 + i * self.analysis.string_size)?;
                g.builder.build_store(slot, g.i64.const_zero())?;
            }
            g.builder.build_store(record, g.i64.const_int(id, false))?;
            let done = g.ctx.append_basic_block(function, "join_done");
            for i in 0..JOIN_MAX_ELEMENTS {
                g.builder.build_store(element, g.i64.const_zero())?;
                let at = g.builder.build_int_add(
                    base,
                    g.i64.const_int(u64::from(i) * 8, false),
                    "join_at",
                )?;
                let at = g.builder.build_int_to_ptr(at, g.ptr, "join_at_ptr")?;
                g.call_int(
                    read,
                    &[
                        Arg::Ptr(element),
                        Arg::Int(g.i64.const_int(8, false)),
                        Arg::Ptr(at),
                    ],
                )?;
                let pointer = g
                    .builder
                    .build_load(g.i64, element, "join_pointer")?
                    .into_int_value();
                let present = g.builder.build_int_compare(
                    IntPredicate::NE,
                    pointer,
                    g.i64.const_zero(),
                    "join_present",
                )?;
                let copy = g.ctx.append_basic_block(function, "join_copy");
                g.builder.build_conditional_branch(present, copy, done)?;
                g.builder.position_at_end(copy);
                let slot = g.byte_offset(record, 8 + i * self.analysis.string_size)?;
                let src = g.builder.build_int_to_ptr(pointer, g.ptr, "join_src")?;
                g.call_int(
                    read_str,
                    &[
                        Arg::Ptr(slot),
                        Arg::Int(g.i64.const_int(u64::from(self.analysis.string_size), false)),
                        Arg::Ptr(src),
                    ],
                )?;
            }
            g.builder.build_unconditional_branch(done)?;
            g.builder.position_at_end(done);
            Ok(())
        })
    }

    pub fn printf(&self, f: &mut Func<'ctx, 'a>, call: &Expr, values: &[Expr]) -> CgResult<()> {
        let id = self
            .analysis
            .printf_id(call)
            .ok_or_else(|| CodegenError("printf call site without an id".into()))?;
        let spec = &self.analysis.printfs
            [usize::try_from(id).map_err(|_| CodegenError("printf id".into()))?];
        let computed = values
            .iter()
            .zip(&spec.args)
            .map(|(a, kind)| {
                if self.writes_in_place(a) {
                    Ok(None)
                } else if matches!(kind, ValueKind::Record { .. })
                    && matches!(&a.kind, ExprKind::Builtin(Builtin::Args))
                {
                    // print(args): the tracepoint's record is the context.
                    Ok(Some(Val::Int(
                        self.builder.build_ptr_to_int(f.ctx_arg, self.i64, "args")?,
                    )))
                } else {
                    self.expr(f, a).map(Some)
                }
            })
            .collect::<CgResult<Vec<_>>>()?;
        let size = spec.record_size();
        // print(struct): the read fills the struct's bytes (zeroes on a
        // fault), too many for the backend's inline memset.
        let zero_bytes = if spec
            .args
            .iter()
            .any(|k| matches!(k, ValueKind::Record { .. }))
        {
            8
        } else {
            size
        };
        self.with_record_zeroing(f, size, zero_bytes, |g, record| {
            g.builder.build_store(record, g.i64.const_int(id, false))?;
            let mut offset = 8;
            for ((v, kind), e) in computed.iter().zip(&spec.args).zip(values) {
                let at = g.byte_offset(record, offset)?;
                match (v, kind) {
                    // A struct: its bytes, read from where it is.
                    (Some(Val::Int(address)), ValueKind::Record { size, .. }) => {
                        let helper = if matches!(g.analysis.type_of(e), Type::UserRecord(_)) {
                            Helper::ProbeReadUser
                        } else {
                            Helper::ProbeReadKernel
                        };
                        let src = g.builder.build_int_to_ptr(*address, g.ptr, "struct")?;
                        g.call_int(
                            helper,
                            &[
                                Arg::Ptr(at),
                                Arg::Int(g.i64.const_int(u64::from(*size), false)),
                                Arg::Ptr(src),
                            ],
                        )?;
                    }
                    (Some(v), _) => g.store_value(at, *v, kind.slot_size())?,
                    // The record is zeroed already.
                    (None, _) => g.write_in_place(e, at, kind.slot_size())?,
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
        self.exit_with(f, code)
    }

    /// `assert(cond, msg)`: when `cond` is 0, the message (the call's
    /// errorf-like record) and `exit(1)`.
    pub fn assert(&self, f: &mut Func<'ctx, 'a>, call: &Expr, cond: &Expr) -> CgResult<()> {
        let value = self.expr(f, cond)?.int()?;
        let failed = self.builder.build_int_compare(
            IntPredicate::EQ,
            value,
            self.i64.const_zero(),
            "assert_failed",
        )?;
        let fail = self.ctx.append_basic_block(f.function, "assert_fail");
        let held = self.ctx.append_basic_block(f.function, "assert_held");
        self.builder.build_conditional_branch(failed, fail, held)?;
        self.builder.position_at_end(fail);
        self.printf(f, call, &[])?;
        self.exit_with(f, self.i64.const_int(1, false))?;
        // exit() ended the branch; the block after it is never reached.
        self.builder.build_unconditional_branch(held)?;
        self.builder.position_at_end(held);
        Ok(())
    }

    fn exit_with(&self, f: &mut Func<'ctx, 'a>, code: IntValue<'ctx>) -> CgResult<()> {
        self.with_record(f, 16, |g, record| {
            g.builder
                .build_store(record, g.i64.const_int(RECORD_EXIT, false))?;
            g.builder.build_store(g.byte_offset(record, 8)?, code)?;
            Ok(())
        })?;
        // In a for-loop body, 1 stops the loop and the flag ends its caller.
        self.note_exit(f)?;
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
        self.with_record_zeroing(f, size, size, fill)
    }

    /// `with_record` that zeroes only the first `zero_bytes`: for records too
    /// large for the BPF backend's inline memset, whose `fill` zeroes or
    /// writes every byte user space reads.
    fn with_record_zeroing(
        &self,
        f: &Func<'ctx, 'a>,
        size: u32,
        zero_bytes: u32,
        fill: impl FnOnce(&Self, PointerValue<'ctx>) -> CgResult<()>,
    ) -> CgResult<()> {
        self.with_record_in(f.function, size, zero_bytes, fill)
    }

    /// `with_record_zeroing` in `function`, for code without a `Func` at
    /// hand (`-k`'s reports, made where a helper is called).
    pub(super) fn with_record_in(
        &self,
        function: inkwell::values::FunctionValue<'ctx>,
        size: u32,
        zero_bytes: u32,
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
        self.if_else_ptr_in(
            function,
            record,
            |g| {
                g.zero(record, zero_bytes)?;
                fill(g, record)?;
                g.call_int(
                    Helper::RingbufSubmit,
                    &[Arg::Ptr(record), Arg::Int(g.i64.const_zero())],
                )?;
                Ok(())
            },
            |g| g.add_to_counter(COUNTER_LOST, g.i64.const_int(1, false)),
        )
    }

    /// Stores a value at `at`: an i64, or the first `slot` bytes of a string
    /// buffer (whole 64-byte buffers where `slot` is the string size).
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

    /// `debugf(fmt, ...)`: bpf_trace_printk with the format (a constant in
    /// `.rodata`, NUL included) and up to 3 values, a string as its
    /// buffer's address (the kernel reads it with `%s`).
    pub(in crate::codegen) fn debugf_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let Some(crate::sema::CallInfo::Text(index)) = self.analysis.call_info(e).copied() else {
            return Err(CodegenError("debugf() without its format".into()));
        };
        let format = self
            .analysis
            .text(index)
            .ok_or_else(|| CodegenError("debugf() without its format".into()))?
            .to_vec();
        let global = self.read_only_bytes(&format!("sonde_debugf_{index}"), &format);
        let mut helper_args = vec![
            Arg::Ptr(global.as_pointer_value()),
            Arg::Int(self.i32.const_int(format.len() as u64, false)),
        ];
        for value in args.iter().skip(1) {
            let v = match self.expr(f, value)? {
                Val::Int(i) => i,
                Val::Str(p) | Val::Tuple(p) => {
                    self.builder.build_ptr_to_int(p, self.i64, "str_at")?
                }
                Val::Void => {
                    return Err(CodegenError("debugf() of a value-less expression".into()));
                }
            };
            helper_args.push(Arg::Int(v));
        }
        self.call_int(Helper::TracePrintk, &helper_args)?;
        Ok(Val::Void)
    }
}
