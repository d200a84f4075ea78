//! `config = { key = value; ... }` blocks: options a script sets for itself,
//! as bpftrace's config block and environment variables do. Keys are written
//! short (`max_map_keys`) or as their variable (`BPFTRACE_MAX_MAP_KEYS`). The
//! environment wins over the block, as in bpftrace.

use crate::ast::{ConfigItem, ConfigValue};
use crate::diag::{Diagnostic, nearest};
use crate::script::{MissingProbes, StackMode};
use crate::sema::Options;

const KEYS: &[&str] = &[
    "max_map_keys",
    "missing_probes",
    "perf_rb_pages",
    "stack_mode",
    "max_strlen",
];

/// The environment variable of each config key.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("max_map_keys", "BPFTRACE_MAX_MAP_KEYS"),
    ("missing_probes", "BPFTRACE_MISSING_PROBES"),
    ("perf_rb_pages", "BPFTRACE_PERF_RB_PAGES"),
    ("stack_mode", "BPFTRACE_STACK_MODE"),
    ("max_strlen", "BPFTRACE_MAX_STRLEN"),
];

/// A `max_strlen` Sonde takes: 8 to `MAX_STRING_SIZE` bytes.
pub fn max_strlen(n: u64) -> Option<u32> {
    u32::try_from(n)
        .ok()
        .filter(|n| (8..=crate::script::MAX_STRING_SIZE).contains(n))
}

/// `BPFTRACE_MAX_MAP_KEYS` → `max_map_keys`; short names stay.
fn short_name(key: &str) -> String {
    ENVIRONMENT
        .iter()
        .find(|(_, var)| var.eq_ignore_ascii_case(key))
        .map_or_else(|| key.to_string(), |(short, _)| (*short).to_string())
}

/// Applies a script's config items to `options`.
pub fn apply(items: &[ConfigItem], options: &mut Options) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for item in items {
        let bad = |expected: &str| {
            Diagnostic::error(
                format!("config {} must be {expected}", item.key),
                item.span.clone(),
            )
            .with_label("bad value")
        };
        let key = short_name(&item.key);
        if options.set_by_environment.contains(&key.as_str()) {
            continue;
        }
        match (key.as_str(), &item.value) {
            ("max_map_keys", ConfigValue::Int(n)) => {
                match u32::try_from(*n).ok().filter(|n| *n > 0) {
                    Some(n) => options.max_map_keys = n,
                    None => errors.push(bad("a positive integer below 2^32")),
                }
            }
            ("perf_rb_pages", ConfigValue::Int(n)) => {
                match u32::try_from(*n).ok().filter(|n| *n > 0) {
                    Some(n) => options.ring_pages = Some(n),
                    None => errors.push(bad("a positive number of pages")),
                }
            }
            ("missing_probes", ConfigValue::Text(policy)) => match policy.as_str() {
                "error" => options.missing_probes = MissingProbes::Error,
                "warn" => options.missing_probes = MissingProbes::Warn,
                "ignore" => options.missing_probes = MissingProbes::Ignore,
                _ => errors.push(bad("\"error\", \"warn\" or \"ignore\"")),
            },
            ("stack_mode", ConfigValue::Text(mode)) => match StackMode::from_name(mode) {
                Some(mode) => options.stack_mode = mode,
                None => errors.push(bad("bpftrace, perf or raw")),
            },
            ("stack_mode", _) => errors.push(bad("bpftrace, perf or raw")),
            ("max_strlen", ConfigValue::Int(n)) => match max_strlen(*n) {
                Some(n) => options.max_strlen = n,
                None => errors.push(bad(&format!(
                    "an integer from 8 to {}",
                    crate::script::MAX_STRING_SIZE
                ))),
            },
            ("max_strlen", _) => errors.push(bad("an integer")),
            ("max_map_keys" | "perf_rb_pages", _) => errors.push(bad("an integer")),
            ("missing_probes", _) => errors.push(bad("\"error\", \"warn\" or \"ignore\"")),
            (key, _) => {
                let mut d =
                    Diagnostic::error(format!("unknown config key '{key}'"), item.span.clone())
                        .with_label("not a Sonde option");
                if let Some(n) = nearest(key, KEYS.iter().copied()) {
                    d = d.with_hint(format!("did you mean '{n}'?"));
                }
                errors.push(d.with_hint(format!("options: {}", KEYS.join(", "))));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
