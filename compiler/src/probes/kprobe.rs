//! `kprobe:FUNC[+OFFSET]` / `kretprobe:FUNC` (aliases `k:` / `kr:`), also
//! `kprobe:MODULE:FUNC` (only that module's functions; `vmlinux` is the
//! kernel's own); `*` wildcards over the traceable functions (tracefs's
//! `available_filter_functions`, or `--traceable-functions FILE`; the
//! kernel's text symbols in `/proc/kallsyms` where tracefs's list is empty). Context: `arg0`..`arg5` from pt_regs; `retval` on return.

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
    ret: bool,
    kernel: &dyn Kernel,
) -> Result<Vec<Attach>, Diagnostic> {
    let kind = if ret { "kretprobe" } else { "kprobe" };
    let (module, spec) = match rest.rsplit_once(':') {
        Some((m, f)) => (Some(m), f),
        None => (None, rest),
    };
    let (function, offset) = match spec.split_once('+') {
        Some((f, off)) => {
            let parsed = match off.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => off.parse().ok(),
            };
            let offset = parsed.ok_or_else(|| {
                Diagnostic::error(
                    format!("bad offset '{off}' in {kind} probe"),
                    ap.span.clone(),
                )
                .with_label("not a number")
            })?;
            if ret {
                return Err(Diagnostic::error(
                    "a kretprobe cannot have an offset",
                    ap.span.clone(),
                )
                .with_label("offset on a return probe"));
            }
            (f, offset)
        }
        None => (spec, 0),
    };
    if function.is_empty() {
        return Err(super::special::malformed(ap));
    }
    let functions = kernel
        .kernel_functions(module)
        .map_err(|e| Diagnostic::error(e, ap.span.clone()))?;
    let wildcard = function.contains('*') || function.contains('?');
    if wildcard && offset > 0 {
        return Err(
            Diagnostic::error("a wildcard probe cannot have an offset", ap.span.clone())
                .with_label("offset"),
        );
    }
    let matches: Vec<Attach> = if wildcard {
        functions
            .iter()
            .filter(|f| glob_match(function, f))
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|f| Attach::Kprobe {
                function: f,
                offset,
                ret,
            })
            .collect()
    } else if functions.iter().any(|f| f == function)
        || kernel.kernel_text_symbols(module).is_ok_and(|symbols| {
            symbols
                .binary_search_by(|s| s.as_str().cmp(function))
                .is_ok()
        })
    {
        vec![Attach::Kprobe {
            function: function.to_string(),
            offset,
            ret,
        }]
    } else {
        Vec::new()
    };
    if matches.is_empty() {
        let place = module.map_or(String::new(), |m| format!(" in module {m}"));
        let mut d = Diagnostic::error(
            format!("no kernel function{place} matches '{function}'"),
            ap.span.clone(),
        )
        .with_label("not a traceable kernel function")
        .missing_probe();
        if module.is_some() && functions.is_empty() {
            d = d.with_hint(
                "no such module is loaded (lsmod lists them; the kernel's own is vmlinux)",
            );
        }
        if !wildcard && let Some(n) = nearest(function, functions.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean '{kind}:{n}'?"));
        }
        return Err(d);
    }
    Ok(matches)
}

pub(super) fn facts(ret: bool) -> ProbeFacts {
    ProbeFacts {
        section: if ret { "kretprobe" } else { "kprobe" },
        context: ContextKind::Regs { ret },
        in_process: false,
        user_pointers: false,
        pid_filtered: true,
    }
}
