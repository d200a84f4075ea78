//! Maps: their definition from assignments, keys, aggregations, and the
//! functions that take a map (`delete`, `has_key`, `clear`, `zero`, `print`).

use super::checker::{Checker, MapInfo};
use crate::ast::*;
use crate::builtins::Function;
use crate::diag::{Diagnostic, nearest};
use crate::script::{FormatPiece, MapKind};
use crate::types::Type;

/// Why `keys` (of `map` here) do not agree with the map's keys so far, if
/// they do not; the first keys seen become the map's.
fn check_keys(info: &mut MapInfo, map: &MapRef, keys: Vec<Type>) -> Option<Diagnostic> {
    match &info.keys {
        None => {
            info.keys = Some(keys);
            None
        }
        Some(old) if old.len() != keys.len() => Some(
            Diagnostic::error(
                format!(
                    "@{} is used with {} key{} here and {} elsewhere",
                    map.name,
                    keys.len(),
                    if keys.len() == 1 { "" } else { "s" },
                    old.len()
                ),
                map.span.clone(),
            )
            .with_label("inconsistent keys"),
        ),
        Some(old) => old
            .iter()
            .zip(&keys)
            .zip(&map.keys)
            .find(|((a, b), _)| !a.compatible(**b))
            .map(|((a, b), k)| {
                Diagnostic::error(
                    format!(
                        "@{} has {} keys, but this key is {}",
                        map.name,
                        a.describe(),
                        b.describe_with_article()
                    ),
                    k.span.clone(),
                )
                .with_label("key type mismatch")
            }),
    }
}

/// The map element named by `delete`/`has_key` arguments: `(@m[k])` or `(@m, k...)`.
pub(crate) fn map_element(args: &[Expr]) -> Option<MapRef> {
    match args {
        [
            Expr {
                kind: ExprKind::Map(m),
                ..
            },
        ] if !m.keys.is_empty() => Some(m.clone()),
        [
            Expr {
                kind: ExprKind::Map(m),
                ..
            },
            keys @ ..,
        ] if m.keys.is_empty() && !keys.is_empty() => Some(MapRef {
            name: m.name.clone(),
            // `delete(@m, (1, 2))` names the key `@m[1, 2]`.
            keys: match keys {
                [
                    Expr {
                        kind: ExprKind::Tuple(elements),
                        ..
                    },
                ] => elements.clone(),
                _ => keys.to_vec(),
            },
            span: m.span.clone(),
        }),
        _ => None,
    }
}

/// The name of a key written simply: a builtin (`comm`), a variable (`$x`:
/// `x`), a member (`args.filename`: `filename`), a stack (`kstack`), or
/// one of these in `str()`; None for anything else.
fn key_name(key: &Expr) -> Option<String> {
    match &key.kind {
        ExprKind::Builtin(builtin) => Some(builtin.name().into_owned()),
        ExprKind::Var(name) => Some(name.trim_start_matches('$').to_string()),
        ExprKind::Field { field, .. } => Some(field.clone()),
        ExprKind::Call { name, args, .. } => match (name.as_str(), args.as_slice()) {
            ("kstack" | "ustack", _) => Some(name.clone()),
            ("str" | "ksym" | "usym", [inner, ..]) => key_name(inner),
            _ => None,
        },
        _ => None,
    }
}

/// `delete(@scalar)`: a map without keys, as a whole.
fn scalar_map(args: &[Expr]) -> Option<&MapRef> {
    match args {
        [
            Expr {
                kind: ExprKind::Map(m),
                ..
            },
        ] if m.keys.is_empty() => Some(m),
        _ => None,
    }
}

