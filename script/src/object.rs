//! Names and slots in the BPF object that the compiler emits and the runtime
//! opens: the ring buffer and its reserved record ids, the scratch and
//! counter maps, the run-time variables.

/// Record ids at the head of every perf output record. Printf call sites use
/// their index in `CompiledScript::printfs`; the ids below are reserved.
pub const RECORD_EXIT: u64 = u64::MAX;
/// `[RECORD_MAP_OP, MapOp, map index, top, div]`: clear/zero/print a map now.
pub const RECORD_MAP_OP: u64 = u64::MAX - 1;

/// `[RECORD_HELPER_ERROR, site, retcode]`: a probe read failed (`-k`); the
/// site indexes `CompiledScript::helper_error_sites`.
pub const RECORD_HELPER_ERROR: u64 = u64::MAX - 2;

/// The registers and stack bytes of a CFI-unwound `ustack`
/// (`stacks::user_stack_record` has the layout); it comes just before the
/// record holding the stack's value.
pub const RECORD_USER_STACK: u64 = u64::MAX - 3;

/// `[RECORD_PROCESS_SEEN, pid << 32 | tid, start time]`: a process took a
/// frame-pointer `ustack` for the first time (`PROCESS_SEEN_MAP`), so that
/// user space reads its mappings now and names its frames after it exits.
/// The start time (ns since boot of its leader, 0 unknown) tells it from a
/// later process with the pid.
pub const RECORD_PROCESS_SEEN: u64 = u64::MAX - 4;
/// pid -> start time of the processes a `RECORD_PROCESS_SEEN` was sent for
/// (an LRU hash: a process long gone makes room).
pub const PROCESS_SEEN_MAP: &str = "sonde_useen";
pub const PROCESS_SEEN_ENTRIES: u32 = 8192;

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
/// Slot index in `VARS_MAP`: CLOCK_REALTIME - CLOCK_BOOTTIME when the run
/// started, so `tseries` intervals begin on wall-clock multiples.
pub const VAR_WALL_OFFSET_NS: u32 = 2;
/// Slots in `VARS_MAP`.
pub const VARS: u32 = 3;
