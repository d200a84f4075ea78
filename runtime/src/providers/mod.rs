//! Probe providers, run-time half: load each program as its kind needs and
//! attach it. The compile-time half (spec syntax, wildcards, context) is in
//! `sonde_compiler::probes`.

mod interval;
mod special;
mod tracepoint;

use crate::RunError;
use aya::programs::Program;
use sonde_compiler::script::Attach;

/// Loads a program into the kernel (the verifier runs here).
pub fn load(program: &mut Program, function: &str, probe: &str) -> Result<(), RunError> {
    let result = match program {
        Program::TracePoint(p) => p.load(),
        Program::RawTracePoint(p) => p.load(),
        Program::PerfEvent(p) => p.load(),
        _ => {
            return Err(RunError::Internal(format!(
                "program {function} has an unexpected type"
            )));
        }
    };
    result.map_err(|e| RunError::from_load(probe, e))
}

/// Attaches a loaded program to one attach point. BEGIN and END are not
/// attached: they are run on demand (see `run_once`).
pub fn attach(program: &mut Program, attach: &Attach) -> Result<(), RunError> {
    let failed = |e: String| RunError::Attach {
        probe: attach.name(),
        reason: e,
    };
    match (program, attach) {
        (_, Attach::Begin | Attach::End) => Ok(()),
        (Program::TracePoint(p), Attach::Tracepoint { category, name }) => {
            tracepoint::attach(p, category, name).map_err(failed)
        }
        (Program::PerfEvent(p), Attach::Interval { period_ns }) => {
            interval::attach(p, *period_ns).map_err(failed)
        }
        _ => Err(RunError::Internal(format!(
            "program type does not fit {}",
            attach.name()
        ))),
    }
}

/// Runs a BEGIN or END program once, synchronously, in this thread.
pub fn run_once(program: &Program, probe: &str) -> Result<(), RunError> {
    special::run(program).map_err(|reason| RunError::Attach {
        probe: probe.to_string(),
        reason,
    })
}

/// Detaches a program from everything it is attached to.
pub fn detach(program: &mut Program) {
    let _ = match program {
        Program::TracePoint(p) => p.unload(),
        Program::PerfEvent(p) => p.unload(),
        Program::RawTracePoint(p) => p.unload(),
        _ => Ok(()),
    };
}
