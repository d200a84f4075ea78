//! `CompiledScript`: the one contract between the compiler and the runtime.
//! Plain data only: the runtime never sees the AST, the compiler never sees a
//! file descriptor.

/// Record ids at the head of every perf output record. Printf call sites use
/// their index in `CompiledScript::printfs`; the ids below are reserved.
pub const RECORD_EXIT: u64 = u64::MAX;
/// `[RECORD_MAP_OP, MapOp, map index, top, div]`: clear/zero/print a map now.
pub const RECORD_MAP_OP: u64 = u64::MAX - 1;

/// What a `RECORD_MAP_OP` record asks user space to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum MapOp {
    Clear = 0,
    Zero = 1,
    Print = 2,
}

impl MapOp {
    pub fn from_u64(v: u64) -> Option<MapOp> {
        [MapOp::Clear, MapOp::Zero, MapOp::Print]
            .into_iter()
            .find(|op| *op as u64 == v)
    }
}

/// The most bytes a string value (map keys and values, printf arguments,
/// `str()`) occupies, NUL included, unless `max_strlen` says otherwise:
/// bpftrace 0.17's default.
pub const DEFAULT_STRING_SIZE: u32 = 64;
/// The largest `max_strlen` Sonde takes (current bpftrace's default). Strings
/// live in the per-CPU scratch area, never on the 512-byte BPF stack.
pub const MAX_STRING_SIZE: u32 = 1024;

thread_local! {
    static STRING_SIZE_NOW: std::cell::Cell<u32> = const { std::cell::Cell::new(DEFAULT_STRING_SIZE) };
}

/// The string size of the script being compiled on this thread (the
/// compiler compiles a script on one thread, and sets it from `max_strlen`
/// before its semantic pass; see `lib.rs`).
pub fn string_size() -> u32 {
    STRING_SIZE_NOW.with(std::cell::Cell::get)
}

/// Sets `string_size()` for this thread: a multiple of 8, at least 8.
pub fn set_string_size(bytes: u32) {
    STRING_SIZE_NOW.with(|s| s.set(bytes.clamp(8, MAX_STRING_SIZE).next_multiple_of(8)));
}

/// Name of the BPF ring buffer that carries printf, exit and map-operation
/// records. A ring buffer rather than a perf event array: it wakes the reader
/// only when the reader has caught up, where aya's perf buffers wake it on
/// every record, which cost the traced program about a microsecond a record.
pub const EVENTS_MAP: &str = "sonde_events";
/// The ring buffer's size when the runtime does not set one.
pub const DEFAULT_EVENTS_BYTES: u32 = 1 << 20;
/// Per-CPU scratch space for a program's strings and map keys: the BPF stack
/// is 512 bytes, eight strings.
pub const STRINGS_MAP: &str = "sonde_strings";
/// Counters in `.data` (which aya loads as the one-entry array map `.data`):
/// u64 slot `COUNTER_ONE` holds the constant 1 (the first value of a count,
/// hist or lhist insert: its address shares the counters' base register),
/// slot `COUNTER_LOST` counts records the full ring buffer refused, slot
/// `COUNTER_FAILED_UPDATES + i` sums the negated errors of the updates
/// script map i refused (adding the helper's result as it is saves the
/// instruction that would turn it into 1; a full map's error is always
/// `-UPDATE_FULL_ERROR`, so the runtime divides), then one slot per stack
/// map (`CompiledScript::stack_maps`): stacks it could not store.
pub const COUNTERS_GLOBAL: &str = "sonde_counters";
pub const COUNTER_ONE: usize = 0;
pub const COUNTER_LOST: usize = 1;
pub const COUNTER_FAILED_UPDATES: usize = 2;
/// E2BIG: what `bpf_map_update_elem` returns, negated, when a hash map is full.
pub const UPDATE_FULL_ERROR: u64 = 7;
pub const COUNTERS_MAP: &str = ".data";
/// A one-slot array of run-time values the runtime writes before attaching.
pub const VARS_MAP: &str = "sonde_vars";
/// Slot index in `VARS_MAP`: the start time (`bpf_ktime_get_ns`) for `elapsed`.
pub const VAR_START_NS: u32 = 0;
/// Slot index in `VARS_MAP`: the pid of the `-c` command, for `cpid`.
pub const VAR_CPID: u32 = 1;
/// Slots in `VARS_MAP`.
pub const VARS: u32 = 2;

