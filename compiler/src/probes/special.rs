//! BEGIN and END: run once, at start and at exit; they take no arguments.
//! `self:signal:SIGUSR1`: run each time Sonde receives the signal.

use super::ContextKind;
use super::facts::ProbeFacts;
use crate::ast::AttachPoint;
use crate::diag::Diagnostic;
use crate::script::Attach;
use sonde_script::signals::self_signal_number;

/// `self:signal:SIGUSR1`.
pub(super) fn self_signal(ap: &AttachPoint, rest: &str) -> Result<Vec<Attach>, Diagnostic> {
    let usage = || {
        Diagnostic::error(format!("malformed probe '{}'", ap.text), ap.span.clone())
            .with_label("expected self:signal:SIGUSR1 or self:signal:SIGUSR2")
    };
    let Some(name) = rest.strip_prefix("signal:") else {
        return Err(usage());
    };
    match self_signal_number(name) {
        Some(signal) => Ok(vec![Attach::SelfSignal { signal }]),
        None => Err(usage()
            .with_hint("Sonde handles SIGUSR1 and SIGUSR2 (SIGINT, SIGTERM and SIGHUP end it)")),
    }
}

/// A known probe kind written with the wrong shape (`BEGIN:x`, `tracepoint:x`).
pub(super) fn malformed(ap: &AttachPoint) -> Diagnostic {
    let usage = match ap.text.split(':').next().unwrap_or("") {
        "BEGIN" | "begin" => "BEGIN",
        "END" | "end" => "END",
        "tracepoint" | "t" => "tracepoint:CATEGORY:NAME",
        _ => "interval:UNIT:N (UNIT is s, ms, us or hz)",
    };
    Diagnostic::error(format!("malformed probe '{}'", ap.text), ap.span.clone())
        .with_label(format!("expected {usage}"))
}

/// BEGIN, END and self:signal run once each, in Sonde's own process (as a
/// raw tracepoint program run with BPF_PROG_TEST_RUN); they are about no
/// traced process, so `-p` leaves them alone.
pub(super) fn facts() -> ProbeFacts {
    ProbeFacts {
        section: "raw_tp",
        context: ContextKind::Special,
        in_process: false,
        user_pointers: false,
        pid_filtered: false,
    }
}
