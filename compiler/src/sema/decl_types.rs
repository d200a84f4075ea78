//! The types `let $x: T` declares: integers of a width, `string` and
//! `string[N]`, pointers to integers (`uint8 *`) and integer arrays
//! (`uint8[4]`), and `typeof(e)`, as bpftrace 0.27 takes them.

use super::checker::Checker;
use crate::ast::{DeclType, Expr, ExprKind, Stmt};
use crate::diag::Diagnostic;
use crate::types::Type;

impl Checker<'_> {
    /// The type `ty` declares for the variable of `slot`; `None` when it
    /// names nothing Sonde has (an error is reported).
    pub(super) fn declared_type(
        &mut self,
        s: &Stmt,
        slot: &str,
        ty: DeclType,
        value: Option<&Expr>,
    ) -> Option<Type> {
        match ty {
            DeclType::Int { bits: 1, .. } => Some(Type::Bool),
            DeclType::Int { bits, signed } => {
                if bits < 64 {
                    self.widths.insert(slot.to_string(), (bits, signed));
                }
                Some(Type::Int { signed })
            }
            DeclType::Str(None) => Some(Type::Str),
            DeclType::Str(Some(size)) => {
                // As bpftrace: a literal must fit, NUL included.
                if let Some(Expr {
                    kind: ExprKind::Str(bytes),
                    span,
                    ..
                }) = value
                    && bytes.len() as u64 + 1 > u64::from(size)
                {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "a string of {} bytes does not fit string[{size}]",
                                bytes.len() + 1
                            ),
                            span.clone(),
                        )
                        .with_label(format!("string[{}]", bytes.len() + 1))
                        .with_hint("the size counts the NUL at the end"),
                    );
                }
                let size = size
                    .div_ceil(8)
                    .saturating_mul(8)
                    .clamp(8, self.string_size);
                self.grow_var_size(slot, size);
                Some(Type::Str)
            }
            DeclType::Array(array) => Some(Type::IntArray(array)),
            DeclType::Pointer { bits, signed } => self.int_pointer(s, bits, signed),
        }
    }

    /// `let $x: typeof(of)`: the type of `of` (typed here, never compiled),
    /// as `declared_type` would give it written out: an integer of the width
    /// bpftrace gives `of` (64 bits where it is not known), a bool, a
    /// string as large as `of`'s, an integer array, a pointer.
    pub(super) fn type_of_declared(
        &mut self,
        s: &Stmt,
        slot: &str,
        of: &Expr,
        value: Option<&Expr>,
    ) -> Option<Type> {
        let t = self.expr(of)?;
        match t {
            Type::Bool => Some(Type::Bool),
            Type::Int { signed } => {
                let (bits, signed) = self
                    .int_shape(of, t)
                    .map_or((64, signed), |shape| (shape.bits, shape.signed));
                self.declared_type(s, slot, DeclType::Int { bits, signed }, value)
            }
            Type::Str => {
                let size = self.str_size(of);
                self.grow_var_size(slot, size);
                Some(Type::Str)
            }
            Type::IntArray(_) | Type::KernelPtr(_) | Type::UserPtr(_) => Some(t),
            other => self.error(
                Diagnostic::error(
                    format!(
                        "let with typeof declares integers, strings, arrays and pointers, this is {}",
                        other.describe_with_article()
                    ),
                    of.span.clone(),
                )
                .with_label("not a type a variable can declare"),
            ),
        }
    }

    /// `uint8 *` ... `int64 *`: a pointer to the kernel's fixed-width
    /// typedef (`u8`, `s64`), so that `*p`, `p[i]` and `p + n` know its size.
    fn int_pointer(&mut self, s: &Stmt, bits: u8, signed: bool) -> Option<Type> {
        let name = format!("{}{bits}", if signed { "s" } else { "u" });
        let kernel = self.kernel;
        let types = match kernel.kernel_types() {
            Ok(types) => crate::ctypes::Types::new(Some(types), self.script_types),
            Err(_) if !self.script_types.is_empty() => {
                crate::ctypes::Types::new(None, self.script_types)
            }
            Err(reason) => {
                self.error(Diagnostic::error(reason, s.span.clone()).with_label("here"));
                return None;
            }
        };
        match types.type_by_name(&name) {
            Some(id) => Some(Type::KernelPtr(id)),
            None => self.error(
                Diagnostic::error(
                    format!("the kernel has no type {name} for this pointer"),
                    s.span.clone(),
                )
                .with_label("unknown type")
                .with_hint("pointers to integers use the kernel's u8..u64 and s8..s64 typedefs"),
            ),
        }
    }
}
