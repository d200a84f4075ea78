//! Strings, byte buffers and tuples: comparing, building and copying them.

use super::Val;
use crate::ast::{Expr, ExprKind};
use crate::builtins::Builtin;
use crate::codegen::helpers::{Arg, Helper};
use crate::codegen::{CgResult, CodegenError, Func, Gen};
use crate::script::ValueKind;
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

/// Comparisons of up to this many 8-byte words are written out; longer ones
/// loop (`bytes_equal_loop`).
const UNROLLED_WORDS: u32 = 16;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// 1 if the first `bytes` bytes of the two buffers are equal, else 0.
    /// Every string buffer is zero after its NUL (each producer zeroes it
    /// first), so comparing 8-byte words decides string equality, and the
    /// first n bytes decide strncmp(a, b, n). A last partial word is masked.
    pub(super) fn string_equal(
        &self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        self.bytes_equal(a, b, bytes.min(self.analysis.string_size))
    }

    /// memcmp: the difference of the first bytes that differ among the first
    /// `bytes` (as unsigned chars), 0 when none do. Built from the last byte
    /// back, each byte's difference chosen when it is not zero.
    pub(super) fn bytes_difference(
        &self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let i8 = self.ctx.i8_type();
        let mut result = self.i64.const_zero();
        for i in (0..bytes).rev() {
            let byte = |p, name| -> CgResult<IntValue<'ctx>> {
                let v = self
                    .builder
                    .build_load(i8, self.byte_offset(p, i)?, name)?
                    .into_int_value();
                Ok(self.builder.build_int_z_extend(v, self.i64, name)?)
            };
            let d = self
                .builder
                .build_int_sub(byte(a, "ca")?, byte(b, "cb")?, "byte_diff")?;
            let differs = self.builder.build_int_compare(
                IntPredicate::NE,
                d,
                self.i64.const_zero(),
                "byte_differs",
            )?;
            result = self
                .builder
                .build_select(differs, d, result, "memcmp")?
                .into_int_value();
        }
        Ok(result)
    }

    /// 1 if the first `bytes` bytes of the two buffers are equal, else 0.
    pub(super) fn bytes_equal(
        &self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        if bytes / 8 > UNROLLED_WORDS {
            return self.bytes_equal_loop(a, b, bytes);
        }
        let mut differ = self.i64.const_zero();
        for word in 0..bytes.div_ceil(8) {
            let wa = self
                .builder
                .build_load(self.i64, self.byte_offset(a, word * 8)?, "wa")?
                .into_int_value();
            let wb = self
                .builder
                .build_load(self.i64, self.byte_offset(b, word * 8)?, "wb")?
                .into_int_value();
            let mut x = self.builder.build_xor(wa, wb, "diff")?;
            let tail = bytes - word * 8;
            if tail < 8 {
                // Little-endian: the string's first bytes are the low bytes.
                let mask = self.i64.const_int((1u64 << (8 * tail)) - 1, false);
                x = self.builder.build_and(x, mask, "diff_prefix")?;
            }
            differ = self.builder.build_or(differ, x, "differ")?;
        }
        let same = self.builder.build_int_compare(
            IntPredicate::EQ,
            differ,
            self.i64.const_zero(),
            "same",
        )?;
        Ok(self.builder.build_int_z_extend(same, self.i64, "streq")?)
    }

    /// `bytes_equal` of long buffers (1 KiB strings, tuples holding them):
    /// a loop over the whole words, then the tail as one more comparison.
    /// Unrolled, the loads of a thousand bytes outgrow the registers and
    /// spill past the 512-byte stack; the verifier walks the loop's
    /// constant number of iterations.
    fn bytes_equal_loop(
        &self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let words = u64::from(bytes / 8);
        let function = self
            .builder
            .get_insert_block()
            .and_then(|bb| bb.get_parent())
            .ok_or_else(|| CodegenError("a comparison outside a function".into()))?;
        let before = self
            .builder
            .get_insert_block()
            .ok_or_else(|| CodegenError("a comparison outside a block".into()))?;
        let body = self.ctx.append_basic_block(function, "cmp_word");
        let done = self.ctx.append_basic_block(function, "cmp_done");
        self.builder.build_unconditional_branch(body)?;
        self.builder.position_at_end(body);
        let index = self.builder.build_phi(self.i64, "cmp_index")?;
        let differ = self.builder.build_phi(self.i64, "cmp_differ")?;
        let i = index.as_basic_value().into_int_value();
        let offset = self
            .builder
            .build_int_mul(i, self.i64.const_int(8, false), "cmp_offset")?;
        let word = |p: PointerValue<'ctx>, name| -> CgResult<IntValue<'ctx>> {
            // SAFETY: i < words, so the word is inside both buffers.
            let at = unsafe { self.builder.build_gep(self.i8, p, &[offset], "cmp_at")? };
            Ok(self
                .builder
                .build_load(self.i64, at, name)?
                .into_int_value())
        };
        let x = self
            .builder
            .build_xor(word(a, "wa")?, word(b, "wb")?, "diff")?;
        let next_differ =
            self.builder
                .build_or(differ.as_basic_value().into_int_value(), x, "differ")?;
        let next = self
            .builder
            .build_int_add(i, self.i64.const_int(1, false), "cmp_next")?;
        let more = self.builder.build_int_compare(
            IntPredicate::ULT,
            next,
            self.i64.const_int(words, false),
            "cmp_more",
        )?;
        self.builder.build_conditional_branch(more, body, done)?;
        index.add_incoming(&[(&self.i64.const_zero(), before), (&next, body)]);
        differ.add_incoming(&[(&self.i64.const_zero(), before), (&next_differ, body)]);
        self.builder.position_at_end(done);
        let words_same = self.builder.build_int_compare(
            IntPredicate::EQ,
            next_differ,
            self.i64.const_zero(),
            "words_same",
        )?;
        let words_same = self
            .builder
            .build_int_z_extend(words_same, self.i64, "same")?;
        let tail = bytes % 8;
        if tail == 0 {
            return Ok(words_same);
        }
        let at = |p| self.byte_offset(p, bytes - tail);
        let tail_same = self.bytes_equal(at(a)?, at(b)?, tail)?;
        Ok(self.builder.build_and(words_same, tail_same, "streq")?)
    }

    /// `(a, b, ...)`: the elements in a buffer, each in its slot.
    pub(super) fn tuple(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        elements: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let Some(layout) = self
            .analysis
            .layout(self.analysis.type_of(e))
            .and_then(|k| k.tuple_elements().map(<[ValueKind]>::to_vec))
        else {
            return Err(CodegenError("tuple without a layout".into()));
        };
        let values = elements
            .iter()
            .map(|el| self.expr(f, el))
            .collect::<CgResult<Vec<_>>>()?;
        let size: u32 = layout.iter().map(ValueKind::slot_size).sum();
        let buffer = self.scratch_bytes(f, size, "tuple")?;
        self.zero(buffer, size)?;
        for ((v, kind), offset) in values
            .into_iter()
            .zip(&layout)
            .zip(ValueKind::tuple_offsets(&layout))
        {
            self.store_value(self.byte_offset(buffer, offset)?, v, kind.slot_size())?;
        }
        Ok(Val::Tuple(buffer))
    }

    /// `t.N`: element N of a tuple, read out of its slot.
    pub(super) fn tuple_element(
        &self,
        f: &mut Func<'ctx, 'a>,
        base: &Expr,
        field: &str,
    ) -> CgResult<Val<'ctx>> {
        let base_type = self.analysis.type_of(base);
        let Some(layout) = self
            .analysis
            .layout(base_type)
            .and_then(|k| k.tuple_elements().map(<[ValueKind]>::to_vec))
        else {
            return Err(CodegenError("tuple without a layout".into()));
        };
        let index = self
            .analysis
            .element_index(base_type, field)
            .ok_or_else(|| CodegenError(format!("tuple element .{field}")))?;
        let offsets = ValueKind::tuple_offsets(&layout);
        let (Some(kind), Some(offset)) = (layout.get(index), offsets.get(index)) else {
            return Err(CodegenError(format!("tuple has no element .{field}")));
        };
        let Val::Tuple(buffer) = self.expr(f, base)? else {
            return Err(CodegenError("tuple value expected".into()));
        };
        let at = self.byte_offset(buffer, *offset)?;
        Ok(match kind {
            ValueKind::Int { .. }
            | ValueKind::Bool
            | ValueKind::Pointer
            | ValueKind::Enum { .. }
            | ValueKind::MacAddr => Val::Int(
                self.builder
                    .build_load(self.i64, at, "element")?
                    .into_int_value(),
            ),
            ValueKind::Str { size } => {
                let out = self.alloca_string(f, "element")?;
                self.zero(out, self.analysis.string_size)?;
                self.copy_bytes(out, at, *size)?;
                Val::Str(out)
            }
            ValueKind::Tuple(_)
            | ValueKind::NamedTuple { .. }
            | ValueKind::Record { .. }
            | ValueKind::Stack(_)
            | ValueKind::Usym
            | ValueKind::Inet
            | ValueKind::Buffer { .. }
            | ValueKind::IntArray { .. }
            | ValueKind::Timestamp { .. }
            | ValueKind::CgroupPath { .. } => Val::Tuple(at),
            ValueKind::Ksym
            | ValueKind::SyscallName
            | ValueKind::Strerror
            | ValueKind::Username => Val::Int(
                self.builder
                    .build_load(self.i64, at, "element")?
                    .into_int_value(),
            ),
        })
    }

    /// Strings cheap to write straight into a key or record slot, saving a
    /// temporary buffer: `comm` and literals.
    pub fn writes_in_place(&self, e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Str(_)) || matches!(&e.kind, ExprKind::Builtin(Builtin::Comm))
    }

    /// Writes such a string into `slot` bytes at `at`, which are already zero.
    pub fn write_in_place(&self, e: &Expr, at: PointerValue<'ctx>, slot: u32) -> CgResult<()> {
        match &e.kind {
            ExprKind::Str(bytes) => {
                let mut padded = bytes.clone();
                padded.resize(slot as usize, 0);
                for (i, chunk) in padded.chunks(8).enumerate() {
                    let mut word = [0u8; 8];
                    word[..chunk.len()].copy_from_slice(chunk);
                    if word != [0; 8] {
                        let to = self.byte_offset(at, (i * 8) as u32)?;
                        self.builder
                            .build_store(to, self.i64.const_int(u64::from_le_bytes(word), false))?;
                    }
                }
                Ok(())
            }
            _ => {
                self.call_int(
                    Helper::GetCurrentComm,
                    &[
                        Arg::Ptr(at),
                        Arg::Int(self.i64.const_int(u64::from(slot.min(16)), false)),
                    ],
                )?;
                Ok(())
            }
        }
    }

    /// A string buffer holding constant bytes, written 8 bytes at a time.
    pub(in crate::codegen) fn const_string(
        &self,
        f: &Func<'ctx, 'a>,
        bytes: &[u8],
    ) -> CgResult<PointerValue<'ctx>> {
        let buf = self.alloca_string(f, "const_str")?;
        let mut padded = bytes.to_vec();
        padded.resize(self.analysis.string_size as usize, 0);
        for (i, chunk) in padded.chunks(8).enumerate() {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let at = self.byte_offset(buf, (i * 8) as u32)?;
            self.builder
                .build_store(at, self.i64.const_int(u64::from_le_bytes(word), false))?;
        }
        Ok(buf)
    }

    pub fn byte_offset(
        &self,
        base: PointerValue<'ctx>,
        offset: u32,
    ) -> CgResult<PointerValue<'ctx>> {
        if offset == 0 {
            return Ok(base);
        }
        // SAFETY: callers only index inside buffers of known size.
        Ok(unsafe {
            self.builder.build_gep(
                self.i8,
                base,
                &[self.i64.const_int(u64::from(offset), false)],
                "at",
            )?
        })
    }

    pub fn zero(&self, p: PointerValue<'ctx>, size: u32) -> CgResult<()> {
        for (offset, len) in inline_chunks(size) {
            self.builder.build_memset(
                self.chunk_at(p, offset)?,
                8,
                self.i8.const_zero(),
                self.i64.const_int(u64::from(len), false),
            )?;
        }
        Ok(())
    }

    /// `p + offset` for a piece of `inline_chunks`, hidden from LLVM after
    /// the first, which would otherwise merge the pieces back into one.
    fn chunk_at(&self, p: PointerValue<'ctx>, offset: u32) -> CgResult<PointerValue<'ctx>> {
        let at = self.byte_offset(p, offset)?;
        if offset == 0 {
            return Ok(at);
        }
        Ok(self.opaque(at.into())?.into_pointer_value())
    }

    pub fn copy_bytes(
        &self,
        dst: PointerValue<'ctx>,
        src: PointerValue<'ctx>,
        size: u32,
    ) -> CgResult<()> {
        for (offset, len) in inline_chunks(size) {
            self.builder
                .build_memcpy(
                    self.chunk_at(dst, offset)?,
                    8,
                    self.chunk_at(src, offset)?,
                    8,
                    self.i64.const_int(u64::from(len), false),
                )
                .map_err(|e| CodegenError(e.to_string()))?;
        }
        Ok(())
    }
}

/// (offset, length) pieces of `size` bytes that the BPF backend writes out
/// as stores (up to 128 of 8 bytes): it turns a longer memset or memcpy into
/// a call to the C library, which BPF does not have (a record holding a
/// 1 KiB string with `max_strlen = 1024`).
fn inline_chunks(size: u32) -> impl Iterator<Item = (u32, u32)> {
    const CHUNK: u32 = 1024;
    (0..size.div_ceil(CHUNK)).map(move |i| (i * CHUNK, (size - i * CHUNK).min(CHUNK)))
}
