//! Aggregations: `@m[k] = count()` and friends update this CPU's copy of a
//! per-CPU hash map in place (no atomics); user space merges the copies.
//! Reading an aggregation in a probe visits every CPU's copy.

use super::expr::Val;
use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, MapRef};
use crate::script::{COUNTER_ONE, MapKind};
use crate::types::Type;
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// `@m[keys] = f(args)`.
    pub fn aggregate(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
        call: &Expr,
        args: &[Expr],
    ) -> CgResult<()> {
        let (index, spec, global) = self.user_map_indexed(map)?;
        let signed = matches!(self.analysis.type_of(call), Type::Int { signed: true });
        if let MapKind::Tseries { .. } = spec.kind {
            return self.tseries_update(f, map, call, args, signed);
        }
        let x = match args.first() {
            Some(a) => self.expr(f, a)?.int()?,
            None => self.i64.const_int(1, false),
        };
        let bucket = match spec.kind {
            MapKind::Hist { bits } => Some(self.log2_bucket(f, x, signed, bits)?),
            MapKind::Lhist { min, max, step } => Some(self.linear_bucket(x, min, max, step)?),
            _ => None,
        };
        if let (true, Some(bucket)) = (spec.bucket_array(), bucket) {
            // The bucket is the array index; every bucket exists.
            let key = self.shared_slot(f, "bucket", self.ctx.i32_type().into())?;
            let index = self
                .builder
                .build_int_truncate(bucket, self.ctx.i32_type(), "bucket32")?;
            self.builder.build_store(key, index)?;
            let p = self.call_ptr(
                Helper::MapLookupElem,
                &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
            )?;
            let kind = spec.kind;
            self.if_else_ptr(f, p, |g| g.update_in_place(kind, p, x, signed), |_| Ok(()))?;
            if spec.bucket_sums {
                // The sum's bucket exists too: add to it in place.
                let sum_bucket = self.i32.const_int(u64::from(kind.sum_bucket()), false);
                self.builder.build_store(key, sum_bucket)?;
                let p = self.call_ptr(
                    Helper::MapLookupElem,
                    &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
                )?;
                self.if_else_ptr(
                    f,
                    p,
                    |g| g.update_in_place(MapKind::Sum, p, x, signed),
                    |_| Ok(()),
                )?;
            }
            return Ok(());
        }
        let key = self.map_key(f, map, spec, bucket)?;
        let p = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
        )?;
        let kind = spec.kind;
        let one = self.i64.const_int(1, false);
        self.if_else_ptr(
            f,
            p,
            |g| g.update_in_place(kind, p, x, signed),
            |g| {
                // First update of this key: insert it. Another CPU may insert
                // it at the same moment; for a per-CPU map that only sets
                // each CPU's own copy, so nothing is lost.
                let counters = g.counters_base()?;
                let init = match kind {
                    // A count starts at 1: the constant in `.data`.
                    MapKind::Count | MapKind::Hist { .. } | MapKind::Lhist { .. } => {
                        g.counter_slot_from(counters, COUNTER_ONE)?
                    }
                    _ => {
                        let init = g.shared_slot(f, "value", g.i64.array_type(2).into())?;
                        g.builder.build_store(init, x)?;
                        if spec.value_size() > 8 {
                            // min/max: "set"; avg/stats: the count.
                            g.builder.build_store(g.byte_offset(init, 8)?, one)?;
                        }
                        init
                    }
                };
                g.insert_counted(global, key, init, counters, index)
            },
        )?;
        if spec.bucket_sums {
            self.add_to_sum_bucket(f, spec, index, global, key, x)?;
        }
        Ok(())
    }

    /// Inserts `init` under `key` in user map `index`, counting a refusal
    /// (see `count_failed_insert`); `counters` is the counters' base.
    pub(super) fn insert_counted(
        &self,
        global: inkwell::values::GlobalValue<'ctx>,
        key: PointerValue<'ctx>,
        init: PointerValue<'ctx>,
        counters: PointerValue<'ctx>,
        index: usize,
    ) -> CgResult<()> {
        let result = self.call_int(
            Helper::MapUpdateElem,
            &[
                Arg::Ptr(global.as_pointer_value()),
                Arg::Ptr(key),
                Arg::Ptr(init),
                Arg::Int(self.i64.const_zero()),
            ],
        )?;
        self.count_failed_insert(counters, index, result)
    }

    /// `--metrics`' `_sum` of a keyed hist/lhist: the same key with the
    /// sum's bucket index (see `MapSpec::bucket_sums`) gains `x`.
    fn add_to_sum_bucket(
        &self,
        f: &Func<'ctx, 'a>,
        spec: &crate::script::MapSpec,
        index: usize,
        global: inkwell::values::GlobalValue<'ctx>,
        key: PointerValue<'ctx>,
        x: IntValue<'ctx>,
    ) -> CgResult<()> {
        // The bucket is the key's last slot, 8 bytes.
        let bucket_at = self.byte_offset(key, spec.key_size() - 8)?;
        let sum_bucket = self.i64.const_int(u64::from(spec.kind.sum_bucket()), false);
        self.builder.build_store(bucket_at, sum_bucket)?;
        let p = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
        )?;
        self.if_else_ptr(
            f,
            p,
            |g| g.update_in_place(MapKind::Sum, p, x, false),
            |g| {
                let init = g.shared_slot(f, "value", g.i64.array_type(2).into())?;
                g.builder.build_store(init, x)?;
                let counters = g.counters_base()?;
                g.insert_counted(global, key, init, counters, index)
            },
        )
    }

    fn update_in_place(
        &self,
        kind: MapKind,
        p: PointerValue<'ctx>,
        x: IntValue<'ctx>,
        signed: bool,
    ) -> CgResult<()> {
        let b = &self.builder;
        let one = self.i64.const_int(1, false);
        let value = b.build_load(self.i64, p, "current")?.into_int_value();
        match kind {
            MapKind::Count | MapKind::Hist { .. } | MapKind::Lhist { .. } => {
                b.build_store(p, b.build_int_add(value, one, "counted")?)?;
            }
            MapKind::Sum => {
                b.build_store(p, b.build_int_add(value, x, "summed")?)?;
            }
            MapKind::Avg | MapKind::Stats => {
                b.build_store(p, b.build_int_add(value, x, "total")?)?;
                let count_at = self.byte_offset(p, 8)?;
                let count = b.build_load(self.i64, count_at, "count")?.into_int_value();
                b.build_store(count_at, b.build_int_add(count, one, "count1")?)?;
            }
            MapKind::Min | MapKind::Max => {
                let set_at = self.byte_offset(p, 8)?;
                let set = b.build_load(self.i64, set_at, "set")?.into_int_value();
                let unset =
                    b.build_int_compare(IntPredicate::EQ, set, self.i64.const_zero(), "unset")?;
                let predicate = better_than(kind, signed);
                let better = b.build_int_compare(predicate, x, value, "better")?;
                let take = b.build_or(unset, better, "take")?;
                let new = b.build_select(take, x, value, "extreme")?.into_int_value();
                b.build_store(p, new)?;
                b.build_store(set_at, one)?;
            }
            MapKind::Plain | MapKind::Tseries { .. } => {
                return Err(CodegenError(format!("{kind:?} updated as a counter")));
            }
        }
        Ok(())
    }

    /// The `MapKind::Hist` bucket of x: 0 for x < 0; 1 + x below
    /// max(2^bits, 2); else 1 + 2^bits + (e - bits) * 2^bits + sub, where
    /// e = floor(log2(x)) and sub is the next `bits` bits of x after its top one.
    /// The hist bucket of `x` (see `MapKind::Hist`). Negative and small
    /// values branch off first, so the common path is only the halving.
    fn log2_bucket(
        &self,
        f: &Func<'ctx, 'a>,
        x: IntValue<'ctx>,
        signed: bool,
        bits: u8,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let zero = self.i64.const_zero();
        let int = |v: u64| self.i64.const_int(v, false);
        let n = 1u64 << bits;
        let exact_below = n.max(2);
        let small = self.ctx.append_basic_block(f.function, "hist_small");
        let general = self.ctx.append_basic_block(f.function, "hist_log2");
        let done = self.ctx.append_basic_block(f.function, "hist_bucket");
        let mut incoming = Vec::new();
        if signed {
            let negative = b.build_int_compare(IntPredicate::SLT, x, zero, "negative")?;
            let here = b
                .get_insert_block()
                .ok_or_else(|| CodegenError("no block".into()))?;
            b.build_conditional_branch(negative, done, small)?;
            incoming.push((zero, here));
        } else {
            b.build_unconditional_branch(small)?;
        }
        // Values below max(2^bits, 2) have a bucket each: x + 1. Without
        // sub-buckets only 0 needs it: 1 is log2 bucket 2 all the same.
        b.position_at_end(small);
        let (is_small, exact) = if bits == 0 {
            (
                b.build_int_compare(IntPredicate::EQ, x, zero, "exact")?,
                int(1),
            )
        } else {
            (
                b.build_int_compare(IntPredicate::ULT, x, int(exact_below), "exact")?,
                b.build_int_add(x, int(1), "exact_bucket")?,
            )
        };
        b.build_conditional_branch(is_small, done, general)?;
        incoming.push((exact, small));
        // floor(log2(x)) by halving the range: six compares, no loop.
        b.position_at_end(general);
        let mut v = x;
        let mut log = zero;
        for shift in [32u64, 16, 8, 4, 2, 1] {
            let high = b.build_right_shift(v, int(shift), false, "high")?;
            // Else LLVM tests `v >= 2^32`, a 64-bit constant loaded twice.
            let high = if shift == 32 {
                self.opaque(high.into())?.into_int_value()
            } else {
                high
            };
            let big = b.build_int_compare(IntPredicate::NE, high, zero, "big")?;
            v = b.build_select(big, high, v, "halved")?.into_int_value();
            let more = b.build_int_add(log, int(shift), "more")?;
            log = b.build_select(big, more, log, "log")?.into_int_value();
        }
        let bucket = if bits == 0 {
            b.build_int_add(log, int(2), "bucket")?
        } else {
            // sub = (x >> (e - bits)) & (2^bits - 1), for e >= bits.
            let down = b.build_int_sub(log, int(u64::from(bits)), "down")?;
            let shifted = b.build_right_shift(x, down, false, "top_bits")?;
            let sub = b.build_and(shifted, int(n - 1), "sub")?;
            let slices = b.build_int_mul(down, int(n), "slices")?;
            let base = b.build_int_add(slices, int(1 + n), "base")?;
            b.build_int_add(base, sub, "bucket")?
        };
        let end = b
            .get_insert_block()
            .ok_or_else(|| CodegenError("no block".into()))?;
        b.build_unconditional_branch(done)?;
        incoming.push((bucket, end));
        b.position_at_end(done);
        let phi = b.build_phi(self.i64, "bucket")?;
        for (value, block) in &incoming {
            phi.add_incoming(&[(value, *block)]);
        }
        Ok(phi.as_basic_value().into_int_value())
    }

    /// 0 below min, 1..=n inside, n + 1 at or above max (see `MapKind::Lhist`).
    fn linear_bucket(
        &self,
        x: IntValue<'ctx>,
        min: i64,
        max: i64,
        step: i64,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let min_v = self.i64.const_int(min as u64, true);
        let max_v = self.i64.const_int(max as u64, true);
        let n = ((max - min) / step) as u64;
        let offset = b.build_int_sub(x, min_v, "from_min")?;
        let inside =
            b.build_int_unsigned_div(offset, self.i64.const_int(step as u64, false), "step_index")?;
        let inside = b.build_int_add(inside, self.i64.const_int(1, false), "bucket")?;
        let below = b.build_int_compare(IntPredicate::SLT, x, min_v, "below")?;
        let above = b.build_int_compare(IntPredicate::SGE, x, max_v, "above")?;
        let high = b
            .build_select(above, self.i64.const_int(n + 1, false), inside, "bucket")?
            .into_int_value();
        Ok(
            b.build_select(below, self.i64.const_zero(), high, "bucket")?
                .into_int_value(),
        )
    }

    /// The value of `@m[k]` for a count/sum/min/max/avg map: every CPU's copy,
    /// merged as user space merges them.
    pub fn aggregation_read(&self, f: &mut Func<'ctx, 'a>, map: &MapRef) -> CgResult<Val<'ctx>> {
        let (spec, global) = self.user_map(map)?;
        let key = self.map_key(f, map, spec, None)?;
        self.merged_value(f, spec, global, key).map(Val::Int)
    }

    /// The value under `key` merged over every CPU's copy.
    pub fn merged_value(
        &self,
        f: &Func<'ctx, 'a>,
        spec: &crate::script::MapSpec,
        global: inkwell::values::GlobalValue<'ctx>,
        key: PointerValue<'ctx>,
    ) -> CgResult<IntValue<'ctx>> {
        let signed = matches!(spec.value, crate::script::ValueKind::Int { signed: true });
        let kind = spec.kind;
        let total = f.allocas.build_alloca(self.i64, "merged")?;
        let count = f.allocas.build_alloca(self.i64, "merged_count")?;
        self.builder.build_store(total, self.i64.const_zero())?;
        self.builder.build_store(count, self.i64.const_zero())?;
        for cpu in 0..self.analysis.possible_cpus {
            let p = self.call_ptr(
                Helper::MapLookupPercpuElem,
                &[
                    Arg::Ptr(global.as_pointer_value()),
                    Arg::Ptr(key),
                    Arg::Int(self.i64.const_int(u64::from(cpu), false)),
                ],
            )?;
            self.if_else_ptr(
                f,
                p,
                |g| g.merge_one(kind, p, total, count, signed),
                |_| Ok(()),
            )?;
        }
        let b = &self.builder;
        let total_v = b.build_load(self.i64, total, "total")?.into_int_value();
        if !matches!(kind, MapKind::Avg) {
            return Ok(total_v);
        }
        // avg: total / count, 0 when empty.
        let count_v = b.build_load(self.i64, count, "count")?.into_int_value();
        let empty =
            b.build_int_compare(IntPredicate::EQ, count_v, self.i64.const_zero(), "empty")?;
        let divisor = b
            .build_select(empty, self.i64.const_int(1, false), count_v, "divisor")?
            .into_int_value();
        self.signed_div_rem(crate::ast::BinaryOp::Div, total_v, divisor)
    }

    /// Folds one CPU's copy into the running `total` (and `count`).
    fn merge_one(
        &self,
        kind: MapKind,
        p: PointerValue<'ctx>,
        total: PointerValue<'ctx>,
        count: PointerValue<'ctx>,
        signed: bool,
    ) -> CgResult<()> {
        let b = &self.builder;
        let value = b.build_load(self.i64, p, "copy")?.into_int_value();
        let acc = b.build_load(self.i64, total, "acc")?.into_int_value();
        match kind {
            MapKind::Min | MapKind::Max => {
                let set = b
                    .build_load(self.i64, self.byte_offset(p, 8)?, "set")?
                    .into_int_value();
                let seen = b.build_load(self.i64, count, "seen")?.into_int_value();
                let first =
                    b.build_int_compare(IntPredicate::EQ, seen, self.i64.const_zero(), "first")?;
                let predicate = better_than(kind, signed);
                let better = b.build_int_compare(predicate, value, acc, "better")?;
                let take = b.build_or(first, better, "take")?;
                let has =
                    b.build_int_compare(IntPredicate::NE, set, self.i64.const_zero(), "has")?;
                let take = b.build_and(take, has, "take_set")?;
                let new = b
                    .build_select(take, value, acc, "extreme")?
                    .into_int_value();
                b.build_store(total, new)?;
                let seen = b.build_or(seen, set, "seen_any")?;
                b.build_store(count, seen)?;
            }
            MapKind::Avg => {
                b.build_store(total, b.build_int_add(acc, value, "sum")?)?;
                let n = b
                    .build_load(self.i64, self.byte_offset(p, 8)?, "n")?
                    .into_int_value();
                let c = b.build_load(self.i64, count, "c")?.into_int_value();
                b.build_store(count, b.build_int_add(c, n, "c1")?)?;
            }
            _ => {
                b.build_store(total, b.build_int_add(acc, value, "sum")?)?;
            }
        }
        Ok(())
    }
}

/// The comparison under which a new value replaces the kept one, for min() and max().
fn better_than(kind: MapKind, signed: bool) -> IntPredicate {
    match (kind == MapKind::Min, signed) {
        (true, true) => IntPredicate::SLT,
        (true, false) => IntPredicate::ULT,
        (false, true) => IntPredicate::SGT,
        (false, false) => IntPredicate::UGT,
    }
}
