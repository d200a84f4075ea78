//! Text to AST. The grammar is `grammar/sonde.pest`; this module only turns
//! pest's pairs into `ast` nodes and syntax errors into diagnostics.

mod expressions;
mod items;
mod literals;
mod names;
mod statements;
mod sugar;
mod types;

use crate::ast::*;
use crate::diag::Diagnostic;
use items::{
    build_config_item, build_enum, build_macro, build_map_decl, build_probe, build_struct,
    build_typedef,
};
pub use literals::integer_text;
pub use names::resolve_builtins;
use pest::Parser as _;
use pest::iterators::Pair;
use sugar::{DEFINES, define_constants};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/sonde.pest"]
struct SondeParser;

/// How deeply expressions and blocks may nest. pest recurses once per level
/// and a deep enough input would overflow the stack.
const MAX_NESTING: usize = 64;

pub fn parse(text: &str) -> Result<Program, Vec<Diagnostic>> {
    crate::with_big_stack(|| parse_here(text))
}

fn parse_here(text: &str) -> Result<Program, Vec<Diagnostic>> {
    if let Some(span) = too_deep(text) {
        return Err(vec![
            Diagnostic::error("the script nests too deeply", span)
                .with_label(format!("more than {MAX_NESTING} levels of brackets"))
                .with_hint("split the expression using $variables"),
        ]);
    }
    let preprocessed = crate::preprocess::preprocess(text).map_err(|d| vec![d])?;
    let text = &preprocessed.text;
    DEFINES.with(|d| d.borrow_mut().clear());
    let constants = define_constants(&preprocessed.defines)?;
    DEFINES.with(|d| *d.borrow_mut() = constants);
    let mut pairs = SondeParser::parse(Rule::program, text).map_err(|e| {
        let d = syntax_error(e);
        let at = d.span.as_ref().map_or(0, |s| s.start);
        vec![if in_struct_definition(text, at) {
            d.with_hint(
                "a struct definition is C: struct NAME { TYPE MEMBER; TYPE *MEMBER; TYPE MEMBER[N]; };",
            )
        } else {
            d
        }]
    })?;
    let program = pairs
        .next()
        .ok_or_else(|| vec![Diagnostic::global("empty parse")])?;
    let mut probes = Vec::new();
    let mut config = Vec::new();
    let mut structs = Vec::new();
    let mut enums = Vec::new();
    let mut typedefs = Vec::new();
    let mut macros = Vec::new();
    let mut map_decls = Vec::new();
    let mut errors = Vec::new();
    for pair in program.into_inner() {
        match pair.as_rule() {
            Rule::map_decl => match build_map_decl(pair) {
                Ok(d) => map_decls.push(d),
                Err(e) => errors.push(e),
            },
            Rule::struct_def => match build_struct(pair) {
                Ok(mut s) => structs.append(&mut s),
                Err(e) => errors.push(e),
            },
            Rule::enum_def => match build_enum(pair) {
                Ok(e) => enums.push(e),
                Err(e) => errors.push(e),
            },
            Rule::typedef_def => match build_typedef(pair) {
                Ok(t) => typedefs.push(t),
                Err(e) => errors.push(e),
            },
            Rule::macro_def => match build_macro(pair, text) {
                Ok(m) => macros.push(m),
                Err(e) => errors.push(e),
            },
            Rule::probe => match build_probe(pair) {
                Ok(p) => probes.push(p),
                Err(e) => errors.push(e),
            },
            Rule::preprocessor_line => {
                if let Some(directive) = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::other_directive)
                {
                    let word = directive
                        .as_str()
                        .split_whitespace()
                        .next()
                        .unwrap_or("#")
                        .to_string();
                    errors.push(
                        Diagnostic::error(
                            format!("{word} is not supported: Sonde has no C preprocessor"),
                            span_of(&directive),
                        )
                        .with_label("preprocessor directive")
                        .with_hint("#include lines are accepted (types come from the kernel's BTF); write constants out"),
                    );
                }
            }
            Rule::config_block => {
                for item in pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::config_item)
                {
                    match build_config_item(item) {
                        Ok(c) => config.push(c),
                        Err(e) => errors.push(e),
                    }
                }
            }
            _ => {}
        }
    }
    if errors.is_empty() {
        let mut program = Program {
            config,
            map_decls,
            macros,
            structs,
            enums,
            typedefs,
            probes,
        };
        number_nodes(&mut program);
        Ok(program)
    } else {
        Err(errors)
    }
}

/// Finds the first bracket nested deeper than the parser may recurse. Brackets
/// inside strings and comments are counted too: a conservative bound is enough.
fn too_deep(text: &str) -> Option<Span> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i..i + 1);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Whether byte `at` is inside a `struct NAME {` (or union) definition (one
/// that starts the text, a line, or follows a `;` or `}`) not closed before `at`.
fn in_struct_definition(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let start = before
        .match_indices("struct ")
        .chain(before.match_indices("union "))
        .map(|(i, _)| i)
        .filter(|i| {
            let head = before[..*i].trim_end();
            head.is_empty()
                || head.ends_with(';')
                || head.ends_with('}')
                || before[..*i].ends_with('\n')
        })
        .max();
    start.is_some_and(|i| {
        let rest = &before[i..];
        rest.contains('{') && !rest.contains('}')
    })
}

fn syntax_error(e: pest::error::Error<Rule>) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let span = match e.location {
        InputLocation::Pos(p) => p..p,
        InputLocation::Span((s, end)) => s..end,
    };
    let expected = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    Diagnostic::error("syntax error", span).with_label(expected)
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut names: Vec<&str> = rules.iter().filter_map(|r| rule_name(*r)).collect();
    names.sort_unstable();
    names.dedup();
    match names.as_slice() {
        [] => "unexpected input".to_string(),
        [one] => format!("expected {one}"),
        many => format!("expected one of: {}", many.join(", ")),
    }
}

fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::attach_point | Rule::attach_list | Rule::probe => "a probe",
        Rule::block => "'{'",
        Rule::predicate => "a predicate '/.../'",
        Rule::expr | Rule::binary | Rule::unary | Rule::postfix_expr => "an expression",
        Rule::integer => "an integer",
        Rule::string => "a string",
        Rule::ident | Rule::builtin | Rule::call => "a name",
        Rule::map_ref => "a map",
        Rule::variable => "a variable",
        Rule::assign_op => "'='",
        Rule::EOI => "end of input",
        Rule::op_or | Rule::op_and | Rule::op_bor | Rule::op_xor | Rule::op_band => "an operator",
        Rule::op_eq | Rule::op_ne | Rule::op_lt | Rule::op_le | Rule::op_gt | Rule::op_ge => {
            "an operator"
        }
        Rule::op_add | Rule::op_sub | Rule::op_mul | Rule::op_div | Rule::op_rem => "an operator",
        Rule::op_shl | Rule::op_shr => "an operator",
        Rule::field_access | Rule::arrow_access => "'.field'",
        Rule::index_access => "'[index]'",
        Rule::map_keys => "'['",
        Rule::if_stmt | Rule::while_stmt | Rule::unroll_stmt => "a statement",
        Rule::range => "a range 'start..end'",
        Rule::else_part => "'else'",
        _ => return None,
    })
}

fn span_of(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    s.start()..s.end()
}

fn internal(span: &Span) -> Diagnostic {
    Diagnostic::error("internal parser error: unexpected tree shape", span.clone())
}

#[cfg(test)]
mod tests;
