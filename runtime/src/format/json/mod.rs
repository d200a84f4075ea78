//! `-f json`: bpftrace's NDJSON output, one object a line.
//!
//! Shapes and spacing are bpftrace 0.17's, byte for byte, except for non-ASCII
//! bytes: bpftrace escapes 0xff as `\uffffffff` (U+FFFF then "ffff" to a
//! parser), Sonde decodes them lossily as UTF-8. Each function returns one line
//! without its newline.

mod histograms;
mod maps;
mod values;

pub use maps::map;
pub use values::{escape, print_value};

pub fn attached_probes(n: usize) -> String {
    format!("{{\"type\": \"attached_probes\", \"data\": {{\"probes\": {n}}}}}")
}

/// A printf/time/join record: `{"type": KIND, "data": TEXT}`.
pub fn message(kind: &str, text: &str) -> String {
    format!("{{\"type\": \"{kind}\", \"data\": {}}}", escape(text))
}

#[cfg(test)]
mod tests;
