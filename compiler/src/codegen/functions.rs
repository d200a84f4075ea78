//! Code for `strftime`, `ntop`, `macaddr`, `buf`, `bswap`, `strcontains`,
//! `strstr`, `strlen`, `signal`, `system`, `cat`, `sizeof`, `offsetof` and
//! the other calls sema answers with a `CallInfo`: one method per function,
//! each taking `(f, e, function, args)` so `expr/calls.rs` dispatches them
//! alike. What each call reads and how was decided by sema; values user
//! space formats are laid out as their `ValueKind` says.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, ExprKind};
use crate::builtins::Builtin;
use crate::builtins::Function;
use crate::sema::{ByteSource, CallInfo, Clock};
use inkwell::IntPredicate;
use inkwell::intrinsics::Intrinsic;
use inkwell::values::{IntValue, PointerValue};

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// A timestamp: its format's index, then the nanoseconds.
    pub(in crate::codegen) fn strftime_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Strftime(format)) => {
                let ns = self.expr(f, args.get(1).ok_or_else(missing)?)?.int()?;
                self.with_user_string(f, format, ns, "timestamp")
            }
            _ => Err(missing()),
        }
    }

    /// The pointer is loaded from the context itself, not by a probe
    /// read: the verifier then knows its BTF type, as bpf_d_path needs.
    pub(in crate::codegen) fn path_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        _args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Path { pointer, member }) => {
                let out = self.alloca_string(f, "path")?;
                self.zero(out, self.analysis.string_size)?;
                let at = self.byte_offset(f.ctx_arg, pointer)?;
                let object = self
                    .builder
                    .build_load(self.ptr, at, "path_object")?
                    .into_pointer_value();
                let size = self
                    .i64
                    .const_int(u64::from(self.analysis.string_size), false);
                self.if_else_ptr(
                    f,
                    object,
                    |g| {
                        let path = g.byte_offset(object, member)?;
                        let written = g.call_int(
                            Helper::DPath,
                            &[Arg::Ptr(path), Arg::Ptr(out), Arg::Int(size)],
                        )?;
                        // A path too long for the string (or any error)
                        // leaves its tail in the buffer: print nothing.
                        let failed = g.builder.build_int_compare(
                            inkwell::IntPredicate::SLT,
                            written,
                            g.i64.const_zero(),
                            "d_path_failed",
                        )?;
                        let clear = g.ctx.append_basic_block(f.function, "d_path_clear");
                        let done = g.ctx.append_basic_block(f.function, "d_path_done");
                        g.builder.build_conditional_branch(failed, clear, done)?;
                        g.builder.position_at_end(clear);
                        g.zero(out, self.analysis.string_size)?;
                        g.builder.build_unconditional_branch(done)?;
                        g.builder.position_at_end(done);
                        Ok(())
                    },
                    |_| Ok(()),
                )?;
                Ok(Val::Str(out))
            }
            _ => Err(missing()),
        }
    }

    /// A cgroup path: its filter's index, then the id.
    pub(in crate::codegen) fn cgroup_path_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::CgroupPath(filter)) => {
                let id = self.expr(f, args.first().ok_or_else(missing)?)?.int()?;
                self.with_user_string(f, filter, id, "cgroup_path")
            }
            _ => Err(missing()),
        }
    }

    pub(in crate::codegen) fn format_record_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        _function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        // A printf-like record; user space runs or reads it.
        self.printf(f, e, args.get(1..).unwrap_or(&[]))?;
        Ok(Val::Void)
    }

    pub(in crate::codegen) fn constant_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        _args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Constant(v)) => Ok(Val::Int(self.i64.const_int(v, false))),
            Some(CallInfo::Text(i)) => {
                let bytes = self.analysis.text(i).ok_or_else(missing)?;
                Ok(Val::Str(self.const_string(f, bytes)?))
            }
            _ => Err(missing()),
        }
    }

    pub(in crate::codegen) fn nsecs_call(
        &self,
        _f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        _args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        let (helper, offset) = match info {
            Some(CallInfo::Clock(Clock::Monotonic)) => (Helper::KtimeGetNs, 0),
            Some(CallInfo::Clock(Clock::Boot)) => (Helper::KtimeGetBootNs, 0),
            Some(CallInfo::Clock(Clock::Tai)) => (Helper::KtimeGetTaiNs, 0),
            Some(CallInfo::Clock(Clock::SwTai { offset_ns })) => (Helper::KtimeGetNs, offset_ns),
            _ => return Err(missing()),
        };
        let ns = self.call_int(helper, &[])?;
        Ok(Val::Int(self.builder.build_int_add(
            ns,
            self.i64.const_int(offset, false),
            "clock",
        )?))
    }

    pub(in crate::codegen) fn reg_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        _args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Constant(offset)) => Ok(Val::Int(
                self.register(f, u32::try_from(offset).map_err(|_| missing())?)?,
            )),
            _ => Err(missing()),
        }
    }

    pub(in crate::codegen) fn bswap_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Width(width)) => {
                let v = self.expr(f, args.first().ok_or_else(missing)?)?.int()?;
                Ok(Val::Int(self.bswap(v, width)?))
            }
            _ => Err(missing()),
        }
    }

    pub(in crate::codegen) fn ntop_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Ntop { source, family }) => self.ntop(f, args, source, family),
            _ => Err(missing()),
        }
    }

    pub(in crate::codegen) fn macaddr_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Mac { source }) => {
                let addr = args.first().ok_or_else(missing)?;
                let buffer = self.scratch_bytes(f, 8, "mac")?;
                self.zero(buffer, 8)?;
                self.read_bytes(f, addr, source, buffer, self.i64.const_int(6, false))?;
                Ok(Val::Int(
                    self.builder
                        .build_load(self.i64, buffer, "mac")?
                        .into_int_value(),
                ))
            }
            _ => Err(missing()),
        }
    }

    pub(in crate::codegen) fn buf_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match info {
            Some(CallInfo::Buf {
                source,
                size,
                clamp,
            }) => self.buf(f, args, source, size, clamp),
            _ => Err(missing()),
        }
    }

    pub(in crate::codegen) fn signal_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        let sig = match info {
            Some(CallInfo::Signal(Some(n))) => self.i64.const_int(u64::from(n), false),
            Some(CallInfo::Signal(None)) => {
                self.expr(f, args.first().ok_or_else(missing)?)?.int()?
            }
            _ => return Err(missing()),
        };
        let sig = self.builder.build_int_truncate(sig, self.i32, "sig")?;
        let helper = if function == Function::SignalThread {
            Helper::SendSignalThread
        } else {
            Helper::SendSignal
        };
        self.call_int(helper, &[Arg::Int(sig)])?;
        Ok(Val::Void)
    }

    /// `signal_name(n)`: the text of signal `n` (as a 32-bit int, as
    /// bpftrace casts it) copied from a read-only table of 66 slots of 32
    /// bytes (`script::signals::signal_descriptions`), the last for every
    /// number outside 0..=64.
    pub(in crate::codegen) fn signal_name_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        const SLOT: u32 = 32;
        let arg = args
            .first()
            .ok_or_else(|| CodegenError("signal_name() without a number".into()))?;
        let n = self.expr(f, arg)?.int()?;
        let table = self.signal_name_table()?;
        let n32 = self.builder.build_int_truncate(n, self.i32, "sig32")?;
        let n = self.builder.build_int_s_extend(n32, self.i64, "sig")?;
        let last = crate::script::signals::signal_descriptions().count() as u64 - 1;
        // Negative numbers are large unsigned ones: past the end too.
        let known = self.builder.build_int_compare(
            IntPredicate::ULT,
            n,
            self.i64.const_int(last, false),
            "known_signal",
        )?;
        let index = self
            .builder
            .build_select(known, n, self.i64.const_int(last, false), "slot")?
            .into_int_value();
        let offset =
            self.builder
                .build_int_mul(index, self.i64.const_int(u64::from(SLOT), false), "at")?;
        // SAFETY: the index is at most the table's last slot.
        let from = unsafe {
            self.builder
                .build_gep(self.i8, table.as_pointer_value(), &[offset], "name")?
        };
        let buf = self.alloca_string(f, "signal_name")?;
        let size = self.analysis.string_size;
        self.zero(buf, size)?;
        self.copy_bytes(buf, from, SLOT.min(size))?;
        if size <= SLOT {
            let end = self.byte_offset(buf, size - 1)?;
            self.builder.build_store(end, self.i8.const_zero())?;
        }
        Ok(Val::Str(buf))
    }

    /// The table of `signal_name()`'s texts, in `.rodata`, made once.
    fn signal_name_table(&self) -> CgResult<inkwell::values::GlobalValue<'ctx>> {
        const NAME: &str = "sonde_signal_names";
        if let Some(table) = self.module.get_global(NAME) {
            return Ok(table);
        }
        let mut bytes = Vec::new();
        for text in crate::script::signals::signal_descriptions() {
            let mut slot = text.into_bytes();
            slot.resize(32, 0);
            bytes.extend(slot);
        }
        Ok(self.read_only_bytes(NAME, &bytes))
    }

    /// A constant global of `bytes` in `.rodata` (aya loads the section as
    /// a frozen map), named `name`.
    pub(in crate::codegen) fn read_only_bytes(
        &self,
        name: &str,
        bytes: &[u8],
    ) -> inkwell::values::GlobalValue<'ctx> {
        let values: Vec<_> = bytes
            .iter()
            .map(|b| self.i8.const_int(u64::from(*b), false))
            .collect();
        let ty = self.i8.array_type(bytes.len() as u32);
        let global = self.module.add_global(ty, None, name);
        global.set_initializer(&self.i8.const_array(&values));
        global.set_constant(true);
        global.set_section(Some(".rodata"));
        global.set_linkage(inkwell::module::Linkage::Internal);
        global.set_alignment(8);
        global
    }

    /// The low `width` bytes of `v` in reverse order (bswap of a uint8 is
    /// the byte itself), zero-extended.
    fn bswap(&self, v: IntValue<'ctx>, width: u32) -> CgResult<IntValue<'ctx>> {
        let narrow = match width {
            1 => {
                return Ok(self
                    .builder
                    .build_and(v, self.i64.const_int(0xff, false), "bswap8")?);
            }
            2 => self.ctx.i16_type(),
            4 => self.i32,
            _ => self.i64,
        };
        let intrinsic = Intrinsic::find("llvm.bswap")
            .ok_or_else(|| CodegenError("no llvm.bswap intrinsic".into()))?;
        let declaration = intrinsic
            .get_declaration(&self.module, &[narrow.into()])
            .ok_or_else(|| CodegenError("llvm.bswap declaration".into()))?;
        let low = if narrow == self.i64 {
            v
        } else {
            self.builder.build_int_truncate(v, narrow, "bswap_in")?
        };
        let swapped = self
            .builder
            .build_call(declaration, &[low.into()], "bswap")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| CodegenError("llvm.bswap returned nothing".into()))?
            .into_int_value();
        if narrow == self.i64 {
            return Ok(swapped);
        }
        Ok(self
            .builder
            .build_int_z_extend(swapped, self.i64, "bswap_out")?)
    }

    /// `ntop([af,] addr)`: the family, then the address bytes (see
    /// `ValueKind::Inet`).
    fn ntop(
        &self,
        f: &mut Func<'ctx, 'a>,
        args: &[Expr],
        source: ByteSource,
        family: u64,
    ) -> CgResult<Val<'ctx>> {
        let (af, addr) = match args {
            [af, addr] => (Some(self.expr(f, af)?.int()?), addr),
            [addr] => (None, addr),
            _ => return Err(CodegenError("ntop() arguments".into())),
        };
        let family = af.unwrap_or_else(|| self.i64.const_int(family, false));
        let buffer = self.scratch_bytes(f, 24, "inet")?;
        self.zero(buffer, 24)?;
        let address = self.byte_offset(buffer, 8)?;
        match source {
            ByteSource::Value => {
                let v = self.expr(f, addr)?.int()?;
                self.builder.build_store(address, v)?;
            }
            ByteSource::Array { len } => {
                self.read_bytes(
                    f,
                    addr,
                    source,
                    address,
                    self.i64.const_int(u64::from(len.min(16)), false),
                )?;
            }
            ByteSource::Held { len } => {
                let Val::Tuple(held) = self.expr(f, addr)? else {
                    return Err(CodegenError("ntop() of an array without one".into()));
                };
                self.copy_bytes(address, held, len.min(16))?;
            }
            ByteSource::Pointer | ByteSource::String => {
                return Err(CodegenError("ntop() of a pointer or string".into()));
            }
        }
        self.builder.build_store(buffer, family)?;
        Ok(Val::Tuple(buffer))
    }

    /// `buf(...)`: the length read, then the bytes (see `ValueKind::Buffer`).
    fn buf(
        &self,
        f: &mut Func<'ctx, 'a>,
        args: &[Expr],
        source: ByteSource,
        size: u32,
        clamp: bool,
    ) -> CgResult<Val<'ctx>> {
        let data = args
            .first()
            .ok_or_else(|| CodegenError("buf() without data".into()))?;
        let max = self.i64.const_int(u64::from(size), false);
        // A string is copied out of its buffer; an address or an array is
        // read (below) once the length is known.
        let string = match source {
            ByteSource::String => match self.expr(f, data)? {
                Val::Str(p) => Some(p),
                _ => return Err(CodegenError("buf() of a string without one".into())),
            },
            _ => None,
        };
        let pointer = match source {
            ByteSource::Pointer => Some(self.expr(f, data)?.int()?),
            _ => None,
        };
        let length = match (clamp, args.get(1)) {
            (true, Some(n)) => {
                let n = self.expr(f, n)?.int()?;
                let fits = self
                    .builder
                    .build_int_compare(IntPredicate::ULT, n, max, "buf_fits")?;
                self.builder
                    .build_select(fits, n, max, "buf_len")?
                    .into_int_value()
            }
            _ => max,
        };
        let slot = 8 + size.next_multiple_of(8);
        let buffer = self.scratch_bytes(f, slot, "buf")?;
        self.zero(buffer, slot)?;
        self.builder.build_store(buffer, length)?;
        if size == 0 {
            return Ok(Val::Tuple(buffer));
        }
        let bytes = self.byte_offset(buffer, 8)?;
        match (string, pointer) {
            (Some(p), _) => self.copy_bytes(bytes, p, size)?,
            (None, Some(address)) => {
                let helper = if f.user_pointers {
                    Helper::ProbeReadUser
                } else {
                    Helper::ProbeReadKernel
                };
                let src = self
                    .builder
                    .build_int_to_ptr(address, self.ptr, "buf_src")?;
                self.call_int(helper, &[Arg::Ptr(bytes), Arg::Int(length), Arg::Ptr(src)])?;
            }
            (None, None) => self.read_bytes(f, data, source, bytes, length)?,
        }
        Ok(Val::Tuple(buffer))
    }

    /// Reads `length` bytes (at most what `dst` holds) from where `source`
    /// says `e` is: memory at an address, or an array (a tracepoint field,
    /// or a kernel struct member) read as bytes rather than as a string.
    fn read_bytes(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        source: ByteSource,
        dst: PointerValue<'ctx>,
        length: IntValue<'ctx>,
    ) -> CgResult<()> {
        let (src, helper) = match source {
            ByteSource::Pointer => {
                let address = self.expr(f, e)?.int()?;
                let helper = if f.user_pointers {
                    Helper::ProbeReadUser
                } else {
                    Helper::ProbeReadKernel
                };
                (
                    self.builder
                        .build_int_to_ptr(address, self.ptr, "bytes_src")?,
                    helper,
                )
            }
            ByteSource::Array { .. } => (self.array_address(f, e)?, Helper::ProbeReadKernel),
            ByteSource::Value | ByteSource::String | ByteSource::Held { .. } => {
                return Err(CodegenError("reading bytes of a value".into()));
            }
        };
        self.call_int(helper, &[Arg::Ptr(dst), Arg::Int(length), Arg::Ptr(src)])?;
        Ok(())
    }

    /// Where an array is: `args.FIELD` in the tracepoint record, or a
    /// kernel member at its base's address plus its offset.
    fn array_address(&self, f: &mut Func<'ctx, 'a>, e: &Expr) -> CgResult<PointerValue<'ctx>> {
        let ExprKind::Field { base, field, .. } = &e.kind else {
            return Err(CodegenError("an array that is not a field".into()));
        };
        if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) {
            let found = f
                .format
                .and_then(|fmt| fmt.field(field))
                .ok_or_else(|| CodegenError(format!("args.{field} without a format")))?;
            return self.byte_offset(f.ctx_arg, found.offset);
        }
        let read = self
            .analysis
            .member_read(e)
            .ok_or_else(|| CodegenError("member array without a layout".into()))?;
        let base_address = self.expr(f, base)?.int()?;
        let address = self.builder.build_int_add(
            base_address,
            self.i64.const_int(u64::from(read.offset), false),
            "array_address",
        )?;
        Ok(self
            .builder
            .build_int_to_ptr(address, self.ptr, "array_pointer")?)
    }
}

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// A value user space shows through one of `Analysis::user_strings`
    /// (a strftime format, a cgroup_path filter): the string's index, then
    /// the 64-bit value.
    fn with_user_string(
        &self,
        f: &mut Func<'ctx, 'a>,
        index: u32,
        value: inkwell::values::IntValue<'ctx>,
        name: &str,
    ) -> CgResult<Val<'ctx>> {
        let buffer = self.scratch_bytes(f, 16, name)?;
        self.builder
            .build_store(buffer, self.i64.const_int(u64::from(index), false))?;
        self.builder
            .build_store(self.byte_offset(buffer, 8)?, value)?;
        Ok(Val::Tuple(buffer))
    }
}