/// A per-CPU scratch array (one value of the deepest stack's bytes) that
/// `bpf_get_stack` fills before the frames are hashed and stored.
pub const STACK_SCRATCH_MAP: &str = "sonde_stkbuf";
/// Frames `kstack` and `ustack` keep when no limit is given (bpftrace's default).
pub const DEFAULT_STACK_LIMIT: u32 = 127;
/// The largest limit `kstack(N)` / `ustack(N)` accepts (bpftrace's).
pub const MAX_STACK_LIMIT: u32 = 1024;
/// `bpf_get_stack` / `bpf_get_stackid` flag: the user stack, not the kernel's.
pub const BPF_F_USER_STACK: u64 = 1 << 8;

/// How a stack prints (bpftrace's `stack_mode`): `bpftrace` (`func+off` lines),
/// `perf` (`\tADDR func+off (module)`), or `raw` (addresses only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum StackMode {
    #[default]
    Bpftrace,
    Perf,
    Raw,
}

impl StackMode {
    pub const NAMES: [&'static str; 3] = ["bpftrace", "perf", "raw"];

    pub fn from_name(name: &str) -> Option<StackMode> {
        match name {
            "bpftrace" => Some(StackMode::Bpftrace),
            "perf" => Some(StackMode::Perf),
            "raw" => Some(StackMode::Raw),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            StackMode::Bpftrace => "bpftrace",
            StackMode::Perf => "perf",
            StackMode::Raw => "raw",
        }
    }
}

/// A `kstack` or `ustack` value's type: whose stack, how it prints, how many
/// frames it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StackType {
    pub user: bool,
    pub mode: StackMode,
    pub limit: u32,
}

impl StackType {
    pub fn name(self) -> &'static str {
        if self.user { "ustack" } else { "kstack" }
    }
}

/// A map holding the frames of the stacks a script records with one limit:
/// key the stack's 64-bit hash (the first word of its slot), value `limit`
/// addresses, zero after the last frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackMapSpec {
    pub bpf_name: String,
    pub limit: u32,
    pub max_entries: u32,
}

impl StackMapSpec {
    pub fn value_size(&self) -> u32 {
        self.limit * 8
    }
}

/// What to do with a probe that does not exist or cannot be attached
/// (bpftrace's `missing_probes` config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingProbes {
    #[default]
    Error,
    Warn,
    Ignore,
}

#[derive(Debug, Clone)]
pub struct CompiledScript {
    /// A BPF ELF object holding every program and map.
    pub object: Vec<u8>,
    pub programs: Vec<ProgramSpec>,
    /// The script's own maps (`@name`), in the order they are printed.
    pub maps: Vec<MapSpec>,
    /// Printf call sites, indexed by record id.
    pub printfs: Vec<PrintfSpec>,
    pub missing_probes: MissingProbes,
    /// Ring buffer pages per CPU, when the script's config sets them.
    pub ring_pages: Option<u32>,
    /// `-p PID`: uprobes attach in this process only.
    pub pid: Option<u32>,
    /// Warnings from compiling (probes skipped under `missing_probes = "warn"`).
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// Where `kstack`/`ustack` frames are kept, one map per limit. Their
    /// failed-update counters follow the script maps' in `.data`.
    pub stack_maps: Vec<StackMapSpec>,
    /// Maps are printed at exit (`print_maps_on_exit`).
    pub print_maps_on_exit: bool,
    /// The most bytes `cat()` prints of a file (`max_cat_bytes`).
    pub max_cat_bytes: u64,
}

impl CompiledScript {
    /// How many attach operations running this script makes (`Attached N probes`).
    pub fn attach_count(&self) -> usize {
        self.programs.iter().map(|p| p.attach.len()).sum()
    }
}

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
                format!("self:signal:{}", crate::probes::self_signal_name(*signal))
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

/// One of the script's maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSpec {
    /// The name in the BPF object.
    pub bpf_name: String,
    /// The name the user wrote, with `@` (`@n`, or `@` for the anonymous map).
    pub name: String,
    /// Key fields in order, each 8-byte aligned (but see `key32`); empty
    /// for a scalar map.
    pub keys: Vec<ValueKind>,
    pub value: ValueKind,
    pub kind: MapKind,
    pub max_entries: u32,
    /// Set by a declaration (`let @m = lruhash(100);`): the BPF map kind.
    pub declared: Option<MapStorage>,
    /// The one key is an unsigned integer of at most 32 bits everywhere it
    /// is written (`@[tid]`): it is kept in 4 bytes, not an 8-byte slot.
    pub key32: bool,
}

