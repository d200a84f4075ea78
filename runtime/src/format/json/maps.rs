//! Maps as JSON: one line per map, keyed or not.

use super::histograms::rows;
use super::values::{escape, json_value};
use crate::format::hist::{
    hist_bits_bounds_wide, hist_bits_last, lhist_bounds_wide, lhist_buckets,
};
use crate::format::{MapEntry, Merged, Value, average};

/// One map as one line: `{"type": T, "data": {"@name": DATA}}`, DATA being the
/// value or, when `keyed`, an object from the joined keys to the values. The
/// type comes from the first entry (every entry of a map has the same kind).
/// An empty map gives "" (bpftrace prints nothing for it): callers skip it
/// rather than print an empty line.
pub fn map(name: &str, keyed: bool, entries: &[MapEntry]) -> String {
    let Some(first) = entries.first() else {
        return String::new();
    };
    let kind = match first.value {
        Merged::Value(_) => "map",
        Merged::Avg { .. } | Merged::Stats { .. } => "stats",
        Merged::Hist { .. } | Merged::Lhist { .. } => "hist",
    };
    let data = if keyed {
        let pairs: Vec<String> = entries
            .iter()
            .map(|e| format!("{}: {}", escape(&key(&e.keys)), value(&e.value)))
            .collect();
        format!("{{{}}}", pairs.join(", "))
    } else {
        value(&first.value)
    };
    format!(
        "{{\"type\": \"{kind}\", \"data\": {{{}: {data}}}}}",
        escape(name)
    )
}

/// bpftrace joins multiple keys with "," (no space) into one JSON key.
fn key(keys: &[Value]) -> String {
    keys.iter()
        .map(Value::display)
        .collect::<Vec<_>>()
        .join(",")
}

fn value(merged: &Merged) -> String {
    match merged {
        Merged::Value(v) => json_value(v),
        Merged::Avg { total, count } => average(*total, *count).to_string(),
        Merged::Stats { total, count } => format!(
            "{{\"count\": {count}, \"average\": {}, \"total\": {total}}}",
            average(*total, *count)
        ),
        Merged::Hist { bits, buckets } => rows(buckets, hist_bits_last(*bits), |i| {
            hist_bits_bounds_wide(*bits, i)
        }),
        Merged::Lhist {
            min,
            max,
            step,
            buckets,
        } => {
            let last = lhist_buckets(*min, *max, *step) + 1;
            rows(buckets, last, |i| lhist_bounds_wide(*min, *max, *step, i))
        }
    }
}
