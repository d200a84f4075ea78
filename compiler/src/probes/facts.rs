//! What each probe kind answers about the programs it gets: the ELF section
//! that tells aya the program type, the context the script sees, whether the
//! context's pointers are user memory, and whether `-p PID` filters it. Each
//! provider declares its own answers in its file (`facts()` there); this is
//! only the dispatch, exhaustive over `Attach` so a new kind must answer.

use super::ContextKind;
use crate::script::Attach;

/// A probe kind's answers; see the module comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeFacts {
    /// The first component of the program's section name (`tracepoint`,
    /// `uprobe`, ...): aya recognises the program type by it.
    pub section: &'static str,
    /// What the context offers to the script.
    pub context: ContextKind,
    /// The probe fires in a process the script names (uprobes, USDT): an
    /// integer cast to a pointer, or a pointer read from its memory, points
    /// into that process's memory.
    pub in_process: bool,
    /// Pointers the context hands over (`args.filename`, `arg0`) point into
    /// user memory, so strings and buffers are read with the user helpers.
    pub user_pointers: bool,
    /// `-p PID` drops the events of other processes at the program's start.
    pub pid_filtered: bool,
}

impl ProbeFacts {
    /// The section of the program `name` for this kind.
    pub fn section_for(&self, name: &str) -> String {
        format!("{}/{name}", self.section)
    }
}

/// The answers of `attach`'s probe kind.
pub fn of(attach: &Attach) -> ProbeFacts {
    match attach {
        Attach::Begin | Attach::End | Attach::SelfSignal { .. } => super::special::facts(),
        Attach::Tracepoint { category, .. } => super::tracepoint::facts(category),
        Attach::RawTracepoint { .. } => super::rawtracepoint::facts(),
        Attach::Iter { .. } => super::iter::facts(),
        Attach::Fentry { ret, .. } => super::fentry::facts(*ret),
        Attach::Kprobe { ret, .. } => super::kprobe::facts(*ret),
        Attach::Uprobe { ret, .. } => super::uprobe::facts(*ret),
        Attach::Usdt { .. } => super::usdt::facts(),
        Attach::Interval { .. } => super::interval::facts(),
        Attach::Profile { .. } | Attach::Software { .. } | Attach::Hardware { .. } => {
            super::perf::facts(attach)
        }
    }
}
