//! BEGIN and END: raw-tracepoint programs that are never attached, run once
//! with BPF_PROG_TEST_RUN in this thread (so `pid` and `comm` are Sonde's).

use aya::programs::{Program, RawTracePointRunOptions, TestRun};

pub(super) fn run(program: &Program) -> Result<(), String> {
    match program {
        Program::RawTracePoint(p) => p
            .test_run(RawTracePointRunOptions::new())
            .map(|_| ())
            .map_err(|e| crate::error_chain(&e)),
        _ => Err("BEGIN/END program has the wrong type".to_string()),
    }
}
