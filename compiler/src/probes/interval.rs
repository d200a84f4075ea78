//! `interval:UNIT:N`, `interval:DURATION` (`interval:1s`) or
//! `interval:NANOSECONDS`: a timer firing on one CPU (units s, ms, us, hz).

use super::ContextKind;
use super::facts::ProbeFacts;
use crate::ast::AttachPoint;
use crate::diag::Diagnostic;
use crate::script::Attach;

pub(super) fn resolve(ap: &AttachPoint, rest: &str) -> Result<Vec<Attach>, Diagnostic> {
    let error = |msg: String| {
        Diagnostic::error(msg, ap.span.clone())
            .with_label("in this probe")
            .with_hint("write interval:1s, interval:100ms, interval:s:N, interval:ms:N, interval:us:N or interval:hz:N")
    };
    // `interval:1s`, or a bare count of nanoseconds (`interval:1000000000`).
    let bare_ns = rest.parse::<u64>().ok();
    if let Some(period_ns) = crate::duration::nanoseconds(rest)
        .or(bare_ns)
        .filter(|ns| *ns > 0)
    {
        return Ok(vec![Attach::Interval {
            period_ns,
            written: rest.to_string(),
        }]);
    }
    let Some((unit, count)) = rest.split_once(':') else {
        return Err(error(format!("malformed interval probe '{}'", ap.text)));
    };
    let count: u64 = count.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        error(format!(
            "interval count '{count}' is not a positive integer"
        ))
    })?;
    let period_ns = match unit {
        "s" => count.checked_mul(1_000_000_000),
        "ms" => count.checked_mul(1_000_000),
        "us" => count.checked_mul(1_000),
        "hz" => Some(1_000_000_000 / count).filter(|p| *p > 0),
        _ => return Err(error(format!("unknown interval unit '{unit}'"))),
    }
    .ok_or_else(|| error(format!("interval '{}' is out of range", ap.text)))?;
    Ok(vec![Attach::Interval {
        period_ns,
        written: format!("{unit}:{count}"),
    }])
}

/// A timer on one CPU: about no process, so `-p` does not filter it.
pub(super) fn facts() -> ProbeFacts {
    ProbeFacts {
        section: "perf_event",
        context: ContextKind::PerfEvent,
        in_process: false,
        user_pointers: false,
        pid_filtered: false,
    }
}
