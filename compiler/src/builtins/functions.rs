//! Builtin functions, each declared once: its name, how many arguments it
//! takes, its usage (the hint of every error about a call), whether it needs
//! `--unsafe`, which probes allow it and what it returns. The `functions!`
//! table below makes the `Function` enum and `Function::decl` from the same
//! entries, so a function cannot exist without its declaration.

use crate::types::Type;

/// No upper bound on the arguments (printf's and system's).
pub const MANY: usize = usize::MAX;

/// How many arguments a function takes: `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arity {
    pub min: usize,
    pub max: usize,
}

impl Arity {
    pub fn accepts(self, n: usize) -> bool {
        (self.min..=self.max).contains(&n)
    }

    /// "1 argument", "1 or 2 arguments", "0 to 3 arguments", "at least 1 argument".
    pub fn describe(self) -> String {
        let n = |k: usize| format!("{k} argument{}", if k == 1 { "" } else { "s" });
        match (self.min, self.max) {
            (a, MANY) => format!("at least {}", n(a)),
            (a, b) if a == b => n(a),
            (a, b) if b == a + 1 => format!("{a} or {}", n(b)),
            (a, b) => format!("{a} to {}", n(b)),
        }
    }
}

/// Which probes a builtin (function or variable) may be used in: a rule of
/// the probe kind, which sema applies to each attach point
/// (`sema/probe_context.rs`, `offers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeRule {
    Any,
    /// Probes whose context holds the registers: kprobes, uprobes, USDT.
    Registers,
    /// Probes that fire in a process: not BEGIN/END, not interval timers.
    TracedProcess,
    /// BPF iterators only (`bpf_d_path` is allowed there).
    Iterators,
    /// Probes on a binary, which holds the symbols: uprobes and USDT.
    ProbeBinary,
    /// Probes on a named function: kprobes (and the fentry programs that
    /// stand for them) and uprobes.
    TracedFunction,
    /// Probes with a function's arguments: kprobes and uprobes at entry,
    /// USDT, fentry/fexit, raw tracepoints.
    Arguments,
    /// Return probes: kretprobes, uretprobes, fexit.
    ReturnProbes,
    /// A kprobe or uprobe at a function's first instruction.
    FunctionEntry,
}

/// A function's type rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// Always this type, whatever the arguments.
    Always(Type),
    /// The function's check decides from the arguments (a map's value
    /// type, a pointer's, a default's kind, a buffer's size...).
    Checked,
}

/// What `is_*(x)` asks of x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeTest {
    Array,
    Integer,
    Literal,
    Pointer,
    Str,
    UnsignedInteger,
}

/// A function's declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionDecl {
    pub name: &'static str,
    pub arity: Arity,
    /// Shown as `usage: ...` in the hints of errors about a call.
    pub usage: &'static str,
    /// Refused without `--unsafe`: it acts outside the traced programs.
    pub is_unsafe: bool,
    pub probes: ProbeRule,
    pub returns: Returns,
}

macro_rules! functions {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal {
            args: $min:literal ..= $max:expr,
            usage: $usage:expr,
            $(unsafe: $unsafe:literal,)?
            $(probes: $probes:ident,)?
            returns: $returns:expr $(,)?
        }
    )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Function {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Function {
            /// Every function, in the table's order.
            pub const ALL: &'static [Function] = &[$(Function::$variant),*];

            pub fn decl(self) -> FunctionDecl {
                match self {
                    $(Function::$variant => FunctionDecl {
                        name: $name,
                        arity: Arity { min: $min, max: $max },
                        usage: $usage,
                        is_unsafe: functions!(@or $($unsafe)?; false),
                        probes: functions!(@or $(ProbeRule::$probes)?; ProbeRule::Any),
                        returns: $returns,
                    },)*
                }
            }
        }
    };
    (@or $given:expr; $default:expr) => { $given };
    (@or ; $default:expr) => { $default };
}

const VOID: Returns = Returns::Always(Type::Void);
const UINT: Returns = Returns::Always(Type::Int { signed: false });
const INT: Returns = Returns::Always(Type::Int { signed: true });
const BOOL: Returns = Returns::Always(Type::Bool);
const STRING: Returns = Returns::Always(Type::Str);
const CHECKED: Returns = Returns::Checked;

