//! Builtin variables, each declared once (`Builtin::decl`): its name, its
//! type rule and which probes offer it. The parser and the resolution step
//! after macro expansion (`parse::resolve_builtins`) ask this table what a
//! bare word means; sema and codegen match on the enum.

use super::functions::{ProbeRule, Returns};
use crate::types::Type;
use std::borrow::Cow;
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
    /// `__builtin_arch`: the machine Sonde was built for (`x86_64`), a
    /// constant string.
    Arch,
    /// `__builtin_safe_mode`: `false` with `--unsafe`, else `true`, a
    /// constant.
    SafeMode,
    /// `leader_tid`: the thread id of the thread group's leader
    /// (`curtask->group_leader->pid`, through BTF).
    LeaderTid,
    /// `leader_comm`: the thread group leader's name
    /// (`curtask->group_leader->comm`, through BTF).
    LeaderComm,
    /// `default_str_length`: the string size (`max_strlen`), a constant.
    DefaultStrLength,
}

/// A builtin variable's declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableDecl {
    /// As a script writes it (`arg3`, `pid(init)`), for messages.
    pub name: Cow<'static, str>,
    /// Its type, or `Checked` where sema works it out (from BTF, the
    /// probe's context...).
    pub returns: Returns,
    /// Which probes offer it, where that is a rule of the probe kind
    /// (`sema/probe_context.rs` tells the rule from the probe). What is more
    /// than a rule stays in sema: `args` (a tracepoint's format, a
    /// function's BTF or DWARF), how many `argN` an fentry, raw tracepoint
    /// or USDT probe has, whether an fexit's function returns a value, and
    /// the one iterator kind of `ctx`.
    pub probes: ProbeRule,
}

/// The words that name builtin variables (the numbered `sargN` apart).
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
    ("leader_tid", Builtin::LeaderTid),
    ("leader_comm", Builtin::LeaderComm),
    ("default_str_length", Builtin::DefaultStrLength),
    ("__builtin_arch", Builtin::Arch),
    ("__builtin_safe_mode", Builtin::SafeMode),
];

/// The spellings bpftrace 0.27's own standard library uses for builtins
/// it also offers by a plain name (its `comm` is a macro standing for
/// `__builtin_comm`): the same builtin, declared once in `BUILTINS`.
/// bpftrace has no `__builtin_pid`, `__builtin_tid` or `__builtin_nsecs`:
/// neither has Sonde.
const ALIASES: &[(&str, Builtin)] = &[
    ("__builtin_comm", Builtin::Comm),
    ("__builtin_cpid", Builtin::Cpid),
    ("__builtin_cpu", Builtin::Cpu),
    ("__builtin_elapsed", Builtin::Elapsed),
    ("__builtin_func", Builtin::Func),
    ("__builtin_ncpus", Builtin::Ncpus),
    ("__builtin_probe", Builtin::Probe),
    ("__builtin_probetype", Builtin::Probetype),
    ("__builtin_retval", Builtin::Retval),
    ("__builtin_usermode", Builtin::Usermode),
];

/// bpftrace builtins Sonde does not have yet: named so the error says "not yet"
/// instead of "unknown".
const NOT_YET: &[&str] = &["__probe", "__builtin_elf_is_exe", "__builtin_elf_ino"];

const UINT: Returns = Returns::Always(Type::Int { signed: false });
const STRING: Returns = Returns::Always(Type::Str);

