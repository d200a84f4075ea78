//! Any text through the whole compiler (parse, semantic passes, LLVM codegen
//! and BPF emission) against the fixture kernel: it may be rejected with
//! diagnostics, but must never panic, hang or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sonde_compiler::{FixtureKernel, Options, Source, Stage};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let source = Source::new("fuzz", text);
        let _ = sonde_compiler::emit(
            &source,
            &FixtureKernel::standard(),
            &Options::default(),
            Stage::Obj,
        );
    }
});
