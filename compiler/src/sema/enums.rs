//! Enum-typed integers: which values are of an enum (a tracepoint field or
//! kernel member of enum type, `(enum NAME)x`, an enumerator, a variable
//! assigned one), so that printf's `%s` prints the enumerator's name, as
//! current bpftrace does.

use super::checker::Checker;
use crate::ast::{Expr, ExprKind};
use crate::btf_access;
use crate::builtins::Builtin;
use crate::ctypes::Types;
use crate::diag::Diagnostic;
use crate::script::ValueKind;
use crate::types::Type;

impl<'k> Checker<'k> {
    /// Kernel types when the kernel has BTF, the script's always; never an
    /// error (unlike `kernel_types`).
    fn visible_types(&self) -> Types<'k> {
        Types::new(self.kernel.kernel_types().ok(), self.script_types)
    }

    /// `(enum NAME)operand`: the operand's value, of the enum NAME.
    pub(super) fn enum_cast(&mut self, name: &str, operand: &Expr, e: &Expr) -> Option<Type> {
        let t = self.expr(operand)?;
        if !matches!(t, Type::Int { .. }) {
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
        let signed = matches!(
            types.resolve(id),
            crate::kernel::btf::KernelType::Int { signed: true, .. }
        );
        Some(Type::Int { signed })
    }

    /// The enum (its type id) that the integer expression `e` is of.
    fn enum_of(&self, e: &Expr) -> Option<u32> {
        let types = self.visible_types();
        match &e.kind {
            ExprKind::EnumCast { name, .. } => types.enum_by_name(name),
            ExprKind::Ident(name) => types.enumerator(name).map(|found| found.enum_id),
            ExprKind::Var(_) => {
                let slot = self.analysis.var_slots.get(&e.id)?;
                self.var_enums.get(slot).copied()
            }
            ExprKind::Field { base, field, .. }
                if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) =>
            {
                let probe = &self.probes[self.current];
                let format = probe.formats.iter().flatten().next()?;
                let c_type = &format.field(field)?.c_type;
                types.enum_by_name(c_type.strip_prefix("enum ")?.trim())
            }
            ExprKind::Field {
                base,
                field,
                field_span,
            } => {
                let base_type = *self.analysis.types.get(&base.id)?;
                let place =
                    btf_access::member_place(&types, base_type, field, field_span.clone()).ok()?;
                types.enumerators(place.type_id).map(|_| place.type_id)
            }
            ExprKind::Ternary {
                then, otherwise, ..
            } => {
                let id = self.enum_of(then)?;
                (self.enum_of(otherwise) == Some(id)).then_some(id)
            }
            _ => None,
        }
    }

    /// Remembers which enum (if any) a variable now holds.
    pub(super) fn note_var_enum(&mut self, slot: &str, value: &Expr) {
        match self.enum_of(value) {
            Some(id) => self.var_enums.insert(slot.to_string(), id),
            None => self.var_enums.remove(slot),
        };
    }

    /// printf's `%s` of an enum value: the value with its enum's names.
    pub(super) fn enum_slot(&self, t: Type, value: &Expr) -> Option<ValueKind> {
        let Type::Int { signed } = t else {
            return None;
        };
        let names = self.visible_types().enumerators(self.enum_of(value)?)?;
        Some(ValueKind::Enum { signed, names })
    }
}
