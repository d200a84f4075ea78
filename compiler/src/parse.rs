//! Text to AST. The grammar is `grammar/sonde.pest`; this module only turns
//! pest's pairs into `ast` nodes and syntax errors into diagnostics.

use crate::ast::*;
use crate::diag::Diagnostic;
use pest::Parser as _;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::OnceLock;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/sonde.pest"]
struct SondeParser;

/// How deeply expressions and blocks may nest. pest recurses once per level
/// and a deep enough input would overflow the stack.
const MAX_NESTING: usize = 64;

pub fn parse(text: &str) -> Result<Program, Vec<Diagnostic>> {
    crate::with_big_stack(|| parse_here(text))
}

thread_local! {
    /// The script's `#define` constants while it is parsed: a name among
    /// them parses as its value.
    static DEFINES: std::cell::RefCell<std::collections::HashMap<String, ExprKind>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Each `#define`'s value, parsed: an integer (maybe negative) or a string.
fn define_constants(
    defines: &[crate::preprocess::Define],
) -> Result<std::collections::HashMap<String, ExprKind>, Vec<Diagnostic>> {
    let mut out = std::collections::HashMap::new();
    let mut errors = Vec::new();
    for d in defines {
        let refuse = || {
            Diagnostic::error(
                format!("#define {} must be an integer or a string", d.name),
                d.span.clone(),
            )
            .with_label("not a constant Sonde can use")
            .with_hint("#define AF_INET 2, #define MASK 0xff, #define RED \"\\033[31m\"")
        };
        let value = SondeParser::parse(Rule::define_value, &d.value)
            .ok()
            .and_then(|mut pairs| pairs.next())
            .and_then(|pair| pair.into_inner().next())
            .map(build_expr);
        match value {
            Some(Ok(Expr {
                kind: kind @ (ExprKind::Int(_) | ExprKind::Str(_)),
                ..
            })) => {
                out.insert(d.name.clone(), kind);
            }
            Some(Ok(Expr {
                kind:
                    ExprKind::Unary {
                        op: UnaryOp::Neg,
                        operand,
                    },
                ..
            })) if matches!(operand.kind, ExprKind::Int(_)) => {
                let ExprKind::Int(v) = operand.kind else {
                    continue;
                };
                out.insert(d.name.clone(), ExprKind::Int(v.wrapping_neg()));
            }
            _ => errors.push(refuse()),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
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
        Ok(Program {
            config,
            map_decls,
            macros,
            structs,
            enums,
            typedefs,
            probes,
        })
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

fn build_config_item(pair: Pair<Rule>) -> Result<ConfigItem, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let key = inner
        .next()
        .ok_or_else(|| internal(&span))?
        .as_str()
        .to_string();
    let value = inner.next().ok_or_else(|| internal(&span))?;
    let value = match value.as_rule() {
        Rule::integer => ConfigValue::Int(parse_integer(value.as_str(), &span_of(&value))?),
        Rule::string => {
            let body = value.into_inner().next().map(|p| p.as_str()).unwrap_or("");
            ConfigValue::Text(String::from_utf8_lossy(&unescape(body, span.start)?).into_owned())
        }
        _ => ConfigValue::Text(value.as_str().to_string()),
    };
    Ok(ConfigItem { key, value, span })
}

/// `struct NAME { fields };`
/// A struct definition, after the definitions of the structs written inside
/// it (`struct { int d; } c;` is named `OUTER.c`, a name no script can
/// write, so it cannot clash).
fn build_struct(pair: Pair<Rule>) -> Result<Vec<StructDef>, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let union = inner.next().is_some_and(|k| k.as_str() == "union");
    let name = inner
        .next()
        .ok_or_else(|| internal(&span))?
        .as_str()
        .to_string();
    let mut defs = Vec::new();
    let fields = struct_fields(&name, inner, &span, &mut defs)?;
    defs.push(StructDef {
        name,
        union,
        fields,
        span,
    });
    Ok(defs)
}

/// The members of struct `owner`; structs defined inline go to `defs`.
fn struct_fields<'i>(
    owner: &str,
    parts: impl Iterator<Item = Pair<'i, Rule>>,
    span: &Span,
    defs: &mut Vec<StructDef>,
) -> Result<Vec<FieldDef>, Diagnostic> {
    let mut fields = Vec::new();
    for field in parts.filter(|p| p.as_rule() == Rule::struct_field) {
        let mut parts = field.into_inner();
        let ty = parts.next().ok_or_else(|| internal(span))?;
        let decls: Vec<Pair<Rule>> = parts.collect();
        let inline = ty
            .clone()
            .into_inner()
            .next()
            .filter(|p| p.as_rule() == Rule::inline_record);
        let base = match inline {
            Some(record) => {
                let at = span_of(&record);
                let first = decls
                    .first()
                    .and_then(|d| d.clone().into_inner().find(|p| p.as_rule() == Rule::ident))
                    .map(|n| n.as_str().to_string())
                    .ok_or_else(|| {
                        Diagnostic::error(
                            "a struct defined inside a struct needs a member name",
                            at.clone(),
                        )
                        .with_label("anonymous members are not supported yet")
                        .with_hint("name it: struct { int x; } inner;")
                    })?;
                let name = format!("{owner}.{first}");
                let mut inner = record.into_inner();
                let union = inner.next().is_some_and(|k| k.as_str() == "union");
                let fields = struct_fields(&name, inner, &at, defs)?;
                defs.push(StructDef {
                    name: name.clone(),
                    union,
                    fields,
                    span: at,
                });
                FieldType::Record { name, union }
            }
            None => field_type(ty)?,
        };
        for decl in decls {
            fields.push(field_decl(&base, decl)?);
        }
    }
    Ok(fields)
}

/// `enum NAME { A, B = 4, C }`: C's values (each one more than the last).
fn build_enum(pair: Pair<Rule>) -> Result<EnumDef, Diagnostic> {
    let span = span_of(&pair);
    let mut name = None;
    let mut items = Vec::new();
    let mut next: i64 = 0;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::ident => name = Some(p.as_str().to_string()),
            Rule::enumerator => {
                let mut parts = p.into_inner();
                let item = parts.next().ok_or_else(|| internal(&span))?;
                if let Some(value) = parts.next() {
                    let text = value.as_str();
                    let at = span_of(&value);
                    let magnitude = parse_integer(text.trim_start_matches('-'), &at)?;
                    next = if text.starts_with('-') {
                        0i64.checked_sub_unsigned(magnitude)
                    } else {
                        i64::try_from(magnitude).ok()
                    }
                    .ok_or_else(|| {
                        Diagnostic::error("enumerator value out of range", at)
                            .with_label("does not fit in 64 bits")
                    })?;
                }
                items.push((item.as_str().to_string(), next));
                next = next.wrapping_add(1);
            }
            _ => {}
        }
    }
    Ok(EnumDef { name, items, span })
}

