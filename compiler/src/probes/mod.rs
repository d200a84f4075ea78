//! Probe providers, compile-time half: each knows its spec syntax, how to expand
//! wildcards and list its probes, and what its context offers. The attach half
//! of each provider is in the runtime (`runtime/src/providers`).

mod facts;
/// What an attach point's probe kind answers about its programs (section,
/// context, user memory, `-p` filtering).
pub use facts::{ProbeFacts, of as facts_of};
mod fentry;
mod interval;
mod listing;
pub use listing::list;
pub mod iter;
pub mod kprobe;
mod perf;
mod rawtracepoint;
mod special;
mod tracepoint;
mod uprobe;
mod usdt;
/// The reader of a USDT note's argument specs, for the fuzz targets (`fuzz/`).
#[doc(hidden)]
pub use usdt::parse_arguments as usdt_arguments;

use crate::ast::AttachPoint;
use crate::diag::{Diagnostic, nearest};
use crate::kernel::Kernel;
use crate::script::Attach;
/// Shared with the runtime, which filters `cgroup_path()` names with it.
pub use sonde_script::glob::glob_match;

/// What a probe's context offers to the script, decided by its provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextKind {
    /// BEGIN/END: no context fields.
    Special,
    /// `args` from the tracepoint format.
    Tracepoint,
    /// A perf event sample: no fields.
    PerfEvent,
    /// pt_regs: `arg0`..`arg5`, and `retval` when `ret`.
    Regs { ret: bool },
    /// A USDT probe: `arg0`.. as many as its argument specs.
    Usdt,
    /// fentry/fexit: `args` from BTF, `arg0`.. by position, `retval` on exit.
    Btf { ret: bool },
    /// A BPF iterator: `ctx`, the kernel's `struct bpf_iter__TARGET *`.
    Iter,
}

impl ContextKind {
    pub fn of(attach: &Attach) -> ContextKind {
        facts::of(attach).context
    }
}

/// The probe kinds and their short aliases, as bpftrace spells them.
const PROVIDERS: &[(&str, &str)] = &[
    ("tracepoint", "t"),
    ("rawtracepoint", "rt"),
    ("interval", "i"),
    ("profile", "p"),
    ("software", "s"),
    ("hardware", "h"),
    ("kprobe", "k"),
    ("kretprobe", "kr"),
    ("uprobe", "u"),
    ("uretprobe", "ur"),
    ("usdt", "U"),
    ("fentry", "f"),
    ("fexit", "fr"),
    ("kfunc", ""),
    ("kretfunc", ""),
    ("iter", "it"),
    ("BEGIN", ""),
    ("END", ""),
];

/// Every probe kind with its short alias (`""`: none), as bpftrace spells
/// them: for the manual page and the shell completions.
pub fn kinds() -> &'static [(&'static str, &'static str)] {
    PROVIDERS
}

/// Kinds bpftrace has that Sonde does not attach yet, with their aliases.
const NOT_YET: &[(&str, &str)] = &[("watchpoint", "w"), ("asyncwatchpoint", "aw")];

