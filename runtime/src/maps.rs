//! The script's maps at run time: reading every entry (per-CPU copies merged),
//! clearing and zeroing them, and the counts of updates a full map refused.

use crate::bpf_sys;
use crate::format::{MapEntry, Merged, Symbolic, Value, tseries};
use crate::symbols::Symbolizer;
use aya::Ebpf;
use aya::maps::{Map, MapData};
use sonde_script::{
    COUNTER_FAILED_UPDATES, COUNTER_LOST, COUNTERS_MAP, MapKind, MapSpec, StackMapSpec,
    UPDATE_FULL_ERROR, Unwind, ValueKind,
};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

pub struct ScriptMaps {
    maps: Vec<(MapSpec, MapData)>,
    /// Where the frames of the script's stacks are, by limit.
    stacks: Vec<(StackMapSpec, MapData)>,
    /// `.data`: the lost-record and failed-update counters.
    counters_map: Option<MapData>,
    cpus: usize,
    symbols: Symbolizer,
    /// Keyless hists and lhists (bucket arrays, by map index) that zero()
    /// emptied after something was counted, and no clear() since: bpftrace
    /// keeps such a hist's key, so it prints its name and no rows, where a
    /// cleared or never-written one prints nothing. A bucket array holds
    /// zeros either way; only this tells them apart.
    zeroed_arrays: RefCell<BTreeSet<usize>>,
    /// CFI-unwound user stacks, from their copies until they are printed.
    user_stacks: RefCell<crate::symbols::unwind::UserUnwinder>,
}

fn data(map: Map) -> Option<MapData> {
    match map {
        Map::HashMap(d)
        | Map::PerCpuHashMap(d)
        | Map::LruHashMap(d)
        | Map::PerCpuLruHashMap(d)
        | Map::PerCpuArray(d)
        | Map::Array(d) => Some(d),
        _ => None,
    }
}

impl ScriptMaps {
    /// Takes the script's maps out of the loaded object.
    pub fn take(
        ebpf: &mut Ebpf,
        specs: &[MapSpec],
        stack_specs: &[StackMapSpec],
        symbols: Symbolizer,
    ) -> Result<ScriptMaps, String> {
        let cpus = aya::util::nr_cpus().map_err(|(what, e)| format!("{what}: {e}"))?;
        let mut maps = Vec::new();
        for spec in specs {
            let map = ebpf
                .take_map(&spec.bpf_name)
                .and_then(data)
                .ok_or_else(|| format!("map {} is missing from the object", spec.name))?;
            maps.push((spec.clone(), map));
        }
        let mut stacks = Vec::new();
        for spec in stack_specs {
            let map = ebpf
                .take_map(&spec.bpf_name)
                .and_then(data)
                .ok_or_else(|| format!("stack map {} is missing from the object", spec.bpf_name))?;
            stacks.push((spec.clone(), map));
        }
        let counters_map = ebpf.take_map(COUNTERS_MAP).and_then(data);
        Ok(ScriptMaps {
            maps,
            stacks,
            counters_map,
            cpus,
            symbols,
            zeroed_arrays: RefCell::new(BTreeSet::new()),
            user_stacks: RefCell::default(),
        })
    }

    /// Names the stacks and symbols in `value` (inside tuples and records
    /// too): each
    /// becomes the text bpftrace prints, `indent` spaces before each frame.
    pub fn resolve(&self, value: &mut Value, indent: usize) {
        let stacks: Vec<(&StackMapSpec, BorrowedFd)> = self
            .stacks
            .iter()
            .map(|(s, d)| (s, d.fd().as_fd()))
            .collect();
        resolve_with(
            value,
            indent,
            &self.symbols,
            &stacks,
            Some(&self.user_stacks),
        );
    }

    /// A `RECORD_USER_STACK` copy: unwound now, while its process's
    /// mappings can still be read, which the symbolizer keeps for naming.
    pub fn add_user_stack(&self, record: &[u8]) {
        let Some(copy) = crate::symbols::unwind::StackCopy::parse(record) else {
            return;
        };
        // Without mappings of that process (gone before its first copy
        // was read, or its pid taken by another), its frames print as
        // addresses: never named from another process's mappings.
        let mappings = self.user_stacks.borrow_mut().add(&copy).unwrap_or_default();
        self.symbols.remember(copy.pid, copy.start_time, mappings);
    }

