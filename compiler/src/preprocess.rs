//! The little of the C preprocessor that bpftrace's tools use:
//! `#ifdef NAME` / `#ifndef NAME` / `#else` / `#endif`, with one name
//! defined, `BPFTRACE_HAVE_BTF` (Sonde's kernel types always come from BTF).
//! Lines that are skipped, and the directives themselves, become spaces, so
//! every byte keeps its offset and diagnostics point at the original text.
//! Other directives are left for the parser, which refuses them by name.

use crate::diag::Diagnostic;

const DEFINED: &[&str] = &["BPFTRACE_HAVE_BTF"];

pub fn conditionals(text: &str) -> Result<String, Diagnostic> {
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
                let defined = DEFINED.contains(&name);
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
            _ if live => out.push_str(line),
            _ => blank(&mut out),
        }
    }
    if let Some((_, _, at)) = stack.last() {
        let line = text[*at..].lines().next().unwrap_or("");
        return Err(unbalanced(*at, line, "this #ifdef/#ifndef has no #endif"));
    }
    Ok(out)
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
}