/// `macro name(params) { body }`; the body's last statement is its value
/// when it is an expression with no `;` after it.
fn build_macro(pair: Pair<Rule>, text: &str) -> Result<MacroDef, Diagnostic> {
    let span = span_of(&pair);
    let mut name = String::new();
    let mut params = Vec::new();
    let mut body = Vec::new();
    let mut value = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::ident => name = p.as_str().to_string(),
            Rule::macro_param => {
                let inner = p.into_inner().next().ok_or_else(|| internal(&span))?;
                params.push(match inner.as_rule() {
                    Rule::map_ref => MacroParam::Map(build_map_ref(inner)?.name),
                    Rule::variable => MacroParam::Var(inner.as_str().to_string()),
                    _ => MacroParam::Expr(inner.as_str().to_string()),
                });
            }
            Rule::block => {
                let close = p.as_span().end().saturating_sub(1);
                body = build_block(p)?;
                value = matches!(body.last(), Some(Stmt { kind: StmtKind::Expr(_), span }) if text
                    .get(span.end..close)
                    .is_some_and(|rest| !rest.contains(';')));
            }
            _ => {}
        }
    }
    Ok(MacroDef {
        name,
        params,
        body,
        value,
        span,
    })
}

/// `typedef TYPE NAME;`
fn build_typedef(pair: Pair<Rule>) -> Result<TypedefDef, Diagnostic> {
    let span = span_of(&pair);
    let mut parts = pair.into_inner();
    let base = field_type(parts.next().ok_or_else(|| internal(&span))?)?;
    let decl = parts.next().ok_or_else(|| internal(&span))?;
    Ok(TypedefDef {
        field: field_decl(&base, decl)?,
    })
}

/// The base type of a member or typedef: `struct x`, `enum y`, `uint32`,
/// `unsigned long`, or a name.
fn field_type(ty: Pair<Rule>) -> Result<FieldType, Diagnostic> {
    let span = span_of(&ty);
    let base_pair = ty.into_inner().next().ok_or_else(|| internal(&span))?;
    Ok(match base_pair.as_rule() {
        Rule::record_type => {
            let mut p = base_pair.into_inner();
            let union = p.next().is_some_and(|k| k.as_str() == "union");
            FieldType::Record {
                name: p.next().map(|n| n.as_str().to_string()).unwrap_or_default(),
                union,
            }
        }
        Rule::enum_type => FieldType::Enum(
            base_pair
                .into_inner()
                .nth(1)
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
        ),
        Rule::int_type => match base_pair.as_str() {
            "bool" => FieldType::Int {
                bytes: 1,
                signed: false,
            },
            name => FieldType::Int {
                bytes: name
                    .trim_start_matches("uint")
                    .trim_start_matches("int")
                    .parse::<u32>()
                    .map_err(|_| internal(&span))?
                    / 8,
                signed: !name.starts_with('u'),
            },
        },
        Rule::c_int_words => {
            let words: Vec<&str> = base_pair.as_str().split_whitespace().collect();
            FieldType::Int {
                bytes: if words.contains(&"char") {
                    1
                } else if words.contains(&"short") {
                    2
                } else if words.contains(&"long") {
                    8
                } else {
                    4
                },
                signed: !words.contains(&"unsigned"),
            }
        }
        _ => FieldType::Named(base_pair.as_str().to_string()),
    })
}

/// One declarator (`*next`, `name[8]`) of a member or typedef.
fn field_decl(base: &FieldType, decl: Pair<Rule>) -> Result<FieldDef, Diagnostic> {
    let decl_span = span_of(&decl);
    let mut pointers = 0;
    let mut name = String::new();
    let mut arrays = Vec::new();
    for p in decl.into_inner() {
        match p.as_rule() {
            Rule::type_star => pointers += 1,
            Rule::ident => name = p.as_str().to_string(),
            Rule::array_len => {
                let n = p.into_inner().next().ok_or_else(|| internal(&decl_span))?;
                arrays.push(parse_integer(n.as_str(), &span_of(&n))?);
            }
            _ => {}
        }
    }
    Ok(FieldDef {
        base: base.clone(),
        pointers,
        name,
        arrays,
        span: decl_span,
    })
}

fn span_of(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    s.start()..s.end()
}

fn build_probe(pair: Pair<Rule>) -> Result<Probe, Diagnostic> {
    let span = span_of(&pair);
    let mut attach_points = Vec::new();
    let mut predicate = None;
    let mut body = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::attach_list => {
                for ap in part.into_inner() {
                    attach_points.push(AttachPoint {
                        text: ap.as_str().to_string(),
                        span: span_of(&ap),
                    });
                }
            }
            Rule::predicate => {
                let e = part.into_inner().next().ok_or_else(|| internal(&span))?;
                predicate = Some(build_expr(e)?);
            }
            Rule::block => body = build_block(part)?,
            _ => {}
        }
    }
    Ok(Probe {
        attach_points,
        predicate,
        body,
        span,
    })
}

fn internal(span: &Span) -> Diagnostic {
    Diagnostic::error("internal parser error: unexpected tree shape", span.clone())
}

