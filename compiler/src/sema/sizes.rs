//! Sizes and offsets known at compile time: `sizeof` and `offsetof`, the
//! widths of integers and byte arrays that calls read, and the kernel's and
//! the script's types they are looked up in.

use super::checker::Checker;
use super::functions::CallInfo;
use crate::ast::{Expr, ExprKind, TypeName, UnaryOp};
use crate::btf_access::{self, MemberKind};
use crate::builtins::Builtin;
use crate::diag::Diagnostic;
use crate::kernel::FieldKind;
use crate::kernel::btf::KernelType;
use crate::types::Type;

impl<'k> Checker<'k> {
    /// How many bytes the integer `e` has: a cast's width, a field's or a
    /// member's size, a bswap's width; 8 for anything else (Sonde computes
    /// in 64 bits: literals and variables are 8 bytes).
    pub(super) fn int_width(&self, e: &Expr) -> u32 {
        if let Some(bytes) = super::int_shapes::literal_bytes(e) {
            return bytes;
        }
        match &e.kind {
            ExprKind::Unary {
                op: UnaryOp::Cast { bits, .. },
                ..
            } => (u32::from(*bits) / 8).max(1),
            ExprKind::Field { base, field, .. }
                if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) =>
            {
                let probe = &self.probes[self.current];
                probe
                    .formats
                    .iter()
                    .flatten()
                    .filter_map(|f| f.field(field))
                    .find(|f| f.kind == FieldKind::Int)
                    .map_or(8, |f| f.size)
            }
            ExprKind::Field { .. } => match self.analysis.members.get(&e.id) {
                Some(read) => match read.kind {
                    MemberKind::Int { size, .. } => size,
                    _ => 8,
                },
                None => 8,
            },
            ExprKind::Call { name, .. } if name == "bswap" => {
                match self.analysis.calls.get(&e.id) {
                    Some(CallInfo::Width(w)) => *w,
                    _ => 8,
                }
            }
            _ => 8,
        }
    }

    /// If `e` is an array of bytes (a tracepoint field such as `__u8
    /// daddr[4]` or `char comm[16]`, or a kernel member such as `__u8
    /// u6_addr8[16]`), its length: functions that take bytes read it raw.
    pub(super) fn byte_array(&mut self, e: &Expr) -> Option<u32> {
        let ExprKind::Field { base, field, .. } = &e.kind else {
            return None;
        };
        if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) {
            let probe = &self.probes[self.current];
            let mut len = None;
            for format in &probe.formats {
                let f = format.as_ref()?.field(field)?;
                let this = match f.kind {
                    FieldKind::CharArray => f.size,
                    FieldKind::Unsupported => {
                        let count: u32 = f
                            .c_type
                            .strip_suffix(']')
                            .and_then(|t| t.rsplit_once('['))
                            .and_then(|(_, n)| n.parse().ok())?;
                        (count == f.size).then_some(count)?
                    }
                    _ => return None,
                };
                if len.is_some_and(|l| l != this) {
                    return None;
                }
                len = Some(this);
            }
            self.probes[self.current].per_attach = true;
            return len;
        }
        // A kernel member: `char[N]` and `u8[N]` members are read as
        // strings elsewhere; here as bytes.
        if !matches!(self.expr(base)?, Type::KernelPtr(_) | Type::KernelRecord(_)) {
            return None;
        }
        self.expr(e)?;
        match self.analysis.members.get(&e.id)?.kind {
            MemberKind::CharArray { len } => Some(len),
            _ => None,
        }
    }

    /// `sizeof(TYPE)` or `sizeof(expression)` (not evaluated).
    pub(super) fn size_of(&mut self, arg: &Expr) -> Option<u32> {
        let unknown_type = |what: String, span| {
            Diagnostic::error(format!("the kernel has no type {what}"), span)
                .with_label("not in the kernel's BTF")
                .with_hint("types come from /sys/kernel/btf/vmlinux; uint8..uint64 and int8..int64 are always known")
        };
        match &arg.kind {
            ExprKind::TypeName { pointer: true, .. } => Some(8),
            ExprKind::TypeName { ty, .. } => match ty {
                TypeName::Int { bytes } => Some(*bytes),
                TypeName::Record { name, union } => {
                    let kind = if *union { "union" } else { "struct" };
                    let types = self.kernel_types(arg)?;
                    match types
                        .record_by_name(name, *union)
                        .and_then(|id| types.size_of(id))
                    {
                        Some(size) => Some(size),
                        None => self.fail(unknown_type(format!("{kind} {name}"), arg.span.clone())),
                    }
                }
                TypeName::Named(name) => self.named_type_size(name, arg),
            },
            ExprKind::Ident(name) if !Builtin::is_planned(name) => self.named_type_size(name, arg),
            _ => {
                let t = self.expr(arg)?;
                let size = match t {
                    Type::Int { .. } | Type::Enum { .. } => self.int_width(arg),
                    Type::Bool => 1,
                    Type::KernelPtr(_)
                    | Type::UserPtr(_)
                    | Type::Address
                    | Type::Ksym
                    | Type::SyscallName
                    | Type::Strerror
                    | Type::Username => 8,
                    Type::Stack(_) | Type::Usym => 16,
                    Type::KernelRecord(id) | Type::UserRecord(id) => {
                        let types = self.kernel_types(arg)?;
                        types.size_of(id).unwrap_or(0)
                    }
                    Type::Str => self.string_bytes(arg),
                    Type::Timestamp | Type::CgroupPath => 16,
                    Type::Inet => 24,
                    Type::MacAddr => 6,
                    Type::Buffer(size) => size,
                    Type::IntArray(array) => u32::try_from(array.size()).unwrap_or(u32::MAX),
                    Type::Tuple(_) => self.analysis_layout_size(t),
                    Type::Void => {
                        return self.fail(
                            Diagnostic::error("this expression has no value", arg.span.clone())
                                .with_label("no size"),
                        );
                    }
                };
                Some(size)
            }
        }
    }

    /// The bytes a tuple takes in a record or map.
    fn analysis_layout_size(&self, t: Type) -> u32 {
        self.layout(t).map_or(8, |k| k.slot_size())
    }

    /// A string's size as declared: a literal's bytes and NUL, `comm`'s 16,
    /// a `char[N]` field's N; other strings take the script's string size.
    fn string_bytes(&self, e: &Expr) -> u32 {
        match &e.kind {
            ExprKind::Str(bytes) => bytes.len() as u32 + 1,
            ExprKind::Builtin(Builtin::Comm | Builtin::Pcomm | Builtin::LeaderComm) => 16,
            ExprKind::Field { base, field, .. }
                if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) =>
            {
                let probe = &self.probes[self.current];
                probe
                    .formats
                    .iter()
                    .flatten()
                    .filter_map(|f| f.field(field))
                    .find(|f| f.kind == FieldKind::CharArray)
                    .map_or(self.string_size, |f| f.size)
            }
            ExprKind::Field { .. } => match self.analysis.members.get(&e.id) {
                Some(read) => match read.kind {
                    MemberKind::CharArray { len } => len,
                    _ => self.string_size,
                },
                None => self.string_size,
            },
            _ => self.string_size,
        }
    }

    /// The size of a type named by a single word: C's `int`, `long`,
    /// `char`, `short`, or a kernel typedef (`u32`, `pid_t`).
    fn named_type_size(&mut self, name: &str, at: &Expr) -> Option<u32> {
        match name {
            "char" => return Some(1),
            "short" => return Some(2),
            "int" | "unsigned" | "signed" => return Some(4),
            "long" => return Some(8),
            _ => {}
        }
        let types = self.kernel_types(at)?;
        match types.type_by_name(name).and_then(|id| types.size_of(id)) {
            Some(size) => Some(size),
            None => self.fail(
                Diagnostic::error(
                    format!("'{name}' is neither a builtin nor a kernel type"),
                    at.span.clone(),
                )
                .with_label("unknown name")
                .with_hint(
                    "sizeof takes a type (struct task_struct, uint32, u64) or an expression",
                ),
            ),
        }
    }

    /// The kernel's BTF, or a diagnostic at `at`.
    /// Kernel and script types; without kernel BTF, the script's alone (or
    /// a diagnostic at `at` when the script defines none).
    pub(super) fn kernel_types(&mut self, at: &Expr) -> Option<crate::ctypes::Types<'k>> {
        let kernel = self.kernel;
        match kernel.kernel_types() {
            Ok(types) => Some(crate::ctypes::Types::new(Some(types), self.script_types)),
            Err(_) if !self.script_types.is_empty() => {
                Some(crate::ctypes::Types::new(None, self.script_types))
            }
            Err(reason) => {
                self.error(Diagnostic::error(reason, at.span.clone()).with_label("here"));
                None
            }
        }
    }

    /// `offsetof(struct NAME, a.b)` or `offsetof(expression, a.b)`.
    pub(super) fn offset_of(
        &mut self,
        record: &Expr,
        path: &Expr,
        usage: &str,
    ) -> Option<CallInfo> {
        let members = match member_path(path) {
            Some(m) => m,
            None => {
                return self.fail(
                    Diagnostic::error(
                        "offsetof()'s second argument names a member",
                        path.span.clone(),
                    )
                    .with_label("not a member name")
                    .with_hint(format!("usage: {usage}, or a path: se.vruntime")),
                );
            }
        };
        let id = match &record.kind {
            ExprKind::TypeName {
                ty: TypeName::Record { name, union },
                pointer: false,
            } => {
                let kind = if *union { "union" } else { "struct" };
                let types = self.kernel_types(record)?;
                match types.record_by_name(name, *union) {
                    Some(id) => id,
                    None => {
                        return self.fail(
                            Diagnostic::error(
                                format!("the kernel has no {kind} {name}"),
                                record.span.clone(),
                            )
                            .with_label(format!("{kind} {name} is not in the kernel's BTF"))
                            .with_hint(
                                "types come from /sys/kernel/btf/vmlinux; check the spelling",
                            ),
                        );
                    }
                }
            }
            ExprKind::TypeName { .. } => {
                return self.fail(
                    Diagnostic::error(
                        "offsetof() takes a struct or union type",
                        record.span.clone(),
                    )
                    .with_label("not a struct or union")
                    .with_hint(format!("usage: {usage}")),
                );
            }
            _ => {
                let t = self.expr(record)?;
                let types = self.kernel_types(record)?;
                match t {
                    Type::KernelRecord(id) => id,
                    Type::KernelPtr(target)
                        if matches!(types.resolve(target), KernelType::Record { .. }) =>
                    {
                        match types.resolve(target) {
                            KernelType::Record { id, .. } => id,
                            _ => target,
                        }
                    }
                    other => {
                        return self.fail(
                            Diagnostic::error(
                                format!(
                                    "offsetof() takes a struct, this is {}",
                                    other.describe_with_article()
                                ),
                                record.span.clone(),
                            )
                            .with_label("not a kernel struct")
                            .with_hint(format!("usage: {usage}")),
                        );
                    }
                }
            }
        };
        let types = self.kernel_types(record)?;
        match btf_access::offset_of(&types, id, &members) {
            Ok(offset) => Some(CallInfo::Constant(u64::from(offset))),
            Err(d) => self.fail(d),
        }
    }
}