functions! {
    /// `printf(fmt, args...)`: a record user space formats.
    Printf = "printf" { args: 1..=MANY, usage: "printf(\"%d\\n\", pid)", returns: VOID }
    Time = "time" { args: 0..=1, usage: "time([\"%H:%M:%S\\n\"])", returns: VOID }
    Join = "join" { args: 1..=2, usage: "join(args.argv[, \" \"])", returns: VOID }
    /// 0 when the first n bytes agree, else 1 (bpftrace's).
    Strncmp = "strncmp" { args: 3..=3, usage: "strncmp(comm, \"bash\", 4)", returns: UINT }
    /// The signed difference of the first bytes that differ.
    Memcmp = "memcmp" { args: 3..=3, usage: "memcmp(s1, s2, n)", returns: INT }
    Str = "str" { args: 1..=2, usage: "str(pointer[, length])", returns: STRING }
    Exit = "exit" { args: 0..=1, usage: "exit() or exit(code)", returns: VOID }
    /// `delete(@m[k])`, `delete(@m, k)` (several keys: a tuple key).
    Delete = "delete" { args: 1..=MANY, usage: "delete(@map[key]) or delete(@map, key)", returns: CHECKED }
    // Aggregations: only as `@map[keys] = f(...)` (sema/aggregations.rs).
    Count = "count" { args: 0..=0, usage: "count()", returns: CHECKED }
    Sum = "sum" { args: 1..=1, usage: "sum(value)", returns: CHECKED }
    Avg = "avg" { args: 1..=1, usage: "avg(value)", returns: CHECKED }
    Min = "min" { args: 1..=1, usage: "min(value)", returns: CHECKED }
    Max = "max" { args: 1..=1, usage: "max(value)", returns: CHECKED }
    Stats = "stats" { args: 1..=1, usage: "stats(value)", returns: CHECKED }
    /// `hist(value, bits)`: each power of two in 2^bits linear buckets.
    Hist = "hist" { args: 1..=2, usage: "hist(value[, bits])", returns: CHECKED }
    Lhist = "lhist" { args: 4..=4, usage: "lhist(value, min, max, step)", returns: CHECKED }
    /// `tseries(value, interval_ns, intervals[, "avg"|"max"|"min"|"sum"])`.
    Tseries = "tseries" { args: 3..=4, usage: "tseries(value, interval_ns, intervals[, agg])", returns: CHECKED }
    // Map functions.
    Clear = "clear" { args: 1..=1, usage: "clear(@map) or zero(@map)", returns: VOID }
    Zero = "zero" { args: 1..=1, usage: "clear(@map) or zero(@map)", returns: VOID }
    Print = "print" { args: 1..=3, usage: "print(@map[, top[, div]])", returns: VOID }
    /// `has_key(@m, k)` or `has_key(@m[k])`.
    HasKey = "has_key" { args: 1..=MANY, usage: "has_key(@map, key)", returns: CHECKED }
    Len = "len" { args: 1..=1, usage: "len(@map)", returns: CHECKED }
    // Stacks and symbols.
    Kstack = "kstack" { args: 0..=2, usage: "kstack, kstack(perf), kstack(8) or kstack(raw, 8)", returns: CHECKED }
    Ustack = "ustack" { args: 0..=2, usage: "ustack, ustack(perf), ustack(8) or ustack(raw, 8)", returns: CHECKED }
    /// `dw_ustack(...)`: `ustack` unwound from call frame information, as
    /// bpftrace spells it.
    DwUstack = "dw_ustack" { args: 0..=2, usage: "dw_ustack, dw_ustack(perf), dw_ustack(8) or dw_ustack(raw, 8)", returns: CHECKED }
    Ksym = "ksym" { args: 1..=1, usage: "ksym(address)", returns: CHECKED }
    Usym = "usym" { args: 1..=1, usage: "usym(address)", returns: CHECKED }
    Kaddr = "kaddr" { args: 1..=1, usage: "kaddr(\"symbol\")", returns: CHECKED }
    /// `percpu_kaddr("name"[, cpu])`: a per-CPU kernel variable's address on
    /// this (or that) CPU, from kallsyms.
    PercpuKaddr = "percpu_kaddr" { args: 1..=2, usage: "percpu_kaddr(\"runqueues\") or percpu_kaddr(\"runqueues\", 0)", returns: UINT }
    Uaddr = "uaddr" { args: 1..=1, usage: "uaddr(\"symbol\")", probes: ProbeBinary, returns: CHECKED }
    // Values formatted in user space: only printf's %s (or %r), print()
    // and maps can show them.
    Strftime = "strftime" { args: 2..=2, usage: "strftime(\"%H:%M:%S\", nsecs)", returns: Returns::Always(Type::Timestamp) }
    /// `pton("1.2.3.4")`: a literal address's bytes, a uint8[4] or [16].
    Pton = "pton" { args: 1..=1, usage: "pton(\"1.2.3.4\") or pton(\"::1\")", returns: CHECKED }
    Ntop = "ntop" { args: 1..=2, usage: "ntop([af,] addr): ntop(0x0100007f), ntop(args.daddr_v6)", returns: Returns::Always(Type::Inet) }
    Macaddr = "macaddr" { args: 1..=1, usage: "macaddr(addr): an address or a 6-byte array", returns: Returns::Always(Type::MacAddr) }
    /// A buffer of the size its check works out.
    Buf = "buf" { args: 1..=2, usage: "buf(pointer, length) or buf(array[, length])", returns: CHECKED }
    Bswap = "bswap" { args: 1..=1, usage: "bswap(integer): bswap((uint16)0x1234)", returns: UINT }
    /// As current bpftrace: `bool strcontains(haystack, needle)`.
    Strcontains = "strcontains" { args: 2..=2, usage: "strcontains(haystack, needle)", returns: BOOL }
    /// `strstr(h, n)`: the index of n in h, or -1.
    Strstr = "strstr" { args: 2..=2, usage: "strstr(haystack, needle)", returns: INT }
    /// `strlen(s)`: the bytes before the NUL.
    Strlen = "strlen" { args: 1..=1, usage: "strlen(comm), strlen(str(args.filename))", returns: UINT }
    /// `str_concat(a, b)`: a string of `a` then `b`, cut at the string size.
    StrConcat = "str_concat" { args: 2..=2, usage: "str_concat(comm, \":\"), str_concat(str(args.filename), \".bak\")", returns: STRING }
    /// `strcap(s)`: the bytes the string's type holds, NUL included (a
    /// literal's length + 1, 16 for `comm`), known as the script compiles.
    Strcap = "strcap" { args: 1..=1, usage: "strcap(comm), strcap(str(args.filename))", returns: UINT }
    // Unsafe: only with --unsafe. cat() only reads a file, as bpftrace
    // considers it: safe.
    Signal = "signal" { args: 1..=1, usage: "signal(\"SIGTERM\") or signal(15)", unsafe: true, probes: TracedProcess, returns: VOID }
    /// `__builtin_signal_num("SIGTERM")`: a signal's number, a constant (the
    /// primitive bpftrace 0.27.1's standard library builds `signal()` on).
    SignalNum = "__builtin_signal_num" { args: 1..=1, usage: "__builtin_signal_num(\"SIGTERM\")", returns: UINT }
    /// `signal_thread(sig)`: to the thread, not the whole process.
    SignalThread = "signal_thread" { args: 1..=1, usage: "signal_thread(\"SIGTERM\") or signal_thread(15)", unsafe: true, probes: TracedProcess, returns: VOID }
    System = "system" { args: 1..=MANY, usage: "system(\"echo %d\", pid)", unsafe: true, returns: VOID }
    Cat = "cat" { args: 1..=MANY, usage: "cat(\"/proc/%d/status\", pid)", returns: VOID }
    // Compile-time constants from kernel types.
    Sizeof = "sizeof" { args: 1..=1, usage: "sizeof(struct task_struct), sizeof(uint32), sizeof(expression)", returns: UINT }
    /// `container_of(ptr, struct T, member)`: the `T *` whose `member` is at `ptr`.
    ContainerOf = "container_of" { args: 3..=3, usage: "container_of(ptr, struct task_struct, se) or container_of(ptr, task_struct, se)", returns: CHECKED }
    Offsetof = "offsetof" { args: 2..=2, usage: "offsetof(struct task_struct, comm)", returns: UINT }
    /// `config()`: the record of config variables; only `config().NAME` is
    /// read (sema/config_values.rs).
    Config = "config" { args: 0..=0, usage: "config().max_strlen, config().stack_mode", returns: CHECKED }
    /// `getopt(name[, default[, description]])`: a named command-line argument.
    Getopt = "getopt" { args: 1..=3, usage: "getopt(\"name\"), getopt(\"name\", 10), getopt(\"name\", \"text\", \"what it is\")", returns: CHECKED }
    /// A message on stderr with the call's place in the script.
    Errorf = "errorf" { args: 1..=MANY, usage: "errorf(\"bad value %d\", $v)", returns: VOID }
    /// `debugf(fmt, ...)`: a line in the kernel's trace buffer
    /// (bpf_trace_printk), at most 3 conversions.
    Debugf = "debugf" { args: 1..=MANY, usage: "debugf(\"open %s by %d\\n\", str(args.filename), pid)", returns: VOID }
    Warnf = "warnf" { args: 1..=MANY, usage: "warnf(\"odd value %d\", $v)", returns: VOID }
    /// `cgroupid(path)`: the id of a cgroup v2 directory, a constant.
    Cgroupid = "cgroupid" { args: 1..=1, usage: "cgroupid(\"/sys/fs/cgroup/system.slice\")", returns: UINT }
    /// `cgroup_path(id[, filter])`: a cgroup id, named in user space.
    CgroupPath = "cgroup_path" { args: 1..=2, usage: "cgroup_path(cgroup) or cgroup_path(cgroup, \"unified\")", returns: Returns::Always(Type::CgroupPath) }
    /// `path(ctx->file->f_path)`: the file's path (bpf_d_path), in iterators.
    Path = "path" { args: 1..=1, usage: "path(ctx->file->f_path), in an iter probe", probes: Iterators, returns: STRING }
    /// `nsecs(boot)`: `nsecs` of a chosen clock.
    Nsecs = "nsecs" { args: 0..=1, usage: "nsecs(monotonic), nsecs(boot), nsecs(tai), nsecs(sw_tai)", returns: UINT }
    Find = "find" { args: 3..=3, usage: "find(@map, key, $value): if (find(@m, 1, $v)) { print($v); }", returns: BOOL }
    Fail = "fail" { args: 1..=MANY, usage: "fail(\"expected %d\", $1)", returns: CHECKED }
    StaticAssert = "static_assert" { args: 2..=2, usage: "static_assert(sizeof(struct task_struct) > 0, \"message\")", returns: VOID }
    /// `is_integer(x)` and the other questions about an expression's type,
    /// answered when the script compiles (for macros).
    IsArray = "is_array" { args: 1..=1, usage: "is_array(expression)", returns: BOOL }
    IsInteger = "is_integer" { args: 1..=1, usage: "is_integer(expression)", returns: BOOL }
    IsLiteral = "is_literal" { args: 1..=1, usage: "is_literal(expression)", returns: BOOL }
    IsPtr = "is_ptr" { args: 1..=1, usage: "is_ptr(expression)", returns: BOOL }
    IsStr = "is_str" { args: 1..=1, usage: "is_str(expression)", returns: BOOL }
    IsUnsignedInteger = "is_unsigned_integer" { args: 1..=1, usage: "is_unsigned_integer(expression)", returns: BOOL }
    /// `assert_str(x)`: a compile error unless `x` is string-like.
    AssertStr = "assert_str" { args: 1..=1, usage: "assert_str(comm), assert_str(str(arg0))", returns: VOID }
    Assert = "assert" { args: 2..=2, usage: "assert($x > 0, \"x must be positive\")", returns: VOID }
    /// `kptr(p)` / `uptr(p)`: `p` in the kernel's / the process's memory.
    Kptr = "kptr" { args: 1..=1, usage: "kptr(pointer)", returns: CHECKED }
    Uptr = "uptr" { args: 1..=1, usage: "uptr(pointer)", returns: CHECKED }
    /// `is_err(p)`: `p` is a kernel error pointer (-4095 to -1 as a signed
    /// 64-bit value), as `IS_ERR()` tests it.
    IsErr = "is_err" { args: 1..=1, usage: "is_err(ptr): is_err(retval)", returns: BOOL }
    /// `kfunc_exist("name")`: the kernel's BTF has a function of that name.
    KfuncExist = "kfunc_exist" { args: 1..=1, usage: "kfunc_exist(\"bpf_task_acquire\")", returns: BOOL }
    /// `reg("ip")`: a register saved in the probe's pt_regs.
    Reg = "reg" { args: 1..=1, usage: "reg(\"ip\"), reg(\"sp\"), reg(\"di\")", probes: Registers, returns: UINT }
    /// `syscall_name(id)`: a system call's name.
    SyscallName = "syscall_name" { args: 1..=1, usage: "syscall_name(args.id)", returns: Returns::Always(Type::SyscallName) }
    /// `signal_name(n)`: the signal's description (strsignal(3)'s words,
    /// `Terminated` for 15), a string made in the program.
    SignalName = "signal_name" { args: 1..=1, usage: "signal_name(15), signal_name(args.sig)", returns: STRING }
    /// `strerror(errno)`: the message of an errno.
    Strerror = "strerror" { args: 1..=1, usage: "strerror(EPERM), strerror(-args.ret)", returns: Returns::Always(Type::Strerror) }
}