    /// A `RECORD_PROCESS_SEEN`: the process's mappings, read now while it
    /// (most likely) still runs, name its frames from now on.
    pub fn process_seen(&self, pid_tid: u64, start_time: u64) {
        self.symbols.capture((pid_tid >> 32) as u32, start_time);
    }

    pub fn specs(&self) -> impl Iterator<Item = &MapSpec> {
        self.maps.iter().map(|(s, _)| s)
    }

    pub fn spec(&self, index: usize) -> Option<&MapSpec> {
        self.maps.get(index).map(|(s, _)| s)
    }

    /// Bytes one lookup returns (see `value_bytes`).
    fn value_bytes(&self, spec: &MapSpec) -> usize {
        value_bytes(spec, self.cpus)
    }

    /// Every entry of map `index`, merged and grouped (hist buckets by key).
    pub fn read(&self, index: usize) -> io::Result<Vec<MapEntry>> {
        let Some((spec, data)) = self.maps.get(index) else {
            return Ok(Vec::new());
        };
        let mut entries = read_merged(spec, data.fd().as_fd(), self.cpus)?;
        if entries.is_empty() && self.zeroed_arrays.borrow().contains(&index) {
            entries.extend(empty_hist(spec));
        }
        // Stacks in keys are indented 4 spaces, elsewhere 8 (as bpftrace).
        for e in &mut entries {
            for k in &mut e.keys {
                self.resolve(k, 4);
            }
            if let Merged::Value(v) = &mut e.value {
                self.resolve(v, 8);
            }
        }
        Ok(entries)
    }

    /// The same maps through descriptors of their own, for a reader on
    /// another thread (the metrics endpoint): reading a map is a bpf(2)
    /// lookup per key, safe beside the kernel's updates and this thread's
    /// reads.
    pub fn reader(&self) -> io::Result<MapReader> {
        let maps = self
            .maps
            .iter()
            .map(|(spec, data)| Ok((spec.clone(), data.fd().as_fd().try_clone_to_owned()?)))
            .collect::<io::Result<_>>()?;
        let stacks = self
            .stacks
            .iter()
            .map(|(spec, data)| Ok((spec.clone(), data.fd().as_fd().try_clone_to_owned()?)))
            .collect::<io::Result<_>>()?;
        Ok(MapReader {
            maps,
            stacks,
            cpus: self.cpus,
        })
    }

    /// clear(): delete every key (a bucket array's buckets cannot be
    /// deleted: they are zeroed, and the array forgets it was zeroed, which
    /// prints as bpftrace's cleared hist does: nothing).
    pub fn clear(&self, index: usize) -> io::Result<()> {
        let Some((spec, data)) = self.maps.get(index) else {
            return Ok(());
        };
        if spec.bucket_array() {
            self.zero_values(index)?;
            self.zeroed_arrays.borrow_mut().remove(&index);
            return Ok(());
        }
        let fd = data.fd().as_fd();
        for (key, _) in bpf_sys::entries(fd, spec.key_size() as usize, self.value_bytes(spec))? {
            bpf_sys::delete(fd, &key)?;
        }
        Ok(())
    }

    /// zero(): keep the keys, set every value (every CPU's copy) to zero.
    /// A bucket array that counted something is remembered as zeroed (see
    /// `zeroed_arrays`).
    pub fn zero(&self, index: usize) -> io::Result<()> {
        if self
            .maps
            .get(index)
            .is_some_and(|(spec, _)| spec.bucket_array())
            && !self.read(index)?.is_empty()
        {
            self.zeroed_arrays.borrow_mut().insert(index);
        }
        self.zero_values(index)
    }

