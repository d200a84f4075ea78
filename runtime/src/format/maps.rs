//! Map printing as bpftrace does it: `@name: v` for scalars, `@name[k1, k2]: v`
//! for keyed maps; sorted by value (count, sum, min, max, plain integers), by
//! average (avg, stats), by total count (hist, lhist, as bpftrace 0.27) or by
//! key (strings).

use super::{MapEntry, Merged, Value, average, hist, tseries};
use sonde_script::MapSpec;
use std::cmp::Ordering;

/// Sorts entries the way bpftrace prints them.
pub fn sort(entries: &mut [MapEntry]) {
    entries.sort_by(|a, b| match (sort_value(&a.value), sort_value(&b.value)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| compare_keys(a, b)),
        _ => compare_keys(a, b),
    });
}

/// What an entry sorts by, when it sorts by value.
fn sort_value(v: &Merged) -> Option<i128> {
    match v {
        // Pointers and enums sort by their numbers.
        Merged::Value(v) if v.int_bits().is_some() => v.int_bits().map(as_wide),
        Merged::Avg { total, count } | Merged::Stats { total, count } => {
            Some(i128::from(average(*total, *count)))
        }
        Merged::Hist { buckets, .. } | Merged::Lhist { buckets, .. } => {
            Some(buckets.values().map(|c| i128::from(*c)).sum())
        }
        // By key, as bpftrace prints them.
        Merged::Value(_) | Merged::Tseries { .. } => None,
    }
}

/// The intervals a tseries map shows: the last of its shape's count,
/// ending at the newest any of its keys has (see `tseries::window`).
pub fn tseries_window(entries: &[MapEntry]) -> Option<(u64, u64)> {
    let shape = entries.iter().find_map(|e| match &e.value {
        Merged::Tseries { shape, .. } => Some(*shape),
        _ => None,
    })?;
    let newest = tseries::newest(entries.iter().filter_map(|e| match &e.value {
        Merged::Tseries { points, .. } => Some(points),
        _ => None,
    }))?;
    tseries::window(shape, newest)
}

/// An integer's value from its bits and signedness.
fn as_wide((bits, signed): (u64, bool)) -> i128 {
    if signed {
        i128::from(bits as i64)
    } else {
        i128::from(bits)
    }
}

/// Keeps the `top` largest entries of sorted entries (0 keeps all) and divides
/// the values by `div`, as `print(@m, top, div)` does.
pub fn top_and_div(entries: &mut Vec<MapEntry>, top: usize, div: u64) {
    if top > 0 && entries.len() > top {
        entries.drain(..entries.len() - top);
    }
    if div > 1 {
        for e in entries.iter_mut() {
            match &mut e.value {
                Merged::Value(Value::Int { bits, signed: true }) => {
                    *bits = ((*bits as i64) / div as i64) as u64
                }
                Merged::Value(Value::Int { bits, .. }) => *bits /= div,
                Merged::Avg { total, .. } | Merged::Stats { total, .. } => *total /= div as i64,
                _ => {}
            }
        }
    }
}

/// The map's text; empty when the map is. Entries must be sorted already.
pub fn render(spec: &MapSpec, entries: &[MapEntry]) -> String {
    let mut out = String::new();
    let window = tseries_window(entries);
    for e in entries {
        let mut name = spec.name.clone();
        if !spec.keys.is_empty() {
            let keys: Vec<String> = e.keys.iter().map(Value::display).collect();
            name.push('[');
            name.push_str(&keys.join(", "));
            name.push(']');
        }
        if let Merged::Tseries { shape, points } = &e.value {
            // The chart ends in its own blank line; `<no data>` has none.
            out.push_str(&tseries::text(*shape, &format!("{name}:"), points, window));
            continue;
        }
        out.push_str(&name);
        // Histograms start on the next line, after a bare ':' (current
        // bpftrace; 0.17 left a space there).
        if matches!(e.value, Merged::Hist { .. } | Merged::Lhist { .. }) {
            out.push(':');
        } else {
            out.push_str(": ");
        }
        match &e.value {
            Merged::Value(v) => out.push_str(&v.display()),
            Merged::Avg { total, count } => {
                out.push_str(&average(*total, *count).to_string());
            }
            Merged::Stats { total, count } => {
                out.push_str(&format!(
                    "{{ .count = {count}, .average = {}, .total = {total} }}",
                    average(*total, *count)
                ));
            }
            Merged::Hist { bits, buckets, .. } => {
                out.push('\n');
                out.push_str(&hist::render_hist_bits(*bits, buckets));
            }
            Merged::Lhist {
                min,
                max,
                step,
                buckets,
                ..
            } => {
                out.push('\n');
                out.push_str(&hist::render_lhist(*min, *max, *step, buckets));
            }
            Merged::Tseries { .. } => {}
        }
        out.push('\n');
    }
    out
}

