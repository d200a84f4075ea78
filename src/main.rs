//! `sonde`: the command line. Wiring only: read the script, compile it, run it.

use clap::{Parser, ValueEnum};
use sonde_compiler::script::{MissingProbes, StackMode};
use sonde_compiler::{
    Diagnostic, FixtureKernel, Kernel, LiveKernel, Options, Source, Stage, diag, probes,
};
use sonde_runtime::verifier::Rejection;
use sonde_runtime::{Format, Output, RunError, RunOptions};
use std::io::{Read, Write};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "sonde",
    version,
    about = "A script-driven tracing language for Linux, compatible with bpftrace",
    after_help = "Examples:\n  sonde -e 'BEGIN { printf(\"hello\\n\"); exit(); }'\n  sonde -e 'tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args.filename)); }'\n  sonde -l 'tracepoint:syscalls:sys_enter_*'\n  sonde scripts/tutorial/02_sys_sync.bt"
)]
struct Cli {
    /// The program to run, given on the command line.
    #[arg(short = 'e', value_name = "PROGRAM")]
    program: Option<String>,

    /// List probes matching GLOB: tracepoints and perf events when none is
    /// given; kprobes, raw tracepoints, fentry/fexit and a binary's uprobes
    /// or USDT probes when GLOB names the kind (`-l 'usdt:/bin/node:*'`);
    /// `-lv` adds arguments.
    #[arg(short = 'l', value_name = "GLOB", num_args = 0..=1, default_missing_value = "")]
    list: Option<String>,

    /// Verbose: full verifier logs.
    #[arg(short = 'v')]
    verbose: bool,

    /// Trace only process PID (uprobes attach in it); exit when it exits.
    #[arg(short = 'p', value_name = "PID")]
    pid: Option<u32>,

    /// Run CMD (through sh) once the probes are attached; exit when it exits.
    /// `cpid` is its pid.
    #[arg(short = 'c', value_name = "CMD")]
    command: Option<String>,

    /// Load every program into the kernel verifier, attach nothing, exit
    /// (0 if all pass, else the verifier's diagnostic).
    #[arg(long = "dry-run")]
    dry_run: bool,

    /// Compile as far as STAGE, print it and exit without loading anything.
    #[arg(long = "emit", value_name = "STAGE")]
    emit: Option<EmitStage>,

    /// Output format: text (default) or json (bpftrace's NDJSON).
    #[arg(short = 'f', value_name = "FORMAT", default_value = "text")]
    format: OutputFormat,

    /// Write the program's output (printf, print, maps) to FILE instead of
    /// standard output; messages stay on standard error.
    #[arg(short = 'o', value_name = "FILE")]
    output: Option<std::path::PathBuf>,

    /// Allow the functions that act on the system: signal(), system(), cat().
    #[arg(long = "unsafe")]
    allow_unsafe: bool,

    /// Output ring buffer size in pages per CPU (default 64, or the script's
    /// `perf_rb_pages` config).
    #[arg(long = "perf-pages", value_name = "N")]
    perf_pages: Option<usize>,

    /// A script file (`-` reads standard input), then its arguments.
    #[arg(value_name = "FILE")]
    file: Option<String>,

    #[arg(value_name = "ARGS", trailing_var_arg = true)]
    args: Vec<String>,

