//! BEGIN and END: run once, at start and at exit; they take no arguments.

use crate::ast::AttachPoint;
use crate::diag::Diagnostic;

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
