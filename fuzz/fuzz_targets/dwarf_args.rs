//! Any file as a binary whose functions' parameters are read from DWARF, as
//! a uprobe's `args` are (`kernel::dwarf`), for the functions its symbols
//! name. Malformed DWARF (or compressed sections that claim any size) must
//! give an error naming the file or no parameters, never a panic, a hang or
//! an allocation the file's size does not justify.
#![no_main]

mod harness;

use libfuzzer_sys::fuzz_target;
use sonde_compiler::kernel::{dwarf, elf};

fuzz_target!(|data: &[u8]| {
    let path = harness::file("binary", data);
    let mut names: Vec<String> = elf::functions(&path)
        .map(|functions| functions.into_iter().take(8).map(|f| f.name).collect())
        .unwrap_or_default();
    names.push("main".into());
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if let Err(e) = dwarf::functions_args(&path, &names, &[]) {
        // Or the system's debug file its build id names.
        if !e.contains(sonde_script::debug_files::SYSTEM_DEBUG_DIR) {
            harness::names_file(&e, &path);
        }
    }
});
