//! A process's file mappings (`/proc/PID/maps`), read from the process;
//! the text's parser is shared with the compiler (`sonde_script::proc_maps`).

pub use sonde_script::proc_maps::{Mapping, locate, parse};

/// The file-backed mappings of process `pid`; an error when it is gone.
pub fn mappings(pid: u32) -> std::io::Result<Vec<Mapping>> {
    Ok(parse(&std::fs::read_to_string(format!(
        "/proc/{pid}/maps"
    ))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_mappings_and_a_gone_one_none() {
        assert!(
            !mappings(std::process::id())
                .expect("our own maps")
                .is_empty()
        );
        // Above the kernel's pid limit (2^22): no such process.
        assert!(mappings(5_000_000).is_err());
    }
}
