//! `ustack` unwound from call frame information (`dw_ustack`, or `ustack`
//! under `ustack_unwind = cfi`, where it is a printf()/print() value): the
//! probe sends the user registers and the top of the user stack in a
//! `RECORD_USER_STACK` record of their own, reserved and submitted before
//! the record that holds the value (the ring keeps that order), and the
//! value's first word is the copy's id. User space unwinds the copy with the
//! binaries' `.eh_frame`/`.debug_frame` when it arrives.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::maps::{BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_PERCPU_ARRAY};
use super::{CgResult, CodegenError, Func, Gen};
use crate::kernel::regs;
use crate::script::{
    PROCESS_SEEN_ENTRIES, PROCESS_SEEN_MAP, RECORD_PROCESS_SEEN, RECORD_USER_STACK,
    user_stack_record as layout,
};
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

/// A per-CPU counter of the copies made on each CPU: with the CPU's number,
/// a copy's id.
pub const USTACK_SEQUENCE_MAP: &str = "sonde_useq";
/// The smallest piece the copy is read in.
const SMALLEST_READ: u32 = 8;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn define_user_stack_sequence(&mut self) {
        if self.analysis.unwound_stacks {
            self.ustack_sequence =
                Some(self.map_definition(USTACK_SEQUENCE_MAP, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1));
        }
    }

    /// The 16-byte value (copy id, 0, pid) after sending the copy.
    pub(super) fn unwound_user_stack(&self, f: &Func<'ctx, 'a>) -> CgResult<Val<'ctx>> {
        let sequence = self
            .ustack_sequence
            .ok_or_else(|| CodegenError("no user stack sequence map".into()))?;
        let out = self.scratch_bytes(f, 16, "dw_ustack")?;
        self.zero(out, 16)?;
        let key = self.zero_key(f)?;
        let counter = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(sequence.as_pointer_value()), Arg::Ptr(key)],
        )?;
        let tgid = self.call_int(Helper::GetCurrentPidTgid, &[])?;
        let pid =
            self.builder
                .build_right_shift(tgid, self.i64.const_int(32, false), false, "pid")?;
        let pid32 = self.builder.build_int_truncate(pid, self.i32, "pid32")?;
        self.builder
            .build_store(self.byte_offset(out, 12)?, pid32)?;
        self.if_else_ptr_in(
            f.function,
            counter,
            |g| {
                let n = g
                    .builder
                    .build_load(g.i64, counter, "copies")?
                    .into_int_value();
                let n = g
                    .builder
                    .build_int_add(n, g.i64.const_int(1, false), "copy")?;
                g.builder.build_store(counter, n)?;
                let cpu = g.call_int(Helper::GetSmpProcessorId, &[])?;
                let cpu = g
                    .builder
                    .build_left_shift(cpu, g.i64.const_int(48, false), "cpu")?;
                let id = g.builder.build_or(cpu, n, "copy_id")?;
                g.builder.build_store(out, id)?;
                g.send_user_stack(f, id, tgid)
            },
            |_| Ok(()),
        )?;
        Ok(Val::Tuple(out))
    }

    /// The `RECORD_USER_STACK` record: the user registers (the task's saved
    /// user `pt_regs`, whatever the probe's context) and as much of the
    /// stack from sp up as can be read, in halving pieces (a stack's top is
    /// often nearer than the bytes asked for, and a read past it fails).
    fn send_user_stack(
        &self,
        f: &Func<'ctx, 'a>,
        id: IntValue<'ctx>,
        tgid: IntValue<'ctx>,
    ) -> CgResult<()> {
        let copy = self.analysis.ustack_copy_bytes;
        let size = layout::BYTES as u32 + copy;
        self.with_record_in(f.function, size, layout::BYTES as u32, |g, record| {
            let task = g.call_ptr(Helper::GetCurrentTaskBtf, &[])?;
            let regs = g.call_ptr(Helper::TaskPtRegs, &[Arg::Ptr(task)])?;
            let reg = |name: &str| -> CgResult<IntValue<'ctx>> {
                let offset = regs::offset(name)
                    .ok_or_else(|| CodegenError(format!("no pt_regs slot {name}")))?;
                Ok(g.builder
                    .build_load(g.i64, g.byte_offset(regs, offset)?, name)?
                    .into_int_value())
            };
            let (ip, sp, bp) = (reg("ip")?, reg("sp")?, reg("bp")?);
            let start = g.process_start_time(task)?;
            let words = [
                (0, g.i64.const_int(RECORD_USER_STACK, false)),
                (layout::ID, id),
                (layout::PID_TID, tgid),
                (layout::START_TIME, start),
                (layout::IP, ip),
                (layout::SP, sp),
                (layout::BP, bp),
            ];
            for (at, w) in words {
                g.builder
                    .build_store(g.byte_offset(record, at as u32)?, w)?;
            }
            let bytes = g.byte_offset(record, layout::BYTES as u32)?;
            let mut length = g.i64.const_zero();
            let mut piece = copy.next_power_of_two();
            if piece > copy {
                piece /= 2;
            }
            while piece >= SMALLEST_READ {
                length = g.read_stack_piece(f, bytes, sp, length, piece, copy)?;
                piece /= 2;
            }
            g.builder
                .build_store(g.byte_offset(record, layout::LENGTH as u32)?, length)?;
            Ok(())
        })
    }

    /// The start time of `task`'s process (its leader's `start_boottime`,
    /// 0 without BTF): with the pid, which process it is.
    fn process_start_time(&self, task: PointerValue<'ctx>) -> CgResult<IntValue<'ctx>> {
        Ok(match self.analysis.task_start_time {
            Some((leader, start)) => {
                let leader = self
                    .builder
                    .build_load(self.ptr, self.byte_offset(task, leader)?, "group_leader")?
                    .into_pointer_value();
                self.builder
                    .build_load(self.i64, self.byte_offset(leader, start)?, "start_boottime")?
                    .into_int_value()
            }
            None => self.i64.const_zero(),
        })
    }

    pub(super) fn define_process_seen(&mut self) {
        if self.analysis.seen_processes {
            self.process_seen = Some(self.map_definition(
                PROCESS_SEEN_MAP,
                BPF_MAP_TYPE_LRU_HASH,
                4,
                8,
                PROCESS_SEEN_ENTRIES,
            ));
        }
    }

    /// Before a frame-pointer `ustack`: the first time this process (pid
    /// and start time) takes one, a `RECORD_PROCESS_SEEN` asks user space
    /// to read its mappings while it runs, so its frames are named even
    /// when they are printed after it has exited (a stack kept in a map).
    /// Later ones cost a lookup.
    pub(super) fn announce_process(&self, f: &Func<'ctx, 'a>) -> CgResult<()> {
        let Some(seen) = self.process_seen else {
            return Ok(());
        };
        let start = match self.analysis.task_start_time {
            Some(_) => {
                let task = self.call_ptr(Helper::GetCurrentTaskBtf, &[])?;
                self.process_start_time(task)?
            }
            None => self.i64.const_zero(),
        };
        let tgid = self.call_int(Helper::GetCurrentPidTgid, &[])?;
        let pid =
            self.builder
                .build_right_shift(tgid, self.i64.const_int(32, false), false, "pid")?;
        let pid = self.builder.build_int_truncate(pid, self.i32, "pid32")?;
        // Key and value side by side in the per-CPU scratch area.
        let slot = self.scratch_bytes(f, 16, "process_seen")?;
        self.builder.build_store(slot, pid)?;
        let value = self.byte_offset(slot, 8)?;
        self.builder.build_store(value, start)?;
        let known = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(seen.as_pointer_value()), Arg::Ptr(slot)],
        )?;
        let new = self.shared_slot(f, "process_new", self.ctx.bool_type().into())?;
        self.builder
            .build_store(new, self.ctx.bool_type().const_int(1, false))?;
        self.if_else_ptr_in(
            f.function,
            known,
            |g| {
                let was = g
                    .builder
                    .build_load(g.i64, known, "seen_start")?
                    .into_int_value();
                let other = g
                    .builder
                    .build_int_compare(IntPredicate::NE, was, start, "other")?;
                g.builder.build_store(new, other)?;
                Ok(())
            },
            |_| Ok(()),
        )?;
        let new = self
            .builder
            .build_load(self.ctx.bool_type(), new, "announce")?
            .into_int_value();
        let announce = self.ctx.append_basic_block(f.function, "announce_process");
        let done = self.ctx.append_basic_block(f.function, "process_known");
        self.builder.build_conditional_branch(new, announce, done)?;
        self.builder.position_at_end(announce);
        self.call_int(
            Helper::MapUpdateElem,
            &[
                Arg::Ptr(seen.as_pointer_value()),
                Arg::Ptr(slot),
                Arg::Ptr(value),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        self.with_record_in(f.function, 24, 0, |g, record| {
            let words = [
                (0, g.i64.const_int(RECORD_PROCESS_SEEN, false)),
                (8, tgid),
                (16, start),
            ];
            for (at, w) in words {
                g.builder.build_store(g.byte_offset(record, at)?, w)?;
            }
            Ok(())
        })?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    /// Reads `piece` bytes of the stack at `sp + length` into `bytes +
    /// length` when they fit in `copy`; the length after.
    fn read_stack_piece(
        &self,
        f: &Func<'ctx, 'a>,
        bytes: inkwell::values::PointerValue<'ctx>,
        sp: IntValue<'ctx>,
        length: IntValue<'ctx>,
        piece: u32,
        copy: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let before = self
            .builder
            .get_insert_block()
            .ok_or_else(|| CodegenError("builder has no block".into()))?;
        let read = self.ctx.append_basic_block(f.function, "ustack_read");
        let next = self.ctx.append_basic_block(f.function, "ustack_next");
        // The bound the verifier needs for the destination, stated.
        let fits = self.builder.build_int_compare(
            IntPredicate::ULE,
            length,
            self.i64.const_int(u64::from(copy - piece), false),
            "fits",
        )?;
        self.builder.build_conditional_branch(fits, read, next)?;
        self.builder.position_at_end(read);
        // SAFETY: `length` <= copy - piece, checked above.
        let dst = unsafe {
            self.builder
                .build_gep(self.ctx.i8_type(), bytes, &[length], "piece_at")?
        };
        let src = self.builder.build_int_add(sp, length, "piece_from")?;
        let src = self.builder.build_int_to_ptr(src, self.ptr, "piece_src")?;
        let result = self.call_int(
            Helper::ProbeReadUser,
            &[
                Arg::Ptr(dst),
                Arg::Int(self.i64.const_int(u64::from(piece), false)),
                Arg::Ptr(src),
            ],
        )?;
        let read_ok = self.builder.build_int_compare(
            IntPredicate::EQ,
            result,
            self.i64.const_zero(),
            "read",
        )?;
        let longer = self.builder.build_int_add(
            length,
            self.i64.const_int(u64::from(piece), false),
            "longer",
        )?;
        let after = self
            .builder
            .build_select(read_ok, longer, length, "length")?
            .into_int_value();
        let read_end = self
            .builder
            .get_insert_block()
            .ok_or_else(|| CodegenError("builder has no block".into()))?;
        self.builder.build_unconditional_branch(next)?;
        self.builder.position_at_end(next);
        let phi = self.builder.build_phi(self.i64, "stack_length")?;
        phi.add_incoming(&[(&length, before), (&after, read_end)]);
        Ok(phi.as_basic_value().into_int_value())
    }
}
