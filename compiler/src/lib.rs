//! The Sonde compiler: script text → `CompiledScript` (a BPF object plus the
//! tables the runtime needs). No file descriptors, no attach calls here.

pub mod ast;
pub mod btf_access;
pub mod builtins;
mod codegen;
pub mod config;
pub mod ctypes;
pub mod diag;
pub mod duration;
pub mod kernel;
pub mod macros;
pub mod named_options;
pub mod options;
pub mod parse;
pub mod preprocess;
pub mod probes;
mod scope;
pub mod script;
pub mod sema;
pub mod type_syntax;
pub mod types;

/// printf formats are parsed here and read by the runtime: the parser lives
/// with the contract.
pub use sonde_script::printf_format;

pub use diag::{Diagnostic, Source};
pub use kernel::{FixtureKernel, Kernel, LiveKernel};
pub use options::Options;
pub use script::CompiledScript;

/// Stack for compiling: the parser and the passes recurse once per nesting
/// level of the script, and pest's frames are large (tens of KiB a level in a
/// debug build), so the default 2-8 MiB would overflow before the nesting
/// limit does.
const COMPILER_STACK: usize = 256 << 20;

/// Runs `f` on a thread with `COMPILER_STACK` of stack (reserved, not committed).
pub(crate) fn with_big_stack<T: Send>(
    f: impl FnOnce() -> Result<T, Vec<Diagnostic>> + Send,
) -> Result<T, Vec<Diagnostic>> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("sonde-compile".into())
            .stack_size(COMPILER_STACK)
            .spawn_scoped(scope, f);
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(vec![Diagnostic::global(
                    "internal compiler error: the compiler panicked",
                )])
            }),
            Err(e) => Err(vec![Diagnostic::global(format!(
                "cannot start the compiler thread: {e}"
            ))]),
        }
    })
}

/// The stages `--emit` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Ast,
    /// The LLVM IR before optimisation.
    LlvmOriginal,
    Llvm,
    Asm,
    Obj,
}

/// The script parsed, its macros expanded and then its builtin variables
/// resolved (after expansion, since a macro's name or parameter takes
/// precedence over a builtin's).
pub(crate) fn syntax_tree(text: &str) -> Result<ast::Program, Vec<Diagnostic>> {
    let mut program = parse::parse(text)?;
    macros::expand(&mut program)?;
    parse::resolve_builtins(&mut program);
    Ok(program)
}

fn front_end(
    source: &Source,
    kernel: &dyn Kernel,
    options: &Options,
) -> Result<(ast::Program, sema::Analysis), Vec<Diagnostic>> {
    let program = syntax_tree(&source.text)?;
    let mut options = options.clone();
    config::apply(&program.config, &mut options)?;
    let options = &options;
    if program.probes.is_empty() {
        return Err(vec![
            Diagnostic::global("the script has no probes").with_hint(
                "a probe looks like: tracepoint:syscalls:sys_enter_sync { printf(\"sync\\n\"); }",
            ),
        ]);
    }
    let analysis = sema::analyse(&program, kernel, options)?;
    Ok((program, analysis))
}

/// What compiling makes: the script for the runtime, and the warnings for
/// the user. The warnings are kept out of `CompiledScript` because the
/// runtime has no use for them and the contract holds plain layouts, not
/// the compiler's diagnostics.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub script: CompiledScript,
    /// Warnings from compiling (probes skipped under `missing_probes = "warn"`).
    pub warnings: Vec<Diagnostic>,
}

/// Compiles a script for loading.
pub fn compile(
    source: &Source,
    kernel: &(dyn Kernel + Sync),
    options: &Options,
) -> Result<Compiled, Vec<Diagnostic>> {
    with_big_stack(|| compile_here(source, kernel, options))
}

fn compile_here(
    source: &Source,
    kernel: &dyn Kernel,
    options: &Options,
) -> Result<Compiled, Vec<Diagnostic>> {
    let (program, analysis) = front_end(source, kernel, options)?;
    // max_probes was checked as the wildcards expanded (sema); the programs
    // are counted before codegen makes them.
    let programs: usize = analysis
        .probes
        .iter()
        .map(|p| codegen::program_groups(p).len())
        .sum();
    if programs > analysis.max_programs {
        return Err(vec![
            Diagnostic::global(format!(
                "the script needs {programs} programs, more than max_bpf_progs ({})",
                analysis.max_programs
            ))
            .with_hint("raise it with config = { max_bpf_progs = N } if you mean it"),
        ]);
    }
    let generated = codegen::generate(&program, &analysis, source, codegen::Artifact::Object)?;
    let stack_maps = analysis.stack_maps();
    let mut printfs = analysis.printfs;
    for spec in &mut printfs {
        for piece in &mut spec.pieces {
            if let script::FormatPiece::Diagnostic { location, span, .. } = piece {
                *location = source_location(source, span.0, span.1);
            }
        }
    }
    let script = CompiledScript {
        object: generated.bytes,
        programs: generated.programs,
        maps: analysis.maps,
        printfs,
        missing_probes: analysis.missing_probes,
        ring_pages: analysis.ring_pages,
        metrics: analysis.metrics,
        pid: analysis.pid,
        stack_maps,
        print_maps_on_exit: analysis.print_maps_on_exit,
        max_cat_bytes: analysis.max_cat_bytes,
        string_size: analysis.string_size,
        max_strlen: analysis.max_strlen,
        str_trunc_trailer: analysis.str_trunc_trailer.clone(),
        helper_error_sites: generated
            .helper_error_sites
            .iter()
            .map(|&(helper, (start, end))| helper_error_site(source, helper, start, end))
            .collect(),
    };
    Ok(Compiled {
        script,
        warnings: analysis.warnings,
    })
}

