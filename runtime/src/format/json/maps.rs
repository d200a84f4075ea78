//! Maps as JSON: one line per map, keyed or not.

use super::histograms::rows;
use super::values::{escape, json_value, signed, unsigned};
use crate::format::hist::{
    hist_bits_bounds_wide, hist_bits_last, lhist_bounds_wide, lhist_buckets,
};
use crate::format::maps::tseries_window;
use crate::format::{MapEntry, Merged, Value, average, tseries};

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
        Merged::Tseries { .. } => "tseries",
    };
    let window = tseries_window(entries);
    let data = if keyed {
        let pairs: Vec<String> = entries
            .iter()
            .map(|e| format!("{}: {}", escape(&key(&e.keys)), value(&e.value, window)))
            .collect();
        format!("{{{}}}", pairs.join(", "))
    } else {
        value(&first.value, window)
    };
    format!(
        "{{\"type\": \"{kind}\", \"data\": {{{}: {data}}}}}",
        escape(name)
    )
}

/// A map key as bpftrace 0.27 writes it: the key's text (several keys are
/// one tuple, `(a, b)`), without the parentheses that wrap the whole text and
/// without any space, even inside strings (`@k["a b", 1]` is `"ab,1"`).
fn key(keys: &[Value]) -> String {
    let text = match keys {
        [one] => one.display(),
        _ => Value::Tuple(keys.to_vec()).display(),
    };
    let inner = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(&text);
    inner.replace(' ', "")
}

/// `window`: the intervals a tseries map shows (the same for every key).
fn value(merged: &Merged, window: Option<(u64, u64)>) -> String {
    match merged {
        Merged::Tseries { shape, points } => tseries::json(*shape, points, window),
        Merged::Value(v) => json_value(v),
        Merged::Avg { total, count } => signed(average(*total, *count)),
        Merged::Stats { total, count } => format!(
            "{{\"count\": {}, \"average\": {}, \"total\": {}}}",
            unsigned(*count),
            signed(average(*total, *count)),
            signed(*total)
        ),
        Merged::Hist { bits, buckets, .. } => rows(buckets, hist_bits_last(*bits), |i| {
            hist_bits_bounds_wide(*bits, i)
        }),
        Merged::Lhist {
            min,
            max,
            step,
            buckets,
            ..
        } => {
            let last = lhist_buckets(*min, *max, *step) + 1;
            rows(buckets, last, |i| lhist_bounds_wide(*min, *max, *step, i))
        }
    }
}
