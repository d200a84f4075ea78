//! Perf-event probes: `profile:hz:N` / `profile:UNIT:N` (a timer on every CPU),
//! `software:EVENT[:COUNT]` and `hardware:EVENT[:COUNT]` (every COUNT events),
//! with bpftrace's event names, aliases and default counts.

use super::ContextKind;
use super::facts::ProbeFacts;
use crate::ast::AttachPoint;
use crate::diag::{Diagnostic, nearest};
use crate::script::{Attach, Rate};

/// (name, aliases, default count), as bpftrace names them.
pub(super) const SOFTWARE: &[(&str, &[&str], u64)] = &[
    ("cpu-clock", &["cpu"], 1_000_000),
    ("task-clock", &[], 1_000_000),
    ("page-faults", &["faults"], 100),
    ("context-switches", &["cs"], 1_000),
    ("cpu-migrations", &[], 1),
    ("minor-faults", &[], 100),
    ("major-faults", &[], 1),
    ("alignment-faults", &[], 1),
    ("emulation-faults", &[], 1),
    ("dummy", &[], 1),
    ("bpf-output", &[], 1),
];

pub(super) const HARDWARE: &[(&str, &[&str], u64)] = &[
    ("cpu-cycles", &["cycles"], 1_000_000),
    ("instructions", &[], 1_000_000),
    ("cache-references", &[], 1_000_000),
    ("cache-misses", &[], 1_000_000),
    ("branch-instructions", &["branches"], 100_000),
    ("branch-misses", &[], 100_000),
    ("bus-cycles", &[], 100_000),
    ("frontend-stalls", &[], 1_000_000),
    ("backend-stalls", &[], 1_000_000),
    ("ref-cycles", &[], 1_000_000),
];

fn error(ap: &AttachPoint, message: String, usage: &str) -> Diagnostic {
    Diagnostic::error(message, ap.span.clone())
        .with_label("in this probe")
        .with_hint(format!("write {usage}"))
}

pub(super) fn profile(ap: &AttachPoint, rest: &str) -> Result<Vec<Attach>, Diagnostic> {
    let usage = "profile:hz:N, profile:s:N, profile:ms:N, profile:us:N or profile:10ms";
    if let Some(period_ns) = crate::duration::nanoseconds(rest).filter(|ns| *ns > 0) {
        return Ok(vec![Attach::Profile {
            rate: Rate::PeriodNs(period_ns),
        }]);
    }
    let (unit, count) = rest.split_once(':').unwrap_or(("hz", rest));
    let count: u64 = count.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        error(
            ap,
            format!("profile count '{count}' is not a positive integer"),
            usage,
        )
    })?;
    let rate = match unit {
        "hz" => Rate::Hz(count),
        "s" => Rate::PeriodNs(count.saturating_mul(1_000_000_000)),
        "ms" => Rate::PeriodNs(count.saturating_mul(1_000_000)),
        "us" => Rate::PeriodNs(count.saturating_mul(1_000)),
        _ => return Err(error(ap, format!("unknown profile unit '{unit}'"), usage)),
    };
    Ok(vec![Attach::Profile { rate }])
}

pub(super) fn event(
    ap: &AttachPoint,
    rest: &str,
    hardware: bool,
) -> Result<Vec<Attach>, Diagnostic> {
    let (table, kind) = if hardware {
        (HARDWARE, "hardware")
    } else {
        (SOFTWARE, "software")
    };
    let usage = format!("{kind}:EVENT[:COUNT]");
    let (name, count) = match rest.split_once(':') {
        Some((n, c)) => (n, Some(c)),
        None => (rest, None),
    };
    let Some((canonical, _, default)) = table
        .iter()
        .find(|(n, aliases, _)| *n == name || aliases.contains(&name))
    else {
        let names = table
            .iter()
            .flat_map(|(n, a, _)| std::iter::once(*n).chain(a.iter().copied()));
        let mut d = error(ap, format!("unknown {kind} event '{name}'"), &usage);
        if let Some(n) = nearest(name, names) {
            d = d.with_hint(format!("did you mean '{n}'?"));
        }
        return Err(d.with_hint(format!("list them with: sonde -l '{kind}:*'")));
    };
    let count = match count {
        None | Some("") => *default,
        Some(c) => c.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
            error(
                ap,
                format!("{kind} count '{c}' is not a positive integer"),
                &usage,
            )
        })?,
    };
    let event = canonical.to_string();
    Ok(vec![if hardware {
        Attach::Hardware { event, count }
    } else {
        Attach::Software { event, count }
    }])
}

/// `-l` lines for the software and hardware events, their aliases too
/// (`software:cs:`), as bpftrace lists them.
pub(super) fn list() -> Vec<String> {
    let names = |kind: &'static str, table: &'static [(&str, &[&str], u64)]| {
        table.iter().flat_map(move |(name, aliases, _)| {
            std::iter::once(*name)
                .chain(aliases.iter().copied())
                .map(move |n| format!("{kind}:{n}:"))
        })
    };
    names("software", SOFTWARE)
        .chain(names("hardware", HARDWARE))
        .collect()
}

/// A perf event sample. With `-p` the runtime opens every perf event for
/// that process alone (as bpftrace 0.27 does), so `profile` needs no filter
/// in the program; software and hardware events keep theirs, as before.
pub(super) fn facts(attach: &Attach) -> ProbeFacts {
    ProbeFacts {
        section: "perf_event",
        context: ContextKind::PerfEvent,
        in_process: false,
        user_pointers: false,
        pid_filtered: !matches!(attach, Attach::Profile { .. }),
    }
}