impl Checker<'_> {
    /// Widens @map's string key slots to fit these key expressions.
    pub(super) fn note_key_sizes(&mut self, map: &MapRef, types: Option<&[Type]>) {
        let sizes: Vec<u32> = match types {
            // A tuple key: its strings take full slots, as in the tuple.
            Some(types) if types.len() > map.keys.len() => types
                .iter()
                .map(|t| if *t == Type::Str { self.string_size } else { 0 })
                .collect(),
            _ => map.keys.iter().map(|k| self.str_size(k)).collect(),
        };
        let narrow = match (map.keys.as_slice(), types) {
            ([k], Some([t])) => {
                self.analysis
                    .types
                    .get(&k.id)
                    .is_some_and(|t| t.is_integer())
                    && self.int_shape(k, *t).is_some_and(|s| s.fits_u32())
            }
            _ => false,
        };
        // Types and shapes are final in the strict pass.
        if self.strict {
            let all_narrow = self.key32.entry(map.name.clone()).or_insert(true);
            *all_narrow &= narrow;
            // A tuple spread into several slots has no names of its own.
            let names: Vec<Option<String>> = match types {
                Some(types) if types.len() != map.keys.len() => vec![None; types.len()],
                _ => map.keys.iter().map(key_name).collect(),
            };
            match self.key_names.get_mut(&map.name) {
                Some(known) if known.len() == names.len() => {
                    for (known, name) in known.iter_mut().zip(names) {
                        if *known != name {
                            *known = None;
                        }
                    }
                }
                Some(known) => *known = vec![None; known.len().max(names.len())],
                None => {
                    self.key_names.insert(map.name.clone(), names);
                }
            }
        }
        if let Some(info) = self.maps.get_mut(&map.name) {
            info.key_sizes
                .resize(sizes.len().max(info.key_sizes.len()), 0);
            for (slot, size) in info.key_sizes.iter_mut().zip(sizes) {
                *slot = (*slot).max(size);
            }
        }
    }

    /// The types of `map`'s keys, a tuple key spread into its elements; None
    /// when one of them has no type.
    pub(super) fn keys(&mut self, map: &MapRef) -> Option<Vec<Type>> {
        let mut types = Vec::new();
        let mut ok = true;
        for k in &map.keys {
            match self.value_expr(k) {
                // `@m[$t]` with a tuple `$t` is `@m[$t.0, $t.1, ...]`, as
                // bpftrace keys maps by tuples.
                // A record is one key, shown with its names (bpftrace 0.27).
                Some(t @ Type::Tuple(_)) if self.record_names(t).is_some() => types.push(t),
                Some(Type::Tuple(id))
                    if map.keys.len() == 1
                        && self.tuples[id as usize]
                            .iter()
                            .all(|t| !matches!(t, Type::Tuple(_))) =>
                {
                    types = self.tuples[id as usize].clone();
                }
                Some(Type::Tuple(_)) => {
                    self.error(
                        Diagnostic::error("a tuple cannot be a map key", k.span.clone())
                            .with_label("a tuple")
                            .with_hint("write the parts as keys: @m[a, b]"),
                    );
                    ok = false;
                }
                Some(t) => types.push(t),
                None => ok = false,
            }
        }
        ok.then_some(types)
    }

    /// Notes what an assignment tells of `map`: its kind, value and keys;
    /// reports what disagrees with what was seen before.
    pub(super) fn define_map(
        &mut self,
        map: &MapRef,
        keys: Option<Vec<Type>>,
        value: Option<Type>,
        value_span: &Span,
        kind: Option<MapKind>,
    ) {
        // What the map holds once this is stored: values (and keys) of two
        // enums, or of an enum and a plain integer, make plain integers.
        let (old_value, old_keys) = self
            .maps
            .get(&map.name)
            .map_or((None, None), |i| (i.value, i.keys.clone()));
        let merged_value = match (old_value, value) {
            (Some(old), Some(new)) => self.merged_type(old, new),
            _ => None,
        };
        let merged_keys = match (&old_keys, &keys) {
            (Some(old), Some(new)) if old.len() == new.len() => old
                .iter()
                .zip(new)
                .map(|(o, n)| self.merged_type(*o, *n))
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        let info = self.maps.entry(map.name.clone()).or_insert(MapInfo {
            keys: None,
            value: None,
            kind: None,
            key_sizes: Vec::new(),
            value_size: 0,
        });
        let mut problems = Vec::new();
        let empty = |t: &Type| matches!(t, Type::Tuple(id) if self.tuples.get(*id as usize).is_some_and(Vec::is_empty));
        if value.as_ref().is_some_and(empty) || keys.as_ref().is_some_and(|k| k.iter().any(empty)) {
            problems.push(
                Diagnostic::error("a map cannot hold the empty tuple ()", value_span.clone())
                    .with_label("an empty tuple")
                    .with_hint("the kernel's maps have no empty keys or values"),
            );
        }
        if let Some(kind) = kind {
            match info.kind {
                None => info.kind = Some(kind),
                Some(old) if old == kind => {}
                Some(old) if old.function() == kind.function() => {
                    let f = kind.function();
                    problems.push(
                        Diagnostic::error(
                            format!("@{} holds {f}() values of another shape", map.name),
                            value_span.clone(),
                        )
                        .with_label(format!(
                            "{f}()'s constant arguments differ from those of @{}'s first {f}()",
                            map.name
                        ))
                        .with_hint("a map keeps one shape: use a separate map for this one"),
                    );
                }
                Some(old) => {
                    let describe = |k: MapKind| match k {
                        MapKind::Plain => "plain values".to_string(),
                        other => format!("{}()", other.function()),
                    };
                    problems.push(
                        Diagnostic::error(
                            format!(
                                "@{} mixes {} and {}",
                                map.name,
                                describe(old),
                                describe(kind)
                            ),
                            value_span.clone(),
                        )
                        .with_label(format!("@{} already holds {}", map.name, describe(old)))
                        .with_hint("use a separate map for each kind of value"),
                    );
                }
            }
        }
        if let Some(t) = value {
            match info.value {
                None => info.value = Some(t),
                Some(old) if old.compatible(t) || merged_value.is_some() => {
                    info.value = merged_value.or(Some(old));
                }
                Some(old) => problems.push(
                    Diagnostic::error(
                        format!(
                            "type mismatch for @{}: it holds {}",
                            map.name,
                            old.describe_with_article()
                        ),
                        value_span.clone(),
                    )
                    .with_label(format!("this is {}", t.describe_with_article())),
                ),
            }
        }
        if let Some(k) = keys {
            match check_keys(info, map, k) {
                Some(p) => problems.push(p),
                None => {
                    if let Some(merged) = merged_keys {
                        info.keys = Some(merged);
                    }
                }
            }
        }
        for p in problems {
            self.error(p);
        }
    }

    /// `has_key(@m, k)`, `delete(@m, k)` (and `delete(@m[k])`,
    /// `delete(@scalar)`): whether the key was there (delete: and is gone).
    pub(super) fn map_membership(
        &mut self,
        e: &Expr,
        function: Function,
        name: &str,
        args: &[Expr],
    ) -> Option<Type> {
        let usage = if function == Function::Delete {
            "delete(@map[key]) or delete(@map, key)"
        } else {
            "has_key(@map, key)"
        };
        let scalar = scalar_map(args).filter(|_| function == Function::Delete);
        let Some(element) = map_element(args).or_else(|| scalar.cloned()) else {
            return self.error(
                Diagnostic::error(format!("{name}() takes a map element"), e.span.clone())
                    .with_label("not a map element")
                    .with_hint(format!("usage: {usage}")),
            );
        };
        let keys = self.keys(&element);
        self.note_key_sizes(&element, keys.as_deref());
        let Some(info) = self.maps.get_mut(&element.name) else {
            return self.error(
                Diagnostic::error(
                    format!("undefined map @{}", element.name),
                    element.span.clone(),
                )
                .with_label("never assigned in this script"),
            );
        };
        if let Some(kind) = info.kind.filter(|k| k.has_bucket_key()) {
            return self.error(
                Diagnostic::error(
                    format!(
                        "{name}() on a {}() map is not supported yet",
                        kind.function()
                    ),
                    e.span.clone(),
                )
                .with_label(format!("a {}() map", kind.function()))
                .with_hint(format!("clear(@{}) empties the whole map", element.name)),
            );
        }
        if let Some(p) = keys.and_then(|k| check_keys(info, &element, k)) {
            return self.error(p);
        }
        // Both answer whether the key was there (delete: and is gone).
        Some(Type::Bool)
    }

    /// clear(@m), zero(@m), print(@m[, top[, div]]) and print(value).
    pub(super) fn map_function(
        &mut self,
        e: &Expr,
        function: Function,
        name: &str,
        args: &[Expr],
    ) -> Option<Type> {
        let whole_map = match args.first().map(|a| &a.kind) {
            Some(ExprKind::Map(m)) if m.keys.is_empty() => Some(m),
            _ => None,
        };
        let Some(map) = whole_map else {
            if function == Function::Print && args.len() == 1 {
                // print(args), print(*p): a struct, copied whole.
                if let Some(record) = self.print_record(&args[0]) {
                    self.register_printf(e, vec![FormatPiece::Value], vec![record?]);
                    return Some(Type::Void);
                }
                // print(value): the value on a line of its own.
                self.record_values.insert(args[0].id);
                let t = self.value_expr(&args[0])?;
                self.register_printf(
                    e,
                    vec![FormatPiece::Value],
                    self.slot_kind(t, &args[0]).into_iter().collect(),
                );
                return Some(Type::Void);
            }
            return self.error(
                Diagnostic::error(format!("{name}() takes a whole map"), e.span.clone())
                    .with_label("not a map")
                    .with_hint(format!("usage: {name}(@map)")),
            );
        };
        if !self.maps.contains_key(&map.name) {
            return self.error(
                Diagnostic::error(format!("undefined map @{}", map.name), map.span.clone())
                    .with_label("never assigned in this script"),
            );
        }
        for a in &args[1..] {
            let t = self.expr(a)?;
            if !t.is_int() {
                return self.error(
                    Diagnostic::error(
                        format!("{name}()'s top and div are integers"),
                        a.span.clone(),
                    )
                    .with_label(format!("this is {}", t.describe_with_article())),
                );
            }
        }
        Some(Type::Void)
    }

    /// `@m` or `@m[k]` read in an expression: the map's value type.
    pub(super) fn map_read(&mut self, e: &Expr, map: &MapRef) -> Option<Type> {
        let keys = self.keys(map);
        self.note_key_sizes(map, keys.as_deref());
        let Some(info) = self.maps.get_mut(&map.name) else {
            let known: Vec<String> = self.maps.keys().cloned().collect();
            let mut d = Diagnostic::error(format!("undefined map @{}", map.name), e.span.clone())
                .with_label("never assigned in this script");
            if let Some(n) = nearest(&map.name, known.iter().map(String::as_str)) {
                d = d.with_hint(format!("did you mean @{n}?"));
            }
            return self.error(d);
        };
        let problem = keys.and_then(|k| check_keys(info, map, k));
        let value = info.value;
        if let Some(kind) = info
            .kind
            .filter(|k| k.has_bucket_key() || *k == MapKind::Stats)
        {
            return self.error(
                Diagnostic::error(
                    format!(
                        "@{} holds {}() values, which cannot be read in a probe",
                        map.name,
                        kind.function()
                    ),
                    e.span.clone(),
                )
                .with_label("not a value")
                .with_hint(format!("print it with print(@{})", map.name)),
            );
        }
        if let Some(p) = problem {
            return self.error(p);
        }
        if value.is_none() {
            return self.error(
                Diagnostic::error(
                    format!("cannot tell the type of @{}", map.name),
                    e.span.clone(),
                )
                .with_label("only ever assigned from itself")
                .with_hint(format!(
                    "initialise it somewhere, e.g. BEGIN {{ @{} = 0; }}",
                    map.name
                )),
            );
        }
        value
    }

    /// `len(@map)`: its number of elements; `len(kstack)`: of frames.
    pub(super) fn len_call(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        match args {
            [
                Expr {
                    kind: ExprKind::Map(m),
                    ..
                },
            ] if m.keys.is_empty() => match self.maps.get(&m.name) {
                None => self.error(
                    Diagnostic::error(format!("undefined map @{}", m.name), m.span.clone())
                        .with_label("never assigned in this script"),
                ),
                Some(MapInfo {
                    kind: Some(kind), ..
                }) if kind.has_bucket_key() => {
                    let kind = *kind;
                    self.error(
                        Diagnostic::error(
                            format!("len() of a {}() map is not supported", kind.function()),
                            e.span.clone(),
                        )
                        .with_label(format!("a {}() map", kind.function())),
                    )
                }
                // bpftrace 0.27 refuses it too ("expects a map with explicit keys").
                Some(MapInfo {
                    keys: Some(keys), ..
                }) if keys.is_empty() => self.error(
                    Diagnostic::error(
                        format!("len() counts the keys of a map, and @{} has none", m.name),
                        e.span.clone(),
                    )
                    .with_label("a map without keys")
                    .with_hint("len() takes a map with keys, such as @m[pid]"),
                ),
                Some(_) => Some(Type::Int { signed: false }),
            },
            // len(kstack): the number of frames.
            [a] if !matches!(a.kind, ExprKind::Map(_))
                && matches!(self.expr(a), Some(Type::Stack(_))) =>
            {
                Some(Type::Int { signed: false })
            }
            _ => self.error(
                Diagnostic::error("len() takes a whole map", e.span.clone())
                    .with_label("not a map")
                    .with_hint("usage: len(@map)"),
            ),
        }
    }
}