fn build_block(pair: Pair<Rule>) -> Result<Vec<Stmt>, Diagnostic> {
    pair.into_inner().map(build_stmt).collect()
}

fn build_stmt(pair: Pair<Rule>) -> Result<Stmt, Diagnostic> {
    let span = span_of(&pair);
    let kind = match pair.as_rule() {
        Rule::return_stmt => StmtKind::Return,
        Rule::block => StmtKind::Block(build_block(pair)?),
        Rule::expr_stmt => {
            let e = pair.into_inner().next().ok_or_else(|| internal(&span))?;
            StmtKind::Expr(build_expr(e)?)
        }
        Rule::incdec_stmt => {
            let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
            let (target, op) = match parts.as_slice() {
                [a, b] if a.as_rule() == Rule::incdec_op => (b.clone(), a.clone()),
                [a, b] => (a.clone(), b.clone()),
                _ => return Err(internal(&span)),
            };
            // The step's span is empty (at the operator): sema tells an
            // increment from `x + 1` by it (`ast::is_step`).
            let at = span_of(&op).start;
            let one = Expr {
                kind: ExprKind::Int(1),
                span: at..at,
            };
            let op = if op.as_str() == "++" {
                BinaryOp::Add
            } else {
                BinaryOp::Sub
            };
            assignment(target, Some(op), one, span.clone())?
        }
        Rule::discard_stmt => {
            let value = pair.into_inner().next().ok_or_else(|| internal(&span))?;
            StmtKind::Expr(build_expr(value)?)
        }
        Rule::assign_stmt => {
            let mut inner = pair.into_inner();
            let target = inner.next().ok_or_else(|| internal(&span))?;
            let op = inner.next().ok_or_else(|| internal(&span))?;
            let value = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
            let op = match op.as_str() {
                "=" => None,
                "+=" => Some(BinaryOp::Add),
                "-=" => Some(BinaryOp::Sub),
                "*=" => Some(BinaryOp::Mul),
                "/=" => Some(BinaryOp::Div),
                "%=" => Some(BinaryOp::Rem),
                "&=" => Some(BinaryOp::BitAnd),
                "|=" => Some(BinaryOp::BitOr),
                "^=" => Some(BinaryOp::BitXor),
                "<<=" => Some(BinaryOp::Shl),
                ">>=" => Some(BinaryOp::Shr),
                _ => return Err(internal(&span)),
            };
            assignment(target, op, value, span.clone())?
        }
        Rule::if_stmt => build_if(pair)?,
        Rule::for_stmt => {
            let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::kw_for);
            let var = inner.next().ok_or_else(|| internal(&span))?;
            let iterable = inner.next().ok_or_else(|| internal(&span))?;
            let body = build_block(inner.next().ok_or_else(|| internal(&span))?)?;
            let var = var.as_str().to_string();
            if iterable.as_rule() == Rule::range {
                let mut ends = iterable.into_inner();
                let start = build_expr(ends.next().ok_or_else(|| internal(&span))?)?;
                let end = build_expr(ends.next().ok_or_else(|| internal(&span))?)?;
                StmtKind::ForRange {
                    var,
                    start,
                    end,
                    body,
                }
            } else {
                StmtKind::ForMap {
                    var,
                    map: build_map_ref(iterable)?,
                    body,
                }
            }
        }
        Rule::while_stmt | Rule::unroll_stmt => {
            let is_while = pair.as_rule() == Rule::while_stmt;
            let mut inner = pair
                .into_inner()
                .filter(|p| !matches!(p.as_rule(), Rule::kw_while | Rule::kw_unroll));
            let head = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
            let body = build_block(inner.next().ok_or_else(|| internal(&span))?)?;
            if is_while {
                StmtKind::While { cond: head, body }
            } else {
                StmtKind::Unroll { count: head, body }
            }
        }
        Rule::break_stmt => StmtKind::Break,
        Rule::continue_stmt => StmtKind::Continue,
        Rule::let_stmt => {
            let mut name = String::new();
            let mut ty = None;
            let mut value = None;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::variable => name = part.as_str().to_string(),
                    Rule::let_type => ty = Some(decl_type(part.as_str(), &span)?),
                    Rule::expr | Rule::block_expr => value = Some(build_expr(part)?),
                    _ => {}
                }
            }
            StmtKind::Let { name, ty, value }
        }
        _ => return Err(internal(&span)),
    };
    Ok(Stmt { kind, span })
}

/// `uint32`, `int8`, `bool`, `string`: the type a `let` names.
fn decl_type(text: &str, span: &Span) -> Result<DeclType, Diagnostic> {
    match text {
        "string" => Ok(DeclType::Str),
        "bool" => Ok(DeclType::Int {
            bits: 1,
            signed: false,
        }),
        _ => {
            let signed = !text.starts_with('u');
            let bits = text.trim_start_matches("uint").trim_start_matches("int");
            Ok(DeclType::Int {
                bits: bits.parse().map_err(|_| internal(span))?,
                signed,
            })
        }
    }
}

/// `target = value`, or for `target op= value` (and `++`/`--`) the same as
/// `target = target op value`.
fn assignment(
    target: Pair<Rule>,
    op: Option<BinaryOp>,
    value: Expr,
    span: Span,
) -> Result<StmtKind, Diagnostic> {
    let value = match op {
        None => value,
        Some(op) => Expr {
            kind: ExprKind::Binary {
                op,
                lhs: Box::new(build_expr(target.clone())?),
                rhs: Box::new(value),
            },
            span,
        },
    };
    match target.as_rule() {
        Rule::map_ref => Ok(StmtKind::AssignMap {
            map: build_map_ref(target)?,
            value,
        }),
        Rule::variable => Ok(StmtKind::AssignVar {
            name: target.as_str().to_string(),
            value,
        }),
        _ => Err(internal(&span_of(&target))),
    }
}