fn compare_keys(a: &MapEntry, b: &MapEntry) -> Ordering {
    a.keys
        .iter()
        .zip(&b.keys)
        .map(|(x, y)| compare(x, y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

fn compare(a: &Value, b: &Value) -> Ordering {
    // Integers, pointers and enums by their numbers.
    if let (Some((x, signed)), Some((y, _))) = (a.int_bits(), b.int_bits()) {
        return if signed {
            (x as i64).cmp(&(y as i64))
        } else {
            x.cmp(&y)
        };
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) | (Value::Buffer(x), Value::Buffer(y)) => x.cmp(y),
        (Value::Timestamp { ns: x, .. }, Value::Timestamp { ns: y, .. }) => x.cmp(y),
        (
            Value::Inet {
                family: f,
                address: x,
            },
            Value::Inet {
                family: g,
                address: y,
            },
        ) => (f, x).cmp(&(g, y)),
        (Value::MacAddr(x), Value::MacAddr(y)) => x.cmp(y),
        (Value::Tuple(x), Value::Tuple(y)) => x
            .iter()
            .zip(y)
            .map(|(a, b)| compare(a, b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
        (Value::Tuple(_), _) => Ordering::Greater,
        (_, Value::Tuple(_)) => Ordering::Less,
        (Value::Int { .. }, _) => Ordering::Less,
        (_, Value::Int { .. }) => Ordering::Greater,
        // Resolved before sorting; unresolved ones by their text.
        (Value::Symbolic(_), _) | (_, Value::Symbolic(_)) => a.display().cmp(&b.display()),
        // A map's keys in one slot all have one kind: any order will do.
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sonde_script::{MapKind, ValueKind};

    fn spec(name: &str, keys: Vec<ValueKind>, kind: MapKind) -> MapSpec {
        MapSpec {
            bucket_sums: false,
            bpf_name: "m0".into(),
            name: name.into(),
            keys,
            value: ValueKind::Int { signed: true },
            kind,
            max_entries: 16,
            declared: None,
            key32: false,
            key_names: Vec::new(),
        }
    }

    fn int(v: i64) -> Value {
        Value::Int {
            bits: v as u64,
            signed: true,
        }
    }

    fn s(text: &str) -> Value {
        Value::Str(text.as_bytes().to_vec())
    }

    fn entry(keys: Vec<Value>, value: Merged) -> MapEntry {
        MapEntry { keys, value }
    }

    fn printed(spec: &MapSpec, mut entries: Vec<MapEntry>) -> String {
        sort(&mut entries);
        render(spec, &entries)
    }

    // Orders and shapes observed from bpftrace 0.17 for the same maps.
    #[test]
    fn keyed_integer_maps_sort_by_value() {
        let m = spec("@n", vec![ValueKind::Str { size: 64 }], MapKind::Plain);
        let entries = vec![
            entry(vec![s("sync")], Merged::Value(int(3))),
            entry(vec![s("abc")], Merged::Value(int(10))),
            entry(vec![s("zz")], Merged::Value(int(1))),
        ];
        assert_eq!(
            printed(&m, entries),
            "@n[zz]: 1\n@n[sync]: 3\n@n[abc]: 10\n"
        );
    }

    #[test]
    fn scalars_multi_keys_and_strings() {
        let m = spec("@x", vec![], MapKind::Plain);
        assert_eq!(
            printed(&m, vec![entry(vec![], Merged::Value(int(-7)))]),
            "@x: -7\n"
        );
        let m = spec(
            "@",
            vec![ValueKind::Int { signed: true }, ValueKind::Str { size: 64 }],
            MapKind::Plain,
        );
        let entries = vec![
            entry(vec![int(2), s("b")], Merged::Value(s("v2"))),
            entry(vec![int(-1), s("a")], Merged::Value(s("v1"))),
        ];
        assert_eq!(printed(&m, entries), "@[-1, a]: v1\n@[2, b]: v2\n");
        assert_eq!(printed(&m, vec![]), "");
    }

    #[test]
    fn avg_and_stats_print_their_average() {
        // bpftrace: avg(-7), avg(2) prints "@a: -2" (integer division); 0.27
        // prints no blank line after (0.17 did).
        let m = spec("@a", vec![], MapKind::Avg);
        assert_eq!(
            printed(
                &m,
                vec![entry(
                    vec![],
                    Merged::Avg {
                        total: -5,
                        count: 2
                    }
                )]
            ),
            "@a: -2\n"
        );
        let m = spec("@st", vec![], MapKind::Stats);
        assert_eq!(
            printed(
                &m,
                vec![entry(
                    vec![],
                    Merged::Stats {
                        total: 30,
                        count: 2
                    }
                )]
            ),
            "@st: { .count = 2, .average = 15, .total = 30 }\n"
        );
    }

    #[test]
    fn top_keeps_the_largest_and_div_divides() {
        let mut entries = vec![
            entry(vec![s("a")], Merged::Value(int(10))),
            entry(vec![s("b")], Merged::Value(int(30))),
            entry(vec![s("c")], Merged::Value(int(20))),
        ];
        sort(&mut entries);
        top_and_div(&mut entries, 2, 10);
        let m = spec("@m", vec![ValueKind::Str { size: 64 }], MapKind::Count);
        assert_eq!(render(&m, &entries), "@m[c]: 2\n@m[b]: 3\n");
    }

    fn color(bits: u64) -> Value {
        let names = vec![(0, "RED".to_string()), (5, "GREEN".to_string())];
        Value::decode(
            &ValueKind::Enum {
                signed: false,
                names,
            },
            &bits.to_le_bytes(),
        )
    }

    // bpftrace 0.27.1: `@p[(uint8 *)4096] = (uint8 *)1234; @z = (uint8 *)0;`
    // and `enum color { RED, GREEN = 5 }; @e[GREEN] = (enum color)0; @n = (enum color)$nine;`.
    #[test]
    fn pointers_print_in_hex_and_enums_by_name() {
        let pointer = |bits: u64| Value::decode(&ValueKind::Pointer, &bits.to_le_bytes());
        let keyed = spec("@p", vec![ValueKind::Pointer], MapKind::Plain);
        let entries = vec![entry(vec![pointer(4096)], Merged::Value(pointer(1234)))];
        assert_eq!(
            printed(&keyed, entries),
            "@p[0x1000]: 0x4d2
"
        );
        let scalar = spec("@z", vec![], MapKind::Plain);
        let zero = vec![entry(vec![], Merged::Value(pointer(0)))];
        assert_eq!(
            printed(&scalar, zero),
            "@z: 0x0
"
        );
        let by_enum = spec("@e", vec![ValueKind::Int { signed: true }], MapKind::Plain);
        let entries = vec![entry(vec![color(5)], Merged::Value(color(0)))];
        let text = printed(&by_enum, entries);
        assert_eq!(
            text,
            "@e[GREEN]: RED
"
        );
        let unnamed = vec![entry(vec![], Merged::Value(color(9)))];
        assert_eq!(
            printed(&scalar, unnamed),
            "@z: 9
"
        );
        let tuple = Value::Tuple(vec![int(1), color(0), pointer(255)]);
        assert_eq!(tuple.display(), "(1, RED, 0xff)");
    }

    #[test]
    fn pointers_and_enums_sort_by_their_numbers() {
        let m = spec("@m", vec![ValueKind::Str { size: 64 }], MapKind::Plain);
        let entries = vec![
            entry(vec![s("a")], Merged::Value(color(5))),
            entry(vec![s("b")], Merged::Value(color(0))),
            entry(vec![s("c")], Merged::Value(color(3))),
        ];
        assert_eq!(printed(&m, entries), "@m[b]: RED\n@m[c]: 3\n@m[a]: GREEN\n");
        let keys = spec("@k", vec![ValueKind::Pointer], MapKind::Plain);
        let pointer = |bits: u64| Value::Pointer(bits);
        let entries = vec![
            entry(vec![pointer(0x20)], Merged::Value(int(1))),
            entry(vec![pointer(0x3)], Merged::Value(int(1))),
        ];
        assert_eq!(printed(&keys, entries), "@k[0x3]: 1\n@k[0x20]: 1\n");
    }
}
