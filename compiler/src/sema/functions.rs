//! Checks of the functions whose values user space formats (`strftime`,
//! `ntop`, `macaddr`, `buf`), of `bswap` and `strcontains`, and of the unsafe
//! ones (`signal`, `system`, `cat`); `sizes.rs` has the compile-time `sizeof`
//! and `offsetof`. What codegen needs to know is kept as a `CallInfo`.

use super::checker::{Checker, constant_int};
use crate::ast::{Expr, ExprKind};
use crate::builtins::Function;
use crate::diag::{Diagnostic, nearest};
use crate::script::FormatPiece;
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
    /// `str_concat(a, b)`: the bytes of each string's slot.
    Concat { first: u32, second: u32 },
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
    /// `ppid`, `leader_tid`: `curtask->P->M`, a 4-byte id, where `P`
    /// (`real_parent`, `group_leader`) and `M` (`tgid`, `pid`) are in
    /// `task_struct`.
    TaskPid { pointer: u32, member: u32 },
    /// `pcomm` (`real_parent`), `leader_comm` (`group_leader`): the `comm`
    /// of `curtask->P`, as `TaskPid`.
    TaskComm { pointer: u32, member: u32 },
    /// `getopt("name", "default")`: the string it evaluates to (an index
    /// into the analysis's texts).
    Text(u32),
    /// `percpu_kaddr("name"[, cpu])`: the variable's offset in the per-CPU
    /// area, the address of `__per_cpu_offset` (each CPU's area), and the
    /// number of possible CPUs (a larger `cpu` gives 0).
    PerCpu {
        symbol: u64,
        offsets: u64,
        cpus: u32,
    },
    /// `(typeof(x))v` to an integer type: the bits kept and how they extend.
    Cast { bits: u8, signed: bool },
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
    /// An integer array Sonde holds (`pton()`, `(uint8[4])x`): `len` bytes.
    Held { len: u32 },
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
    /// Records what sema decided of call `e` for codegen. The call's type
    /// is its declaration's (`builtins`), except where the decision gives
    /// it (a buffer's size).
    pub(super) fn noted(&mut self, e: &Expr, info: Option<CallInfo>) -> Option<Type> {
        let info = info?;
        self.note_call(e, info);
        Some(match info {
            CallInfo::Buf { size, .. } => Type::Buffer(size),
            _ => Type::Void,
        })
    }

    /// `system(fmt, ...)`, `cat(fmt, ...)`, `errorf(fmt, ...)`,
    /// `warnf(fmt, ...)`: records formatted in user space.
    pub(super) fn format_function(
        &mut self,
        e: &Expr,
        function: Function,
        name: &str,
        args: &[Expr],
    ) -> Option<Type> {
        let (inner, kinds) = self.format_call(e, args, name)?;
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
        Some(Type::Void)
    }

    /// `bswap(x)`: how many low bytes of x are swapped.
    pub(super) fn bswap(&mut self, e: &Expr, x: &Expr, name: &str, usage: &str) -> Option<Type> {
        self.integer_argument(x, name, usage)?;
        let info = CallInfo::Width(self.int_width(x));
        self.noted(e, Some(info))
    }

    /// `strcontains(h, n)` and `strstr(h, n)`: the bytes of each string to search.
    pub(super) fn string_search(
        &mut self,
        e: &Expr,
        function: Function,
        name: &str,
        args: &[Expr],
        usage: &str,
    ) -> Option<Type> {
        let (h, n) = (
            self.string_argument(&args[0], name, usage),
            self.string_argument(&args[1], name, usage),
        );
        h?;
        n?;
        let (haystack, needle) = (self.str_size(&args[0]), self.str_size(&args[1]));
        let info = if function == Function::Strstr {
            CallInfo::Find { haystack, needle }
        } else {
            CallInfo::Contains { haystack, needle }
        };
        self.noted(e, Some(info))
    }

    /// `str_concat(a, b)`: two strings, and the bytes each can hold.
    pub(super) fn str_concat(
        &mut self,
        e: &Expr,
        args: &[Expr],
        name: &str,
        usage: &str,
    ) -> Option<Type> {
        let (a, b) = (
            self.string_argument(&args[0], name, usage),
            self.string_argument(&args[1], name, usage),
        );
        a?;
        b?;
        let info = CallInfo::Concat {
            first: self.str_size(&args[0]),
            second: self.str_size(&args[1]),
        };
        self.noted(e, Some(info))
    }

    /// `strcap(s)`: what the string's type holds, NUL included: a
    /// literal's bytes and its NUL, `comm`'s 16, else the string's slot.
    pub(super) fn strcap(&mut self, e: &Expr, s: &Expr, name: &str, usage: &str) -> Option<Type> {
        self.string_argument(s, name, usage)?;
        let capacity = match &s.kind {
            ExprKind::Str(bytes) => bytes.len() as u64 + 1,
            _ => u64::from(self.str_size(s)),
        };
        self.noted(e, Some(CallInfo::Constant(capacity)))
    }

    /// `strlen(s)`: the bytes of the string's slot.
    pub(super) fn strlen(&mut self, e: &Expr, s: &Expr, name: &str, usage: &str) -> Option<Type> {
        self.string_argument(s, name, usage)?;
        let info = CallInfo::Length(self.str_size(s));
        self.noted(e, Some(info))
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
    pub(super) fn integer_argument(&mut self, a: &Expr, name: &str, usage: &str) -> Option<Type> {
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
    pub(super) fn strftime(&mut self, args: &[Expr], usage: &str) -> Option<CallInfo> {
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
    pub(super) fn cgroup_path(&mut self, args: &[Expr], usage: &str) -> Option<CallInfo> {
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
    pub(super) fn ntop(&mut self, args: &[Expr], usage: &str) -> Option<CallInfo> {
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
            None => match self.expr(addr)? {
                Type::IntArray(array) if matches!(array.size(), 4 | 16) => {
                    let len = array.size() as u32;
                    (ByteSource::Held { len }, if len == 4 { 2 } else { 10 })
                }
                t if t.is_int() => (ByteSource::Value, 2),
                t => {
                    return self.fail(
                        Diagnostic::error(
                            format!(
                                "ntop() takes an integer or a 4- or 16-byte array, this is {}",
                                t.describe_with_article()
                            ),
                            addr.span.clone(),
                        )
                        .with_label("not an address")
                        .with_hint(format!("usage: {usage}")),
                    );
                }
            },
        };
        family_ok.then_some(CallInfo::Ntop { source, family })
    }

    /// `macaddr(addr)`: 6 bytes from an array, or from memory at an address.
    pub(super) fn macaddr(&mut self, addr: &Expr, usage: &str) -> Option<CallInfo> {
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
    pub(super) fn buf(&mut self, e: &Expr, args: &[Expr], usage: &str) -> Option<CallInfo> {
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
                self.warn(
                    Diagnostic::warning(
                        format!(
                            "buf() reads at most {max} bytes here: the length is shortened to {max}"
                        ),
                        length.span.clone(),
                    )
                    .with_label("longer than the buffer"),
                );
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
    /// 64, or an integer expression (the declaration keeps it out of probes
    /// that fire outside a traced process).
    /// `__builtin_signal_num("NAME")`: the number of a signal name (with or
    /// without `SIG`), a constant.
    pub(super) fn signal_num(&mut self, e: &Expr, name: &Expr, usage: &str) -> Option<Type> {
        let text = self.string_literal(
            name,
            "__builtin_signal_num()'s name",
            &format!("usage: {usage}"),
        )?;
        let Some(n) = signal_number(&text) else {
            return self.fail(
                Diagnostic::error(
                    format!("invalid string for signal: {text}"),
                    name.span.clone(),
                )
                .with_label("unknown signal")
                .with_hint(format!("usage: {usage}")),
            );
        };
        self.note_call(e, CallInfo::Constant(u64::from(n)));
        Some(Type::Int { signed: false })
    }

    pub(super) fn signal(&mut self, sig: &Expr, usage: &str) -> Option<CallInfo> {
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
