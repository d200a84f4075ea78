//! The Sonde runtime: load a `CompiledScript` with aya, run BEGIN, attach every
//! probe through its provider, print what the probes send, and on exit run END,
//! print the maps and detach everything. It never looks at the AST.

mod bpf_sys;
mod child;
mod events;
pub mod format;
mod helper_errors;
mod load;
mod maps;
mod metrics;
pub mod output;
mod providers;
mod ring;
mod signals;
mod symbols;
mod unsafe_ops;
pub mod verifier;

pub use output::{Buffering, Format, Output};

/// The reader of the files a user's process maps (their symbols), reached
/// by the fuzz targets of `fuzz/` only: not an interface.
#[doc(hidden)]
pub mod readers {
    pub use crate::symbols::ElfSymbols;
}

use aya::Ebpf;
use aya::maps::{Array, MapData};
use aya::programs::ProgramError;
use maps::RefusedUpdates;
use sonde_script::{
    Attach, CompiledScript, EVENTS_MAP, MissingProbes, VAR_CPID, VAR_START_NS, VAR_WALL_OFFSET_NS,
    VARS_MAP,
};
use std::fmt;

/// How far a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopAfter {
    /// `--verify`: every program through the verifier; nothing attached.
    Verifying,
    /// `--dry-run`, as bpftrace's: every probe attached, then detached;
    /// BEGIN, END and the event loop do not run, nothing is printed.
    Attaching,
    /// The whole run.
    Running,
}

pub struct RunOptions {
    pub output: Output,
    /// Ring buffer size, in pages per CPU (rounded up to a power of two).
    pub perf_pages: usize,
    /// Print full verifier logs.
    pub verbose: bool,
    /// How far the run goes (`--verify`, `--dry-run`).
    pub stop_after: StopAfter,
    /// `-c`: a command to start once the probes are attached; its exit ends the run.
    pub command: Option<String>,
    /// `--debuginfo`: where separate debug files are looked for first.
    pub debuginfo_dirs: Vec<std::path::PathBuf>,
    /// `--metrics`: serve the maps at this address while the script runs.
    pub metrics: Option<std::net::SocketAddr>,
}

#[derive(Debug)]
pub struct RunSummary {
    /// The code given to `exit(code)`, else 0.
    pub exit_code: i32,
    pub lost_events: u64,
}

#[derive(Debug)]
pub enum RunError {
    Load(String),
    Verifier(verifier::Rejection),
    Attach {
        probe: String,
        reason: String,
    },
    Io(String),
    /// Standard output (or `-o`'s pipe) was closed by its reader (`| head`):
    /// the run ends quietly, as bpftrace's does.
    OutputClosed,
    Internal(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Load(e) => write!(f, "cannot load the BPF object: {e}"),
            RunError::Verifier(rejection) => write!(f, "{rejection}"),
            RunError::Attach { probe, reason } => write!(f, "cannot attach {probe}: {reason}"),
            RunError::Io(e) => write!(f, "{e}"),
            RunError::OutputClosed => write!(f, "the output was closed"),
            RunError::Internal(e) => write!(f, "internal error: {e}"),
        }
    }
}

impl RunError {
    fn from_load(probe: &str, e: ProgramError) -> RunError {
        match e {
            ProgramError::LoadError {
                io_error,
                verifier_log,
            } => RunError::Verifier(verifier::Rejection {
                probe: probe.to_string(),
                log: format!("{verifier_log}\n{io_error}"),
                verbose: false,
            }),
            other => RunError::Load(format!("{probe}: {}", error_chain(&other))),
        }
    }
}

/// An error with its causes, `a: b: c`.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