/// Expands one attach point into the concrete probes it names. `pid` is
/// `-p PID`, in which USDT probes may be found without naming a binary.
pub fn resolve(
    ap: &AttachPoint,
    options: &crate::options::Options,
    kernel: &dyn Kernel,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Attach>, Diagnostic> {
    let (kind, rest) = match ap.text.split_once(':') {
        Some((k, r)) => (k, Some(r)),
        None => (ap.text.as_str(), None),
    };
    match (kind, rest) {
        ("BEGIN" | "begin", None) => Ok(vec![Attach::Begin]),
        ("END" | "end", None) => Ok(vec![Attach::End]),
        ("self", Some(rest)) => special::self_signal(ap, rest),
        ("tracepoint" | "t", Some(rest)) => tracepoint::resolve(ap, rest, kernel),
        ("rawtracepoint" | "rt", Some(rest)) => rawtracepoint::resolve(ap, rest, kernel),
        ("interval" | "i", Some(rest)) => interval::resolve(ap, rest),
        ("profile" | "p", Some(rest)) => perf::profile(ap, rest),
        ("software" | "s", Some(rest)) => perf::event(ap, rest, false),
        ("hardware" | "h", Some(rest)) => perf::event(ap, rest, true),
        ("kprobe" | "k", Some(rest)) => {
            kprobe::resolve(ap, rest, false, kernel).map(|a| as_fentry(a, options, kernel))
        }
        ("kretprobe" | "kr", Some(rest)) => {
            kprobe::resolve(ap, rest, true, kernel).map(|a| as_fentry(a, options, kernel))
        }
        ("uprobe" | "u", Some(rest)) => uprobe::resolve(ap, rest, false, kernel, warnings),
        ("uretprobe" | "ur", Some(rest)) => uprobe::resolve(ap, rest, true, kernel, warnings),
        ("usdt" | "U", Some(rest)) => usdt::resolve(ap, rest, options.pid, kernel),
        ("fentry" | "f" | "kfunc", Some(rest)) => fentry::resolve(ap, rest, false, kernel),
        ("fexit" | "fr" | "kretfunc", Some(rest)) => fentry::resolve(ap, rest, true, kernel),
        ("iter" | "it", Some(rest)) => iter::resolve(ap, rest, kernel),
        _ => Err(unknown_kind(ap, kind)),
    }
}

/// On a kernel without kprobes that runs fentry, a kprobe at a function's
/// start (and a kretprobe) becomes an fentry (fexit) program where BTF
/// describes the function; `arg0`.. then come from its prototype.
fn as_fentry(
    attaches: Vec<Attach>,
    options: &crate::options::Options,
    kernel: &dyn Kernel,
) -> Vec<Attach> {
    if !options.kprobes_as_fentry {
        return attaches;
    }
    let Ok(types) = kernel.kernel_types() else {
        return attaches;
    };
    attaches
        .into_iter()
        .map(|a| match a {
            Attach::Kprobe {
                function,
                offset: 0,
                ret,
            } if types.function(&function).is_some() => Attach::Fentry {
                function,
                ret,
                for_kprobe: true,
            },
            other => other,
        })
        .collect()
}

fn unknown_kind(ap: &AttachPoint, kind: &str) -> Diagnostic {
    let span = ap.span.start..ap.span.start + kind.len();
    if let Some((full, _)) = NOT_YET
        .iter()
        .find(|(full, alias)| *full == kind || (!alias.is_empty() && *alias == kind))
    {
        return Diagnostic::error(
            format!("{full} probes are not supported by Sonde yet"),
            span,
        )
        .with_label("probe kind not available");
    }
    if PROVIDERS
        .iter()
        .any(|(full, alias)| *full == kind || *alias == kind)
    {
        return special::malformed(ap);
    }
    let names = PROVIDERS
        .iter()
        .chain(NOT_YET)
        .flat_map(|(full, alias)| [*full, *alias])
        .filter(|n| !n.is_empty());
    let mut d = Diagnostic::error(format!("unknown probe type '{kind}'"), span)
        .with_label("not a probe type");
    if let Some(near) = nearest(kind, names) {
        d = d.with_hint(format!("did you mean '{near}'?"));
    }
    d.with_hint("probe types: BEGIN, END, tracepoint (t), rawtracepoint (rt), interval (i), profile (p), software (s), hardware (h), kprobe (k), kretprobe (kr), uprobe (u), uretprobe (ur), usdt (U), fentry (f), fexit (fr), iter (it)")
}

/// Names for an attach point from a list of what exists (BTF functions, raw
/// tracepoints): a plain name must exist, a glob must match one; a miss is a
/// `missing_probe` diagnostic, naming the nearest for a plain name.
pub(super) struct Names<'n> {
    pub kind: &'n str,
    /// "the kernel's BTF has no function" / "there is no raw tracepoint".
    pub missing: &'n str,
    pub label: &'n str,
}