    /// For tests (`tests/diagnostics.rs`), hidden: compile against the
    /// compiler's fixture kernel instead of this machine's, and stop before
    /// anything would be loaded, so that diagnostics are judged without root.
    #[arg(long = "fixture-kernel", hide = true)]
    fixture_kernel: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EmitStage {
    Ast,
    Llvm,
    Asm,
    Obj,
}

fn main() -> ExitCode {
    // `-l` takes an optional value, so clap would read bpftrace's `-lv` as
    // `-l v`; spell it out first.
    let cli = Cli::parse_from(std::env::args_os().flat_map(|a| {
        if a == "-lv" || a == "-vl" {
            vec!["-v".into(), "-l".into()]
        } else {
            vec![a]
        }
    }));
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// Said when a script compiles against the fixture kernel (`--fixture-kernel`),
/// where Sonde stops instead of loading it.
const FIXTURE_COMPILED: &str = "compiled against the fixture kernel; nothing is loaded";

fn run(cli: Cli) -> Result<ExitCode, String> {
    let fixture = cli.fixture_kernel.then(FixtureKernel::standard);
    let kernel: &(dyn Kernel + Sync) = match &fixture {
        Some(fixture) => fixture,
        None => &LiveKernel,
    };
    if let Some(pattern) = &cli.list
        && cli.program.is_none()
    {
        let pattern = Some(pattern.as_str())
            .filter(|p| !p.is_empty())
            .or(cli.file.as_deref());
        return list(pattern, cli.verbose, kernel);
    }
    let source = read_source(&cli)?;
    let mut options = compile_options()?;
    options.has_command = cli.command.is_some();
    options.allow_unsafe = cli.allow_unsafe;
    if let Some(pid) = cli.pid {
        if pid == 0 || !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            return Err(format!("there is no process with pid {pid}"));
        }
        options.pid = Some(pid);
    }
    // With -e there is no script file: every operand is an argument.
    let operands: Vec<String> = match (&cli.program, &cli.file) {
        (Some(_), Some(first)) => std::iter::once(first.clone())
            .chain(cli.args.iter().cloned())
            .collect(),
        _ => cli.args.clone(),
    };
    // `--name=value` and `--flag` are named arguments (getopt()); the rest
    // are positional ($1, $2, ...).
    for operand in operands {
        match named_argument(&operand) {
            Some(named) => options.named_args.push(named),
            None => options.positional.push(operand),
        }
    }
    if let Some(stage) = cli.emit {
        let stage = match stage {
            EmitStage::Ast => Stage::Ast,
            EmitStage::Llvm => Stage::Llvm,
            EmitStage::Asm => Stage::Asm,
            EmitStage::Obj => Stage::Obj,
        };
        let bytes = sonde_compiler::emit(&source, kernel, &options, stage)
            .map_err(|d| report(&source, &d))?;
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| format!("cannot write output: {e}"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut compiled =
        sonde_compiler::compile(&source, kernel, &options).map_err(|d| report(&source, &d))?;
    // The fallback asks this machine's kernel, which the fixture is not.
    if fixture.is_none()
        && let Some(function) = kprobe_needing_fentry(&compiled.script)
        && fentry_runs(kernel, &function)
    {
        eprintln!(
            "kprobes are not available on this kernel: kprobes run as fentry, kretprobes as fexit (those with an offset stay kprobes)"
        );
        options.kprobes_as_fentry = true;
        compiled =
            sonde_compiler::compile(&source, kernel, &options).map_err(|d| report(&source, &d))?;
    }
    if !compiled.warnings.is_empty() {
        eprint!("{}", diag::render(&source, &compiled.warnings));
    }
    let script = compiled.script;
    if cli.list.is_some() {
        for spec in &script.programs {
            for attach in &spec.attach {
                println!("{}", attach.name());
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if fixture.is_some() {
        eprintln!("{FIXTURE_COMPILED}");
        return Ok(ExitCode::SUCCESS);
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Err(
            "loading BPF programs needs root (or CAP_BPF and CAP_PERFMON): run sonde with sudo"
                .into(),
        );
    }
    let format = match cli.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
    };
    let output = match &cli.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Output::new(Box::new(file), format)
        }
        None => Output::stdout(format),
    };
    let options = RunOptions {
        output,
        perf_pages: cli
            .perf_pages
            .or(script.ring_pages.map(|p| p as usize))
            .unwrap_or(64)
            .max(1),
        verbose: cli.verbose,
        dry_run: cli.dry_run,
        command: cli.command.clone(),
    };
    let summary = match sonde_runtime::run(&script, options) {
        Ok(summary) => summary,
        Err(RunError::Verifier(rejection)) => return Err(report_rejection(&source, &rejection)),
        Err(e) => return Err(e.to_string().trim_end().to_string()),
    };
    Ok(ExitCode::from(u8::try_from(summary.exit_code).unwrap_or(1)))
}

/// Present when the kernel was built with kprobes.
const KPROBE_PMU: &str = "/sys/bus/event_source/devices/kprobe";

/// A function the script kprobes, when the kernel has no kprobes (or
/// `SONDE_NO_KPROBES` is set, to exercise the fallback on kernels that have).
fn kprobe_needing_fentry(script: &sonde_compiler::script::CompiledScript) -> Option<String> {
    let missing = !std::path::Path::new(KPROBE_PMU).exists()
        || std::env::var_os("SONDE_NO_KPROBES").is_some();
    if !missing {
        return None;
    }
    script
        .programs
        .iter()
        .flat_map(|p| &p.attach)
        .find_map(|a| match a {
            sonde_compiler::script::Attach::Kprobe { function, .. } => Some(function.clone()),
            _ => None,
        })
}

/// Whether this kernel loads an fentry program on `function`: a program
/// that does nothing is compiled and loaded, never attached.
fn fentry_runs(kernel: &(dyn Kernel + Sync), function: &str) -> bool {
    let probe = Source::new("fentry probe", format!("fentry:{function} {{ }}"));
    match sonde_compiler::compile(&probe, kernel, &Options::default()) {
        Ok(compiled) => sonde_runtime::loads(&compiled.script),
        Err(_) => false,
    }
}

/// Options from the environment, named as bpftrace names them. They win
/// over a script's config block, as in bpftrace.
fn compile_options() -> Result<Options, String> {
    let mut options = Options::default();
    let positive = |var: &str, text: &str| {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{var}={text} is not a positive integer"))
    };
    for var in ["BPFTRACE_MAX_MAP_KEYS", "BPFTRACE_MAP_KEYS_MAX"] {
        if let Ok(text) = std::env::var(var) {
            options.max_map_keys = positive(var, &text)?;
            options.set_by_environment.push("max_map_keys");
            break;
        }
    }
    // BPFTRACE_STRLEN is bpftrace 0.17's name for it.
    for var in ["BPFTRACE_MAX_STRLEN", "BPFTRACE_STRLEN"] {
        if let Ok(text) = std::env::var(var) {
            options.max_strlen = text
                .trim()
                .parse::<u64>()
                .ok()
                .and_then(sonde_compiler::config::max_strlen)
                .ok_or_else(|| {
                    format!(
                        "{var}={text} is not an integer from 8 to {}",
                        sonde_compiler::script::MAX_STRING_SIZE
                    )
                })?;
            options.set_by_environment.push("max_strlen");
            break;
        }
    }
    if let Ok(text) = std::env::var("BPFTRACE_PERF_RB_PAGES") {
        options.ring_pages = Some(positive("BPFTRACE_PERF_RB_PAGES", &text)?);
        options.set_by_environment.push("perf_rb_pages");
    }
    if let Ok(text) = std::env::var("BPFTRACE_MISSING_PROBES") {
        options.missing_probes = match text.trim() {
            "error" => MissingProbes::Error,
            "warn" => MissingProbes::Warn,
            "ignore" => MissingProbes::Ignore,
            other => {
                return Err(format!(
                    "BPFTRACE_MISSING_PROBES={other} is not error, warn or ignore"
                ));
            }
        };
        options.set_by_environment.push("missing_probes");
    }
    if let Ok(text) = std::env::var("BPFTRACE_STACK_MODE") {
        options.stack_mode = StackMode::from_name(text.trim())
            .ok_or_else(|| format!("BPFTRACE_STACK_MODE={text} is not bpftrace, perf or raw"))?;
        options.set_by_environment.push("stack_mode");
    }
    Ok(options)
}

/// A verifier rejection shown at the script line it came from, with the
/// reason in plain words and the end of the kernel's log.
fn report_rejection(source: &Source, rejection: &Rejection) -> String {
    let message = format!(
        "the kernel verifier rejected the program for {}",
        rejection.probe
    );
    let label = rejection.explanation().unwrap_or("rejected here");
    let diagnostic = match rejection
        .source_line()
        .and_then(|line| diag::line_span(&source.text, line))
    {
        Some(span) => Diagnostic::error(&message, span).with_label(label),
        None => {
            let d = Diagnostic::global(&message);
            match rejection.explanation() {
                Some(why) => d.with_hint(why),
                None => d,
            }
        }
    };
    eprint!("{}", diag::render(source, &[diagnostic]));
    let (skipped, tail) = rejection.log_tail();
    eprintln!(
        "the verifier's last words{}:",
        if skipped > 0 { " (-v shows all)" } else { "" }
    );
    for line in tail {
        eprintln!("  {line}");
    }
    format!("could not load {}", source.name)
}

/// Renders compile errors and returns the one-line summary for the caller.
fn report(source: &Source, diagnostics: &[Diagnostic]) -> String {
    eprint!("{}", diag::render(source, diagnostics));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    format!(
        "could not compile {} ({errors} error{})",
        source.name,
        if errors == 1 { "" } else { "s" }
    )
}

fn read_source(cli: &Cli) -> Result<Source, String> {
    let (name, bytes) = match (&cli.program, &cli.file) {
        (Some(program), _) => ("-e".to_string(), program.clone().into_bytes()),
        (None, Some(path)) if path == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read the script from stdin: {e}"))?;
            ("stdin".to_string(), bytes)
        }
        (None, Some(path)) => {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            (path.clone(), bytes)
        }
        (None, None) => {
            return Err("no program given: use -e 'PROGRAM' or a script file (see --help)".into());
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not valid UTF-8 (byte {} is not part of a character)",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Source::new(name, text))
}

fn list(pattern: Option<&str>, verbose: bool, kernel: &dyn Kernel) -> Result<ExitCode, String> {
    let names = probes::list(pattern, verbose, kernel)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for name in names {
        if writeln!(out, "{name}").is_err() {
            break;
        }
    }
    let _ = out.flush();
    Ok(ExitCode::SUCCESS)
}

/// `--name=value` → (name, Some(value)); `--name` → (name, None); anything
/// else (`-5`, `--`, `--2`) is not a named argument.
fn named_argument(operand: &str) -> Option<(String, Option<String>)> {
    let rest = operand.strip_prefix("--")?;
    let (name, value) = match rest.split_once('=') {
        Some((name, value)) => (name, Some(value.to_string())),
        None => (rest, None),
    };
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() || first == '_')
        .then_some(())
        .filter(|_| chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map(|_| (name.to_string(), value))
}
