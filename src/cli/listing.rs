//! `-l`: probes that exist (by pattern, or every kernel probe), or the
//! probes a script attaches (`-l FILE`, `-l -e PROGRAM`).

use sonde_compiler::script::CompiledScript;
use sonde_compiler::{Kernel, probes};
use std::io::Write;

/// Lists the probes matching each pattern in turn (every kernel probe when
/// there is none), as bpftrace lists comma-separated patterns.
pub fn patterns(
    patterns: &[String],
    verbose: bool,
    warnings: bool,
    kernel: &dyn Kernel,
) -> Result<(), String> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let all = [None];
    let searches: Vec<Option<&str>> = if patterns.is_empty() {
        all.to_vec()
    } else {
        patterns.iter().map(|p| Some(p.as_str())).collect()
    };
    for search in searches {
        if let Some(p) = search
            && warnings
            && looks_like_a_file(p)
        {
            eprintln!(
                "warning: '{p}' looks like a file name, but there is no such file: listing the probes that match it as a pattern"
            );
        }
        for name in probes::list(search, verbose, kernel)? {
            if writeln!(out, "{name}").is_err() {
                // stdout closed (`| head`): nothing more to say.
                return Ok(());
            }
        }
    }
    let _ = out.flush();
    Ok(())
}

/// bpftrace's test: a dot, and neither `:` nor `*`.
fn looks_like_a_file(pattern: &str) -> bool {
    pattern.contains('.') && !pattern.contains([':', '*'])
}

/// The probes a compiled script attaches, BEGIN and END aside (they are
/// Sonde's own events, which bpftrace leaves out too).
pub fn script_probes(script: &CompiledScript) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for attach in script
        .programs
        .iter()
        .flat_map(|spec| &spec.attach)
        .filter(|a| !a.is_special())
    {
        if writeln!(out, "{}", attach.name()).is_err() {
            return;
        }
    }
    let _ = out.flush();
}
