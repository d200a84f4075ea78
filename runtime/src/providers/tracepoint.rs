//! Tracepoints: a perf event opened on the tracepoint's id, the program attached to it.

use aya::programs::TracePoint;

pub(super) fn attach(program: &mut TracePoint, category: &str, name: &str) -> Result<(), String> {
    program
        .attach(category, name)
        .map(|_| ())
        .map_err(|e| crate::error_chain(&e))
}
