//! `--generate KIND`: the manual page and the shell completions, made from
//! the command line's own definition (clap_mangen, clap_complete) so they
//! cannot drift from it, plus a language summary made from the compiler's
//! tables (probe kinds, builtin variables, functions' usage).

use super::args::Cli;
use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;
use clap_mangen::roff::{Roff, bold, italic, roman};
use sonde_compiler::builtins::{Builtin, Function};
use std::io::Write;

/// What `--generate` writes on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generated {
    /// The manual page, sonde(8), in roff.
    Man,
    /// A bash completion script.
    Bash,
    /// A zsh completion script.
    Zsh,
    /// A fish completion script.
    Fish,
}

pub fn write(what: Generated, out: &mut dyn Write) -> std::io::Result<()> {
    let mut command = Cli::command();
    match what {
        Generated::Man => manual(command, out),
        Generated::Bash => {
            let mut script = Vec::new();
            clap_complete::generate(Shell::Bash, &mut command, "sonde", &mut script);
            out.write_all(&bash_with_probe_kinds(&String::from_utf8_lossy(&script)).into_bytes())
        }
        Generated::Zsh => {
            clap_complete::generate(Shell::Zsh, &mut command, "sonde", out);
            Ok(())
        }
        Generated::Fish => {
            clap_complete::generate(Shell::Fish, &mut command, "sonde", out);
            writeln!(
                out,
                "complete -c sonde -n '__fish_seen_argument -s l -l list' -f -a '{}'",
                probe_kinds().join(" ")
            )
        }
    }
}

/// `tracepoint:`, `t:`, ... : what a probe's text starts with.
fn probe_kinds() -> Vec<String> {
    let mut words = Vec::new();
    for (kind, alias) in sonde_compiler::probes::kinds() {
        if matches!(*kind, "BEGIN" | "END") {
            words.push(kind.to_string());
            continue;
        }
        words.push(format!("{kind}:"));
        if !alias.is_empty() {
            words.push(format!("{alias}:"));
        }
    }
    words
}

/// clap's bash completion knows `-l` as a flag; after it, the word is a
/// probe pattern, so offer the probe kinds there (without the trailing
/// space, as the pattern goes on) and leave every other word to clap's
/// function, which the registration now reaches through this one.
fn bash_with_probe_kinds(generated: &str) -> String {
    let wrapper = format!(
        r#"_sonde_with_probes() {{
    local prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    case "$prev" in
        -l|--list|-lv|-vl)
            COMPREPLY=( $(compgen -W "{kinds}" -- "${{COMP_WORDS[COMP_CWORD]}}") )
            compopt -o nospace 2>/dev/null
            return 0
            ;;
    esac
    _sonde "$@"
}}

"#,
        kinds = probe_kinds().join(" ")
    );
    wrapper + &generated.replace("-F _sonde ", "-F _sonde_with_probes ")
}

fn manual(command: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command).section("8");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    language(&mut page)?;
    man.render_extra_section(&mut page)?;
    man.render_version_section(&mut page)?;
    // Each section rendered alone repeats roff's preamble (the two lines
    // defining the apostrophe string): keep its first copy.
    let page = String::from_utf8_lossy(&page);
    let mut seen = std::collections::HashSet::new();
    for line in page.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if !preamble || seen.insert(line) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The language in brief, from the compiler's own tables; the whole of it
/// is docs/reference.md.
fn language(out: &mut dyn Write) -> std::io::Result<()> {
    let mut roff = Roff::new();
    roff.control("SH", ["LANGUAGE"]);
    roff.text([roman(
        "A script is a list of probes, each an attach point, an optional /filter/ \
         and a block of statements: ",
    )]);
    roff.text([bold(
        "kind:target:function /pid == 42/ { @calls[comm] = count(); }",
    )]);
    roff.text([roman(
        ". $name is a scratch variable of the probe, @name a map shared by all probes \
         and printed at exit. The language is bpftrace's; see the reference \
         (docs/reference.md in Sonde's source) for every construct.",
    )]);
    roff.control("SH", ["PROBE KINDS"]);
    for (kind, alias) in sonde_compiler::probes::kinds() {
        roff.control("TP", []);
        if alias.is_empty() {
            roff.text([bold(*kind)]);
        } else {
            roff.text([bold(*kind), roman(format!(" (short form {alias})"))]);
        }
    }
    roff.control("SH", ["BUILTIN VARIABLES"]);
    roff.text([roman(Builtin::names().collect::<Vec<_>>().join(", "))]);
    roff.control("SH", ["FUNCTIONS"]);
    for function in Function::ALL {
        let decl = function.decl();
        roff.control("TP", []);
        roff.text([bold(decl.name)]);
        roff.text([roman("usage: "), italic(decl.usage)]);
        if decl.is_unsafe {
            roff.text([roman(" (needs --unsafe)")]);
        }
    }
    roff.to_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(what: Generated) -> String {
        let mut out = Vec::new();
        write(what, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_manual_has_options_and_the_language() {
        let man = generated(Generated::Man);
        assert!(
            man.lines().any(|l| l.starts_with(".TH sonde 8")),
            "no title line"
        );
        for needle in [
            ".SH OPTIONS",
            "\\-\\-quiet",
            "PROBE KINDS",
            "tracepoint",
            "printf",
        ] {
            assert!(man.contains(needle), "the manual lacks {needle}");
        }
    }

    #[test]
    fn bash_completion_registers_the_probe_kind_wrapper() {
        let bash = generated(Generated::Bash);
        assert!(bash.contains("_sonde_with_probes() {"));
        assert!(bash.contains("complete -F _sonde_with_probes"));
        assert!(
            !bash.contains("-F _sonde "),
            "clap's own registration is left"
        );
        assert!(bash.contains("tracepoint: t:"));
    }
}
