//! Checks of the functions whose values user space formats (`strftime`,
//! `ntop`, `macaddr`, `buf`), of `bswap` and `strcontains`, of the unsafe
//! ones (`signal`, `system`, `cat`) and of the compile-time `sizeof` and
//! `offsetof`. What codegen needs to know is kept as a `CallInfo`.

use super::calls::plural_args;
use super::checker::{Checker, constant_int};
use crate::ast::{Expr, ExprKind, TypeName, UnaryOp};
use crate::btf_access::{self, MemberKind};
use crate::builtins::{Builtin, Function};
use crate::diag::{Diagnostic, nearest};
use crate::kernel::FieldKind;
use crate::kernel::btf::KernelType;
use crate::script::{Attach, FormatPiece, string_size};
use crate::types::Type;

/// What sema decided about a call, for codegen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallInfo {
    /// `sizeof(...)`, `offsetof(...)`: the value.
    Constant(u64),
    /// `bswap(x)`: how many low bytes of x are swapped.
    Width(u32),
    /// `ntop([af,] addr)`: where the address comes from, and the family
    /// used when no `af` is given (2, AF_INET; 10, AF_INET6).
    Ntop { source: ByteSource, family: u64 },
    /// `macaddr(addr)`: where the 6 bytes come from.
    Mac { source: ByteSource },
    /// `buf(p[, n])`: at most `size` bytes from `source`; when `clamp`, the
    /// length argument is known only at run time and is bounded by `size`.
    Buf {
        source: ByteSource,
        size: u32,
        clamp: bool,
    },
    /// `strcontains(h, n)`: the bytes of each string's slot to search.
    Contains { haystack: u32, needle: u32 },
    /// `strstr(h, n)`: as `Contains`, for the index.
    Find { haystack: u32, needle: u32 },
    /// `strlen(s)`: the bytes of the string's slot.
    Length(u32),
    /// `signal(sig)`: the signal number, when it is known at compile time.
    Signal(Option<u32>),
    /// `strftime(fmt, ns)`: the index of `fmt` in the strftime formats.
    Strftime(u32),
    /// `path(ctx->X->Y)`: the offset in the context of the pointer X, and
    /// of the `struct path` Y in what it points to.
    Path { pointer: u32, member: u32 },
    /// `cgroup_path()`: the index of its hierarchy filter among the strings
    /// user space is given (strftime's formats' table).
    CgroupPath(u32),
    /// `ppid`: where `task_struct.real_parent` and `.tgid` are.
    ParentPid { real_parent: u32, tgid: u32 },
    /// `pcomm`: where `task_struct.group_leader` and `.comm` are.
    ProcessComm { group_leader: u32, comm: u32 },
    /// `getopt("name", "default")`: the string it evaluates to (an index
    /// into the analysis's texts).
    Text(u32),
    /// `nsecs(clock)`: which clock.
    Clock(Clock),
}

/// The clocks of `nsecs(clock)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// CLOCK_MONOTONIC: suspended time left out.
    Monotonic,
    /// CLOCK_BOOTTIME, as `nsecs`: suspended time included.
    Boot,
    /// CLOCK_TAI (Linux 6.1+).
    Tai,
    /// CLOCK_MONOTONIC plus TAI's offset from it when the script compiled:
    /// TAI on kernels without the TAI helper, without its later adjustments.
    SwTai { offset_ns: u64 },
}

/// Where a function's bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteSource {
    /// An integer: the bytes of the value itself (`ntop(0x0100007f)`).
    Value,
    /// An integer: the address of the bytes (user memory in uprobes, USDT
    /// and syscall tracepoints, else kernel memory).
    Pointer,
    /// An array of `len` bytes: a tracepoint field (`args.daddr_v6`) or a
    /// kernel struct member (`p->addr`), read where it is, not as a string.
    Array { len: u32 },
    /// A string value's buffer.
    String,
}