fn build_if(pair: Pair<Rule>) -> Result<StmtKind, Diagnostic> {
    let span = span_of(&pair);
    let mut inner = pair
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::kw_if | Rule::kw_else));
    let cond = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
    let then = build_block(inner.next().ok_or_else(|| internal(&span))?)?;
    let otherwise = match inner.next() {
        None => Vec::new(),
        Some(else_part) => {
            let branch = else_part
                .into_inner()
                .find(|p| p.as_rule() != Rule::kw_else)
                .ok_or_else(|| internal(&span))?;
            match branch.as_rule() {
                Rule::if_stmt => {
                    let s = span_of(&branch);
                    vec![Stmt {
                        kind: build_if(branch)?,
                        span: s,
                    }]
                }
                _ => build_block(branch)?,
            }
        }
    };
    Ok(StmtKind::If {
        cond,
        then,
        otherwise,
    })
}

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::op_or, Assoc::Left))
            .op(Op::infix(Rule::op_and, Assoc::Left))
            .op(Op::infix(Rule::op_bor, Assoc::Left))
            .op(Op::infix(Rule::op_xor, Assoc::Left))
            .op(Op::infix(Rule::op_band, Assoc::Left))
            .op(Op::infix(Rule::op_eq, Assoc::Left) | Op::infix(Rule::op_ne, Assoc::Left))
            .op(Op::infix(Rule::op_lt, Assoc::Left)
                | Op::infix(Rule::op_le, Assoc::Left)
                | Op::infix(Rule::op_gt, Assoc::Left)
                | Op::infix(Rule::op_ge, Assoc::Left))
            .op(Op::infix(Rule::op_shl, Assoc::Left) | Op::infix(Rule::op_shr, Assoc::Left))
            .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
            .op(Op::infix(Rule::op_mul, Assoc::Left)
                | Op::infix(Rule::op_div, Assoc::Left)
                | Op::infix(Rule::op_rem, Assoc::Left))
    })
}

fn binary_op(rule: Rule) -> Option<BinaryOp> {
    Some(match rule {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_bor => BinaryOp::BitOr,
        Rule::op_xor => BinaryOp::BitXor,
        Rule::op_band => BinaryOp::BitAnd,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_shl => BinaryOp::Shl,
        Rule::op_shr => BinaryOp::Shr,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        Rule::op_rem => BinaryOp::Rem,
        _ => return None,
    })
}

