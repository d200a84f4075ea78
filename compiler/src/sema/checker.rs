//! The `Checker`: the state every pass shares, and its small helpers (string
//! sizes, tuple interning, slot layouts, `fail`/`error`).

use super::Options;
use super::analysis::{Analysis, ProbeAnalysis};
use super::functions::CallInfo;
use super::int_shapes;
use super::loops::LoopKind;
use super::map_decls;
use super::positional::{Positional, positional_index, positional_text, positional_value};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::kernel::{FieldKind, Kernel};
use crate::script::{MapKind, ValueKind};
use crate::types::Type;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone)]
pub(super) struct MapInfo {
    pub(super) keys: Option<Vec<Type>>,
    pub(super) value: Option<Type>,
    pub(super) kind: Option<MapKind>,
    /// Bytes the longest string stored in each key slot / the value needs.
    pub(super) key_sizes: Vec<u32>,
    pub(super) value_size: u32,
}

pub(super) struct Checker<'k> {
    /// Kernel types (BTF) for casts, `curtask` and member chains.
    pub(super) kernel: &'k dyn Kernel,
    /// The struct definitions of the script, laid out.
    pub(super) script_types: &'k crate::ctypes::ScriptTypes,
    pub(super) strict: bool,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) maps: BTreeMap<String, MapInfo>,
    pub(super) probes: Vec<ProbeAnalysis>,
    pub(super) current: usize,
    pub(super) analysis: Analysis,
    pub(super) max_map_keys: u32,
    /// `--metrics` is on: hist and lhist maps keep their sums too.
    pub(super) bucket_sums: bool,
    /// (probe, variable) → bytes of the longest string assigned to it.
    pub(super) var_sizes: HashMap<(usize, String), u32>,
    /// Map → whether every key written so far is one unsigned integer of at
    /// most 32 bits (`MapSpec::key32`).
    pub(super) key32: HashMap<String, bool>,
    /// Map → what each key slot is named by every write so far
    /// (`MapSpec::key_names`; an inner None: written two ways, or not simply).
    pub(super) key_names: HashMap<String, Vec<Option<String>>>,
    pub(super) positional: Vec<String>,
    /// `--name=value` arguments for getopt().
    pub(super) named_args: Vec<(String, Option<String>)>,
    pub(super) has_command: bool,
    /// Element types of every tuple type, indexed by `Type::Tuple`.
    pub(super) tuples: Vec<Vec<Type>>,
    /// The enumerators (value, name) of every enum a value is of, indexed by
    /// `Type::Enum`'s id: one entry per list of enumerators.
    pub(super) enums: Vec<Vec<(u64, String)>>,
    /// Variables (`probe:slot`) given values of two enums, or of an enum and
    /// a plain integer: they hold plain integers from their first
    /// assignment on (kept across the inference passes, as `signed_holders`).
    pub(super) numeric_holders: std::collections::HashSet<String>,
    /// The element names of each tuple type that is a record (same index).
    pub(super) tuple_names: Vec<Option<Vec<String>>>,
    /// The loops enclosing the statement being checked, innermost last.
    pub(super) loops: Vec<LoopKind>,
    /// The probe's variables by block (see `scope.rs`).
    pub(super) scopes: crate::scope::Scopes,
    /// Slots declared with a narrower integer type: (bits, signed).
    pub(super) widths: HashMap<String, (u8, bool)>,
    /// The integer types bpftrace gives variables and map values, to find
    /// assignments no type holds (`int_shapes.rs`).
    /// (`None`: some value of a type not known here was assigned.)
    pub(super) var_shapes: HashMap<String, Option<int_shapes::IntShape>>,
    pub(super) map_shapes: HashMap<String, Option<int_shapes::IntShape>>,
    /// The shape of each arithmetic expression, noted when it is
    /// checked, after its operands: `int_shape` looks it up, so a long
    /// chain `a + b + c + ...` is not walked again at every level.
    pub(super) binary_shapes: HashMap<NodeId, Option<int_shapes::IntShape>>,
    /// Variables (`probe:slot`) and maps (`@name`) that hold signed values
    /// because a signed one was assigned after an unsigned one; kept across
    /// the inference passes so that the first assignment already says so.
    pub(super) signed_holders: std::collections::HashSet<String>,
    /// `let @m = KIND(N);` declarations, by map name.
    pub(super) declared: HashMap<String, map_decls::Declared>,
    /// How `kstack`/`ustack` print when no mode is given.
    pub(super) stack_mode: crate::script::StackMode,
    /// How a `ustack` printed where it is made finds its frames.
    pub(super) ustack_unwind: crate::script::Unwind,
    /// The expressions that are a printf()'s or print()'s values as they
    /// are: a `ustack` there may be unwound from CFI (its copy goes with the
    /// record); one anywhere else (a map key, a variable) walks frame
    /// pointers, since its frames must be found again by hash.
    pub(super) record_values: std::collections::HashSet<crate::ast::NodeId>,
    /// `--unsafe` was given.
    pub(super) allow_unsafe: bool,
    /// `config().NAME`'s values.
    pub(super) config_values: Vec<(&'static str, super::config_values::ConfigValue)>,
    /// strftime() formats; a timestamp's record holds its index here.
    pub(super) formats: Vec<String>,
    /// Warnings of the strict pass (buf() lengths shortened...).
    pub(super) warnings: Vec<Diagnostic>,
    /// How many bytes a string value takes, NUL included (`Options::string_size`).
    pub(super) string_size: u32,
}

