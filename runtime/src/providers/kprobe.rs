//! kprobes and kretprobes through the perf kprobe PMU.

use aya::programs::KProbe;
use std::path::Path;

/// Present when the kernel was built with kprobes.
const KPROBE_PMU: &str = "/sys/bus/event_source/devices/kprobe";

pub(super) fn attach(
    program: &mut KProbe,
    function: &str,
    offset: u64,
    ret: bool,
) -> Result<super::Link, String> {
    if !Path::new(KPROBE_PMU).exists() {
        let mut message = format!(
            "kprobes are not available on this kernel (built without CONFIG_KPROBES: {KPROBE_PMU} is missing), \
             and it does not run fentry programs either, which sonde uses instead where it can"
        );
        if let Some(tracepoint) = sonde_script::syscalls::syscall_tracepoint(function, ret) {
            message.push_str(&format!("; {tracepoint} covers the same event"));
        }
        message.push_str("; sonde --verify still checks the program with the verifier");
        return Err(message);
    }
    let id = program.attach(function, offset).map_err(|e| {
        let chain = crate::error_chain(&e);
        // The kernel answers EILSEQ for an offset inside an instruction.
        if offset > 0 && chain.contains("(os error 84)") {
            format!("{function}+{offset} is not the start of an instruction ({chain})")
        } else {
            chain
        }
    })?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    Ok(Box::new(link))
}
