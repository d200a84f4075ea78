//! Any file as a binary with `.note.stapsdt` USDT notes, and their argument
//! specs decoded; any text as argument specs too. Malformed notes must give
//! an error naming the file (or no probe), never a panic or a hang.
#![no_main]

mod harness;

use libfuzzer_sys::fuzz_target;
use sonde_compiler::kernel::elf;
use sonde_compiler::probes::usdt_arguments;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = usdt_arguments(text);
    }
    let path = harness::file("binary", data);
    match elf::usdt_notes(&path) {
        Ok(notes) => {
            for note in notes.iter().take(32) {
                let _ = usdt_arguments(&note.arguments);
                for address in [note.address, note.semaphore] {
                    if let Err(e) = elf::file_offset(&path, address) {
                        harness::names_file(&e, &path);
                    }
                }
            }
        }
        Err(e) => harness::names_file(&e, &path),
    }
});