/// The layout of `t`, tuples element by element (their strings in full
/// slots of `string_size` bytes); a record's elements with their names,
/// enums with their enumerators.
pub(super) fn tuple_layout(
    tuples: &[Vec<Type>],
    names: &[Option<Vec<String>>],
    enums: &[Vec<(u64, String)>],
    formats: &[String],
    string_size: u32,
    t: Type,
) -> Option<ValueKind> {
    match t {
        Type::Tuple(id) => {
            let elements = tuples
                .get(id as usize)?
                .iter()
                .map(|e| tuple_layout(tuples, names, enums, formats, string_size, *e))
                .collect::<Option<Vec<_>>>()?;
            Some(match names.get(id as usize).cloned().flatten() {
                Some(names) => ValueKind::NamedTuple { names, elements },
                None => ValueKind::Tuple(elements),
            })
        }
        Type::Enum { id, signed } => Some(ValueKind::Enum {
            signed,
            names: enums.get(id as usize)?.clone(),
        }),
        Type::Timestamp => Some(ValueKind::Timestamp {
            formats: formats.to_vec(),
        }),
        Type::CgroupPath => Some(ValueKind::CgroupPath {
            filters: formats.to_vec(),
        }),
        other => other.value_kind(string_size),
    }
}

/// An integer literal, possibly negated.
pub(super) fn constant_int(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Int(v) => i64::try_from(*v).ok(),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => constant_int(operand).map(|v| -v),
        _ => None,
    }
}

impl<'k> Checker<'k> {
    /// A checker before the first pass: nothing inferred yet, lenient.
    pub(super) fn new(
        kernel: &'k dyn Kernel,
        script_types: &'k crate::ctypes::ScriptTypes,
        probes: Vec<ProbeAnalysis>,
        options: &Options,
    ) -> Self {
        Checker {
            script_types,
            strict: false,
            diags: Vec::new(),
            maps: BTreeMap::new(),
            probes,
            current: 0,
            analysis: Analysis {
                string_size: options.string_size(),
                max_strlen: options.max_strlen.clamp(8, crate::script::MAX_STRING_SIZE),
                str_trunc_trailer: options.str_trunc_trailer.clone(),
                ..Analysis::default()
            },
            max_map_keys: options.max_map_keys,
            bucket_sums: options.metrics.is_some(),
            var_sizes: HashMap::new(),
            key32: HashMap::new(),
            key_names: HashMap::new(),
            positional: options.positional.clone(),
            has_command: options.has_command,
            named_args: options.named_args.clone(),
            tuples: Vec::new(),
            enums: Vec::new(),
            numeric_holders: Default::default(),
            tuple_names: Vec::new(),
            loops: Vec::new(),
            scopes: crate::scope::Scopes::default(),
            widths: HashMap::new(),
            var_shapes: HashMap::new(),
            binary_shapes: HashMap::new(),
            map_shapes: HashMap::new(),
            signed_holders: Default::default(),
            declared: HashMap::new(),
            kernel,
            stack_mode: options.stack_mode,
            ustack_unwind: options.ustack_unwind,
            record_values: Default::default(),
            allow_unsafe: options.allow_unsafe,
            formats: Vec::new(),
            warnings: Vec::new(),
            string_size: options.string_size(),
            config_values: super::config_values::config_values(options),
        }
    }

    /// Grows while inference learns something: types, or longer strings.
    pub(super) fn known_types(&self) -> usize {
        self.maps
            .values()
            .map(|m| {
                usize::from(m.value.is_some())
                    + m.value_size as usize
                    + m.key_sizes.iter().map(|s| *s as usize).sum::<usize>()
            })
            .sum::<usize>()
            + self.var_sizes.values().map(|s| *s as usize).sum::<usize>()
            + self.signed_holders.len()
            + self.numeric_holders.len()
    }

