//! Integer arrays as bpftrace 0.27 types them: `(uint8[8])x` (an integer's
//! bytes), `(int8[4])"abc"` (a string's), `(uint64)a` (an array back to the
//! integer of its size) and `pton("1.2.3.4")` (an address's bytes, known
//! as the script compiles).

use super::CallInfo;
use super::checker::Checker;
use crate::ast::{Expr, ExprKind, IntArray};
use crate::diag::Diagnostic;
use crate::types::Type;

impl Checker<'_> {
    /// `(uint8[8])x`: an integer no wider than the array, which is at most
    /// 8 bytes (the value zero-extended from its own width, as bpftrace
    /// stores it); a string of the array's size; the same array.
    pub(super) fn array_cast(&mut self, e: &Expr, array: IntArray, operand: &Expr) -> Option<Type> {
        let t = self.expr(operand)?;
        let size = array.size();
        let (from, fits) = match t {
            Type::IntArray(other) => (other.name(), other == array),
            Type::Str => match &operand.kind {
                // bpftrace types a literal as string[its length + 1].
                ExprKind::Str(bytes) => {
                    let len = bytes.len() as u64 + 1;
                    (format!("string[{len}]"), len == size)
                }
                _ => (
                    "a string".to_string(),
                    size <= u64::from(self.str_size(operand)),
                ),
            },
            t if t.is_int() => {
                let (bits, signed) = match self.int_shape(operand, t) {
                    // A literal is bpftrace's smallest signed type holding it.
                    Some(_) if super::int_shapes::literal_bytes(operand).is_some() => {
                        (signed_literal_bits(operand), true)
                    }
                    Some(shape) => (shape.bits, shape.signed),
                    None => (64, !matches!(t.as_arith(), Type::Int { signed: false })),
                };
                let name = format!("{}int{bits}", if signed { "" } else { "u" });
                let fits = u64::from(bits / 8) <= size && size <= 8;
                if fits {
                    self.note_call(
                        e,
                        CallInfo::Cast {
                            bits,
                            signed: false,
                        },
                    );
                }
                (name, fits)
            }
            other => (other.describe().to_string(), false),
        };
        if !fits {
            return self.error(
                Diagnostic::error(
                    format!("cannot cast {from} to {}", array.name()),
                    e.span.clone(),
                )
                .with_label(if matches!(t, Type::IntArray(_)) {
                    "an array casts only to its own type".to_string()
                } else {
                    format!("{from} is not {size} bytes")
                })
                .with_hint(
                    "an integer casts to an array of its size or wider (at most 8 bytes), \
                         a string to an array of its size",
                ),
            );
        }
        Some(Type::IntArray(array))
    }

    /// `(uint64)a` of an array: the integer of the array's bytes, which must
    /// be as many as the integer's.
    pub(super) fn array_to_int(&mut self, e: &Expr, array: IntArray, bits: u8) -> Option<()> {
        if array.size() * 8 == u64::from(bits) {
            return Some(());
        }
        self.fail(
            Diagnostic::error(
                format!("cannot cast {} to a {bits}-bit integer", array.name()),
                e.span.clone(),
            )
            .with_label(format!("{} bytes, not {}", array.size(), bits / 8))
            .with_hint("an array casts to the integer of its size: (uint32)(uint8[4])x"),
        )
    }

    /// `pton("1.2.3.4")`, `pton("::1")`: the address's 4 or 16 bytes, in
    /// network order, as a `uint8` array; the text must be a literal.
    pub(super) fn pton(&mut self, e: &Expr, arg: &Expr, usage: &str) -> Option<Type> {
        let ExprKind::Str(text) = &arg.kind else {
            self.expr(arg);
            return self.error(
                Diagnostic::error("pton() takes a string literal", arg.span.clone())
                    .with_label("not a literal")
                    .with_hint(format!("usage: {usage}")),
            );
        };
        let text = String::from_utf8_lossy(text).into_owned();
        let bytes = if let Ok(v4) = text.parse::<std::net::Ipv4Addr>() {
            v4.octets().to_vec()
        } else if let Ok(v6) = text.parse::<std::net::Ipv6Addr>() {
            v6.octets().to_vec()
        } else {
            return self.error(
                Diagnostic::error(
                    format!("pton() takes an IPv4 or IPv6 address, not {text:?}"),
                    arg.span.clone(),
                )
                .with_label("not an address")
                .with_hint(format!("usage: {usage}")),
            );
        };
        let len = bytes.len() as u32;
        self.note_text(e, bytes);
        Some(Type::IntArray(IntArray {
            bytes: 1,
            signed: false,
            len,
        }))
    }
}

/// The bits of the smallest signed type holding a literal (`1` is int8,
/// `1000` int16, `0xffffffff` int64), as bpftrace types literals.
fn signed_literal_bits(e: &Expr) -> u8 {
    let n = match &e.kind {
        ExprKind::Int(v) => i128::from(*v),
        ExprKind::Unary { operand, .. } => match operand.kind {
            ExprKind::Int(v) => -i128::from(v),
            _ => 0,
        },
        _ => 0,
    };
    [8u8, 16, 32]
        .into_iter()
        .find(|&b| n >= -(1i128 << (b - 1)) && n < (1i128 << (b - 1)))
        .unwrap_or(64)
}
