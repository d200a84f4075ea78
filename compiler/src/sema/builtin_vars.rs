//! Builtin variables (`pid`, `comm`, `func`, `curtask`, `argN`...) and the
//! kernel constants an unknown identifier may name.

use super::checker::Checker;
use super::functions::CallInfo;
use super::probe_context::offers;
use crate::ast::*;
use crate::builtins::Builtin;
use crate::diag::{Diagnostic, nearest};
use crate::types::Type;

impl Checker<'_> {
    /// A builtin variable: its type, where the probe's context has it.
    pub(super) fn builtin(&mut self, b: Builtin, e: &Expr) -> Option<Type> {
        match b {
            Builtin::Args => self.error(
                Diagnostic::error("args can only be used as args.FIELD", e.span.clone())
                    .with_label("name a field"),
            ),
            Builtin::Probe | Builtin::Probetype => {
                self.probes[self.current].per_attach = true;
                Some(Type::Str)
            }
            Builtin::Func => self.func_builtin(e),
            Builtin::Kstack | Builtin::Ustack => self.stack_builtin(b == Builtin::Ustack, e),
            Builtin::Curtask => self.curtask(e),
            Builtin::Ncpus | Builtin::HasCpid => self.constant_builtin(e, b),
            Builtin::Usermode => self.usermode(e),
            Builtin::Ctx => self.iter_context(e),
            Builtin::StackArg(_) => self.stack_argument(e, b),
            Builtin::Ppid => {
                let [real_parent, tgid] = self.task_offsets(e, "ppid", ["real_parent", "tgid"])?;
                self.note_call(
                    e,
                    CallInfo::TaskPid {
                        pointer: real_parent,
                        member: tgid,
                    },
                );
                Some(Type::Int { signed: false })
            }
            // The parent process's name, as bpftrace 0.26 and later.
            Builtin::Pcomm => {
                let [real_parent, comm] = self.task_offsets(e, "pcomm", ["real_parent", "comm"])?;
                self.note_call(
                    e,
                    CallInfo::TaskComm {
                        pointer: real_parent,
                        member: comm,
                    },
                );
                Some(Type::Str)
            }
            // `leader_comm`: the group leader's name; `leader_tid`
            // the leader's pid (its thread id, the thread group's id).
            Builtin::LeaderComm => {
                let [group_leader, comm] =
                    self.task_offsets(e, "leader_comm", ["group_leader", "comm"])?;
                self.note_call(
                    e,
                    CallInfo::TaskComm {
                        pointer: group_leader,
                        member: comm,
                    },
                );
                Some(Type::Str)
            }
            Builtin::LeaderTid => {
                let [group_leader, pid] =
                    self.task_offsets(e, "leader_tid", ["group_leader", "pid"])?;
                self.note_call(
                    e,
                    CallInfo::TaskPid {
                        pointer: group_leader,
                        member: pid,
                    },
                );
                Some(Type::Int { signed: false })
            }
            Builtin::SafeMode => {
                self.note_call(e, CallInfo::Constant(u64::from(!self.allow_unsafe)));
                Some(Type::Bool)
            }
            Builtin::Arch => Some(Type::Str),
            // As bpftrace's (`sizeof(str((int8 *)0))`): the string size.
            Builtin::DefaultStrLength => {
                self.note_call(e, CallInfo::Constant(u64::from(self.analysis.max_strlen)));
                Some(Type::Int { signed: false })
            }
            Builtin::Cpid if !self.has_command => {
                // bpftrace 0.27 warns and reads 0.
                self.warn(
                    Diagnostic::warning("no child command (-c): cpid is 0", e.span.clone())
                        .with_label("no command is started")
                        .with_hint("start one: sonde -c 'CMD ARGS' ..."),
                );
                Some(Type::Int { signed: false })
            }
            Builtin::Arg(_) | Builtin::Retval => self.register_argument(e, b),
            Builtin::Pid
            | Builtin::Tid
            | Builtin::PidInit
            | Builtin::TidInit
            | Builtin::Uid
            | Builtin::Gid
            | Builtin::Nsecs
            | Builtin::Elapsed
            | Builtin::Cpu
            | Builtin::Comm
            | Builtin::Cpid
            | Builtin::Rand
            | Builtin::Cgroup
            | Builtin::Bool(_)
            | Builtin::Jiffies
            | Builtin::Numaid
            | Builtin::Username => Some(b.ty()),
        }
    }

    /// A bare word that names no builtin variable: one planned, or a
    /// constant (an enumerator, a kernel header's), else an error.
    pub(super) fn identifier(&mut self, name: &str, e: &Expr) -> Option<Type> {
        if Builtin::is_planned(name) {
            return self.error(
                Diagnostic::error(
                    format!("the builtin '{name}' is not supported by Sonde yet"),
                    e.span.clone(),
                )
                .with_label("not available yet"),
            );
        }
        self.identifier_constant(e, name)
    }

    /// Where the members `fields` of the kernel's task_struct are, for the
    /// builtin `what` that reads them; an error when the kernel lacks one.
    fn task_offsets<const N: usize>(
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

    /// `func`: the traced function's name, where the probe has one.
    fn func_builtin(&mut self, e: &Expr) -> Option<Type> {
        self.probes[self.current].per_attach = true;
        let rule = Builtin::Func.decl().probes;
        let probe = &self.probes[self.current];
        match probe.attaches.iter().find(|a| !offers(rule, a)) {
            Some(a) => {
                let a = a.name();
                self.error(
                    Diagnostic::error(format!("func is not available in {a}"), e.span.clone())
                        .with_label("only in kprobe, kretprobe, uprobe and uretprobe probes"),
                )
            }
            None => Some(Type::Str),
        }
    }

    /// `curtask`: a pointer to the kernel's task_struct.
    fn curtask(&mut self, e: &Expr) -> Option<Type> {
        match self.kernel.kernel_types() {
            Ok(types) => match types.record_by_name("task_struct", false) {
                Some(id) => Some(Type::KernelPtr(id)),
                None => self.error(
                    Diagnostic::error("the kernel's BTF has no struct task_struct", e.span.clone())
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
        }
    }

    /// `ncpus` and `has_cpid`: values known when the script is compiled.
    fn constant_builtin(&mut self, e: &Expr, b: Builtin) -> Option<Type> {
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

    /// An identifier that is no builtin: a constant of the kernel's headers
    /// or an enumerator, else an error.
    fn identifier_constant(&mut self, e: &Expr, name: &str) -> Option<Type> {
        // A constant of the kernel's headers (`AF_INET`), or an
        // enumerator of a kernel enum (`TCP_ESTABLISHED`), is its value.
        // An enumerator's value is of its enum (printed by name).
        let enumerator = self.visible_types().enumerator(name);
        let of_enum = |e: crate::kernel::btf::Enumerator| (e.value, e.signed, Some(e.enum_id));
        let constant = enumerator
            .filter(|e| e.enum_id >= crate::ctypes::SCRIPT_BASE)
            .map(of_enum)
            .or_else(|| {
                crate::kernel::constants::header_constant(name).map(|v| (v as u64, true, None))
            })
            .or_else(|| {
                let number = crate::kernel::syscalls::number(name.strip_prefix("__NR_")?)?;
                Some((u64::from(number), true, None))
            })
            .or_else(|| enumerator.map(of_enum));
        if let Some((value, signed, enum_id)) = constant {
            self.note_call(e, CallInfo::Constant(value));
            return Some(match enum_id {
                Some(id) => self.enum_type(id, signed),
                None => Type::Int { signed },
            });
        }
        let mut d = Diagnostic::error(format!("unknown identifier '{name}'"), e.span.clone())
            .with_label("not a builtin");
        if let Some(n) = nearest(name, Builtin::names()) {
            d = d.with_hint(format!("did you mean '{n}'?"));
        }
        self.error(d.with_hint("variables start with $ ($x) and maps with @ (@x)"))
    }
}
