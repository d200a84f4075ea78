//! `config = { key = value; ... }` blocks: options a script sets for itself,
//! as bpftrace's config block and environment variables do. Keys are written
//! short (`max_map_keys`) or as their variable (`BPFTRACE_MAX_MAP_KEYS`). The
//! environment wins over the block, as in bpftrace.

use crate::ast::{ConfigItem, ConfigValue};
use crate::diag::{Diagnostic, nearest};
use crate::options::Options;
use crate::script::{MissingProbes, StackMode, Unwind};

const KEYS: &[&str] = &[
    "max_map_keys",
    "missing_probes",
    "perf_rb_pages",
    "stack_mode",
    "ustack_unwind",
    "ustack_copy_bytes",
    "max_strlen",
    "print_maps_on_exit",
    "max_cat_bytes",
    "max_probes",
    "max_bpf_progs",
    "license",
    "cache_user_symbols",
    "cpp_demangle",
    "lazy_symbolication",
    "show_debug_info",
    "log_size",
    "on_stack_limit",
    "str_trunc_trailer",
    "unstable_map_decl",
    "unstable_tseries",
    "unstable_addr",
    "metrics",
    "unstable_dw_ustack",
];

/// Licenses bpftrace accepts (Sonde's programs are loaded as GPL whatever
/// the script says: the helpers it calls need a GPL-compatible license).
const LICENSES: &[&str] = &[
    "GPL",
    "GPL v2",
    "GPL and additional rights",
    "Dual BSD/GPL",
    "Dual MIT/GPL",
    "Dual MPL/GPL",
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

/// `BPFTRACE_MAX_MAP_KEYS`, `MAX_MAP_KEYS` → `max_map_keys`: bpftrace
/// takes a key as its variable, or that without `BPFTRACE_`, in any case.
fn short_name(key: &str) -> String {
    let lower = key.to_ascii_lowercase();
    lower
        .strip_prefix("bpftrace_")
        .map_or(lower.clone(), str::to_string)
}

/// A config boolean as bpftrace spells it: true/false, 1/0.
fn boolean(value: &ConfigValue) -> Option<bool> {
    match value {
        ConfigValue::Int(0) => Some(false),
        ConfigValue::Int(1) => Some(true),
        ConfigValue::Text(t) if t == "true" => Some(true),
        ConfigValue::Text(t) if t == "false" => Some(false),
        _ => None,
    }
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
                None => errors.push(bad("bpftrace, perf, raw, srcline or build_id")),
            },
            ("stack_mode", _) => errors.push(bad("bpftrace, perf, raw, srcline or build_id")),
            ("ustack_unwind", ConfigValue::Text(u)) if Unwind::from_name(u).is_some() => {
                options.ustack_unwind = Unwind::from_name(u).unwrap_or_default();
            }
            ("ustack_unwind", _) => errors.push(bad("fp or cfi")),
            ("ustack_copy_bytes", ConfigValue::Int(n))
                if (64..=u64::from(crate::script::MAX_USTACK_COPY_BYTES)).contains(n)
                    && n % 64 == 0 =>
            {
                options.ustack_copy_bytes = *n as u32;
            }
            ("ustack_copy_bytes", _) => errors.push(bad(&format!(
                "a multiple of 64 from 64 to {}",
                crate::script::MAX_USTACK_COPY_BYTES
            ))),
            ("max_strlen", ConfigValue::Int(n)) => match max_strlen(*n) {
                Some(n) => options.max_strlen = n,
                None => errors.push(bad(&format!(
                    "an integer from 8 to {}",
                    crate::script::MAX_STRING_SIZE
                ))),
            },
            ("max_strlen", _) => errors.push(bad("an integer")),
            ("print_maps_on_exit", value) => match boolean(value) {
                Some(b) => options.print_maps_on_exit = b,
                None => errors.push(bad("true or false")),
            },
            ("max_cat_bytes", ConfigValue::Int(n)) if *n > 0 => options.max_cat_bytes = *n,
            ("max_probes", ConfigValue::Int(n)) if *n > 0 => {
                options.max_probes = usize::try_from(*n).unwrap_or(usize::MAX);
            }
            ("max_bpf_progs", ConfigValue::Int(n)) if *n > 0 => {
                options.max_programs = usize::try_from(*n).unwrap_or(usize::MAX);
            }
            (
                "max_cat_bytes" | "max_probes" | "max_bpf_progs" | "log_size" | "on_stack_limit",
                ConfigValue::Int(_),
            ) => {
                if !matches!(key.as_str(), "log_size" | "on_stack_limit") {
                    errors.push(bad("a positive integer"));
                }
            }
            (
                "max_cat_bytes" | "max_probes" | "max_bpf_progs" | "log_size" | "on_stack_limit",
                _,
            ) => {
                errors.push(bad("an integer"));
            }
            ("license", ConfigValue::Text(l)) if LICENSES.contains(&l.as_str()) => {}
            ("license", _) => errors.push(bad(&format!("one of: {}", LICENSES.join(", ")))),
            ("cache_user_symbols", ConfigValue::Text(mode))
                if matches!(mode.as_str(), "PER_PROGRAM" | "PER_PID" | "NONE") => {}
            ("cache_user_symbols", _) => errors.push(bad("PER_PROGRAM, PER_PID or NONE")),
            ("cpp_demangle" | "lazy_symbolication" | "show_debug_info", value) => {
                if boolean(value).is_none() {
                    errors.push(bad("true or false"));
                }
            }
            ("str_trunc_trailer", ConfigValue::Text(t)) => options.str_trunc_trailer = t.clone(),
            ("str_trunc_trailer", _) => errors.push(bad("a string")),
            (
                "unstable_map_decl" | "unstable_tseries" | "unstable_addr" | "unstable_dw_ustack",
                ConfigValue::Text(v),
            ) if matches!(v.as_str(), "error" | "warn" | "enable") => {}
            (
                "unstable_map_decl" | "unstable_tseries" | "unstable_addr" | "unstable_dw_ustack",
                _,
            ) => {
                errors.push(bad("error, warn or enable"));
            }
            ("metrics", ConfigValue::Text(text)) => {
                match crate::script::endpoint::metrics_address(text) {
                    Ok(address) => options.metrics = Some(address),
                    Err(e) => errors.push(bad(&format!("an address to serve metrics on: {e}"))),
                }
            }
            ("metrics", _) => errors.push(bad("a string, \"PORT\" or \"ADDR:PORT\"")),
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
