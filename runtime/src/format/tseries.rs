//! `tseries()` maps as bpftrace 0.27.1 prints them: a chart per key in
//! text, a list of `{interval_start, value}` in JSON.
//!
//! A series is a set of intervals (epochs: wall-clock nanoseconds since
//! the Unix epoch divided by the interval) with a merged value each. What
//! is shown is measured from bpftrace 0.27.1's output, not taken from its
//! code:
//! - the window is the last `intervals` epochs ending at the newest epoch
//!   of the whole map (every key); when that would start before epoch 0,
//!   nothing is shown;
//! - a key's rows run from its first epoch inside the window to the end of
//!   the window; an epoch without a value is a row showing `-`;
//! - a key with no epoch in the window prints `<no data>` (a zeroed map);
//! - times are local; with two rows or more the interval picks their
//!   precision (at least 1 s: seconds, 1 ms: milliseconds, 1 us:
//!   microseconds, else nanoseconds); a single row shows nanoseconds;
//! - the chart's scale runs from the smallest to the largest value shown
//!   (one below and one above a single value, saturating at the type's
//!   bounds) over 53 columns; a value's column is `(v - min) * 52 / (max -
//!   min)`, rounded down; a `.` marks zero when the scale crosses it.

use super::values::strftime_at;
use sonde_script::TseriesAgg;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Columns of the chart, both edges included.
const COLUMNS: i128 = 53;

/// A tseries map's shape: from `tseries(value, interval, intervals[, agg])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub interval_ns: u64,
    pub intervals: u64,
    /// The values are signed integers (else unsigned 64-bit).
    pub signed: bool,
}

/// One key's series: epoch → merged value (an i64 or u64, as `Shape::signed`).
pub type Points = BTreeMap<u64, i128>;

/// The epochs shown for a map whose newest epoch (over all its keys) is
/// `newest`: `None` when the window would start before epoch 0.
pub fn window(shape: Shape, newest: u64) -> Option<(u64, u64)> {
    let back = shape.intervals.checked_sub(1)?;
    Some((newest.checked_sub(back)?, newest))
}

/// The newest epoch of every key of a map.
pub fn newest<'p>(series: impl IntoIterator<Item = &'p Points>) -> Option<u64> {
    series
        .into_iter()
        .filter_map(|p| p.keys().next_back().copied())
        .max()
}

/// The rows of one key: epochs from its first inside the window to the
/// window's end, each with its value if it has one. A key whose values are
/// all older than the window shows the window's last epoch, empty.
fn rows(points: &Points, window: Option<(u64, u64)>) -> Vec<(u64, Option<i128>)> {
    let Some((start, end)) = window else {
        return Vec::new();
    };
    let first = points.range(start..=end).next().map_or(end, |(e, _)| *e);
    (first..=end)
        .map(|e| (e, points.get(&e).copied()))
        .collect()
}

/// One interval slot's per-CPU copies, each `[epoch, value, aux]` (see
/// `MapKind::Tseries`), merged: the newest epoch any CPU holds, with the
/// values of the CPUs that hold it combined by `agg`. None when no CPU
/// has written the slot (epoch 0).
pub fn merge_slot(agg: TseriesAgg, signed: bool, copies: &[[u64; 3]]) -> Option<(u64, i128)> {
    let epoch = copies.iter().map(|c| c[0]).max().filter(|e| *e != 0)?;
    let current: Vec<&[u64; 3]> = copies.iter().filter(|c| c[0] == epoch).collect();
    let wide = |v: u64| {
        if signed {
            i128::from(v as i64)
        } else {
            i128::from(v)
        }
    };
    let values = current.iter().map(|c| wide(c[1]));
    let value = match agg {
        // The latest write: the largest clock in aux.
        TseriesAgg::Last => current.iter().max_by_key(|c| c[2]).map(|c| wide(c[1]))?,
        TseriesAgg::Max => values.max()?,
        TseriesAgg::Min => values.min()?,
        // Sums wrap at 64 bits, as each CPU's did.
        TseriesAgg::Sum => wide(current.iter().fold(0u64, |t, c| t.wrapping_add(c[1]))),
        TseriesAgg::Avg => {
            let total = current.iter().fold(0u64, |t, c| t.wrapping_add(c[1]));
            let count: u64 = current.iter().map(|c| c[2]).sum();
            if count == 0 {
                return None;
            }
            let total = wide(total);
            // Truncating, as bpftrace's avg.
            total / i128::from(count)
        }
    };
    Some((epoch, value))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Precision {
    Seconds,
    Millis,
    Micros,
    Nanos,
}

impl Precision {
    fn of(shape: Shape, rows: usize) -> Precision {
        match shape.interval_ns {
            _ if rows < 2 => Precision::Nanos,
            i if i >= 1_000_000_000 => Precision::Seconds,
            i if i >= 1_000_000 => Precision::Millis,
            i if i >= 1_000 => Precision::Micros,
            _ => Precision::Nanos,
        }
    }

    /// The column heading; padded by bytes, so "μs" (two bytes) leaves
    /// the heading one column short, as bpftrace's.
    fn heading(self) -> &'static str {
        match self {
            Precision::Seconds => "hh:mm:ss",
            Precision::Millis => "hh:mm:ss.ms",
            Precision::Micros => "hh:mm:ss.μs",
            Precision::Nanos => "hh:mm:ss.ns",
        }
    }

    fn width(self) -> usize {
        match self {
            Precision::Seconds => 8,
            Precision::Millis => 12,
            Precision::Micros => 15,
            Precision::Nanos => 18,
        }
    }

    fn label(self, wall_ns: u64) -> String {
        let hms = strftime_at("%H:%M:%S", wall_ns, 0);
        let fraction = wall_ns % 1_000_000_000;
        match self {
            Precision::Seconds => hms,
            Precision::Millis => format!("{hms}.{:03}", fraction / 1_000_000),
            Precision::Micros => format!("{hms}.{:06}", fraction / 1_000),
            Precision::Nanos => format!("{hms}.{fraction:09}"),
        }
    }
}