    /// Every value of map `index` (every CPU's copy) set to zero.
    fn zero_values(&self, index: usize) -> io::Result<()> {
        let Some((spec, data)) = self.maps.get(index) else {
            return Ok(());
        };
        let fd = data.fd().as_fd();
        let zeros = vec![0u8; self.value_bytes(spec)];
        for (key, _) in bpf_sys::entries(fd, spec.key_size() as usize, zeros.len())? {
            bpf_sys::update(fd, &key, &zeros)?;
        }
        Ok(())
    }

    /// The `.data` counters (see `COUNTERS_GLOBAL`).
    fn counters(&self) -> Vec<u64> {
        let Some(counters_map) = &self.counters_map else {
            return Vec::new();
        };
        let size = 8 * (COUNTER_FAILED_UPDATES + self.maps.len() + self.stacks.len());
        match bpf_sys::entries(counters_map.fd().as_fd(), 4, size) {
            Ok(raw) => raw
                .into_iter()
                .next()
                .map(|(_, v)| v.chunks(8).map(word).collect())
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }

    /// Records the full ring buffer refused so far.
    pub fn lost_records(&self) -> u64 {
        self.counters().get(COUNTER_LOST).copied().unwrap_or(0)
    }

    /// (map name, its refused updates), for maps with any.
    pub fn failed_updates(&self) -> Vec<(String, RefusedUpdates)> {
        self.counters()
            .into_iter()
            .skip(COUNTER_FAILED_UPDATES)
            .zip(self.specs())
            .filter(|(sum, _)| *sum != 0)
            .map(|(sum, spec)| {
                let decoded = RefusedUpdates::from_counter(sum, !spec.lru());
                (spec.name.clone(), decoded)
            })
            .collect()
    }

    /// (stack map, stacks it could not keep because it was full), for maps with any.
    pub fn lost_stacks(&self) -> Vec<(StackMapSpec, u64)> {
        self.counters()
            .into_iter()
            .skip(COUNTER_FAILED_UPDATES + self.maps.len())
            .zip(&self.stacks)
            .filter(|(lost, _)| *lost > 0)
            .map(|(lost, (spec, _))| (spec.clone(), lost))
            .collect()
    }
}

/// The script's maps read from another thread (`ScriptMaps::reader`): the
/// descriptors are its own, so the maps live until it is dropped too.
pub struct MapReader {
    maps: Vec<(MapSpec, OwnedFd)>,
    stacks: Vec<(StackMapSpec, OwnedFd)>,
    cpus: usize,
}

impl MapReader {
    pub fn specs(&self) -> impl Iterator<Item = &MapSpec> {
        self.maps.iter().map(|(s, _)| s)
    }

