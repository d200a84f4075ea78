//! Probe providers, run-time half: load each program as its kind needs and
//! attach it. The compile-time half (spec syntax, wildcards, context) is in
//! `sonde_compiler::probes`.

mod fentry;
mod interval;
pub mod iter;
mod kprobe;
mod perf;
mod rawtracepoint;
mod special;
mod tracepoint;
mod uprobe;
mod usdt;

use crate::RunError;
use aya::programs::Program;
use aya::programs::perf_event::{PerfEventConfig, SamplePolicy, SoftwareEvent};
use sonde_script::Attach;

/// Loads a program into the kernel (the verifier runs here). `first` is the
/// program's first attach point: a tp_btf program is bound to it at load.
pub fn load(
    program: &mut Program,
    function: &str,
    probe: &str,
    first: Option<&Attach>,
) -> Result<(), RunError> {
    // Programs typed by BTF are loaded against the kernel's (parsed once).
    let kernel_btf = || {
        rawtracepoint::kernel_btf().map_err(|reason| RunError::Attach {
            probe: probe.to_string(),
            reason,
        })
    };
    let result = match program {
        Program::BtfTracePoint(p) => {
            let Some(Attach::RawTracepoint { name }) = first else {
                return Err(RunError::Internal(format!(
                    "program {function} is a tp_btf program without a raw tracepoint"
                )));
            };
            let btf = kernel_btf()?;
            p.load(name, btf)
        }
        Program::FEntry(_) | Program::FExit(_) => {
            let Some(Attach::Fentry { function: name, .. }) = first else {
                return Err(RunError::Internal(format!(
                    "program {function} is an fentry program without a function"
                )));
            };
            let btf = kernel_btf()?;
            let result = match program {
                Program::FEntry(p) => p.load(name, btf),
                Program::FExit(p) => p.load(name, btf),
                _ => Ok(()),
            };
            return result.map_err(|e| fentry::load_error(probe, e));
        }
        Program::Iter(p) => {
            let Some(Attach::Iter { target }) = first else {
                return Err(RunError::Internal(format!(
                    "program {function} is an iterator program without a target"
                )));
            };
            let btf = kernel_btf()?;
            p.load(target, btf)
        }
        Program::TracePoint(p) => p.load(),
        Program::RawTracePoint(p) => p.load(),
        Program::PerfEvent(p) => p.load(),
        Program::KProbe(p) => p.load(),
        Program::UProbe(p) => p.load(),
        _ => {
            return Err(RunError::Internal(format!(
                "program {function} has an unexpected type"
            )));
        }
    };
    result.map_err(|e| RunError::from_load(probe, e))
}

/// An attachment; dropping it detaches. Owned apart from the program so that
/// many can be detached at once (see `detach_all`).
pub type Link = Box<dyn Send>;

/// Attaches a loaded program to one attach point. BEGIN and END are not
/// attached (`None`): they are run on demand (see `run_once`).
pub fn attach(
    program: &mut Program,
    attach: &Attach,
    pid: Option<u32>,
) -> Result<Option<Link>, RunError> {
    let failed = |e: String| RunError::Attach {
        probe: attach.name(),
        reason: e,
    };
    match (program, attach) {
        // Iterators run once everything else is attached: see `iterate`.
        (_, Attach::Begin | Attach::End | Attach::SelfSignal { .. })
        | (Program::Iter(_), Attach::Iter { .. }) => Ok(None),
        (Program::TracePoint(p), Attach::Tracepoint { category, name }) => {
            tracepoint::attach(p, category, name)
                .map(Some)
                .map_err(failed)
        }
        (Program::FEntry(p), Attach::Fentry { .. }) => {
            fentry::attach_entry(p).map(Some).map_err(failed)
        }
        (Program::FExit(p), Attach::Fentry { .. }) => {
            fentry::attach_exit(p).map(Some).map_err(failed)
        }
        (Program::BtfTracePoint(p), Attach::RawTracepoint { .. }) => {
            rawtracepoint::attach(p).map(Some).map_err(failed)
        }
        (Program::PerfEvent(p), Attach::Interval { period_ns, .. }) => {
            interval::attach(p, *period_ns).map(Some).map_err(failed)
        }
        (
            Program::UProbe(p),
            Attach::Uprobe {
                path,
                symbol,
                offset,
                ..
            },
        ) => uprobe::attach(p, path, symbol.as_deref(), *offset, pid)
            .map(Some)
            .map_err(failed),
        (
            Program::UProbe(p),
            Attach::Usdt {
                path,
                offset,
                semaphore,
                ..
            },
        ) => usdt::attach(p, path, *offset, *semaphore, pid)
            .map(Some)
            .map_err(failed),
        (
            Program::KProbe(p),
            Attach::Kprobe {
                function,
                offset,
                ret,
            },
        ) => kprobe::attach(p, function, *offset, *ret)
            .map(Some)
            .map_err(failed),
        (Program::PerfEvent(p), Attach::Profile { rate }) => perf::attach(
            p,
            PerfEventConfig::Software(SoftwareEvent::CpuClock),
            perf::rate_policy(*rate),
            pid,
        )
        .map(Some)
        .map_err(failed),
        (Program::PerfEvent(p), Attach::Software { event, count }) => {
            let config = perf::software_event(event)
                .map(PerfEventConfig::Software)
                .ok_or_else(|| failed(format!("unknown software event {event}")))?;
            perf::attach(p, config, SamplePolicy::Period(*count), pid)
                .map(Some)
                .map_err(failed)
        }
        (Program::PerfEvent(p), Attach::Hardware { event, count }) => {
            let config = perf::hardware_event(event)
                .map(PerfEventConfig::Hardware)
                .ok_or_else(|| failed(format!("unknown hardware event {event}")))?;
            perf::attach(p, config, SamplePolicy::Period(*count), pid)
                .map(Some)
                .map_err(failed)
        }
        _ => Err(RunError::Internal(format!(
            "program type does not fit {}",
            attach.name()
        ))),
    }
}

/// Attaches an iterator's program and opens the iterator: reading it (see
/// `iter::read_to_end`) runs the program over every object.
pub fn open_iterator(program: &mut Program, attach: &Attach) -> Result<std::fs::File, RunError> {
    let failed = |reason: String| RunError::Attach {
        probe: attach.name(),
        reason,
    };
    match program {
        Program::Iter(p) => iter::open(p).map_err(failed),
        _ => Err(RunError::Internal(format!(
            "{} is not an iterator program",
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

/// Detaches every link, many at a time. Releasing a tracepoint's perf event
/// waits for RCU grace periods (~70 ms here) under a kernel mutex, so the waits
/// only partly overlap: 361 syscall tracepoints took 28 s to detach one after
/// another and 19 s this way.
pub fn detach_all(links: Vec<Link>) {
    const THREADS: usize = 64;
    if links.len() <= 1 {
        drop(links);
        return;
    }
    let mut groups: Vec<Vec<Link>> = (0..THREADS.min(links.len())).map(|_| Vec::new()).collect();
    let n = groups.len();
    for (i, link) in links.into_iter().enumerate() {
        groups[i % n].push(link);
    }
    std::thread::scope(|scope| {
        for group in groups {
            // If a thread cannot be started, the links drop here, one by one.
            let _ = std::thread::Builder::new().spawn_scoped(scope, move || drop(group));
        }
    });
}
