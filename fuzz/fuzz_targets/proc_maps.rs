//! Any text as a process's `/proc/PID/maps` (`sonde_script::proc_maps`), as
//! the runtime reads it to name user addresses and the compiler to find the
//! files a `usdt` probe searches under `-p`: every mapping found is looked up
//! at its edges. It must
//! never panic (an address, offset or range may be anything).
#![no_main]

mod harness;

use libfuzzer_sys::fuzz_target;
use sonde_script::proc_maps;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mappings = proc_maps::parse(text);
    for mapping in mappings.iter().take(64) {
        for address in [
            mapping.start,
            mapping.end,
            mapping.end.wrapping_sub(1),
            mapping.start.wrapping_add(mapping.offset),
        ] {
            let _ = proc_maps::locate(&mappings, address);
        }
    }
    let _ = proc_maps::locate(&mappings, u64::MAX);
});