    /// Every entry of map `index`, merged, stacks and symbols named by
    /// `symbols` (frames on lines of their own, not indented).
    pub fn read(&self, index: usize, symbols: &Symbolizer) -> io::Result<Vec<MapEntry>> {
        let Some((spec, fd)) = self.maps.get(index) else {
            return Ok(Vec::new());
        };
        let mut entries = read_merged(spec, fd.as_fd(), self.cpus)?;
        let stacks: Vec<(&StackMapSpec, BorrowedFd)> =
            self.stacks.iter().map(|(s, fd)| (s, fd.as_fd())).collect();
        for e in &mut entries {
            for k in &mut e.keys {
                resolve_with(k, 0, symbols, &stacks, None);
            }
            if let Merged::Value(v) = &mut e.value {
                resolve_with(v, 0, symbols, &stacks, None);
            }
        }
        Ok(entries)
    }
}

/// Bytes one lookup returns: per-CPU maps hold a copy per possible CPU,
/// each padded to 8 bytes.
fn value_bytes(spec: &MapSpec, cpus: usize) -> usize {
    let size = spec.value_size() as usize;
    if spec.per_cpu() {
        size.next_multiple_of(8) * cpus
    } else {
        size
    }
}

/// Every entry of a map, merged and grouped (hist buckets by key).
fn read_merged(spec: &MapSpec, fd: BorrowedFd, cpus: usize) -> io::Result<Vec<MapEntry>> {
    let raw = bpf_sys::entries(fd, spec.key_size() as usize, value_bytes(spec, cpus))?;
    Ok(merge(spec, cpus, raw))
}

/// Names the stacks and symbols in `value` (inside tuples and records too)
/// through `symbols`, the frames from `stacks`.
/// `unwound`: the stacks unwound from their copies (records only; a map
/// read on the metrics thread has none, as CFI stacks are never map keys).
fn resolve_with(
    value: &mut Value,
    indent: usize,
    symbols: &Symbolizer,
    stacks: &[(&StackMapSpec, BorrowedFd)],
    unwound: Option<&RefCell<crate::symbols::unwind::UserUnwinder>>,
) {
    match value {
        Value::Tuple(elements) => {
            for e in elements {
                resolve_with(e, indent, symbols, stacks, unwound);
            }
        }
        Value::Record(members) => {
            for (_, e) in members {
                resolve_with(e, indent, symbols, stacks, unwound);
            }
        }
        Value::Symbolic(symbolic) => {
            let text = match symbolic {
                Symbolic::Ksym(address) => symbols.ksym(*address),
                Symbolic::Usym { address, pid } => {
                    symbols.usym(u32::try_from(*pid).unwrap_or(0), *address)
                }
                Symbolic::Stack {
                    kind, hash, pid, ..
                } if kind.unwind == Unwind::Cfi => {
                    let mut addresses = unwound
                        .map(|u| u.borrow_mut().take(*hash))
                        .unwrap_or_default();
                    addresses.truncate(kind.limit as usize);
                    symbols.stack(*kind, *pid, &addresses, indent)
                }
                Symbolic::Stack {
                    kind,
                    hash,
                    frames,
                    pid,
                } => {
                    let addresses = stack_frames(stacks, kind.limit, *hash, *frames);
                    symbols.stack(*kind, *pid, &addresses, indent)
                }
            };
            *value = Value::Str(text.into_bytes());
        }
        _ => {}
    }
}

/// The addresses of a stack: its frames in the stack map of its limit
/// (none when it was empty or could not be kept).
fn stack_frames(
    stacks: &[(&StackMapSpec, BorrowedFd)],
    limit: u32,
    hash: u64,
    frames: u32,
) -> Vec<u64> {
    if frames == 0 {
        return Vec::new();
    }
    let Some((spec, fd)) = stacks.iter().find(|(s, _)| s.limit == limit) else {
        return Vec::new();
    };
    match bpf_sys::lookup(*fd, &hash.to_le_bytes(), spec.value_size() as usize) {
        Ok(Some(bytes)) => bytes
            .chunks(8)
            .map(word)
            .take(frames as usize)
            .take_while(|a| *a != 0)
            .collect(),
        _ => Vec::new(),
    }
}

/// A map's refused updates, decoded from its counter: the sum of the
/// negated errors `bpf_map_update_elem` returned (see `COUNTERS_GLOBAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusedUpdates {
    /// Every error was the full map's: this many updates.
    Full(u64),
    /// Some other error (an LRU map that found no entry to evict, a lock
    /// the kernel gave up on when a probe interrupted another holding it:
    /// EBUSY before Linux 6.15, EDEADLK or ETIMEDOUT since): the errors'
    /// sum, which does not tell how many.
    Other { error_sum: u64 },
}

impl RefusedUpdates {
    /// `can_be_full`: the map refuses inserts when full (an LRU map evicts
    /// instead, so its errors are never the full map's).
    fn from_counter(counter: u64, can_be_full: bool) -> Self {
        let error_sum = counter.wrapping_neg();
        if can_be_full && error_sum.is_multiple_of(UPDATE_FULL_ERROR) {
            Self::Full(error_sum / UPDATE_FULL_ERROR)
        } else {
            Self::Other { error_sum }
        }
    }
}

