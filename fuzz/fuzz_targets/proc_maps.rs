//! Any text as a process's `/proc/PID/maps`, as the runtime reads it to name
//! user addresses: every mapping found is looked up at its edges. It must
//! never panic (an address, offset or range may be anything).
#![no_main]

mod harness;

use libfuzzer_sys::fuzz_target;
use sonde_runtime::readers::{locate_mapping, parse_mappings};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mappings = parse_mappings(text);
    for mapping in mappings.iter().take(64) {
        for address in [
            mapping.start,
            mapping.end,
            mapping.end.wrapping_sub(1),
            mapping.start.wrapping_add(mapping.offset),
        ] {
            let _ = locate_mapping(&mappings, address);
        }
    }
    let _ = locate_mapping(&mappings, u64::MAX);
});
