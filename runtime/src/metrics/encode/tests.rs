use super::*;
use std::collections::BTreeMap;

fn spec(name: &str, kind: MapKind, keys: usize, names: &[Option<&str>]) -> MapSpec {
    MapSpec {
        bucket_sums: false,
        bpf_name: "m0".into(),
        name: name.into(),
        keys: vec![ValueKind::Int { signed: false }; keys],
        value: ValueKind::Int { signed: false },
        kind,
        max_entries: 16,
        declared: None,
        key32: false,
        key_names: names.iter().map(|n| n.map(str::to_string)).collect(),
    }
}

fn uint(bits: u64) -> Value {
    Value::Int {
        bits,
        signed: false,
    }
}

fn text(maps: Vec<(MapSpec, Vec<MapEntry>)>) -> String {
    let mut snapshot = Snapshot {
        maps,
        ..Snapshot::default()
    };
    encode(&mut snapshot).unwrap_or_default()
}

#[test]
fn a_keyless_count_is_a_counter_and_the_text_ends_with_eof() {
    let out = text(vec![(
        spec("@", MapKind::Count, 0, &[]),
        vec![MapEntry {
            keys: vec![],
            value: Merged::Value(uint(42)),
        }],
    )]);
    assert_eq!(
        out,
        "# HELP sonde_map @ (count())\n# TYPE sonde_map counter\nsonde_map_total 42\n# EOF\n"
    );
}

#[test]
fn keys_are_labels_named_by_their_expressions_and_escaped() {
    let mut s = spec("@calls", MapKind::Count, 2, &[Some("pid"), Some("comm")]);
    s.keys[1] = ValueKind::Str { size: 16 };
    let out = text(vec![(
        s,
        vec![MapEntry {
            keys: vec![uint(7), Value::Str(b"a\"b\\c\nd".to_vec())],
            value: Merged::Value(uint(3)),
        }],
    )]);
    assert!(
        out.contains("sonde_calls_total{pid=\"7\",comm=\"a\\\"b\\\\c\\nd\"} 3\n"),
        "{out}"
    );
}

#[test]
fn keys_without_a_usable_name_are_numbered() {
    // None, a name used twice, a reserved name, a name that is no label.
    let s = spec(
        "@x",
        MapKind::Plain,
        4,
        &[None, Some("le"), Some("a-b"), None],
    );
    assert_eq!(label_names(&s), ["key0", "key1", "key2", "key3"]);
    let s = spec("@x", MapKind::Plain, 2, &[Some("pid"), Some("pid")]);
    assert_eq!(label_names(&s), ["key0", "key1"]);
    assert_eq!(metric_name("@a.b"), "sonde_a_b");
}

#[test]
fn a_signed_sum_is_a_gauge_and_avg_a_pair() {
    let mut s = spec("@s", MapKind::Sum, 0, &[]);
    s.value = ValueKind::Int { signed: true };
    let out = text(vec![
        (
            s,
            vec![MapEntry {
                keys: vec![],
                value: Merged::Value(Value::Int {
                    bits: (-5i64) as u64,
                    signed: true,
                }),
            }],
        ),
        (
            spec("@lat", MapKind::Avg, 0, &[]),
            vec![MapEntry {
                keys: vec![],
                value: Merged::Avg {
                    total: 30,
                    count: 3,
                },
            }],
        ),
    ]);
    assert!(out.contains("# TYPE sonde_s gauge\nsonde_s -5\n"), "{out}");
    assert!(out.contains("sonde_lat_count 3\n"), "{out}");
    assert!(out.contains("sonde_lat_sum 30\n"), "{out}");
}

