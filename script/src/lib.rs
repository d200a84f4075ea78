//! `CompiledScript`: the one contract between the compiler and the runtime,
//! and the layouts both sides agree on. Plain data only: the runtime never
//! sees the AST, the compiler never sees a file descriptor. A leaf crate
//! (no LLVM, no aya), so the runtime builds without the compiler.
//!
//! Besides the layouts, it holds what both sides need to read them the same
//! way: the printf format parser, glob matching, the system call table and
//! the `self:signal` names, where a process's mappings put its files.

pub mod attach;
pub mod debug_files;
pub mod endpoint;
pub mod glob;
pub mod maps;
pub mod object;
pub mod printf;
pub mod printf_format;
pub mod proc_maps;
pub mod signals;
pub mod stacks;
pub mod syscalls;
pub mod values;

pub use attach::{Attach, ProgramSpec, Rate, UsdtArgument, UsdtLocation};
pub use maps::{MapKind, MapSpec, MapStorage, TSERIES_SLOT, TseriesAgg};
pub use object::*;
pub use printf::{Conversion, FormatPiece, JOIN_MAX_ELEMENTS, PrintfSpec, RawStyle};
pub use stacks::{
    BPF_F_USER_STACK, DEFAULT_STACK_LIMIT, DEFAULT_USTACK_COPY_BYTES, MAX_STACK_LIMIT,
    MAX_USTACK_COPY_BYTES, STACK_SCRATCH_MAP, StackMapSpec, StackMode, StackType, Unwind,
    user_stack_record,
};
pub use values::{DEFAULT_STRING_SIZE, FieldShape, MAX_STRING_SIZE, RecordField, ValueKind};

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
    /// Where `kstack`/`ustack` frames are kept, one map per limit. Their
    /// failed-update counters follow the script maps' in `.data`.
    pub stack_maps: Vec<StackMapSpec>,
    /// Maps are printed at exit (`print_maps_on_exit`).
    pub print_maps_on_exit: bool,
    /// The most bytes `cat()` prints of a file (`max_cat_bytes`).
    pub max_cat_bytes: u64,
    /// Bytes a string value of this script takes, NUL included: its
    /// `max_strlen` rounded up to a multiple of 8 (`DEFAULT_STRING_SIZE`
    /// unless set, at most `MAX_STRING_SIZE`). Each `ValueKind::Str` slot
    /// carries its own size; this is the script-wide bound they share.
    pub string_size: u32,
    /// `max_strlen`: a string slot whose NUL is at byte `max_strlen` (a read
    /// that filled it) prints as those bytes and `str_trunc_trailer`, as in
    /// bpftrace 0.27.
    pub max_strlen: u32,
    /// `str_trunc_trailer` (default `..`).
    pub str_trunc_trailer: String,
    /// `-k`: the probe reads whose failures are reported, by site index.
    pub helper_error_sites: Vec<HelperErrorSite>,
    /// The `metrics` config key: where the maps are served as metrics
    /// while the script runs (`--metrics` wins over it).
    pub metrics: Option<std::net::SocketAddr>,
}

/// A probe read that reports its failures (`-k`): the helper and where the
/// script reads, as bpftrace words its helper errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperErrorSite {
    /// The helper (`probe_read_kernel`, `probe_read_user_str`, ...).
    pub helper: String,
    /// `NAME:LINE:COL-ENDCOL`, as errorf() places its messages.
    pub location: String,
    /// The script's name (`stdin` for a one-liner), line and column, for JSON.
    pub filename: String,
    pub line: u32,
    pub column: u32,
    /// The source line and a `~~~` marker under the read.
    pub source_line: String,
    pub marker: String,
}

impl CompiledScript {
    /// How many attach operations running this script makes (`Attached N probes`).
    pub fn attach_count(&self) -> usize {
        self.programs.iter().map(|p| p.attach.len()).sum()
    }
}
