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
