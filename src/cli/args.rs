//! The command line as bpftrace 0.27 spells it: options anywhere before
//! `--` (GNU getopt's order), the script file or `-e PROGRAM`, positional
//! parameters, and after `--` the script's own arguments (`--name=value`
//! for `getopt()`). A usage error exits 1, as bpftrace's do.

use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use sonde_runtime::Buffering;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "sonde [OPTIONS] FILE [ARGS]... [-- SCRIPT ARGS...]
       sonde [OPTIONS] -e 'PROGRAM' [ARGS]... [-- SCRIPT ARGS...]
       sonde -l [PATTERN[,PATTERN...] | FILE]";

const EXAMPLES: &str = "Script arguments: ARGS are $1, $2, ...; after `--`, `--name=value` and
`--flag` are getopt()'s named arguments and anything else is positional.
`-- --help` lists the script's named arguments.

Examples:
  sonde -e 'BEGIN { printf(\"hello\\n\"); exit(); }'
  sonde -e 'tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args.filename)); }'
  sonde -l 'tracepoint:syscalls:sys_enter_*'
  sonde -l scripts/tutorial/02_sys_sync.bt
  sonde scripts/tutorial/02_sys_sync.bt
  sonde script.bt -- --threshold=5";

#[derive(Parser, Debug)]
#[command(
    name = "sonde",
    version = concat!("v", env!("CARGO_PKG_VERSION")),
    about = "A script-driven tracing language for Linux, compatible with bpftrace",
    override_usage = USAGE,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// The program to run, given on the command line.
    #[arg(short = 'e', value_name = "PROGRAM")]
    pub program: Option<String>,

    /// List probes: those matching PATTERN (comma-separated patterns, each
    /// a glob such as `tracepoint:syscalls:*`, `k:vfs_*`, `*sleep*`), every
    /// kernel probe without one, a binary's uprobes or USDT probes when the
    /// pattern names it (`usdt:/bin/node:*`), or the probes of a script
    /// (`-l FILE`, `-l -e PROGRAM`); `-lv` adds arguments.
    #[arg(short = 'l', long = "list")]
    pub list: bool,

    /// Verbose: full verifier logs; with -l, the probes' arguments.
    #[arg(short = 'v', long = "verbose")]
    pub verbose: bool,

    /// Quiet: no `Attached N probes` message.
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,

    /// No warnings: neither the compiler's nor those at run time (`warnf()`
    /// included).
    #[arg(long = "no-warnings", conflicts_with = "helper_errors")]
    pub no_warnings: bool,

    /// Raise USDT semaphores in every process that maps the probe's file, as
    /// bpftrace's flag asks. Sonde always does: its USDT probes give the
    /// kernel the semaphore's offset, and the kernel raises it in each
    /// process mapping the file while the probe is attached.
    #[arg(long = "usdt-file-activation")]
    pub usdt_file_activation: bool,

    /// The functions kprobes may name (and `kprobe:*` expands over), one
    /// per line as in tracefs's `available_filter_functions` (`NAME` or
    /// `NAME [MODULE]`), instead of the kernel's list.
    #[arg(long = "traceable-functions", value_name = "FILE")]
    pub traceable_functions: Option<std::path::PathBuf>,

    /// Directories searched for separate debug files (by build id under
    /// DIR/.build-id/, or by debuglink name) before /usr/lib/debug:
    /// uprobe arguments from DWARF and user symbols; colon-separated.
    #[arg(long = "debuginfo", value_name = "DIR[:DIR]")]
    pub debuginfo: Option<String>,

    /// Warn when a probe read fails (a bad address, a page not present),
    /// with its place in the script; in JSON, a `helper_error` record.
    #[arg(short = 'k', long = "warnings")]
    pub helper_errors: bool,

    /// Print information about this system's BPF support and exit.
    #[arg(long = "info")]
    pub info: bool,

    /// Trace only process PID (uprobes attach in it); exit when it exits.
    #[arg(
        short = 'p',
        long = "pid",
        value_name = "PID",
        conflicts_with = "command"
    )]
    pub pid: Option<u32>,

    /// Run CMD (through sh) once the probes are attached; exit when it exits.
    /// `cpid` is its pid.
    #[arg(short = 'c', long = "cmd", value_name = "CMD")]
    pub command: Option<String>,

    /// Write the program's output (printf, print, maps) to FILE instead of
    /// standard output; messages stay on standard error.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format: text (default) or json (bpftrace's NDJSON).
    #[arg(short = 'f', value_name = "FORMAT", default_value = "text")]
    pub format: OutputFormat,

    /// When output is written out: at every newline (line), when 64 KiB
    /// have gathered (full), at every write (none); by default at the end of
    /// every batch of records.
    #[arg(short = 'B', value_name = "MODE")]
    pub buffering: Option<BufferMode>,

    /// Allow the functions that act on the system: signal(), signal_thread(),
    /// system(). (cat() only reads a file, and needs no --unsafe, as in
    /// bpftrace.)
    #[arg(long = "unsafe")]
    pub allow_unsafe: bool,

    /// As bpftrace: load and attach every probe, then detach and exit
    /// without running BEGIN or printing anything (0 if all attach).
    #[arg(long = "dry-run", conflicts_with = "verify")]
    pub dry_run: bool,

    /// Load every program into the kernel verifier, attach nothing, exit
    /// (0 if all pass, else the verifier's diagnostic): checks programs
    /// this kernel cannot attach (kprobes here) too.
    #[arg(long = "verify")]
    pub verify: bool,

    /// Print a compile stage, then run the script: `ast` (on stderr),
    /// `codegen` and `codegen-opt` (the LLVM IR before and after
    /// optimisation, on stdout), `all` (each); comma-separated.
    #[arg(
        short = 'd',
        long = "debug",
        value_name = "STAGE",
        value_delimiter = ','
    )]
    pub debug: Vec<DebugStage>,

    /// Check the LLVM IR with LLVM's verifier after optimisation too (it is
    /// always checked as generated); a failure is an internal compiler
    /// error. Then run the script.
    #[arg(long = "verify-llvm-ir")]
    pub verify_llvm_ir: bool,

    /// Disable detected kernel features: kprobe_multi, kprobe_session,
    /// uprobe_multi (comma-separated), as bpftrace. Sonde attaches one perf
    /// event per function and uses none of them, so each holds already.
    #[arg(
        long = "no-feature",
        value_name = "FEATURE[,FEATURE]",
        value_delimiter = ','
    )]
    pub no_feature: Vec<KernelFeature>,

    /// Write the BPF object (ELF) to FILE, then run the script.
    #[arg(long = "emit-elf", value_name = "FILE")]
    pub emit_elf: Option<std::path::PathBuf>,

    /// Write the LLVM IR to FILE.original.ll (before optimisation) and
    /// FILE.optimized.ll, then run the script.
    #[arg(long = "emit-llvm", value_name = "FILE")]
    pub emit_llvm: Option<std::path::PathBuf>,

    /// Compile as far as STAGE, print it and exit without loading anything.
    #[arg(long = "emit", value_name = "STAGE")]
    pub emit: Option<EmitStage>,

    /// Output ring buffer size in pages per CPU (default 64, or the script's
    /// `perf_rb_pages` config).
    #[arg(long = "perf-pages", value_name = "N")]
    pub perf_pages: Option<usize>,

    /// Serve the script's maps over HTTP at /metrics, in the OpenMetrics
    /// text format, while it runs (the output is unchanged): PORT or :PORT
    /// on loopback, ADDR:PORT or [ADDR]:PORT as given. Wins over the
    /// `metrics` config key and SONDE_METRICS.
    #[arg(
        long = "metrics",
        value_name = "[ADDR:]PORT",
        conflicts_with_all = ["list", "emit", "verify", "dry_run", "info"]
    )]
    pub metrics: Option<String>,

    /// The script file (`-` reads standard input), then its positional
    /// arguments; with -e, all are positional arguments; with -l, a pattern
    /// or a script file.
    #[arg(value_name = "FILE")]
    pub operands: Vec<String>,

    /// After `--`: the script's arguments, `--name=value` and `--flag` for
    /// getopt(), the rest positional.
    #[arg(last = true, value_name = "SCRIPT ARGS")]
    pub script_args: Vec<String>,

    /// Print the manual page (`man`, roff for sonde(8)) or a shell
    /// completion script (`bash`, `zsh`, `fish`) and exit.
    #[arg(long = "generate", value_name = "KIND")]
    pub generate: Option<super::generate::Generated>,

    /// For tests (`tests/diagnostics.rs`), hidden: compile against the
    /// compiler's fixture kernel instead of this machine's, and stop before
    /// anything would be loaded, so that diagnostics are judged without root.
    #[arg(long = "fixture-kernel", hide = true)]
    pub fixture_kernel: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EmitStage {
    Ast,
    Llvm,
    Asm,
    Obj,
}

