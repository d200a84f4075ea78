//! Raw tracepoints as `tp_btf` programs: the kernel checks the program
//! against the tracepoint's BTF prototype, so the BTF type id of
//! `btf_trace_NAME` is given at load. aya needs the kernel's BTF parsed for
//! that (about 19 ms), paid once, only by scripts with raw tracepoints.

use aya::Btf;
use aya::programs::BtfTracePoint;
use std::sync::OnceLock;

static KERNEL_BTF: OnceLock<Result<Btf, String>> = OnceLock::new();

pub(super) fn kernel_btf() -> Result<&'static Btf, String> {
    KERNEL_BTF
        .get_or_init(|| {
            Btf::from_sys_fs().map_err(|e| format!("cannot read the kernel's BTF: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

pub(super) fn attach(program: &mut BtfTracePoint) -> Result<super::Link, String> {
    let id = program.attach().map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    Ok(Box::new(link))
}