/// Signal names as `kill -l` gives them (x86-64 numbers).
const SIGNALS: &[(&str, u32)] = &[
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("ILL", 4),
    ("TRAP", 5),
    ("ABRT", 6),
    ("IOT", 6),
    ("BUS", 7),
    ("FPE", 8),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("STKFLT", 16),
    ("CHLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("TSTP", 20),
    ("TTIN", 21),
    ("TTOU", 22),
    ("URG", 23),
    ("XCPU", 24),
    ("XFSZ", 25),
    ("VTALRM", 26),
    ("PROF", 27),
    ("WINCH", 28),
    ("IO", 29),
    ("POLL", 29),
    ("PWR", 30),
    ("SYS", 31),
];

/// `SIGTERM`, `TERM` → 15.
pub fn signal_number(name: &str) -> Option<u32> {
    let bare = name.strip_prefix("SIG").unwrap_or(name);
    SIGNALS.iter().find(|(n, _)| *n == bare).map(|(_, v)| *v)
}

/// The most bytes `buf()` reads (bpftrace's default string length).
pub const MAX_BUF: u32 = crate::script::DEFAULT_STRING_SIZE;

impl<'k> Checker<'k> {
    pub(super) fn function(
        &mut self,
        e: &Expr,
        function: Function,
        name: &str,
        args: &[Expr],
    ) -> Option<Type> {
        let usage = match function {
            Function::Strftime => "strftime(\"%H:%M:%S\", nsecs)",
            Function::CgroupPath => "cgroup_path(cgroup) or cgroup_path(cgroup, \"unified\")",
            Function::Ntop => "ntop([af,] addr): ntop(0x0100007f), ntop(args.daddr_v6)",
            Function::Macaddr => "macaddr(addr): an address or a 6-byte array",
            Function::Buf => "buf(pointer, length) or buf(array[, length])",
            Function::Bswap => "bswap(integer): bswap((uint16)0x1234)",
            Function::Strcontains => "strcontains(haystack, needle)",
            Function::Strstr => "strstr(haystack, needle)",
            Function::Strlen => "strlen(comm), strlen(str(args.filename))",
            Function::Signal => "signal(\"SIGTERM\") or signal(15)",
            Function::SignalThread => "signal_thread(\"SIGTERM\") or signal_thread(15)",
            Function::System => "system(\"echo %d\", pid)",
            Function::Cat => "cat(\"/proc/%d/status\", pid)",
            Function::Errorf => "errorf(\"bad value %d\", $v)",
            Function::Warnf => "warnf(\"odd value %d\", $v)",
            Function::Sizeof => "sizeof(struct task_struct), sizeof(uint32), sizeof(expression)",
            Function::Offsetof => "offsetof(struct task_struct, comm)",
            _ => "",
        };
        let (min, max) = match function {
            Function::Strftime | Function::Strcontains | Function::Strstr | Function::Offsetof => {
                (2, 2)
            }
            Function::Ntop | Function::Buf | Function::CgroupPath => (1, 2),
            Function::System | Function::Cat | Function::Errorf | Function::Warnf => {
                (1, usize::MAX)
            }
            _ => (1, 1),
        };
        // cat() only reads a file, as bpftrace considers it: safe.
        if matches!(
            function,
            Function::Signal | Function::SignalThread | Function::System
        ) && !self.allow_unsafe
        {
            for a in args {
                if !matches!(a.kind, ExprKind::TypeName { .. }) {
                    self.expr(a);
                }
            }
            return self.error(
                Diagnostic::error(
                    format!("{name}() is unsafe and is refused without --unsafe"),
                    e.span.clone(),
                )
                .with_label("an unsafe function")
                .with_hint(
                    "pass --unsafe to allow it: sonde --unsafe ... (signal() and system() reach outside the traced programs)",
                ),
            );
        }
        if args.len() < min || args.len() > max {
            let expected = if max == usize::MAX {
                format!("at least {}", plural_args(min, min))
            } else {
                plural_args(min, max)
            };
            return self.error(
                Diagnostic::error(
                    format!("{name}() takes {expected} but got {}", args.len()),
                    e.span.clone(),
                )
                .with_label("wrong number of arguments")
                .with_hint(format!("usage: {usage}")),
            );
        }
        let info = match function {
            Function::Strftime => self.strftime(args, usage)?,
            Function::CgroupPath => self.cgroup_path(args, usage)?,
            Function::System | Function::Cat | Function::Errorf | Function::Warnf => {
                if let Some((inner, kinds)) = self.format_call(e, args, name) {
                    let piece = match function {
                        Function::System => FormatPiece::System(inner),
                        Function::Cat => FormatPiece::Cat(inner),
                        _ => FormatPiece::Diagnostic {
                            level: if function == Function::Errorf {
                                "ERROR"
                            } else {
                                "WARNING"
                            }
                            .to_string(),
                            location: String::new(),
                            span: (e.span.start, e.span.end),
                            inner,
                        },
                    };
                    self.register_printf(e, vec![piece], kinds);
                }
                return Some(Type::Void);
            }
            Function::Ntop => self.ntop(args, usage)?,
            Function::Macaddr => self.macaddr(&args[0], usage)?,
            Function::Buf => self.buf(e, args, usage)?,
            Function::Bswap => {
                self.integer_argument(&args[0], name, usage)?;
                CallInfo::Width(self.int_width(&args[0]))
            }
            Function::Strcontains | Function::Strstr => {
                let (h, n) = (
                    self.string_argument(&args[0], name, usage),
                    self.string_argument(&args[1], name, usage),
                );
                h?;
                n?;
                let (haystack, needle) = (self.str_size(&args[0]), self.str_size(&args[1]));
                if function == Function::Strstr {
                    CallInfo::Find { haystack, needle }
                } else {
                    CallInfo::Contains { haystack, needle }
                }
            }
            Function::Strlen => {
                self.string_argument(&args[0], name, usage)?;
                CallInfo::Length(self.str_size(&args[0]))
            }
            Function::Signal | Function::SignalThread => self.signal(e, name, &args[0], usage)?,
            Function::Sizeof => CallInfo::Constant(u64::from(self.size_of(&args[0])?)),
            Function::Offsetof => self.offset_of(&args[0], &args[1], usage)?,
            _ => return None,
        };
        self.note_call(e, info);
        Some(match info {
            CallInfo::Ntop { .. } => Type::Inet,
            CallInfo::Mac { .. } => Type::MacAddr,
            CallInfo::Buf { size, .. } => Type::Buffer(size),
            CallInfo::Signal(_) => Type::Void,
            CallInfo::Strftime(_) => Type::Timestamp,
            CallInfo::CgroupPath(_) => Type::CgroupPath,
            // As current bpftrace: `bool strcontains(haystack, needle)`.
            CallInfo::Contains { .. } => Type::Bool,
            // `int64 strstr(...)`: -1 when the needle is not there.
            CallInfo::Find { .. } => Type::Int { signed: true },
            CallInfo::Text(_) | CallInfo::ProcessComm { .. } | CallInfo::Path { .. } => Type::Str,
            CallInfo::Constant(_)
            | CallInfo::Width(_)
            | CallInfo::Length(_)
            | CallInfo::ParentPid { .. }
            | CallInfo::Clock(_) => Type::Int { signed: false },
        })
    }

    /// A string argument, or a diagnostic naming the function.
    fn string_argument(&mut self, a: &Expr, name: &str, usage: &str) -> Option<Type> {
        let t = self.value_expr(a)?;
        if t == Type::Str {
            return Some(t);
        }
        self.error(
            Diagnostic::error(
                format!(
                    "{name}() takes a string, this is {}",
                    t.describe_with_article()
                ),
                a.span.clone(),
            )
            .with_label("not a string")
            .with_hint(format!("usage: {usage}")),
        )
    }

    /// An integer argument, or a diagnostic naming the function.
    fn integer_argument(&mut self, a: &Expr, name: &str, usage: &str) -> Option<Type> {
        let t = self.expr(a)?;
        if t.is_int() {
            return Some(t);
        }
        self.error(
            Diagnostic::error(
                format!(
                    "{name}() takes an integer here, this is {}",
                    t.describe_with_article()
                ),
                a.span.clone(),
            )
            .with_label("not an integer")
            .with_hint(format!("usage: {usage}")),
        )
    }

    /// `strftime(FORMAT, ns)`: a timestamp whose format user space applies.
    fn strftime(&mut self, args: &[Expr], usage: &str) -> Option<CallInfo> {
        let format =
            self.string_literal(&args[0], "strftime()'s format", &format!("usage: {usage}"));
        let t = self.integer_argument(&args[1], "strftime", usage);
        let format = format?;
        t?;
        Some(CallInfo::Strftime(self.user_string(format)))
    }

    /// The index of `text` in the table of strings user space is given
    /// (strftime formats, cgroup_path filters), added once.
    fn user_string(&mut self, text: String) -> u32 {
        let id = match self.formats.iter().position(|f| *f == text) {
            Some(i) => i,
            None => {
                self.formats.push(text);
                self.formats.len() - 1
            }
        };
        u32::try_from(id).unwrap_or(u32::MAX)
    }

    /// `cgroup_path(id[, filter])`: the hierarchies whose names match the
    /// filter (a glob; cgroup v2 is "unified"), all without one.
    fn cgroup_path(&mut self, args: &[Expr], usage: &str) -> Option<CallInfo> {
        let id = self.integer_argument(&args[0], "cgroup_path", usage);
        let filter = match args.get(1) {
            Some(f) => {
                self.string_literal(f, "cgroup_path()'s filter", &format!("usage: {usage}"))?
            }
            None => "*".to_string(),
        };
        id?;
        Some(CallInfo::CgroupPath(self.user_string(filter)))
    }

    /// `ntop([af,] addr)`: an integer is an IPv4 address in its low 4 bytes
    /// (network order in memory); a 4- or 16-byte array is IPv4 or IPv6.
    fn ntop(&mut self, args: &[Expr], usage: &str) -> Option<CallInfo> {
        let (family, addr) = match args {
            [family, addr] => (Some(family), addr),
            [addr] => (None, addr),
            _ => return None,
        };
        let family_ok = match family {
            Some(f) => self.integer_argument(f, "ntop", usage).is_some(),
            None => true,
        };
        let (source, family) = match self.byte_array(addr) {
            Some(len @ (4 | 16)) => (ByteSource::Array { len }, if len == 4 { 2 } else { 10 }),
            Some(len) => {
                return self.fail(
                    Diagnostic::error(
                        format!("ntop() takes a 4- or 16-byte address; this array has {len} bytes"),
                        addr.span.clone(),
                    )
                    .with_label("not an IPv4 or IPv6 address")
                    .with_hint(format!("usage: {usage}")),
                );
            }
            None => {
                self.expect_int(
                    addr,
                    "ntop() takes an integer or a 4- or 16-byte array",
                    "not an address",
                    usage,
                )?;
                (ByteSource::Value, 2)
            }
        };
        family_ok.then_some(CallInfo::Ntop { source, family })
    }

    /// `macaddr(addr)`: 6 bytes from an array, or from memory at an address.
    fn macaddr(&mut self, addr: &Expr, usage: &str) -> Option<CallInfo> {
        let source = match self.byte_array(addr) {
            Some(len) if len >= 6 => ByteSource::Array { len: 6 },
            Some(len) => {
                return self.fail(
                    Diagnostic::error(
                        format!("macaddr() needs 6 bytes; this array has {len}"),
                        addr.span.clone(),
                    )
                    .with_label("too short for a MAC address"),
                );
            }
            None => {
                self.expect_int(
                    addr,
                    "macaddr() takes an address or a 6-byte array",
                    "not an address",
                    usage,
                )?;
                ByteSource::Pointer
            }
        };
        Some(CallInfo::Mac { source })
    }

    /// `buf(p, n)` / `buf(array[, n])`: up to `MAX_BUF` bytes, printed by
    /// `%r`. A literal n sizes the buffer; any other n is bounded at run time.
    fn buf(&mut self, e: &Expr, args: &[Expr], usage: &str) -> Option<CallInfo> {
        let data = &args[0];
        let (source, max) = match self.byte_array(data) {
            Some(len) => (ByteSource::Array { len }, len.min(MAX_BUF)),
            None => match self.expr(data)? {
                t if t.is_int() => (ByteSource::Pointer, MAX_BUF),
                Type::Str => (ByteSource::String, MAX_BUF),
                t => {
                    return self.fail(
                        Diagnostic::error(
                            format!(
                                "buf() reads from an address or an array, this is {}",
                                t.describe_with_article()
                            ),
                            data.span.clone(),
                        )
                        .with_label("not an address")
                        .with_hint(format!("usage: {usage}")),
                    );
                }
            },
        };
        let Some(length) = args.get(1) else {
            if let ByteSource::Array { .. } = source {
                return Some(CallInfo::Buf {
                    source,
                    size: max,
                    clamp: false,
                });
            }
            return self.fail(
                Diagnostic::error("buf() needs a length here", e.span.clone())
                    .with_label("how many bytes?")
                    .with_hint("only arrays have a length of their own: buf(arg0, 16)"),
            );
        };
        self.integer_argument(length, "buf", usage)?;
        let Some(n) = constant_int(length) else {
            return Some(CallInfo::Buf {
                source,
                size: max,
                clamp: true,
            });
        };
        if n < 0 {
            return self.fail(
                Diagnostic::error("buf()'s length cannot be negative", length.span.clone())
                    .with_label("negative"),
            );
        }
        let size = match u32::try_from(n) {
            Ok(n) if n <= max => n,
            _ => {
                if self.strict {
                    self.warnings.push(
                        Diagnostic::warning(
                            format!("buf() reads at most {max} bytes here: the length is shortened to {max}"),
                            length.span.clone(),
                        )
                        .with_label("longer than the buffer"),
                    );
                }
                max
            }
        };
        Some(CallInfo::Buf {
            source,
            size,
            clamp: false,
        })
    }

    /// `signal(SIG)`: a name (`"SIGKILL"`, `"KILL"`), a number from 1 to
    /// 64, or an integer expression; not in probes that fire outside a
    /// traced process.
    fn signal(&mut self, e: &Expr, name: &str, sig: &Expr, usage: &str) -> Option<CallInfo> {
        let probe = &self.probes[self.current];
        if let Some(a) = probe
            .attaches
            .iter()
            .find(|a| a.is_special() || matches!(a, Attach::Interval { .. }))
        {
            let a = a.name();
            return self.fail(
                Diagnostic::error(format!("{name}() cannot be used in {a}"), e.span.clone())
                    .with_label("no traced process to signal here")
                    .with_hint("signal() signals the process a probe fires in: use it in tracepoints, kprobes, uprobes, USDT or profile probes"),
            );
        }
        let number = match &sig.kind {
            ExprKind::Str(bytes) => {
                let name = String::from_utf8_lossy(bytes).into_owned();
                match signal_number(&name) {
                    Some(n) => Some(n),
                    None => {
                        let mut d = Diagnostic::error(
                            format!("'{name}' is not a signal name"),
                            sig.span.clone(),
                        )
                        .with_label("unknown signal");
                        let names: Vec<String> =
                            SIGNALS.iter().map(|(n, _)| format!("SIG{n}")).collect();
                        if let Some(n) = nearest(&name, names.iter().map(String::as_str)) {
                            d = d.with_hint(format!("did you mean '{n}'?"));
                        }
                        return self.fail(d.with_hint(format!("usage: {usage}")));
                    }
                }
            }
            _ => {
                let t = self.expr(sig)?;
                if t == Type::Str {
                    return self.fail(
                        Diagnostic::error(
                            "signal()'s name must be a string literal",
                            sig.span.clone(),
                        )
                        .with_label("not a literal")
                        .with_hint(format!("usage: {usage}")),
                    );
                }
                self.integer_argument(sig, "signal", usage)?;
                match constant_int(sig) {
                    Some(n @ 1..=64) => Some(n as u32),
                    Some(n) => {
                        return self.fail(
                            Diagnostic::error(
                                format!("{n} is not a signal number"),
                                sig.span.clone(),
                            )
                            .with_label("signals are 1 to 64"),
                        );
                    }
                    None => None,
                }
            }
        };
        Some(CallInfo::Signal(number))
    }

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
            ExprKind::Field { base, field, .. } if matches!(&base.kind, ExprKind::Builtin(b) if b == "args") =>
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
            ExprKind::Field { .. } => {
                match self.analysis.members.get(&(e.span.start, e.span.end)) {
                    Some(read) => match read.kind {
                        MemberKind::Int { size, .. } => size,
                        _ => 8,
                    },
                    None => 8,
                }
            }
            ExprKind::Call { name, .. } if name == "bswap" => {
                match self.analysis.calls.get(&(e.span.start, e.span.end)) {
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
    fn byte_array(&mut self, e: &Expr) -> Option<u32> {
        let ExprKind::Field { base, field, .. } = &e.kind else {
            return None;
        };
        if matches!(&base.kind, ExprKind::Builtin(b) if b == "args") {
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
        match self.analysis.members.get(&(e.span.start, e.span.end))?.kind {
            MemberKind::CharArray { len } => Some(len),
            _ => None,
        }
    }

    /// `sizeof(TYPE)` or `sizeof(expression)` (not evaluated).
    fn size_of(&mut self, arg: &Expr) -> Option<u32> {
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
            ExprKind::Builtin(name)
                if Builtin::from_name(name).is_none() && !Builtin::is_planned(name) =>
            {
                self.named_type_size(name, arg)
            }
            _ => {
                let t = self.expr(arg)?;
                let size = match t {
                    Type::Int { .. } => self.int_width(arg),
                    Type::Bool => 1,
                    Type::KernelPtr(_)
                    | Type::UserPtr(_)
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
        super::checker::tuple_layout(&self.tuples, &self.formats, t).map_or(8, |k| k.slot_size())
    }

    /// A string's size as declared: a literal's bytes and NUL, `comm`'s 16,
    /// a `char[N]` field's N; other strings take `string_size()`.
    fn string_bytes(&self, e: &Expr) -> u32 {
        match &e.kind {
            ExprKind::Str(bytes) => bytes.len() as u32 + 1,
            ExprKind::Builtin(b) if b == "comm" || b == "pcomm" => 16,
            ExprKind::Field { base, field, .. } if matches!(&base.kind, ExprKind::Builtin(b) if b == "args") =>
            {
                let probe = &self.probes[self.current];
                probe
                    .formats
                    .iter()
                    .flatten()
                    .filter_map(|f| f.field(field))
                    .find(|f| f.kind == FieldKind::CharArray)
                    .map_or(string_size(), |f| f.size)
            }
            ExprKind::Field { .. } => {
                match self.analysis.members.get(&(e.span.start, e.span.end)) {
                    Some(read) => match read.kind {
                        MemberKind::CharArray { len } => len,
                        _ => string_size(),
                    },
                    None => string_size(),
                }
            }
            _ => string_size(),
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
    fn offset_of(&mut self, record: &Expr, path: &Expr, usage: &str) -> Option<CallInfo> {
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

/// `a.b.c` written as an expression → the member names with their spans.
fn member_path(e: &Expr) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    match &e.kind {
        ExprKind::Builtin(name) => Some(vec![(name.clone(), e.span.clone())]),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_names_with_and_without_sig() {
        assert_eq!(signal_number("SIGTERM"), Some(15));
        assert_eq!(signal_number("KILL"), Some(9));
        assert_eq!(signal_number("SIGUSR1"), Some(10));
        assert_eq!(signal_number("sigterm"), None);
        assert_eq!(signal_number("SIGFOO"), None);
    }
}
