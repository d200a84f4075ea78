//! Code for the string searches and lengths: `strcontains`, `strstr`
//! (a loop in the probe for short strings, a `bpf_loop` callback for long
//! ones) and `strlen`.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, ExprKind};
use crate::builtins::Function;
use crate::sema::CallInfo;
use inkwell::IntPredicate;
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
    pub(in crate::codegen) fn string_search_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match (info, args) {
            (
                Some(CallInfo::Contains { haystack, needle } | CallInfo::Find { haystack, needle }),
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
        }
    }

    pub(in crate::codegen) fn strlen_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        function: Function,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let info = self.analysis.call_info(e).copied();
        let missing = || CodegenError(format!("{function:?}() without its analysis"));
        match (info, args) {
            (Some(CallInfo::Length(size)), [s]) => {
                let Val::Str(s) = self.expr(f, s)? else {
                    return Err(CodegenError("strlen() without a string".into()));
                };
                Ok(Val::Int(self.str_len(f, s, size)?))
            }
            _ => Err(missing()),
        }
    }

    /// `str_concat(a, b)`: `a`'s bytes, then `b`'s from `a`'s NUL on, in a
    /// buffer twice the string size (so `b` fits after any `a`), cut at
    /// the string size with a NUL. Every string is zero after its NUL, so
    /// the result is too.
    pub(in crate::codegen) fn str_concat_call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let Some(CallInfo::Concat { first, second }) = self.analysis.call_info(e).copied() else {
            return Err(CodegenError("str_concat() without its analysis".into()));
        };
        let [a, b] = args else {
            return Err(CodegenError("str_concat() without two strings".into()));
        };
        let size = self.analysis.string_size;
        let (first, second) = (first.min(size), second.min(size));
        let buf = self.scratch_bytes(f, 2 * size, "str_concat")?;
        self.zero(buf, 2 * size)?;
        // A literal is written as its bytes, without a buffer of its own:
        // two literals' zeroed buffers next to the result's would be one
        // store run LLVM makes a memset call of (max_strlen = 1024).
        let len = match &a.kind {
            ExprKind::Str(bytes) => {
                self.write_in_place(a, buf, first)?;
                self.i64
                    .const_int(bytes.len().min(first as usize) as u64, false)
            }
            _ => {
                let Val::Str(a) = self.expr(f, a)? else {
                    return Err(CodegenError("str_concat() without a string".into()));
                };
                self.copy_bytes(buf, a, first)?;
                let len = self.str_len(f, a, first)?;
                // The verifier must see the offset bounded where it is
                // used; the loop's bound does not reach here through
                // LLVM's rewriting.
                let len = self.opaque(len.into())?.into_int_value();
                let max = self.i64.const_int(u64::from(first), false);
                let short = self
                    .builder
                    .build_int_compare(IntPredicate::ULE, len, max, "fits")?;
                self.builder
                    .build_select(short, len, max, "len_a")?
                    .into_int_value()
            }
        };
        // SAFETY: len is at most `first`, so `second` bytes from there end
        // inside the buffer's 2 * size.
        let tail = unsafe { self.builder.build_gep(self.i8, buf, &[len], "tail")? };
        if matches!(b.kind, ExprKind::Str(_)) {
            self.write_in_place(b, tail, second)?;
        } else {
            let Val::Str(b) = self.expr(f, b)? else {
                return Err(CodegenError("str_concat() without a string".into()));
            };
            self.call_int(
                Helper::ProbeReadKernel,
                &[
                    Arg::Ptr(tail),
                    Arg::Int(self.i64.const_int(u64::from(second), false)),
                    Arg::Ptr(b),
                ],
            )?;
        }
        // The result keeps max_strlen characters and NULs after them: one
        // that fills them prints with str_trunc_trailer, like str().
        for at in self.analysis.max_strlen.min(size - 1)..size {
            let end = self.byte_offset(buf, at)?;
            self.builder.build_store(end, self.i8.const_zero())?;
        }
        Ok(Val::Str(buf))
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
        let search_start = block("search_start");
        b.position_at_end(entry);
        let index = b.build_ptr_to_int(param(0)?, self.i64, "index")?;
        // The verifier knows nothing of bpf_loop's index: bound it here, first,
        // so that every address made from it is inside the haystack.
        let inside = b.build_int_compare(
            IntPredicate::ULT,
            index,
            self.i64.const_int(u64::from(hay_bytes), false),
            "index_inside",
        )?;
        b.build_conditional_branch(inside, search_start, stop)?;
        b.position_at_end(search_start);
        let start = index;
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