    /// The string variable of `slot` in this probe needs at least `size` bytes.
    pub(super) fn grow_var_size(&mut self, slot: &str, size: u32) {
        let entry = self
            .var_sizes
            .entry((self.current, slot.to_string()))
            .or_insert(0);
        *entry = (*entry).max(size);
    }

    /// Bytes a string expression can need, NUL included, in a multiple of 8:
    /// 16 for `comm`, a literal's length, `str(p, n)`'s n, a field's width.
    pub(super) fn str_size(&self, e: &Expr) -> u32 {
        let round = |n: u64| {
            u32::try_from(n.div_ceil(8) * 8)
                .unwrap_or(self.string_size)
                .clamp(8, self.string_size)
        };
        match &e.kind {
            ExprKind::Str(bytes) => round(bytes.len() as u64 + 1),
            ExprKind::Builtin(Builtin::Comm | Builtin::Pcomm | Builtin::LeaderComm) => 16,
            ExprKind::Call { name, args, .. } if name == "str" => {
                match args.get(1).and_then(constant_int) {
                    Some(n) if n >= 0 => round(n as u64 + 1),
                    _ => self.string_size,
                }
            }
            ExprKind::Field { base, field, .. }
                if matches!(&base.kind, ExprKind::Builtin(Builtin::Args)) =>
            {
                let probe = &self.probes[self.current];
                probe
                    .formats
                    .iter()
                    .flatten()
                    .filter_map(|f| f.field(field))
                    .map(|f| match f.kind {
                        FieldKind::CharArray => round(u64::from(f.size) + 1),
                        _ => self.string_size,
                    })
                    .max()
                    .unwrap_or(self.string_size)
            }
            ExprKind::Var(name) if positional_index(name).is_some() => {
                match positional_value(&self.positional, name) {
                    Some(Positional::Text(t)) => round(t.len() as u64 + 1),
                    _ => self.string_size,
                }
            }
            ExprKind::Call { name, args, .. }
                if name == "str" && positional_text(args).is_some() =>
            {
                match positional_text(args) {
                    Some((index, _)) => self
                        .positional
                        .get(index - 1)
                        .map_or(self.string_size, |t| round(t.len() as u64 + 1)),
                    None => self.string_size,
                }
            }
            ExprKind::Var(name) => self
                .scopes
                .lookup(name)
                .and_then(|v| self.var_sizes.get(&(self.current, v.slot.clone())))
                .copied()
                .unwrap_or(self.string_size),
            ExprKind::Map(m) => self
                .maps
                .get(&m.name)
                .map(|i| i.value_size)
                .filter(|s| *s > 0)
                .unwrap_or(self.string_size),
            ExprKind::Ternary {
                then, otherwise, ..
            } => self.str_size(then).max(self.str_size(otherwise)),
            _ => self.string_size,
        }
    }

    /// The slot layout of a value of type `t` computed by `e`.
    pub(super) fn slot_kind(&self, t: Type, e: &Expr) -> Option<ValueKind> {
        match t {
            Type::Str => Some(ValueKind::Str {
                size: self.str_size(e),
            }),
            other => self.layout(other),
        }
    }

    /// The layout of a value of type `t` (strings in full slots).
    pub(super) fn layout(&self, t: Type) -> Option<ValueKind> {
        tuple_layout(
            &self.tuples,
            &self.tuple_names,
            &self.enums,
            &self.formats,
            self.string_size,
            t,
        )
    }

    /// The enum type with these enumerators (one id per list).
    pub(super) fn intern_enum(&mut self, names: Vec<(u64, String)>, signed: bool) -> Type {
        let id = match self.enums.iter().position(|e| *e == names) {
            Some(i) => i,
            None => {
                self.enums.push(names);
                self.enums.len() - 1
            }
        };
        Type::Enum {
            id: id as u32,
            signed,
        }
    }