fn word(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = bytes.len().min(8);
    b[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(b)
}

/// The entry a map without keys shows when it holds nothing: its kind's
/// zero (hist and lhist maps show nothing, so they have none).
pub fn zero_entry(spec: &MapSpec) -> Option<MapEntry> {
    if !spec.keys.is_empty() {
        return None;
    }
    let value = match spec.kind {
        MapKind::Hist { .. } | MapKind::Lhist { .. } | MapKind::Tseries { .. } => return None,
        MapKind::Avg => Merged::Avg { total: 0, count: 0 },
        MapKind::Stats => Merged::Stats { total: 0, count: 0 },
        MapKind::Plain | MapKind::Count | MapKind::Sum | MapKind::Min | MapKind::Max => {
            Merged::Value(Value::decode(&spec.value, &[]))
        }
    };
    Some(MapEntry {
        keys: Vec::new(),
        value,
    })
}

/// A hist or lhist without keys and without counts: what a zeroed keyless
/// hist prints (its name and no rows).
fn empty_hist(spec: &MapSpec) -> Option<MapEntry> {
    let value = match spec.kind {
        MapKind::Hist { bits } => Merged::Hist {
            sum: None,
            bits,
            buckets: BTreeMap::new(),
        },
        MapKind::Lhist { min, max, step } => Merged::Lhist {
            sum: None,
            min,
            max,
            step,
            buckets: BTreeMap::new(),
        },
        _ => return None,
    };
    Some(MapEntry {
        keys: Vec::new(),
        value,
    })
}

/// Merges per-CPU copies by the map's kind and groups hist buckets by key.
pub fn merge(spec: &MapSpec, cpus: usize, raw: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<MapEntry> {
    let stride = (spec.value_size() as usize).next_multiple_of(8);
    let keys_len: usize = spec.keys.iter().map(|k| k.slot_size() as usize).sum();
    let copies = |value: &[u8]| -> Vec<Vec<u8>> {
        (0..cpus)
            .filter_map(|cpu| {
                value
                    .get(cpu * stride..(cpu + 1) * stride)
                    .map(<[u8]>::to_vec)
            })
            .collect()
    };
    let signed = matches!(spec.value, ValueKind::Int { signed: true });
    let int = |bits: u64| Value::Int { bits, signed };
    let mut grouped: BTreeMap<Vec<u8>, BTreeMap<u64, u64>> = BTreeMap::new();
    let mut series: BTreeMap<Vec<u8>, tseries::Points> = BTreeMap::new();
    let mut sums: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
    let mut out = Vec::new();
    for (key, value) in raw {
        let user_key = key.get(..keys_len).unwrap_or(&key).to_vec();
        let keys = Value::decode_all(&spec.keys, &user_key);
        let merged = match spec.kind {
            // Declared per-CPU: integers sum over the CPUs (as counts do),
            // other values are the first CPU's that wrote one.
            MapKind::Plain if spec.per_cpu() => match spec.value {
                ValueKind::Int { .. } => Merged::Value(int(copies(&value)
                    .iter()
                    .map(|c| word(c))
                    .fold(0, u64::wrapping_add))),
                _ => {
                    let all = copies(&value);
                    let written = all.iter().find(|c| c.iter().any(|b| *b != 0));
                    let first = written.or(all.first()).map_or(&[][..], Vec::as_slice);
                    Merged::Value(Value::decode(&spec.value, first))
                }
            },
            MapKind::Plain => Merged::Value(Value::decode(&spec.value, &value)),
            MapKind::Count | MapKind::Sum => Merged::Value(int(copies(&value)
                .iter()
                .map(|c| word(c))
                .fold(0, u64::wrapping_add))),
            MapKind::Min | MapKind::Max => {
                let set: Vec<u64> = copies(&value)
                    .iter()
                    .filter(|c| word(c.get(8..).unwrap_or(&[])) != 0)
                    .map(|c| word(c))
                    .collect();
                let pick = |a: &u64, b: &u64| {
                    if signed {
                        (*a as i64).cmp(&(*b as i64))
                    } else {
                        a.cmp(b)
                    }
                };
                let best = if spec.kind == MapKind::Min {
                    set.iter().min_by(|a, b| pick(a, b))
                } else {
                    set.iter().max_by(|a, b| pick(a, b))
                };
                Merged::Value(int(best.copied().unwrap_or(0)))
            }
            MapKind::Avg | MapKind::Stats => {
                let (mut total, mut count) = (0i64, 0u64);
                for c in copies(&value) {
                    total = total.wrapping_add(word(&c) as i64);
                    count = count.wrapping_add(word(c.get(8..).unwrap_or(&[])));
                }
                if spec.kind == MapKind::Avg {
                    Merged::Avg { total, count }
                } else {
                    Merged::Stats { total, count }
                }
            }
            MapKind::Tseries { agg, .. } => {
                // A zeroed key still prints (`<no data>`): keep it.
                let points = series.entry(user_key).or_default();
                let slots: Vec<[u64; 3]> = copies(&value)
                    .iter()
                    .map(|c| [0, 8, 16].map(|at| word(c.get(at..).unwrap_or(&[]))))
                    .collect();
                if let Some((epoch, v)) = tseries::merge_slot(agg, signed, &slots) {
                    points.insert(epoch, v);
                }
                continue;
            }
            MapKind::Hist { .. } | MapKind::Lhist { .. } => {
                let bucket = word(key.get(keys_len..).unwrap_or(&[]));
                let count = copies(&value)
                    .iter()
                    .map(|c| word(c))
                    .fold(0, u64::wrapping_add);
                if spec.bucket_sums && bucket == u64::from(spec.kind.sum_bucket()) {
                    // Not a bucket: the key's values added up (two's complement).
                    *sums.entry(user_key).or_default() = count as i64;
                    continue;
                }
                // A bucket array holds every bucket, used or not.
                if count == 0 && spec.bucket_array() {
                    continue;
                }
                *grouped
                    .entry(user_key)
                    .or_default()
                    .entry(bucket)
                    .or_default() += count;
                continue;
            }
        };
        out.push(MapEntry {
            keys,
            value: merged,
        });
    }
    if let MapKind::Tseries {
        interval_ns,
        intervals,
        ..
    } = spec.kind
    {
        let shape = tseries::Shape {
            interval_ns,
            intervals,
            signed,
        };
        out.extend(series.into_iter().map(|(user_key, points)| MapEntry {
            keys: Value::decode_all(&spec.keys, &user_key),
            value: Merged::Tseries { shape, points },
        }));
    }
    for (user_key, buckets) in grouped {
        let sum = sums.get(&user_key).copied();
        let value = match spec.kind {
            MapKind::Lhist { min, max, step } => Merged::Lhist {
                sum,
                min,
                max,
                step,
                buckets,
            },
            MapKind::Hist { bits } => Merged::Hist { sum, bits, buckets },
            _ => continue,
        };
        out.push(MapEntry {
            keys: Value::decode_all(&spec.keys, &user_key),
            value,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: MapKind, keys: Vec<ValueKind>, signed: bool) -> MapSpec {
        MapSpec {
            bucket_sums: false,
            bpf_name: "m0".into(),
            name: "@m".into(),
            keys,
            value: ValueKind::Int { signed },
            kind,
            max_entries: 16,
            declared: None,
            key32: false,
            key_names: Vec::new(),
        }
    }

    #[test]
    fn a_declared_per_cpu_plain_map_sums_integers_over_the_cpus() {
        let mut s = spec(MapKind::Plain, vec![ValueKind::Int { signed: true }], true);
        s.declared = Some(sonde_script::MapStorage {
            lru: false,
            per_cpu: true,
        });
        let entries = merge(&s, 3, vec![(words(&[2]), words(&[5, 0, -1]))]);
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].value,
            Merged::Value(Value::Int {
                bits: 4,
                signed: true
            })
        );
    }

    fn words(ws: &[i64]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn counts_and_sums_add_the_cpus() {
        let m = spec(MapKind::Count, vec![], false);
        let e = merge(&m, 2, vec![(words(&[0]), words(&[3, 4]))]);
        assert_eq!(
            e[0].value,
            Merged::Value(Value::Int {
                bits: 7,
                signed: false
            })
        );
        let m = spec(MapKind::Sum, vec![], true);
        let e = merge(&m, 2, vec![(words(&[0]), words(&[-10, 4]))]);
        assert_eq!(
            e[0].value,
            Merged::Value(Value::Int {
                bits: (-6i64) as u64,
                signed: true
            })
        );
    }

    #[test]
    fn min_and_max_ignore_cpus_that_never_set_them() {
        // CPU 0 never saw the key (value 0, unset); CPU 1 saw 5.
        let m = spec(MapKind::Min, vec![], true);
        let e = merge(&m, 2, vec![(words(&[0]), words(&[0, 0, 5, 1]))]);
        assert_eq!(
            e[0].value,
            Merged::Value(Value::Int {
                bits: 5,
                signed: true
            })
        );
        let m = spec(MapKind::Max, vec![], true);
        let e = merge(&m, 2, vec![(words(&[0]), words(&[-3, 1, -7, 1]))]);
        assert_eq!(
            e[0].value,
            Merged::Value(Value::Int {
                bits: (-3i64) as u64,
                signed: true
            })
        );
    }

    #[test]
    fn avg_and_stats_sum_totals_and_counts() {
        let m = spec(MapKind::Stats, vec![], true);
        let e = merge(&m, 2, vec![(words(&[0]), words(&[10, 1, 20, 1]))]);
        assert_eq!(
            e[0].value,
            Merged::Stats {
                total: 30,
                count: 2
            }
        );
    }

    #[test]
    fn hist_buckets_group_by_key() {
        let m = spec(
            MapKind::Hist { bits: 0 },
            vec![ValueKind::Int { signed: true }],
            false,
        );
        let raw = vec![
            (words(&[1, 3]), words(&[1, 1])),
            (words(&[1, 9]), words(&[0, 4])),
            (words(&[2, 3]), words(&[5, 0])),
        ];
        let e = merge(&m, 2, raw);
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0].keys,
            vec![Value::Int {
                bits: 1,
                signed: true
            }]
        );
        assert_eq!(
            e[0].value,
            Merged::Hist {
                sum: None,
                bits: 0,
                buckets: BTreeMap::from([(3, 2), (9, 4)])
            }
        );
        assert_eq!(
            e[1].value,
            Merged::Hist {
                sum: None,
                bits: 0,
                buckets: BTreeMap::from([(3, 5)])
            }
        );
    }

    #[test]
    fn refused_updates_decode_the_summed_errors() {
        let counter = |errors: &[u64]| {
            errors
                .iter()
                .fold(0u64, |sum, e| sum.wrapping_add(e.wrapping_neg()))
        };
        let decode = |errors: &[u64]| RefusedUpdates::from_counter(counter(errors), true);
        assert_eq!(decode(&[7]), RefusedUpdates::Full(1));
        assert_eq!(decode(&[7; 1000]), RefusedUpdates::Full(1000));
        // ETIMEDOUT among the full map's errors: the sum no longer counts them.
        assert_eq!(
            decode(&[7, 110, 7]),
            RefusedUpdates::Other { error_sum: 124 }
        );
        // An LRU map's ENOMEM, even seven times, is not a full map.
        assert_eq!(
            RefusedUpdates::from_counter(counter(&[12; 7]), false),
            RefusedUpdates::Other { error_sum: 84 }
        );
    }

    // bpftrace 0.27.1: `@h = hist(5); zero(@h);` and the lhist's kin print
    // the name, a ':' and an empty line; in JSON an empty array.
    #[test]
    fn a_zeroed_keyless_hist_prints_its_name_and_no_rows() {
        for kind in [
            MapKind::Hist { bits: 0 },
            MapKind::Hist { bits: 2 },
            MapKind::Lhist {
                min: 0,
                max: 10,
                step: 1,
            },
        ] {
            let mut s = spec(kind, vec![], false);
            s.name = "@h".into();
            let entries: Vec<MapEntry> = empty_hist(&s).into_iter().collect();
            assert_eq!(crate::format::maps::render(&s, &entries), "@h:\n\n");
            assert_eq!(
                crate::format::json::map(&s.name, false, &entries),
                r#"{"type": "hist", "data": {"@h": []}}"#
            );
        }
        assert!(empty_hist(&spec(MapKind::Count, vec![], false)).is_none());
    }
}
