//! Errors shown to the person at the terminal: compile diagnostics, a
//! verifier rejection at the script line it came from, and the hint for a
//! file name given to `-e`.

use sonde_compiler::{Diagnostic, Source, diag};
use sonde_runtime::verifier::Rejection;

/// Renders compile errors and returns the one-line summary for the caller.
pub fn compile_errors(source: &Source, diagnostics: &[Diagnostic]) -> String {
    eprint!("{}", diag::render(source, diagnostics));
    if let Some(hint) = file_given_to_e(source) {
        eprintln!("{hint}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    format!(
        "could not compile {} ({errors} error{})",
        source.name,
        if errors == 1 { "" } else { "s" }
    )
}

/// `sonde -e script.bt`: the program is one word naming a file, so the
/// person meant to run that file.
fn file_given_to_e(source: &Source) -> Option<String> {
    let word = source.text.trim();
    let is_file = source.name == "-e"
        && !word.is_empty()
        && !word.contains(char::is_whitespace)
        && std::path::Path::new(word).is_file();
    is_file.then(|| {
        format!("hint: '{word}' is a file: to run a script file, give it without -e (sonde {word})")
    })
}

/// A verifier rejection shown at the script line it came from, with the
/// reason in plain words and the end of the kernel's log.
pub fn rejection(source: &Source, rejection: &Rejection) -> String {
    let message = format!(
        "the kernel verifier rejected the program for {}",
        rejection.probe
    );
    let label = rejection.explanation().unwrap_or("rejected here");
    let diagnostic = match rejection
        .source_line()
        .and_then(|line| diag::line_span(&source.text, line))
    {
        Some(span) => Diagnostic::error(&message, span).with_label(label),
        None => {
            let d = Diagnostic::global(&message);
            match rejection.explanation() {
                Some(why) => d.with_hint(why),
                None => d,
            }
        }
    };
    eprint!("{}", diag::render(source, &[diagnostic]));
    let (skipped, tail) = rejection.log_tail();
    eprintln!(
        "the verifier's last words{}:",
        if skipped > 0 { " (-v shows all)" } else { "" }
    );
    for line in tail {
        eprintln!("  {line}");
    }
    format!("could not load {}", source.name)
}

/// An I/O error in plain words: "No such file or directory", without
/// Rust's "(os error 2)".
pub fn plain(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