impl Builtin {
    /// The builtin variable a bare word names. `pid(init)` and its kin are
    /// calls, which the parser makes variables itself.
    pub fn from_name(name: &str) -> Option<Builtin> {
        if let Some(n) = name.strip_prefix("sarg")
            && !n.is_empty()
            && n.len() <= 2
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return n.parse().ok().map(Builtin::StackArg);
        }
        BUILTINS
            .iter()
            .chain(ALIASES)
            .find(|(n, _)| *n == name)
            .map(|(_, b)| *b)
    }

    /// `pid(init)`, `tid(curr_ns)`...: the variable `name(namespace)` is.
    pub fn in_namespace(name: &str, namespace: &str) -> Option<Builtin> {
        match (name, namespace) {
            ("pid", "curr_ns") => Some(Builtin::Pid),
            ("tid", "curr_ns") => Some(Builtin::Tid),
            ("pid", "init") => Some(Builtin::PidInit),
            ("tid", "init") => Some(Builtin::TidInit),
            _ => None,
        }
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().map(|(n, _)| *n)
    }

    pub fn is_planned(name: &str) -> bool {
        NOT_YET.contains(&name)
    }

    /// As a script writes it, for messages.
    pub fn name(self) -> Cow<'static, str> {
        self.decl().name
    }

    /// Its type; what sema works out for the `Checked` ones (`curtask`,
    /// `ctx`: a kernel pointer) is an address before it does.
    pub fn ty(self) -> Type {
        match self.decl().returns {
            Returns::Always(t) => t,
            Returns::Checked => Type::Int { signed: false },
        }
    }

    pub fn decl(self) -> VariableDecl {
        let word = |name: &'static str| Cow::Borrowed(name);
        let (name, returns, probes) = match self {
            Builtin::Pid => (word("pid"), UINT, ProbeRule::Any),
            Builtin::Tid => (word("tid"), UINT, ProbeRule::Any),
            Builtin::PidInit => (word("pid(init)"), UINT, ProbeRule::Any),
            Builtin::TidInit => (word("tid(init)"), UINT, ProbeRule::Any),
            Builtin::Uid => (word("uid"), UINT, ProbeRule::Any),
            Builtin::Gid => (word("gid"), UINT, ProbeRule::Any),
            Builtin::Nsecs => (word("nsecs"), UINT, ProbeRule::Any),
            Builtin::Elapsed => (word("elapsed"), UINT, ProbeRule::Any),
            Builtin::Cpu => (word("cpu"), UINT, ProbeRule::Any),
            Builtin::Comm => (word("comm"), STRING, ProbeRule::Any),
            Builtin::Probe => (word("probe"), STRING, ProbeRule::Any),
            // Where `args` exists is the probe's format: sema's question.
            Builtin::Args => (word("args"), Returns::Always(Type::Void), ProbeRule::Any),
            Builtin::Arg(n) => (Cow::Owned(format!("arg{n}")), UINT, ProbeRule::Arguments),
            Builtin::Retval => (word("retval"), UINT, ProbeRule::ReturnProbes),
            Builtin::Cpid => (word("cpid"), UINT, ProbeRule::Any),
            Builtin::Rand => (word("rand"), UINT, ProbeRule::Any),
            Builtin::Cgroup => (word("cgroup"), UINT, ProbeRule::Any),
            Builtin::Bool(true) => (word("true"), Returns::Always(Type::Bool), ProbeRule::Any),
            Builtin::Bool(false) => (word("false"), Returns::Always(Type::Bool), ProbeRule::Any),
            Builtin::Curtask => (word("curtask"), Returns::Checked, ProbeRule::Any),
            Builtin::Func => (word("func"), STRING, ProbeRule::TracedFunction),
            Builtin::Kstack => (word("kstack"), Returns::Checked, ProbeRule::Any),
            Builtin::Ustack => (word("ustack"), Returns::Checked, ProbeRule::Any),
            Builtin::Jiffies => (word("jiffies"), UINT, ProbeRule::Any),
            Builtin::Numaid => (word("numaid"), UINT, ProbeRule::Any),
            Builtin::Ncpus => (word("ncpus"), UINT, ProbeRule::Any),
            Builtin::HasCpid => (
                word("has_cpid"),
                Returns::Always(Type::Bool),
                ProbeRule::Any,
            ),
            Builtin::Probetype => (word("probetype"), STRING, ProbeRule::Any),
            Builtin::Ppid => (word("ppid"), UINT, ProbeRule::Any),
            Builtin::Pcomm => (word("pcomm"), STRING, ProbeRule::Any),
            Builtin::Username => (
                word("username"),
                Returns::Always(Type::Username),
                ProbeRule::Any,
            ),
            Builtin::Usermode => (word("usermode"), UINT, ProbeRule::Any),
            Builtin::Ctx => (word("ctx"), Returns::Checked, ProbeRule::Iterators),
            Builtin::StackArg(n) => (
                Cow::Owned(format!("sarg{n}")),
                UINT,
                ProbeRule::FunctionEntry,
            ),
            Builtin::Arch => (word("__builtin_arch"), STRING, ProbeRule::Any),
            Builtin::SafeMode => (
                word("__builtin_safe_mode"),
                Returns::Always(Type::Bool),
                ProbeRule::Any,
            ),
            Builtin::LeaderTid => (word("leader_tid"), UINT, ProbeRule::Any),
            Builtin::LeaderComm => (word("leader_comm"), STRING, ProbeRule::Any),
            Builtin::DefaultStrLength => (word("default_str_length"), UINT, ProbeRule::Any),
        };
        VariableDecl {
            name,
            returns,
            probes,
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

    #[test]
    fn an_alias_is_no_word_of_its_own_and_names_a_builtin_that_has_one() {
        for (alias, builtin) in ALIASES {
            assert!(!BUILTINS.iter().any(|(n, _)| n == alias), "{alias}");
            assert!(!Builtin::is_planned(alias), "{alias} is both");
            assert_eq!(Builtin::from_name(alias), Some(*builtin));
            assert!(BUILTINS.iter().any(|(_, b)| b == builtin), "{alias}");
        }
    }

    #[test]
    fn each_word_names_the_builtin_that_has_it_as_its_name() {
        for (word, builtin) in BUILTINS {
            assert_eq!(builtin.name(), *word);
            assert_eq!(Builtin::from_name(word), Some(*builtin));
        }
    }
}
