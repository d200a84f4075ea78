//! The script's maps: key and value layouts, the BPF map kind, and how
//! aggregation values combine.

use crate::values::ValueKind;

/// One of the script's maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSpec {
    /// The name in the BPF object.
    pub bpf_name: String,
    /// The name the user wrote, with `@` (`@n`, or `@` for the anonymous map).
    pub name: String,
    /// Key fields in order, each 8-byte aligned (but see `key32`); empty
    /// for a scalar map.
    pub keys: Vec<ValueKind>,
    pub value: ValueKind,
    pub kind: MapKind,
    pub max_entries: u32,
    /// Set by a declaration (`let @m = lruhash(100);`): the BPF map kind.
    pub declared: Option<MapStorage>,
    /// The one key is an unsigned integer of at most 32 bits everywhere it
    /// is written (`@[tid]`): it is kept in 4 bytes, not an 8-byte slot.
    pub key32: bool,
    /// What each key is, where every use of the map writes it the same
    /// simple way (`@[pid, comm]`: `pid`, `comm`; `$x`: `x`;
    /// `args.filename`: `filename`), else None: the metrics endpoint's
    /// label names. One per key slot (a tuple spread into slots: None).
    pub key_names: Vec<Option<String>>,
    /// A hist or lhist whose values also add up, each key's under bucket
    /// `MapKind::sum_bucket()` (the metrics endpoint's `_sum`; only with
    /// `--metrics`, as it costs a second update per event).
    pub bucket_sums: bool,
}

/// The BPF map a declaration asks for: `hash`, `lruhash`, `percpuhash`,
/// `percpulruhash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapStorage {
    /// Full, it evicts the least recently used entries instead of refusing.
    pub lru: bool,
    /// A value per CPU: aggregations always are.
    pub per_cpu: bool,
}

impl MapStorage {
    pub fn from_name(name: &str) -> Option<MapStorage> {
        let (lru, per_cpu) = match name {
            "hash" => (false, false),
            "lruhash" => (true, false),
            "percpuhash" => (false, true),
            "percpulruhash" => (true, true),
            _ => return None,
        };
        Some(MapStorage { lru, per_cpu })
    }

    pub const NAMES: [&'static str; 4] = ["hash", "lruhash", "percpuhash", "percpulruhash"];
}

impl MapSpec {
    /// A hist/lhist without keys (and not declared) is a per-CPU array
    /// indexed by the bucket: its buckets are few and known, so every update
    /// is in place (the array has them all) and can never fail.
    /// (Not a tseries: zero() must leave its key, which only a hash keeps.)
    pub fn bucket_array(&self) -> bool {
        self.keys.is_empty()
            && self.kind.has_bucket_key()
            && !matches!(self.kind, MapKind::Tseries { .. })
            && self.declared.is_none()
    }

    /// One value per CPU: aggregations, and maps declared per-CPU (a plain
    /// value there is the CPU's own in a probe; user space sums them).
    pub fn per_cpu(&self) -> bool {
        self.kind.is_aggregation() || self.declared.is_some_and(|d| d.per_cpu)
    }

    /// Declared with an LRU kind: never full, so no update is refused.
    pub fn lru(&self) -> bool {
        self.declared.is_some_and(|d| d.lru)
    }

    /// Entries in the BPF map: the buckets of a bucket array, else the limit.
    pub fn entries(&self) -> u32 {
        if self.bucket_array() {
            self.kind.buckets() + u32::from(self.bucket_sums)
        } else {
            self.max_entries
        }
    }

    /// Key bytes: the keys' slots, then the bucket slot of a hist/lhist;
    /// a scalar map has one zero u64 key; a bucket array a u32 index.
    pub fn key_size(&self) -> u32 {
        if self.bucket_array() || self.key32 {
            return 4;
        }
        let keys: u32 = self.keys.iter().map(|k| k.slot_size()).sum();
        let bucket = if self.kind.has_bucket_key() { 8 } else { 0 };
        (keys + bucket).max(8)
    }

    /// Bytes of one CPU's value.
    pub fn value_size(&self) -> u32 {
        self.kind.value_size(&self.value)
    }
}

/// How values of a map combine. Aggregations live in per-CPU maps and are
/// merged in user space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapKind {
    /// `@m[k] = v`: the last value written wins.
    Plain,
    /// `count()`: per-CPU u64 counts, summed.
    Count,
    /// `sum(x)`: per-CPU i64 sums, summed.
    Sum,
    /// `min(x)` / `max(x)`: per CPU `[value, set]`, merged over the CPUs that set it.
    Min,
    Max,
    /// `avg(x)` / `stats(x)`: per CPU `[total, count]`, summed; average = total / count.
    Avg,
    Stats,
    /// `hist(x[, bits])`: the key gains a last u64 slot, the bucket index:
    /// 0 for x < 0; 1 + x for 0 <= x < max(2^bits, 2); above that each power
    /// of two [2^e, 2^(e+1)) is split into 2^bits buckets, index
    /// 1 + 2^bits + (e - bits) * 2^bits + sub (for bits 0: 2 + e, as bpftrace's
    /// hist). Values are per-CPU counts.
    Hist {
        bits: u8,
    },
    /// `lhist(x, min, max, step)`: the key gains a last u64 slot, the bucket index:
    /// 0 for x < min, i (1..=n) for [min+(i-1)*step, min+i*step), n+1 for x >= max,
    /// where n = (max - min) / step; values are per-CPU counts.
    Lhist {
        min: i64,
        max: i64,
        step: i64,
    },
    /// `tseries(x, interval_ns, intervals[, agg])`: the key gains a last u64
    /// slot, the interval's place in a ring of `intervals`: epoch %
    /// intervals, where epoch is wall-clock nanoseconds / interval_ns. Each
    /// CPU's value is `TSERIES_SLOT`: [epoch, value, aux]; epoch 0 is an
    /// empty slot (what zero() leaves); a slot of an older epoch is reused.
    Tseries {
        interval_ns: u64,
        intervals: u64,
        agg: TseriesAgg,
    },
}

