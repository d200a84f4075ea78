//! Diagnostics: every error the compiler reports carries a span into the script
//! and, where one exists, a hint. Rendering uses codespan-reporting.

use crate::ast::Span;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Level,
    pub message: String,
    /// Where in the script; `None` for errors about the whole run.
    pub span: Option<Span>,
    /// Text under the caret.
    pub label: String,
    /// "help: ..." lines.
    pub hints: Vec<String>,
    /// The error says a probe does not exist on this system: the
    /// `missing_probes` policy may turn it into a warning.
    pub missing_probe: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Level::Error,
            message: message.into(),
            span: Some(span),
            label: String::new(),
            hints: Vec::new(),
            missing_probe: false,
        }
    }

    /// An error that is not about one place in the script.
    pub fn global(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Level::Error,
            message: message.into(),
            span: None,
            label: String::new(),
            hints: Vec::new(),
            missing_probe: false,
        }
    }

    pub fn warning(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Level::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn missing_probe(mut self) -> Self {
        self.missing_probe = true;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Level::Error
    }
}

/// The script text and the name it is reported under (`-e`, `stdin`, or a path).
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Renders diagnostics as text: `error: message`, `┌─ name:line:col`, the line
/// and a caret under the span, then the hints.
pub fn render(source: &Source, diagnostics: &[Diagnostic]) -> String {
    let file = SimpleFile::new(source.name.as_str(), source.text.as_str());
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        };
        let Some(span) = &diagnostic.span else {
            // Nothing to point at: a plain message and its hints.
            let word = if diagnostic.is_error() {
                "error"
            } else {
                "warning"
            };
            out.push_str(&format!("{word}: {}\n", diagnostic.message));
            for h in &diagnostic.hints {
                out.push_str(&format!("  = help: {h}\n"));
            }
            continue;
        };
        let mut cs = CsDiagnostic::new(severity).with_message(&diagnostic.message);
        {
            let end = span.end.min(source.text.len());
            let start = span.start.min(end);
            cs = cs.with_labels(vec![
                Label::primary((), start..end).with_message(&diagnostic.label),
            ]);
        }
        cs = cs.with_notes(
            diagnostic
                .hints
                .iter()
                .map(|h| format!("help: {h}"))
                .collect(),
        );
        match term::emit_into_string(&config, &file, &cs) {
            Ok(text) => out.push_str(&text),
            // Rendering only fails on a span outside the file; never lose the message.
            Err(_) => out.push_str(&format!("error: {}\n", diagnostic.message)),
        }
    }
    out
}

/// The span of line `line` (1-based) of `text`, without its indentation.
pub fn line_span(text: &str, line: u32) -> Option<Span> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let start: usize = text.split_inclusive('\n').take(index).map(str::len).sum();
    let content = text.get(start..)?.split('\n').next()?;
    let indent = content.len() - content.trim_start().len();
    let trimmed = content.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(start + indent..start + indent + trimmed.len())
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to
/// be a plausible typo.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.len() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_and_rejects_strangers() {
        let names = ["filename", "flags", "mode", "dfd"];
        assert_eq!(nearest("filenme", names), Some("filename"));
        assert_eq!(nearest("flag", names), Some("flags"));
        assert_eq!(nearest("completely_else", names), None);
    }

    #[test]
    fn line_spans() {
        let text = "BEGIN {\n  @x = 1;\n\n}";
        assert_eq!(line_span(text, 2).map(|s| &text[s]), Some("@x = 1;"));
        assert_eq!(line_span(text, 1).map(|s| &text[s]), Some("BEGIN {"));
        assert_eq!(line_span(text, 3), None);
        assert_eq!(line_span(text, 9), None);
        assert_eq!(line_span(text, 0), None);
    }

    #[test]
    fn render_shows_location_caret_and_hint() {
        let src = Source::new("-e", "BEGIN { foo(); }");
        let d = Diagnostic::error("unknown function 'foo'", 8..11)
            .with_label("not a function")
            .with_hint("did you mean 'for'?");
        let text = render(&src, &[d]);
        assert!(text.contains("error: unknown function 'foo'"), "{text}");
        assert!(text.contains("-e:1:9"), "{text}");
        assert!(text.contains("^^^"), "{text}");
        assert!(text.contains("help: did you mean 'for'?"), "{text}");
    }
}