/// bpftrace's `-B` modes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BufferMode {
    Line,
    Full,
    None,
}

impl BufferMode {
    pub fn buffering(mode: Option<BufferMode>) -> Buffering {
        match mode {
            None => Buffering::Batch,
            Some(BufferMode::Line) => Buffering::Line,
            Some(BufferMode::Full) => Buffering::Full,
            Some(BufferMode::None) => Buffering::None,
        }
    }
}

/// The `-d` stages Sonde has: bpftrace's names for what they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DebugStage {
    /// Every stage below.
    All,
    /// The syntax tree after macro expansion (Sonde's, not bpftrace's printer).
    Ast,
    /// The LLVM IR as generated, before optimisation.
    Codegen,
    /// The LLVM IR after optimisation (what `--emit llvm` prints).
    CodegenOpt,
}

/// The features `--no-feature` names, bpftrace 0.27's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum KernelFeature {
    KprobeMulti,
    KprobeSession,
    UprobeMulti,
}

/// The command line, or the exit code of a usage error (1, as bpftrace's;
/// `--help` and `--version` print and exit 0). `BPFTRACE_COLOR` (`auto`,
/// `always`, `never`) colours clap's help and errors as it does bpftrace's
/// messages.
impl Cli {
    /// `--debuginfo`'s directories, in order.
    pub fn debuginfo_dirs(&self) -> Vec<std::path::PathBuf> {
        self.debuginfo
            .iter()
            .flat_map(|dirs| dirs.split(':'))
            .filter(|d| !d.is_empty())
            .map(std::path::PathBuf::from)
            .collect()
    }
}

