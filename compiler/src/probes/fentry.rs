//! `fentry:FUNC` / `fexit:FUNC` (aliases `f:` / `fr:`, and the older
//! `kfunc:` / `kretfunc:`), also `fentry:MODULE:FUNC` (vmlinux only: the
//! module part narrows nothing yet). Functions and their arguments come from
//! the kernel's BTF: `args.NAME` by the names in the kernel's source, `retval`
//! in fexit; `*` wildcards expand over every function BTF describes.

use super::ContextKind;
use super::facts::ProbeFacts;
use crate::ast::AttachPoint;
use crate::diag::Diagnostic;
use crate::kernel::Kernel;
use crate::script::Attach;

pub(super) fn resolve(
    ap: &AttachPoint,
    rest: &str,
    ret: bool,
    kernel: &dyn Kernel,
) -> Result<Vec<Attach>, Diagnostic> {
    let kind = if ret { "fexit" } else { "fentry" };
    let function = rest.rsplit(':').next().unwrap_or(rest);
    if function.is_empty() {
        return Err(super::special::malformed(ap));
    }
    let types = kernel.kernel_types().map_err(|e| {
        Diagnostic::error(e, ap.span.clone()).with_label(format!("{kind} needs kernel BTF"))
    })?;
    let names = super::Names {
        kind,
        missing: "the kernel's BTF has no function",
        label: "no such function",
    };
    Ok(names
        .expand(
            ap,
            function,
            |f| types.function(f).is_some(),
            || types.functions(),
        )?
        .into_iter()
        .map(|function| Attach::Fentry {
            function,
            ret,
            for_kprobe: false,
        })
        .collect())
}

pub(super) fn facts(ret: bool) -> ProbeFacts {
    ProbeFacts {
        section: if ret { "fexit" } else { "fentry" },
        context: ContextKind::Btf { ret },
        in_process: false,
        user_pointers: false,
        pid_filtered: true,
    }
}