/// The BPF map a declaration asks for: `hash`, `lruhash`, `percpuhash`,
/// `percpulruhash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapStorage {
    /// Full, it evicts the least recently used entries instead of refusing.
    pub lru: bool,
    /// A value per CPU: aggregations always are.
    pub per_cpu: bool,
}

impl MapStorage {
    pub fn from_name(name: &str) -> Option<MapStorage> {
        let (lru, per_cpu) = match name {
            "hash" => (false, false),
            "lruhash" => (true, false),
            "percpuhash" => (false, true),
            "percpulruhash" => (true, true),
            _ => return None,
        };
        Some(MapStorage { lru, per_cpu })
    }

    pub const NAMES: [&'static str; 4] = ["hash", "lruhash", "percpuhash", "percpulruhash"];
}

impl MapSpec {
    /// A hist/lhist without keys (and not declared) is a per-CPU array
    /// indexed by the bucket: its buckets are few and known, so every update
    /// is in place (the array has them all) and can never fail.
    pub fn bucket_array(&self) -> bool {
        self.keys.is_empty() && self.kind.has_bucket_key() && self.declared.is_none()
    }

    /// One value per CPU: aggregations, and maps declared per-CPU (a plain
    /// value there is the CPU's own in a probe; user space sums them).
    pub fn per_cpu(&self) -> bool {
        self.kind.is_aggregation() || self.declared.is_some_and(|d| d.per_cpu)
    }

    /// Declared with an LRU kind: never full, so no update is refused.
    pub fn lru(&self) -> bool {
        self.declared.is_some_and(|d| d.lru)
    }

    /// Entries in the BPF map: the buckets of a bucket array, else the limit.
    pub fn entries(&self) -> u32 {
        if self.bucket_array() {
            self.kind.buckets()
        } else {
            self.max_entries
        }
    }

    /// Key bytes: the keys' slots, then the bucket slot of a hist/lhist;
    /// a scalar map has one zero u64 key; a bucket array a u32 index.
    pub fn key_size(&self) -> u32 {
        if self.bucket_array() || self.key32 {
            return 4;
        }
        let keys: u32 = self.keys.iter().map(|k| k.slot_size()).sum();
        let bucket = if self.kind.has_bucket_key() { 8 } else { 0 };
        (keys + bucket).max(8)
    }

    /// Bytes of one CPU's value.
    pub fn value_size(&self) -> u32 {
        self.kind.value_size(&self.value)
    }
}

/// How values of a map combine. Aggregations live in per-CPU maps and are
/// merged in user space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapKind {
    /// `@m[k] = v`: the last value written wins.
    Plain,
    /// `count()`: per-CPU u64 counts, summed.
    Count,
    /// `sum(x)`: per-CPU i64 sums, summed.
    Sum,
    /// `min(x)` / `max(x)`: per CPU `[value, set]`, merged over the CPUs that set it.
    Min,
    Max,
    /// `avg(x)` / `stats(x)`: per CPU `[total, count]`, summed; average = total / count.
    Avg,
    Stats,
    /// `hist(x[, bits])`: the key gains a last u64 slot, the bucket index:
    /// 0 for x < 0; 1 + x for 0 <= x < max(2^bits, 2); above that each power
    /// of two [2^e, 2^(e+1)) is split into 2^bits buckets, index
    /// 1 + 2^bits + (e - bits) * 2^bits + sub (for bits 0: 2 + e, as bpftrace's
    /// hist). Values are per-CPU counts.
    Hist {
        bits: u8,
    },
    /// `lhist(x, min, max, step)`: the key gains a last u64 slot, the bucket index:
    /// 0 for x < min, i (1..=n) for [min+(i-1)*step, min+i*step), n+1 for x >= max,
    /// where n = (max - min) / step; values are per-CPU counts.
    Lhist {
        min: i64,
        max: i64,
        step: i64,
    },
}

impl MapKind {
    pub fn is_aggregation(self) -> bool {
        self != MapKind::Plain
    }

    /// Hist and lhist keys carry a trailing bucket-index slot.
    pub fn has_bucket_key(self) -> bool {
        matches!(self, MapKind::Hist { .. } | MapKind::Lhist { .. })
    }

    /// How many bucket indices a hist/lhist can produce (see the variants).
    pub fn buckets(self) -> u32 {
        match self {
            // Indices up to 1 + 2^bits + (63 - bits) * 2^bits + (2^bits - 1).
            MapKind::Hist { bits } => 1 + (1u32 << bits) * (65 - u32::from(bits)),
            MapKind::Lhist { min, max, step } => {
                let n = (max - min) / step.max(1);
                u32::try_from(n + 2).unwrap_or(u32::MAX)
            }
            _ => 0,
        }
    }

