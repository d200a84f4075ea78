//! Structs as values of `print()`: `print(args)` (a tracepoint's fields)
//! and `print(*p)` / `print($s)` (a kernel or user struct, through BTF),
//! laid out for user space as a `ValueKind::Record`, which prints as
//! bpftrace prints a struct: `{ .a = 1, .b = { .c = 2 }, .d = [1,2] }`.

use super::checker::Checker;
use crate::ast::{Expr, ExprKind};
use crate::builtins::Builtin;
use crate::ctypes::Types;
use crate::diag::Diagnostic;
use crate::kernel::btf::KernelType;
use crate::kernel::format::{FieldKind, TracepointField};
use crate::script::{Attach, FieldShape, RecordField, ValueKind};
use crate::types::Type;

/// The most bytes of a struct print() copies into its record.
pub const MAX_RECORD_BYTES: u32 = 2048;

/// Nesting followed into members that are structs.
const MAX_DEPTH: u32 = 8;

impl Checker<'_> {
    /// The layout print() gives `e` when it is a struct: `None` when it is
    /// not one, `Some(None)` when it is but cannot be printed (reported).
    pub(super) fn print_record(&mut self, e: &Expr) -> Option<Option<ValueKind>> {
        if matches!(&e.kind, ExprKind::Builtin(Builtin::Args)) {
            return Some(self.args_record(e));
        }
        let t = match &e.kind {
            // Only what can be a struct: other expressions take print()'s
            // usual path (and its errors).
            ExprKind::Unary { .. }
            | ExprKind::Var(_)
            | ExprKind::Field { .. }
            | ExprKind::Index { .. } => {
                let saved = self.strict;
                // A look without reporting: the usual path reports.
                self.strict = false;
                let t = self.expr(e);
                self.strict = saved;
                t?
            }
            _ => return None,
        };
        let (Type::KernelRecord(id) | Type::UserRecord(id)) = t else {
            return None;
        };
        // Now for real, so that codegen has the expression's analysis.
        self.expr(e)?;
        Some(self.btf_record(e, id))
    }

    /// `print(args)` in tracepoints (and uprobes with DWARF, whose
    /// arguments are fields of `struct pt_regs`): the fields of the format.
    fn args_record(&mut self, e: &Expr) -> Option<ValueKind> {
        let probe = &self.probes[self.current];
        if let Some(a) = probe
            .attaches
            .iter()
            .zip(&probe.formats)
            .find_map(|(a, f)| {
                let fields = matches!(a, Attach::Tracepoint { .. })
                    || (matches!(a, Attach::Uprobe { .. }) && f.is_some());
                (!fields).then_some(a)
            })
        {
            let name = a.name();
            return self.fail(
                Diagnostic::error(
                    format!("print(args) is not available in {name}"),
                    e.span.clone(),
                )
                .with_label("prints a tracepoint's fields")
                .with_hint("print one argument: print(args.NAME)"),
            );
        }
        let mut formats = probe.formats.iter();
        let first = formats.next().cloned().flatten()?;
        if formats.any(|f| f.as_ref() != Some(&first)) {
            return self.fail(
                Diagnostic::error(
                    "print(args) needs the probe's tracepoints to have the same fields",
                    e.span.clone(),
                )
                .with_label("their formats differ"),
            );
        }
        let fields: Vec<RecordField> = first.fields.iter().filter_map(tracepoint_field).collect();
        let size = first
            .fields
            .iter()
            .map(|f| f.offset + f.size)
            .max()
            .unwrap_or(0);
        self.record_of_size(e, size, fields)
    }

    /// `print(*p)`: the members of the struct `id`, from BTF or the script.
    fn btf_record(&mut self, e: &Expr, id: u32) -> Option<ValueKind> {
        let types = self.kernel_types(e)?;
        let size = types.size_of(id).unwrap_or(0);
        let fields = record_fields(&types, id, 0);
        self.record_of_size(e, size, fields)
    }

    fn record_of_size(
        &mut self,
        e: &Expr,
        size: u32,
        fields: Vec<RecordField>,
    ) -> Option<ValueKind> {
        if size > MAX_RECORD_BYTES {
            return self.fail(
                Diagnostic::error(
                    format!(
                        "this struct is {size} bytes, too big to print (at most {MAX_RECORD_BYTES})"
                    ),
                    e.span.clone(),
                )
                .with_label("too big for print()")
                .with_hint("print the members you need: print(p->member)"),
            );
        }
        Some(ValueKind::Record { size, fields })
    }
}

/// How print(args) shows one tracepoint field; `None` for a field it leaves
/// out (a `__data_loc` string, whose bytes are past the fixed fields).
fn tracepoint_field(f: &TracepointField) -> Option<RecordField> {
    let shape = match f.kind {
        FieldKind::Int => int_shape(f.size, f.signed)?,
        FieldKind::CharArray => FieldShape::Chars { len: f.size },
        FieldKind::CharPtr | FieldKind::Pointer => FieldShape::Pointer,
        FieldKind::DataLocString => return None,
        // `unsigned long args[6]`: an array of integers.
        FieldKind::Unsupported => {
            let len: u32 = f
                .c_type
                .trim()
                .strip_suffix(']')?
                .rsplit_once('[')?
                .1
                .parse()
                .ok()?;
            let elem_size = f.size.checked_div(len)?;
            FieldShape::Array {
                elem: Box::new(int_shape(elem_size, f.signed)?),
                elem_size,
                len,
            }
        }
    };
    Some(RecordField {
        name: f.name.clone(),
        offset: f.offset,
        shape,
    })
}

fn int_shape(size: u32, signed: bool) -> Option<FieldShape> {
    matches!(size, 1 | 2 | 4 | 8).then(|| FieldShape::Int {
        size: size as u8,
        signed,
    })
}

/// The members of struct `id` that print() shows: integers, char arrays,
/// pointers, nested structs and arrays of those; bit fields and anonymous
/// members are left out.
fn record_fields(types: &Types<'_>, id: u32, depth: u32) -> Vec<RecordField> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    types
        .member_names(id)
        .into_iter()
        .filter_map(|name| {
            let m = types.member(id, &name)?;
            if m.bitfield.is_some() {
                return None;
            }
            let shape = member_shape(types, m.type_id, depth)?;
            Some(RecordField {
                name,
                offset: m.offset,
                shape,
            })
        })
        .collect()
}

fn member_shape(types: &Types<'_>, type_id: u32, depth: u32) -> Option<FieldShape> {
    match types.resolve(type_id) {
        KernelType::Int { size, signed } => int_shape(size, signed),
        KernelType::Pointer(_) => Some(FieldShape::Pointer),
        KernelType::CharArray { len } => Some(FieldShape::Chars { len }),
        KernelType::Record { id, .. } => {
            Some(FieldShape::Record(record_fields(types, id, depth + 1)))
        }
        KernelType::Void | KernelType::Other => {
            let (elem, len) = types.array(type_id)?;
            let elem_size = types.size_of(elem)?;
            Some(FieldShape::Array {
                elem: Box::new(member_shape(types, elem, depth + 1)?),
                elem_size,
                len,
            })
        }
    }
}
