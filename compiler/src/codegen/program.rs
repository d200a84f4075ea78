//! What makes each probe a BPF program of its own: the ELF section that
//! names its program type, which attach points can share one program,
//! the license, and the prologues that end a program early (`-p PID`,
//! an iterator's last call, a full ring buffer).

use super::{CgResult, Func, Gen, helpers};
use crate::script::Attach;
use inkwell::module::Linkage;
use inkwell::values::{FunctionValue, IntValue, PointerValue};

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn define_license(&self) {
        let license = self
            .module
            .add_global(self.i8.array_type(4), None, "_license");
        license.set_initializer(&self.ctx.const_string(b"GPL", true));
        license.set_section(Some("license"));
        license.set_linkage(Linkage::External);
    }

    /// Ends the program (returning 0) unless `go_on`; code built after this
    /// runs only when it holds, in a block named `name`.
    pub(super) fn return_unless(
        &self,
        function: FunctionValue<'ctx>,
        go_on: IntValue<'ctx>,
        name: &str,
    ) -> CgResult<()> {
        let go = self.ctx.append_basic_block(function, name);
        let stop = self.ctx.append_basic_block(function, "return");
        self.builder.build_conditional_branch(go_on, go, stop)?;
        self.builder.position_at_end(stop);
        self.builder.build_return(Some(&self.i64.const_zero()))?;
        self.builder.position_at_end(go);
        Ok(())
    }

    /// -p PID: the prologue that ends the program for events of other
    /// processes.
    pub(super) fn pid_filter(
        &self,
        f: &Func<'ctx, 'a>,
        attach: &Attach,
        function: FunctionValue<'ctx>,
    ) -> CgResult<()> {
        // -p PID: events of other processes end here, where the probe kind
        // says its events are about a process (`ProbeFacts::pid_filtered`).
        if let Some(pid) = self.analysis.pid
            && crate::probes::facts_of(attach).pid_filtered
        {
            // As the user sees it: the pid in Sonde's own namespace.
            let current = self.current_id(f, false)?;
            let ours = self.builder.build_int_compare(
                inkwell::IntPredicate::EQ,
                current,
                self.i64.const_int(u64::from(pid), false),
                "in_pid",
            )?;
            self.return_unless(function, ours, "in_pid")?;
        }
        Ok(())
    }

    /// The prologue of an iterator's program: skip the call after the last
    /// object, and hold back while the ring buffer is past half full.
    pub(super) fn iter_prologue(
        &self,
        attach: &Attach,
        function: FunctionValue<'ctx>,
        ctx_arg: PointerValue<'ctx>,
    ) -> CgResult<()> {
        // An iterator's program runs once more after the last object, with
        // the object (the member after `meta`) NULL: that call does nothing.
        if let Attach::Iter { .. } = attach {
            let at = self.byte_offset(ctx_arg, 8)?;
            let object = self
                .builder
                .build_load(self.i64, at, "iter_object")?
                .into_int_value();
            let some = self.builder.build_int_compare(
                inkwell::IntPredicate::NE,
                object,
                self.i64.const_zero(),
                "iter_some",
            )?;
            self.return_unless(function, some, "iter_object")?;
            // The kernel visits objects faster than Sonde drains the ring
            // buffer: past half full, return 1, which makes the kernel stop
            // the read (EAGAIN) and show this object again on the next one.
            let query = |flag: u64| {
                self.call_int(
                    helpers::Helper::RingbufQuery,
                    &[
                        helpers::Arg::Ptr(self.events.as_pointer_value()),
                        helpers::Arg::Int(self.i64.const_int(flag, false)),
                    ],
                )
            };
            // BPF_RB_AVAIL_DATA = 0, BPF_RB_RING_SIZE = 1.
            let pending = query(0)?;
            let size = query(1)?;
            let doubled =
                self.builder
                    .build_int_mul(pending, self.i64.const_int(2, false), "pending2")?;
            let room = self.builder.build_int_compare(
                inkwell::IntPredicate::ULE,
                doubled,
                size,
                "room",
            )?;
            let go = self.ctx.append_basic_block(function, "iter_room");
            let retry = self.ctx.append_basic_block(function, "iter_retry");
            self.builder.build_conditional_branch(room, go, retry)?;
            self.builder.position_at_end(retry);
            self.builder
                .build_return(Some(&self.i64.const_int(1, false)))?;
            self.builder.position_at_end(go);
        }
        Ok(())
    }
}

pub(super) fn same_program_type(a: &Attach, b: &Attach) -> bool {
    match (a, b) {
        (Attach::Kprobe { ret: x, .. }, Attach::Kprobe { ret: y, .. })
        | (Attach::Uprobe { ret: x, .. }, Attach::Uprobe { ret: y, .. }) => x == y,
        // A tp_btf program is bound to its tracepoint when it is loaded.
        (Attach::RawTracepoint { name: x }, Attach::RawTracepoint { name: y }) => x == y,
        (Attach::Iter { target: x }, Attach::Iter { target: y }) => x == y,
        (a @ Attach::Fentry { .. }, b @ Attach::Fentry { .. }) => a == b,
        // argN is read where each probe's specs say: one program per layout.
        (Attach::Usdt { arguments: x, .. }, Attach::Usdt { arguments: y, .. }) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && !a.is_special(),
    }
}

/// aya recognises the program type by the first component of the section name.
pub(super) fn section_for(attach: &Attach, name: &str) -> String {
    crate::probes::facts_of(attach).section_for(name)
}
