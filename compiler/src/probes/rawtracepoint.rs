//! `rawtracepoint:NAME` (alias `rt:`), also `rawtracepoint:MODULE:NAME` as
//! current bpftrace writes it (the module part is ignored: vmlinux only).
//! The arguments are typed from the kernel's BTF (`__bpf_trace_NAME`) and
//! named as in the kernel's source: `args.prev`, `args.next`. `*` wildcards
//! expand over every raw tracepoint in BTF.

use super::ContextKind;
use super::facts::ProbeFacts;
use crate::ast::AttachPoint;
use crate::diag::Diagnostic;
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
    let names = super::Names {
        kind: "rawtracepoint",
        missing: "there is no raw tracepoint",
        label: "not in the kernel's BTF",
    };
    Ok(names
        .expand(
            ap,
            name,
            |n| types.raw_tracepoint_args(n).is_some(),
            || types.raw_tracepoints(),
        )?
        .into_iter()
        .map(|name| Attach::RawTracepoint { name })
        .collect())
}

/// Loaded as `tp_btf`: `args` typed from BTF, kernel memory.
pub(super) fn facts() -> ProbeFacts {
    ProbeFacts {
        section: "tp_btf",
        context: ContextKind::Tracepoint,
        in_process: false,
        user_pointers: false,
        pid_filtered: true,
    }
}
