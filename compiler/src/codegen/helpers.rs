//! Calls to BPF helper functions. The BPF backend turns a call through the
//! helper's number cast to a pointer into `call N`.

use super::{CgResult, CodegenError, Gen};
use inkwell::types::BasicMetadataTypeEnum;
use inkwell::types::BasicType;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue, PointerValue};

/// Helper numbers from `enum bpf_func_id` in the kernel's uapi `bpf.h`.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Helper {
    MapLookupElem = 1,
    MapUpdateElem = 2,
    MapDeleteElem = 3,
    KtimeGetNs = 5,
    /// `debugf()`: a line in the kernel's trace buffer.
    TracePrintk = 6,
    GetPrandomU32 = 7,
    GetSmpProcessorId = 8,
    GetCurrentPidTgid = 14,
    GetCurrentUidGid = 15,
    GetCurrentComm = 16,
    GetCurrentTask = 35,
    GetNumaNodeId = 42,
    /// The old string read that takes user and kernel addresses alike (on
    /// x86_64): for kprobe and fentry arguments, which may be either.
    ProbeReadStr = 45,
    /// Linux 4.18+.
    GetStack = 67,
    /// Linux 4.18+.
    GetCurrentCgroupId = 80,
    /// Linux 5.3+.
    SendSignal = 109,
    /// Linux 5.5+.
    SendSignalThread = 117,
    ProbeReadUser = 112,
    ProbeReadKernel = 113,
    ProbeReadUserStr = 114,
    ProbeReadKernelStr = 115,
    /// Linux 5.5+.
    Jiffies64 = 118,
    GetNsCurrentPidTgid = 120,
    /// Linux 5.8+.
    KtimeGetBootNs = 125,
    /// Linux 5.8+.
    RingbufReserve = 131,
    RingbufSubmit = 132,
    RingbufQuery = 134,
    /// Linux 5.13+.
    DPath = 147,
    ForEachMapElem = 164,
    /// Linux 5.11+.
    GetCurrentTaskBtf = 158,
    /// Linux 5.15+: a task's saved user registers.
    TaskPtRegs = 175,
    /// Linux 5.15+ (uprobes: 6.4+).
    GetFuncIp = 173,
    /// Linux 5.17+.
    Loop = 181,
    /// Linux 5.19+.
    MapLookupPercpuElem = 195,
    /// Linux 6.1+.
    KtimeGetTaiNs = 208,
}

#[derive(Clone, Copy)]
pub enum Arg<'ctx> {
    Int(IntValue<'ctx>),
    Ptr(PointerValue<'ctx>),
}

impl<'ctx> Gen<'ctx, '_> {
    /// Calls a helper and returns its i64 result (helpers that return pointers
    /// are converted by the caller).
    pub fn call_helper(
        &self,
        helper: Helper,
        args: &[Arg<'ctx>],
        returns_ptr: bool,
    ) -> CgResult<inkwell::values::BasicValueEnum<'ctx>> {
        let param_types: Vec<BasicMetadataTypeEnum> = args
            .iter()
            .map(|a| match a {
                Arg::Int(v) => v.get_type().into(),
                Arg::Ptr(_) => self.ptr.into(),
            })
            .collect();
        let fn_type = if returns_ptr {
            self.ptr.fn_type(&param_types, false)
        } else {
            self.i64.fn_type(&param_types, false)
        };
        let address = self.i64.const_int(helper as u64, false);
        let callee = self.builder.build_int_to_ptr(address, self.ptr, "helper")?;
        let values: Vec<BasicMetadataValueEnum> = args
            .iter()
            .map(|a| match a {
                Arg::Int(v) => (*v).into(),
                Arg::Ptr(p) => (*p).into(),
            })
            .collect();
        let call = self
            .builder
            .build_indirect_call(fn_type, callee, &values, "call")?;
        let value = call
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| CodegenError(format!("helper {helper:?} returned no value")))?;
        if self.analysis.helper_errors && helper.is_probe_read() {
            self.report_failed_read(helper, value.into_int_value())?;
        }
        Ok(value)
    }

    pub fn call_int(&self, helper: Helper, args: &[Arg<'ctx>]) -> CgResult<IntValue<'ctx>> {
        Ok(self.call_helper(helper, args, false)?.into_int_value())
    }

    pub fn call_ptr(&self, helper: Helper, args: &[Arg<'ctx>]) -> CgResult<PointerValue<'ctx>> {
        Ok(self.call_helper(helper, args, true)?.into_pointer_value())
    }
}

impl<'ctx> Gen<'ctx, '_> {
    /// `v` as a value LLVM knows nothing about (an empty asm passing its
    /// operand through, as libbpf's `barrier_var`): it can neither recompute
    /// it nor rewrite the tests on it, where its choice costs instructions.
    pub(super) fn opaque(&self, v: BasicValueEnum<'ctx>) -> CgResult<BasicValueEnum<'ctx>> {
        let ty = v.get_type().fn_type(&[v.get_type().into()], false);
        let asm = self.ctx.create_inline_asm(
            ty,
            String::new(),
            "=r,0".to_string(),
            false,
            false,
            None,
            false,
        );
        self.builder
            .build_indirect_call(ty, asm, &[v.into()], "opaque")?
            .try_as_basic_value()
            .basic()
            .ok_or_else(|| CodegenError("an opaque value".into()))
    }
}