pub fn run(script: &CompiledScript, options: RunOptions) -> Result<RunSummary, RunError> {
    format::set_string_truncation(script.max_strlen, &script.str_trunc_trailer);
    let RunOptions {
        mut output,
        perf_pages,
        verbose,
        stop_after,
        command,
        debuginfo_dirs,
        metrics,
    } = options;

    // Signals `self:signal` probes run on, rather than ending the run.
    let self_signals: Vec<i32> = script
        .programs
        .iter()
        .flat_map(|p| &p.attach)
        .filter_map(|a| match a {
            Attach::SelfSignal { signal } => Some(*signal),
            _ => None,
        })
        .collect();
    let signals = signals::Signals::install(&self_signals)
        .map_err(|e| RunError::Io(format!("cannot set up signal handling: {e}")))?;
    // Bound before anything is loaded, so a port in use ends the run with
    // nothing attached; after the signals are blocked, so that the server's
    // threads (which inherit the mask) never take a SIGINT meant for the
    // signal fd.
    let endpoint = match metrics {
        Some(address) if stop_after == StopAfter::Running => {
            Some(metrics::Endpoint::bind(address).map_err(RunError::Io)?)
        }
        _ => None,
    };
    let mut ebpf = load::load(&script.object, ring_bytes(perf_pages))
        .map_err(|e| RunError::Load(error_chain(&e)))?;
    let symbols = symbols::Symbolizer::with_debug_dirs(debuginfo_dirs.clone());
    let maps = maps::ScriptMaps::take(&mut ebpf, &script.maps, &script.stack_maps, symbols)
        .map_err(RunError::Internal)?;
    // Served until the run returns (the guard stops the server).
    let _serving = match endpoint {
        Some(endpoint) => Some(
            endpoint
                .serve(&maps, debuginfo_dirs)
                .map_err(RunError::Io)?,
        ),
        None => None,
    };
    set_start_time(&mut ebpf)?;
    let events_map = ebpf
        .take_map(EVENTS_MAP)
        .ok_or_else(|| RunError::Internal("the object has no events map".into()))?;
    let mut events = events::Events::open(events_map)?;

    // Load (verify) every program before attaching any: a rejection leaves nothing attached.
    for spec in &script.programs {
        let name = probe_names(&spec.attach);
        let program = ebpf.program_mut(&spec.function).ok_or_else(|| {
            RunError::Internal(format!("program {} missing from the object", spec.function))
        })?;
        providers::load(program, &spec.function, &name, spec.attach.first()).map_err(
            |e| match e {
                RunError::Verifier(rejection) => RunError::Verifier(verifier::Rejection {
                    verbose,
                    ..rejection
                }),
                other => other,
            },
        )?;
    }

    if stop_after == StopAfter::Verifying {
        output.verified(script.programs.len());
        return Ok(RunSummary {
            exit_code: 0,
            lost_events: 0,
        });
    }
    if stop_after == StopAfter::Attaching {
        let (links, _) = attach_all(&mut ebpf, script, &mut output)?;
        providers::detach_all(links);
        return Ok(RunSummary {
            exit_code: 0,
            lost_events: 0,
        });
    }
    let mut child = match &command {
        Some(cmd) => {
            let held = child::HeldChild::spawn(cmd)
                .map_err(|e| RunError::Io(format!("cannot start the command '{cmd}': {e}")))?;
            set_var(&mut ebpf, VAR_CPID, u64::from(held.pid()))?;
            Some(held)
        }
        None => None,
    };
    // -p PID: the run ends when that process does.
    let watched = match script.pid {
        Some(pid) => Some(
            child::watch(pid)
                .map_err(|e| RunError::Io(format!("cannot watch process {pid}: {e}")))?,
        ),
        None => None,
    };
    let mut state = events::State::default();
    output
        .attaching(script.attach_count())
        .map_err(|e| output.error(e))?;
    run_special(
        &mut ebpf,
        script,
        &maps,
        &Attach::Begin,
        &mut events,
        &mut state,
        &mut output,
    )?;

    let (links, skipped) = if state.exit_code.is_none() {
        attach_all(&mut ebpf, script, &mut output)?
    } else {
        (Vec::new(), 0)
    };
    output.attached(script.attach_count() - skipped);
    if let Some(held) = child.as_mut() {
        held.release()
            .map_err(|e| RunError::Io(format!("cannot start the command: {e}")))?;
    }

    // Iterators visit every object once, now; then the run ends, as in
    // bpftrace.
    let mut iterated = false;
    for spec in &script.programs {
        let Some(attach @ Attach::Iter { .. }) = spec.attach.first() else {
            continue;
        };
        if state.exit_code.is_some() {
            break;
        }
        let program = ebpf
            .program_mut(&spec.function)
            .ok_or_else(|| RunError::Internal(format!("program {} missing", spec.function)));
        let iterator = match program.and_then(|p| providers::open_iterator(p, attach)) {
            Ok(iterator) => iterator,
            Err(e) => {
                providers::detach_all(links);
                return Err(e);
            }
        };
        // The objects' records are drained while the kernel visits them:
        // the ring buffer would hold only the first few thousand.
        let read = std::thread::scope(|scope| {
            let reader = scope.spawn(move || providers::iter::read_to_end(iterator));
            while !reader.is_finished() {
                events.drain(script, &maps, &mut state, &mut output);
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            reader
                .join()
                .unwrap_or_else(|_| Err("the iterator's reader failed".to_string()))
        });
        events.drain(script, &maps, &mut state, &mut output);
        if let Err(reason) = read {
            providers::detach_all(links);
            return Err(RunError::Attach {
                probe: attach.name(),
                reason,
            });
        }
        iterated = true;
    }

    if state.exit_code.is_none()
        && !iterated
        && (!links.is_empty() || child.is_some() || !self_signals.is_empty())
    {
        let exit_fd = child
            .as_ref()
            .map(child::HeldChild::exit_fd)
            .or(watched.as_ref().map(std::os::fd::AsFd::as_fd));
        while let Some(signal) = events.run_until_exit(
            script,
            &maps,
            &signals,
            &self_signals,
            exit_fd,
            &mut state,
            &mut output,
        )? {
            run_special(
                &mut ebpf,
                script,
                &maps,
                &Attach::SelfSignal { signal },
                &mut events,
                &mut state,
                &mut output,
            )?;
        }
    }

    // Tear down: stop the probes, then END, then the maps.
    providers::detach_all(links);
    events.drain(script, &maps, &mut state, &mut output);
    state.stopped = false;
    run_special(
        &mut ebpf,
        script,
        &maps,
        &Attach::End,
        &mut events,
        &mut state,
        &mut output,
    )?;
    if script.print_maps_on_exit {
        print_maps(&maps, &mut output)?;
    }
    for (name, failed) in maps.failed_updates() {
        let entries = script
            .maps
            .iter()
            .find(|m| m.name == name)
            .map_or(0, |m| m.max_entries);
        match failed {
            // bpftrace 0.27's words; it warns at each failing update with its
            // place in the script, Sonde once per map with the count.
            RefusedUpdates::Full(n) => output.warn(&format!(
                "WARNING: Map full; can't update element. Try increasing max_map_keys config or manually setting the max entries in a map declaration e.g. `let {name} = hash(5000)`\nAdditional Info - map: {name}, failed updates: {n}, max entries: {entries}, retcode: -7"
            )),
            RefusedUpdates::Other { error_sum } => output.warn(&format!(
                "Warning: updates of {name} failed; their errors sum to -{error_sum} (E2BIG, 7: the map was full, {entries} entries; EBUSY, 16, EDEADLK, 35, or ETIMEDOUT, 110: a probe interrupted another holding the map's lock; ENOMEM, 12: an LRU map found nothing to evict)"
            )),
        }
    }
    for (spec, lost) in maps.lost_stacks() {
        output.warn(&format!(
            "Warning: {lost} stack{} of up to {} frames could not be kept because their map was full ({} stacks); they print empty; raise the limit with BPFTRACE_MAX_MAP_KEYS",
            if lost == 1 { "" } else { "s" },
            spec.limit,
            spec.max_entries,
        ));
    }
    output.flush().map_err(|e| output.error(e))?;
    // A write the event loop stopped at (a full disk) is the run's error.
    if let Some(failure) = output.failed() {
        return Err(failure);
    }
    Ok(RunSummary {
        exit_code: state.exit_code.unwrap_or(0) as i32,
        lost_events: state.lost,
    })
}

/// The ring buffer's bytes: `pages` per CPU, rounded up to a power of two.
fn ring_bytes(pages: usize) -> u32 {
    let cpus = aya::util::nr_cpus().unwrap_or(1);
    let bytes = pages.max(1).saturating_mul(4096).saturating_mul(cpus);
    u32::try_from(bytes.next_power_of_two())
        .unwrap_or(1 << 30)
        .min(1 << 30)
}

fn probe_names(attach: &[Attach]) -> String {
    match attach {
        [one] => one.name(),
        [first, rest @ ..] => format!("{} (and {} more)", first.name(), rest.len()),
        [] => "an unattached program".to_string(),
    }
}

/// Whether every program of `script` loads here; nothing is attached or
/// run, and everything is released on return. A feature probe: can this
/// kernel run fentry programs?
pub fn loads(script: &CompiledScript) -> bool {
    let Ok(mut ebpf) = load::load(&script.object, ring_bytes(1)) else {
        return false;
    };
    script.programs.iter().all(|spec| {
        let name = probe_names(&spec.attach);
        ebpf.program_mut(&spec.function).is_some_and(|program| {
            providers::load(program, &spec.function, &name, spec.attach.first()).is_ok()
        })
    })
}

fn run_special(
    ebpf: &mut Ebpf,
    script: &CompiledScript,
    maps: &maps::ScriptMaps,
    which: &Attach,
    events: &mut events::Events,
    state: &mut events::State,
    output: &mut Output,
) -> Result<(), RunError> {
    for spec in script.programs.iter().filter(|p| p.attach.contains(which)) {
        let program = ebpf
            .program(&spec.function)
            .ok_or_else(|| RunError::Internal(format!("program {} missing", spec.function)))?;
        providers::run_once(program, &which.name())?;
        events.drain(script, maps, state, output);
    }
    // BEGIN's banner shows before the first event, not with it.
    output.batch_done().map_err(|e| output.error(e))
}

/// The clocks probes read: the start for `elapsed`, the wall clock's
/// offset from the boot clock for `tseries` intervals.
fn set_start_time(ebpf: &mut Ebpf) -> Result<(), RunError> {
    set_var(ebpf, VAR_START_NS, monotonic_ns())?;
    let wall_offset = u64::try_from(format::values::boot_time_ns()).unwrap_or(0);
    set_var(ebpf, VAR_WALL_OFFSET_NS, wall_offset)
}

/// Writes run-time value `slot` of the vars map.
fn set_var(ebpf: &mut Ebpf, slot: u32, value: u64) -> Result<(), RunError> {
    let map = ebpf
        .map_mut(VARS_MAP)
        .ok_or_else(|| RunError::Internal("the object has no vars map".into()))?;
    let mut vars: Array<&mut MapData, u64> =
        Array::try_from(map).map_err(|e| RunError::Internal(error_chain(&e)))?;
    vars.set(slot, value, 0)
        .map_err(|e| RunError::Internal(error_chain(&e)))
}

/// `bpf_ktime_get_ns()`'s clock, read from user space.
fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    (ts.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec as u64)
}

