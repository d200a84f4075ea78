//! `rawtracepoint:NAME` (alias `rt:`), also `rawtracepoint:MODULE:NAME` as
//! current bpftrace writes it (the module part is ignored: vmlinux only).
//! The arguments are typed from the kernel's BTF (`__bpf_trace_NAME`) and
//! named as in the kernel's source: `args.prev`, `args.next`. `*` wildcards
//! expand over every raw tracepoint in BTF.

use super::glob_match;
use crate::ast::AttachPoint;
use crate::diag::{Diagnostic, nearest};
use crate::kernel::Kernel;
use crate::script::Attach;

pub(super) fn resolve(
    ap: &AttachPoint,
    rest: &str,
    kernel: &dyn Kernel,
) -> Result<Vec<Attach>, Diagnostic> {
    let name = rest.rsplit(':').next().unwrap_or(rest);
    if name.is_empty() {
        return Err(
            Diagnostic::error(format!("malformed probe '{}'", ap.text), ap.span.clone())
                .with_label("expected rawtracepoint:NAME"),
        );
    }
    let types = kernel.kernel_types().map_err(|e| {
        Diagnostic::error(e, ap.span.clone())
            .with_label("raw tracepoint arguments come from kernel BTF")
    })?;
    if !name.contains(['*', '?']) {
        if types.raw_tracepoint_args(name).is_some() {
            return Ok(vec![Attach::RawTracepoint {
                name: name.to_string(),
            }]);
        }
        let all = types.raw_tracepoints();
        let mut d = Diagnostic::error(
            format!("there is no raw tracepoint '{name}'"),
            ap.span.clone(),
        )
        .with_label("not in the kernel's BTF")
        .missing_probe();
        if let Some(n) = nearest(name, all.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean 'rawtracepoint:{n}'?"));
        }
        return Err(d);
    }
    let found: Vec<Attach> = types
        .raw_tracepoints()
        .into_iter()
        .filter(|n| glob_match(name, n))
        .map(|name| Attach::RawTracepoint { name })
        .collect();
    if found.is_empty() {
        return Err(Diagnostic::error(
            format!("'{name}' matches no raw tracepoint"),
            ap.span.clone(),
        )
        .with_label("no match")
        .missing_probe());
    }
    Ok(found)
}

/// `rawtracepoint:NAME` for every raw tracepoint, for `-l`.
pub(super) fn list(kernel: &dyn Kernel) -> Vec<String> {
    kernel
        .kernel_types()
        .map(|t| {
            t.raw_tracepoints()
                .into_iter()
                .map(|n| format!("rawtracepoint:{n}"))
                .collect()
        })
        .unwrap_or_default()
}
