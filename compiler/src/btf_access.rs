//! Kernel types in expressions: what `(struct NAME *)x`, `curtask` and
//! `p->member` mean, decided from BTF. Sema asks; codegen reads the answers
//! (`MemberRead`) back from the analysis.

use crate::ctypes::Types;
use crate::diag::{Diagnostic, nearest};
use crate::kernel::btf::KernelType;
use crate::types::Type;
use std::ops::Range;

/// How codegen reads a member: at `offset` bytes from the base address, in
/// the traced process's memory when `user`, else in the kernel's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberRead {
    pub offset: u32,
    pub kind: MemberKind,
    pub user: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// An integer (or enum, bool) of `size` bytes.
    Int { size: u32, signed: bool },
    /// A bit field: `bytes` bytes read, shifted right by `shift`, `bits`
    /// kept (sign-extended when `signed`).
    BitField {
        bytes: u32,
        shift: u8,
        bits: u8,
        signed: bool,
    },
    /// A pointer: 8 bytes, an address.
    Pointer,
    /// `char[len]`: read as a string.
    CharArray { len: u32 },
    /// A struct or union inside: no read, its address is base + offset.
    Embedded,
}

/// The script type of a value of kernel type `id`, and how to read it; in
/// user memory (`user`), pointers and structs stay in user memory.
pub fn value_of(types: &Types, id: u32, user: bool) -> Option<(Type, MemberKind)> {
    Some(match types.resolve(id) {
        KernelType::Int { size, signed } if matches!(size, 1 | 2 | 4 | 8) => {
            (Type::Int { signed }, MemberKind::Int { size, signed })
        }
        KernelType::Pointer(target) if user => (Type::UserPtr(target), MemberKind::Pointer),
        KernelType::Pointer(target) => (Type::KernelPtr(target), MemberKind::Pointer),
        KernelType::CharArray { len } => (Type::Str, MemberKind::CharArray { len }),
        KernelType::Record { id, .. } if user => (Type::UserRecord(id), MemberKind::Embedded),
        KernelType::Record { id, .. } => (Type::KernelRecord(id), MemberKind::Embedded),
        _ => return None,
    })
}

/// Where a member is, before it is read: its offset from the base address,
/// its kernel type, and whether it is in user memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub offset: u32,
    pub type_id: u32,
    pub user: bool,
    /// Where its bits are, when the member is a bit field.
    pub bitfield: Option<crate::kernel::btf::BitField>,
}

/// The member `member` of `base_type` (a kernel or user pointer or struct):
/// where it is and its type, or an error naming the nearest member.
pub fn member_place(
    types: &Types,
    base_type: Type,
    member: &str,
    span: Range<usize>,
) -> Result<Place, Diagnostic> {
    let user = matches!(base_type, Type::UserPtr(_) | Type::UserRecord(_));
    let record = match base_type {
        Type::KernelRecord(id) | Type::UserRecord(id) => id,
        Type::KernelPtr(target) | Type::UserPtr(target) => match types.resolve(target) {
            KernelType::Record { id, .. } => id,
            _ => {
                return Err(Diagnostic::error(
                    format!("{} * has no members", types.name(target)),
                    span,
                )
                .with_label("not a pointer to a struct or union"));
            }
        },
        _ => {
            return Err(
                Diagnostic::error("members need a kernel pointer or struct", span)
                    .with_label("here"),
            );
        }
    };
    let Some(found) = types.member(record, member) else {
        let names = types.member_names(record);
        let mut d = Diagnostic::error(
            format!("{} has no member '{member}'", types.name(record)),
            span,
        )
        .with_label("no such member");
        if let Some(n) = nearest(member, names.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean '{n}'?"));
        }
        return Err(d);
    };
    Ok(Place {
        offset: found.offset,
        type_id: found.type_id,
        user,
        bitfield: found.bitfield,
    })
}

/// `base.member` / `base->member` where `base` has type `base_type`.
pub fn member(
    types: &Types,
    base_type: Type,
    member: &str,
    span: Range<usize>,
) -> Result<(Type, MemberRead), Diagnostic> {
    let place = member_place(types, base_type, member, span.clone())?;
    let (ty, mut kind) = value_of(types, place.type_id, place.user).ok_or_else(|| {
        let mut d = Diagnostic::error(
            format!(
                "{member} is of type {}, which Sonde cannot read yet",
                types.name(place.type_id)
            ),
            span.clone(),
        )
        .with_label("only integers, pointers, char arrays and structs");
        if types.array(place.type_id).is_some() {
            d = d.with_hint(format!("take one element: {member}[0]"));
        }
        d
    })?;
    if let Some(bits) = place.bitfield {
        let MemberKind::Int { signed, .. } = kind else {
            return Err(Diagnostic::error(
                format!("{member} is a bit field of a type that is not an integer"),
                span,
            )
            .with_label("a bit field"));
        };
        let span_bits = u32::from(bits.shift) + u32::from(bits.bits);
        if span_bits > 64 {
            return Err(Diagnostic::error(
                format!("the bit field {member} spans more than 8 bytes"),
                span,
            )
            .with_label("Sonde reads bit fields of at most 64 bits from their first byte"));
        }
        kind = MemberKind::BitField {
            bytes: span_bits.div_ceil(8),
            shift: bits.shift,
            bits: bits.bits,
            signed,
        };
    }
    Ok((
        ty,
        MemberRead {
            offset: place.offset,
            kind,
            user: place.user,
        },
    ))
}

