//! `-f json`: bpftrace's NDJSON output, one object a line.
//!
//! Shapes and spacing are bpftrace 0.27's, byte for byte, except for non-ASCII
//! bytes: bpftrace escapes each byte from 0x80 up as `\uffffffXX` (to a parser,
//! U+FFFF then the letters "ffXX"), Sonde decodes the bytes as UTF-8 (lossily).
//! Each function returns one line without its newline.

mod histograms;
mod maps;
mod values;

pub use maps::map;
pub use values::{escape, print_value, signed, unsigned};

/// Once the probes are attached (before BEGIN's output).
pub fn attached_probes(n: usize) -> String {
    format!("{{\"type\": \"attached_probes\", \"count\": {n}, \"data\": {{\"probes\": {n}}}}}")
}

/// Records the ring buffer could not take since the last report.
pub fn lost_events(n: u64) -> String {
    format!("{{\"type\": \"lost_events\", \"count\": {n}, \"data\": {{\"events\": {n}}}}}")
}

/// A printf/time/join/cat/syscall record: `{"type": KIND, "data": TEXT}`.
/// join()'s text ends with the newline that text output prints; bpftrace's
/// record leaves it out.
pub fn message(kind: &str, text: &str) -> String {
    let text = match kind {
        "join" => text.strip_suffix('\n').unwrap_or(text),
        _ => text,
    };
    format!("{{\"type\": \"{kind}\", \"data\": {}}}", escape(text))
}

/// errorf() (`level` "ERROR") or warnf(): `{"type": "errorf", "msg": TEXT,
/// "filename": F, "line": L, "col": C}`, the place being the call's start.
/// `location` is the compiler's `FILE:LINE:COL-ENDCOL`.
pub fn diagnostic(level: &str, location: &str, text: &str) -> String {
    let kind = if level == "ERROR" { "errorf" } else { "warnf" };
    let (filename, line, col) = split_location(location);
    format!(
        "{{\"type\": \"{kind}\", \"msg\": {}, \"filename\": {}, \"line\": {line}, \"col\": {col}}}",
        escape(text),
        escape(filename)
    )
}

/// `FILE:LINE:COL-ENDCOL` as its file, line and first column; a location
/// of another shape is all file, at 0:0.
fn split_location(location: &str) -> (&str, u64, u64) {
    let mut parts = location.rsplitn(3, ':');
    let (Some(columns), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return (location, 0, 0);
    };
    let col = columns.split('-').next().and_then(|c| c.parse().ok());
    match (line.parse(), col) {
        (Ok(line), Some(col)) => (file, line, col),
        _ => (location, 0, 0),
    }
}

#[cfg(test)]
mod tests;
