//! fentry and fexit programs: the kernel binds each to its function (by BTF
//! id) when it is loaded, so loading needs the kernel's BTF (parsed once,
//! shared with raw tracepoints). Some kernels refuse these programs outright
//! (EPERM at load, as on the machines this project is tested on); that is
//! said plainly instead of as a verifier rejection.

use crate::RunError;
use aya::programs::{FEntry, FExit, ProgramError};

pub(super) fn load_error(probe: &str, e: ProgramError) -> RunError {
    if let ProgramError::LoadError { io_error, .. } = &e
        && io_error.raw_os_error() == Some(libc::EPERM)
    {
        return RunError::Attach {
            probe: probe.to_string(),
            reason: "this kernel refuses fentry/fexit programs (loading one fails with EPERM); \
                     use a tracepoint, or a kprobe where the kernel has kprobes"
                .to_string(),
        };
    }
    RunError::from_load(probe, e)
}

pub(super) fn attach_entry(program: &mut FEntry) -> Result<super::Link, String> {
    let id = program.attach().map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    Ok(Box::new(link))
}

pub(super) fn attach_exit(program: &mut FExit) -> Result<super::Link, String> {
    let id = program.attach().map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    Ok(Box::new(link))
}