/// The size of what a pointer to `target` points at, for indexing and
/// pointer arithmetic; `void *` and types without a size are errors.
pub fn pointee_size(
    types: &Types,
    target: u32,
    what: &str,
    span: Range<usize>,
) -> Result<u32, Diagnostic> {
    match types.resolve(target) {
        KernelType::Void => Err(Diagnostic::error(format!("{what} a void pointer"), span)
            .with_label("void * points at nothing of known size")
            .with_hint("cast it to a typed pointer ((struct NAME *)p) or to uint64 for bytes")),
        _ => types.size_of(target).filter(|s| *s > 0).ok_or_else(|| {
            Diagnostic::error(
                format!(
                    "{what} a pointer to {}, which has no size",
                    types.name(target)
                ),
                span,
            )
            .with_label("no size")
        }),
    }
}

/// `(struct NAME *)`: the pointer type, or an error saying BTF lacks it.
pub fn record_pointer(
    types: &Types,
    name: &str,
    union: bool,
    span: Range<usize>,
) -> Result<Type, Diagnostic> {
    let kind = if union { "union" } else { "struct" };
    types
        .record_by_name(name, union)
        .map(|id| {
            // Point at the struct itself, so that members resolve.
            Type::KernelPtr(id)
        })
        .ok_or_else(|| {
            Diagnostic::error(format!("the kernel has no {kind} {name}"), span)
                .with_label(format!("{kind} {name} is not in the kernel's BTF"))
                .with_hint("types come from /sys/kernel/btf/vmlinux; check the spelling")
        })
}

/// `offsetof(struct NAME, a.b.c)`: the byte offset of the member path in
/// the struct or union `record` (anonymous members found as in C).
pub fn offset_of(
    types: &Types,
    record: u32,
    path: &[(String, Range<usize>)],
) -> Result<u32, Diagnostic> {
    let mut current = record;
    let mut offset = 0u32;
    for (i, (name, span)) in path.iter().enumerate() {
        let Some(found) = types.member(current, name) else {
            let names = types.member_names(current);
            let mut d = Diagnostic::error(
                format!("{} has no member '{name}'", types.name(current)),
                span.clone(),
            )
            .with_label("no such member");
            if let Some(n) = nearest(name, names.iter().map(String::as_str)) {
                d = d.with_hint(format!("did you mean '{n}'?"));
            }
            return Err(d);
        };
        if found.bitfield.is_some() {
            return Err(Diagnostic::error(
                format!(
                    "{}.{name} is a bit field, which has no byte offset",
                    types.name(current)
                ),
                span.clone(),
            )
            .with_label("a bit field"));
        }
        offset = offset.saturating_add(found.offset);
        if i + 1 < path.len() {
            match types.resolve(found.type_id) {
                KernelType::Record { id, .. } => current = id,
                _ => {
                    return Err(Diagnostic::error(
                        format!(
                            "{name} is of type {}, which has no members",
                            types.name(found.type_id)
                        ),
                        span.clone(),
                    )
                    .with_label("not a struct or union"));
                }
            }
        }
    }
    Ok(offset)
}

/// How codegen reads `base[index]`: the element at
/// `address + read.offset + index * element_size`, the address as `base`
/// says. With `len`, an index at or past it reads 0 (a variable index into
/// an array of that length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexRead {
    pub read: MemberRead,
    pub element_size: u32,
    pub len: Option<u32>,
    pub base: IndexBase,
}

/// Where the address of an indexed array comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexBase {
    /// The base's value (a pointer).
    Pointer,
    /// The base's own base (`p` in `p->arr[i]`; `read.offset` is the member's).
    ArrayMember,
    /// The tracepoint's record (`args.args[i]`; `read.offset` is the field's).
    TracepointRecord,
    /// The buffer of a string or an integer array the program holds
    /// (`$s[i]`, `comm[0]`, `pton("::1")[15]`).
    StringValue,
}

/// `p + n`, `n + p`, `p - n` (scaled by `scale`, the pointee's size) and
/// `p - q` (`difference`: the byte distance divided by `scale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointerArith {
    pub scale: u32,
    /// The pointer is the right operand (`n + p`).
    pub pointer_right: bool,
    pub difference: bool,
}
