//! What a probe's context offers: `args` fields, argument counts, `func`,
//! and the context kinds of its programs.

use super::analysis::ProbeAnalysis;
use super::checker::Checker;
use crate::ast::*;
use crate::builtins::{Builtin, ProbeRule};
use crate::diag::{Diagnostic, nearest};
use crate::kernel::{FieldKind, TracepointField};
use crate::probes::ContextKind;
use crate::script::{Attach, UsdtArgument, UsdtLocation};
use crate::types::Type;

/// The type of a tracepoint (or BTF, or DWARF) argument field.
fn field_type(f: &TracepointField) -> Type {
    if let (FieldKind::Pointer, Some(pointee)) = (f.kind, f.pointee) {
        return Type::KernelPtr(pointee);
    }
    match f.kind {
        FieldKind::CharArray | FieldKind::DataLocString => Type::Str,
        // bpftrace prints these as pointers (hex).
        FieldKind::CharPtr | FieldKind::Pointer => Type::Address,
        FieldKind::Int | FieldKind::Unsupported => Type::Int { signed: f.signed },
    }
}

/// `const struct timespec *` → ("timespec", false): the record a field's C
/// type points at, when it is a single pointer to a named struct or union.
pub(super) fn pointed_record(c_type: &str) -> Option<(&str, bool)> {
    let t = c_type.trim();
    let t = t.strip_prefix("const ").unwrap_or(t).trim();
    let t = t.strip_suffix('*')?.trim_end();
    let t = t.strip_suffix("const").unwrap_or(t).trim_end();
    let (union, rest) = match t.strip_prefix("struct ") {
        Some(r) => (false, r),
        None => (true, t.strip_prefix("union ")?),
    };
    let name = rest.trim();
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some((name, union))
}

/// Whether the format of `attach` in `probe` has the field `name`.
fn probe_format_field(probe: &ProbeAnalysis, attach: &Attach, name: &str) -> bool {
    probe
        .attaches
        .iter()
        .zip(&probe.formats)
        .find(|(a, _)| *a == attach)
        .and_then(|(_, f)| f.as_ref())
        .is_some_and(|f| f.field(name).is_some())
}

/// How many arguments (not counting an fexit's `$retval`) `attach` has.
fn probe_arguments(probe: &ProbeAnalysis, attach: &Attach) -> usize {
    probe
        .attaches
        .iter()
        .zip(&probe.formats)
        .find(|(a, _)| *a == attach)
        .and_then(|(_, f)| f.as_ref())
        .map_or(0, |f| {
            f.fields.iter().filter(|f| f.name != "$retval").count()
        })
}

/// The traced function's name, for `func`: kprobes and uprobes only.
pub fn func_name(attach: &Attach) -> Option<String> {
    match attach {
        Attach::Kprobe { function, .. } | Attach::Fentry { function, .. } => Some(function.clone()),
        Attach::Uprobe { symbol, offset, .. } => {
            Some(symbol.clone().unwrap_or_else(|| format!("{offset:#x}")))
        }
        _ => None,
    }
}

/// Whether `attach` offers what a builtin declared with `rule` needs
/// (`builtins::ProbeRule`: a rule of the probe kind; what is more than
/// that, such as argument counts, each builtin's check asks after).
pub fn offers(rule: ProbeRule, attach: &Attach) -> bool {
    let context = ContextKind::of(attach);
    match rule {
        ProbeRule::Any => true,
        ProbeRule::Registers => matches!(context, ContextKind::Regs { .. } | ContextKind::Usdt),
        ProbeRule::TracedProcess => {
            !(attach.is_special() || matches!(attach, Attach::Interval { .. }))
        }
        ProbeRule::Iterators => matches!(attach, Attach::Iter { .. }),
        ProbeRule::ProbeBinary => matches!(attach, Attach::Uprobe { .. } | Attach::Usdt { .. }),
        ProbeRule::TracedFunction => func_name(attach).is_some(),
        // Raw tracepoints' context is their arguments, one u64 each, as
        // fentry's is.
        ProbeRule::Arguments => {
            matches!(
                context,
                ContextKind::Regs { ret: false } | ContextKind::Btf { .. } | ContextKind::Usdt
            ) || (context == ContextKind::Tracepoint
                && matches!(attach, Attach::RawTracepoint { .. }))
        }
        ProbeRule::ReturnProbes => matches!(
            context,
            ContextKind::Regs { ret: true } | ContextKind::Btf { ret: true }
        ),
        // Only at a function's first instruction is sp at the return
        // address, with the stack arguments above it.
        ProbeRule::FunctionEntry => {
            let at_entry = match attach {
                Attach::Kprobe { offset, .. } => *offset == 0,
                Attach::Uprobe {
                    symbol: Some(_),
                    offset,
                    ..
                } => *offset == 0,
                _ => true,
            };
            context == ContextKind::Regs { ret: false } && at_entry
        }
    }
}

