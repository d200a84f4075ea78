//! The named options a script reads with `getopt()`, found in its syntax
//! tree, for the command line: bpftrace refuses a `--name` after `--` that
//! no `getopt()` names, and `-- --help` lists the ones it does. Every call
//! counts, in probes and macros, reached or not, as in bpftrace (which
//! collects them before any branch is folded away). The values themselves
//! are sema's (`sema/getopt.rs`); a malformed call is left to it.

use crate::ast::{Builtin, Expr, ExprKind, Program, UnaryOp};
use crate::diag::{Diagnostic, Source};

/// What an option's default makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionKind {
    /// `getopt("name")`, `getopt("name", true)`: `--name` or `--name=false`.
    Flag(bool),
    Int(i64),
    Text(String),
}

/// One `getopt("name", default, "description")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedOption {
    pub name: String,
    pub kind: OptionKind,
    pub description: Option<String>,
}

impl NamedOption {
    /// `--name`, `--name=INT (default 10)`, `--name=TEXT (default "x")`,
    /// then `: description` when there is one: a line of `-- --help`.
    pub fn usage(&self) -> String {
        let name = &self.name;
        let mut line = match &self.kind {
            OptionKind::Flag(false) => format!("--{name}"),
            OptionKind::Flag(true) => format!("--{name}[=false] (default true)"),
            OptionKind::Int(n) => format!("--{name}=INT (default {n})"),
            OptionKind::Text(t) => format!("--{name}=TEXT (default \"{t}\")"),
        };
        if let Some(d) = &self.description {
            line.push_str(": ");
            line.push_str(d);
        }
        line
    }
}

/// The options `source` reads, sorted by name, each once (the first call
/// that names it describes it). Errors are the parser's.
pub fn declared(source: &Source) -> Result<Vec<NamedOption>, Vec<Diagnostic>> {
    crate::with_big_stack(|| {
        let mut program = crate::parse::parse(&source.text)?;
        crate::parse::resolve_builtins(&mut program);
        Ok(in_program(&program))
    })
}

fn in_program(program: &Program) -> Vec<NamedOption> {
    let mut found: Vec<NamedOption> = Vec::new();
    let mut visit = |e: &Expr| {
        if let Some(option) = getopt_call(e)
            && !found.iter().any(|o| o.name == option.name)
        {
            found.push(option);
        }
    };
    for probe in &program.probes {
        if let Some(p) = &probe.predicate {
            p.walk(&mut visit);
        }
        for s in &probe.body {
            s.walk_exprs(&mut visit);
        }
    }
    for m in &program.macros {
        for s in &m.body {
            s.walk_exprs(&mut visit);
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

fn getopt_call(e: &Expr) -> Option<NamedOption> {
    let ExprKind::Call { name, args, .. } = &e.kind else {
        return None;
    };
    if name != "getopt" {
        return None;
    }
    let text = |e: &Expr| match &e.kind {
        ExprKind::Str(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    };
    let option_name = text(args.first()?)?;
    let kind = match args.get(1).map(|a| &a.kind) {
        None => OptionKind::Flag(false),
        Some(ExprKind::Builtin(Builtin::Bool(v))) => OptionKind::Flag(*v),
        Some(ExprKind::Int(v)) => OptionKind::Int(*v as i64),
        Some(ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        }) => match operand.kind {
            ExprKind::Int(v) => OptionKind::Int((v as i64).wrapping_neg()),
            _ => return None,
        },
        Some(ExprKind::Str(_)) => OptionKind::Text(text(&args[1])?),
        Some(_) => return None,
    };
    Some(NamedOption {
        name: option_name,
        kind,
        description: args.get(2).and_then(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        declared(&Source::new("-e", text))
            .unwrap_or_default()
            .into_iter()
            .map(|o| o.usage())
            .collect()
    }

    #[test]
    fn every_call_once_sorted_with_defaults_and_descriptions() {
        let text = r#"
            macro m() { getopt("zeta", "z") }
            BEGIN /getopt("alpha")/ {
                if (0) { print(getopt("beta", -3, "how far back")); }
                print(getopt("alpha"));
                print(getopt("gamma", true));
            }
        "#;
        assert_eq!(
            names(text),
            [
                "--alpha",
                "--beta=INT (default -3): how far back",
                "--gamma[=false] (default true)",
                "--zeta=TEXT (default \"z\")",
            ]
        );
    }

    #[test]
    fn a_script_without_getopt_has_none() {
        assert!(names("BEGIN { print($1); }").is_empty());
    }

    #[test]
    fn a_syntax_error_is_the_parsers() {
        assert!(declared(&Source::new("-e", "BEGIN {")).is_err());
    }
}