    /// Bytes of one CPU's value in the BPF map.
    pub fn value_size(self, plain: &ValueKind) -> u32 {
        match self {
            MapKind::Plain => plain.slot_size(),
            MapKind::Count | MapKind::Sum | MapKind::Hist { .. } | MapKind::Lhist { .. } => 8,
            MapKind::Min | MapKind::Max | MapKind::Avg | MapKind::Stats => 16,
        }
    }

    /// The function name as scripts write it.
    pub fn function(self) -> &'static str {
        match self {
            MapKind::Plain => "",
            MapKind::Count => "count",
            MapKind::Sum => "sum",
            MapKind::Min => "min",
            MapKind::Max => "max",
            MapKind::Avg => "avg",
            MapKind::Stats => "stats",
            MapKind::Hist { .. } => "hist",
            MapKind::Lhist { .. } => "lhist",
        }
    }
}

/// How a value is laid out in a key, a map value or a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    /// A 64-bit integer; `signed` decides how it prints.
    Int { signed: bool },
    /// A bool: 8 bytes, 0 or 1, printed as `false` / `true`.
    Bool,
    /// A NUL-padded string slot of `size` bytes (a multiple of 8, at most
    /// `STRING_SIZE`): 16 for `comm`, as much as the longest value stored.
    Str { size: u32 },
    /// Elements one after another, each in its own slot.
    Tuple(Vec<ValueKind>),
    /// `kstack` / `ustack`: 16 bytes, the stack's hash (its key in the stack
    /// map of its limit, 0 for an empty stack), the number of frames (u32) and
    /// the pid (u32, 0 for kernel stacks) whose mappings name the frames.
    Stack(StackType),
    /// `ksym(addr)`: the 8-byte address, named in user space.
    Ksym,
    /// `syscall_name(id)`: the 8-byte number, named in user space.
    SyscallName,
    /// `strerror(errno)`: the 8-byte errno, its message made in user space.
    Strerror,
    /// `username`: the 8-byte uid, its user's name looked up in user space.
    Username,
    /// `usym(addr)`: the address and the pid (u64 each) whose mappings name it.
    Usym,
    /// `strftime()`: the index of its format in `formats` (8 bytes), then
    /// nanoseconds since boot (8 bytes), shown as the wall-clock time through
    /// strftime(3) (and `%f`, microseconds). `formats` are every strftime
    /// format of the script.
    Timestamp { formats: Vec<String> },
    /// `cgroup_path()`: the filter's index in `filters`, then the cgroup id.
    CgroupPath { filters: Vec<String> },
    /// `ntop()`: the address family (8 bytes, AF_INET 2 or AF_INET6 10),
    /// then 16 address bytes (the first 4 for IPv4).
    Inet,
    /// `macaddr()`: 6 bytes in an 8-byte slot.
    MacAddr,
    /// `buf()`: the number of bytes read (8 bytes), then `size` bytes
    /// (the slot rounded up to a multiple of 8).
    Buffer { size: u32 },
    /// An integer of an enum that printf's `%s` shows by name: 8 bytes, as
    /// `Int`; a value no enumerator has prints as a number.
    Enum {
        signed: bool,
        names: Vec<(u64, String)>,
    },
    /// `print(args)`, `print(*p)`: a struct's `size` bytes as they are in
    /// memory, shown as bpftrace shows one: `{ .a = 1, .b = { .c = 2 } }`.
    Record { size: u32, fields: Vec<RecordField> },
}

/// A member of a printed struct: its name, where its bytes are (from the
/// start of the struct that holds it) and how to show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordField {
    pub name: String,
    pub offset: u32,
    pub shape: FieldShape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldShape {
    /// 1, 2, 4 or 8 bytes.
    Int { size: u8, signed: bool },
    /// `char name[len]`: the bytes before the first NUL.
    Chars { len: u32 },
    /// An address, shown in hex.
    Pointer,
    /// A struct or union inside the struct.
    Record(Vec<RecordField>),
    /// `elem[len]`, each `elem_size` bytes: `[1,2,3]`.
    Array {
        elem: Box<FieldShape>,
        elem_size: u32,
        len: u32,
    },
}