/// Compiles a script as far as `stage` and returns that stage's text or bytes.
pub fn emit(
    source: &Source,
    kernel: &(dyn Kernel + Sync),
    options: &Options,
    stage: Stage,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    with_big_stack(|| emit_here(source, kernel, options, stage))
}

fn emit_here(
    source: &Source,
    kernel: &dyn Kernel,
    options: &Options,
    stage: Stage,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    if stage == Stage::Ast {
        let program = syntax_tree(&source.text)?;
        return Ok(format!("{program:#?}\n").into_bytes());
    }
    let (program, analysis) = front_end(source, kernel, options)?;
    let artifact = match stage {
        Stage::LlvmOriginal => codegen::Artifact::LlvmOriginal,
        Stage::Llvm => codegen::Artifact::Llvm,
        Stage::Asm => codegen::Artifact::Asm,
        Stage::Ast | Stage::Obj => codegen::Artifact::Object,
    };
    Ok(codegen::generate(&program, &analysis, source, artifact)?.bytes)
}

/// `NAME:LINE:COL-ENDCOL` of a span, as bpftrace places errorf() messages
/// (a one-liner is `stdin`); columns count from 1, the end is exclusive.
fn source_location(source: &Source, start: usize, end: usize) -> String {
    let name = if source.name == "-e" {
        "stdin"
    } else {
        source.name.as_str()
    };
    let before = source.text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = start - line_start + 1;
    let end_col = col + end.saturating_sub(start);
    format!("{name}:{line}:{col}-{end_col}")
}

/// Where a `-k` probe read is: its location, line and column, and the
/// source line with `~` under the read, as bpftrace shows its helper errors.
fn helper_error_site(
    source: &Source,
    helper: &str,
    start: usize,
    end: usize,
) -> script::HelperErrorSite {
    let before = source.text.get(..start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = source
        .text
        .get(line_start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(source.text.len(), |i| line_start + i);
    let column = start - line_start + 1;
    // A read's span may run past its line; the marker stops at the line's end.
    let width = end.min(line_end).saturating_sub(start).max(1);
    script::HelperErrorSite {
        helper: helper.to_string(),
        location: source_location(source, start, end),
        filename: if source.name == "-e" {
            "stdin".to_string()
        } else {
            source.name.clone()
        },
        line: u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        source_line: source
            .text
            .get(line_start..line_end)
            .unwrap_or("")
            .to_string(),
        marker: format!("{}{}", " ".repeat(column - 1), "~".repeat(width)),
    }
}

/// The version of the LLVM Sonde generates code with (`--info`).
pub fn llvm_version() -> (u32, u32, u32) {
    inkwell::support::get_llvm_version()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_size_of(text: &str) -> u32 {
        let compiled = compile(
            &Source::new("-e", text),
            &FixtureKernel::standard(),
            &Options::default(),
        )
        .expect("compiles");
        compiled.script.string_size
    }

    /// The runtime learns the script's string size from the script, not
    /// from the compiler's per-thread setting: max_strlen + 1 bytes (room
    /// to see that a string filled max_strlen), rounded up to 8.
    #[test]
    fn compiled_script_carries_its_string_size() {
        assert_eq!(
            string_size_of("BEGIN { @s = comm; }"),
            script::DEFAULT_STRING_SIZE + 8
        );
        assert_eq!(
            string_size_of("config = { max_strlen = 100 } BEGIN { @s = comm; }"),
            104
        );
    }

    /// Two scripts compiled one after the other on the same thread each get
    /// their own string size: nothing of the first stays for the second.
    #[test]
    fn scripts_compiled_on_one_thread_keep_their_own_string_size() {
        let here = |text: &str| {
            compile_here(
                &Source::new("-e", text),
                &FixtureKernel::standard(),
                &Options::default(),
            )
            .expect("compiles")
            .script
        };
        let long = here("config = { max_strlen = 200 } BEGIN { @s = (comm, 1); }");
        let plain = here("BEGIN { @s = (comm, 1); }");
        let short = here("config = { max_strlen = 16 } BEGIN { @s = (comm, 1); }");
        assert_eq!(long.string_size, 208);
        assert_eq!(plain.string_size, script::DEFAULT_STRING_SIZE + 8);
        assert_eq!(short.string_size, 24);
        // A string in a tuple takes a whole string-size slot.
        let tuple_string = |s: &CompiledScript| {
            let value = s.maps.iter().find(|m| m.name == "@s").map(|m| &m.value);
            match value {
                Some(script::ValueKind::Tuple(fields)) => fields.first().cloned(),
                _ => None,
            }
        };
        let string_of = |size| Some(script::ValueKind::Str { size });
        assert_eq!(tuple_string(&long), string_of(208));
        assert_eq!(
            tuple_string(&plain),
            string_of(script::DEFAULT_STRING_SIZE + 8)
        );
        assert_eq!(tuple_string(&short), string_of(24));
    }

    /// Each analysis keeps its own string size while another script is
    /// analysed after it on the same thread: the interleaving a per-thread
    /// setting would get wrong (the first would take the second's size).
    #[test]
    fn analyses_on_one_thread_do_not_share_a_string_size() {
        let analyse = |text: &str| {
            front_end(
                &Source::new("-e", text),
                &FixtureKernel::standard(),
                &Options::default(),
            )
            .expect("analyses")
            .1
        };
        let long = analyse("config = { max_strlen = 200 } BEGIN { @s = comm; }");
        let short = analyse("config = { max_strlen = 16 } BEGIN { @s = comm; }");
        let string = |size| Some(script::ValueKind::Str { size });
        assert_eq!(long.layout(types::Type::Str), string(208));
        assert_eq!(short.layout(types::Type::Str), string(24));
    }
}
