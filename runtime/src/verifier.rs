//! A kernel verifier rejection, made readable: which probe, which line of the
//! script (from the `; ... @ FILE:LINE` markers the kernel prints from the
//! object's BTF line info), what went wrong in plain words for the common
//! cases, and the tail of the log.

#[derive(Debug)]
pub struct Rejection {
    pub probe: String,
    pub log: String,
    /// Show the whole log, not only its tail.
    pub verbose: bool,
}

/// How many log lines are shown without -v.
const TAIL: usize = 12;

/// Substrings of the verifier's complaint, and what they mean.
const EXPLANATIONS: &[(&[&str], &str)] = &[
    (
        &["invalid func", "unknown func"],
        "the program calls a BPF helper this kernel does not provide",
    ),
    (
        &["BPF program is too large", "too many instructions"],
        "the program is larger than the kernel accepts: split the probe or simplify it (a while loop must stop at a bound the verifier can follow, such as a constant; for ($i : a..b) takes any count)",
    ),
    (
        &[
            "combined stack size",
            "stack limit",
            "invalid stack off",
            "invalid write to stack",
        ],
        "the program needs more stack than the kernel allows (512 bytes)",
    ),
    (
        &[
            "back-edge",
            "infinite loop",
            "loop is not bounded",
            "unbounded loop",
        ],
        "a loop the verifier cannot prove to end",
    ),
    (
        &[
            "invalid mem access",
            "invalid access to",
            "out of bounds",
            "min value is negative",
            "unbounded memory access",
        ],
        "an invalid memory access",
    ),
    (&["!read_ok"], "a register is read before it is set"),
    (
        &["Permission denied", "Operation not permitted"],
        "not permitted: run as root (or with CAP_BPF and CAP_PERFMON)",
    ),
];

impl Rejection {
    /// The script line of the last instruction the kernel annotated before
    /// giving up.
    pub fn source_line(&self) -> Option<u32> {
        self.log.lines().rev().find_map(|l| {
            let marker = l.trim_start().strip_prefix(';')?;
            let (_, place) = marker.rsplit_once(" @ ")?;
            place.rsplit_once(':')?.1.trim().parse().ok()
        })
    }

    /// The complaint in plain words, when it is a common one.
    pub fn explanation(&self) -> Option<&'static str> {
        let tail: Vec<&str> = self.log.lines().rev().take(TAIL).collect();
        EXPLANATIONS
            .iter()
            .find(|(needles, _)| tail.iter().any(|l| needles.iter().any(|n| l.contains(n))))
            .map(|(_, text)| *text)
    }

    /// The end of the log (all of it with -v), blank lines dropped.
    pub fn log_tail(&self) -> (usize, Vec<&str>) {
        let lines: Vec<&str> = self.log.lines().filter(|l| !l.trim().is_empty()).collect();
        let keep = if self.verbose { lines.len() } else { TAIL };
        let skipped = lines.len().saturating_sub(keep);
        (skipped, lines[skipped..].to_vec())
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the kernel verifier rejected the program for {}",
            self.probe
        )?;
        if let Some(line) = self.source_line() {
            write!(f, " (script line {line})")?;
        }
        writeln!(f)?;
        if let Some(why) = self.explanation() {
            writeln!(f, "  reason: {why}")?;
        }
        let (skipped, tail) = self.log_tail();
        if skipped > 0 {
            writeln!(f, "  ... ({skipped} earlier lines; -v shows them all)")?;
        }
        for l in tail {
            writeln!(f, "  {l}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejection(log: &str) -> Rejection {
        Rejection {
            probe: "BEGIN".into(),
            log: log.into(),
            verbose: false,
        }
    }

    // Shapes copied from this kernel's verifier logs.
    #[test]
    fn finds_the_script_line_and_the_reason() {
        let r = rejection(
            "0: R1=ctx() R10=fp0\n;  @ -e:1\n0: (bf) r6 = r1\n; @x = 1; @ script.bt:7\n3: (85) call unknown#65520\ninvalid func unknown#65520\nprocessed 4 insns",
        );
        assert_eq!(r.source_line(), Some(7));
        assert_eq!(
            r.explanation(),
            Some("the program calls a BPF helper this kernel does not provide")
        );
        let text = r.to_string();
        assert!(
            text.contains("rejected the program for BEGIN (script line 7)"),
            "{text}"
        );
        assert!(
            text.contains("reason: the program calls a BPF helper"),
            "{text}"
        );
    }

    #[test]
    fn no_markers_no_line() {
        let r = rejection("R1 invalid mem access 'scalar'\n");
        assert_eq!(r.source_line(), None);
        assert_eq!(r.explanation(), Some("an invalid memory access"));
        assert_eq!(rejection("something new").explanation(), None);
    }

    #[test]
    fn tail_is_bounded_unless_verbose() {
        let log: String = (0..40).map(|i| format!("{i}: insn\n")).collect();
        let r = rejection(&log);
        let (skipped, tail) = r.log_tail();
        assert_eq!((skipped, tail.len()), (28, 12));
        let r = Rejection {
            verbose: true,
            ..rejection(&log)
        };
        assert_eq!(r.log_tail(), (0, log.lines().collect()));
    }
}
