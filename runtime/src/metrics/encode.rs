//! The maps as OpenMetrics families, written by `prometheus-client`'s text
//! encoder. A map's shape is known only when the script is, so the crate's
//! typed metrics (a struct per label set) do not fit: a `Collector` hands
//! the encoder the families of one scrape instead, and the crate writes the
//! format (descriptors, label escaping, cumulative buckets, `# EOF`).
//!
//! - `count()` maps are counters (`sonde_NAME_total`), so are `sum()`s of
//!   unsigned values; a signed sum can go down, so it is a gauge.
//! - Other integer values (plain maps, `min()`, `max()`) are gauges; maps
//!   of other values (strings, tuples...) are not served.
//! - `avg()` and `stats()` are a gauge pair, `sonde_NAME_count` and
//!   `sonde_NAME_sum` (the crate writes no summaries).
//! - `hist()` and `lhist()` are histograms: a bucket's `le` is the largest
//!   integer in it (`[64, 128)` is `le="127"`: values are integers, and
//!   `le` means at most), from the lowest to the highest bucket ever
//!   counted (so that the buckets of a series do not come and go between
//!   scrapes), then `+Inf`. `_sum` is the values' sum, which the probes
//!   keep under an extra bucket when `--metrics` is on
//!   (`MapSpec::bucket_sums`); NaN (unknown) for a map without it.
//! - Keys are labels named after the key expressions (`MapSpec::key_names`)
//!   where that gives a valid, distinct name, else `key0`, `key1`...

use crate::format::{MapEntry, Merged, Value, hist};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::exemplar::Exemplar;
use prometheus_client::registry::Registry;
use sonde_script::{MapKind, MapSpec, ValueKind};
use std::collections::HashMap;

/// One scrape's maps, and the bucket range of each histogram so far.
#[derive(Default)]
pub struct Snapshot {
    pub maps: Vec<(MapSpec, Vec<MapEntry>)>,
    /// Map name → (lowest, highest) bounded bucket index ever counted.
    ranges: HashMap<String, (u64, u64)>,
}

