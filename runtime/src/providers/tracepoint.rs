//! Tracepoints: a perf event opened on the tracepoint's id, the program attached to it.

use aya::programs::TracePoint;

pub(super) fn attach(
    program: &mut TracePoint,
    category: &str,
    name: &str,
) -> Result<super::Link, String> {
    let id = program
        .attach(category, name)
        .map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    Ok(Box::new(link))
}
