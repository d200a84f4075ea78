//! `interval`: a software cpu-clock perf event on one CPU, sampling every
//! `period_ns` nanoseconds (cpu-clock counts nanoseconds), as bpftrace does.

use aya::programs::PerfEvent;
use aya::programs::perf_event::{PerfEventConfig, PerfEventScope, SamplePolicy, SoftwareEvent};

pub(super) fn attach(program: &mut PerfEvent, period_ns: u64) -> Result<super::Link, String> {
    let cpu = aya::util::online_cpus()
        .map_err(|(what, e)| format!("{what}: {e}"))?
        .first()
        .copied()
        .unwrap_or(0);
    let id = program
        .attach(
            PerfEventConfig::Software(SoftwareEvent::CpuClock),
            PerfEventScope::AllProcessesOneCpu { cpu },
            SamplePolicy::Period(period_ns),
            false,
        )
        .map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    Ok(Box::new(link))
}
