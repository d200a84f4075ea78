//! Builtin variables, each declared once with its name and type. The
//! semantic pass asks this table what a name means; codegen matches on the
//! enum. What a variable needs of its probe (`args`, `argN`, `retval`,
//! `func`, ...) is the probe kind's answer (`sema/probe_context.rs` asks
//! `probes::ContextKind`).

use crate::types::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// The process (thread) id as Sonde's pid namespace sees it: `pid`,
    /// `pid()`, `pid(curr_ns)`.
    Pid,
    Tid,
    /// `pid(init)`, `tid(init)`: as the initial pid namespace sees them.
    PidInit,
    TidInit,
    Uid,
    Gid,
    Nsecs,
    Elapsed,
    Cpu,
    Comm,
    Probe,
    /// Only meaningful as the base of `args.FIELD`.
    Args,
    /// `arg0`..`arg5`: a function argument from pt_regs (kprobes, uprobes).
    Arg(u8),
    /// The return value, in return probes.
    Retval,
    /// The pid of the command `-c` started.
    Cpid,
    /// A pseudo-random u32 (bpf_get_prandom_u32).
    Rand,
    /// The current task's cgroup v2 id.
    Cgroup,
    /// `true` and `false`: 1 and 0.
    Bool(bool),
    /// The current task (`struct task_struct *`, from BTF).
    Curtask,
    /// The traced function's name (kprobes, uprobes).
    Func,
    /// The kernel stack (`kstack`, as `kstack()`).
    Kstack,
    /// The user stack (`ustack`, as `ustack()`).
    Ustack,
    /// The kernel's jiffies (bpf_jiffies64).
    Jiffies,
    /// The NUMA node the program runs on.
    Numaid,
    /// The number of CPUs (possible CPUs, a constant).
    Ncpus,
    /// Whether `-c` started a command (a constant).
    HasCpid,
    /// The kind of the probe that fired (`tracepoint`, `special`, ...).
    Probetype,
    /// The process id of the current task's parent (from BTF).
    Ppid,
    /// The process's name: its group leader's comm (from BTF).
    Pcomm,
    /// The uid, shown as its user's name.
    Username,
    /// 1 when the probe fired while the CPU ran user code (pt_regs' `cs`).
    Usermode,
    /// The probe's context; only iterators offer it (`struct bpf_iter__T *`).
    Ctx,
    /// `sarg0`..: the Nth argument passed on the stack (x86-64: after the
    /// return address), in kprobes and uprobes at a function's entry.
    StackArg(u8),
}

const BUILTINS: &[(&str, Builtin)] = &[
    ("pid", Builtin::Pid),
    ("tid", Builtin::Tid),
    ("uid", Builtin::Uid),
    ("gid", Builtin::Gid),
    ("nsecs", Builtin::Nsecs),
    ("elapsed", Builtin::Elapsed),
    ("cpu", Builtin::Cpu),
    ("comm", Builtin::Comm),
    ("probe", Builtin::Probe),
    ("args", Builtin::Args),
    ("arg0", Builtin::Arg(0)),
    ("arg1", Builtin::Arg(1)),
    ("arg2", Builtin::Arg(2)),
    ("arg3", Builtin::Arg(3)),
    ("arg4", Builtin::Arg(4)),
    ("arg5", Builtin::Arg(5)),
    // Beyond arg5 only USDT probes have arguments (up to 12).
    ("arg6", Builtin::Arg(6)),
    ("arg7", Builtin::Arg(7)),
    ("arg8", Builtin::Arg(8)),
    ("arg9", Builtin::Arg(9)),
    ("arg10", Builtin::Arg(10)),
    ("arg11", Builtin::Arg(11)),
    ("retval", Builtin::Retval),
    ("cpid", Builtin::Cpid),
    ("rand", Builtin::Rand),
    ("cgroup", Builtin::Cgroup),
    ("true", Builtin::Bool(true)),
    ("false", Builtin::Bool(false)),
    ("curtask", Builtin::Curtask),
    ("func", Builtin::Func),
    ("kstack", Builtin::Kstack),
    ("ustack", Builtin::Ustack),
    ("jiffies", Builtin::Jiffies),
    ("numaid", Builtin::Numaid),
    ("ncpus", Builtin::Ncpus),
    ("has_cpid", Builtin::HasCpid),
    ("probetype", Builtin::Probetype),
    ("ppid", Builtin::Ppid),
    ("pcomm", Builtin::Pcomm),
    ("username", Builtin::Username),
    ("usermode", Builtin::Usermode),
    ("ctx", Builtin::Ctx),
];

/// bpftrace builtins Sonde does not have yet: named so the error says "not yet"
/// instead of "unknown".
const NOT_YET: &[&str] = &["__probe"];

impl Builtin {
    pub fn from_name(name: &str) -> Option<Builtin> {
        // The parser names `pid(init)` so; no identifier can be written so.
        match name {
            "pid(curr_ns)" => return Some(Builtin::Pid),
            "tid(curr_ns)" => return Some(Builtin::Tid),
            "pid(init)" => return Some(Builtin::PidInit),
            "tid(init)" => return Some(Builtin::TidInit),
            _ => {}
        }
        if let Some(n) = name.strip_prefix("sarg")
            && !n.is_empty()
            && n.len() <= 2
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return n.parse().ok().map(Builtin::StackArg);
        }
        BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().map(|(n, _)| *n)
    }

    pub fn is_planned(name: &str) -> bool {
        NOT_YET.contains(&name)
    }

    pub fn ty(self) -> Type {
        match self {
            Builtin::Comm
            | Builtin::Pcomm
            | Builtin::Probe
            | Builtin::Probetype
            | Builtin::Func => Type::Str,
            Builtin::Args => Type::Void,
            Builtin::Bool(_) | Builtin::HasCpid => Type::Bool,
            Builtin::Username => Type::Username,
            Builtin::Pid
            | Builtin::Tid
            | Builtin::PidInit
            | Builtin::TidInit
            | Builtin::Uid
            | Builtin::Gid
            | Builtin::Nsecs
            | Builtin::Elapsed
            | Builtin::Cpu
            | Builtin::Arg(_)
            | Builtin::Retval
            | Builtin::Cpid
            | Builtin::Rand
            | Builtin::Cgroup
            | Builtin::Curtask
            | Builtin::Kstack
            | Builtin::Ustack
            | Builtin::Jiffies
            | Builtin::Numaid
            | Builtin::Ncpus
            | Builtin::Ppid
            | Builtin::Usermode
            | Builtin::Ctx
            | Builtin::StackArg(_) => Type::Int { signed: false },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_either_implemented_or_planned() {
        for name in Builtin::names() {
            assert!(!Builtin::is_planned(name), "{name} is both");
        }
    }
}