impl ValueKind {
    /// Bytes this value takes in a record or key, a multiple of 8.
    pub fn slot_size(&self) -> u32 {
        match self {
            ValueKind::Int { .. } | ValueKind::Bool | ValueKind::Enum { .. } => 8,
            ValueKind::Str { size } => *size,
            ValueKind::Tuple(elements) => elements.iter().map(ValueKind::slot_size).sum(),
            ValueKind::Stack(_) | ValueKind::Usym => 16,
            ValueKind::Ksym
            | ValueKind::SyscallName
            | ValueKind::Strerror
            | ValueKind::Username => 8,
            ValueKind::MacAddr => 8,
            ValueKind::Timestamp { .. } | ValueKind::CgroupPath { .. } => 16,
            ValueKind::Inet => 8 + 16,
            ValueKind::Buffer { size } => 8 + size.next_multiple_of(8),
            ValueKind::Record { size, .. } => size.next_multiple_of(8),
        }
    }

    /// Byte offset of each element of a tuple.
    pub fn tuple_offsets(elements: &[ValueKind]) -> Vec<u32> {
        elements
            .iter()
            .scan(0, |at, e| {
                let here = *at;
                *at += e.slot_size();
                Some(here)
            })
            .collect()
    }
}

/// One printf call site: the parsed format and where each argument sits in
/// the record (after the 8-byte id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintfSpec {
    pub pieces: Vec<FormatPiece>,
    pub args: Vec<ValueKind>,
}

impl PrintfSpec {
    /// Record size: the id and each argument slot.
    pub fn record_size(&self) -> u32 {
        8 + self.args.iter().map(|a| a.slot_size()).sum::<u32>()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatPiece {
    Literal(String),
    /// A conversion that consumes the next argument.
    Conversion(Conversion),
    /// `time(FORMAT)`: the local wall-clock time when user space prints the
    /// record, through strftime(3) conversions.
    LocalTime(String),
    /// `join(array[, sep])`: the record's strings up to the first empty one,
    /// joined by the separator, and a newline.
    Join(String),
    /// `print(value)`: the next argument as bpftrace prints a value (tuples
    /// as `(1, x)`), and a newline; a `"value"` record in JSON.
    Value,
    /// `system(fmt, ...)`: the inner pieces make a shell command, which user
    /// space runs (`sh -c`) and whose standard output it prints.
    System(Vec<FormatPiece>),
    /// `cat(fmt, ...)`: the inner pieces make a file name, whose contents
    /// user space prints.
    Cat(Vec<FormatPiece>),
    /// `errorf(fmt, ...)` / `warnf(fmt, ...)`: the inner pieces make a
    /// message user space prints on stderr after `LOCATION: LEVEL: `
    /// (`stdin:1:9-62: ERROR: `). `span` is the call's, from which the
    /// compiler fills `location` once it knows the source.
    Diagnostic {
        level: String,
        location: String,
        span: (usize, usize),
        inner: Vec<FormatPiece>,
    },
}

/// The most array elements `join()` reads (bpftrace's default too).
pub const JOIN_MAX_ELEMENTS: u32 = 16;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conversion {
    pub left_align: bool,
    pub zero_pad: bool,
    pub plus: bool,
    pub space: bool,
    pub alternate: bool,
    pub width: Option<usize>,
    pub precision: Option<usize>,
    /// One of `d i u x X o c s p`, or `r` for a buffer.
    pub conv: char,
    /// How `%r` shows a buffer's bytes (`%r`, `%rx`, `%rh`).
    pub raw: RawStyle,
}

/// bpftrace's buffer conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawStyle {
    /// `%r`: printable ASCII as is, other bytes as `\xNN`.
    #[default]
    Printable,
    /// `%rx`: every byte as `\xNN`.
    Escaped,
    /// `%rh`: every byte as two hex digits, separated by spaces.
    Hex,
}

#[cfg(test)]
mod bucket_tests {
    use super::*;

    /// The largest index each kind produces fits its bucket array.
    #[test]
    fn bucket_arrays_hold_every_index() {
        for bits in 0u8..=5 {
            let n = 1u64 << bits;
            // u64::MAX: e = 63, sub = 2^bits - 1.
            let largest = if bits == 0 {
                2 + 63
            } else {
                1 + n + (63 - u64::from(bits)) * n + (n - 1)
            };
            let buckets = u64::from(MapKind::Hist { bits }.buckets());
            assert_eq!(largest + 1, buckets, "bits {bits}");
        }
        let lhist = MapKind::Lhist {
            min: 0,
            max: 4096,
            step: 64,
        };
        // 0 below min, 1..=64 inside, 65 at or above max.
        assert_eq!(lhist.buckets(), 66);
    }
}
