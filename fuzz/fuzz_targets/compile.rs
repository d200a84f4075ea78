//! Any text through the whole compiler (parse, semantic passes, LLVM codegen
//! and BPF emission) against the fixture kernel, with this machine's kernel
//! types when it has BTF: it may be rejected with diagnostics, but must never
//! panic, hang or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sonde_compiler::{FixtureKernel, Options, Source, Stage};
use std::sync::OnceLock;

static KERNEL: OnceLock<FixtureKernel> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let kernel = KERNEL
        .get_or_init(|| FixtureKernel::standard().with_kernel_types("/sys/kernel/btf/vmlinux"));
    if let Ok(text) = std::str::from_utf8(data) {
        let source = Source::new("fuzz", text);
        let _ = sonde_compiler::emit(&source, kernel, &Options::default(), Stage::Obj);
    }
});
