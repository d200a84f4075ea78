//! `profile`, `software` and `hardware`: a perf event on every online CPU,
//! sampling at a rate or every N events, the program attached to each.

use aya::programs::PerfEvent;
use aya::programs::perf_event::{
    HardwareEvent, PerfEventConfig, PerfEventScope, SamplePolicy, SoftwareEvent,
};
use sonde_script::Rate;

pub(super) fn software_event(name: &str) -> Option<SoftwareEvent> {
    Some(match name {
        "cpu-clock" => SoftwareEvent::CpuClock,
        "task-clock" => SoftwareEvent::TaskClock,
        "page-faults" => SoftwareEvent::PageFaults,
        "context-switches" => SoftwareEvent::ContextSwitches,
        "cpu-migrations" => SoftwareEvent::CpuMigrations,
        "minor-faults" => SoftwareEvent::PageFaultsMin,
        "major-faults" => SoftwareEvent::PageFaultsMaj,
        "alignment-faults" => SoftwareEvent::AlignmentFaults,
        "emulation-faults" => SoftwareEvent::EmulationFaults,
        "dummy" => SoftwareEvent::Dummy,
        "bpf-output" => SoftwareEvent::BpfOutput,
        _ => return None,
    })
}

pub(super) fn hardware_event(name: &str) -> Option<HardwareEvent> {
    Some(match name {
        "cpu-cycles" => HardwareEvent::CpuCycles,
        "instructions" => HardwareEvent::Instructions,
        "cache-references" => HardwareEvent::CacheReferences,
        "cache-misses" => HardwareEvent::CacheMisses,
        "branch-instructions" => HardwareEvent::BranchInstructions,
        "branch-misses" => HardwareEvent::BranchMisses,
        "bus-cycles" => HardwareEvent::BusCycles,
        "frontend-stalls" => HardwareEvent::StalledCyclesFrontend,
        "backend-stalls" => HardwareEvent::StalledCyclesBackend,
        "ref-cycles" => HardwareEvent::RefCpuCycles,
        _ => return None,
    })
}

pub(super) fn rate_policy(rate: Rate) -> SamplePolicy {
    match rate {
        Rate::Hz(hz) => SamplePolicy::Frequency(hz),
        Rate::PeriodNs(ns) => SamplePolicy::Period(ns),
    }
}

/// Attaches on every online CPU, or with `-p PID` to that process on any
/// CPU (as bpftrace 0.27 scopes profile, software and hardware probes);
/// the links detach together.
pub(super) fn attach(
    program: &mut PerfEvent,
    config: PerfEventConfig,
    sample: SamplePolicy,
    pid: Option<u32>,
) -> Result<super::Link, String> {
    let scopes: Vec<PerfEventScope> = match pid {
        Some(pid) => vec![PerfEventScope::OneProcess { pid, cpu: None }],
        None => aya::util::online_cpus()
            .map_err(|(what, e)| format!("{what}: {e}"))?
            .into_iter()
            .map(|cpu| PerfEventScope::AllProcessesOneCpu { cpu })
            .collect(),
    };
    let mut links = Vec::with_capacity(scopes.len());
    for scope in scopes {
        let id = program
            .attach(config, scope, sample, false)
            .map_err(|e| explain(config, &e))?;
        links.push(program.take_link(id).map_err(|e| crate::error_chain(&e))?);
    }
    Ok(Box::new(links))
}

/// perf_event_open's ENOENT for a hardware event means there is no PMU.
fn explain(config: PerfEventConfig, e: &aya::programs::ProgramError) -> String {
    let text = crate::error_chain(e);
    let no_pmu = matches!(config, PerfEventConfig::Hardware(_))
        && (text.contains("No such file or directory") || text.contains("Operation not supported"));
    if no_pmu {
        format!("this machine has no hardware performance counters (no PMU): {text}")
    } else {
        text
    }
}
