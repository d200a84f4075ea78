//! `find(@map, key, $var)`: whether the key is in the map, and if it is,
//! its value stored in `$var` (left alone otherwise), as current bpftrace.

use super::checker::Checker;
use super::{map_element, positional_index};
use crate::ast::{Expr, ExprKind};
use crate::builtins::Function;
use crate::diag::Diagnostic;
use crate::types::Type;

const USAGE: &str = "usage: find(@map, key, $value): if (find(@m, 1, $v)) { print($v); }";

impl Checker<'_> {
    pub(super) fn find(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        // The declaration has counted the arguments.
        let [map, _key, var] = args else {
            return None;
        };
        let ExprKind::Var(name) = &var.kind else {
            return self.error(
                Diagnostic::error("find() stores the value in a variable", var.span.clone())
                    .with_label("not a $variable")
                    .with_hint(USAGE),
            );
        };
        if positional_index(name).is_some() || name == "$#" {
            return self.error(
                Diagnostic::error(
                    format!("{name} is a positional parameter and cannot be assigned"),
                    var.span.clone(),
                )
                .with_label("read-only"),
            );
        }
        let ExprKind::Map(m) = &map.kind else {
            return self.error(
                Diagnostic::error("find() looks in a map", map.span.clone())
                    .with_label("not a map")
                    .with_hint(USAGE),
            );
        };
        if !m.keys.is_empty() {
            return self.error(
                Diagnostic::error("find() takes the map and the key apart", map.span.clone())
                    .with_label("a map element")
                    .with_hint(format!("find(@{}, key, $value)", m.name)),
            );
        }
        // The key's checks are has_key()'s.
        self.map_membership(e, Function::HasKey, "find", &args[..2])?;
        let element = map_element(&args[..2])?;
        let value = self.maps.get(&element.name).and_then(|info| info.value)?;
        let value = match value {
            // count(), sum(), ...: the total, as a read gives it.
            _ if self
                .maps
                .get(&element.name)
                .and_then(|info| info.kind)
                .is_some_and(|k| k.is_aggregation()) =>
            {
                // The read stands for the map argument, so it takes that
                // node's id (see `ast::NodeId`).
                self.expr(&Expr {
                    id: map.id,
                    ..Expr::new(ExprKind::Map(element.clone()), element.span.clone())
                })?
            }
            other => other,
        };
        let slot = self.assigned_slot(name, var.id);
        if value == Type::Str {
            self.var_sizes
                .insert((self.current, slot.clone()), self.string_size);
        }
        let vars = &mut self.probes[self.current].vars;
        match vars.get(&slot) {
            None => {
                vars.insert(slot, value);
            }
            Some(old) if old.compatible(value) => {}
            Some(old) => {
                let old = *old;
                return self.error(
                    Diagnostic::error(
                        format!(
                            "type mismatch for {name}: it holds {}",
                            old.describe_with_article()
                        ),
                        var.span.clone(),
                    )
                    .with_label(format!(
                        "the values of @{} are {}",
                        element.name,
                        value.describe_with_article()
                    )),
                );
            }
        }
        Some(Type::Bool)
    }
}
