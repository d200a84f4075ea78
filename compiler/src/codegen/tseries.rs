//! `@m[k] = tseries(x, interval, intervals[, agg])`: the key gains the
//! interval's place in a ring (epoch % intervals, see `MapKind::Tseries`)
//! and this CPU's `[epoch, value, aux]` there is updated in place: a slot
//! still holding an older epoch starts over. User space merges the CPUs.

use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{Expr, MapRef};
use crate::script::{MapKind, TseriesAgg, VAR_WALL_OFFSET_NS};
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

/// What one update writes: the interval, the value, and the clock (the
/// aux of `TseriesAgg::Last`).
#[derive(Clone, Copy)]
struct Sample<'ctx> {
    epoch: IntValue<'ctx>,
    x: IntValue<'ctx>,
    now: IntValue<'ctx>,
}

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn tseries_update(
        &self,
        f: &mut Func<'ctx, 'a>,
        map: &MapRef,
        call: &Expr,
        args: &[Expr],
        signed: bool,
    ) -> CgResult<()> {
        let (index, spec, global) = self.user_map_indexed(map)?;
        let MapKind::Tseries {
            interval_ns,
            intervals,
            agg,
        } = spec.kind
        else {
            return Err(CodegenError(format!("{} is not a tseries map", map.name)));
        };
        let value = args
            .first()
            .ok_or_else(|| CodegenError(format!("tseries() without a value at {:?}", call.span)))?;
        let x = self.expr(f, value)?.int()?;
        let b = &self.builder;
        let now = self.call_int(Helper::KtimeGetBootNs, &[])?;
        // Wall-clock time, so intervals start where bpftrace's do (on
        // multiples of the interval since 1970), and print as the time of day.
        let offset = self.run_time_value(f, VAR_WALL_OFFSET_NS)?;
        let wall = b.build_int_add(now, offset, "wall")?;
        let epoch =
            b.build_int_unsigned_div(wall, self.i64.const_int(interval_ns, false), "epoch")?;
        let slot = b.build_int_unsigned_rem(epoch, self.i64.const_int(intervals, false), "slot")?;
        let sample = Sample { epoch, x, now };
        let key = self.map_key(f, map, spec, Some(slot))?;
        let p = self.call_ptr(
            Helper::MapLookupElem,
            &[Arg::Ptr(global.as_pointer_value()), Arg::Ptr(key)],
        )?;
        self.if_else_ptr(
            f,
            p,
            |g| g.tseries_in_place(agg, signed, p, sample),
            |g| {
                // This key's first value in this slot: insert it. Another
                // CPU inserting the same key at once only sets its own copy.
                let init = g.shared_slot(f, "tseries_slot", g.i64.array_type(3).into())?;
                g.builder.build_store(init, sample.epoch)?;
                g.builder.build_store(g.byte_offset(init, 8)?, sample.x)?;
                let aux = g.first_aux(agg, sample)?;
                g.builder.build_store(g.byte_offset(init, 16)?, aux)?;
                let counters = g.counters_base()?;
                g.insert_counted(global, key, init, counters, index)
            },
        )
    }

    /// The aux word of a slot's first value (see `TseriesAgg`).
    fn first_aux(&self, agg: TseriesAgg, sample: Sample<'ctx>) -> CgResult<IntValue<'ctx>> {
        Ok(match agg {
            TseriesAgg::Last => sample.now,
            TseriesAgg::Avg => self.i64.const_int(1, false),
            TseriesAgg::Max | TseriesAgg::Min | TseriesAgg::Sum => self.i64.const_zero(),
        })
    }

    /// `p` is this CPU's `[epoch, value, aux]`: combine with it when it
    /// holds this epoch, else start it over. Selects, not branches.
    fn tseries_in_place(
        &self,
        agg: TseriesAgg,
        signed: bool,
        p: PointerValue<'ctx>,
        sample: Sample<'ctx>,
    ) -> CgResult<()> {
        let b = &self.builder;
        let value_at = self.byte_offset(p, 8)?;
        let aux_at = self.byte_offset(p, 16)?;
        let epoch = b.build_load(self.i64, p, "slot_epoch")?.into_int_value();
        let old = b
            .build_load(self.i64, value_at, "slot_value")?
            .into_int_value();
        let old_aux = b.build_load(self.i64, aux_at, "slot_aux")?.into_int_value();
        let same = b.build_int_compare(IntPredicate::EQ, epoch, sample.epoch, "same_interval")?;
        let x = sample.x;
        let (combined, aux) = match agg {
            TseriesAgg::Last => (x, sample.now),
            TseriesAgg::Sum => (b.build_int_add(old, x, "summed")?, old_aux),
            TseriesAgg::Avg => (
                b.build_int_add(old, x, "total")?,
                b.build_int_add(old_aux, self.i64.const_int(1, false), "count")?,
            ),
            TseriesAgg::Max | TseriesAgg::Min => {
                let predicate = match (agg == TseriesAgg::Max, signed) {
                    (true, true) => IntPredicate::SGT,
                    (true, false) => IntPredicate::UGT,
                    (false, true) => IntPredicate::SLT,
                    (false, false) => IntPredicate::ULT,
                };
                let better = b.build_int_compare(predicate, x, old, "better")?;
                let extreme = b.build_select(better, x, old, "extreme")?.into_int_value();
                (extreme, old_aux)
            }
        };
        let value = b.build_select(same, combined, x, "value")?.into_int_value();
        let aux = b
            .build_select(same, aux, self.first_aux(agg, sample)?, "aux")?
            .into_int_value();
        b.build_store(p, sample.epoch)?;
        b.build_store(value_at, value)?;
        b.build_store(aux_at, aux)?;
        Ok(())
    }
}