fn build_expr(pair: Pair<Rule>) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::expr => {
            let mut inner = pair.into_inner();
            let first = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
            match (inner.next(), inner.next()) {
                (Some(then), Some(otherwise)) => Ok(Expr {
                    kind: ExprKind::Ternary {
                        cond: Box::new(first),
                        then: Box::new(build_expr(then)?),
                        otherwise: Box::new(build_expr(otherwise)?),
                    },
                    span,
                }),
                _ => Ok(first),
            }
        }
        Rule::binary => pratt()
            .map_primary(build_expr)
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let op = binary_op(op.as_rule()).ok_or_else(|| internal(&span))?;
                let span = lhs.span.start..rhs.span.end;
                Ok(Expr {
                    kind: ExprKind::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                })
            })
            .parse(pair.into_inner()),
        Rule::unary => {
            let mut parts: Vec<Pair<Rule>> = pair.into_inner().collect();
            if let [only] = parts.as_slice()
                && only.as_rule() == Rule::incdec_pre
            {
                let mut inner = only.clone().into_inner();
                let op = inner.next().ok_or_else(|| internal(&span))?;
                let target = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
                return Ok(Expr {
                    kind: ExprKind::IncDec {
                        target: Box::new(target),
                        increment: op.as_str() == "++",
                        prefix: true,
                    },
                    span,
                });
            }
            let post = match parts.last() {
                Some(p) if p.as_rule() == Rule::incdec_post => {
                    let increment = p.as_str() == "++";
                    let op_span = span_of(p);
                    parts.pop();
                    Some((increment, op_span))
                }
                _ => None,
            };
            let (operand, prefixes) = parts.split_last().ok_or_else(|| internal(&span))?;
            let mut expr = build_expr(operand.clone())?;
            if let Some((increment, op_span)) = post {
                let span = expr.span.start..op_span.end;
                expr = Expr {
                    kind: ExprKind::IncDec {
                        target: Box::new(expr),
                        increment,
                        prefix: false,
                    },
                    span,
                };
            }
            for prefix in prefixes.iter().rev() {
                if let Some(named) = prefix
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::enum_type)
                {
                    let name = named
                        .into_inner()
                        .nth(1)
                        .map(|p| p.as_str().to_string())
                        .unwrap_or_default();
                    let span = prefix.as_span().start()..expr.span.end;
                    expr = Expr {
                        kind: ExprKind::EnumCast {
                            name,
                            operand: Box::new(expr),
                        },
                        span,
                    };
                    continue;
                }
                if let Some(named) = prefix
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::named_pointer)
                {
                    let name = named
                        .into_inner()
                        .next()
                        .map(|p| p.as_str().to_string())
                        .unwrap_or_default();
                    let span = prefix.as_span().start()..expr.span.end;
                    expr = Expr {
                        kind: ExprKind::NamedPointerCast {
                            name,
                            operand: Box::new(expr),
                        },
                        span,
                    };
                    continue;
                }
                if let Some(record) = prefix
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::record_pointer)
                {
                    let mut parts = record.into_inner();
                    let union = parts.next().is_some_and(|k| k.as_str() == "union");
                    let name = parts
                        .next()
                        .map(|p| p.as_str().to_string())
                        .unwrap_or_default();
                    let span = prefix.as_span().start()..expr.span.end;
                    expr = Expr {
                        kind: ExprKind::RecordCast {
                            name,
                            union,
                            operand: Box::new(expr),
                        },
                        span,
                    };
                    continue;
                }
                let op = match prefix.as_rule() {
                    Rule::op_not => UnaryOp::Not,
                    Rule::op_bnot => UnaryOp::BitNot,
                    Rule::op_neg => UnaryOp::Neg,
                    Rule::op_deref => UnaryOp::Deref,
                    Rule::op_addr => UnaryOp::AddressOf,
                    Rule::cast => {
                        let name = prefix
                            .clone()
                            .into_inner()
                            .next()
                            .map(|p| p.as_str())
                            .unwrap_or("");
                        let fixed = fixed_int_name(name);
                        let name = fixed.as_deref().unwrap_or(name);
                        match name {
                            "bool" => UnaryOp::Cast {
                                bits: 1,
                                signed: false,
                            },
                            _ => {
                                let signed = !name.starts_with('u');
                                let bits =
                                    name.trim_start_matches("uint").trim_start_matches("int");
                                UnaryOp::Cast {
                                    bits: bits.parse().map_err(|_| internal(&span))?,
                                    signed,
                                }
                            }
                        }
                    }
                    _ => return Err(internal(&span)),
                };
                let span = prefix.as_span().start()..expr.span.end;
                expr = Expr {
                    kind: ExprKind::Unary {
                        op,
                        operand: Box::new(expr),
                    },
                    span,
                };
            }
            Ok(expr)
        }
        Rule::postfix_expr => {
            let mut inner = pair.into_inner();
            let mut expr = build_expr(inner.next().ok_or_else(|| internal(&span))?)?;
            for access in inner {
                let access_span = span_of(&access);
                let is_index = access.as_rule() == Rule::index_access;
                let field = access.into_inner().next().ok_or_else(|| internal(&span))?;
                if is_index {
                    let index = build_expr(field)?;
                    let span = expr.span.start..access_span.end;
                    expr = Expr {
                        kind: ExprKind::Index {
                            base: Box::new(expr),
                            index: Box::new(index),
                        },
                        span,
                    };
                    continue;
                }
                let field_span = span_of(&field);
                let span = expr.span.start..field_span.end;
                expr = Expr {
                    kind: ExprKind::Field {
                        base: Box::new(expr),
                        field: field.as_str().to_string(),
                        field_span,
                    },
                    span,
                };
            }
            Ok(expr)
        }
        Rule::paren => {
            let parts: Vec<Pair<Rule>> = pair.into_inner().collect();
            let commas = parts
                .iter()
                .filter(|p| p.as_rule() == Rule::tuple_comma)
                .count();
            let mut elements: Vec<Expr> = parts
                .into_iter()
                .filter(|p| p.as_rule() != Rule::tuple_comma)
                .map(build_expr)
                .collect::<Result<_, _>>()?;
            if commas == 0 && elements.len() == 1 {
                return elements.pop().ok_or_else(|| internal(&span));
            }
            // `(1,)`: a tuple of one element; `()` the empty tuple, as
            // current bpftrace has them.
            Ok(Expr {
                kind: ExprKind::Tuple(elements),
                span,
            })
        }
        Rule::integer => Ok(Expr {
            kind: ExprKind::Int(parse_integer(pair.as_str(), &span)?),
            span,
        }),
        Rule::string => {
            let body = pair.into_inner().next().map(|p| p.as_str()).unwrap_or("");
            Ok(Expr {
                kind: ExprKind::Str(unescape(body, span.start + 1)?),
                span,
            })
        }
        Rule::builtin => {
            let name = pair.as_str();
            let kind = DEFINES
                .with(|d| d.borrow().get(name).cloned())
                .unwrap_or_else(|| ExprKind::Builtin(name.to_string()));
            Ok(Expr { kind, span })
        }
        Rule::variable => Ok(Expr {
            kind: ExprKind::Var(pair.as_str().to_string()),
            span,
        }),
        Rule::map_ref => Ok(Expr {
            kind: ExprKind::Map(build_map_ref(pair)?),
            span,
        }),
        Rule::type_name => {
            let mut inner = pair.into_inner();
            let base = inner.next().ok_or_else(|| internal(&span))?;
            let pointer = inner.any(|p| p.as_rule() == Rule::type_star);
            let ty = match base.as_rule() {
                Rule::record_type => {
                    let mut parts = base.into_inner();
                    let union = parts.next().is_some_and(|k| k.as_str() == "union");
                    let name = parts.next().ok_or_else(|| internal(&span))?;
                    TypeName::Record {
                        name: name.as_str().to_string(),
                        union,
                    }
                }
                Rule::int_type => TypeName::Int {
                    bytes: match base.as_str() {
                        "bool" => 1,
                        name => {
                            let bits: u32 = name
                                .trim_start_matches("uint")
                                .trim_start_matches("int")
                                .parse()
                                .map_err(|_| internal(&span))?;
                            bits / 8
                        }
                    },
                },
                Rule::c_int_words => {
                    let words: Vec<&str> = base.as_str().split_whitespace().collect();
                    TypeName::Int {
                        bytes: if words.contains(&"char") {
                            1
                        } else if words.contains(&"short") {
                            2
                        } else if words.contains(&"long") {
                            8
                        } else {
                            4
                        },
                    }
                }
                Rule::named_type => TypeName::Named(base.as_str().to_string()),
                _ => return Err(internal(&span)),
            };
            Ok(Expr {
                kind: ExprKind::TypeName { ty, pointer },
                span,
            })
        }
        Rule::block_expr => {
            let text = pair.as_str();
            let mut stmts = pair
                .into_inner()
                .map(build_stmt)
                .collect::<Result<Vec<_>, _>>()?;
            // The value: a last expression statement with no `;` after it.
            let value = match stmts.pop() {
                Some(Stmt {
                    kind: StmtKind::Expr(value),
                    span: stmt_span,
                }) if text
                    .get(stmt_span.end.saturating_sub(span.start)..text.len().saturating_sub(1))
                    .is_some_and(|rest| !rest.contains(';')) =>
                {
                    value
                }
                _ => {
                    return Err(Diagnostic::error(
                        "a block used as a value must end in an expression",
                        span.clone(),
                    )
                    .with_label("no value at its end")
                    .with_hint("write the value last, without ';': { let $b = 1; $b + 1 }"));
                }
            };
            Ok(Expr {
                kind: ExprKind::Block {
                    stmts,
                    value: Box::new(value),
                },
                span,
            })
        }
        Rule::call => {
            let mut inner = pair.into_inner();
            let name = inner.next().ok_or_else(|| internal(&span))?;
            let args = inner.map(build_expr).collect::<Result<Vec<_>, _>>()?;
            // `pid()` is `pid`, as in current bpftrace: a builtin that is
            // not also a function may be called without arguments.
            if args.is_empty()
                && crate::builtins::Builtin::from_name(name.as_str()).is_some()
                && crate::builtins::Function::from_name(name.as_str()).is_none()
            {
                return Ok(Expr {
                    kind: ExprKind::Builtin(name.as_str().to_string()),
                    span,
                });
            }
            // `ppid(task)`, `pcomm(task)`: as current bpftrace, the members
            // `ppid` and `pcomm` read of the current task, of this one.
            if let ("ppid" | "pcomm", [task]) = (name.as_str(), args.as_slice()) {
                let (pointer, member) = if name.as_str() == "ppid" {
                    ("real_parent", "tgid")
                } else {
                    ("group_leader", "comm")
                };
                // Sema keys what it learns by span: the inner access takes
                // the name's, the outer the whole call's.
                let name_span = span_of(&name);
                let field = |base: Expr, field: &str, span: &Span| Expr {
                    kind: ExprKind::Field {
                        base: Box::new(base),
                        field: field.to_string(),
                        field_span: name_span.clone(),
                    },
                    span: span.clone(),
                };
                let parent = field(task.clone(), pointer, &name_span);
                return Ok(field(parent, member, &span));
            }
            // `pid(init)`, `tid(curr_ns)`: the namespace they are seen from.
            if let ("pid" | "tid", [arg]) = (name.as_str(), args.as_slice())
                && let ExprKind::Builtin(ns) = &arg.kind
                && matches!(ns.as_str(), "curr_ns" | "init")
            {
                return Ok(Expr {
                    kind: ExprKind::Builtin(format!("{}({ns})", name.as_str())),
                    span,
                });
            }
            Ok(Expr {
                kind: ExprKind::Call {
                    name: name.as_str().to_string(),
                    name_span: span_of(&name),
                    args,
                },
                span,
            })
        }
        _ => Err(internal(&span)),
    }
}

