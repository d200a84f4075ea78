//! After optimisation: memset and memcpy calls longer than the BPF backend
//! writes out as stores, cut into pieces it does.
//!
//! LLVM's optimiser merges the zeroing and copying of neighbouring buffers
//! (a tuple's string slots, a record's fields) into one memset or memcpy,
//! however carefully codegen cut them (`strings.rs`, `inline_chunks`). The
//! BPF backend turns one longer than 1 KiB into a call to the C library,
//! which BPF does not have ("A call to built-in function 'memset' is not
//! supported"). With 1 KiB strings (`max_strlen`'s default, as bpftrace's)
//! that is any tuple with a string in it, so each such call is cut here,
//! once no optimisation pass can merge the pieces again.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::Module;
use inkwell::values::{
    BasicValueEnum, CallSiteValue, InstructionOpcode, InstructionValue, IntValue, PointerValue,
};

/// The most bytes one memset or memcpy may cover: the backend writes up to
/// 128 stores of 8 bytes.
const PIECE: u64 = 1024;

/// Cuts every memset and memcpy of `module` longer than `PIECE` bytes.
pub fn split_long_memory_calls(context: &Context, module: &Module) -> Result<(), String> {
    let builder = context.create_builder();
    let mut long_calls = Vec::new();
    for function in module.get_functions() {
        for block in function.get_basic_blocks() {
            let mut next = block.get_first_instruction();
            while let Some(instruction) = next {
                next = instruction.get_next_instruction();
                if let Some(call) = long_memory_call(instruction) {
                    long_calls.push(call);
                }
            }
        }
    }
    for call in long_calls {
        cut(context, &builder, call).map_err(|e| format!("cutting a long memory copy: {e}"))?;
    }
    Ok(())
}

/// A call to be cut: the instruction, whether it copies, its length, and
/// the alignment of its destination and source (the pieces keep it: every
/// piece starts a multiple of `PIECE` bytes in).
struct LongCall<'ctx> {
    instruction: InstructionValue<'ctx>,
    copies: bool,
    length: u64,
    dst_align: u32,
    src_align: u32,
}

fn long_memory_call(instruction: InstructionValue<'_>) -> Option<LongCall<'_>> {
    if instruction.get_opcode() != InstructionOpcode::Call {
        return None;
    }
    let site = CallSiteValue::try_from(instruction).ok()?;
    let callee = site.get_called_fn_value()?;
    let name = callee.get_name().to_str().ok()?;
    let copies = if name.starts_with("llvm.memcpy") {
        true
    } else if name.starts_with("llvm.memset") {
        false
    } else {
        return None;
    };
    let length = match instruction.get_operand(2)?.value()? {
        BasicValueEnum::IntValue(n) => n.get_zero_extended_constant()?,
        _ => return None,
    };
    let align = |param: u32| {
        site.get_enum_attribute(
            AttributeLoc::Param(param),
            Attribute::get_named_enum_kind_id("align"),
        )
        .and_then(|a| u32::try_from(a.get_enum_value()).ok())
        .unwrap_or(1)
    };
    (length > PIECE).then(|| LongCall {
        instruction,
        copies,
        length,
        dst_align: align(0),
        src_align: align(1),
    })
}

fn cut<'ctx>(
    context: &'ctx Context,
    builder: &Builder<'ctx>,
    call: LongCall<'ctx>,
) -> Result<(), String> {
    let operand = |i: u32| -> Result<BasicValueEnum<'ctx>, String> {
        call.instruction
            .get_operand(i)
            .and_then(|o| o.value())
            .ok_or_else(|| format!("operand {i} of a memory call"))
    };
    let pointer = |v: BasicValueEnum<'ctx>| -> Result<PointerValue<'ctx>, String> {
        match v {
            BasicValueEnum::PointerValue(p) => Ok(p),
            _ => Err("a memory call's address is not a pointer".into()),
        }
    };
    let dst = pointer(operand(0)?)?;
    let second = operand(1)?;
    builder.position_before(&call.instruction);
    let i8 = context.i8_type();
    let i64 = context.i64_type();
    let at = |base: PointerValue<'ctx>, offset: u64| -> Result<PointerValue<'ctx>, String> {
        // SAFETY: the offset stays inside the `length` bytes the original
        // call covered.
        unsafe { builder.build_gep(i8, base, &[i64.const_int(offset, false)], "piece") }
            .map_err(|e| e.to_string())
    };
    let mut offset = 0;
    while offset < call.length {
        let len: IntValue<'ctx> = i64.const_int(PIECE.min(call.length - offset), false);
        if call.copies {
            let src = pointer(second)?;
            builder
                .build_memcpy(
                    at(dst, offset)?,
                    call.dst_align,
                    at(src, offset)?,
                    call.src_align,
                    len,
                )
                .map_err(|e| e.to_string())?;
        } else {
            let BasicValueEnum::IntValue(value) = second else {
                return Err("a memset's value is not a byte".into());
            };
            builder
                .build_memset(at(dst, offset)?, call.dst_align, value, len)
                .map_err(|e| e.to_string())?;
        }
        offset += PIECE;
    }
    call.instruction.erase_from_basic_block();
    Ok(())
}
