//! Stacks and symbols. `kstack`/`ustack`: `bpf_get_stack` fills a per-CPU
//! scratch buffer, the frames are hashed (64 bits), and the frames are stored
//! in the stack map of the value's limit under that hash; the value itself is
//! 16 bytes (hash, frame count, pid) that user space turns into lines. Unlike
//! a `BPF_MAP_TYPE_STACK_TRACE` map, whose ids are 32-bit bucket indexes that
//! collide (a colliding stack is dropped or overwrites another), a 64-bit hash
//! keeps every distinct stack apart. `ksym`/`usym` values are the address (and
//! pid) named in user space; `kaddr`/`uaddr` are addresses found when compiling.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::Expr;
use crate::script::{
    BPF_F_USER_STACK, COUNTER_FAILED_UPDATES, STACK_SCRATCH_MAP, StackType, Unwind,
};
use crate::sema::SymbolAddress;
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

use super::maps::{BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PERCPU_ARRAY};

/// `bpf_map_update_elem` flag: only add a key that is not there yet.
const BPF_NOEXIST: u64 = 1;
const EEXIST: u64 = 17;

/// Hash constants (splitmix64's): a distinct seed for kernel and user stacks.
const SEED_KERNEL: u64 = 0x9e37_79b9_7f4a_7c15;
const SEED_USER: u64 = 0xc2b2_ae3d_27d4_eb4f;
const MIX: u64 = 0xff51_afd7_ed55_8ccd;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// The stack maps (one per limit) and the scratch buffer they are filled from.
    pub(super) fn define_stack_maps(&mut self) {
        let specs = self.analysis.stack_maps();
        let Some(deepest) = specs.iter().map(|s| s.limit).max() else {
            return;
        };
        self.stack_maps = specs
            .iter()
            .map(|s| {
                let global = self.map_definition(
                    &s.bpf_name,
                    BPF_MAP_TYPE_HASH,
                    8,
                    s.value_size(),
                    s.max_entries,
                );
                (s.limit, global)
            })
            .collect();
        self.stack_scratch = Some(self.map_definition(
            STACK_SCRATCH_MAP,
            BPF_MAP_TYPE_PERCPU_ARRAY,
            4,
            deepest * 8,
            1,
        ));
    }

    /// A `kstack`/`ustack` value: a 16-byte buffer (hash, frames, pid).
    pub(super) fn stack(&self, f: &Func<'ctx, 'a>, st: StackType) -> CgResult<Val<'ctx>> {
        if st.unwind == Unwind::Cfi {
            return self.unwound_user_stack(f);
        }
        if st.user {
            self.announce_process(f)?;
        }
        let (index, map) = self
            .stack_maps
            .iter()
            .enumerate()
            .find(|(_, (limit, _))| *limit == st.limit)
            .map(|(i, (_, g))| (i, *g))
            .ok_or_else(|| CodegenError(format!("no stack map of {} frames", st.limit)))?;
        let scratch = self
            .stack_scratch
            .ok_or_else(|| CodegenError("no stack scratch map".into()))?;
        let out = self.scratch_bytes(f, 16, st.name())?;
        self.zero(out, 16)?;
        let key = self.zero_key(f)?;
        let buf = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(scratch.as_pointer_value()), Arg::Ptr(key)],
        )?;
        let block = |name: &str| self.ctx.append_basic_block(f.function, name);
        let (have, done) = (block("stack_buffer"), block("stack_done"));
        let is_null = self.builder.build_is_null(buf, "no_buffer")?;
        self.builder.build_conditional_branch(is_null, done, have)?;

        self.builder.position_at_end(have);
        let flags = if st.user { BPF_F_USER_STACK } else { 0 };
        let bytes = self.call_int(
            Helper::GetStack,
            &[
                Arg::Ptr(f.ctx_arg),
                Arg::Ptr(buf),
                Arg::Int(self.i64.const_int(u64::from(st.limit) * 8, false)),
                Arg::Int(self.i64.const_int(flags, false)),
            ],
        )?;
        // An error (no user stack in a kernel thread, no kernel stack in a
        // uprobe) is an empty stack.
        let positive = self.builder.build_int_compare(
            IntPredicate::SGT,
            bytes,
            self.i64.const_zero(),
            "got",
        )?;
        let bytes = self
            .builder
            .build_select(positive, bytes, self.i64.const_zero(), "bytes")?
            .into_int_value();
        let frames =
            self.builder
                .build_right_shift(bytes, self.i64.const_int(3, false), false, "frames")?;
        let nonempty = self.builder.build_int_compare(
            IntPredicate::NE,
            frames,
            self.i64.const_zero(),
            "nonempty",
        )?;
        let hash_start = block("stack_hash");
        self.builder
            .build_conditional_branch(nonempty, hash_start, done)?;

        // The hash, unrolled: frame i is mixed in when i < frames. A loop
        // would do, but LLVM turns its index into a pointer the verifier
        // cannot bound; constant offsets it can.
        self.builder.position_at_end(hash_start);
        let store = block("stack_store");
        let seed = if st.user { SEED_USER } else { SEED_KERNEL };
        let mut hash = self.i64.const_int(seed, false);
        let mut incoming: Vec<(IntValue<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)> =
            Vec::new();
        for i in 0..st.limit {
            if i > 0 {
                let more = self.builder.build_int_compare(
                    IntPredicate::UGT,
                    frames,
                    self.i64.const_int(u64::from(i), false),
                    "more",
                )?;
                let next = block("stack_frame");
                let here = self
                    .builder
                    .get_insert_block()
                    .ok_or_else(|| CodegenError("builder has no block".into()))?;
                incoming.push((hash, here));
                self.builder.build_conditional_branch(more, next, store)?;
                self.builder.position_at_end(next);
            }
            let word = self
                .builder
                .build_load(self.i64, self.byte_offset(buf, i * 8)?, "frame")?
                .into_int_value();
            hash = self.mix(hash, word)?;
        }
        let here = self
            .builder
            .get_insert_block()
            .ok_or_else(|| CodegenError("builder has no block".into()))?;
        incoming.push((hash, here));
        self.builder.build_unconditional_branch(store)?;

        self.builder.position_at_end(store);
        let phi = self.builder.build_phi(self.i64, "hash")?;
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        let hash = phi.as_basic_value().into_int_value();
        self.builder.build_store(out, hash)?;
        let count = self
            .builder
            .build_int_truncate(frames, self.i32, "frames32")?;
        self.builder.build_store(self.byte_offset(out, 8)?, count)?;
        if st.user {
            let tgid = self.call_int(Helper::GetCurrentPidTgid, &[])?;
            let pid = self.builder.build_right_shift(
                tgid,
                self.i64.const_int(32, false),
                false,
                "pid",
            )?;
            let pid = self.builder.build_int_truncate(pid, self.i32, "pid32")?;
            self.builder.build_store(self.byte_offset(out, 12)?, pid)?;
        }
        // The hash (the slot's first word) is the key; a stack stored before
        // is not an error.
        let result = self.call_int(
            Helper::MapUpdateElem,
            &[
                Arg::Ptr(map.as_pointer_value()),
                Arg::Ptr(out),
                Arg::Ptr(buf),
                Arg::Int(self.i64.const_int(BPF_NOEXIST, false)),
            ],
        )?;
        let failed = self.builder.build_int_compare(
            IntPredicate::SLT,
            result,
            self.i64.const_zero(),
            "store_failed",
        )?;
        let existed = self.builder.build_int_compare(
            IntPredicate::EQ,
            result,
            self.i64.const_int(EEXIST.wrapping_neg(), true),
            "stored_before",
        )?;
        let existed = self.builder.build_not(existed, "new")?;
        let lost = self.builder.build_and(failed, existed, "lost")?;
        let count_lost = block("stack_lost");
        self.builder
            .build_conditional_branch(lost, count_lost, done)?;
        self.builder.position_at_end(count_lost);
        let slot = COUNTER_FAILED_UPDATES + self.analysis.maps.len() + index;
        self.add_to_counter(slot, self.i64.const_int(1, false))?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(Val::Tuple(out))
    }

    /// One step of the frame hash: xor, multiply, fold the high bits down.
    fn mix(&self, hash: IntValue<'ctx>, word: IntValue<'ctx>) -> CgResult<IntValue<'ctx>> {
        let x = self.builder.build_xor(hash, word, "h_xor")?;
        let m = self
            .builder
            .build_int_mul(x, self.i64.const_int(MIX, false), "h_mul")?;
        let high =
            self.builder
                .build_right_shift(m, self.i64.const_int(33, false), false, "h_high")?;
        Ok(self.builder.build_xor(m, high, "h")?)
    }

    /// `usym(addr)`: the address and the current pid, whose mappings name it.
    pub(super) fn usym(&self, f: &Func<'ctx, 'a>, address: IntValue<'ctx>) -> CgResult<Val<'ctx>> {
        let out = self.scratch_bytes(f, 16, "usym")?;
        self.builder.build_store(out, address)?;
        let tgid = self.call_int(Helper::GetCurrentPidTgid, &[])?;
        let pid =
            self.builder
                .build_right_shift(tgid, self.i64.const_int(32, false), false, "pid")?;
        self.builder.build_store(self.byte_offset(out, 8)?, pid)?;
        Ok(Val::Tuple(out))
    }

    /// `kaddr("name")` / `uaddr("name")`: the address found when compiling;
    /// in a position-independent binary, moved by where it is loaded.
    pub(super) fn symbol_address(&self, f: &Func<'ctx, 'a>, e: &Expr) -> CgResult<Val<'ctx>> {
        let address = self
            .analysis
            .symbol_address(e, f.attach)
            .ok_or_else(|| CodegenError("an address that was not resolved".into()))?;
        Ok(Val::Int(match address {
            SymbolAddress::Fixed(a) => self.i64.const_int(a, false),
            SymbolAddress::Relative { probe, symbol } => {
                let ip = self.call_int(Helper::GetFuncIp, &[Arg::Ptr(f.ctx_arg)])?;
                let base = self.builder.build_int_sub(
                    ip,
                    self.i64.const_int(probe, false),
                    "load_base",
                )?;
                self.builder
                    .build_int_add(base, self.i64.const_int(symbol, false), "uaddr")?
            }
        }))
    }

    /// `len(stack)`: its number of frames.
    pub(super) fn stack_len(&self, stack: PointerValue<'ctx>) -> CgResult<Val<'ctx>> {
        let frames = self
            .builder
            .build_load(self.i32, self.byte_offset(stack, 8)?, "frames")?
            .into_int_value();
        Ok(Val::Int(
            self.builder.build_int_z_extend(frames, self.i64, "len")?,
        ))
    }
}
