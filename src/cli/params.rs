//! The script's named arguments (after `--`) against the `getopt()` calls
//! it makes: as in bpftrace, `-- --help` lists them (on stderr, exit 1) and
//! a name no `getopt()` reads is an error.

use sonde_compiler::Source;
use sonde_compiler::named_options::NamedOption;

/// What the named arguments ask for.
pub enum Verdict {
    /// Every name is one the script reads: compile and run.
    Run,
    /// `-- --help`, or a name the script does not read: this text goes to
    /// stderr and sonde exits 1.
    Refuse(String),
}

/// Checks `named` against the options the script reads (`declared`).
pub fn check(named: &[(String, Option<String>)], declared: &[NamedOption]) -> Verdict {
    let listing = || -> String {
        if declared.is_empty() {
            return "the script has no named arguments (it calls no getopt())".into();
        }
        let mut text = String::from("the script's named arguments (getopt()):");
        for option in declared {
            text.push_str("\n  ");
            text.push_str(&option.usage());
        }
        text
    };
    // `--help` is the script's own when it reads one, as in bpftrace.
    let reads = |name: &str| declared.iter().any(|o| o.name == name);
    if named.iter().any(|(n, v)| n == "help" && v.is_none()) && !reads("help") {
        return Verdict::Refuse(listing());
    }
    let unknown: Vec<String> = named
        .iter()
        .filter(|(name, _)| !reads(name))
        .map(|(name, _)| format!("--{name}"))
        .collect();
    if unknown.is_empty() {
        return Verdict::Run;
    }
    let nearest = unknown.first().and_then(|u| {
        sonde_compiler::diag::nearest(
            u.trim_start_matches('-'),
            declared.iter().map(|o| o.name.as_str()),
        )
    });
    let mut text = format!(
        "error: the script reads no named argument {} (no getopt() names {})\n",
        unknown.join(", "),
        if unknown.len() == 1 { "it" } else { "them" }
    );
    if let Some(n) = nearest {
        text.push_str(&format!("hint: did you mean --{n}?\n"));
    }
    text.push_str(&listing());
    Verdict::Refuse(text)
}

/// The named options `source` reads; a script that does not parse reads
/// none here (the compiler reports its errors next).
pub fn declared(source: &Source) -> Vec<NamedOption> {
    sonde_compiler::named_options::declared(source).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sonde_compiler::named_options::OptionKind;

    fn option(name: &str) -> NamedOption {
        NamedOption {
            name: name.into(),
            kind: OptionKind::Int(1),
            description: None,
        }
    }

    fn refusal(named: &[(&str, Option<&str>)], declared: &[NamedOption]) -> Option<String> {
        let named: Vec<(String, Option<String>)> = named
            .iter()
            .map(|(n, v)| (n.to_string(), v.map(str::to_string)))
            .collect();
        match check(&named, declared) {
            Verdict::Run => None,
            Verdict::Refuse(text) => Some(text),
        }
    }

    #[test]
    fn known_names_run() {
        assert!(refusal(&[("threshold", Some("5"))], &[option("threshold")]).is_none());
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_nearest_and_the_list() {
        let text = refusal(&[("treshold", Some("5"))], &[option("threshold")]).unwrap_or_default();
        assert!(text.contains("no named argument --treshold"), "{text}");
        assert!(text.contains("did you mean --threshold?"), "{text}");
        assert!(text.contains("--threshold=INT (default 1)"), "{text}");
    }

    #[test]
    fn help_lists_unless_the_script_reads_help() {
        let text = refusal(&[("help", None)], &[option("a")]).unwrap_or_default();
        assert!(text.contains("--a=INT"), "{text}");
        let none = refusal(&[("help", None)], &[]).unwrap_or_default();
        assert!(none.contains("no named arguments"), "{none}");
        assert!(refusal(&[("help", None)], &[option("help")]).is_none());
    }
}
