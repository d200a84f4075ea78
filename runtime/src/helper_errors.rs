//! `-k`'s reports of failed probe reads, worded as bpftrace 0.27 words them:
//! the place, the error's message, the helper and its return code, and the
//! source line with the read marked.

use crate::format::json::escape;
use crate::format::strerror;
use sonde_script::HelperErrorSite;

/// The error's message: the C library's text for `-retcode`.
fn message(retcode: i64) -> String {
    strerror(retcode.unsigned_abs())
}

/// The warning on stderr.
pub fn text(site: &HelperErrorSite, retcode: i64) -> String {
    format!(
        "{}: WARNING: {}\nAdditional Info - helper: {}, retcode: {retcode}\n{}\n{}",
        site.location,
        message(retcode),
        site.helper,
        site.source_line,
        site.marker
    )
}

/// The `helper_error` record of `-f json`.
pub fn json(site: &HelperErrorSite, retcode: i64) -> String {
    format!(
        "{{\"type\": \"helper_error\", \"msg\": {}, \"helper\": {}, \"retcode\": {retcode}, \"filename\": {}, \"line\": {}, \"col\": {}}}",
        escape(&message(retcode)),
        escape(&site.helper),
        escape(&site.filename),
        site.line,
        site.column
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> HelperErrorSite {
        HelperErrorSite {
            helper: "probe_read".into(),
            location: "stdin:1:54-61".into(),
            filename: "stdin".into(),
            line: 1,
            column: 54,
            source_line:
                "BEGIN { $p = (struct task_struct *)8; printf(\"%d\\n\", $p->pid); exit(); }".into(),
            marker: format!("{}~~~~~~~", " ".repeat(53)),
        }
    }

    /// The words and the record bpftrace 0.27.1 gives for the same read.
    #[test]
    fn a_bad_address_reads_as_bpftrace_reports_it() {
        assert_eq!(
            text(&site(), -14),
            format!(
                "stdin:1:54-61: WARNING: Bad address\nAdditional Info - helper: probe_read, retcode: -14\n{}\n{}~~~~~~~",
                site().source_line,
                " ".repeat(53)
            )
        );
        assert_eq!(
            json(&site(), -14),
            r#"{"type": "helper_error", "msg": "Bad address", "helper": "probe_read", "retcode": -14, "filename": "stdin", "line": 1, "col": 54}"#
        );
    }
}