/// The context a probe's programs get.
pub fn context_kinds(p: &ProbeAnalysis) -> impl Iterator<Item = ContextKind> + '_ {
    p.attaches.iter().map(ContextKind::of)
}

impl Checker<'_> {
    /// `args.field`: one field of the same type in every attach point's format.
    pub(super) fn args_field(
        &mut self,
        base: &Expr,
        field: &str,
        field_span: &Span,
    ) -> Option<Type> {
        let probe = &self.probes[self.current];
        let mut found: Option<TracepointField> = None;
        let mut problem = None;
        for (attach, format) in probe.attaches.iter().zip(&probe.formats) {
            let Some(format) = format else {
                let label = match attach {
                    Attach::Uprobe { ret: true, .. } => "a uretprobe has retval, not args",
                    Attach::Uprobe { offset: 1.., .. } => {
                        "args are known at a function's entry, not inside it"
                    }
                    Attach::Uprobe { .. } => {
                        "the binary has no DWARF debug info for this function (nor a debug file under /usr/lib/debug: Debian's -dbgsym packages have them)"
                    }
                    _ => {
                        "only tracepoints, raw tracepoints, fentry and uprobes of binaries with DWARF have args"
                    }
                };
                problem = Some(
                    Diagnostic::error(
                        format!("args is not available in {} probes", attach.name()),
                        base.span.clone(),
                    )
                    .with_label(label),
                );
                break;
            };
            match format.field(field) {
                None => {
                    let names: Vec<&str> = format.fields.iter().map(|f| f.name.as_str()).collect();
                    let mut d = Diagnostic::error(
                        format!("{} has no field '{field}'", attach.name()),
                        field_span.clone(),
                    )
                    .with_label("unknown field");
                    if let Some(n) = nearest(field, names.iter().copied()) {
                        d = d.with_hint(format!("did you mean '{n}'?"));
                    }
                    problem = Some(d.with_hint(format!("its fields: {}", names.join(", "))));
                    break;
                }
                Some(f) if f.kind == FieldKind::Unsupported => {
                    let mut d = Diagnostic::error(
                        format!(
                            "field '{field}' has type '{}', which Sonde cannot read yet",
                            f.c_type
                        ),
                        field_span.clone(),
                    )
                    .with_label("unsupported field type");
                    if matches!(attach, Attach::Uprobe { .. }) {
                        d = d.with_hint(
                            "a uprobe's args are the first six integer or pointer arguments, in registers; the rest are on the stack: sarg0, sarg1, ...",
                        );
                    }
                    problem = Some(d);
                    break;
                }
                Some(f) => match &found {
                    Some(prev) if field_type(prev) != field_type(f) => {
                        problem = Some(
                            Diagnostic::error(
                                format!("field '{field}' has different types in the probes of this block"),
                                field_span.clone(),
                            )
                            .with_label("split the block"),
                        );
                        break;
                    }
                    Some(_) => {}
                    None => found = Some(f.clone()),
                },
            }
        }
        if let Some(p) = problem {
            return self.error(p);
        }
        let f = found?;
        // `struct NAME *` fields point at types BTF knows: `->` can follow
        // them, into the process's memory for syscall arguments.
        // (Not a uprobe's: its struct is the program's, which BTF does not
        // describe.)
        if f.kind == FieldKind::Pointer
            && f.pointee.is_none()
            && !self.probes[self.current]
                .attaches
                .iter()
                .any(|a| matches!(a, Attach::Uprobe { .. }))
            && let Some((name, union)) = pointed_record(&f.c_type)
            && let Ok(types) = self.kernel.kernel_types()
            && let Some(id) = types.record_by_name(name, union)
        {
            // A syscall's pointers are the caller's: the probe kind says so.
            let user = self.probes[self.current]
                .attaches
                .iter()
                .all(|a| crate::probes::facts_of(a).user_pointers);
            return Some(if user {
                Type::UserPtr(id)
            } else {
                Type::KernelPtr(id)
            });
        }
        // An `enum NAME` field is of the kernel's enum (a uprobe's enums are
        // the program's, which BTF does not describe).
        let uprobe = self.probes[self.current]
            .attaches
            .iter()
            .any(|a| matches!(a, Attach::Uprobe { .. }));
        if uprobe {
            return Some(field_type(&f));
        }
        Some(self.field_enum_type(&f.c_type, field_type(&f)))
    }

    /// `sargN`: a stack argument, at a kprobe's or uprobe's entry.
    pub(super) fn stack_argument(&mut self, e: &Expr, b: Builtin) -> Option<Type> {
        let decl = b.decl();
        let name = decl.name;
        let probe = &self.probes[self.current];
        match probe.attaches.iter().find(|a| !offers(decl.probes, a)) {
            Some(a) => self.error(
                Diagnostic::error(
                    format!("{name} is not available in {}", a.name()),
                    e.span.clone(),
                )
                .with_label("only in kprobe and uprobe probes, at a function's entry"),
            ),
            None => Some(Type::Int { signed: false }),
        }
    }

    /// `argN` and `retval`: where the probe's context has them.
    pub(super) fn register_argument(&mut self, e: &Expr, b: Builtin) -> Option<Type> {
        let decl = b.decl();
        let name = decl.name;
        // Registers exist only where the probe's context is pt_regs;
        // a USDT probe has the arguments its specs declare.
        let probe = &self.probes[self.current];
        let problem = probe.attaches.iter().find_map(|a| {
            if !offers(decl.probes, a) {
                let where_ok = if b == Builtin::Retval {
                    "only in kretprobe, uretprobe and fexit probes"
                } else {
                    "only in kprobe, uprobe, usdt, fentry/fexit and rawtracepoint probes; tracepoints have args"
                };
                return Some((
                    format!("{name} is not available in {}", a.name()),
                    where_ok.to_string(),
                ));
            }
            // What the rule leaves: how many arguments there are.
            match (ContextKind::of(a), b) {
                (ContextKind::Regs { ret: false }, Builtin::Arg(n)) if n <= 5 => None,
                (ContextKind::Regs { ret: false }, Builtin::Arg(_)) => Some((
                    format!("{name} is not available in {}", a.name()),
                    "Sonde reads arg0 to arg5 from registers".to_string(),
                )),
                (ContextKind::Regs { ret: true }, Builtin::Retval) => None,
                // fentry/fexit: argN is the Nth argument of the BTF prototype.
                (ContextKind::Btf { ret: true }, Builtin::Retval) => {
                    let has = probe_format_field(probe, a, "$retval");
                    (!has).then(|| {
                        (
                            format!("{} returns nothing, so no retval", a.name()),
                            "a void function".to_string(),
                        )
                    })
                }
                // Raw tracepoints' context is their arguments, one
                // u64 each, as fentry's is.
                (ContextKind::Tracepoint, Builtin::Arg(n))
                    if matches!(a, Attach::RawTracepoint { .. }) =>
                {
                    let count = probe_arguments(probe, a);
                    (usize::from(n) >= count).then(|| {
                        (
                            format!("{} has {count} argument(s), so no {name}", a.name()),
                            "no such argument".to_string(),
                        )
                    })
                }
                (ContextKind::Btf { .. }, Builtin::Arg(n)) => {
                    let count = probe_arguments(probe, a);
                    (usize::from(n) >= count).then(|| {
                        (
                            format!("{} has {count} argument(s), so no {name}", a.name()),
                            "no such argument".to_string(),
                        )
                    })
                }
                (ContextKind::Usdt, Builtin::Arg(n)) => match a {
                    Attach::Usdt { arguments, .. } => match arguments.get(usize::from(n)) {
                        Some(UsdtArgument {
                            location: UsdtLocation::Unsupported { spec, reason },
                            ..
                        }) => Some((
                            format!("{name} of {} cannot be read: {reason}", a.name()),
                            format!("its spec is '{spec}'"),
                        )),
                        Some(_) => None,
                        None => Some((
                            format!(
                                "{} has {} argument(s), so no {name}",
                                a.name(),
                                arguments.len()
                            ),
                            "no such argument".to_string(),
                        )),
                    },
                    _ => None,
                },
                _ => None,
            }
        });
        match problem {
            Some((message, label)) => {
                self.error(Diagnostic::error(message, e.span.clone()).with_label(label))
            }
            None => {
                // Arguments by position come from each attach
                // point's own argument list.
                if self.probes[self.current]
                    .attaches
                    .iter()
                    .any(|a| matches!(a, Attach::Fentry { .. } | Attach::RawTracepoint { .. }))
                {
                    self.probes[self.current].per_attach = true;
                }
                Some(b.ty())
            }
        }
    }
}