fn print_maps(maps: &maps::ScriptMaps, output: &mut Output) -> Result<(), RunError> {
    output.before_exit_maps().map_err(|e| output.error(e))?;
    for (index, spec) in maps.specs().enumerate() {
        let mut entries = maps
            .read(index)
            .map_err(|e| RunError::Io(format!("cannot read map {}: {e}", spec.name)))?;
        format::maps::sort(&mut entries);
        output.map(spec, &entries).map_err(|e| output.error(e))?;
    }
    Ok(())
}

/// Attaches every probe of the script; a probe that cannot be attached ends
/// the run with everything detached, unless `missing_probes` lets it be
/// skipped. Returns the links and how many were skipped.
fn attach_all(
    ebpf: &mut aya::Ebpf,
    script: &CompiledScript,
    output: &mut Output,
) -> Result<(Vec<providers::Link>, usize), RunError> {
    let mut links = Vec::new();
    let mut skipped = 0usize;
    for spec in &script.programs {
        let program = ebpf
            .program_mut(&spec.function)
            .ok_or_else(|| RunError::Internal(format!("program {} missing", spec.function)))?;
        for attach in &spec.attach {
            match providers::attach(program, attach, script.pid) {
                Ok(Some(link)) => links.push(link),
                Ok(None) => {}
                // missing_probes = "warn" / "ignore": go on without it.
                Err(e) if script.missing_probes == MissingProbes::Warn => {
                    output.warn(&format!(
                        "Warning: {e} (skipped: missing_probes = \"warn\")"
                    ));
                    skipped += 1;
                }
                Err(_) if script.missing_probes == MissingProbes::Ignore => skipped += 1,
                Err(e) => {
                    providers::detach_all(links);
                    return Err(e);
                }
            }
        }
    }
    if skipped > 0
        && links.is_empty()
        && script
            .programs
            .iter()
            .any(|p| p.attach.iter().any(|a| !a.is_special()))
    {
        return Err(RunError::Attach {
            probe: "every probe".to_string(),
            reason: "none of them could be attached".to_string(),
        });
    }
    Ok((links, skipped))
}
