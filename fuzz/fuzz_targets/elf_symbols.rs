//! Any file as a binary whose function symbols are read: the compiler's
//! uprobe and `uaddr` lookups (`kernel::elf`) and the runtime's symbolizer
//! (`ElfSymbols`). Malformed files must give an error naming the file, never
//! a panic, a hang or an allocation the file's size does not justify.
#![no_main]

mod harness;

use libfuzzer_sys::fuzz_target;
use sonde_compiler::kernel::elf;
use sonde_runtime::readers::ElfSymbols;

fuzz_target!(|data: &[u8]| {
    let path = harness::file("binary", data);
    let mut addresses = vec![0, 1, 0x1000, u64::MAX];
    match elf::functions(&path) {
        Ok(functions) => {
            for function in functions.iter().take(8) {
                addresses.push(function.address);
                let _ = elf::symbol(&path, &function.name);
            }
        }
        Err(e) => harness::names_file(&e, &path),
    }
    if let Err(e) = elf::symbol(&path, "main") {
        harness::names_file(&e, &path);
    }
    for &address in &addresses {
        match elf::file_offset(&path, address) {
            Ok(Some(offset)) => {
                let _ = elf::address_of_offset(&path, offset);
            }
            Ok(None) => {}
            Err(e) => harness::names_file(&e, &path),
        }
        let _ = elf::address_of_offset(&path, address);
    }
    match ElfSymbols::load(&path, &[]) {
        Ok(symbols) => {
            for &address in &addresses {
                let _ = symbols.lookup(address);
                let _ = symbols.address_of_offset(address);
            }
        }
        Err(e) => harness::names_file(&e, &path),
    }
});
