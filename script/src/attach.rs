//! Programs and where each attaches: the probe kinds the runtime knows how
//! to attach, with the names bpftrace gives them.

use crate::signals::self_signal_name;

#[derive(Debug, Clone)]
pub struct ProgramSpec {
    /// The function symbol in the object (and the program name in the kernel).
    pub function: String,
    /// Where to attach this program; one program may serve several attach points.
    pub attach: Vec<Attach>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attach {
    /// Run once before the other probes are attached.
    Begin,
    /// Run once at exit, before maps are printed.
    End,
    /// `self:signal:SIGUSR1`: run each time Sonde receives the signal.
    SelfSignal {
        signal: i32,
    },
    Tracepoint {
        category: String,
        name: String,
    },
    /// An fentry (or, with `ret`, fexit) program on a kernel function, with
    /// its arguments typed and named from BTF. `for_kprobe`: a kprobe the
    /// script asked for, run as fentry because the kernel has no kprobes.
    Fentry {
        function: String,
        ret: bool,
        for_kprobe: bool,
    },
    /// A raw tracepoint with typed arguments from BTF (loaded as `tp_btf`).
    RawTracepoint {
        name: String,
    },
    /// A BPF iterator (`iter:task`): run over every object when the
    /// runtime reads it, after BEGIN; then the run ends.
    Iter {
        target: String,
    },
    /// A timer on one CPU, every `period_ns` nanoseconds.
    Interval {
        period_ns: u64,
        /// `UNIT:N` as the script wrote it (`hz:4`), for the probe's name.
        written: String,
    },
    /// A kprobe (or, with `ret`, a kretprobe) on a kernel function.
    Kprobe {
        function: String,
        offset: u64,
        ret: bool,
    },
    /// A uprobe (or uretprobe) in `path`: at `symbol` + `offset`, or at file
    /// offset `offset` when there is no symbol.
    Uprobe {
        path: String,
        symbol: Option<String>,
        offset: u64,
        ret: bool,
    },
    /// A USDT probe: a uprobe at file offset `offset` of `path`, with the
    /// semaphore (a file offset) the kernel counts attachments in, if any.
    /// `arguments` say where each `argN` is when the probe fires.
    Usdt {
        path: String,
        provider: String,
        name: String,
        offset: u64,
        semaphore: Option<u64>,
        arguments: Vec<UsdtArgument>,
    },
    /// A timer on every CPU.
    Profile {
        rate: Rate,
    },
    /// A software perf event (bpftrace's name, e.g. `page-faults`), every `count`.
    Software {
        event: String,
        count: u64,
    },
    /// A hardware perf event (e.g. `cpu-cycles`), every `count`.
    Hardware {
        event: String,
        count: u64,
    },
}

/// Where a USDT argument is when the probe fires, from its spec (`-4@%eax`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsdtArgument {
    /// 1, 2, 4 or 8 bytes.
    pub size: u8,
    pub signed: bool,
    pub location: UsdtLocation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsdtLocation {
    /// In a register, at this byte offset of `pt_regs`.
    Register {
        pt_regs_offset: u32,
    },
    /// In user memory at register + displacement.
    Memory {
        pt_regs_offset: u32,
        displacement: i64,
    },
    Constant(i64),
    /// A form Sonde cannot read (`sym(%rip)`, indexed); an error only if used.
    Unsupported {
        spec: String,
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    Hz(u64),
    PeriodNs(u64),
}

impl Attach {
    /// Sonde's own events (BEGIN, END, self:signal), which Sonde runs rather
    /// than the kernel attaching them.
    pub fn is_special(&self) -> bool {
        matches!(
            self,
            Attach::Begin | Attach::End | Attach::SelfSignal { .. }
        )
    }

    /// The probe's kind, as bpftrace's `probetype` names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Attach::Begin | Attach::End | Attach::SelfSignal { .. } => "special",
            Attach::Tracepoint { .. } => "tracepoint",
            Attach::RawTracepoint { .. } => "rawtracepoint",
            Attach::Iter { .. } => "iter",
            Attach::Fentry { ret: false, .. } => "fentry",
            Attach::Fentry { ret: true, .. } => "fexit",
            Attach::Interval { .. } => "interval",
            Attach::Kprobe { ret: false, .. } => "kprobe",
            Attach::Kprobe { ret: true, .. } => "kretprobe",
            Attach::Uprobe { ret: false, .. } => "uprobe",
            Attach::Uprobe { ret: true, .. } => "uretprobe",
            Attach::Usdt { .. } => "usdt",
            Attach::Profile { .. } => "profile",
            Attach::Software { .. } => "software",
            Attach::Hardware { .. } => "hardware",
        }
    }

    /// The canonical probe name, as the `probe` builtin and messages show it.
    pub fn name(&self) -> String {
        match self {
            Attach::Begin => "BEGIN".to_string(),
            Attach::End => "END".to_string(),
            Attach::SelfSignal { signal } => {
                format!("self:signal:{}", self_signal_name(*signal))
            }
            Attach::Tracepoint { category, name } => format!("tracepoint:{category}:{name}"),
            Attach::RawTracepoint { name } => format!("rawtracepoint:{name}"),
            Attach::Iter { target } => format!("iter:{target}"),
            Attach::Fentry {
                function,
                ret,
                for_kprobe,
            } => {
                let kind = match (ret, for_kprobe) {
                    (false, false) => "fentry",
                    (true, false) => "fexit",
                    (false, true) => "kprobe",
                    (true, true) => "kretprobe",
                };
                format!("{kind}:{function}")
            }
            Attach::Interval { written, .. } => format!("interval:{written}"),
            Attach::Profile { rate: Rate::Hz(hz) } => format!("profile:hz:{hz}"),
            Attach::Profile {
                rate: Rate::PeriodNs(ns),
            } => interval_name(*ns).replacen("interval", "profile", 1),
            Attach::Software { event, count } => format!("software:{event}:{count}"),
            Attach::Uprobe {
                path,
                symbol,
                offset,
                ret,
            } => {
                let kind = if *ret { "uretprobe" } else { "uprobe" };
                match (symbol, offset) {
                    (Some(s), 0) => format!("{kind}:{path}:{s}"),
                    (Some(s), off) => format!("{kind}:{path}:{s}+{off}"),
                    (None, off) => format!("{kind}:{path}:{off:#x}"),
                }
            }
            Attach::Usdt {
                path,
                provider,
                name,
                ..
            } => format!("usdt:{path}:{provider}:{name}"),
            Attach::Kprobe {
                function,
                offset,
                ret,
            } => match (ret, offset) {
                (true, _) => format!("kretprobe:{function}"),
                (false, 0) => format!("kprobe:{function}"),
                (false, off) => format!("kprobe:{function}+{off}"),
            },
            Attach::Hardware { event, count } => format!("hardware:{event}:{count}"),
        }
    }
}

fn interval_name(period_ns: u64) -> String {
    for (unit, ns) in [("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000)] {
        if period_ns.is_multiple_of(ns) {
            return format!("interval:{unit}:{}", period_ns / ns);
        }
    }
    format!("interval:ns:{period_ns}")
}