fn build_map_ref(pair: Pair<Rule>) -> Result<MapRef, Diagnostic> {
    let span = span_of(&pair);
    let mut name = String::new();
    let mut keys = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::map_name => name = part.as_str().to_string(),
            Rule::map_keys => {
                keys = part
                    .into_inner()
                    .map(build_expr)
                    .collect::<Result<_, _>>()?;
                // `@m[(a, b)]` is `@m[a, b]`: keys are a tuple either way.
                if let [
                    Expr {
                        kind: ExprKind::Tuple(elements),
                        ..
                    },
                ] = keys.as_slice()
                {
                    keys = elements.clone();
                }
            }
            _ => return Err(internal(&span)),
        }
    }
    Ok(MapRef { name, keys, span })
}

fn build_map_decl(pair: Pair<Rule>) -> Result<MapDecl, Diagnostic> {
    let span = span_of(&pair);
    let mut name = String::new();
    let mut kind = None;
    let mut entries = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::map_name => name = p.as_str().to_string(),
            Rule::ident => kind = Some((p.as_str().to_string(), span_of(&p))),
            Rule::integer => {
                let at = span_of(&p);
                entries = Some((parse_integer(p.as_str(), &at)?, at));
            }
            _ => {}
        }
    }
    let ((kind, kind_span), (entries, entries_span)) =
        kind.zip(entries).ok_or_else(|| internal(&span))?;
    Ok(MapDecl {
        name,
        kind,
        kind_span,
        entries,
        entries_span,
        span,
    })
}

fn parse_integer(text: &str, span: &Span) -> Result<u64, Diagnostic> {
    let out_of_range = || {
        Diagnostic::error("integer literal out of range", span.clone())
            .with_label("does not fit in 64 bits")
    };
    let is_hex = text.starts_with("0x") || text.starts_with("0X");
    if !is_hex && let Some((count, unit_ns)) = crate::duration::split(text) {
        let count = parse_integer(count, span)?;
        return count.checked_mul(unit_ns).ok_or_else(out_of_range);
    }
    // C's size suffixes (`10UL`) only say how C would store the value.
    let text = text.trim_end_matches(['u', 'U', 'l', 'L']);
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let hex = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"));
    let parsed = match (hex, digits.split_once(['e', 'E'])) {
        (Some(hex), _) => u64::from_str_radix(hex, 16).ok(),
        (None, Some((mantissa, exponent))) => {
            let mantissa = mantissa.parse::<u64>().ok();
            let scale = exponent
                .parse::<u32>()
                .ok()
                .and_then(|e| 10u64.checked_pow(e));
            mantissa.zip(scale).and_then(|(m, s)| m.checked_mul(s))
        }
        // A leading 0 is octal, as in C and bpftrace (`0644`).
        (None, None) if digits.len() > 1 && digits.starts_with('0') => {
            if digits.bytes().any(|b| b > b'7') {
                return Err(Diagnostic::error(
                    format!("'{text}' is not an octal number"),
                    span.clone(),
                )
                .with_label("a leading 0 makes an octal literal: digits 0 to 7")
                .with_hint("drop the leading zeros for a decimal number"));
            }
            u64::from_str_radix(&digits[1..], 8).ok()
        }
        (None, None) => digits.parse::<u64>().ok(),
    };
    parsed.ok_or_else(out_of_range)
}