/// Bytes of one CPU's tseries slot: epoch, value, aux (see `TseriesAgg`).
pub const TSERIES_SLOT: u32 = 24;

/// How a tseries combines the values of one interval. `aux` is the
/// slot's third word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TseriesAgg {
    /// No aggregation named: the value written last; aux is when (boot
    /// nanoseconds), so user space picks the latest over the CPUs.
    Last,
    /// value is the total, aux the count: the average is total / count.
    Avg,
    Max,
    Min,
    Sum,
}

impl TseriesAgg {
    /// The names `tseries()`'s fourth argument takes.
    pub const NAMES: [&'static str; 4] = ["avg", "max", "min", "sum"];

    pub fn from_name(name: &str) -> Option<TseriesAgg> {
        Some(match name {
            "avg" => TseriesAgg::Avg,
            "max" => TseriesAgg::Max,
            "min" => TseriesAgg::Min,
            "sum" => TseriesAgg::Sum,
            _ => return None,
        })
    }
}

impl MapKind {
    pub fn is_aggregation(self) -> bool {
        self != MapKind::Plain
    }

    /// Hist, lhist and tseries keys carry a trailing bucket-index slot.
    pub fn has_bucket_key(self) -> bool {
        matches!(
            self,
            MapKind::Hist { .. } | MapKind::Lhist { .. } | MapKind::Tseries { .. }
        )
    }

    /// How many bucket indices a hist/lhist can produce (see the variants).
    pub fn buckets(self) -> u32 {
        match self {
            // Indices up to 1 + 2^bits + (63 - bits) * 2^bits + (2^bits - 1).
            MapKind::Hist { bits } => 1 + (1u32 << bits) * (65 - u32::from(bits)),
            MapKind::Lhist { min, max, step } => {
                let n = (max - min) / step.max(1);
                u32::try_from(n + 2).unwrap_or(u32::MAX)
            }
            MapKind::Tseries { intervals, .. } => u32::try_from(intervals).unwrap_or(u32::MAX),
            _ => 0,
        }
    }

    /// The bucket index just past a hist's or lhist's buckets: where a map
    /// with `MapSpec::bucket_sums` adds up its values.
    pub fn sum_bucket(self) -> u32 {
        self.buckets()
    }

    /// Bytes of one CPU's value in the BPF map.
    pub fn value_size(self, plain: &ValueKind) -> u32 {
        match self {
            MapKind::Plain => plain.slot_size(),
            MapKind::Count | MapKind::Sum | MapKind::Hist { .. } | MapKind::Lhist { .. } => 8,
            MapKind::Min | MapKind::Max | MapKind::Avg | MapKind::Stats => 16,
            MapKind::Tseries { .. } => TSERIES_SLOT,
        }
    }

    /// The function name as scripts write it.
    pub fn function(self) -> &'static str {
        match self {
            MapKind::Plain => "",
            MapKind::Count => "count",
            MapKind::Sum => "sum",
            MapKind::Min => "min",
            MapKind::Max => "max",
            MapKind::Avg => "avg",
            MapKind::Stats => "stats",
            MapKind::Hist { .. } => "hist",
            MapKind::Lhist { .. } => "lhist",
            MapKind::Tseries { .. } => "tseries",
        }
    }
}

#[cfg(test)]
mod bucket_tests {
    use super::*;

    /// The largest index each kind produces fits its bucket array.
    #[test]
    fn bucket_arrays_hold_every_index() {
        for bits in 0u8..=5 {
            let n = 1u64 << bits;
            // u64::MAX: e = 63, sub = 2^bits - 1.
            let largest = if bits == 0 {
                2 + 63
            } else {
                1 + n + (63 - u64::from(bits)) * n + (n - 1)
            };
            let buckets = u64::from(MapKind::Hist { bits }.buckets());
            assert_eq!(largest + 1, buckets, "bits {bits}");
        }
        let lhist = MapKind::Lhist {
            min: 0,
            max: 4096,
            step: 64,
        };
        // 0 below min, 1..=64 inside, 65 at or above max.
        assert_eq!(lhist.buckets(), 66);
    }
}
