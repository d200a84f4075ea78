//! Reads of kernel memory: struct members, indexing, and the words
//! they load.

use super::Val;
use crate::ast::{Expr, ExprKind};
use crate::btf_access::{IndexBase, MemberKind};
use crate::codegen::helpers::{Arg, Helper};
use crate::codegen::{CgResult, CodegenError, Func, Gen};
use crate::types::Type;
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// `base->member` on a kernel pointer or `base.member` on a kernel struct:
    /// the member's address is the base's plus its offset; integers and
    /// pointers are read from kernel memory, char arrays as strings, and an
    /// embedded struct is just its address.
    pub(super) fn kernel_member(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        base: &Expr,
    ) -> CgResult<Val<'ctx>> {
        let read = self
            .analysis
            .member_read(e)
            .ok_or_else(|| CodegenError("member access without a layout".into()))?;
        let base_address = self.expr(f, base)?.int()?;
        self.read_kernel(f, base_address, read)
    }

    /// `base[index]`: the element's address is the base address (the
    /// pointer's value, or for an array member its struct's address plus the
    /// member's offset) plus index times the element's size. A variable index
    /// past an array's length reads 0: the address becomes 0, where a probe
    /// read fails and leaves 0.
    pub(super) fn index(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        base: &Expr,
        index: &Expr,
    ) -> CgResult<Val<'ctx>> {
        if let Type::Tuple(_) = self.analysis.type_of(base) {
            let ExprKind::Int(i) = index.kind else {
                return Err(CodegenError("a tuple index that is not a constant".into()));
            };
            return self.tuple_element(f, base, &i.to_string());
        }
        let info = self
            .analysis
            .index_read(e)
            .ok_or_else(|| CodegenError("index without a layout".into()))?;
        let base_address = match (&base.kind, info.base) {
            (ExprKind::Field { base: inner, .. }, IndexBase::ArrayMember) => {
                self.expr(f, inner)?.int()?
            }
            (_, IndexBase::ArrayMember) => {
                return Err(CodegenError("array member without a struct".into()));
            }
            (_, IndexBase::TracepointRecord) => {
                self.builder
                    .build_ptr_to_int(f.ctx_arg, self.i64, "record_address")?
            }
            (_, IndexBase::StringValue) => match self.expr(f, base)? {
                Val::Str(buf) | Val::Tuple(buf) => {
                    self.builder
                        .build_ptr_to_int(buf, self.i64, "string_address")?
                }
                _ => return Err(CodegenError("string index of a non-string".into())),
            },
            (_, IndexBase::Pointer) => self.expr(f, base)?.int()?,
        };
        let i = self.expr(f, index)?.int()?;
        let b = &self.builder;
        let scaled = b.build_int_mul(
            i,
            self.i64.const_int(u64::from(info.element_size), false),
            "index_bytes",
        )?;
        let mut address = b.build_int_add(base_address, scaled, "element_base")?;
        if let Some(len) = info.len {
            let inside = b.build_int_compare(
                IntPredicate::ULT,
                i,
                self.i64.const_int(u64::from(len), false),
                "in_bounds",
            )?;
            address = b
                .build_select(inside, address, self.i64.const_zero(), "checked")?
                .into_int_value();
        }
        self.read_kernel(f, address, info.read)
    }

    /// `percpu_kaddr("name"[, cpu])`: the variable's offset plus the CPU's
    /// entry of `__per_cpu_offset`; 0 for a CPU past the possible ones.
    pub(super) fn percpu_address(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let Some(crate::sema::CallInfo::PerCpu {
            symbol,
            offsets,
            cpus,
        }) = self.analysis.call_info(e).copied()
        else {
            return Err(CodegenError("percpu_kaddr() without its symbols".into()));
        };
        let cpu = match args.get(1) {
            Some(cpu) => self.expr(f, cpu)?.int()?,
            None => self.call_int(Helper::GetSmpProcessorId, &[])?,
        };
        let known = self.builder.build_int_compare(
            IntPredicate::ULT,
            cpu,
            self.i64.const_int(u64::from(cpus), false),
            "possible_cpu",
        )?;
        // A CPU past the table reads entry 0, and the result is then 0.
        let index = self
            .builder
            .build_select(known, cpu, self.i64.const_zero(), "cpu_index")?
            .into_int_value();
        let entry = self.builder.build_int_add(
            self.i64.const_int(offsets, false),
            self.builder
                .build_int_mul(index, self.i64.const_int(8, false), "entry")?,
            "offset_at",
        )?;
        let read = crate::btf_access::MemberRead {
            offset: 0,
            kind: MemberKind::Int {
                size: 8,
                signed: false,
            },
            user: false,
        };
        let area = self.read_kernel(f, entry, read)?.int()?;
        let address = self.builder.build_int_add(
            area,
            self.i64.const_int(symbol, false),
            "percpu_address",
        )?;
        Ok(Val::Int(
            self.builder
                .build_select(known, address, self.i64.const_zero(), "percpu_kaddr")?
                .into_int_value(),
        ))
    }

    /// Reads what `read` describes at `base_address + read.offset` in kernel memory.
    pub(super) fn read_kernel(
        &self,
        f: &mut Func<'ctx, 'a>,
        base_address: IntValue<'ctx>,
        read: crate::btf_access::MemberRead,
    ) -> CgResult<Val<'ctx>> {
        let address = self.builder.build_int_add(
            base_address,
            self.i64.const_int(u64::from(read.offset), false),
            "member_address",
        )?;
        let pointer = self
            .builder
            .build_int_to_ptr(address, self.ptr, "member_pointer")?;
        let (read_bytes, read_str) = if read.user {
            (Helper::ProbeReadUser, Helper::ProbeReadUserStr)
        } else {
            (Helper::ProbeReadKernel, Helper::ProbeReadKernelStr)
        };
        match read.kind {
            MemberKind::Embedded => Ok(Val::Int(address)),
            MemberKind::CharArray { len } => {
                let buf = self.alloca_string(f, "member_string")?;
                self.zero(buf, self.analysis.string_size)?;
                let size = (len + 1).min(self.analysis.string_size);
                self.call_int(
                    read_str,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(self.i64.const_int(u64::from(size), false)),
                        Arg::Ptr(pointer),
                    ],
                )?;
                Ok(Val::Str(buf))
            }
            MemberKind::Int { .. } | MemberKind::Pointer => {
                let (size, signed) = match read.kind {
                    MemberKind::Int { size, signed } => (size, signed),
                    _ => (8, false),
                };
                let raw = self.read_word(f, read_bytes, pointer, size)?;
                Ok(Val::Int(self.widen(raw, size, signed)?))
            }
            MemberKind::BitField {
                bytes,
                shift,
                bits,
                signed,
            } => {
                let raw = self.read_word(f, read_bytes, pointer, bytes)?;
                // Move the field to the top bits, then back down: the shift
                // back extends the sign or zeros, as the field's type says.
                let above = 64 - u64::from(shift) - u64::from(bits);
                let top = self.builder.build_left_shift(
                    raw,
                    self.i64.const_int(above, false),
                    "bitfield_top",
                )?;
                let down = self.i64.const_int(64 - u64::from(bits), false);
                let value = self
                    .builder
                    .build_right_shift(top, down, signed, "bitfield")?;
                Ok(Val::Int(value))
            }
        }
    }

    /// `size` bytes (1 to 8) read at `pointer` with the helper `read`, in
    /// the low bytes of a zeroed 64-bit word.
    pub(super) fn read_word(
        &self,
        f: &mut Func<'ctx, 'a>,
        read: Helper,
        pointer: PointerValue<'ctx>,
        size: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let buf = self.scratch_bytes(f, 8, "read_word")?;
        self.zero(buf, 8)?;
        self.call_int(
            read,
            &[
                Arg::Ptr(buf),
                Arg::Int(self.i64.const_int(u64::from(size), false)),
                Arg::Ptr(pointer),
            ],
        )?;
        Ok(self
            .builder
            .build_load(self.i64, buf, "word")?
            .into_int_value())
    }

    /// The low `size` bytes of `raw`, extended to 64 bits as `signed` says.
    pub(super) fn widen(
        &self,
        raw: IntValue<'ctx>,
        size: u32,
        signed: bool,
    ) -> CgResult<IntValue<'ctx>> {
        let narrow = match size {
            8.. => return Ok(raw),
            1 => self.ctx.i8_type(),
            2 => self.ctx.i16_type(),
            _ => self.ctx.i32_type(),
        };
        let low = self.builder.build_int_truncate(raw, narrow, "narrow")?;
        Ok(if signed {
            self.builder.build_int_s_extend(low, self.i64, "sext")?
        } else {
            self.builder.build_int_z_extend(low, self.i64, "zext")?
        })
    }
}
