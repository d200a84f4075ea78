//! `-k`: a probe read whose helper fails sends a record naming the read's
//! place in the script and the helper's error, which user space prints as
//! bpftrace prints its helper errors. Without `-k` no read is checked and
//! the code is as before.

use super::helpers::Helper;
use super::{CgResult, CodegenError, Gen};
use crate::script::RECORD_HELPER_ERROR;
use inkwell::IntPredicate;
use inkwell::values::IntValue;

impl Helper {
    /// A helper that reads memory for the script, and may fail to.
    pub fn is_probe_read(self) -> bool {
        matches!(
            self,
            Helper::ProbeReadStr
                | Helper::ProbeReadUser
                | Helper::ProbeReadKernel
                | Helper::ProbeReadUserStr
                | Helper::ProbeReadKernelStr
        )
    }

    /// The helper's name as the kernel's documentation gives it, without
    /// `bpf_` (bpftrace names the helper it calls the same way).
    pub fn name(self) -> &'static str {
        match self {
            Helper::ProbeReadStr => "probe_read_str",
            Helper::ProbeReadUser => "probe_read_user",
            Helper::ProbeReadKernel => "probe_read_kernel",
            Helper::ProbeReadUserStr => "probe_read_user_str",
            Helper::ProbeReadKernelStr => "probe_read_kernel_str",
            _ => "a helper",
        }
    }
}

impl<'ctx> Gen<'ctx, '_> {
    /// After the read `helper` returned `ret`: when it is negative, a
    /// `[RECORD_HELPER_ERROR, site, ret]` record (or a lost one).
    pub(super) fn report_failed_read(&self, helper: Helper, ret: IntValue<'ctx>) -> CgResult<()> {
        let function = self
            .builder
            .get_insert_block()
            .and_then(|b| b.get_parent())
            .ok_or_else(|| CodegenError("a probe read outside a function".into()))?;
        let site = {
            let mut sites = self.helper_error_sites.borrow_mut();
            sites.push((helper, self.reading_at.get()));
            sites.len() as u64 - 1
        };
        let failed = self.builder.build_int_compare(
            IntPredicate::SLT,
            ret,
            self.i64.const_zero(),
            "read_failed",
        )?;
        let report = self.ctx.append_basic_block(function, "report_read");
        let done = self.ctx.append_basic_block(function, "read_done");
        self.builder
            .build_conditional_branch(failed, report, done)?;
        self.builder.position_at_end(report);
        self.with_record_in(function, 24, 24, |g, record| {
            g.builder
                .build_store(record, g.i64.const_int(RECORD_HELPER_ERROR, false))?;
            g.builder
                .build_store(g.byte_offset(record, 8)?, g.i64.const_int(site, false))?;
            g.builder.build_store(g.byte_offset(record, 16)?, ret)?;
            Ok(())
        })?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }
}