type Labels = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq)]
enum Sample {
    Counter(u64),
    Gauge(i64),
    UnsignedGauge(u64),
    /// Buckets as (le, count in this bucket alone), `+Inf` last.
    Histogram {
        /// NaN when unknown.
        sum: f64,
        count: u64,
        buckets: Vec<(f64, u64)>,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct Family {
    name: String,
    help: String,
    kind: MetricType,
    samples: Vec<(Labels, Sample)>,
}

/// The OpenMetrics text of `snapshot`.
pub fn encode(snapshot: &mut Snapshot) -> Result<String, std::fmt::Error> {
    let mut registry = Registry::default();
    registry.register_collector(Box::new(Families(families(snapshot))));
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry)?;
    Ok(text)
}

#[derive(Debug)]
struct Families(Vec<Family>);

impl Collector for Families {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        for family in &self.0 {
            let mut metric =
                encoder.encode_descriptor(&family.name, &family.help, None, family.kind)?;
            for (labels, sample) in &family.samples {
                let mut encoder = metric.encode_family(labels)?;
                match sample {
                    Sample::Counter(v) => {
                        encoder.encode_counter::<NoLabelSet, _, u64>(v, None)?;
                    }
                    Sample::Gauge(v) => encoder.encode_gauge(v)?,
                    Sample::UnsignedGauge(v) => encoder.encode_gauge(v)?,
                    Sample::Histogram {
                        sum,
                        count,
                        buckets,
                    } => {
                        encoder.encode_histogram::<NoLabelSet>(
                            *sum,
                            *count,
                            buckets,
                            None::<&HashMap<usize, Exemplar<NoLabelSet, f64>>>,
                        )?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// `@` → `sonde_map`, `@calls` → `sonde_calls`; anything but letters,
/// digits and `_` becomes `_`.
fn metric_name(map: &str) -> String {
    let bare = map.trim_start_matches('@');
    let bare = if bare.is_empty() { "map" } else { bare };
    let clean: String = bare
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("sonde_{clean}")
}

/// The label names of a map's keys.
fn label_names(spec: &MapSpec) -> Vec<String> {
    let valid = |name: &str| {
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with("__")
            // The names histograms and summaries use themselves.
            && !matches!(name, "le" | "quantile")
    };
    let wanted: Vec<Option<&str>> = (0..spec.keys.len())
        .map(|i| {
            spec.key_names
                .get(i)
                .and_then(|n| n.as_deref())
                .filter(|n| valid(n))
        })
        .collect();
    wanted
        .iter()
        .enumerate()
        .map(|(i, name)| match name {
            Some(n) if wanted.iter().filter(|w| *w == name).count() == 1 => n.to_string(),
            _ => format!("key{i}"),
        })
        .collect()
}

/// A key as a label value: as bpftrace prints it, a stack's frames on
/// lines of their own (the encoder escapes the newlines).
fn label_value(value: &Value) -> String {
    let text = value.display();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn labels(names: &[String], keys: &[Value]) -> Labels {
    names
        .iter()
        .cloned()
        .zip(keys.iter().map(label_value))
        .collect()
}

/// A value as a gauge, when it is a number.
fn number(value: &Value) -> Option<Sample> {
    match value {
        Value::Bool(b) => Some(Sample::Gauge(i64::from(*b))),
        _ => match value.int_bits()? {
            (bits, true) => Some(Sample::Gauge(bits as i64)),
            (bits, false) => Some(Sample::UnsignedGauge(bits)),
        },
    }
}

fn families(snapshot: &mut Snapshot) -> Vec<Family> {
    let mut out = Vec::new();
    for (spec, entries) in &snapshot.maps {
        let name = metric_name(&spec.name);
        let names = label_names(spec);
        let help = |what: &str| format!("{} ({what})", spec.name);
        let family = |name: String, help: String, kind, samples| Family {
            name,
            help,
            kind,
            samples,
        };
        let counter = spec.kind == MapKind::Count
            || (spec.kind == MapKind::Sum
                && matches!(spec.value, ValueKind::Int { signed: false }));
        match spec.kind {
            MapKind::Count | MapKind::Sum if counter => {
                let samples = entries
                    .iter()
                    .filter_map(|e| match &e.value {
                        Merged::Value(v) => {
                            Some((labels(&names, &e.keys), Sample::Counter(v.int_bits()?.0)))
                        }
                        _ => None,
                    })
                    .collect();
                let what = spec.kind.function();
                out.push(family(
                    name,
                    help(&format!("{what}()")),
                    MetricType::Counter,
                    samples,
                ));
            }
            MapKind::Count | MapKind::Plain | MapKind::Sum | MapKind::Min | MapKind::Max => {
                let samples: Vec<_> = entries
                    .iter()
                    .filter_map(|e| match &e.value {
                        Merged::Value(v) => Some((labels(&names, &e.keys), number(v)?)),
                        _ => None,
                    })
                    .collect();
                // A map of strings or tuples is no metric.
                if samples.is_empty() && !entries.is_empty() {
                    continue;
                }
                let what = match spec.kind {
                    MapKind::Plain => "value".to_string(),
                    kind => format!("{}()", kind.function()),
                };
                out.push(family(name, help(&what), MetricType::Gauge, samples));
            }
            MapKind::Avg | MapKind::Stats => {
                let (mut counts, mut sums) = (Vec::new(), Vec::new());
                for e in entries {
                    if let Merged::Avg { total, count } | Merged::Stats { total, count } = e.value {
                        let labels = labels(&names, &e.keys);
                        counts.push((labels.clone(), Sample::UnsignedGauge(count)));
                        sums.push((labels, Sample::Gauge(total)));
                    }
                }
                let what = spec.kind.function();
                out.push(family(
                    format!("{name}_count"),
                    help(&format!("{what}(): values counted")),
                    MetricType::Gauge,
                    counts,
                ));
                out.push(family(
                    format!("{name}_sum"),
                    help(&format!("{what}(): their sum")),
                    MetricType::Gauge,
                    sums,
                ));
            }
            MapKind::Tseries { .. } => {
                // Its newest interval's value: what a scrape would graph.
                let samples = entries
                    .iter()
                    .filter_map(|e| match &e.value {
                        Merged::Tseries { points, .. } => {
                            let (_, v) = points.last_key_value()?;
                            let sample = match i64::try_from(*v) {
                                Ok(v) => Sample::Gauge(v),
                                Err(_) => Sample::UnsignedGauge(u64::try_from(*v).ok()?),
                            };
                            Some((labels(&names, &e.keys), sample))
                        }
                        _ => None,
                    })
                    .collect();
                out.push(family(
                    name,
                    help("tseries(): the newest interval"),
                    MetricType::Gauge,
                    samples,
                ));
            }
            MapKind::Hist { .. } | MapKind::Lhist { .. } => {
                let range = snapshot.ranges.entry(spec.name.clone());
                let samples = histograms(spec.kind, entries, &names, range);
                let what = spec.kind.function();
                out.push(family(
                    name,
                    help(&format!("{what}()")),
                    MetricType::Histogram,
                    samples,
                ));
            }
        }
    }
    out
}

/// The largest value of bucket `index`, None for a bucket without an
/// upper end (counted under `+Inf` only).
fn upper_bound(kind: MapKind, index: u64) -> Option<i128> {
    match kind {
        MapKind::Hist { bits } => hist::hist_bits_bounds_wide(bits, index).1,
        MapKind::Lhist { min, max, step } => hist::lhist_bounds_wide(min, max, step, index).1,
        _ => None,
    }
}

/// A histogram's counts by bucket index and its sum (NaN: unknown).
type BucketsAndSum = (std::collections::BTreeMap<u64, u64>, f64);

fn histograms(
    kind: MapKind,
    entries: &[MapEntry],
    names: &[String],
    range: std::collections::hash_map::Entry<String, (u64, u64)>,
) -> Vec<(Labels, Sample)> {
    let bucketed = |e: &MapEntry| match &e.value {
        Merged::Hist { buckets, sum, .. } | Merged::Lhist { buckets, sum, .. } => {
            Some((buckets.clone(), sum.map_or(f64::NAN, |s| s as f64)))
        }
        _ => None,
    };
    let all: Vec<(Labels, BucketsAndSum)> = entries
        .iter()
        .filter_map(|e| Some((labels(names, &e.keys), bucketed(e)?)))
        .collect();
    // The bounded buckets counted now widen the range kept.
    let counted = all
        .iter()
        .flat_map(|(_, (b, _))| b.iter())
        .filter(|(i, c)| **c > 0 && upper_bound(kind, **i).is_some())
        .map(|(i, _)| *i);
    let (low, high) = counted
        .fold(
            match &range {
                std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
                std::collections::hash_map::Entry::Vacant(_) => None,
            },
            |r, i| Some(r.map_or((i, i), |(l, h)| (l.min(i), h.max(i)))),
        )
        .map_or((None, None), |(l, h)| (Some(l), Some(h)));
    if let (Some(l), Some(h)) = (low, high) {
        *range.or_insert((l, h)) = (l, h);
    }
    all.into_iter()
        .map(|(labels, (buckets, sum))| {
            let count = buckets.values().fold(0u64, |a, c| a.saturating_add(*c));
            let mut rows = Vec::new();
            let mut listed = 0u64;
            if let (Some(low), Some(high)) = (low, high) {
                for index in low..=high {
                    let Some(le) = upper_bound(kind, index) else {
                        continue;
                    };
                    let here = buckets.get(&index).copied().unwrap_or(0);
                    listed = listed.saturating_add(here);
                    rows.push((le as f64, here));
                }
            }
            rows.push((f64::INFINITY, count.saturating_sub(listed)));
            (
                labels,
                Sample::Histogram {
                    sum,
                    count,
                    buckets: rows,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
