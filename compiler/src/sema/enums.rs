//! Enum-typed integers: a value of an enum (a tracepoint field or kernel
//! member of enum type, `(enum NAME)x`, an enumerator) has `Type::Enum`, so
//! that maps, tuples, variables and `print()` show it by its enumerator's
//! name and printf's `%s` does too, as bpftrace 0.27 does.

use super::checker::Checker;
use crate::ast::Expr;
use crate::ctypes::Types;
use crate::diag::Diagnostic;
use crate::kernel::btf::KernelType;
use crate::types::Type;

impl<'k> Checker<'k> {
    /// Kernel types when the kernel has BTF, the script's always; never an
    /// error (unlike `kernel_types`).
    pub(super) fn visible_types(&self) -> Types<'k> {
        Types::new(self.kernel.kernel_types().ok(), self.script_types)
    }

    /// `(enum NAME)operand`: the operand's value, of the enum NAME.
    pub(super) fn enum_cast(&mut self, name: &str, operand: &Expr, e: &Expr) -> Option<Type> {
        let t = self.expr(operand)?;
        if !t.is_integer() {
            return self.error(
                Diagnostic::error(
                    format!("cannot cast {} to enum {name}", t.describe_with_article()),
                    operand.span.clone(),
                )
                .with_label("needs an integer"),
            );
        }
        let types = self.visible_types();
        let Some(id) = types.enum_by_name(name) else {
            return self.error(
                Diagnostic::error(
                    format!("enum {name} is not defined in the script or the kernel"),
                    e.span.clone(),
                )
                .with_label("unknown enum")
                .with_hint("define it before the probes: enum NAME { A, B = 4 };"),
            );
        };
        let signed = matches!(types.resolve(id), KernelType::Int { signed: true, .. });
        Some(self.enum_type(id, signed))
    }

    /// The type of a value of the kernel or script type `id`: `Type::Enum`
    /// when `id` is an enum (through typedefs), else `Int { signed }`.
    pub(super) fn enum_type(&mut self, id: u32, signed: bool) -> Type {
        match self.visible_types().enumerators(id) {
            Some(names) => self.intern_enum(names, signed),
            None => Type::Int { signed },
        }
    }

    /// The type of a tracepoint field of C type `c_type` read as `t`: an
    /// enum's when the field is declared `enum NAME`.
    pub(super) fn field_enum_type(&mut self, c_type: &str, t: Type) -> Type {
        let Type::Int { signed } = t else {
            return t;
        };
        let Some(name) = c_type.trim().strip_prefix("enum ") else {
            return t;
        };
        match self.visible_types().enum_by_name(name.trim()) {
            Some(id) => self.enum_type(id, signed),
            None => t,
        }
    }

    /// The type a kernel or script member of type `id`, read as `t`, has:
    /// an enum's when the member is of an enum type.
    pub(super) fn member_enum_type(&mut self, id: u32, t: Type) -> Type {
        match t {
            Type::Int { signed } => self.enum_type(id, signed),
            other => other,
        }
    }
}