impl Checker<'_> {
    /// `container_of(ptr, struct T, member)` (or `T` without `struct`, as
    /// bpftrace 0.27.1 writes it): a `T *` at `ptr` minus the member's
    /// offset, which codegen subtracts (`CallInfo::Constant`).
    pub(super) fn container_of(&mut self, e: &Expr, args: &[Expr], usage: &str) -> Option<Type> {
        let [ptr, record, member] = args else {
            return None;
        };
        let pointer = self.expr(ptr);
        let types = self.kernel_types(record)?;
        let id = match &record.kind {
            ExprKind::TypeName {
                ty: TypeName::Record { name, union },
                pointer: false,
            } => types.record_by_name(name, *union),
            ExprKind::Ident(name) => types
                .record_by_name(name, false)
                .or_else(|| types.record_by_name(name, true))
                .or_else(|| types.type_by_name(name))
                .and_then(|id| match types.resolve(id) {
                    KernelType::Record { id, .. } => Some(id),
                    _ => None,
                }),
            _ => {
                return self.fail(
                    Diagnostic::error(
                        "container_of()'s second argument is a struct or union type",
                        record.span.clone(),
                    )
                    .with_label("not a type")
                    .with_hint(format!("usage: {usage}")),
                );
            }
        };
        let Some(id) = id else {
            let name = match &record.kind {
                ExprKind::TypeName {
                    ty: TypeName::Record { name, union },
                    ..
                } => format!("{} {name}", if *union { "union" } else { "struct" }),
                ExprKind::Ident(name) => format!("struct or union {name}"),
                _ => String::new(),
            };
            return self.fail(
                Diagnostic::error(format!("the kernel has no {name}"), record.span.clone())
                    .with_label("unknown type")
                    .with_hint("types come from the kernel's BTF and the script's definitions"),
            );
        };
        let Some(members) = member_path(member) else {
            return self.fail(
                Diagnostic::error(
                    "container_of()'s third argument names a member",
                    member.span.clone(),
                )
                .with_label("not a member name")
                .with_hint(format!("usage: {usage}")),
            );
        };
        let offset = match btf_access::offset_of(&types, id, &members) {
            Ok(offset) => offset,
            Err(d) => return self.fail(d),
        };
        let result = match pointer? {
            Type::UserPtr(_) => Type::UserPtr(id),
            Type::KernelPtr(_) | Type::Int { .. } | Type::Address => Type::KernelPtr(id),
            other => {
                return self.error(
                    Diagnostic::error(
                        format!(
                            "container_of() takes a pointer to a member, this is {}",
                            other.describe_with_article()
                        ),
                        ptr.span.clone(),
                    )
                    .with_label("not a pointer")
                    .with_hint(format!("usage: {usage}")),
                );
            }
        };
        self.note_call(e, CallInfo::Constant(u64::from(offset)));
        Some(result)
    }
}

/// `a.b.c` written as an expression → the member names with their spans.
fn member_path(e: &Expr) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    match &e.kind {
        ExprKind::Ident(_) | ExprKind::Builtin(_) => {
            Some(vec![(e.word()?.into_owned(), e.span.clone())])
        }
        ExprKind::Field {
            base,
            field,
            field_span,
        } => {
            let mut path = member_path(base)?;
            path.push((field.clone(), field_span.clone()));
            Some(path)
        }
        _ => None,
    }
}
