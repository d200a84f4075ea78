//! `tracepoint:CATEGORY:NAME` (alias `t:`), with `*`/`?` wildcards in both parts.

use super::ContextKind;
use super::facts::ProbeFacts;
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
    let Some((category, name)) = rest
        .split_once(':')
        .filter(|(c, n)| !c.is_empty() && !n.is_empty())
    else {
        return Err(super::special::malformed(ap));
    };
    let kernel_error =
        |e: String| Diagnostic::error(e, ap.span.clone()).with_label("while resolving this probe");
    let wildcard = |s: &str| s.contains('*') || s.contains('?');
    if !wildcard(category) && !wildcard(name) {
        if kernel
            .tracepoint_format(category, name)
            .map_err(kernel_error)?
            .is_some()
        {
            return Ok(vec![Attach::Tracepoint {
                category: category.to_string(),
                name: name.to_string(),
            }]);
        }
        let all = kernel.tracepoints().map_err(kernel_error)?;
        let mut d = Diagnostic::error(
            format!("tracepoint '{category}:{name}' not found"),
            ap.span.clone(),
        )
        .with_label("no such tracepoint");
        let full: Vec<String> = all.iter().map(|(c, n)| format!("{c}:{n}")).collect();
        if let Some(near) = nearest(
            &format!("{category}:{name}"),
            full.iter().map(String::as_str),
        ) {
            d = d.with_hint(format!("did you mean 'tracepoint:{near}'?"));
        }
        return Err(d.missing_probe().with_hint(format!(
            "list them with: sonde -l 'tracepoint:{category}:*'"
        )));
    }
    let matches: Vec<Attach> = kernel
        .tracepoints()
        .map_err(kernel_error)?
        .into_iter()
        .filter(|(c, n)| glob_match(category, c) && glob_match(name, n))
        .map(|(category, name)| Attach::Tracepoint { category, name })
        .collect();
    if matches.is_empty() {
        return Err(Diagnostic::error(
            format!("'{}' matches no tracepoint", ap.text),
            ap.span.clone(),
        )
        .with_label("no match")
        .missing_probe()
        .with_hint(format!(
            "list them with: sonde -l 'tracepoint:{category}:*'"
        )));
    }
    Ok(matches)
}

/// A tracepoint's `args` come from its format file; a syscall's arguments
/// are the caller's, so its pointers are user memory.
pub(super) fn facts(category: &str) -> ProbeFacts {
    ProbeFacts {
        section: "tracepoint",
        context: ContextKind::Tracepoint,
        in_process: false,
        user_pointers: category == "syscalls",
        pid_filtered: true,
    }
}