    /// What a holder (a map's value or key, a variable) of type `old` holds
    /// once `new` is assigned to it: `old` when they are one type (or
    /// compatible ones, as `Type::compatible` says); a plain integer for an
    /// enum's value and another enum's or a plain integer's (or an address
    /// and a plain integer), which bpftrace then prints as numbers (in
    /// tuples element by element); None when they do not go together.
    pub(super) fn merged_type(&mut self, old: Type, new: Type) -> Option<Type> {
        let int_like = |t: Type| t.is_integer();
        let shown = |t: Type| matches!(t, Type::Enum { .. } | Type::Address);
        match (old, new) {
            _ if old == new => Some(old),
            _ if (shown(old) || shown(new)) && int_like(old) && int_like(new) => {
                let signed = |t: Type| matches!(t.as_arith(), Type::Int { signed: true });
                Some(Type::Int {
                    signed: signed(old) || signed(new),
                })
            }
            (Type::Tuple(a), Type::Tuple(b)) => {
                let (xs, ys) = (
                    self.tuples.get(a as usize)?.clone(),
                    self.tuples.get(b as usize)?.clone(),
                );
                if xs.len() != ys.len() {
                    return None;
                }
                let mut merged = Vec::with_capacity(xs.len());
                for (x, y) in xs.into_iter().zip(ys) {
                    // Only enums and addresses make two tuples of one
                    // shape differ here; other differences stay what
                    // `compatible` says.
                    let enum_pair = int_like(x) && int_like(y) && (shown(x) || shown(y));
                    let tuple_pair = matches!((x, y), (Type::Tuple(_), Type::Tuple(_)));
                    if x != y && !enum_pair && !tuple_pair {
                        return None;
                    }
                    merged.push(self.merged_type(x, y)?);
                }
                // A record keeps its element names (two records of one
                // shape but other names do not go together).
                let names = self.tuple_names.get(a as usize).cloned().flatten();
                if names != self.tuple_names.get(b as usize).cloned().flatten() {
                    return None;
                }
                Some(self.intern_named_tuple(merged, names))
            }
            _ if old.compatible(new) => Some(old),
            _ => None,
        }
    }

    /// The tuple type with these elements (one id per shape).
    pub(super) fn intern_tuple(&mut self, elements: Vec<Type>) -> Type {
        self.intern_named_tuple(elements, None)
    }

    /// The tuple type with these elements and, for a record, these names
    /// (one id per shape and names).
    pub(super) fn intern_named_tuple(
        &mut self,
        elements: Vec<Type>,
        names: Option<Vec<String>>,
    ) -> Type {
        let found = (0..self.tuples.len())
            .find(|i| self.tuples[*i] == elements && self.tuple_names.get(*i) == Some(&names));
        let id = found.unwrap_or_else(|| {
            self.tuples.push(elements);
            self.tuple_names.push(names);
            self.tuples.len() - 1
        });
        Type::Tuple(id as u32)
    }

    /// The element names of the record type `t` (None for anything else).
    pub(super) fn record_names(&self, t: Type) -> Option<&[String]> {
        match t {
            Type::Tuple(id) => self.tuple_names.get(id as usize)?.as_deref(),
            _ => None,
        }
    }

    /// `e`'s type when it is an integer (or a pointer); else an error that
    /// says `{what}, this is {its type}` with `label` and the usage.
    pub(super) fn expect_int(
        &mut self,
        e: &Expr,
        what: &str,
        label: &str,
        usage: &str,
    ) -> Option<Type> {
        let t = self.expr(e)?;
        if t.is_int() {
            return Some(t);
        }
        self.fail(
            Diagnostic::error(
                format!("{what}, this is {}", t.describe_with_article()),
                e.span.clone(),
            )
            .with_label(label.to_string())
            .with_hint(format!("usage: {usage}")),
        )
    }

    /// Reports `d` (in the strict pass) for a check that yields no value.
    pub(super) fn fail<T>(&mut self, d: Diagnostic) -> Option<T> {
        self.error(d);
        None
    }

    /// Reports error `d`, in the strict pass only: the lenient passes run
    /// before the types are known, so what they find may not hold.
    pub(super) fn error(&mut self, d: Diagnostic) -> Option<Type> {
        if self.strict {
            self.diags.push(d);
        }
        None
    }

    /// Reports warning `d` with the analysis's own warnings, in the strict
    /// pass only (once, whatever the number of passes).
    pub(super) fn warn(&mut self, d: Diagnostic) {
        if self.strict {
            self.warnings.push(d);
        }
    }

    /// Records what codegen needs to know of call (or builtin) `e`. A
    /// constant is recorded in every pass: an `if` it decides must leave
    /// its unreached branch out of the early passes too (see `constant_if`).
    /// Records that call `e` evaluates to the string `text`
    /// (`CallInfo::Text`).
    pub(super) fn note_text(&mut self, e: &Expr, text: Vec<u8>) {
        if self.strict {
            let index = self.analysis.texts.len() as u32;
            self.analysis.texts.push(text);
            self.note_call(e, CallInfo::Text(index));
        }
    }

    pub(super) fn note_call(&mut self, e: &Expr, info: CallInfo) {
        if self.strict || matches!(info, CallInfo::Constant(_)) {
            self.analysis.calls.insert(e.id, info);
        }
    }
}