/// `uint64_t`, `u64`, `__s32` → `uint64`, `uint64`, `int32`; None for names
/// already in Sonde's spelling.
fn fixed_int_name(name: &str) -> Option<String> {
    let (signed, bits) = if let Some(rest) = name.strip_suffix("_t") {
        (
            !rest.starts_with('u'),
            rest.trim_start_matches("uint").trim_start_matches("int"),
        )
    } else if let Some(bits) = name.strip_prefix("__u").or_else(|| name.strip_prefix('u')) {
        (false, bits)
    } else if let Some(bits) = name.strip_prefix("__s").or_else(|| name.strip_prefix('s')) {
        (true, bits)
    } else {
        return None;
    };
    bits.bytes()
        .all(|c| c.is_ascii_digit())
        .then(|| format!("{}int{bits}", if signed { "" } else { "u" }))
}

/// C escapes: `\n \t \r \\ \" \' \0`, octal `\NNN` and hex `\xNN`.
fn unescape(body: &str, offset: usize) -> Result<Vec<u8>, Diagnostic> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let start = i;
        let Some(&esc) = bytes.get(i + 1) else {
            return Err(Diagnostic::error(
                "unterminated escape",
                offset + i..offset + i + 1,
            ));
        };
        i += 2;
        match esc {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'v' => out.push(0x0b),
            b'e' => out.push(0x1b),
            b'\\' => out.push(b'\\'),
            b'"' => out.push(b'"'),
            b'\'' => out.push(b'\''),
            b'x' => {
                let hex: Vec<u8> = bytes[i..]
                    .iter()
                    .take(2)
                    .take_while(|c| c.is_ascii_hexdigit())
                    .copied()
                    .collect();
                if hex.is_empty() {
                    return Err(Diagnostic::error(
                        "\\x needs hex digits",
                        offset + start..offset + i,
                    )
                    .with_label("e.g. \\x41"));
                }
                i += hex.len();
                let text = String::from_utf8_lossy(&hex);
                out.push(u8::from_str_radix(&text, 16).unwrap_or(0));
            }
            b'0'..=b'7' => {
                let mut value: u32 = u32::from(esc - b'0');
                let mut n = 1;
                while n < 3 {
                    match bytes.get(i) {
                        Some(c @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(c - b'0');
                            i += 1;
                            n += 1;
                        }
                        _ => break,
                    }
                }
                let byte = u8::try_from(value).map_err(|_| {
                    Diagnostic::error("octal escape out of range", offset + start..offset + i)
                        .with_label("must be at most \\377")
                })?;
                out.push(byte);
            }
            _ => {
                return Err(Diagnostic::error(
                    format!("unknown escape sequence '\\{}'", esc as char),
                    offset + start..offset + i,
                )
                .with_hint("known escapes: \\n \\t \\r \\\\ \\\" \\xNN \\NNN"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_stmt_expr(src: &str) -> Expr {
        let p = parse(src).expect("parses");
        match &p.probes[0].body[0].kind {
            StmtKind::Expr(e) => e.clone(),
            other => panic!("not an expression statement: {other:?}"),
        }
    }

    /// Renders an expression with full parentheses, to check precedence.
    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Int(v) => v.to_string(),
            ExprKind::Builtin(b) => b.clone(),
            ExprKind::Var(v) => v.clone(),
            ExprKind::Binary { op, lhs, rhs } => {
                format!("({} {} {})", show(lhs), op.symbol(), show(rhs))
            }
            ExprKind::Unary { op, operand } => format!("({op:?} {})", show(operand)),
            ExprKind::RecordCast {
                name,
                union,
                operand,
            } => format!(
                "((({} {name} *) {}))",
                if *union { "union" } else { "struct" },
                show(operand)
            ),
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => format!("({} ? {} : {})", show(cond), show(then), show(otherwise)),
            ExprKind::Field { base, field, .. } => format!("{}.{field}", show(base)),
            ExprKind::Index { base, index } => format!("{}[{}]", show(base), show(index)),
            ExprKind::Call { name, args, .. } => {
                format!(
                    "{name}({})",
                    args.iter().map(show).collect::<Vec<_>>().join(", ")
                )
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn integer_literals_with_exponents_and_hex() {
        let cases = [
            ("BEGIN { 1e6; }", "1000000"),
            ("BEGIN { 3E2; }", "300"),
            ("BEGIN { 1_000; }", "1000"),
            ("BEGIN { 0x1e6; }", "486"),
            ("BEGIN { elapsed / 1e6; }", "(elapsed / 1000000)"),
            (
                "BEGIN { 123UL + 7u + 0xffULL + 5ll; }",
                "(((123 + 7) + 255) + 5)",
            ),
            ("BEGIN { 1m; }", "60000000000"),
            ("BEGIN { 100ms + 2us + 3ns; }", "((100000000 + 2000) + 3)"),
            ("BEGIN { 1_0s; }", "10000000000"),
            ("BEGIN { 0x1d; }", "29"),
        ];
        for (src, want) in cases {
            assert_eq!(show(&first_stmt_expr(src)), want, "{src}");
        }
        for src in ["BEGIN { 1e20; }", "BEGIN { 2e19; }", "BEGIN { 300000d; }"] {
            let Err(d) = parse(src) else {
                panic!("{src} parsed");
            };
            assert!(
                d.iter()
                    .any(|d| d.message == "integer literal out of range"),
                "{src}"
            );
        }
    }

    #[test]
    fn c_precedence() {
        let cases = [
            ("1 + 2 * 3", "(1 + (2 * 3))"),
            ("1 - 2 - 3", "((1 - 2) - 3)"),
            ("1 << 2 + 3", "(1 << (2 + 3))"),
            ("1 < 2 == 3 > 4", "((1 < 2) == (3 > 4))"),
            ("1 | 2 ^ 3 & 4", "(1 | (2 ^ (3 & 4)))"),
            ("1 || 2 && 3", "(1 || (2 && 3))"),
            ("-1 * ~2", "((Neg 1) * (BitNot 2))"),
            ("!1 == 0", "((Not 1) == 0)"),
            ("1 ? 2 : 3 ? 4 : 5", "(1 ? 2 : (3 ? 4 : 5))"),
            (
                "pid > 1 && tid != 2 ? 1 : 0",
                "(((pid > 1) && (tid != 2)) ? 1 : 0)",
            ),
            ("(1 + 2) * 3", "((1 + 2) * 3)"),
            ("args.filename", "args.filename"),
            ("args->x + 1", "(args.x + 1)"),
            ("0x10 + 1_000", "(16 + 1000)"),
            // `[]` binds like `->`, `&` and `*` like the other prefixes;
            // `a & b` stays a binary and.
            ("curtask->comm[1 + 2] & 3", "(curtask.comm[(1 + 2)] & 3)"),
            ("&p->a[1].b", "(AddressOf p.a[1].b)"),
            ("*p[2] + 1", "((Deref p[2]) + 1)"),
            ("1 && &x", "(1 && (AddressOf x))"),
        ];
        for (src, want) in cases {
            let e = first_stmt_expr(&format!("BEGIN {{ {src} }}"));
            assert_eq!(show(&e), want, "for {src}");
        }
    }

    #[test]
    fn probes_predicates_and_statements() {
        let src = "#!/usr/bin/env sonde\n// comment\nt:syscalls:sys_enter_sync, tracepoint:a:b /pid != 0/ {\n @last = nsecs; /* c */ @n[comm] = @n[comm] + 1;\n if (pid > 1) { $x = 1; } else if (pid) { return } else { exit(); }\n}\nEND { printf(\"%d\\n\", 1) }";
        let p = parse(src).expect("parses");
        assert_eq!(p.probes.len(), 2);
        let names: Vec<&str> = p.probes[0]
            .attach_points
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(names, ["t:syscalls:sys_enter_sync", "tracepoint:a:b"]);
        assert!(p.probes[0].predicate.is_some());
        assert_eq!(p.probes[0].body.len(), 3);
        assert!(matches!(p.probes[0].body[2].kind, StmtKind::If { .. }));
    }

    #[test]
    fn string_escapes() {
        let e = first_stmt_expr(r#"BEGIN { "a\n\t\"\\\x41\101\0" }"#);
        match e.kind {
            ExprKind::Str(s) => assert_eq!(s, b"a\n\t\"\\AA\0"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn syntax_errors_have_spans() {
        let errs = parse("BEGIN { printf(\"x\" }").expect_err("must fail");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].span.is_some());
        let errs = parse("BEGIN { \"\\q\" }").expect_err("bad escape");
        assert!(errs[0].message.contains("unknown escape"), "{errs:?}");
        let errs = parse("BEGIN { 99999999999999999999 }").expect_err("too big");
        assert!(errs[0].message.contains("out of range"));
    }

    #[test]
    fn nested_parentheses_parse_in_linear_time() {
        // Found by fuzzing: with separate tuple and paren rules each level
        // was parsed twice, 2^depth in all.
        let src = format!("BEGIN {{ $x = {}1{}; }}", "(".repeat(60), ")".repeat(60));
        let started = std::time::Instant::now();
        assert!(parse(&src).is_ok());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        let unclosed = format!("BEGIN {{ $x = {}1, 2); }}", "(".repeat(60));
        assert!(parse(&unclosed).is_err());
        let tuple = first_stmt_expr("BEGIN { (1, (2, 3),) }");
        assert!(matches!(tuple.kind, ExprKind::Tuple(ref e) if e.len() == 2));
        let single = first_stmt_expr("BEGIN { (1,) }");
        assert!(matches!(single.kind, ExprKind::Tuple(ref e) if e.len() == 1));
        let empty = first_stmt_expr("BEGIN { () }");
        assert!(matches!(empty.kind, ExprKind::Tuple(ref e) if e.is_empty()));
    }

    #[test]
    fn loops_and_declarations() {
        let p = parse(
            "BEGIN { while ($i < 3) { break; continue } unroll(2) { } for ($j : -1..($n + 1)) { } for ($kv : @m) { } let $a; let $b: uint8 = 1; let $c: string; let $d = 2 }",
        )
        .expect("parses");
        let body = &p.probes[0].body;
        assert!(
            matches!(&body[0].kind, StmtKind::While { body, .. } if matches!(body[..], [Stmt { kind: StmtKind::Break, .. }, Stmt { kind: StmtKind::Continue, .. }]))
        );
        assert!(
            matches!(&body[1].kind, StmtKind::Unroll { count, .. } if matches!(count.kind, ExprKind::Int(2)))
        );
        match &body[2].kind {
            StmtKind::ForRange {
                var, start, end, ..
            } => {
                assert_eq!(var, "$j");
                assert_eq!(show(start), "(Neg 1)");
                assert_eq!(show(end), "($n + 1)");
            }
            other => panic!("not a range loop: {other:?}"),
        }
        assert!(
            matches!(&body[3].kind, StmtKind::ForMap { var, map, .. } if var == "$kv" && map.name == "m")
        );
        let lets: Vec<(Option<DeclType>, bool)> = body[4..]
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Let { ty, value, .. } => (*ty, value.is_some()),
                other => panic!("not a let: {other:?}"),
            })
            .collect();
        assert_eq!(
            lets,
            [
                (None, false),
                (
                    Some(DeclType::Int {
                        bits: 8,
                        signed: false
                    }),
                    true
                ),
                (Some(DeclType::Str), false),
                (None, true),
            ]
        );
        // Keywords are whole words: `lethal`, `breakage()` are other names.
        let p = parse("BEGIN { lethal; breakage(); continued; whiles; unrolled }").expect("parses");
        assert!(
            p.probes[0]
                .body
                .iter()
                .all(|s| matches!(s.kind, StmtKind::Expr(_)))
        );
        // A range's ends are unary expressions, as in bpftrace.
        assert!(parse("BEGIN { for ($i : 0..$n + 1) { } }").is_err());
        assert!(parse("BEGIN { let $x: float = 1; }").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("BEGIN {{ {}1{} }}", "(".repeat(5000), ")".repeat(5000));
        let errs = parse(&src).expect_err("too deep");
        assert!(errs[0].message.contains("nests too deeply"));
    }
}
