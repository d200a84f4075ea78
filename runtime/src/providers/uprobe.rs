//! uprobes and uretprobes through the perf uprobe PMU; aya resolves the
//! symbol to its file offset in the binary.

use aya::programs::UProbe;
use aya::programs::uprobe::{UProbeAttachLocation, UProbeScope};

pub(super) fn attach(
    program: &mut UProbe,
    path: &str,
    symbol: Option<&str>,
    offset: u64,
    pid: Option<u32>,
) -> Result<super::Link, String> {
    let location = match symbol {
        Some(s) => UProbeAttachLocation::SymbolOffset(s, offset),
        None => UProbeAttachLocation::AbsoluteOffset(offset),
    };
    let id = program
        .attach(
            location,
            path,
            match pid.and_then(std::num::NonZeroU32::new) {
                Some(pid) => UProbeScope::OneProcess(pid),
                None => UProbeScope::AllProcesses,
            },
        )
        .map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    Ok(Box::new(link))
}
