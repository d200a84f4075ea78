//! Options from the environment, named as bpftrace names them: the
//! `BPFTRACE_*` form of every config key Sonde acts on. They win over a
//! script's config block, as in bpftrace. (Keys Sonde accepts without
//! effect, such as `BPFTRACE_CPP_DEMANGLE`, have nothing to read here.)

use sonde_compiler::Options;
use sonde_compiler::script::{MissingProbes, StackMode};

/// `options` with what the environment sets (an unset variable leaves the
/// default); a value bpftrace would refuse is an error naming the variable.
pub fn compile_options() -> Result<Options, String> {
    options_from(|var| std::env::var(var).ok())
}

/// The same, reading variables through `get` (tests).
fn options_from(get: impl Fn(&str) -> Option<String>) -> Result<Options, String> {
    let mut options = Options::default();
    let positive = |var: &str, text: &str| {
        text.trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{var}={text} is not a positive integer"))
    };
    let small = |var: &str, n: u64| {
        u32::try_from(n).map_err(|_| format!("{var}={n} is too large (at most {})", u32::MAX))
    };
    // The first variable of each list that is set; the later names are older bpftrace's.
    let first = |vars: &[&'static str]| {
        vars.iter()
            .find_map(|var| get(var).map(|text| (*var, text)))
    };
    let mut chosen: Vec<&'static str> = Vec::new();
    if let Some((var, text)) = first(&["BPFTRACE_MAX_MAP_KEYS", "BPFTRACE_MAP_KEYS_MAX"]) {
        options.max_map_keys = small(var, positive(var, &text)?)?;
        chosen.push("max_map_keys");
    }
    // BPFTRACE_STRLEN is bpftrace 0.17's name for it.
    if let Some((var, text)) = first(&["BPFTRACE_MAX_STRLEN", "BPFTRACE_STRLEN"]) {
        options.max_strlen = text
            .trim()
            .parse::<u64>()
            .ok()
            .and_then(sonde_compiler::config::max_strlen)
            .ok_or_else(|| {
                format!(
                    "{var}={text} is not an integer from 8 to {}",
                    sonde_compiler::script::MAX_STRING_SIZE
                )
            })?;
        chosen.push("max_strlen");
    }
    if let Some((var, text)) = first(&["BPFTRACE_PERF_RB_PAGES"]) {
        options.ring_pages = Some(small(var, positive(var, &text)?)?);
        chosen.push("perf_rb_pages");
    }
    if let Some((var, text)) = first(&["BPFTRACE_MISSING_PROBES"]) {
        options.missing_probes = match text.trim() {
            "error" => MissingProbes::Error,
            "warn" => MissingProbes::Warn,
            "ignore" => MissingProbes::Ignore,
            other => return Err(format!("{var}={other} is not error, warn or ignore")),
        };
        chosen.push("missing_probes");
    }
    if let Some((var, text)) = first(&["BPFTRACE_STACK_MODE"]) {
        options.stack_mode = StackMode::from_name(text.trim()).ok_or_else(|| {
            format!("{var}={text} is not bpftrace, perf, raw, srcline or build_id")
        })?;
        chosen.push("stack_mode");
    }
    if let Some((var, text)) = first(&["BPFTRACE_PRINT_MAPS_ON_EXIT"]) {
        options.print_maps_on_exit = match text.trim() {
            "1" | "true" => true,
            "0" | "false" => false,
            _ => return Err(format!("{var}={text} is not true, false, 1 or 0")),
        };
        chosen.push("print_maps_on_exit");
    }
    if let Some((_, text)) = first(&["BPFTRACE_STR_TRUNC_TRAILER"]) {
        options.str_trunc_trailer = text;
        chosen.push("str_trunc_trailer");
    }
    if let Some((var, text)) = first(&["BPFTRACE_MAX_CAT_BYTES"]) {
        options.max_cat_bytes = positive(var, &text)?;
        chosen.push("max_cat_bytes");
    }
    if let Some((var, text)) = first(&["BPFTRACE_MAX_PROBES"]) {
        options.max_probes = usize::try_from(positive(var, &text)?).unwrap_or(usize::MAX);
        chosen.push("max_probes");
    }
    if let Some((var, text)) = first(&["BPFTRACE_MAX_BPF_PROGS"]) {
        options.max_programs = usize::try_from(positive(var, &text)?).unwrap_or(usize::MAX);
        chosen.push("max_bpf_progs");
    }
    // Sonde's own: bpftrace has no metrics endpoint.
    if let Some((var, text)) = first(&["SONDE_METRICS"]) {
        let address = sonde_compiler::script::endpoint::metrics_address(&text)
            .map_err(|e| format!("{var}={text}: {e}"))?;
        options.metrics = Some(address);
        chosen.push("metrics");
    }
    options.set_by_environment.extend(chosen);
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Options, String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        options_from(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn every_key_has_its_variable() -> Result<(), String> {
        let o = with(&[
            ("BPFTRACE_MAX_MAP_KEYS", "10"),
            ("BPFTRACE_MAX_STRLEN", "100"),
            ("BPFTRACE_PERF_RB_PAGES", "8"),
            ("BPFTRACE_MISSING_PROBES", "warn"),
            ("BPFTRACE_STACK_MODE", "perf"),
            ("BPFTRACE_PRINT_MAPS_ON_EXIT", "0"),
            ("BPFTRACE_MAX_CAT_BYTES", "5"),
            ("BPFTRACE_MAX_PROBES", "3"),
            ("BPFTRACE_MAX_BPF_PROGS", "2"),
            ("SONDE_METRICS", "9100"),
        ])?;
        assert_eq!(o.max_map_keys, 10);
        assert_eq!(o.max_strlen, 100);
        assert_eq!(o.ring_pages, Some(8));
        assert_eq!(o.missing_probes, MissingProbes::Warn);
        assert!(!o.print_maps_on_exit);
        assert_eq!(o.max_cat_bytes, 5);
        assert_eq!(o.max_probes, 3);
        assert_eq!(o.max_programs, 2);
        assert_eq!(
            o.metrics.map(|a| a.to_string()).as_deref(),
            Some("127.0.0.1:9100")
        );
        assert_eq!(o.set_by_environment.len(), 10);
        Ok(())
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("BPFTRACE_PRINT_MAPS_ON_EXIT", "maybe"),
            ("BPFTRACE_MAX_PROBES", "0"),
            ("BPFTRACE_MAX_CAT_BYTES", "-1"),
            ("BPFTRACE_MAX_MAP_KEYS", "99999999999"),
            ("SONDE_METRICS", "nowhere:1"),
        ] {
            let e = with(&[(var, value)]).err().unwrap_or_default();
            assert!(e.starts_with(var), "{var}: {e}");
        }
    }

    #[test]
    fn nothing_set_is_the_defaults() -> Result<(), String> {
        let o = with(&[])?;
        assert!(o.set_by_environment.is_empty());
        assert!(o.print_maps_on_exit);
        Ok(())
    }
}
