//! Stacks (`kstack`, `ustack`): how they print, how many frames they keep,
//! and the maps their frames are stored in.

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
/// `perf` (`\tADDR func+off (module)`), `raw` (addresses only), or Sonde's
/// `srcline`: perf's lines, each user frame followed by its `file:line` and
/// preceded by the functions inlined there, as `perf script -F +srcline
/// --inline` prints them; or `build_id` (user stacks only): each frame as
/// the build id of the file it is in and its offset in that file
/// (`HEX 0xOFFSET`), the bare hex address when the file is unknown, for
/// naming the frames later elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum StackMode {
    #[default]
    Bpftrace,
    Perf,
    Raw,
    Srcline,
    BuildId,
}

impl StackMode {
    pub const NAMES: [&'static str; 5] = ["bpftrace", "perf", "raw", "srcline", "build_id"];

    pub fn from_name(name: &str) -> Option<StackMode> {
        match name {
            "bpftrace" => Some(StackMode::Bpftrace),
            "perf" => Some(StackMode::Perf),
            "raw" => Some(StackMode::Raw),
            "srcline" => Some(StackMode::Srcline),
            "build_id" => Some(StackMode::BuildId),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            StackMode::Bpftrace => "bpftrace",
            StackMode::Perf => "perf",
            StackMode::Raw => "raw",
            StackMode::Srcline => "srcline",
            StackMode::BuildId => "build_id",
        }
    }
}

/// How a user stack's frames are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Unwind {
    /// The kernel walks the frame pointers (`bpf_get_stack`) and the frames
    /// are stored in the stack map of the value's limit.
    #[default]
    FramePointers,
    /// The probe copies the user registers and the top of the user stack in
    /// a `RECORD_USER_STACK` record just before the record that holds the
    /// value; user space unwinds them with the binaries' call frame
    /// information (`.eh_frame`, `.debug_frame`). The value's first word is
    /// the id of that copy, not a hash of frames.
    Cfi,
}

impl Unwind {
    pub const NAMES: [&'static str; 2] = ["fp", "cfi"];

    pub fn from_name(name: &str) -> Option<Unwind> {
        match name {
            "fp" => Some(Unwind::FramePointers),
            "cfi" | "dwarf" => Some(Unwind::Cfi),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unwind::FramePointers => "fp",
            Unwind::Cfi => "cfi",
        }
    }
}

/// A `kstack` or `ustack` value's type: whose stack, how it prints, how many
/// frames it keeps, how they are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StackType {
    pub user: bool,
    pub mode: StackMode,
    pub limit: u32,
    pub unwind: Unwind,
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

/// Bytes of the user stack a CFI-unwound `ustack` copies when the script
/// does not say (`ustack_copy_bytes`), as `perf record --call-graph dwarf`.
pub const DEFAULT_USTACK_COPY_BYTES: u32 = 8192;
/// The most a script may ask for: a ring buffer record holds the copy.
pub const MAX_USTACK_COPY_BYTES: u32 = 65536;

/// A `RECORD_USER_STACK` record, in u64 words after the record id: the
/// stack's id (the value's first word), pid << 32 | tid, the process's start
/// time (`task_struct.start_boottime` of its leader, ns), the user ip, sp and
/// bp, the number of stack bytes copied, then those bytes (from sp up).
pub mod user_stack_record {
    pub const ID: usize = 8;
    pub const PID_TID: usize = 16;
    pub const START_TIME: usize = 24;
    pub const IP: usize = 32;
    pub const SP: usize = 40;
    pub const BP: usize = 48;
    pub const LENGTH: usize = 56;
    pub const BYTES: usize = 64;
}
