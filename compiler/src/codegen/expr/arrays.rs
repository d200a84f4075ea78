//! Integer arrays (`Type::IntArray`): casts to and from them and `pton()`.
//! An array is a value in memory (`Val::Tuple`), its bytes at the start of
//! a slot of `ValueKind::IntArray`'s size.

use super::Val;
use crate::ast::{Expr, IntArray};
use crate::codegen::{CgResult, CodegenError, Func, Gen};
use crate::sema::CallInfo;
use crate::types::Type;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// Bytes of a slot holding `array`.
    fn array_slot(array: IntArray) -> u32 {
        crate::script::ValueKind::IntArray {
            elem_size: array.bytes,
            signed: array.signed,
            len: array.len,
        }
        .slot_size()
    }

    /// `(uint8[8])x`: an integer's bytes (as sema masked it to its width),
    /// a string's first bytes, or the array itself.
    pub(super) fn array_cast(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        array: IntArray,
        operand: &Expr,
    ) -> CgResult<Val<'ctx>> {
        let slot = Self::array_slot(array);
        let size =
            u32::try_from(array.size()).map_err(|_| CodegenError("an array past 4 GiB".into()))?;
        match (self.analysis.type_of(operand), self.expr(f, operand)?) {
            (Type::IntArray(_), v @ Val::Tuple(_)) => Ok(v),
            (Type::Str, Val::Str(s)) => {
                let out = self.scratch_bytes(f, slot, "array")?;
                self.zero(out, slot)?;
                self.copy_bytes(out, s, size)?;
                Ok(Val::Tuple(out))
            }
            (_, Val::Int(v)) => {
                let v = match self.analysis.call_info(e) {
                    Some(CallInfo::Cast { bits, signed }) => self.int_cast(v, *bits, *signed)?,
                    _ => v,
                };
                let out = self.scratch_bytes(f, slot, "array")?;
                self.builder.build_store(out, v)?;
                Ok(Val::Tuple(out))
            }
            (t, _) => Err(CodegenError(format!("an array cast of {}", t.describe()))),
        }
    }

    /// `(uint32)a` of a 4-byte array: its bytes as the integer.
    pub(super) fn array_to_int(
        &self,
        f: &mut Func<'ctx, 'a>,
        operand: &Expr,
        bits: u8,
        signed: bool,
    ) -> CgResult<Val<'ctx>> {
        let Val::Tuple(p) = self.expr(f, operand)? else {
            return Err(CodegenError("an array cast without an array".into()));
        };
        let narrow = match bits {
            8 => self.i8,
            16 => self.ctx.i16_type(),
            32 => self.i32,
            _ => self.i64,
        };
        let v = self
            .builder
            .build_load(narrow, p, "array_int")?
            .into_int_value();
        Ok(Val::Int(if bits >= 64 {
            v
        } else if signed {
            self.builder
                .build_int_s_extend(v, self.i64, "array_int64")?
        } else {
            self.builder
                .build_int_z_extend(v, self.i64, "array_int64")?
        }))
    }

    /// `pton("...")`: the bytes sema worked out, in a slot of their own.
    pub(super) fn pton_call(&self, f: &mut Func<'ctx, 'a>, e: &Expr) -> CgResult<Val<'ctx>> {
        let Some(CallInfo::Text(i)) = self.analysis.call_info(e) else {
            return Err(CodegenError("pton() without its address".into()));
        };
        let bytes = self
            .analysis
            .text(*i)
            .ok_or_else(|| CodegenError("pton() without its bytes".into()))?;
        let mut padded = bytes.to_vec();
        padded.resize(bytes.len().next_multiple_of(8), 0);
        let out = self.scratch_bytes(f, padded.len() as u32, "pton")?;
        for (i, chunk) in padded.chunks(8).enumerate() {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let at = self.byte_offset(out, (i * 8) as u32)?;
            self.builder
                .build_store(at, self.i64.const_int(u64::from_le_bytes(word), false))?;
        }
        Ok(Val::Tuple(out))
    }
}