impl Names<'_> {
    pub(super) fn expand(
        &self,
        ap: &AttachPoint,
        pattern: &str,
        exists: impl Fn(&str) -> bool,
        all: impl Fn() -> Vec<String>,
    ) -> Result<Vec<String>, Diagnostic> {
        if !pattern.contains(['*', '?']) {
            if exists(pattern) {
                return Ok(vec![pattern.to_string()]);
            }
            let names = all();
            let mut d = Diagnostic::error(format!("{} '{pattern}'", self.missing), ap.span.clone())
                .with_label(self.label)
                .missing_probe();
            if let Some(n) = nearest(pattern, names.iter().map(String::as_str)) {
                d = d.with_hint(format!("did you mean '{}:{n}'?", self.kind));
            }
            return Err(d);
        }
        let found: Vec<String> = all()
            .into_iter()
            .filter(|n| glob_match(pattern, n))
            .collect();
        if found.is_empty() {
            return Err(Diagnostic::error(
                format!("'{pattern}' matches no {}", self.kind),
                ap.span.clone(),
            )
            .with_label("no match")
            .missing_probe());
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::FixtureKernel;

    fn resolve_t(ap: &AttachPoint, k: &dyn Kernel) -> Result<Vec<Attach>, Diagnostic> {
        resolve(ap, &crate::options::Options::default(), k, &mut Vec::new())
    }

    fn ap(text: &str) -> AttachPoint {
        AttachPoint {
            text: text.to_string(),
            span: 0..text.len(),
        }
    }

    #[test]
    fn resolves_kinds_and_aliases() {
        let k = FixtureKernel::standard();
        assert_eq!(resolve_t(&ap("BEGIN"), &k), Ok(vec![Attach::Begin]));
        assert_eq!(resolve_t(&ap("end"), &k), Ok(vec![Attach::End]));
        let sync = Attach::Tracepoint {
            category: "syscalls".into(),
            name: "sys_enter_sync".into(),
        };
        assert_eq!(
            resolve_t(&ap("t:syscalls:sys_enter_sync"), &k),
            Ok(vec![sync])
        );
        assert_eq!(
            resolve_t(&ap("tracepoint:sys*:sys_enter_*"), &k).map(|v| v.len()),
            Ok(3)
        );
        assert_eq!(
            resolve_t(&ap("i:ms:100"), &k),
            Ok(vec![Attach::Interval {
                period_ns: 100_000_000,
                written: "ms:100".into()
            }])
        );
        assert_eq!(
            resolve_t(&ap("interval:hz:4"), &k).map(|a| a[0].name()),
            Ok("interval:hz:4".to_string())
        );
    }

    #[test]
    fn helpful_errors() {
        let k = FixtureKernel::standard();
        let e = resolve_t(&ap("tracepiont:syscalls:sys_enter_sync"), &k).expect_err("typo");
        assert!(e.hints.iter().any(|h| h.contains("'tracepoint'")), "{e:?}");
        let e = resolve_t(&ap("t:syscalls:sys_enter_snyc"), &k).expect_err("typo");
        assert!(
            e.hints.iter().any(|h| h.contains("sys_enter_sync")),
            "{e:?}"
        );
        let e = resolve_t(&ap("watchpoint:0x1000:8:w"), &k).expect_err("not yet");
        assert!(
            e.message.contains("watchpoint probes are not supported"),
            "{e:?}"
        );
        let e = resolve_t(&ap("kprobe:vfs_raed"), &k).expect_err("typo");
        assert!(
            e.hints.iter().any(|h| h.contains("kprobe:vfs_read")),
            "{e:?}"
        );
        assert_eq!(
            resolve_t(&ap("kr:vfs_*"), &k).map(|v| v.len()),
            Ok(2),
            "vfs_read and vfs_write"
        );
        let e = resolve_t(&ap("t:nope:*"), &k).expect_err("no match");
        assert!(e.message.contains("matches no tracepoint"), "{e:?}");
        assert!(resolve_t(&ap("interval:s:0"), &k).is_err());
        assert!(resolve_t(&ap("interval:parsecs:3"), &k).is_err());
        assert!(resolve_t(&ap("interval:0s"), &k).is_err());
        assert_eq!(
            resolve_t(&ap("interval:250ms"), &k),
            Ok(vec![Attach::Interval {
                period_ns: 250_000_000,
                written: "250ms".to_string()
            }])
        );
        assert_eq!(
            resolve_t(&ap("profile:10ms"), &k),
            Ok(vec![Attach::Profile {
                rate: crate::script::Rate::PeriodNs(10_000_000)
            }])
        );
    }

    #[test]
    fn listing() {
        let k = FixtureKernel::standard();
        let all = list(Some("t:syscalls:sys_enter_*"), false, &k).expect("lists");
        assert_eq!(
            all,
            [
                "tracepoint:syscalls:sys_enter_execve",
                "tracepoint:syscalls:sys_enter_openat",
                "tracepoint:syscalls:sys_enter_sync"
            ]
        );
        assert_eq!(
            list(Some("sched_switch"), false, &k).expect("lists"),
            ["tracepoint:sched:sched_switch"]
        );
    }
}
