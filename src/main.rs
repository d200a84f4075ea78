//! `sonde`: the command line. Wiring only: read the script, compile it, run
//! it. The rooms (`cli/`) hold what is typed, the script's arguments,
//! listing, the environment, messages and `--info`.

mod cli;

use cli::args::{BufferMode, Cli, EmitStage, Invocation, OutputFormat};
use cli::params::Verdict;
use cli::report;
use sonde_compiler::{FixtureKernel, Kernel, LiveKernel, Options, Source, Stage, diag};
use sonde_runtime::{Format, Output, RunError, RunOptions, StopAfter};
use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::args::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            ExitCode::from(1)
        }
    }
}

/// Said when a script compiles against the fixture kernel (`--fixture-kernel`),
/// where Sonde stops instead of loading it.
const FIXTURE_COMPILED: &str = "compiled against the fixture kernel; nothing is loaded";

fn run(cli: Cli) -> Result<ExitCode, String> {
    if let Some(what) = cli.generate {
        let mut stdout = std::io::stdout().lock();
        return match cli::generate::write(what, &mut stdout) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            // `sonde --generate man | head`: the reader has what it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
            Err(e) => Err(format!("cannot write the generated text: {e}")),
        };
    }
    if cli.info {
        cli::info::print();
        return Ok(ExitCode::SUCCESS);
    }
    let fixture = cli.fixture_kernel.then(FixtureKernel::standard);
    let live = LiveKernel {
        traceable_functions: cli.traceable_functions.clone(),
        debuginfo_dirs: cli.debuginfo_dirs(),
    };
    let kernel: &(dyn Kernel + Sync) = match &fixture {
        Some(fixture) => fixture,
        None => &live,
    };
    let warnings = !cli.no_warnings;
    let (file, positional, named) = match cli.invocation()? {
        Invocation::ListPatterns(patterns) => {
            cli::listing::patterns(&patterns, cli.verbose, warnings, kernel)?;
            return Ok(ExitCode::SUCCESS);
        }
        Invocation::Script {
            file,
            positional,
            named,
        } => (file, positional, named),
    };
    let source = read_source(cli.program.as_deref(), file.as_deref())?;
    if !cli.list {
        match cli::params::check(&named, &cli::params::declared(&source)) {
            Verdict::Run => {}
            Verdict::Refuse(text) => {
                eprintln!("{text}");
                return Err(String::new());
            }
        }
    }
    let metrics = match &cli.metrics {
        Some(text) => Some(
            sonde_compiler::script::endpoint::metrics_address(text)
                .map_err(|e| format!("--metrics: {e}"))?,
        ),
        None => None,
    };
    let mut options = cli::environment::compile_options()?;
    options.has_command = cli.command.is_some();
    options.allow_unsafe = cli.allow_unsafe;
    options.helper_errors = cli.helper_errors;
    options.verify_ir = cli.verify_llvm_ir;
    options.positional = positional;
    options.named_args = named;
    // The compiler keeps hist sums only when metrics are served.
    if metrics.is_some() {
        options.metrics = metrics;
    }
    if let Some(pid) = cli.pid {
        if pid == 0 || !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            return Err(format!("there is no process with pid {pid}"));
        }
        options.pid = Some(pid);
    }
    if let Some(stage) = cli.emit {
        let stage = match stage {
            EmitStage::Ast => Stage::Ast,
            EmitStage::Llvm => Stage::Llvm,
            EmitStage::Asm => Stage::Asm,
            EmitStage::Obj => Stage::Obj,
        };
        let bytes = cli::stages::emit(&source, kernel, &options, stage)?;
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| format!("cannot write output: {}", report::plain(&e)))?;
        return Ok(ExitCode::SUCCESS);
    }
    let compile = |options: &Options| {
        sonde_compiler::compile(&source, kernel, options)
            .map_err(|d| report::compile_errors(&source, &d))
    };
    let mut compiled = compile(&options)?;
    // The fallback asks this machine's kernel, which the fixture is not.
    if fixture.is_none()
        && let Some(function) = kprobe_needing_fentry(&compiled.script)
        && fentry_runs(kernel, &function)
    {
        if warnings {
            eprintln!(
                "kprobes are not available on this kernel: kprobes run as fentry, kretprobes as fexit (those with an offset stay kprobes)"
            );
        }
        options.kprobes_as_fentry = true;
        compiled = compile(&options)?;
    }
    if warnings && !compiled.warnings.is_empty() {
        eprint!("{}", diag::render(&source, &compiled.warnings));
    }
    let script = compiled.script;
    if cli.list {
        cli::listing::script_probes(&script);
        return Ok(ExitCode::SUCCESS);
    }
    cli::stages::debug(&cli.debug, &source, kernel, &options)?;
    cli::stages::write_files(&cli, &source, kernel, &options, &script)?;
    if fixture.is_some() {
        eprintln!("{FIXTURE_COMPILED}");
        return Ok(ExitCode::SUCCESS);
    }
    cli::privileges::check(&script)?;
    let format = match cli.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
    };
    let buffering = BufferMode::buffering(cli.buffering);
    let output = match &cli.output {
        Some(path) => {
            let file = cli::output_file::open(path)?;
            Output::buffered(Box::new(file), format, buffering).named(path.display().to_string())
        }
        None => Output::buffered(Box::new(std::io::stdout()), format, buffering),
    }
    .quiet(cli.quiet)
    .warnings(warnings);
    let options = RunOptions {
        output,
        perf_pages: cli
            .perf_pages
            .or(script.ring_pages.map(|p| p as usize))
            .unwrap_or(64)
            .max(1),
        verbose: cli.verbose,
        stop_after: if cli.verify {
            StopAfter::Verifying
        } else if cli.dry_run {
            StopAfter::Attaching
        } else {
            StopAfter::Running
        },
        command: cli.command.clone(),
        debuginfo_dirs: cli.debuginfo_dirs(),
        // The flag, else SONDE_METRICS, else the config block.
        metrics: metrics.or(script.metrics),
    };
    let summary = match sonde_runtime::run(&script, options) {
        Ok(summary) => summary,
        Err(RunError::Verifier(rejection)) => return Err(report::rejection(&source, &rejection)),
        // `| head`: the reader has what it wanted; end as bpftrace does.
        Err(RunError::OutputClosed) => return Ok(ExitCode::SUCCESS),
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

/// The script: `-e`'s program, standard input (`-`) or a file.
fn read_source(program: Option<&str>, file: Option<&str>) -> Result<Source, String> {
    let (name, bytes) = match (program, file) {
        (Some(program), _) => ("-e".to_string(), program.as_bytes().to_vec()),
        (None, Some("-")) => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read the script from stdin: {}", report::plain(&e)))?;
            ("stdin".to_string(), bytes)
        }
        (None, Some(path)) => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read {path}: {}", report::plain(&e)))?;
            (path.to_string(), bytes)
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
