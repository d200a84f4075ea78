//! Histogram buckets as JSON rows.

use super::values::wide;
use crate::format::hist::extent;
use std::collections::BTreeMap;

/// `[{"min": a, "max": b, "count": c},...]` from the lowest to the highest
/// non-empty bucket, an open end omitted, rows joined by "," without a space
/// (bpftrace's arrays), bounds by the big-integer rule of `values::signed`.
pub(super) fn rows(
    buckets: &BTreeMap<u64, u64>,
    last: u64,
    bounds: impl Fn(u64) -> (Option<i128>, Option<i128>),
) -> String {
    let Some((low, high, _)) = extent(buckets, last) else {
        return "[]".to_string();
    };
    let rows: Vec<String> = (low..=high)
        .map(|index| {
            let (min, max) = bounds(index);
            let mut row = String::from("{");
            if let Some(min) = min {
                row.push_str(&format!("\"min\": {}, ", wide(min)));
            }
            if let Some(max) = max {
                row.push_str(&format!("\"max\": {}, ", wide(max)));
            }
            let count = buckets.get(&index).copied().unwrap_or(0);
            row.push_str(&format!("\"count\": {count}}}"));
            row
        })
        .collect();
    format!("[{}]", rows.join(","))
}