pub fn parse() -> Result<Cli, ExitCode> {
    let color = match std::env::var("BPFTRACE_COLOR").as_deref() {
        Ok("always") => clap::ColorChoice::Always,
        Ok("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let parsed = Cli::command()
        .color(color)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|e| {
        let _ = e.print();
        if e.use_stderr() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    })
}

/// What the operands are, once `-e` and `-l` have said how to read them.
pub enum Invocation {
    /// `-l` without a program: the patterns to list (none: every kernel probe).
    ListPatterns(Vec<String>),
    /// A script to compile (and with `-l`, to list the probes of).
    Script {
        /// `None` with `-e`; `-` is standard input.
        file: Option<String>,
        positional: Vec<String>,
        /// `--name=value` → (name, Some(value)); `--name` → (name, None).
        named: Vec<(String, Option<String>)>,
    },
}

impl Cli {
    /// Reads the operands as bpftrace does: with `-l` and no `-e`, one
    /// pattern (or an existing script file); else the script file unless
    /// `-e` gave the program, then positional arguments; after `--`, those
    /// starting with `--` are named.
    pub fn invocation(&self) -> Result<Invocation, String> {
        if self.list && self.program.is_none() {
            match self.operands.as_slice() {
                [] => return Ok(Invocation::ListPatterns(Vec::new())),
                [file] if std::path::Path::new(file).is_file() => {}
                [search] => {
                    return Ok(Invocation::ListPatterns(
                        search
                            .split(',')
                            .map(list_pattern)
                            .filter(|p| !p.is_empty())
                            .collect(),
                    ));
                }
                _ => {
                    return Err(
                        "-l takes one pattern (or comma-separated patterns) or one script file"
                            .into(),
                    );
                }
            }
        }
        let mut operands = self.operands.iter().cloned();
        let file = match &self.program {
            Some(_) => None,
            None => Some(
                operands
                    .next()
                    .ok_or("no program given: use -e 'PROGRAM' or a script file (see --help)")?,
            ),
        };
        let mut positional: Vec<String> = operands.collect();
        let mut named = Vec::new();
        for arg in &self.script_args {
            match arg.strip_prefix("--") {
                Some(rest) => named.push(match rest.split_once('=') {
                    Some((name, value)) => (name.to_string(), Some(value.to_string())),
                    None => (rest.to_string(), None),
                }),
                None => positional.push(arg.clone()),
            }
        }
        Ok(Invocation::Script {
            file,
            positional,
            named,
        })
    }
}

/// A `-l` pattern without its blanks, except the one after a type kind
/// (`struct task_struct`), which names a type rather than a probe.
fn list_pattern(pattern: &str) -> String {
    let words: Vec<&str> = pattern.split_whitespace().collect();
    match words.as_slice() {
        [kind, rest @ ..] if matches!(*kind, "struct" | "union" | "enum") && !rest.is_empty() => {
            format!("{kind} {}", rest.concat())
        }
        _ => words.concat(),
    }
}
