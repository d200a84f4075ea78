//! Top-level items: probes and their attach points, the config block, map
//! declarations, macros, and struct, enum and typedef definitions.

use super::expressions::{build_expr, build_map_ref};
use super::literals::{parse_integer, unescape};
use super::statements::build_block;
use super::{Rule, internal, span_of};
use crate::ast::*;
use crate::diag::Diagnostic;
use pest::iterators::Pair;

pub(super) fn build_config_item(pair: Pair<Rule>) -> Result<ConfigItem, Diagnostic> {
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
pub(super) fn build_struct(pair: Pair<Rule>) -> Result<Vec<StructDef>, Diagnostic> {
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
pub(super) fn build_enum(pair: Pair<Rule>) -> Result<EnumDef, Diagnostic> {
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
pub(super) fn build_macro(pair: Pair<Rule>, text: &str) -> Result<MacroDef, Diagnostic> {
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
                value = matches!(body.last(), Some(Stmt { kind: StmtKind::Expr(_), span, .. }) if text
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
pub(super) fn build_typedef(pair: Pair<Rule>) -> Result<TypedefDef, Diagnostic> {
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

pub(super) fn build_probe(pair: Pair<Rule>) -> Result<Probe, Diagnostic> {
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

pub(super) fn build_map_decl(pair: Pair<Rule>) -> Result<MapDecl, Diagnostic> {
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
