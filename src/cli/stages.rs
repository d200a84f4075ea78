//! The compile stages the command line shows or writes before a run: `-d`
//! (on the terminal, under bpftrace's headings) and `--emit-elf`,
//! `--emit-llvm` (to files). `--emit` (print one stage and stop) is in
//! `main.rs`.

use super::args::{Cli, DebugStage};
use super::report;
use sonde_compiler::script::CompiledScript;
use sonde_compiler::{Kernel, Options, Source, Stage};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Compiles as far as `stage`; a compile error is reported as the run's.
pub fn emit(
    source: &Source,
    kernel: &(dyn Kernel + Sync),
    options: &Options,
    stage: Stage,
) -> Result<Vec<u8>, String> {
    sonde_compiler::emit(source, kernel, options, stage)
        .map_err(|d| report::compile_errors(source, &d))
}

/// `-d STAGE,...`: each stage asked for, before the run.
pub fn debug(
    stages: &[DebugStage],
    source: &Source,
    kernel: &(dyn Kernel + Sync),
    options: &Options,
) -> Result<(), String> {
    let wants = |stage| stages.contains(&stage) || stages.contains(&DebugStage::All);
    if wants(DebugStage::Ast) {
        let ast = emit(source, kernel, options, Stage::Ast)?;
        eprintln!("AST\n-------------------");
        eprintln!("{}", String::from_utf8_lossy(&ast));
    }
    let ir_stages = [
        (
            DebugStage::Codegen,
            Stage::LlvmOriginal,
            "LLVM IR before optimization\n---------------------------\n\n",
        ),
        (
            DebugStage::CodegenOpt,
            Stage::Llvm,
            "\nLLVM IR after optimization\n----------------------------\n\n",
        ),
    ];
    for (stage, emitted, heading) in ir_stages {
        if !wants(stage) {
            continue;
        }
        let ir = emit(source, kernel, options, emitted)?;
        let mut out = std::io::stdout().lock();
        let written = out
            .write_all(heading.as_bytes())
            .and_then(|()| out.write_all(&ir))
            .and_then(|()| out.flush());
        written.map_err(|e| format!("cannot write output: {}", report::plain(&e)))?;
    }
    Ok(())
}

/// `--emit-elf FILE` and `--emit-llvm FILE`: the object and the IR, written
/// before the run, as bpftrace writes them.
pub fn write_files(
    cli: &Cli,
    source: &Source,
    kernel: &(dyn Kernel + Sync),
    options: &Options,
    script: &CompiledScript,
) -> Result<(), String> {
    if let Some(path) = &cli.emit_elf {
        write(path, &script.object)?;
    }
    if let Some(base) = &cli.emit_llvm {
        for (suffix, stage) in [
            ("original.ll", Stage::LlvmOriginal),
            ("optimized.ll", Stage::Llvm),
        ] {
            let ir = emit(source, kernel, options, stage)?;
            write(&with_suffix(base, suffix), &ir)?;
        }
    }
    Ok(())
}

/// `FILE.suffix`, keeping what FILE's name already ends with.
fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes)
        .map_err(|e| format!("cannot write {}: {}", path.display(), report::plain(&e)))
}
