//! `config = { key = value; ... }` blocks: options a script sets for itself,
//! as bpftrace's config block and environment variables do. The block wins
//! over the environment.

use crate::ast::{ConfigItem, ConfigValue};
use crate::diag::{Diagnostic, nearest};
use crate::script::MissingProbes;
use crate::sema::Options;

const KEYS: &[&str] = &["max_map_keys", "missing_probes", "perf_rb_pages"];

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
        match (item.key.as_str(), &item.value) {
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