/// bpftrace's functions Sonde does not have yet: named so the error says
/// "not yet" instead of "unknown".
const NOT_YET: &[&str] = &[
    "override",
    "unwatch",
    "skboutput",
    // More of bpftrace's functions (0.17's and today's standard library).
    "globmatch",
    "socket_cookie",
    "kfunc_allowed",
    "__builtin_kfunc_allowed",
];

/// The spellings bpftrace 0.27's standard library uses for functions it
/// also offers by a plain name (`is_literal` is a macro standing for
/// `__builtin_is_literal`): the same function, declared once above.
const ALIASES: &[(&str, Function)] = &[
    ("__builtin_is_literal", Function::IsLiteral),
    ("__builtin_kfunc_exist", Function::KfuncExist),
    ("__builtin_uaddr", Function::Uaddr),
];

impl Function {
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL
            .iter()
            .copied()
            .find(|f| f.decl().name == name)
            .or_else(|| ALIASES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f))
    }

    pub fn name(self) -> &'static str {
        self.decl().name
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        Function::ALL.iter().map(|f| f.decl().name)
    }

    pub fn is_planned(name: &str) -> bool {
        NOT_YET.contains(&name)
    }

    pub fn is_aggregation(self) -> bool {
        matches!(
            self,
            Function::Count
                | Function::Sum
                | Function::Avg
                | Function::Min
                | Function::Max
                | Function::Stats
                | Function::Hist
                | Function::Lhist
                | Function::Tseries
        )
    }

    /// What `is_*(x)` asks, for the type questions.
    pub fn type_test(self) -> Option<TypeTest> {
        Some(match self {
            Function::IsArray => TypeTest::Array,
            Function::IsInteger => TypeTest::Integer,
            Function::IsLiteral => TypeTest::Literal,
            Function::IsPtr => TypeTest::Pointer,
            Function::IsStr => TypeTest::Str,
            Function::IsUnsignedInteger => TypeTest::UnsignedInteger,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_is_declared_once_and_not_also_planned() {
        let mut seen = std::collections::HashSet::new();
        for f in Function::ALL {
            let name = f.decl().name;
            assert!(seen.insert(name), "{name} is declared twice");
            assert_eq!(Function::from_name(name), Some(*f));
            assert!(!Function::is_planned(name), "{name} is both");
        }
    }

    #[test]
    fn an_alias_is_no_name_of_its_own() {
        for (alias, function) in ALIASES {
            assert!(!Function::names().any(|n| n == *alias), "{alias}");
            assert!(!Function::is_planned(alias), "{alias} is both");
            assert_eq!(Function::from_name(alias), Some(*function));
        }
    }

    #[test]
    fn every_usage_names_its_function_and_arities_are_ordered() {
        for f in Function::ALL {
            let d = f.decl();
            assert!(d.usage.contains(d.name), "{}'s usage: {}", d.name, d.usage);
            assert!(d.arity.min <= d.arity.max, "{}", d.name);
        }
    }

    #[test]
    fn arities_read_as_english() {
        let a = |min, max| Arity { min, max }.describe();
        assert_eq!(a(1, 1), "1 argument");
        assert_eq!(a(1, 2), "1 or 2 arguments");
        assert_eq!(a(0, 2), "0 to 2 arguments");
        assert_eq!(a(1, MANY), "at least 1 argument");
    }
}
