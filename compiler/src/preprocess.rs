//! The little of the C preprocessor that bpftrace's tools use:
//! `#ifdef NAME` / `#ifndef NAME` / `#else` / `#endif`, with
//! `BPFTRACE_HAVE_BTF` defined (Sonde's kernel types always come from BTF),
//! and `#define NAME VALUE` for constants (`#define AF_INET 2`), which the
//! parser puts in place of the name. Lines that are skipped, and the
//! directives themselves, become spaces, so every byte keeps its offset and
//! diagnostics point at the original text. Other directives are left for
//! the parser, which refuses them by name.

use crate::diag::Diagnostic;
use std::ops::Range;

const DEFINED: &[&str] = &["BPFTRACE_HAVE_BTF"];

/// `#define NAME VALUE`: the value's text and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Define {
    pub name: String,
    pub value: String,
    pub span: Range<usize>,
}

/// The script with its directives blanked, and its live `#define`s.
pub struct Preprocessed {
    pub text: String,
    pub defines: Vec<Define>,
}

pub fn conditionals(text: &str) -> Result<String, Diagnostic> {
    preprocess(text).map(|p| p.text)
}

pub fn preprocess(text: &str) -> Result<Preprocessed, Diagnostic> {
    let mut defines: Vec<Define> = Vec::new();
    let mut out = String::with_capacity(text.len());
    // For each open #if: (is this branch taken, was any branch taken, where it opened).
    let mut stack: Vec<(bool, bool, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let mut words = trimmed.split_whitespace();
        let directive = words.next().unwrap_or("");
        let live = stack.iter().all(|(taken, _, _)| *taken);
        let blank = |out: &mut String| {
            out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        };
        match directive {
            "#ifdef" | "#ifndef" => {
                let name = words.next().unwrap_or("");
                let defined = DEFINED.contains(&name) || defines.iter().any(|d| d.name == name);
                let taken = if directive == "#ifdef" {
                    defined
                } else {
                    !defined
                };
                stack.push((taken, taken, start));
                blank(&mut out);
            }
            "#else" => {
                let Some((taken, any, _)) = stack.last_mut() else {
                    return Err(unbalanced(start, line, "#else without #ifdef or #ifndef"));
                };
                *taken = !*any;
                *any = true;
                blank(&mut out);
            }
            "#endif" => {
                if stack.pop().is_none() {
                    return Err(unbalanced(start, line, "#endif without #ifdef or #ifndef"));
                }
                blank(&mut out);
            }
            "#if" | "#elif" => {
                let end = start + line.trim_end().len();
                return Err(Diagnostic::error(
                    format!(
                        "{directive} is not supported: only #ifdef, #ifndef, #else and #endif are"
                    ),
                    start..end,
                )
                .with_label("preprocessor conditional")
                .with_hint("the one name defined is BPFTRACE_HAVE_BTF"));
            }
            "#define" if live => {
                let body = trimmed["#define".len()..].trim_start();
                let name_len = body
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(body.len());
                let (name, rest) = body.split_at(name_len);
                let end = start + line.trim_end().len();
                if name.is_empty() || rest.starts_with('(') {
                    return Err(Diagnostic::error(
                        "only #define NAME VALUE is supported",
                        start..end,
                    )
                    .with_label("a macro with parameters, or no name")
                    .with_hint("a constant: #define AF_INET 2, or #define RED \"\\033[31m\""));
                }
                let value = rest.trim();
                let value_start = end - value.len();
                defines.retain(|d| d.name != name);
                defines.push(Define {
                    name: name.to_string(),
                    value: value.to_string(),
                    span: value_start..end,
                });
                blank(&mut out);
            }
            _ if live => out.push_str(line),
            _ => blank(&mut out),
        }
    }
    if let Some((_, _, at)) = stack.last() {
        let line = text[*at..].lines().next().unwrap_or("");
        return Err(unbalanced(*at, line, "this #ifdef/#ifndef has no #endif"));
    }
    Ok(Preprocessed { text: out, defines })
}

fn unbalanced(start: usize, line: &str, message: &str) -> Diagnostic {
    let end = start + line.trim_end().len();
    Diagnostic::error(message, start..end).with_label("unbalanced conditional")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_takes_the_btf_branch() {
        let text =
            "#ifndef BPFTRACE_HAVE_BTF\nstruct x { int a; };\n#else\nBEGIN { }\n#endif\nEND { }\n";
        let out = conditionals(text).expect("balanced");
        assert_eq!(out.len(), text.len());
        assert!(!out.contains("struct"));
        assert!(out.contains("BEGIN { }"));
        assert!(out.contains("END { }"));
        assert_eq!(out.find("END"), text.find("END"));
        let nested = "#ifdef BPFTRACE_HAVE_BTF\n#ifdef OTHER\na\n#endif\nb\n#endif\n";
        let out = conditionals(nested).expect("balanced");
        assert!(!out.contains('a') && out.contains('b'));
        assert!(conditionals("#endif\n").is_err());
        assert!(conditionals("#ifdef X\n").is_err());
    }

    #[test]
    fn defines_are_collected_where_live() {
        let text = "#ifndef BPFTRACE_HAVE_BTF\n#define AF_INET 3\n#else\n#define AF_INET   2\n#define RED \"x\"\n#endif\n#ifdef RED\nBEGIN { }\n#endif\n";
        let out = preprocess(text).expect("balanced");
        assert_eq!(out.text.len(), text.len());
        assert!(out.text.contains("BEGIN"));
        let names: Vec<(&str, &str)> = out
            .defines
            .iter()
            .map(|d| (d.name.as_str(), d.value.as_str()))
            .collect();
        assert_eq!(names, [("AF_INET", "2"), ("RED", "\"x\"")]);
        assert_eq!(&text[out.defines[0].span.clone()], "2");
        assert!(preprocess("#define F(x) x\n").is_err());
    }
}
