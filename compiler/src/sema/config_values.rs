//! `config().NAME`: the value of a config variable as the script compiles
//! with it (its `config = { ... }` block, the environment, the defaults),
//! a constant. bpftrace 0.27.1's `config()` is a record of every variable;
//! Sonde has no record values, so only its fields are read, and only those
//! of the variables Sonde has.

use super::checker::Checker;
use super::functions::CallInfo;
use crate::ast::{Expr, Span};
use crate::diag::{Diagnostic, nearest};
use crate::options::Options;
use crate::script::MissingProbes;
use crate::types::Type;

/// A config variable's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ConfigValue {
    Int(u64),
    Bool(bool),
    /// An enum's name (`stack_mode = perf`), a string.
    Word(&'static str),
}

/// The config variables Sonde has, as `config()` names them.
pub(super) fn config_values(options: &Options) -> Vec<(&'static str, ConfigValue)> {
    let missing = match options.missing_probes {
        MissingProbes::Error => "error",
        MissingProbes::Warn => "warn",
        MissingProbes::Ignore => "ignore",
    };
    vec![
        (
            "max_strlen",
            ConfigValue::Int(u64::from(options.max_strlen)),
        ),
        (
            "max_map_keys",
            ConfigValue::Int(u64::from(options.max_map_keys)),
        ),
        ("max_cat_bytes", ConfigValue::Int(options.max_cat_bytes)),
        ("max_probes", ConfigValue::Int(options.max_probes as u64)),
        (
            "max_bpf_progs",
            ConfigValue::Int(options.max_programs as u64),
        ),
        // 0: the default, chosen at run time (as bpftrace shows it).
        (
            "perf_rb_pages",
            ConfigValue::Int(u64::from(options.ring_pages.unwrap_or(0))),
        ),
        (
            "print_maps_on_exit",
            ConfigValue::Bool(options.print_maps_on_exit),
        ),
        ("stack_mode", ConfigValue::Word(options.stack_mode.name())),
        ("missing_probes", ConfigValue::Word(missing)),
        ("license", ConfigValue::Word("GPL")),
    ]
}

impl Checker<'_> {
    /// `config().NAME`: the variable's value, a constant.
    pub(super) fn config_field(
        &mut self,
        e: &Expr,
        field: &str,
        field_span: &Span,
    ) -> Option<Type> {
        let Some((_, value)) = self.config_values.iter().find(|(n, _)| *n == field) else {
            let mut d = Diagnostic::error(
                format!("config() has no field named '{field}'"),
                field_span.clone(),
            )
            .with_label("not a config variable Sonde has");
            if let Some(n) = nearest(field, self.config_values.iter().map(|(n, _)| *n)) {
                d = d.with_hint(format!("did you mean '{n}'?"));
            }
            return self.error(d);
        };
        match value.clone() {
            ConfigValue::Int(v) => {
                self.note_call(e, CallInfo::Constant(v));
                Some(Type::Int { signed: false })
            }
            ConfigValue::Bool(b) => {
                self.note_call(e, CallInfo::Constant(u64::from(b)));
                Some(Type::Bool)
            }
            ConfigValue::Word(w) => {
                self.note_text(e, w.as_bytes().to_vec());
                Some(Type::Str)
            }
        }
    }

    /// `config()` itself, not one of its fields.
    pub(super) fn config_record(&mut self, e: &Expr) -> Option<Type> {
        self.error(
            Diagnostic::error(
                "config() can only be read by its fields here: Sonde has no record values",
                e.span.clone(),
            )
            .with_label("the record of config variables")
            .with_hint("read one: config().max_strlen, config().stack_mode"),
        )
    }
}
