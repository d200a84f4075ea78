//! Map declarations, `let @name = KIND(ENTRIES);` before the probes: the
//! BPF map kind (`hash`, `lruhash`, `percpuhash`, `percpulruhash`) and the
//! number of entries of one map, in place of the `max_map_keys` default.

use super::checker::Checker;
use crate::ast::MapDecl;
use crate::diag::Diagnostic;
use crate::script::MapStorage;

/// What a declaration asks for, once checked.
#[derive(Debug, Clone)]
pub(super) struct Declared {
    pub storage: MapStorage,
    pub entries: u32,
    pub decl: MapDecl,
}

impl Checker<'_> {
    /// Checks the declarations and keeps them by map name.
    pub(super) fn declare_maps(&mut self, decls: &[MapDecl]) {
        for d in decls {
            let shown = format!("@{}", d.name);
            if self.declared.contains_key(&d.name) {
                self.diags.push(
                    Diagnostic::error(format!("{shown} is declared twice"), d.span.clone())
                        .with_label("a second declaration"),
                );
                continue;
            }
            let Some(storage) = MapStorage::from_name(&d.kind) else {
                let mut diag = Diagnostic::error(
                    format!("unknown map kind '{}'", d.kind),
                    d.kind_span.clone(),
                )
                .with_label("not a map kind")
                .with_hint(format!("the kinds are {}", MapStorage::NAMES.join(", ")));
                if let Some(near) = crate::diag::nearest(&d.kind, MapStorage::NAMES) {
                    diag = diag.with_hint(format!("did you mean {near}?"));
                }
                self.diags.push(diag);
                continue;
            };
            let entries = match u32::try_from(d.entries) {
                Ok(n) if n > 0 => n,
                _ => {
                    self.diags.push(
                        Diagnostic::error(
                            format!("{shown} needs 1 to {} entries", u32::MAX),
                            d.entries_span.clone(),
                        )
                        .with_label(format!("{} entries", d.entries)),
                    );
                    continue;
                }
            };
            self.declared.insert(
                d.name.clone(),
                Declared {
                    storage,
                    entries,
                    decl: d.clone(),
                },
            );
        }
    }

    /// After the probes are checked: aggregations need a per-CPU kind, and a
    /// declared map no probe uses is worth a warning.
    pub(super) fn check_declared_maps(&mut self) {
        let mut found = Vec::new();
        for (name, declared) in &self.declared {
            let d = &declared.decl;
            match self.maps.get(name).and_then(|info| info.kind) {
                None => found.push(
                    Diagnostic::warning(
                        format!("@{name} is declared but never used"),
                        d.span.clone(),
                    )
                    .with_label("unused map"),
                ),
                Some(kind) if kind.is_aggregation() && !declared.storage.per_cpu => found.push(
                    Diagnostic::error(
                        format!(
                            "@{name} holds {}(), which keeps a value per CPU, but is declared {}",
                            kind.function(),
                            d.kind
                        ),
                        d.kind_span.clone(),
                    )
                    .with_label("not a per-CPU kind")
                    .with_hint(format!(
                        "declare it let @{name} = {}({});",
                        if declared.storage.lru {
                            "percpulruhash"
                        } else {
                            "percpuhash"
                        },
                        d.entries
                    )),
                ),
                Some(_) => {}
            }
        }
        // Declarations in the script's order, whatever the map's.
        found.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        self.diags.append(&mut found);
    }
}
