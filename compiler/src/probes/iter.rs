//! `iter:TARGET` (alias `it:`): a BPF iterator over kernel objects, as
//! current bpftrace has it (`iter:task`, `iter:task_file`, `iter:task_vma`,
//! ...). The program runs once per object when Sonde reads the iterator,
//! after BEGIN; the run then ends. `ctx` is the kernel's
//! `struct bpf_iter__TARGET *`: `ctx->task->pid`.

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
    let (target, pin) = match rest.split_once(':') {
        Some((t, p)) => (t, Some(p)),
        None => (rest, None),
    };
    if pin.is_some() {
        return Err(Diagnostic::error(
            "pinning an iterator (iter:TARGET:PATH) is not supported by Sonde yet",
            ap.span.clone(),
        )
        .with_label("a pin path")
        .with_hint(format!(
            "iter:{target} runs the iterator and prints its output"
        )));
    }
    if target.is_empty() || target.contains('*') {
        return Err(
            Diagnostic::error(format!("malformed probe '{}'", ap.text), ap.span.clone())
                .with_label("expected iter:TARGET, e.g. iter:task"),
        );
    }
    let types = kernel.kernel_types().map_err(|e| {
        Diagnostic::error(e, ap.span.clone()).with_label("iterators are described by kernel BTF")
    })?;
    if types
        .record_by_name(&context_struct(target), false)
        .is_none()
    {
        return Err(Diagnostic::error(
            format!("the kernel has no BPF iterator '{target}'"),
            ap.span.clone(),
        )
        .with_label(format!("no struct {} in its BTF", context_struct(target)))
        .with_hint("iterators: task, task_file, task_vma, bpf_map, bpf_prog, tcp, udp, ..."));
    }
    Ok(vec![Attach::Iter {
        target: target.to_string(),
    }])
}

/// The struct a `TARGET` iterator's program gets as its context.
pub fn context_struct(target: &str) -> String {
    format!("bpf_iter__{target}")
}

/// An iterator walks kernel objects from Sonde's own read of it: no traced
/// process, so `-p` does not filter it.
pub(super) fn facts() -> ProbeFacts {
    ProbeFacts {
        section: "iter",
        context: ContextKind::Iter,
        in_process: false,
        user_pointers: false,
        pid_filtered: false,
    }
}
