//! Code for `strftime`, `ntop`, `macaddr`, `buf`, `bswap`, `strcontains`,
//! `strstr`, `strlen`, `signal`, `system`, `cat`, `sizeof` and `offsetof`. What each call reads
//! and how was decided by sema (`CallInfo`); values user space formats are
//! laid out as their `ValueKind` says.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, ExprKind};
use crate::builtins::Function;
use crate::sema::{ByteSource, CallInfo, Clock};
use inkwell::IntPredicate;
use inkwell::intrinsics::Intrinsic;
use inkwell::values::{IntValue, PointerValue};

/// The largest search (haystack bytes x needle bytes) done as a loop in the
/// probe: two default 64-byte strings.
const INLINE_SEARCH_STEPS: u64 = 64 * 64;

/// The two strings of a search and their slots' sizes.
struct Search<'ctx> {
    haystack: PointerValue<'ctx>,
    hay_bytes: u32,
    needle: PointerValue<'ctx>,
    needle_bytes: u32,
}

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub fn function_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match function {
            // A timestamp: its format's index, then the nanoseconds.
            Function::Strftime => match info {
                Some(CallInfo::Strftime(format)) => {
                    let ns = self.expr(f, args.get(1).ok_or_else(missing)?)?.int()?;
                    self.with_user_string(f, format, ns, "timestamp")
                }
                _ => Err(missing()),
            },
            // The pointer is loaded from the context itself, not by a probe
            // read: the verifier then knows its BTF type, as bpf_d_path needs.
            Function::Path => match info {
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
            },
            // A cgroup path: its filter's index, then the id.
            Function::CgroupPath => match info {
                Some(CallInfo::CgroupPath(filter)) => {
                    let id = self.expr(f, args.first().ok_or_else(missing)?)?.int()?;
                    self.with_user_string(f, filter, id, "cgroup_path")
                }
                _ => Err(missing()),
            },
            Function::System | Function::Cat | Function::Errorf | Function::Warnf => {
                // A printf-like record; user space runs or reads it.
                self.printf(f, e, args.get(1..).unwrap_or(&[]))?;
                Ok(Val::Void)
            }
            Function::Sizeof | Function::Offsetof | Function::Getopt | Function::Cgroupid => {
                match info {
                    Some(CallInfo::Constant(v)) => Ok(Val::Int(self.i64.const_int(v, false))),
                    Some(CallInfo::Text(i)) => {
                        let bytes = self.analysis.text(i).ok_or_else(missing)?;
                        Ok(Val::Str(self.const_string(f, bytes)?))
                    }
                    _ => Err(missing()),
                }
            }
            Function::Nsecs => {
                let (helper, offset) = match info {
                    Some(CallInfo::Clock(Clock::Monotonic)) => (Helper::KtimeGetNs, 0),
                    Some(CallInfo::Clock(Clock::Boot)) => (Helper::KtimeGetBootNs, 0),
                    Some(CallInfo::Clock(Clock::Tai)) => (Helper::KtimeGetTaiNs, 0),
                    Some(CallInfo::Clock(Clock::SwTai { offset_ns })) => {
                        (Helper::KtimeGetNs, offset_ns)
                    }
                    _ => return Err(missing()),
                };
                let ns = self.call_int(helper, &[])?;
                Ok(Val::Int(self.builder.build_int_add(
                    ns,
                    self.i64.const_int(offset, false),
                    "clock",
                )?))
            }
            Function::Reg => match info {
                Some(CallInfo::Constant(offset)) => Ok(Val::Int(
                    self.register(f, u32::try_from(offset).map_err(|_| missing())?)?,
                )),
                _ => Err(missing()),
            },
            Function::Bswap => match info {
                Some(CallInfo::Width(width)) => {
                    let v = self.expr(f, args.first().ok_or_else(missing)?)?.int()?;
                    Ok(Val::Int(self.bswap(v, width)?))
                }
                _ => Err(missing()),
            },
            Function::Ntop => match info {
                Some(CallInfo::Ntop { source, family }) => self.ntop(f, args, source, family),
                _ => Err(missing()),
            },
            Function::Macaddr => match info {
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
            },
            Function::Buf => match info {
                Some(CallInfo::Buf {
                    source,
                    size,
                    clamp,
                }) => self.buf(f, args, source, size, clamp),
                _ => Err(missing()),
            },
            Function::Strcontains | Function::Strstr => match (info, args) {
                (
                    Some(
                        CallInfo::Contains { haystack, needle }
                        | CallInfo::Find { haystack, needle },
                    ),
                    [h, n],
                ) => {
                    let (Val::Str(h), Val::Str(n)) = (self.expr(f, h)?, self.expr(f, n)?) else {
                        return Err(CodegenError(format!("{function:?}() without two strings")));
                    };
                    let index = self.str_find(f, h, haystack, n, needle)?;
                    if function == Function::Strstr {
                        return Ok(Val::Int(index));
                    }
                    let found = self.builder.build_int_compare(
                        IntPredicate::SGE,
                        index,
                        self.i64.const_zero(),
                        "contains",
                    )?;
                    Ok(Val::Int(self.builder.build_int_z_extend(
                        found,
                        self.i64,
                        "contains64",
                    )?))
                }
                _ => Err(missing()),
            },
            Function::Strlen => match (info, args) {
                (Some(CallInfo::Length(size)), [s]) => {
                    let Val::Str(s) = self.expr(f, s)? else {
                        return Err(CodegenError("strlen() without a string".into()));
                    };
                    Ok(Val::Int(self.str_len(f, s, size)?))
                }
                _ => Err(missing()),
            },
            Function::Signal | Function::SignalThread => {
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
            _ => Err(CodegenError(format!(
                "{function:?}() is not a new function"
            ))),
        }
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
            ByteSource::Value | ByteSource::String => {
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
        if matches!(&base.kind, ExprKind::Builtin(b) if b == "args") {
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

    /// The index of the first `needle` in `haystack`, or -1. Both are
    /// NUL-padded buffers; only the first `hay_bytes` / `needle_bytes` can
    /// hold characters. For each start i (until the haystack's NUL), the
    /// needle's bytes are compared until its NUL (a match) or a difference.
    /// Small searches are loops in the probe; the verifier walks every
    /// iteration of those, so larger ones (`max_strlen = 1024`) run their
    /// starts in a `bpf_loop` callback, which it checks once.
    fn str_find(
        &self,
        f: &Func<'ctx, 'a>,
        haystack: PointerValue<'ctx>,
        hay_bytes: u32,
        needle: PointerValue<'ctx>,
        needle_bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        if u64::from(hay_bytes) * u64::from(needle_bytes) <= INLINE_SEARCH_STEPS {
            return self.str_find_inline(f, haystack, hay_bytes, needle, needle_bytes);
        }
        let b = &self.builder;
        let block = self.shared_slot(f, "search_ctx", self.i64.array_type(3).into())?;
        b.build_store(block, haystack)?;
        b.build_store(self.byte_offset(block, 8)?, needle)?;
        let result = self.byte_offset(block, 16)?;
        b.build_store(result, self.i64.const_all_ones())?;
        let callback = self.search_callback(hay_bytes, needle_bytes)?;
        self.call_int(
            Helper::Loop,
            &[
                Arg::Int(self.i64.const_int(u64::from(hay_bytes), false)),
                Arg::Ptr(callback.as_global_value().as_pointer_value()),
                Arg::Ptr(block),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        Ok(b.build_load(self.i64, result, "found_at")?.into_int_value())
    }

    /// The `bpf_loop` callback of `str_find` for these slot sizes: (start,
    /// [haystack, needle, result]) -> 1 (stop) once the needle is found at
    /// the start (the result is set to it) or the haystack has ended there.
    fn search_callback(
        &self,
        hay_bytes: u32,
        needle_bytes: u32,
    ) -> CgResult<inkwell::values::FunctionValue<'ctx>> {
        let name = format!("sonde_search_{hay_bytes}_{needle_bytes}");
        if let Some(existing) = self.module.get_function(&name) {
            return Ok(existing);
        }
        let function = self.bpf_function(&name, 2, inkwell::module::Linkage::Internal, ".text");
        // BTF generation needs debug info on every function.
        if let Some(debug) = &self.debug {
            debug.describe(function, true, &(0..0));
        }
        let b = self.ctx.create_builder();
        let block = |name: &str| self.ctx.append_basic_block(function, name);
        let (entry, found, stop, go_on) = (
            block("entry"),
            block("search_found"),
            block("search_stop"),
            block("search_go_on"),
        );
        let param = |i: u32| {
            function
                .get_nth_param(i)
                .map(|p| p.into_pointer_value())
                .ok_or_else(|| CodegenError("search callback parameter".into()))
        };
        b.position_at_end(entry);
        let start = b.build_ptr_to_int(param(0)?, self.i64, "start")?;
        let context = param(1)?;
        let word = |i: u64, name: &str| {
            // SAFETY: offsets within the three-word context block.
            unsafe { b.build_gep(self.i8, context, &[self.i64.const_int(8 * i, false)], name) }
        };
        let haystack = b
            .build_load(self.ptr, context, "haystack")?
            .into_pointer_value();
        let needle = b
            .build_load(self.ptr, word(1, "needle_at")?, "needle")?
            .into_pointer_value();
        let result = word(2, "result")?;
        let j_slot = b.build_alloca(self.i64, "search_j")?;
        let search = Search {
            haystack,
            hay_bytes,
            needle,
            needle_bytes,
        };
        self.match_at(&b, function, &search, start, j_slot, [found, stop, go_on])?;
        b.position_at_end(found);
        b.build_store(result, start)?;
        b.build_unconditional_branch(stop)?;
        b.position_at_end(stop);
        b.build_return(Some(&self.i64.const_int(1, false)))?;
        b.position_at_end(go_on);
        b.build_return(Some(&self.i64.const_zero()))?;
        Ok(function)
    }

    /// `str_find` as a loop in the probe.
    fn str_find_inline(
        &self,
        f: &Func<'ctx, 'a>,
        haystack: PointerValue<'ctx>,
        hay_bytes: u32,
        needle: PointerValue<'ctx>,
        needle_bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let function = f.function;
        let result = f.allocas.build_alloca(self.i64, "found_at")?;
        let i_slot = f.allocas.build_alloca(self.i64, "contains_i")?;
        let j_slot = f.allocas.build_alloca(self.i64, "contains_j")?;
        let block = |name: &str| self.ctx.append_basic_block(function, name);
        let (outer, outer_body, advance, found, done) = (
            block("contains_outer"),
            block("contains_start"),
            block("contains_advance"),
            block("contains_found"),
            block("contains_done"),
        );
        let search = Search {
            haystack,
            hay_bytes,
            needle,
            needle_bytes,
        };
        b.build_store(result, self.i64.const_all_ones())?;
        let i = self.count_up(b, i_slot, hay_bytes, [outer, outer_body, done])?;

        b.position_at_end(outer_body);
        self.match_at(b, function, &search, i, j_slot, [found, done, advance])?;

        b.position_at_end(advance);
        let i1 = b.build_int_add(i, self.i64.const_int(1, false), "i1")?;
        b.build_store(i_slot, i1)?;
        b.build_unconditional_branch(outer)?;

        b.position_at_end(found);
        b.build_store(result, i)?;
        b.build_unconditional_branch(done)?;

        b.position_at_end(done);
        Ok(b.build_load(self.i64, result, "found_at")?.into_int_value())
    }

    /// The head of a loop counting from 0: `slot` set to 0, then at `head`
    /// the count, going on to `body` while it is below `bound`, else to
    /// `done`. Leaves `b` at the end of `head`; the body stores the next count.
    fn count_up(
        &self,
        b: &inkwell::builder::Builder<'ctx>,
        slot: PointerValue<'ctx>,
        bound: u32,
        [head, body, done]: [inkwell::basic_block::BasicBlock<'ctx>; 3],
    ) -> CgResult<IntValue<'ctx>> {
        b.build_store(slot, self.i64.const_zero())?;
        b.build_unconditional_branch(head)?;
        b.position_at_end(head);
        let i = b.build_load(self.i64, slot, "i")?.into_int_value();
        let below = b.build_int_compare(
            IntPredicate::ULT,
            i,
            self.i64.const_int(u64::from(bound), false),
            "below",
        )?;
        b.build_conditional_branch(below, body, done)?;
        Ok(i)
    }

    /// Compares the needle with the haystack from `start`, with `b` at the
    /// end of the block to continue from (`j_slot`: the loop's counter).
    /// Branches to `[found, ended, next]`: the needle is there (its NUL or
    /// its slot's end reached), or not and the haystack ends at `start` (no
    /// later start can match either), or not.
    fn match_at(
        &self,
        b: &inkwell::builder::Builder<'ctx>,
        function: inkwell::values::FunctionValue<'ctx>,
        s: &Search<'ctx>,
        start: IntValue<'ctx>,
        j_slot: PointerValue<'ctx>,
        [found, ended, next]: [inkwell::basic_block::BasicBlock<'ctx>; 3],
    ) -> CgResult<()> {
        let block = |name: &str| self.ctx.append_basic_block(function, name);
        let (head, byte, check, compare, step, miss, tail) = (
            block("match_head"),
            block("match_byte"),
            block("match_check"),
            block("match_compare"),
            block("match_step"),
            block("match_miss"),
            block("match_tail"),
        );
        let hay_len = self.i64.const_int(u64::from(s.hay_bytes), false);
        let needle_len = self.i64.const_int(u64::from(s.needle_bytes), false);
        let byte_at = |base: PointerValue<'ctx>, index: IntValue<'ctx>, name: &str| {
            // SAFETY: every index is checked against its buffer's length first.
            let at = unsafe { b.build_gep(self.i8, base, &[index], name)? };
            Ok::<_, CodegenError>(b.build_load(self.i8, at, name)?.into_int_value())
        };
        b.build_store(j_slot, self.i64.const_zero())?;
        b.build_unconditional_branch(head)?;

        b.position_at_end(head);
        let j = b.build_load(self.i64, j_slot, "j")?.into_int_value();
        let more = b.build_int_compare(IntPredicate::ULT, j, needle_len, "more_bytes")?;
        // A needle that fills its slot without a NUL matched in full.
        b.build_conditional_branch(more, byte, found)?;

        b.position_at_end(byte);
        let wanted = byte_at(s.needle, j, "needle_byte")?;
        let ends = b.build_int_compare(IntPredicate::EQ, wanted, self.i8.const_zero(), "end")?;
        b.build_conditional_branch(ends, found, check)?;

        b.position_at_end(check);
        let k = b.build_int_add(start, j, "k")?;
        let inside = b.build_int_compare(IntPredicate::ULT, k, hay_len, "inside")?;
        b.build_conditional_branch(inside, compare, miss)?;

        b.position_at_end(compare);
        let have = byte_at(s.haystack, k, "hay_byte")?;
        let same = b.build_int_compare(IntPredicate::EQ, have, wanted, "same")?;
        b.build_conditional_branch(same, step, miss)?;

        b.position_at_end(step);
        b.build_store(
            j_slot,
            b.build_int_add(j, self.i64.const_int(1, false), "j1")?,
        )?;
        b.build_unconditional_branch(head)?;

        b.position_at_end(miss);
        let inside = b.build_int_compare(IntPredicate::ULT, start, hay_len, "start_inside")?;
        b.build_conditional_branch(inside, tail, ended)?;
        b.position_at_end(tail);
        let first = byte_at(s.haystack, start, "start_byte")?;
        let hay_ends =
            b.build_int_compare(IntPredicate::EQ, first, self.i8.const_zero(), "hay_end")?;
        b.build_conditional_branch(hay_ends, ended, next)?;
        Ok(())
    }

    /// The bytes of the string at `s` before its NUL, within its slot of
    /// `bytes`.
    fn str_len(
        &self,
        f: &Func<'ctx, 'a>,
        s: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let i_slot = f.allocas.build_alloca(self.i64, "strlen_i")?;
        let block = |name: &str| self.ctx.append_basic_block(f.function, name);
        let (head, body, next, done) = (
            block("strlen_head"),
            block("strlen_byte"),
            block("strlen_next"),
            block("strlen_done"),
        );
        let i = self.count_up(b, i_slot, bytes, [head, body, done])?;

        b.position_at_end(body);
        // SAFETY: i is below the slot's length.
        let at = unsafe { b.build_gep(self.i8, s, &[i], "strlen_at")? };
        let byte = b.build_load(self.i8, at, "byte")?.into_int_value();
        let end = b.build_int_compare(IntPredicate::EQ, byte, self.i8.const_zero(), "nul")?;
        b.build_conditional_branch(end, done, next)?;

        b.position_at_end(next);
        b.build_store(
            i_slot,
            b.build_int_add(i, self.i64.const_int(1, false), "i1")?,
        )?;
        b.build_unconditional_branch(head)?;

        b.position_at_end(done);
        Ok(b.build_load(self.i64, i_slot, "strlen")?.into_int_value())
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
