//! `fentry:FUNC` / `fexit:FUNC` (aliases `f:` / `fr:`, and the older
//! `kfunc:` / `kretfunc:`), also `fentry:MODULE:FUNC` (vmlinux only: the
//! module part narrows nothing yet). Functions and their arguments come from
//! the kernel's BTF: `args.NAME` by the names in the kernel's source, `retval`
//! in fexit; `*` wildcards expand over every function BTF describes.

use super::glob_match;
use crate::ast::AttachPoint;
use crate::diag::{Diagnostic, nearest};
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
    let fentry = |function: String| Attach::Fentry {
        function,
        ret,
        for_kprobe: false,
    };
    if !function.contains(['*', '?']) {
        if types.function(function).is_some() {
            return Ok(vec![fentry(function.to_string())]);
        }
        let all = types.functions();
        let mut d = Diagnostic::error(
            format!("the kernel's BTF has no function '{function}'"),
            ap.span.clone(),
        )
        .with_label("no such function")
        .missing_probe();
        if let Some(n) = nearest(function, all.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean '{kind}:{n}'?"));
        }
        return Err(d);
    }
    let found: Vec<Attach> = types
        .functions()
        .into_iter()
        .filter(|n| glob_match(function, n))
        .map(fentry)
        .collect();
    if found.is_empty() {
        return Err(Diagnostic::error(
            format!("'{function}' matches no kernel function in BTF"),
            ap.span.clone(),
        )
        .with_label("no match")
        .missing_probe());
    }
    Ok(found)
}
