//! Golden files, no kernel needed: every `tests/golden/NAME.bt` is compiled
//! against the fixture kernel (tracepoint formats copied from Linux 6.18).
//! A script that compiles must produce `NAME.ll` (LLVM IR after optimisation);
//! one that does not must produce the diagnostics in `NAME.err`.
//!
//! After an intended change, regenerate with `SONDE_BLESS=1 cargo test --test golden`
//! and review the diff.

use sonde_compiler::{FixtureKernel, Options, Source, Stage, diag, emit};
use std::path::{Path, PathBuf};

#[test]
fn golden_outputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("SONDE_BLESS").is_some();
    let kernel = FixtureKernel::standard();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bt"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 5, "the golden corpus is missing");
    let mut mismatches = Vec::new();
    for script in &scripts {
        let text = std::fs::read_to_string(script).expect("readable script");
        let name = script
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = Source::new(name, text);
        let (actual, golden) = match emit(&source, &kernel, &Options::default(), Stage::Llvm) {
            Ok(bytes) => (
                String::from_utf8_lossy(&bytes).into_owned(),
                script.with_extension("ll"),
            ),
            Err(diags) => (diag::render(&source, &diags), script.with_extension("err")),
        };
        if bless {
            std::fs::write(&golden, &actual).expect("write golden file");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {}
            Ok(_) => mismatches.push(format!("{} differs from the output", golden.display())),
            Err(_) => mismatches.push(format!("{} is missing", golden.display())),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(regenerate with SONDE_BLESS=1 cargo test --test golden, then review the diff)",
        mismatches.join("\n")
    );
}
