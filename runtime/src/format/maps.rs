//! Map printing as bpftrace does it: `@name: v` for scalars, `@name[k1, k2]: v`
//! for keyed maps; integer values sorted ascending by value, others by key.

use super::Value;
use sonde_compiler::script::MapSpec;
use std::cmp::Ordering;

pub struct Entry {
    pub keys: Vec<Value>,
    pub value: Value,
}

pub fn decode(spec: &MapSpec, raw: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<Entry> {
    raw.into_iter()
        .map(|(k, v)| Entry {
            keys: Value::decode_all(&spec.keys, &k),
            value: Value::decode(spec.value, &v),
        })
        .collect()
}

/// The map's lines; empty when the map is.
pub fn render(spec: &MapSpec, mut entries: Vec<Entry>) -> String {
    entries.sort_by(|a, b| match (&a.value, &b.value) {
        (Value::Int { .. }, Value::Int { .. }) => {
            compare(&a.value, &b.value).then_with(|| compare_keys(a, b))
        }
        _ => compare_keys(a, b),
    });
    let mut out = String::new();
    for e in entries {
        out.push_str(&spec.name);
        if !spec.keys.is_empty() {
            let keys: Vec<String> = e.keys.iter().map(Value::display).collect();
            out.push('[');
            out.push_str(&keys.join(", "));
            out.push(']');
        }
        out.push_str(": ");
        out.push_str(&e.value.display());
        out.push('\n');
    }
    out
}

fn compare_keys(a: &Entry, b: &Entry) -> Ordering {
    a.keys
        .iter()
        .zip(&b.keys)
        .map(|(x, y)| compare(x, y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (
            Value::Int {
                bits: x,
                signed: true,
            },
            Value::Int { bits: y, .. },
        ) => (*x as i64).cmp(&(*y as i64)),
        (Value::Int { bits: x, .. }, Value::Int { bits: y, .. }) => x.cmp(y),
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Int { .. }, Value::Str(_)) => Ordering::Less,
        (Value::Str(_), Value::Int { .. }) => Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sonde_compiler::script::{MapKind, ValueKind};

    fn spec(name: &str, keys: Vec<ValueKind>, value: ValueKind) -> MapSpec {
        MapSpec {
            bpf_name: "m0".into(),
            name: name.into(),
            keys,
            value,
            kind: MapKind::Plain,
            max_entries: 16,
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

    // Orders and shapes observed from bpftrace 0.17 for the same maps.
    #[test]
    fn keyed_integer_maps_sort_by_value() {
        let m = spec("@n", vec![ValueKind::Str], ValueKind::Int { signed: true });
        let entries = vec![
            Entry {
                keys: vec![s("sync")],
                value: int(3),
            },
            Entry {
                keys: vec![s("abc")],
                value: int(10),
            },
            Entry {
                keys: vec![s("zz")],
                value: int(1),
            },
        ];
        assert_eq!(render(&m, entries), "@n[zz]: 1\n@n[sync]: 3\n@n[abc]: 10\n");
    }

    #[test]
    fn scalars_multi_keys_and_strings() {
        let m = spec("@x", vec![], ValueKind::Int { signed: true });
        assert_eq!(
            render(
                &m,
                vec![Entry {
                    keys: vec![],
                    value: int(-7)
                }]
            ),
            "@x: -7\n"
        );
        let m = spec(
            "@",
            vec![ValueKind::Int { signed: true }, ValueKind::Str],
            ValueKind::Str,
        );
        let entries = vec![
            Entry {
                keys: vec![int(2), s("b")],
                value: s("v2"),
            },
            Entry {
                keys: vec![int(-1), s("a")],
                value: s("v1"),
            },
        ];
        assert_eq!(render(&m, entries), "@[-1, a]: v1\n@[2, b]: v2\n");
        assert_eq!(render(&m, vec![]), "");
    }

    #[test]
    fn decodes_layout() {
        let m = spec(
            "@m",
            vec![ValueKind::Int { signed: true }, ValueKind::Str],
            ValueKind::Int { signed: false },
        );
        let mut key = (-5i64).to_le_bytes().to_vec();
        let mut name = b"bash".to_vec();
        name.resize(64, 0);
        key.extend(name);
        let entries = decode(&m, vec![(key, 9u64.to_le_bytes().to_vec())]);
        assert_eq!(entries[0].keys, vec![int(-5), s("bash")]);
        assert_eq!(
            entries[0].value,
            Value::Int {
                bits: 9,
                signed: false
            }
        );
    }
}