fn number(v: i128) -> String {
    v.to_string()
}

/// The scale: smallest and largest value shown, widened around a single value.
fn scale(shape: Shape, values: impl Iterator<Item = i128>) -> Option<(i128, i128)> {
    let (lowest, highest) = if shape.signed {
        (i128::from(i64::MIN), i128::from(i64::MAX))
    } else {
        (0, i128::from(u64::MAX))
    };
    let mut values = values.peekable();
    values.peek()?;
    let (min, max) = values.fold((i128::MAX, i128::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if min == max {
        return Some(((min - 1).max(lowest), (max + 1).min(highest)));
    }
    Some((min, max))
}

fn column(v: i128, min: i128, max: i128) -> usize {
    usize::try_from((v - min) * (COLUMNS - 1) / (max - min)).unwrap_or(0)
}

/// The text of one key: `header` (`@m[k]:`), then its chart and a blank
/// line, or `<no data>`.
pub fn text(shape: Shape, header: &str, points: &Points, window: Option<(u64, u64)>) -> String {
    let mut out = format!("{header}\n");
    let rows = rows(points, window);
    if rows.is_empty() || points.is_empty() {
        out.push_str("<no data>\n");
        return out;
    }
    // No value inside the window: no scale, its ends shown as `null`.
    let scale = scale(shape, rows.iter().filter_map(|(_, v)| *v));
    let precision = Precision::of(shape, rows.len());
    let indent = " ".repeat(precision.width() + 1);
    let (min, max) = scale.unwrap_or((0, 1));
    let (min_text, max_text) = match scale {
        Some(_) => (number(min), number(max)),
        None => ("null".to_string(), "null".to_string()),
    };
    let bounds = format!(
        "{indent}{min_text}{max_text:>width$}\n",
        width = (COLUMNS as usize).saturating_sub(min_text.len())
    );
    let rule = "_".repeat(COLUMNS as usize - 2);
    out.push_str(&bounds);
    let heading = precision.heading();
    let padding = (precision.width() + 1).saturating_sub(heading.len());
    let _ = writeln!(out, "{heading}{}|{rule}|", " ".repeat(padding));
    let zero = (min < 0 && 0 < max).then(|| column(0, min, max));
    for (epoch, value) in &rows {
        let mut chart = vec![b' '; COLUMNS as usize];
        chart[0] = b'|';
        chart[COLUMNS as usize - 1] = b'|';
        if let Some(z) = zero {
            chart[z] = b'.';
        }
        if let Some(v) = value {
            chart[column(*v, min, max)] = b'*';
        }
        let wall = epoch.wrapping_mul(shape.interval_ns);
        let shown = value.map_or_else(|| "-".to_string(), number);
        let _ = writeln!(
            out,
            "{} {} {shown}",
            precision.label(wall),
            String::from_utf8_lossy(&chart)
        );
    }
    let _ = writeln!(out, "{indent}v{rule}v");
    out.push_str(&bounds);
    out.push('\n');
    out
}

/// The JSON list of one key: the intervals with a value in the window,
/// oldest first (`[]` for none).
pub fn json(shape: Shape, points: &Points, window: Option<(u64, u64)>) -> String {
    let items: Vec<String> = rows(points, window)
        .into_iter()
        .filter_map(|(epoch, v)| {
            let wall = epoch.wrapping_mul(shape.interval_ns);
            let start = strftime_at("%Y-%m-%d %H:%M:%S", wall, 0);
            v.map(|v| {
                format!(
                    "{{\"interval_start\":\"{start}.{:09}\",\"value\":{v}}}",
                    wall % 1_000_000_000
                )
            })
        })
        .collect();
    format!("[{}]", items.join(","))
}

#[cfg(test)]
#[path = "tests/tseries.rs"]
mod tests;
