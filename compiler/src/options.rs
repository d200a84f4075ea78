//! `Options`: the choices from the command line and the environment that
//! shape the compiled script. A module of its own, below `sema`, `probes`
//! and `config`, which all read it.

/// bpftrace's default map size.
pub const DEFAULT_MAP_ENTRIES: u32 = 4096;

/// Choices that shape the compiled script.
#[derive(Debug, Clone)]
pub struct Options {
    /// Entries per map (bpftrace's `max_map_keys`).
    pub max_map_keys: u32,
    /// What a probe that does not exist does to the script.
    pub missing_probes: crate::script::MissingProbes,
    /// Ring buffer pages per CPU (bpftrace's `perf_rb_pages`), if set.
    pub ring_pages: Option<u32>,
    /// The script's arguments: `$1`, `$2`, ...
    pub positional: Vec<String>,
    /// A command is started with `-c` (so `cpid` has a value).
    pub has_command: bool,
    /// `-p PID`: probes fire only in this process.
    pub pid: Option<u32>,
    /// The most bytes of a string, NUL included (`max_strlen`).
    pub max_strlen: u32,
    /// What ends a string that filled `max_strlen` (`str_trunc_trailer`).
    pub str_trunc_trailer: String,
    /// The kernel has no kprobes but runs fentry: kprobes without an offset
    /// become fentry programs (kretprobes fexit).
    pub kprobes_as_fentry: bool,
    /// Config keys the environment set (`BPFTRACE_MAX_MAP_KEYS`...): as in
    /// bpftrace, they win over a script's config block.
    pub set_by_environment: Vec<&'static str>,
    /// How `kstack`/`ustack` print when no mode is given (`stack_mode`).
    pub stack_mode: crate::script::StackMode,
    /// How `ustack` finds its frames where it is printed (`ustack_unwind`).
    pub ustack_unwind: crate::script::Unwind,
    /// Bytes of the user stack a CFI-unwound `ustack` copies (`ustack_copy_bytes`).
    pub ustack_copy_bytes: u32,
    /// `--unsafe`: signal(), system() and cat() are allowed.
    pub allow_unsafe: bool,
    /// Named arguments (`--name=value`, `--flag`) for `getopt()`.
    pub named_args: Vec<(String, Option<String>)>,
    /// `-k`: a probe read that fails is reported with its place in the script.
    pub helper_errors: bool,
    /// `--verify-llvm-ir`: LLVM's verifier checks the module after
    /// optimisation too (it always does before); a failure is an internal
    /// compiler error.
    pub verify_ir: bool,
    /// Maps are printed at exit (`print_maps_on_exit`).
    pub print_maps_on_exit: bool,
    /// The most bytes `cat()` prints of a file (`max_cat_bytes`).
    pub max_cat_bytes: u64,
    /// The most attach points a script may have (`max_probes`).
    pub max_probes: usize,
    /// The most programs a script may load (`max_bpf_progs`).
    pub max_programs: usize,
    /// Where the maps are served as metrics (`metrics`, `SONDE_METRICS`).
    pub metrics: Option<std::net::SocketAddr>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_map_keys: DEFAULT_MAP_ENTRIES,
            missing_probes: crate::script::MissingProbes::Error,
            ring_pages: None,
            positional: Vec::new(),
            has_command: false,
            pid: None,
            set_by_environment: Vec::new(),
            kprobes_as_fentry: false,
            max_strlen: crate::script::DEFAULT_STRING_SIZE,
            str_trunc_trailer: "..".into(),
            stack_mode: crate::script::StackMode::default(),
            ustack_unwind: crate::script::Unwind::default(),
            ustack_copy_bytes: crate::script::DEFAULT_USTACK_COPY_BYTES,
            allow_unsafe: false,
            named_args: Vec::new(),
            helper_errors: false,
            verify_ir: false,
            print_maps_on_exit: true,
            metrics: None,
            max_cat_bytes: 10240,
            max_probes: 1024,
            max_programs: 1024,
        }
    }
}

impl Options {
    /// How many bytes a string value of the script takes: `max_strlen`
    /// characters and one byte more (a NUL, or the sign that the string
    /// went on, shown as `str_trunc_trailer`), as a multiple of 8.
    pub fn string_size(&self) -> u32 {
        (self.max_strlen.clamp(8, crate::script::MAX_STRING_SIZE) + 1).next_multiple_of(8)
    }
}
