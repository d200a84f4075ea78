//! BPF maps: their definitions in the object (legacy `maps` section), and the
//! lookups, updates and deletes of the script's `@maps`.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::MapRef;
use crate::builtins::Builtin;
use crate::script::{
    COUNTER_FAILED_UPDATES, COUNTER_ONE, COUNTERS_GLOBAL, DEFAULT_EVENTS_BYTES, EVENTS_MAP,
    MapSpec, STRINGS_MAP, VARS_MAP, ValueKind,
};
use inkwell::IntPredicate;
use inkwell::module::Linkage;
use inkwell::values::{BasicValueEnum, GlobalValue, InstructionOpcode, IntValue, PointerValue};

/// Keys up to this many bytes live on the stack.
const SMALL_KEY: u32 = 32;

/// Map types from `enum bpf_map_type` in the kernel's uapi `bpf.h`.
pub(super) const BPF_MAP_TYPE_HASH: u64 = 1;
pub(super) const BPF_MAP_TYPE_ARRAY: u64 = 2;
pub(super) const BPF_MAP_TYPE_PERCPU_HASH: u64 = 5;
pub(super) const BPF_MAP_TYPE_PERCPU_ARRAY: u64 = 6;
pub(super) const BPF_MAP_TYPE_LRU_HASH: u64 = 9;
pub(super) const BPF_MAP_TYPE_LRU_PERCPU_HASH: u64 = 10;
pub(super) const BPF_MAP_TYPE_RINGBUF: u64 = 27;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn define_maps(&mut self) {
        self.events =
            self.map_definition(EVENTS_MAP, BPF_MAP_TYPE_RINGBUF, 0, 0, DEFAULT_EVENTS_BYTES);
        self.vars_map =
            self.map_definition(VARS_MAP, BPF_MAP_TYPE_ARRAY, 4, 8, crate::script::VARS);
        // The value size is set once every program is generated (`finish_maps`).
        self.strings = self.map_definition(STRINGS_MAP, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1);
        self.user_maps = self
            .analysis
            .maps
            .iter()
            .map(|m| {
                // Aggregations are per CPU: no atomics, no lost updates.
                let map_type = match (m.bucket_array(), m.per_cpu(), m.lru()) {
                    (true, ..) => BPF_MAP_TYPE_PERCPU_ARRAY,
                    (false, true, false) => BPF_MAP_TYPE_PERCPU_HASH,
                    (false, true, true) => BPF_MAP_TYPE_LRU_PERCPU_HASH,
                    (false, false, false) => BPF_MAP_TYPE_HASH,
                    (false, false, true) => BPF_MAP_TYPE_LRU_HASH,
                };
                self.map_definition(
                    &m.bpf_name,
                    map_type,
                    m.key_size(),
                    m.value_size(),
                    m.entries(),
                )
            })
            .collect();
        self.define_stack_maps();
        self.define_user_stack_sequence();
        self.define_process_seen();
        // Lost-record and failed-update counters: a global array (aya turns
        // `.data` into a map), so each cold path is one atomic add, no lookup.
        // Slot `COUNTER_ONE` is the constant 1 an insert copies: its address
        // and a counter's come from one base register.
        let slots = COUNTER_FAILED_UPDATES + self.analysis.maps.len() + self.stack_maps.len();
        let counters = self
            .i64
            .array_type(u32::try_from(slots).unwrap_or(u32::MAX));
        let initial: Vec<_> = (0..slots)
            .map(|slot| self.i64.const_int(u64::from(slot == COUNTER_ONE), false))
            .collect();
        let errors = self.module.add_global(counters, None, COUNTERS_GLOBAL);
        errors.set_initializer(&self.i64.const_array(&initial));
        errors.set_section(Some(".data"));
        errors.set_linkage(Linkage::External);
        errors.set_alignment(8);
        self.errors = errors;
        for placeholder in [
            "placeholder_events",
            "placeholder_vars",
            "placeholder_strings",
            "placeholder_errors",
        ] {
            if let Some(g) = self.module.get_global(placeholder) {
                // SAFETY: the placeholders were never used.
                unsafe { g.delete() };
            }
        }
    }

    /// Sizes the strings map for the program that needs the most.
    pub(super) fn finish_maps(&self) {
        let size = self.strings_size.get().max(8);
        self.strings
            .set_initializer(&self.map_fields(BPF_MAP_TYPE_PERCPU_ARRAY, 4, size, 1));
    }

    fn map_fields(
        &self,
        map_type: u64,
        key: u32,
        value: u32,
        entries: u32,
    ) -> inkwell::values::StructValue<'ctx> {
        let fields = [
            map_type,
            u64::from(key),
            u64::from(value),
            u64::from(entries),
            0,
        ];
        self.ctx
            .const_struct(&fields.map(|v| self.i32.const_int(v, false).into()), false)
    }

    pub(super) fn map_definition(
        &self,
        name: &str,
        map_type: u64,
        key: u32,
        value: u32,
        entries: u32,
    ) -> GlobalValue<'ctx> {
        let ty = self.ctx.struct_type(&[self.i32.into(); 5], false);
        let init = self.map_fields(map_type, key, value, entries);
        let global = self.module.add_global(ty, None, name);
        global.set_initializer(&init);
        global.set_section(Some("maps"));
        global.set_linkage(Linkage::External);
        global.set_alignment(4);
        global
    }

    pub(super) fn user_map(&self, map: &MapRef) -> CgResult<(&'a MapSpec, GlobalValue<'ctx>)> {
        let (_, spec, global) = self.user_map_indexed(map)?;
        Ok((spec, global))
    }

    pub(super) fn user_map_indexed(
        &self,
        map: &MapRef,
    ) -> CgResult<(usize, &'a MapSpec, GlobalValue<'ctx>)> {
        let (index, spec) = self
            .analysis
            .map(&map.name)
            .ok_or_else(|| CodegenError(format!("map @{} was not analysed", map.name)))?;
        Ok((index, spec, self.user_maps[index]))
    }

    /// Adds `amount` to u64 counter `slot` in `.data` (atomically: every CPU
    /// counts into the same word). `slot` is a `COUNTER_*` index.
    pub(super) fn add_to_counter(&self, slot: usize, amount: IntValue<'ctx>) -> CgResult<()> {
        self.add_at(self.counter_slot(slot)?, amount)
    }

    fn add_at(&self, counter: PointerValue<'ctx>, amount: IntValue<'ctx>) -> CgResult<()> {
        self.builder.build_atomicrmw(
            inkwell::AtomicRMWBinOp::Add,
            counter,
            amount,
            inkwell::AtomicOrdering::Monotonic,
        )?;
        Ok(())
    }

    /// The address of u64 slot `slot` (a `COUNTER_*` index) in `.data`.
    pub(super) fn counter_slot(&self, slot: usize) -> CgResult<PointerValue<'ctx>> {
        self.counter_slot_from(self.errors.as_pointer_value(), slot)
    }

    /// Slot `slot` from `base`, the counters' address (see `counters_base`).
    pub(super) fn counter_slot_from(
        &self,
        base: PointerValue<'ctx>,
        slot: usize,
    ) -> CgResult<PointerValue<'ctx>> {
        let slot = u32::try_from(slot).map_err(|_| CodegenError("counter slot".into()))?;
        self.byte_offset(base, slot * 8)
    }

    /// The counters' address as a value LLVM cannot recompute: left to
    /// itself it loads the 64-bit address again for each use across a
    /// helper call (two instructions each) where keeping it in a callee-saved
    /// register costs one move.
    pub(super) fn counters_base(&self) -> CgResult<PointerValue<'ctx>> {
        Ok(self
            .opaque(self.errors.as_pointer_value().into())?
            .into_pointer_value())
    }

    /// As `count_failed_update`, without a branch: the counter gains the
    /// result itself, 0 or a negated error (see `COUNTERS_GLOBAL`). Only for
    /// paths that run once per key (an aggregation's first insert): on a hot
    /// path the atomic add would make every CPU fight over the counter's
    /// cache line.
    pub(super) fn count_failed_insert(
        &self,
        counters: PointerValue<'ctx>,
        index: usize,
        result: IntValue<'ctx>,
    ) -> CgResult<()> {
        let counter = self.counter_slot_from(counters, COUNTER_FAILED_UPDATES + index)?;
        self.add_at(counter, result)
    }

    /// Adds a failed update's negated error to map `index`'s counter, for
    /// the warning at exit (see `COUNTERS_GLOBAL`).
    pub(super) fn count_failed_update(
        &self,
        f: &Func<'ctx, 'a>,
        index: usize,
        result: IntValue<'ctx>,
    ) -> CgResult<()> {
        let failed = self.builder.build_int_compare(
            IntPredicate::SLT,
            result,
            self.i64.const_zero(),
            "failed",
        )?;
        let yes = self.ctx.append_basic_block(f.function, "update_failed");
        let done = self.ctx.append_basic_block(f.function, "update_done");
        self.builder.build_conditional_branch(failed, yes, done)?;
        self.builder.position_at_end(yes);
        self.add_to_counter(COUNTER_FAILED_UPDATES + index, result)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    /// Builds the key of `@m[k1, k2, ...]`: each part in an 8-aligned slot,
    /// padding zeroed so equal keys hash equally; `bucket` (hist/lhist) last.
    pub(super) fn map_key(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
        spec: &MapSpec,
        bucket: Option<IntValue<'ctx>>,
    ) -> CgResult<PointerValue<'ctx>> {
        // Small keys go in one shared stack slot: every part is evaluated
        // before the key is written, and the key is used at once, so uses
        // never overlap. Larger (string) keys go in the per-CPU area.
        let key = if spec.key_size() <= SMALL_KEY {
            self.shared_slot(f, "small_key", self.i64.array_type(SMALL_KEY / 8).into())?
        } else {
            self.scratch_bytes(f, spec.key_size(), "key")?
        };
        // `@m[$t]` with a tuple `$t`: its elements are the key's parts.
        if let [k] = map.keys.as_slice()
            && spec.keys.len() > 1
        {
            return self.tuple_key(f, k, spec, key, bucket);
        }
        // Strings that can be written in place (comm, literals) are, later;
        // everything else is computed first.
        let mut parts = Vec::new();
        for k in &map.keys {
            parts.push(if self.writes_in_place(k) {
                None
            } else {
                Some(self.expr(f, k)?)
            });
        }
        if spec.key32 {
            // Sema proved the value fits: its low half is the key.
            let [Some(Val::Int(v))] = parts.as_slice() else {
                return Err(CodegenError("a 4-byte key that is not an integer".into()));
            };
            // `x >> 32` (`pid` is): store all of x and point at its high
            // half, one store where the shift and a store would be two.
            if let Some(x) = high_half_of(*v) {
                self.builder.build_store(key, x)?;
                return self.byte_offset(key, 4);
            }
            let low = self
                .builder
                .build_int_truncate(*v, self.ctx.i32_type(), "key32")?;
            self.builder.build_store(key, low)?;
            return Ok(key);
        }
        // Zero the key (padding must hash equally) unless every byte of it is
        // about to be written: `@[comm]`'s helper pads with zeros itself.
        let fills = |part: &Option<Val<'ctx>>, k: &crate::ast::Expr, slot: u32| match part {
            Some(Val::Int(_)) => slot == 8,
            Some(Val::Str(_) | Val::Tuple(_)) => true,
            Some(Val::Void) => false,
            None => matches!(&k.kind, crate::ast::ExprKind::Builtin(Builtin::Comm)) && slot <= 16,
        };
        let written: u32 = parts
            .iter()
            .zip(&spec.keys)
            .zip(&map.keys)
            .map(|((part, kind), k)| {
                let slot = kind.slot_size();
                if fills(part, k, slot) { slot } else { 0 }
            })
            .sum::<u32>()
            + if bucket.is_some() { 8 } else { 0 };
        if written < spec.key_size() {
            self.zero(key, spec.key_size())?;
        }
        let mut offset = 0;
        for ((part, kind), k) in parts.into_iter().zip(&spec.keys).zip(&map.keys) {
            let at = self.byte_offset(key, offset)?;
            match part {
                Some(v) => self.store_value(at, v, kind.slot_size())?,
                None => self.write_in_place(k, at, kind.slot_size())?,
            }
            offset += kind.slot_size();
        }
        if let Some(b) = bucket {
            self.builder
                .build_store(self.byte_offset(key, offset)?, b)?;
        }
        Ok(key)
    }

    /// The key of `@m[t]` for a tuple `t`: each element copied from its
    /// slot in the tuple into its slot in the key.
    fn tuple_key(
        &self,
        f: &mut Func<'ctx, 'a>,
        tuple: &crate::ast::Expr,
        spec: &MapSpec,
        key: PointerValue<'ctx>,
        bucket: Option<IntValue<'ctx>>,
    ) -> CgResult<PointerValue<'ctx>> {
        let Some(ValueKind::Tuple(layout)) = self.analysis.layout(self.analysis.type_of(tuple))
        else {
            return Err(CodegenError("a tuple key without a layout".into()));
        };
        let Val::Tuple(buffer) = self.expr(f, tuple)? else {
            return Err(CodegenError("a tuple key that is not a tuple".into()));
        };
        self.zero(key, spec.key_size())?;
        let mut offset = 0;
        for ((kind, from), element) in spec
            .keys
            .iter()
            .zip(ValueKind::tuple_offsets(&layout))
            .zip(&layout)
        {
            let size = kind.slot_size().min(element.slot_size());
            self.copy_bytes(
                self.byte_offset(key, offset)?,
                self.byte_offset(buffer, from)?,
                size,
            )?;
            offset += kind.slot_size();
        }
        if let Some(b) = bucket {
            self.builder
                .build_store(self.byte_offset(key, offset)?, b)?;
        }
        Ok(key)
    }

    pub fn map_update(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
        value: Val<'ctx>,
    ) -> CgResult<()> {
        let (index, spec, global) = self.user_map_indexed(map)?;
        let key = self.map_key(f, map, spec, None)?;
        let value_ptr = match value {
            Val::Str(p) | Val::Tuple(p) => p,
            Val::Int(v) => {
                let slot = self.shared_slot(f, "value", self.i64.array_type(2).into())?;
                self.builder.build_store(slot, v)?;
                slot
            }
            Val::Void => return Err(CodegenError("storing a value-less expression".into())),
        };
        let result = self.call_int(
            Helper::MapUpdateElem,
            &[
                Arg::Ptr(global.as_pointer_value()),
                Arg::Ptr(key),
                Arg::Ptr(value_ptr),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        self.count_failed_update(f, index, result)
    }

    /// `bpf_map_lookup_elem` of `@m[k]`: this CPU's value, or null.
    fn lookup(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
    ) -> CgResult<(&'a MapSpec, PointerValue<'ctx>)> {
        let (spec, global) = self.user_map(map)?;
        let key = self.map_key(f, map, spec, None)?;
        let found = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
        )?;
        Ok((spec, found))
    }

    /// has_key(@m, k): 1 if the key is present.
    pub fn map_has_key(&self, f: &mut Func<'ctx, 'a>, map: &MapRef) -> CgResult<Val<'ctx>> {
        let (_, found) = self.lookup(f, map)?;
        let present = self.builder.build_is_not_null(found, "present")?;
        Ok(Val::Int(
            self.builder
                .build_int_z_extend(present, self.i64, "has_key")?,
        ))
    }

    /// `delete(@m[k])`: 1 when the key was there, else 0.
    pub fn map_delete(&self, f: &mut Func<'ctx, 'a>, map: &MapRef) -> CgResult<IntValue<'ctx>> {
        let (spec, global) = self.user_map(map)?;
        let key = self.map_key(f, map, spec, None)?;
        let result = self.call_int(
            Helper::MapDeleteElem,
            &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
        )?;
        let deleted = self.builder.build_int_compare(
            inkwell::IntPredicate::EQ,
            result,
            self.i64.const_zero(),
            "deleted",
        )?;
        Ok(self
            .builder
            .build_int_z_extend(deleted, self.i64, "deleted64")?)
    }

    /// Reads `@m[k]`; a missing key reads as 0 or the empty string.
    pub fn map_read(&self, f: &mut Func<'ctx, 'a>, map: &MapRef) -> CgResult<Val<'ctx>> {
        let (spec, _) = self.user_map(map)?;
        if spec.kind.is_aggregation() {
            return self.aggregation_read(f, map);
        }
        let (spec, found) = self.lookup(f, map)?;
        self.value_at(f, spec, found)
    }

    /// `find(@m, k, $v)`: 1 with the value stored in `var` when the key is
    /// there, else 0 with `var` untouched.
    pub fn map_find(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
        var: PointerValue<'ctx>,
    ) -> CgResult<Val<'ctx>> {
        let (spec, found) = self.lookup(f, map)?;
        // An aggregation's value is its total over the CPUs, as a read's.
        let value = if spec.kind.is_aggregation() {
            self.aggregation_read(f, map)?
        } else {
            self.value_at(f, spec, found)?
        };
        let size = match spec.value {
            ValueKind::Str { .. } => self.analysis.string_size,
            ref other => other.slot_size(),
        };
        self.if_else_ptr(f, found, |g| g.store_value(var, value, size), |_| Ok(()))?;
        let present = self.builder.build_is_not_null(found, "present")?;
        Ok(Val::Int(
            self.builder
                .build_int_z_extend(present, self.i64, "found")?,
        ))
    }

    /// The value a map lookup found (`found` may be null: then 0 or empty).
    fn value_at(
        &self,
        f: &mut Func<'ctx, 'a>,
        spec: &MapSpec,
        found: PointerValue<'ctx>,
    ) -> CgResult<Val<'ctx>> {
        match spec.value {
            ValueKind::Int { .. }
            | ValueKind::Bool
            | ValueKind::Pointer
            | ValueKind::Enum { .. }
            | ValueKind::Ksym
            | ValueKind::SyscallName
            | ValueKind::Username
            | ValueKind::Strerror
            | ValueKind::MacAddr => Ok(Val::Int(self.load_or_zero(f, found)?)),
            ValueKind::Str { size } => {
                let out = self.alloca_string(f, "map_str")?;
                self.if_else_ptr(
                    f,
                    found,
                    |g| {
                        // The map holds `size` bytes; the rest of the buffer stays zero.
                        g.zero(out, self.analysis.string_size)?;
                        g.copy_bytes(out, found, size)
                    },
                    |g| g.zero(out, self.analysis.string_size),
                )?;
                Ok(Val::Str(out))
            }
            ValueKind::Tuple(_)
            | ValueKind::NamedTuple { .. }
            | ValueKind::Stack(_)
            | ValueKind::Usym
            | ValueKind::Inet
            | ValueKind::Buffer { .. }
            | ValueKind::IntArray { .. }
            | ValueKind::Record { .. }
            | ValueKind::Timestamp { .. }
            | ValueKind::CgroupPath { .. } => {
                let size = spec.value.slot_size();
                let out = self.scratch_bytes(f, size, "map_tuple")?;
                self.if_else_ptr(
                    f,
                    found,
                    |g| g.copy_bytes(out, found, size),
                    |g| g.zero(out, size),
                )?;
                Ok(Val::Tuple(out))
            }
        }
    }

    /// `*p` as i64 if `p` is not null, else 0: the verifier insists on the check.
    pub fn load_or_zero(
        &self,
        f: &Func<'ctx, 'a>,
        p: PointerValue<'ctx>,
    ) -> CgResult<inkwell::values::IntValue<'ctx>> {
        let slot = f.allocas.build_alloca(self.i64, "loaded")?;
        self.builder.build_store(slot, self.i64.const_zero())?;
        self.if_else_ptr(
            f,
            p,
            |g| {
                let v = g.builder.build_load(g.i64, p, "v")?;
                g.builder.build_store(slot, v)?;
                Ok(())
            },
            |_| Ok(()),
        )?;
        Ok(self
            .builder
            .build_load(self.i64, slot, "value")?
            .into_int_value())
    }

    /// Runs `found` when `p` is non-null and `missing` otherwise.
    pub fn if_else_ptr(
        &self,
        f: &Func<'ctx, 'a>,
        p: PointerValue<'ctx>,
        found: impl FnOnce(&Self) -> CgResult<()>,
        missing: impl FnOnce(&Self) -> CgResult<()>,
    ) -> CgResult<()> {
        self.if_else_ptr_in(f.function, p, found, missing)
    }

    /// `if_else_ptr` in `function`, for code that has no `Func` at hand.
    pub fn if_else_ptr_in(
        &self,
        function: inkwell::values::FunctionValue<'ctx>,
        p: PointerValue<'ctx>,
        found: impl FnOnce(&Self) -> CgResult<()>,
        missing: impl FnOnce(&Self) -> CgResult<()>,
    ) -> CgResult<()> {
        let is_null = self.builder.build_is_null(p, "is_null")?;
        let yes = self.ctx.append_basic_block(function, "found");
        let no = self.ctx.append_basic_block(function, "missing");
        let done = self.ctx.append_basic_block(function, "joined");
        self.builder.build_conditional_branch(is_null, no, yes)?;
        self.builder.position_at_end(yes);
        found(self)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(no);
        missing(self)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(())
    }

    /// Run-time value `slot` of the vars map (the start time, the `-c` pid).
    pub fn run_time_value(
        &self,
        f: &Func<'ctx, 'a>,
        slot: u32,
    ) -> CgResult<inkwell::values::IntValue<'ctx>> {
        let key = self.shared_slot(f, "var_key", self.i32.into())?;
        self.builder
            .build_store(key, self.i32.const_int(u64::from(slot), false))?;
        let p = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(self.vars_map.as_pointer_value()), Arg::Ptr(key)],
        )?;
        self.load_or_zero(f, p)
    }
}

/// X when `v` is the instruction `X >> 32` (logical) on a 64-bit X: on this
/// little-endian target, X's high half is the four bytes at X's address + 4.
fn high_half_of(v: IntValue<'_>) -> Option<IntValue<'_>> {
    let shift = v.as_instruction()?;
    if shift.get_opcode() != InstructionOpcode::LShr || v.get_type().get_bit_width() != 64 {
        return None;
    }
    let int_operand = |i| match shift.get_operand(i)?.value()? {
        BasicValueEnum::IntValue(x) => Some(x),
        _ => None,
    };
    (int_operand(1)?.get_zero_extended_constant()? == 32).then_some(())?;
    int_operand(0)
}
