//! Builtin variables (`pid`, `comm`, `func`, `curtask`, `argN`...) and the
//! kernel constants an unknown identifier may name.

use super::checker::Checker;
use super::functions::CallInfo;
use super::probe_context::{func_name, probe_arguments, probe_format_field};
use crate::ast::*;
use crate::builtins::Builtin;
use crate::diag::{Diagnostic, nearest};
use crate::probes::ContextKind;
use crate::script::{Attach, UsdtArgument, UsdtLocation};
use crate::types::Type;

impl Checker<'_> {
    pub(super) fn builtin(&mut self, name: &str, e: &Expr) -> Option<Type> {
        match Builtin::from_name(name) {
            Some(Builtin::Args) => self.error(
                Diagnostic::error("args can only be used as args.FIELD", e.span.clone())
                    .with_label("name a field"),
            ),
            Some(Builtin::Probe | Builtin::Probetype) => {
                self.probes[self.current].per_attach = true;
                Some(Type::Str)
            }
            Some(Builtin::Func) => {
                self.probes[self.current].per_attach = true;
                let probe = &self.probes[self.current];
                match probe.attaches.iter().find(|a| func_name(a).is_none()) {
                    Some(a) => {
                        let a = a.name();
                        self.error(
                            Diagnostic::error(
                                format!("func is not available in {a}"),
                                e.span.clone(),
                            )
                            .with_label("only in kprobe, kretprobe, uprobe and uretprobe probes"),
                        )
                    }
                    None => Some(Type::Str),
                }
            }
            Some(b @ (Builtin::Kstack | Builtin::Ustack)) => {
                self.stack_builtin(b == Builtin::Ustack, e)
            }
            Some(Builtin::Curtask) => match self.kernel.kernel_types() {
                Ok(types) => match types.record_by_name("task_struct", false) {
                    Some(id) => Some(Type::KernelPtr(id)),
                    None => self.error(
                        Diagnostic::error(
                            "the kernel's BTF has no struct task_struct",
                            e.span.clone(),
                        )
                        .with_label("curtask needs it"),
                    ),
                },
                Err(reason) => self.error(
                    Diagnostic::error(
                        format!("curtask needs kernel types: {reason}"),
                        e.span.clone(),
                    )
                    .with_label("here"),
                ),
            },
            Some(b @ (Builtin::Ncpus | Builtin::HasCpid)) => {
                let value = match b {
                    Builtin::Ncpus => match self.kernel.possible_cpus() {
                        Ok(n) => u64::from(n),
                        Err(reason) => {
                            return self.error(
                                Diagnostic::error(
                                    format!("cannot count the CPUs: {reason}"),
                                    e.span.clone(),
                                )
                                .with_label("ncpus"),
                            );
                        }
                    },
                    _ => u64::from(self.has_command),
                };
                self.note_call(e, CallInfo::Constant(value));
                Some(Type::Int { signed: false })
            }
            Some(Builtin::Usermode) => self.usermode(e),
            Some(Builtin::Ctx) => self.iter_context(e),
            Some(Builtin::StackArg(_)) => {
                let probe = &self.probes[self.current];
                // Only at a function's first instruction is sp at the return
                // address, with the stack arguments above it.
                let at_entry = |a: &&Attach| match a {
                    Attach::Kprobe { offset, .. } => *offset == 0,
                    Attach::Uprobe {
                        symbol: Some(_),
                        offset,
                        ..
                    } => *offset == 0,
                    _ => true,
                };
                match probe.attaches.iter().find(|a| {
                    ContextKind::of(a) != ContextKind::Regs { ret: false } || !at_entry(a)
                }) {
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
            Some(Builtin::Ppid) => {
                let [real_parent, tgid] = self.task_offsets(e, "ppid", ["real_parent", "tgid"])?;
                self.note_call(e, CallInfo::ParentPid { real_parent, tgid });
                Some(Type::Int { signed: false })
            }
            Some(Builtin::Pcomm) => {
                let [group_leader, comm] =
                    self.task_offsets(e, "pcomm", ["group_leader", "comm"])?;
                self.note_call(e, CallInfo::ProcessComm { group_leader, comm });
                Some(Type::Str)
            }
            Some(Builtin::Cpid) if !self.has_command => self.error(
                Diagnostic::error("cpid has no value without -c", e.span.clone())
                    .with_label("no command was started")
                    .with_hint("start one: sonde -c 'CMD ARGS' ..."),
            ),
            Some(b @ (Builtin::Arg(_) | Builtin::Retval)) => {
                // Registers exist only where the probe's context is pt_regs;
                // a USDT probe has the arguments its specs declare.
                let probe = &self.probes[self.current];
                let problem = probe.attaches.iter().find_map(|a| {
                    let where_ok = if b == Builtin::Retval {
                        "only in kretprobe, uretprobe and fexit probes".to_string()
                    } else {
                        "only in kprobe, uprobe, usdt, fentry/fexit and rawtracepoint probes; tracepoints have args".to_string()
                    };
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
                        _ => Some((format!("{name} is not available in {}", a.name()), where_ok)),
                    }
                });
                match problem {
                    Some((message, label)) => {
                        self.error(Diagnostic::error(message, e.span.clone()).with_label(label))
                    }
                    None => {
                        // Arguments by position come from each attach
                        // point's own argument list.
                        if self.probes[self.current].attaches.iter().any(|a| {
                            matches!(a, Attach::Fentry { .. } | Attach::RawTracepoint { .. })
                        }) {
                            self.probes[self.current].per_attach = true;
                        }
                        Some(b.ty())
                    }
                }
            }
            Some(b) => Some(b.ty()),
            None if Builtin::is_planned(name) => self.error(
                Diagnostic::error(
                    format!("the builtin '{name}' is not supported by Sonde yet"),
                    e.span.clone(),
                )
                .with_label("not available yet"),
            ),
            None => {
                // A constant of the kernel's headers (`AF_INET`), or an
                // enumerator of a kernel enum (`TCP_ESTABLISHED`), is its value.
                let types =
                    crate::ctypes::Types::new(self.kernel.kernel_types().ok(), self.script_types);
                let constant = types
                    .enumerator(name)
                    .filter(|e| e.enum_id >= crate::ctypes::SCRIPT_BASE)
                    .map(|e| (e.value, e.signed))
                    .or_else(|| {
                        crate::kernel::constants::header_constant(name).map(|v| (v as u64, true))
                    })
                    .or_else(|| {
                        let number = crate::kernel::syscalls::number(name.strip_prefix("__NR_")?)?;
                        Some((u64::from(number), true))
                    })
                    .or_else(|| types.enumerator(name).map(|e| (e.value, e.signed)));
                if let Some((value, signed)) = constant {
                    self.note_call(e, CallInfo::Constant(value));
                    return Some(Type::Int { signed });
                }
                let mut d =
                    Diagnostic::error(format!("unknown identifier '{name}'"), e.span.clone())
                        .with_label("not a builtin");
                if let Some(n) = nearest(name, Builtin::names()) {
                    d = d.with_hint(format!("did you mean '{n}'?"));
                }
                self.error(d.with_hint("variables start with $ ($x) and maps with @ (@x)"))
            }
        }
    }

    /// Where the members `fields` of the kernel's task_struct are, for the
    /// builtin `what` that reads them; an error when the kernel lacks one.
    pub(super) fn task_offsets<const N: usize>(
        &mut self,
        e: &Expr,
        what: &str,
        fields: [&str; N],
    ) -> Option<[u32; N]> {
        let types = self.kernel_types(e)?;
        let task = types.record_by_name("task_struct", false);
        let found = fields.map(|field| task.and_then(|t| types.member(t, field)).map(|m| m.offset));
        if let Some(i) = found.iter().position(Option::is_none) {
            return self.fail(
                Diagnostic::error(
                    format!("the kernel's task_struct has no {}", fields[i]),
                    e.span.clone(),
                )
                .with_label(format!("{what} reads it")),
            );
        }
        Some(found.map(|o| o.unwrap_or(0)))
    }
}