#[test]
fn hist_buckets_are_cumulative_with_integer_upper_bounds() {
    // hist(): index 2 + e is [2^e, 2^(e+1)); 0 is x < 0, 1 is 0.
    let buckets = BTreeMap::from([(3, 2), (5, 1), (0, 1)]);
    let out = text(vec![(
        spec("@h", MapKind::Hist { bits: 0 }, 0, &[]),
        vec![MapEntry {
            keys: vec![],
            value: Merged::Hist {
                sum: None,
                bits: 0,
                buckets,
            },
        }],
    )]);
    let expected = "# TYPE sonde_h histogram\n\
        sonde_h_sum NaN\n\
        sonde_h_count 4\n\
        sonde_h_bucket{le=\"-1.0\"} 1\n\
        sonde_h_bucket{le=\"0.0\"} 1\n\
        sonde_h_bucket{le=\"1.0\"} 1\n\
        sonde_h_bucket{le=\"3.0\"} 3\n\
        sonde_h_bucket{le=\"7.0\"} 3\n\
        sonde_h_bucket{le=\"15.0\"} 4\n\
        sonde_h_bucket{le=\"+Inf\"} 4\n";
    assert!(out.contains(expected), "{out}");
}

#[test]
fn lhist_overflow_counts_under_inf_and_the_range_only_grows() {
    let kind = MapKind::Lhist {
        min: 0,
        max: 30,
        step: 10,
    };
    let entry = |buckets: BTreeMap<u64, u64>| MapEntry {
        keys: vec![],
        value: Merged::Lhist {
            sum: None,
            min: 0,
            max: 30,
            step: 10,
            buckets,
        },
    };
    let mut snapshot = Snapshot {
        maps: vec![(
            spec("@l", kind, 0, &[]),
            vec![entry(BTreeMap::from([(2, 1), (4, 5)]))],
        )],
        ..Snapshot::default()
    };
    let first = encode(&mut snapshot).unwrap_or_default();
    assert!(
        first.contains(
            "sonde_l_count 6\nsonde_l_bucket{le=\"19.0\"} 1\nsonde_l_bucket{le=\"+Inf\"} 6\n"
        ),
        "{first}"
    );
    // A later scrape with nothing in bucket 2 still lists it.
    snapshot.maps[0].1 = vec![entry(BTreeMap::from([(1, 1)]))];
    let second = encode(&mut snapshot).unwrap_or_default();
    assert!(
        second.contains(
            "sonde_l_bucket{le=\"9.0\"} 1\nsonde_l_bucket{le=\"19.0\"} 1\nsonde_l_bucket{le=\"+Inf\"} 1\n"
        ),
        "{second}"
    );
}

#[test]
fn maps_of_strings_are_not_served() {
    let mut s = spec("@last", MapKind::Plain, 0, &[]);
    s.value = ValueKind::Str { size: 16 };
    let out = text(vec![(
        s,
        vec![MapEntry {
            keys: vec![],
            value: Merged::Value(Value::Str(b"bash".to_vec())),
        }],
    )]);
    assert_eq!(out, "# EOF\n");
}

#[test]
fn a_tseries_is_a_gauge_of_its_newest_interval() {
    let kind = MapKind::Tseries {
        interval_ns: 1_000_000_000,
        intervals: 3,
        agg: sonde_script::TseriesAgg::Sum,
    };
    let shape = crate::format::tseries::Shape {
        interval_ns: 1_000_000_000,
        intervals: 3,
        signed: true,
    };
    let series = |points: &[(u64, i128)]| Merged::Tseries {
        shape,
        points: points.iter().copied().collect(),
    };
    let out = text(vec![(
        spec("@rate", kind, 1, &[Some("cpu")]),
        vec![
            MapEntry {
                keys: vec![uint(0)],
                value: series(&[(100, 4), (101, -2)]),
            },
            // A zeroed key has no interval: no sample.
            MapEntry {
                keys: vec![uint(1)],
                value: series(&[]),
            },
        ],
    )]);
    assert!(
        out.contains("# TYPE sonde_rate gauge\nsonde_rate{cpu=\"0\"} -2\n"),
        "{out}"
    );
    assert!(!out.contains("cpu=\"1\""), "{out}");
}
