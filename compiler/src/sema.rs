//! Semantic passes: resolve probes, infer map and variable types, check every
//! expression and call. The result (`Analysis`) is what codegen reads; codegen
//! never reports a user error itself.

use crate::ast::*;
use crate::btf_access::{self, MemberRead};
use crate::builtins::{Builtin, Function};
use crate::diag::{Diagnostic, nearest};
use crate::kernel::{FieldKind, Kernel, TracepointField, TracepointFormat};
use crate::printf_format;
use crate::probes::{self, ContextKind};
use crate::script::{
    Attach, FormatPiece, JOIN_MAX_ELEMENTS, MapKind, MapSpec, PrintfSpec, UsdtArgument,
    UsdtLocation, ValueKind, string_size,
};
use crate::types::Type;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod stacks;
pub use stacks::SymbolAddress;

mod compile_time;
mod enums;
mod find;
mod functions;
mod getopt;
mod int_shapes;
mod map_decls;
mod pointers;
mod records;
mod system;
pub use functions::{ByteSource, CallInfo, Clock};

/// bpftrace's default map size.
pub const DEFAULT_MAP_ENTRIES: u32 = 4096;

#[derive(Debug, Default)]
pub struct Analysis {
    pub probes: Vec<ProbeAnalysis>,
    pub maps: Vec<MapSpec>,
    map_ids: HashMap<String, usize>,
    pub printfs: Vec<PrintfSpec>,
    printf_ids: HashMap<usize, u64>,
    types: HashMap<(usize, usize), Type>,
    /// CPUs a per-CPU map has slots for (reads of aggregations visit each).
    pub possible_cpus: u32,
    /// Element types of each `Type::Tuple`.
    pub tuples: Vec<Vec<Type>>,
    /// Probes skipped under `missing_probes = "warn"`.
    pub warnings: Vec<Diagnostic>,
    /// The script's arguments, for `$1`... and `$#`.
    pub positional: Vec<String>,
    /// `-p PID`: every probe but BEGIN, END and timers filters on it.
    pub pid: Option<u32>,
    /// Sonde's pid namespace when it is not the initial one: `pid`, `tid`
    /// and `-p` are then seen from it (bpf_get_ns_current_pid_tgid).
    pub pid_namespace: Option<(u64, u64)>,
    /// Bytes a string `==`/`!=` must compare (by its span).
    compare_bytes: HashMap<(usize, usize), u32>,
    /// Arithmetic computed in 32 bits (by its span): see
    /// `int_shapes::Checker::note_arith_shape`.
    wraps_at_32: HashSet<(usize, usize)>,
    /// How each member access on a kernel type reads (by its span).
    members: HashMap<(usize, usize), MemberRead>,
    /// How each `base[index]` reads (by its span).
    indexes: HashMap<(usize, usize), btf_access::IndexRead>,
    /// Binary operations on pointers (by span): how they scale.
    pointer_arith: HashMap<(usize, usize), btf_access::PointerArith>,
    pub missing_probes: crate::script::MissingProbes,
    pub ring_pages: Option<u32>,
    pub print_maps_on_exit: bool,
    pub max_cat_bytes: u64,
    pub max_probes: usize,
    pub max_programs: usize,
    /// The variable slot (see `scope.rs`) each variable use, assignment,
    /// `let` and loop names, by span.
    var_slots: HashMap<(usize, usize), String>,
    /// Assignments (and `++`/`--` expressions) to variables declared with a narrower integer type
    /// (`let $x: uint8`): bits and signedness the stored value takes.
    store_widths: HashMap<(usize, usize), (u8, bool)>,
    /// The limits of the script's `kstack`/`ustack` values (a stack map each).
    pub stack_limits: BTreeSet<u32>,
    /// `kaddr`/`uaddr` values by (span, attach point name; "" for kaddr).
    addresses: HashMap<(usize, usize, String), SymbolAddress>,
    /// Entries of each stack map (`max_map_keys`).
    pub stack_map_entries: u32,
    /// strftime() formats and cgroup_path() filters: a timestamp's or cgroup
    /// path's value holds the index of its own here.
    pub user_strings: Vec<String>,
    /// What sema decided about calls of the newer functions (by span).
    calls: HashMap<(usize, usize), CallInfo>,
    /// `if` statements (by span) whose condition is known when the script
    /// compiles: whether the then-branch is the one that runs. The other is
    /// neither compiled nor held to its errors (`is_str(x)` in a macro picks
    /// the code that suits x).
    constant_ifs: HashMap<(usize, usize), bool>,
    /// Strings that calls evaluate to (`CallInfo::Text`).
    texts: Vec<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct ProbeAnalysis {
    pub attaches: Vec<Attach>,
    /// The tracepoint format of each attach point (None for other kinds).
    pub formats: Vec<Option<TracepointFormat>>,
    /// The body reads `args` or `probe`, so every attach point needs its own program.
    pub per_attach: bool,
    pub vars: BTreeMap<String, Type>,
}

impl Analysis {
    /// How a value of type `t` is laid out (strings in tuples take full slots).
    pub fn layout(&self, t: Type) -> Option<ValueKind> {
        tuple_layout(&self.tuples, &self.user_strings, t)
    }

    /// What sema decided about the call `e` (sizeof's value, ntop's source...).
    pub fn call_info(&self, e: &Expr) -> Option<&CallInfo> {
        self.calls.get(&(e.span.start, e.span.end))
    }

    /// For an `if` statement whose condition is known when the script
    /// compiles: whether its then-branch is the one that runs.
    pub fn constant_if(&self, s: &crate::ast::Stmt) -> Option<bool> {
        self.constant_ifs.get(&(s.span.start, s.span.end)).copied()
    }

    /// The string of a `CallInfo::Text`.
    pub fn text(&self, index: u32) -> Option<&[u8]> {
        self.texts.get(index as usize).map(Vec::as_slice)
    }

    pub fn type_of(&self, e: &Expr) -> Type {
        self.types
            .get(&(e.span.start, e.span.end))
            .copied()
            .unwrap_or(Type::Void)
    }

    pub fn map(&self, name: &str) -> Option<(usize, &MapSpec)> {
        self.map_ids.get(name).map(|i| (*i, &self.maps[*i]))
    }

    /// The arithmetic `e` is computed in 32 bits: its result is the low
    /// half, extended by its signedness (C's `unsigned int`/`int`).
    pub fn wraps_at_32(&self, e: &Expr) -> bool {
        self.wraps_at_32.contains(&(e.span.start, e.span.end))
    }

    /// How many bytes of the two strings of comparison `e` can differ.
    pub fn compare_bytes(&self, e: &Expr) -> u32 {
        self.compare_bytes
            .get(&(e.span.start, e.span.end))
            .copied()
            .unwrap_or(string_size())
    }

    /// How the member access `e` (on a kernel pointer or struct) reads.
    pub fn member_read(&self, e: &Expr) -> Option<MemberRead> {
        self.members.get(&(e.span.start, e.span.end)).copied()
    }

    /// How the index expression `e` reads.
    pub fn index_read(&self, e: &Expr) -> Option<btf_access::IndexRead> {
        self.indexes.get(&(e.span.start, e.span.end)).copied()
    }

    /// How the binary operation `e` on a pointer scales, if it is one.
    pub fn pointer_arith(&self, e: &Expr) -> Option<btf_access::PointerArith> {
        self.pointer_arith.get(&(e.span.start, e.span.end)).copied()
    }

    pub fn printf_id(&self, call: &Expr) -> Option<u64> {
        self.printf_ids.get(&call.span.start).copied()
    }

    /// The slot of the variable named at `span` (a `$x` expression, an
    /// assignment, a `let` or a loop statement).
    pub fn var_slot(&self, span: &Span) -> Option<&str> {
        self.var_slots
            .get(&(span.start, span.end))
            .map(String::as_str)
    }

    /// (bits, signed) an assignment statement's value is converted to.
    pub fn store_width(&self, stmt: &Stmt) -> Option<(u8, bool)> {
        self.store_widths
            .get(&(stmt.span.start, stmt.span.end))
            .copied()
    }

    /// `unroll(N)`'s N, when it is one sema accepts.
    /// The width a `++`/`--` expression at `span` stores in.
    pub fn store_width_at(&self, span: &Span) -> Option<(u8, bool)> {
        self.store_widths.get(&(span.start, span.end)).copied()
    }

    pub fn unroll_count(&self, count: &Expr) -> Option<u64> {
        unroll_count(&self.positional, count)
            .and_then(|n| u64::try_from(n).ok())
            .filter(|n| (1..=MAX_UNROLL).contains(n))
    }

    /// Where the frames of `kstack`/`ustack` go: one map per limit, in
    /// limit order (the order of their counters in `.data`).
    pub fn stack_maps(&self) -> Vec<crate::script::StackMapSpec> {
        self.stack_limits
            .iter()
            .map(|&limit| crate::script::StackMapSpec {
                bpf_name: format!("sonde_stk{limit}"),
                limit,
                max_entries: self.stack_map_entries,
            })
            .collect()
    }

    /// The value of `kaddr(...)` / `uaddr(...)` call `e` in the program for `attach`.
    pub fn symbol_address(&self, e: &Expr, attach: &Attach) -> Option<SymbolAddress> {
        let (start, end) = (e.span.start, e.span.end);
        self.addresses
            .get(&(start, end, attach.name()))
            .or_else(|| self.addresses.get(&(start, end, String::new())))
            .copied()
    }
}

/// bpftrace's bound on `unroll(N)`.
pub const MAX_UNROLL: u64 = 100;

/// How many copies nested unrolls may make of a block (Sonde's bound: the
/// code grows with the product of their counts).
pub const MAX_UNROLLED_COPIES: u64 = 1000;

/// `unroll`'s count: an integer literal or a numeric positional parameter.
fn unroll_count(positional: &[String], count: &Expr) -> Option<i64> {
    match &count.kind {
        ExprKind::Var(name) if positional_index(name).is_some() || name == "$#" => {
            // Not given: 0, as everywhere (and as in bpftrace).
            match positional_value(positional, name) {
                None => Some(0),
                Some(Positional::Int(n)) => Some(n),
                Some(Positional::Text(_)) => None,
            }
        }
        _ => constant_int(count),
    }
}

/// Choices that shape the compiled script.
#[derive(Debug, Clone)]
pub struct Options {
    /// Entries per map (bpftrace's `max_map_keys`).
    pub max_map_keys: u32,
    /// What a probe that does not exist does to the script.
    pub missing_probes: crate::script::MissingProbes,
    /// Ring buffer pages per CPU (bpftrace's `perf_rb_pages`), if set.
    pub ring_pages: Option<u32>,
    /// The script's arguments: `$1`, `$2`, ...
    pub positional: Vec<String>,
    /// A command is started with `-c` (so `cpid` has a value).
    pub has_command: bool,
    /// `-p PID`: probes fire only in this process.
    pub pid: Option<u32>,
    /// The most bytes of a string, NUL included (`max_strlen`).
    pub max_strlen: u32,
    /// The kernel has no kprobes but runs fentry: kprobes without an offset
    /// become fentry programs (kretprobes fexit).
    pub kprobes_as_fentry: bool,
    /// Config keys the environment set (`BPFTRACE_MAX_MAP_KEYS`...): as in
    /// bpftrace, they win over a script's config block.
    pub set_by_environment: Vec<&'static str>,
    /// How `kstack`/`ustack` print when no mode is given (`stack_mode`).
    pub stack_mode: crate::script::StackMode,
    /// `--unsafe`: signal(), system() and cat() are allowed.
    pub allow_unsafe: bool,
    /// Named arguments (`--name=value`, `--flag`) for `getopt()`.
    pub named_args: Vec<(String, Option<String>)>,
    /// Maps are printed at exit (`print_maps_on_exit`).
    pub print_maps_on_exit: bool,
    /// The most bytes `cat()` prints of a file (`max_cat_bytes`).
    pub max_cat_bytes: u64,
    /// The most attach points a script may have (`max_probes`).
    pub max_probes: usize,
    /// The most programs a script may load (`max_bpf_progs`).
    pub max_programs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_map_keys: DEFAULT_MAP_ENTRIES,
            missing_probes: crate::script::MissingProbes::Error,
            ring_pages: None,
            positional: Vec::new(),
            has_command: false,
            pid: None,
            set_by_environment: Vec::new(),
            kprobes_as_fentry: false,
            max_strlen: crate::script::DEFAULT_STRING_SIZE,
            stack_mode: crate::script::StackMode::default(),
            allow_unsafe: false,
            named_args: Vec::new(),
            print_maps_on_exit: true,
            max_cat_bytes: 10240,
            max_probes: 1024,
            max_programs: 1024,
        }
    }
}

/// The most buckets an lhist may have.
pub const MAX_LHIST_BUCKETS: i64 = 1000;

pub fn analyse(
    program: &Program,
    kernel: &dyn Kernel,
    options: &Options,
) -> Result<Analysis, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let mut probe_infos = Vec::new();
    for probe in &program.probes {
        let mut attaches = Vec::new();
        for ap in &probe.attach_points {
            match probes::resolve(ap, options, kernel, &mut warnings) {
                Ok(mut list) => attaches.append(&mut list),
                Err(d) if d.missing_probe => match options.missing_probes {
                    crate::script::MissingProbes::Error => diags.push(d),
                    crate::script::MissingProbes::Warn => warnings.push(Diagnostic {
                        severity: crate::diag::Level::Warning,
                        ..d.with_hint("skipped: missing_probes = \"warn\"")
                    }),
                    crate::script::MissingProbes::Ignore => {}
                },
                Err(d) => diags.push(d),
            }
        }
        let mut formats = Vec::new();
        // A binary's DWARF is read only for a probe that uses args.
        let uses_args = || {
            let mut found = false;
            let mut visit = |e: &Expr| {
                found |= matches!(&e.kind, ExprKind::Builtin(b) if b == "args");
            };
            if let Some(p) = &probe.predicate {
                p.walk(&mut visit);
            }
            for s in &probe.body {
                s.walk_exprs(&mut visit);
            }
            found
        };
        let uprobe_args = if uses_args() {
            uprobe_arguments(&attaches)
        } else {
            HashMap::new()
        };
        for attach in &attaches {
            formats.push(match attach {
                // (`uprobe_arguments` has only those at a function's entry.)
                Attach::Uprobe {
                    path,
                    symbol: Some(symbol),
                    ..
                } => uprobe_args.get(&(path.as_str(), symbol.as_str())).cloned(),
                Attach::Tracepoint { category, name } => {
                    match kernel.tracepoint_format(category, name) {
                        Ok(f) => f,
                        Err(e) => {
                            diags.push(Diagnostic::error(e, probe.attach_points[0].span.clone()));
                            None
                        }
                    }
                }
                Attach::RawTracepoint { name } => kernel
                    .kernel_types()
                    .ok()
                    .and_then(|t| t.raw_tracepoint_format(name)),
                Attach::Fentry { function, ret, .. } => kernel
                    .kernel_types()
                    .ok()
                    .and_then(|t| t.function_format(function, *ret)),
                _ => None,
            });
        }
        probe_infos.push(ProbeAnalysis {
            attaches,
            formats,
            per_attach: false,
            vars: BTreeMap::new(),
        });
    }
    // An iterator's run ends when it has visited everything, so it is the
    // script's one probe (as in bpftrace).
    let attach_count: usize = probe_infos.iter().map(|p| p.attaches.len()).sum();
    if attach_count > 1
        && let Some(probe) = program
            .probes
            .iter()
            .zip(&probe_infos)
            .find_map(|(probe, info)| {
                info.attaches
                    .iter()
                    .any(|a| matches!(a, Attach::Iter { .. }))
                    .then_some(probe)
            })
    {
        diags.push(
            Diagnostic::error(
                "an iter probe must be the script's only probe",
                probe.attach_points[0].span.clone(),
            )
            .with_label("the run ends when this iterator has visited everything")
            .with_hint("run the other probes in a script of their own"),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }

    let script_types =
        if program.structs.is_empty() && program.enums.is_empty() && program.typedefs.is_empty() {
            crate::ctypes::ScriptTypes::default()
        } else {
            crate::ctypes::ScriptTypes::build(
                &program.structs,
                &program.enums,
                &program.typedefs,
                kernel.kernel_types().ok(),
            )?
        };
    let mut checker = Checker {
        script_types: &script_types,
        strict: false,
        diags: Vec::new(),
        maps: BTreeMap::new(),
        probes: probe_infos,
        current: 0,
        analysis: Analysis::default(),
        max_map_keys: options.max_map_keys,
        var_sizes: HashMap::new(),
        key32: HashMap::new(),
        positional: options.positional.clone(),
        has_command: options.has_command,
        named_args: options.named_args.clone(),
        tuples: Vec::new(),
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
        allow_unsafe: options.allow_unsafe,
        formats: Vec::new(),
        warnings: Vec::new(),
        var_enums: HashMap::new(),
    };
    checker.declare_maps(&program.map_decls);
    // Map types flow between probes in any order (`@a = @b` before `@b = 1`):
    // infer leniently until nothing changes, then check strictly once.
    for _ in 0..8 {
        let before = checker.known_types();
        checker.walk(program);
        if checker.known_types() == before {
            break;
        }
    }
    checker.strict = true;
    checker.walk(program);
    checker.check_declared_maps();
    if checker.diags.iter().any(Diagnostic::is_error) {
        return Err(checker.diags);
    }
    warnings.append(&mut checker.diags);
    let mut analysis = checker.finish();
    analysis.pid = options.pid;
    analysis.pid_namespace = kernel.pid_namespace();
    analysis.positional = options.positional.clone();
    let mut own = std::mem::take(&mut analysis.warnings);
    analysis.warnings = warnings;
    analysis.warnings.append(&mut own);
    analysis.missing_probes = options.missing_probes;
    analysis.ring_pages = options.ring_pages;
    analysis.print_maps_on_exit = options.print_maps_on_exit;
    analysis.max_cat_bytes = options.max_cat_bytes;
    analysis.max_probes = options.max_probes;
    analysis.max_programs = options.max_programs;
    analysis.stack_map_entries = options.max_map_keys;
    analysis.possible_cpus = kernel
        .possible_cpus()
        .map_err(|e| vec![Diagnostic::global(e)])?;
    Ok(analysis)
}

/// The DWARF arguments of the uprobes (at a function's entry) among
/// `attaches`, by (binary, function): each binary read once.
fn uprobe_arguments(attaches: &[Attach]) -> HashMap<(&str, &str), TracepointFormat> {
    let mut by_binary: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in attaches {
        if let Attach::Uprobe {
            path,
            symbol: Some(symbol),
            offset: 0,
            ret: false,
        } = a
        {
            by_binary.entry(path).or_default().push(symbol);
        }
    }
    let mut out = HashMap::new();
    for (path, functions) in by_binary {
        // A binary whose DWARF cannot be read has no args: the error says so.
        if let Ok(found) =
            crate::kernel::dwarf::functions_args(std::path::Path::new(path), &functions)
        {
            for (function, format) in found {
                if let Some(&f) = functions.iter().find(|f| **f == function) {
                    out.insert((path, f), format);
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
struct MapInfo {
    keys: Option<Vec<Type>>,
    value: Option<Type>,
    kind: Option<MapKind>,
    /// Bytes the longest string stored in each key slot / the value needs.
    key_sizes: Vec<u32>,
    value_size: u32,
}

struct Checker<'k> {
    /// Kernel types (BTF) for casts, `curtask` and member chains.
    kernel: &'k dyn Kernel,
    /// The struct definitions of the script, laid out.
    script_types: &'k crate::ctypes::ScriptTypes,
    strict: bool,
    diags: Vec<Diagnostic>,
    maps: BTreeMap<String, MapInfo>,
    probes: Vec<ProbeAnalysis>,
    current: usize,
    analysis: Analysis,
    max_map_keys: u32,
    /// (probe, variable) → bytes of the longest string assigned to it.
    var_sizes: HashMap<(usize, String), u32>,
    /// Map → whether every key written so far is one unsigned integer of at
    /// most 32 bits (`MapSpec::key32`).
    key32: HashMap<String, bool>,
    positional: Vec<String>,
    /// `--name=value` arguments for getopt().
    named_args: Vec<(String, Option<String>)>,
    has_command: bool,
    /// Element types of every tuple type, indexed by `Type::Tuple`.
    tuples: Vec<Vec<Type>>,
    /// The loops enclosing the statement being checked, innermost last.
    loops: Vec<LoopKind>,
    /// The probe's variables by block (see `scope.rs`).
    scopes: crate::scope::Scopes,
    /// Slots declared with a narrower integer type: (bits, signed).
    widths: HashMap<String, (u8, bool)>,
    /// The integer types bpftrace gives variables and map values, to find
    /// assignments no type holds (`int_shapes.rs`).
    /// (`None`: some value of a type not known here was assigned.)
    var_shapes: HashMap<String, Option<int_shapes::IntShape>>,
    map_shapes: HashMap<String, Option<int_shapes::IntShape>>,
    /// The shape of each arithmetic expression (by span), noted when it is
    /// checked, after its operands: `int_shape` looks it up, so a long
    /// chain `a + b + c + ...` is not walked again at every level.
    binary_shapes: HashMap<(usize, usize), Option<int_shapes::IntShape>>,
    /// Variables (`probe:slot`) and maps (`@name`) that hold signed values
    /// because a signed one was assigned after an unsigned one; kept across
    /// the inference passes so that the first assignment already says so.
    signed_holders: std::collections::HashSet<String>,
    /// `let @m = KIND(N);` declarations, by map name.
    declared: HashMap<String, map_decls::Declared>,
    /// How `kstack`/`ustack` print when no mode is given.
    stack_mode: crate::script::StackMode,
    /// `--unsafe` was given.
    allow_unsafe: bool,
    /// strftime() formats; a timestamp's record holds its index here.
    formats: Vec<String>,
    /// Warnings of the strict pass (buf() lengths shortened...).
    warnings: Vec<Diagnostic>,
    /// Variable slots that hold a value of an enum (its type id).
    var_enums: HashMap<String, u32>,
}

/// A loop, as `break`, `continue` and `return` inside it see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoopKind {
    /// `while`: inline, in the probe's own code.
    While,
    /// `for`: the body is a callback (bpf_loop, bpf_for_each_map_elem).
    For,
    /// `unroll(N)`: not a loop for break and continue, as in bpftrace.
    Unroll(u64),
}

impl Checker<'_> {
    /// Grows while inference learns something: types, or longer strings.
    fn known_types(&self) -> usize {
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
    }

    /// Bytes a string expression can need, NUL included, in a multiple of 8:
    /// 16 for `comm`, a literal's length, `str(p, n)`'s n, a field's width.
    fn str_size(&self, e: &Expr) -> u32 {
        let round = |n: u64| {
            u32::try_from(n.div_ceil(8) * 8)
                .unwrap_or(string_size())
                .clamp(8, string_size())
        };
        match &e.kind {
            ExprKind::Str(bytes) => round(bytes.len() as u64 + 1),
            ExprKind::Builtin(b) if b == "comm" || b == "pcomm" => 16,
            ExprKind::Call { name, args, .. } if name == "str" => {
                match args.get(1).and_then(constant_int) {
                    Some(n) if n >= 0 => round(n as u64 + 1),
                    _ => string_size(),
                }
            }
            ExprKind::Field { base, field, .. } if matches!(&base.kind, ExprKind::Builtin(b) if b == "args") =>
            {
                let probe = &self.probes[self.current];
                probe
                    .formats
                    .iter()
                    .flatten()
                    .filter_map(|f| f.field(field))
                    .map(|f| match f.kind {
                        FieldKind::CharArray => round(u64::from(f.size) + 1),
                        _ => string_size(),
                    })
                    .max()
                    .unwrap_or(string_size())
            }
            ExprKind::Var(name) if positional_index(name).is_some() => {
                match positional_value(&self.positional, name) {
                    Some(Positional::Text(t)) => round(t.len() as u64 + 1),
                    _ => string_size(),
                }
            }
            ExprKind::Call { name, args, .. }
                if name == "str" && positional_text(args).is_some() =>
            {
                match positional_text(args) {
                    Some((index, _)) => self
                        .positional
                        .get(index - 1)
                        .map_or(string_size(), |t| round(t.len() as u64 + 1)),
                    None => string_size(),
                }
            }
            ExprKind::Var(name) => self
                .scopes
                .lookup(name)
                .and_then(|v| self.var_sizes.get(&(self.current, v.slot.clone())))
                .copied()
                .unwrap_or(string_size()),
            ExprKind::Map(m) => self
                .maps
                .get(&m.name)
                .map(|i| i.value_size)
                .filter(|s| *s > 0)
                .unwrap_or(string_size()),
            ExprKind::Ternary {
                then, otherwise, ..
            } => self.str_size(then).max(self.str_size(otherwise)),
            _ => string_size(),
        }
    }

    /// The slot layout of a value of type `t` computed by `e`.
    fn slot_kind(&self, t: Type, e: &Expr) -> Option<ValueKind> {
        match t {
            Type::Str => Some(ValueKind::Str {
                size: self.str_size(e),
            }),
            other => tuple_layout(&self.tuples, &self.formats, other),
        }
    }

    /// The tuple type with these elements (one id per shape).
    fn intern_tuple(&mut self, elements: Vec<Type>) -> Type {
        let id = match self.tuples.iter().position(|t| *t == elements) {
            Some(i) => i,
            None => {
                self.tuples.push(elements);
                self.tuples.len() - 1
            }
        };
        Type::Tuple(id as u32)
    }

    /// Widens @map's string key slots to fit these key expressions.
    fn note_key_sizes(&mut self, map: &MapRef, types: Option<&[Type]>) {
        let sizes: Vec<u32> = match types {
            // A tuple key: its strings take full slots, as in the tuple.
            Some(types) if types.len() > map.keys.len() => types
                .iter()
                .map(|t| if *t == Type::Str { string_size() } else { 0 })
                .collect(),
            _ => map.keys.iter().map(|k| self.str_size(k)).collect(),
        };
        let narrow = match (map.keys.as_slice(), types) {
            ([k], Some([t])) => {
                matches!(
                    self.analysis.types.get(&(k.span.start, k.span.end)),
                    Some(Type::Int { .. })
                ) && self.int_shape(k, *t).is_some_and(|s| s.fits_u32())
            }
            _ => false,
        };
        // Types and shapes are final in the strict pass.
        if self.strict {
            let all_narrow = self.key32.entry(map.name.clone()).or_insert(true);
            *all_narrow &= narrow;
        }
        if let Some(info) = self.maps.get_mut(&map.name) {
            info.key_sizes
                .resize(sizes.len().max(info.key_sizes.len()), 0);
            for (slot, size) in info.key_sizes.iter_mut().zip(sizes) {
                *slot = (*slot).max(size);
            }
        }
    }

    /// `e`'s type when it is an integer (or a pointer); else an error that
    /// says `{what}, this is {its type}` with `label` and the usage.
    fn expect_int(&mut self, e: &Expr, what: &str, label: &str, usage: &str) -> Option<Type> {
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
    fn fail<T>(&mut self, d: Diagnostic) -> Option<T> {
        self.error(d);
        None
    }

    fn error(&mut self, d: Diagnostic) -> Option<Type> {
        if self.strict {
            self.diags.push(d);
        }
        None
    }

    fn walk(&mut self, program: &Program) {
        self.analysis.printfs.clear();
        self.analysis.printf_ids.clear();
        self.map_shapes.clear();
        for (i, probe) in program.probes.iter().enumerate() {
            self.current = i;
            self.probes[i].vars.clear();
            self.scopes.reset();
            self.loops.clear();
            self.widths.clear();
            self.var_shapes.clear();
            if let Some(pred) = &probe.predicate
                && let Some(t) = self.expr(pred)
                && !t.is_int()
            {
                self.error(
                    Diagnostic::error("a predicate must be an integer", pred.span.clone())
                        .with_label(format!("this is {}", t.describe_with_article()))
                        .with_hint("compare it: /comm == \"bash\"/"),
                );
            }
            self.stmts(&probe.body);
        }
    }

    fn finish(self) -> Analysis {
        let mut analysis = self.analysis;
        for (name, info) in &self.maps {
            let sized = |t: Type, size: u32| match t {
                Type::Str => Some(ValueKind::Str {
                    size: if size == 0 { string_size() } else { size },
                }),
                other => tuple_layout(&self.tuples, &self.formats, other),
            };
            let value = info
                .value
                .and_then(|t| sized(t, info.value_size))
                .unwrap_or(ValueKind::Int { signed: true });
            let keys = info
                .keys
                .clone()
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .filter_map(|(i, t)| sized(t, info.key_sizes.get(i).copied().unwrap_or(0)))
                .collect();
            analysis.map_ids.insert(name.clone(), analysis.maps.len());
            analysis.maps.push(MapSpec {
                bpf_name: format!("m{}", analysis.maps.len()),
                name: format!("@{name}"),
                keys,
                value,
                kind: info.kind.unwrap_or(MapKind::Plain),
                max_entries: self
                    .declared
                    .get(name)
                    .map_or(self.max_map_keys, |d| d.entries),
                declared: self.declared.get(name).map(|d| d.storage),
                // Hist keys gain an 8-byte bucket slot: they stay aligned.
                key32: self.key32.get(name) == Some(&true)
                    && info.keys.as_ref().is_some_and(|k| k.len() == 1)
                    && !info.kind.is_some_and(MapKind::has_bucket_key),
            });
        }
        analysis.probes = self.probes;
        analysis.tuples = self.tuples;
        analysis.user_strings = self.formats;
        analysis.warnings = self.warnings;
        analysis
    }

    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e);
            }
            StmtKind::Return => {
                if self.loops.contains(&LoopKind::For) {
                    self.error(
                        Diagnostic::error(
                            "return is not allowed inside a for loop",
                            s.span.clone(),
                        )
                        .with_label("inside a loop")
                        .with_hint("set a variable in the loop and return after it"),
                    );
                }
            }
            StmtKind::ForMap { var, map, body } => self.for_map(s, var, map, body),
            StmtKind::ForRange {
                var,
                start,
                end,
                body,
            } => self.for_range(s, var, start, end, body),
            StmtKind::While { cond, body } => {
                self.condition(cond, "a while condition");
                self.loop_body(LoopKind::While, body);
            }
            StmtKind::Unroll { count, body } => {
                let n = self.unroll(count);
                self.loop_body(LoopKind::Unroll(n), body);
            }
            StmtKind::Break | StmtKind::Continue => self.jump(s),
            StmtKind::Let { name, ty, value } => self.let_stmt(s, name, *ty, value.as_ref()),
            StmtKind::Block(b) => self.block(b),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                if let Some(t) = self.expr(cond)
                    && !t.is_int()
                {
                    self.error(
                        Diagnostic::error("an if condition must be an integer", cond.span.clone())
                            .with_label(format!("this is {}", t.describe_with_article())),
                    );
                }
                // A condition known now leaves one branch unreached: it is
                // not checked (its types would bind maps and variables that
                // the reached code uses otherwise), and not compiled.
                let known = self.const_value(cond);
                if self.strict
                    && let Some(v) = known
                {
                    self.analysis
                        .constant_ifs
                        .insert((s.span.start, s.span.end), v != 0);
                }
                for (branch, dead) in [
                    (then, known == Some(0)),
                    (otherwise, known.is_some_and(|v| v != 0)),
                ] {
                    if !dead {
                        self.block(branch);
                    }
                }
            }
            StmtKind::AssignVar { name, value } => {
                if positional_index(name).is_some() || name == "$#" {
                    self.error(
                        Diagnostic::error(
                            format!("{name} is a positional parameter and cannot be assigned"),
                            s.span.clone(),
                        )
                        .with_label("read-only"),
                    );
                    return;
                }
                let t = self.variable_value(value);
                let slot = self.assigned_slot(name, &s.span);
                self.note_var_enum(&slot, value);
                let Some(t) = t else {
                    return;
                };
                self.note_store_width(s, &slot, value, t);
                if !self.widths.contains_key(&slot) {
                    self.widen_int(int_shapes::Holder::Var { name, slot: &slot }, value, t);
                }
                if t == Type::Str {
                    let size = self.str_size(value);
                    let slot = self
                        .var_sizes
                        .entry((self.current, slot.clone()))
                        .or_insert(0);
                    *slot = (*slot).max(size);
                }
                let vars = &mut self.probes[self.current].vars;
                match vars.get(&slot) {
                    None => {
                        let t = self.held_type(&slot, t);
                        self.probes[self.current].vars.insert(slot, t);
                    }
                    Some(old) if old.compatible(t) => {}
                    Some(old) => {
                        let old = *old;
                        self.error(
                            Diagnostic::error(
                                format!(
                                    "type mismatch for {name}: it holds {}",
                                    old.describe_with_article()
                                ),
                                value.span.clone(),
                            )
                            .with_label(format!("this is {}", t.describe_with_article())),
                        );
                    }
                }
            }
            StmtKind::AssignMap { map, value } => {
                let (t, kind) = match aggregation_call(value) {
                    Some((function, args)) => match self.aggregation(value, function, args) {
                        Some((kind, t)) => (Some(t), Some(kind)),
                        None => (None, None),
                    },
                    None => (self.value_expr(value), Some(MapKind::Plain)),
                };
                let keys = self.keys(map);
                self.note_key_sizes(map, keys.as_deref());
                self.define_map(map, keys, t, &value.span, kind);
                if let (Some(t), Some(MapKind::Plain)) = (t, kind) {
                    self.widen_int(int_shapes::Holder::Map(&map.name), value, t);
                }
                if t == Some(Type::Str) {
                    let size = self.str_size(value);
                    if let Some(info) = self.maps.get_mut(&map.name) {
                        info.value_size = info.value_size.max(size);
                    }
                }
            }
        }
    }

    /// `for ($kv : @map) { body }`: $kv is (key, value), the key a tuple when
    /// the map has several.
    fn for_map(&mut self, s: &Stmt, var: &str, map: &MapRef, body: &[Stmt]) {
        let problem = |message: String, label: &str| {
            Diagnostic::error(message, map.span.clone()).with_label(label.to_string())
        };
        let kv = if !map.keys.is_empty() {
            Err(problem(
                "a for loop iterates a whole map".into(),
                "write the map without keys",
            )
            .with_hint(format!("for ($kv : @{}) {{ ... }}", map.name)))
        } else {
            match self.maps.get(&map.name) {
                None => Err(problem(
                    format!("undefined map @{}", map.name),
                    "never assigned in this script",
                )),
                Some(MapInfo {
                    kind:
                        Some(kind @ (MapKind::Hist { .. } | MapKind::Lhist { .. } | MapKind::Stats)),
                    ..
                }) => Err(problem(
                    format!(
                        "for loops over {}() maps are not supported",
                        kind.function()
                    ),
                    "a histogram or stats map",
                )
                .with_hint(format!("print(@{}) prints it", map.name))),
                Some(MapInfo {
                    keys: Some(keys),
                    value: Some(value),
                    ..
                }) if !keys.is_empty() => Ok((keys.clone(), *value)),
                Some(_) => Err(problem(
                    format!("@{} has no keys to iterate", map.name),
                    "a scalar map",
                )),
            }
        };
        let kv = match kv {
            Ok((keys, value)) => {
                let key = if keys.len() == 1 {
                    keys[0]
                } else {
                    self.intern_tuple(keys)
                };
                Some(self.intern_tuple(vec![key, value]))
            }
            Err(d) => {
                self.error(d);
                None
            }
        };
        self.scopes.push();
        let slot = self.loop_variable(s, var);
        if let Some(kv) = kv {
            self.probes[self.current].vars.insert(slot, kv);
        }
        self.loops.push(LoopKind::For);
        self.stmts(body);
        self.loops.pop();
        self.scopes.pop();
    }

    /// `for ($i : start..end) { body }`: $i is an integer, signed unless an
    /// end is unsigned (as a C comparison of the two would be).
    fn for_range(&mut self, s: &Stmt, var: &str, start: &Expr, end: &Expr, body: &[Stmt]) {
        let mut signed = Some(true);
        for e in [start, end] {
            match self.value_expr(e) {
                Some(Type::Int { signed: s }) => signed = signed.map(|all| all && s),
                Some(other) => {
                    signed = None;
                    self.error(
                        Diagnostic::error(
                            format!(
                                "a range's ends must be integers, this is {}",
                                other.describe_with_article()
                            ),
                            e.span.clone(),
                        )
                        .with_label("not an integer")
                        .with_hint("for ($i : 0..10) { ... }"),
                    );
                }
                None => signed = None,
            }
        }
        self.scopes.push();
        let slot = self.loop_variable(s, var);
        if let Some(signed) = signed {
            self.probes[self.current]
                .vars
                .insert(slot, Type::Int { signed });
        }
        self.loops.push(LoopKind::For);
        self.stmts(body);
        self.loops.pop();
        self.scopes.pop();
    }

    /// Declares a for loop's variable in the loop's block (just pushed); it
    /// may not shadow a variable of an enclosing block, as in bpftrace.
    fn loop_variable(&mut self, s: &Stmt, var: &str) -> String {
        if positional_index(var).is_some() || var == "$#" {
            self.error(
                Diagnostic::error(
                    format!("{var} is a positional parameter and cannot be a loop variable"),
                    s.span.clone(),
                )
                .with_label("read-only"),
            );
        } else if self.scopes.lookup(var).is_some() {
            self.error(
                Diagnostic::error(
                    format!("the loop variable {var} shadows a variable of the same name"),
                    s.span.clone(),
                )
                .with_label(format!("{var} is already a variable here"))
                .with_hint("give the loop variable a name of its own"),
            );
        }
        let slot = self.scopes.declare(var, false);
        self.analysis
            .var_slots
            .insert((s.span.start, s.span.end), slot.clone());
        slot
    }

    /// The statements of a block: its variables end with it.
    fn block(&mut self, stmts: &[Stmt]) {
        self.scopes.push();
        self.stmts(stmts);
        self.scopes.pop();
    }

    fn loop_body(&mut self, kind: LoopKind, body: &[Stmt]) {
        self.loops.push(kind);
        self.block(body);
        self.loops.pop();
    }

    /// An if or while condition: an integer.
    fn condition(&mut self, cond: &Expr, what: &str) {
        if let Some(t) = self.expr(cond)
            && !t.is_int()
        {
            self.error(
                Diagnostic::error(format!("{what} must be an integer"), cond.span.clone())
                    .with_label(format!("this is {}", t.describe_with_article())),
            );
        }
    }

    /// `unroll(N)`: N a literal (or numeric positional parameter) from 1 to
    /// 100, as in bpftrace. Returns N (1 when it is wrong).
    fn unroll(&mut self, count: &Expr) -> u64 {
        match unroll_count(&self.positional, count) {
            Some(n) if (1..=MAX_UNROLL as i64).contains(&n) => {
                let n = n as u64;
                let copies = self
                    .loops
                    .iter()
                    .filter_map(|l| match l {
                        LoopKind::Unroll(k) => Some(*k),
                        _ => None,
                    })
                    .product::<u64>()
                    .saturating_mul(n);
                if copies > MAX_UNROLLED_COPIES {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "nested unrolls would repeat this block {copies} times, more than {MAX_UNROLLED_COPIES}"
                            ),
                            count.span.clone(),
                        )
                        .with_label("inside other unrolls")
                        .with_hint("use while or for ($i : 0..N) for the outer repetitions"),
                    );
                    return 1;
                }
                return n;
            }
            Some(n) => {
                self.error(
                    Diagnostic::error(
                        format!("unroll's count must be from 1 to {MAX_UNROLL}"),
                        count.span.clone(),
                    )
                    .with_label(match &count.kind {
                        ExprKind::Var(name) if positional_value(&self.positional, name).is_none() => {
                            format!("{name} was not given, so it is 0")
                        }
                        _ => format!("{n} is {}", if n < 1 { "too few" } else { "too many" }),
                    })
                    .with_hint(
                        "for more iterations use while or for ($i : 0..N) { ... }, which the kernel runs as loops",
                    ),
                );
            }
            None => {
                self.error(
                    Diagnostic::error(
                        "unroll's count must be an integer literal",
                        count.span.clone(),
                    )
                    .with_label("not a literal")
                    .with_hint(
                        "unroll repeats its block at compile time; for a count known only at run time use while or for ($i : 0..N)",
                    ),
                );
            }
        }
        1
    }

    /// `break` and `continue`: inside a while or for loop.
    fn jump(&mut self, s: &Stmt) {
        let word = if matches!(s.kind, StmtKind::Break) {
            "break"
        } else {
            "continue"
        };
        if !self
            .loops
            .iter()
            .any(|l| matches!(l, LoopKind::While | LoopKind::For))
        {
            let mut d = Diagnostic::error(format!("{word} outside of a loop"), s.span.clone())
                .with_label("not inside a while or for loop");
            if self.loops.iter().any(|l| matches!(l, LoopKind::Unroll(_))) {
                d = d.with_hint(
                    "unroll repeats its block at compile time; it is not a loop to leave",
                );
            }
            self.error(d);
        }
    }

    /// `let $x[: type][ = value]`: a new variable of the innermost block.
    fn let_stmt(&mut self, s: &Stmt, name: &str, ty: Option<DeclType>, value: Option<&Expr>) {
        if positional_index(name).is_some() || name == "$#" {
            if let Some(v) = value {
                self.expr(v);
            }
            self.error(
                Diagnostic::error(
                    format!("{name} is a positional parameter and cannot be declared"),
                    s.span.clone(),
                )
                .with_label("read-only"),
            );
            return;
        }
        let value_type = value.and_then(|v| self.variable_value(v));
        if self.scopes.lookup(name).is_some() {
            self.error(
                Diagnostic::error(format!("{name} is already declared"), s.span.clone())
                    .with_label("variable shadowing is not allowed")
                    .with_hint(format!("assign it without let: {name} = ...")),
            );
        }
        let slot = self.scopes.declare(name, true);
        self.analysis
            .var_slots
            .insert((s.span.start, s.span.end), slot.clone());
        let declared = ty.map(|t| match t {
            DeclType::Int { bits: 1, .. } => Type::Bool,
            DeclType::Int { bits, signed } => {
                if bits < 64 {
                    self.widths.insert(slot.clone(), (bits, signed));
                }
                Type::Int { signed }
            }
            DeclType::Str => Type::Str,
        });
        let t = match (declared, value_type, value) {
            (Some(d), Some(v), Some(value)) if !d.compatible(v) => {
                self.error(
                    Diagnostic::error(
                        format!(
                            "type mismatch for {name}: it is declared {}",
                            d.describe_with_article()
                        ),
                        value.span.clone(),
                    )
                    .with_label(format!("this is {}", v.describe_with_article())),
                );
                Some(d)
            }
            (Some(d), _, _) => Some(d),
            (None, v, _) => v,
        };
        if let Some(value) = value {
            self.note_var_enum(&slot, value);
        }
        if let (Some(value), Some(t)) = (value, t) {
            self.note_store_width(s, &slot, value, t);
            if ty.is_none() {
                self.widen_int(int_shapes::Holder::Var { name, slot: &slot }, value, t);
            }
            if t == Type::Str {
                let size = self.str_size(value);
                let entry = self
                    .var_sizes
                    .entry((self.current, slot.clone()))
                    .or_insert(0);
                *entry = (*entry).max(size);
            }
        }
        if let Some(t) = t {
            let t = self.held_type(&slot, t);
            self.probes[self.current].vars.insert(slot, t);
        }
    }

    /// An assignment to a slot declared with a narrower integer type stores
    /// the value converted to it; a literal must fit.
    fn note_store_width(&mut self, s: &Stmt, slot: &str, value: &Expr, t: Type) {
        let Some(&(bits, signed)) = self.widths.get(slot) else {
            return;
        };
        if !t.is_int() {
            return;
        }
        if let Some(n) = constant_int(value).map(i128::from).or(match value.kind {
            ExprKind::Int(v) => Some(i128::from(v)),
            _ => None,
        }) {
            let (min, max) = match (bits, signed) {
                (1, _) => (0, 1),
                (b, true) => (-(1i128 << (b - 1)), (1i128 << (b - 1)) - 1),
                (b, false) => (0, (1i128 << b) - 1),
            };
            if n < min || n > max {
                let name = if bits == 1 {
                    "bool".to_string()
                } else {
                    format!("{}int{bits}", if signed { "" } else { "u" })
                };
                self.error(
                    Diagnostic::error(format!("{n} does not fit in {name}"), value.span.clone())
                        .with_label(format!("{name} holds {min} to {max}")),
                );
            }
        }
        if self.strict {
            self.analysis
                .store_widths
                .insert((s.span.start, s.span.end), (bits, signed));
        }
    }

    /// Every attach point of the probe is a uprobe or USDT probe: a plain
    /// address there is the traced process's.
    fn in_process(&self) -> bool {
        self.probes[self.current]
            .attaches
            .iter()
            .all(|a| matches!(a, Attach::Uprobe { .. } | Attach::Usdt { .. }))
    }

    /// `(TYPE *)operand`: an integer made a pointer to the type `resolve`
    /// finds, into the process's memory in uprobes and USDT probes.
    fn pointer_cast(
        &mut self,
        e: &Expr,
        operand: &Expr,
        resolve: impl FnOnce(&crate::ctypes::Types) -> Result<Type, Diagnostic>,
    ) -> Option<Type> {
        let t = self.expr(operand)?;
        if !t.is_int() {
            return self.error(
                Diagnostic::error(
                    format!("cannot cast {} to a pointer", t.describe_with_article()),
                    operand.span.clone(),
                )
                .with_label("needs an integer (an address)"),
            );
        }
        let types = self.kernel_types(e)?;
        match resolve(&types) {
            Ok(Type::KernelPtr(id)) if self.in_process() => Some(Type::UserPtr(id)),
            Ok(t) => Some(t),
            Err(d) => self.error(d),
        }
    }

    /// `$x++`, `--@m[k]`: an integer variable or map element.
    fn inc_dec(&mut self, e: &Expr, target: &Expr) -> Option<Type> {
        match &target.kind {
            ExprKind::Var(name) if positional_index(name).is_none() && name != "$#" => {
                let t = self.expr(target)?;
                if !matches!(t, Type::Int { .. }) {
                    return self.error(
                        Diagnostic::error(
                            format!(
                                "++ and -- need an integer, and {name} is {}",
                                t.describe_with_article()
                            ),
                            target.span.clone(),
                        )
                        .with_label("not an integer"),
                    );
                }
                if let Some(slot) = self
                    .analysis
                    .var_slots
                    .get(&(target.span.start, target.span.end))
                    && let Some(width) = self.widths.get(slot).copied()
                {
                    self.analysis
                        .store_widths
                        .insert((e.span.start, e.span.end), width);
                }
                Some(t)
            }
            ExprKind::Map(map) => {
                // As `@m[k] = @m[k] + 1`: a map never assigned is 0 first.
                let keys = self.keys(map);
                self.note_key_sizes(map, keys.as_deref());
                self.define_map(
                    map,
                    keys,
                    Some(Type::Int { signed: true }),
                    &e.span,
                    Some(MapKind::Plain),
                );
                self.expr(target)
            }
            _ => self.error(
                Diagnostic::error(
                    "++ and -- apply to a variable or a map element",
                    target.span.clone(),
                )
                .with_label("not a variable or a map element"),
            ),
        }
    }

    /// A value a variable holds: as `value_expr`, and also a kernel (or
    /// user) struct, which the variable holds by its address, so its
    /// members are read when they are used (bpftrace copies the struct).
    fn variable_value(&mut self, e: &Expr) -> Option<Type> {
        match self.expr(e)? {
            t @ (Type::KernelRecord(_) | Type::UserRecord(_)) => Some(t),
            t => self.stored(e, t),
        }
    }

    /// An expression whose value is stored: it must have one.
    fn value_expr(&mut self, e: &Expr) -> Option<Type> {
        let t = self.expr(e)?;
        self.stored(e, t)
    }

    /// `e`, of type `t`, as a stored value: it must be one.
    fn stored(&mut self, e: &Expr, t: Type) -> Option<Type> {
        match t {
            Type::Void => self.error(
                Diagnostic::error("this expression has no value", e.span.clone())
                    .with_label("cannot be stored"),
            ),
            Type::KernelRecord(_) | Type::UserRecord(_) => self.error(
                Diagnostic::error(
                    "a struct is not a value Sonde can store (print() can show one)",
                    e.span.clone(),
                )
                .with_label("a whole struct")
                .with_hint("take a member (`->field`), or its address with a cast to uint64"),
            ),
            t => Some(t),
        }
    }

    fn keys(&mut self, map: &MapRef) -> Option<Vec<Type>> {
        let mut types = Vec::new();
        let mut ok = true;
        for k in &map.keys {
            match self.value_expr(k) {
                // `@m[$t]` with a tuple `$t` is `@m[$t.0, $t.1, ...]`, as
                // bpftrace keys maps by tuples.
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

    fn define_map(
        &mut self,
        map: &MapRef,
        keys: Option<Vec<Type>>,
        value: Option<Type>,
        value_span: &Span,
        kind: Option<MapKind>,
    ) {
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
                Some(old) if old.compatible(t) => {}
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
        if let Some(k) = keys
            && let Some(p) = check_keys(info, map, k)
        {
            problems.push(p);
        }
        for p in problems {
            self.error(p);
        }
    }

    fn expr(&mut self, e: &Expr) -> Option<Type> {
        let t = self.expr_inner(e)?;
        if self.strict {
            self.analysis.types.insert((e.span.start, e.span.end), t);
        }
        Some(t)
    }

    fn expr_inner(&mut self, e: &Expr) -> Option<Type> {
        match &e.kind {
            ExprKind::Int(v) => Some(Type::Int {
                signed: i64::try_from(*v).is_ok(),
            }),
            ExprKind::Str(bytes) => {
                if bytes.len() >= string_size() as usize {
                    return self.error(
                        Diagnostic::error(
                            format!("string literal is longer than {} bytes", string_size() - 1),
                            e.span.clone(),
                        )
                        .with_label(format!("{} bytes", bytes.len())),
                    );
                }
                Some(Type::Str)
            }
            ExprKind::Builtin(name) => self.builtin(name, e),
            ExprKind::Var(name) if positional_index(name).is_some() || name == "$#" => {
                match positional_value(&self.positional, name) {
                    Some(Positional::Int(_)) => Some(Type::Int { signed: true }),
                    Some(Positional::Text(_)) => Some(Type::Str),
                    // bpftrace: a parameter not given is 0 (or "" as a string).
                    None => Some(Type::Int { signed: true }),
                }
            }
            ExprKind::Var(name) => match self.scopes.lookup(name).cloned() {
                Some(var) => {
                    self.analysis
                        .var_slots
                        .insert((e.span.start, e.span.end), var.slot.clone());
                    let vars = &mut self.probes[self.current].vars;
                    match vars.get(&var.slot) {
                        Some(t) => Some(*t),
                        // `let $x;` read before any assignment: 0, as in bpftrace.
                        None if var.from_let => {
                            vars.insert(var.slot, Type::Int { signed: true });
                            Some(Type::Int { signed: true })
                        }
                        // Its assignment failed and said so.
                        None => None,
                    }
                }
                None if self.scopes.was_declared(name) => self.error(
                    Diagnostic::error(format!("{name} is not in scope here"), e.span.clone())
                        .with_label("its block has ended")
                        .with_hint(format!(
                            "a variable lives until the end of the block it is first assigned in; to use it after that block, declare it before: let {name};"
                        )),
                ),
                None => {
                    let known = self.scopes.visible();
                    let mut d =
                        Diagnostic::error(format!("undefined variable {name}"), e.span.clone())
                            .with_label("not assigned before this use in this probe");
                    if let Some(n) = nearest(name, known.iter().map(String::as_str)) {
                        d = d.with_hint(format!("did you mean {n}?"));
                    }
                    self.error(d)
                }
            },
            ExprKind::Map(map) => {
                let keys = self.keys(map);
                self.note_key_sizes(map, keys.as_deref());
                let Some(info) = self.maps.get_mut(&map.name) else {
                    let known: Vec<String> = self.maps.keys().cloned().collect();
                    let mut d =
                        Diagnostic::error(format!("undefined map @{}", map.name), e.span.clone())
                            .with_label("never assigned in this script");
                    if let Some(n) = nearest(&map.name, known.iter().map(String::as_str)) {
                        d = d.with_hint(format!("did you mean @{n}?"));
                    }
                    return self.error(d);
                };
                let problem = keys.and_then(|k| check_keys(info, map, k));
                let value = info.value;
                if let Some(
                    kind @ (MapKind::Hist { .. } | MapKind::Lhist { .. } | MapKind::Stats),
                ) = info.kind
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
            ExprKind::Call {
                name,
                name_span,
                args,
            } => self.call(e, name, name_span, args),
            ExprKind::Field {
                base,
                field,
                field_span,
            } => {
                if matches!(&base.kind, ExprKind::Builtin(b) if b == "args") {
                    self.probes[self.current].per_attach = true;
                    return self.args_field(base, field, field_span);
                }
                let t = self.expr(base)?;
                if matches!(
                    t,
                    Type::KernelPtr(_)
                        | Type::KernelRecord(_)
                        | Type::UserPtr(_)
                        | Type::UserRecord(_)
                ) {
                    let types = self.kernel_types(e)?;
                    return match btf_access::member(&types, t, field, field_span.clone()) {
                        Ok((ty, read)) => {
                            self.analysis
                                .members
                                .insert((e.span.start, e.span.end), read);
                            Some(ty)
                        }
                        Err(d) => self.error(d),
                    };
                }
                if let Type::Tuple(id) = t {
                    let elements = &self.tuples[id as usize];
                    return match field.parse::<usize>().ok().and_then(|i| elements.get(i)) {
                        Some(element) => Some(*element),
                        None => {
                            let n = elements.len();
                            self.error(
                                Diagnostic::error(
                                    format!("a tuple of {n} elements has no element .{field}"),
                                    field_span.clone(),
                                )
                                .with_label("no such element")
                                .with_hint(format!("elements are .0 to .{}", n.saturating_sub(1))),
                            )
                        }
                    };
                }
                let mut d = Diagnostic::error(
                    format!("{} has no fields", t.describe_with_article()),
                    e.span.clone(),
                )
                .with_label("field access needs a tuple or args");
                // `args.p->x` with p a uprobe's pointer to the program's struct.
                if matches!(&base.kind, ExprKind::Field { base: args, .. }
                    if matches!(&args.kind, ExprKind::Builtin(b) if b == "args"))
                    && self.probes[self.current]
                        .attaches
                        .iter()
                        .any(|a| matches!(a, Attach::Uprobe { .. }))
                {
                    d = d.with_hint(
                        "a uprobe's pointer argument is an address: Sonde does not read the program's own struct types (a struct defined in the script can be cast to: ((struct point *)args.p)->x)",
                    );
                }
                self.error(d)
            }
            ExprKind::TypeName { .. } => self.error(
                Diagnostic::error(
                    "a type can only be an argument of sizeof() or offsetof()",
                    e.span.clone(),
                )
                .with_label("a type")
                .with_hint("sizeof(struct task_struct), offsetof(struct task_struct, comm)"),
            ),
            ExprKind::EnumCast { name, operand } => self.enum_cast(name, operand, e),
            ExprKind::IncDec { target, .. } => self.inc_dec(e, target),
            ExprKind::Block { stmts, value } => {
                self.scopes.push();
                self.stmts(stmts);
                let t = self.expr(value);
                self.scopes.pop();
                t
            }
            ExprKind::NamedPointerCast { name, operand } => {
                // bpftrace's integer type names (`*(uint8 *)p`) are the
                // kernel's fixed-width typedefs.
                let name = match name.as_str() {
                    "int8" => "s8",
                    "uint8" => "u8",
                    "int16" => "s16",
                    "uint16" => "u16",
                    "int32" => "s32",
                    "uint32" => "u32",
                    "int64" => "s64",
                    "uint64" => "u64",
                    other => other,
                };
                self.pointer_cast(e, operand, |types| {
                    types
                        .record_by_name(name, false)
                        .or_else(|| types.record_by_name(name, true))
                        .or_else(|| types.type_by_name(name))
                        .map(Type::KernelPtr)
                        .ok_or_else(|| {
                            Diagnostic::error(
                                format!("the kernel has no struct, union or type named {name}"),
                                e.span.clone(),
                            )
                            .with_label("unknown type")
                            .with_hint(
                                "types come from the kernel's BTF and the script's definitions",
                            )
                        })
                })
            }
            ExprKind::RecordCast {
                name,
                union,
                operand,
            } => self.pointer_cast(e, operand, |types| {
                btf_access::record_pointer(types, name, *union, e.span.clone())
            }),
            ExprKind::Unary {
                op: UnaryOp::AddressOf,
                operand,
            } => self.address_of(e, operand),
            ExprKind::Index { base, index } => self.index(e, base, index, false).map(|f| f.0),
            ExprKind::Unary { op, operand } => {
                let t = self.expr(operand)?;
                if !t.is_int() {
                    let what = match op {
                        UnaryOp::Cast { .. } => "cast".to_string(),
                        other => format!("apply {other:?} to"),
                    };
                    return self.error(
                        Diagnostic::error(
                            format!("cannot {what} {}", t.describe_with_article()),
                            e.span.clone(),
                        )
                        .with_label("needs an integer"),
                    );
                }
                if *op == UnaryOp::Deref {
                    return self.deref(e, t);
                }
                Some(match op {
                    UnaryOp::Deref | UnaryOp::AddressOf => t,
                    UnaryOp::Not | UnaryOp::Cast { bits: 1, .. } => Type::Bool,
                    UnaryOp::Neg => Type::Int { signed: true },
                    UnaryOp::BitNot => t.as_arith(),
                    UnaryOp::Cast { signed, .. } => Type::Int { signed: *signed },
                })
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let (l, r) = (self.expr(lhs), self.expr(rhs));
                // While inferring, `@c + 1` tells @c's type even before @c has one.
                let (l, r) = match (l, r) {
                    (None, Some(t @ Type::Int { .. })) | (Some(t @ Type::Int { .. }), None)
                        if !self.strict =>
                    {
                        (t, t)
                    }
                    (l, r) => (l?, r?),
                };
                if let Some(t) = self.pointer_arith(e, *op, l, r) {
                    return t;
                }
                let logical = op.is_comparison() || matches!(op, BinaryOp::And | BinaryOp::Or);
                // As current bpftrace: comparisons and && || are bools, and
                // so are & | ^ of two bools.
                if (l == Type::Bool && r == Type::Bool)
                    && (logical || matches!(op, BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor))
                {
                    return Some(Type::Bool);
                }
                match (l.as_arith(), r.as_arith()) {
                    (Type::Int { signed: a }, Type::Int { signed: b }) => Some(if logical {
                        Type::Bool
                    } else {
                        if self.note_arith_shape(e, *op, lhs, rhs) == 32 && self.strict {
                            self.analysis
                                .wraps_at_32
                                .insert((e.span.start, e.span.end));
                        }
                        Type::Int { signed: a && b }
                    }),
                    // Pointers compare with each other and with integers, as
                    // unsigned addresses (`$p != 0`, `$a == $b`).
                    (a, b) if a.is_int() && b.is_int() && logical => Some(Type::Bool),
                    (Type::Tuple(a), Type::Tuple(b))
                        if a == b && matches!(op, BinaryOp::Eq | BinaryOp::Ne) =>
                    {
                        // Tuples are zeroed before their elements are stored:
                        // equal tuples have equal bytes.
                        let bytes = match self.slot_kind(l, lhs) {
                            Some(kind) => kind.slot_size(),
                            None => return None,
                        };
                        if self.strict {
                            self.analysis
                                .compare_bytes
                                .insert((e.span.start, e.span.end), bytes);
                        }
                        Some(Type::Bool)
                    }
                    (Type::Str, Type::Str) if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => {
                        // Strings are zero after their NUL, so comparing the
                        // words of the longer slot decides equality.
                        let bytes = self.str_size(lhs).max(self.str_size(rhs));
                        if self.strict {
                            self.analysis
                                .compare_bytes
                                .insert((e.span.start, e.span.end), bytes);
                        }
                        Some(Type::Bool)
                    }
                    _ => self.error(
                        Diagnostic::error(
                            format!(
                                "cannot apply '{}' to {} and {}",
                                op.symbol(),
                                l.describe_with_article(),
                                r.describe_with_article()
                            ),
                            e.span.clone(),
                        )
                        .with_label("incompatible operands")
                        .with_hint(
                            if matches!(l, Type::KernelPtr(_) | Type::UserPtr(_))
                                || matches!(r, Type::KernelPtr(_) | Type::UserPtr(_))
                            {
                                "pointers compare, take + and - of an integer, and - of a pointer of the same type; cast them to uint64 for other arithmetic"
                            } else if l == Type::Str || r == Type::Str {
                                "strings support only == and !="
                            } else {
                                "only integers compute, and integers or strings compare"
                            },
                        ),
                    ),
                }
            }
            ExprKind::Tuple(elements) => {
                let mut types = Vec::new();
                for el in elements {
                    types.push(self.value_expr(el));
                }
                let types: Option<Vec<Type>> = types.into_iter().collect();
                Some(self.intern_tuple(types?))
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                let c = self.expr(cond);
                // `c ? print("a") : print("b")`: a statement with no value.
                let (a, b) = (self.expr(then), self.expr(otherwise));
                if a == Some(Type::Void) && b == Some(Type::Void) {
                    return Some(Type::Void);
                }
                let (a, b) = (
                    a.and_then(|_| self.value_expr(then)),
                    b.and_then(|_| self.value_expr(otherwise)),
                );
                if let Some(c) = c
                    && !c.is_int()
                {
                    self.error(
                        Diagnostic::error("a condition must be an integer", cond.span.clone())
                            .with_label(format!("this is {}", c.describe_with_article())),
                    );
                }
                let (a, b) = (a?, b?);
                if a == Type::Bool && b == Type::Bool {
                    return Some(Type::Bool);
                }
                match (a.as_arith(), b.as_arith()) {
                    (Type::Int { signed: x }, Type::Int { signed: y }) => {
                        Some(Type::Int { signed: x && y })
                    }
                    (Type::Str, Type::Str) => Some(Type::Str),
                    // One type, kept in 64 bits or in a buffer.
                    _ if a == b && (a.in_memory() || a == Type::MacAddr) => Some(a),
                    _ if a.compatible(b) => self.error(
                        Diagnostic::error(
                            format!("?: cannot choose between {} values yet", a.describe()),
                            e.span.clone(),
                        )
                        .with_label("both branches are of this type")
                        .with_hint("use if/else and assign the value in each branch"),
                    ),
                    _ => self.error(
                        Diagnostic::error(
                            "the branches of ?: have different types",
                            e.span.clone(),
                        )
                        .with_label(format!(
                            "{} and {}",
                            a.describe_with_article(),
                            b.describe_with_article()
                        )),
                    ),
                }
            }
        }
    }

    /// The slot an assignment to `name` at `at` stores into: the visible
    /// variable's, or a new one declared in the current block.
    fn assigned_slot(&mut self, name: &str, at: &Span) -> String {
        let slot = match self.scopes.lookup(name) {
            Some(v) => v.slot.clone(),
            None => self.scopes.declare(name, false),
        };
        self.analysis
            .var_slots
            .insert((at.start, at.end), slot.clone());
        slot
    }

    /// Where the members `fields` of the kernel's task_struct are, for the
    /// builtin `what` that reads them; an error when the kernel lacks one.
    fn task_offsets<const N: usize>(
        &mut self,
        e: &Expr,
        what: &str,
        fields: [&str; N],
    ) -> Option<[u32; N]> {
        let types = self.kernel_types(e)?;
        let task = types.record_by_name("task_struct", false);
        let found = fields.map(|field| task.and_then(|t| types.member(t, field)).map(|m| m.offset));
        if let Some(i) = found.iter().position(Option::is_none) {
            return self.fail(
                Diagnostic::error(
                    format!("the kernel's task_struct has no {}", fields[i]),
                    e.span.clone(),
                )
                .with_label(format!("{what} reads it")),
            );
        }
        Some(found.map(|o| o.unwrap_or(0)))
    }

    /// Records what codegen needs to know of call (or builtin) `e`. A
    /// constant is recorded in every pass: an `if` it decides must leave
    /// its unreached branch out of the early passes too (see `constant_if`).
    fn note_call(&mut self, e: &Expr, info: CallInfo) {
        if self.strict || matches!(info, CallInfo::Constant(_)) {
            self.analysis.calls.insert((e.span.start, e.span.end), info);
        }
    }

    fn builtin(&mut self, name: &str, e: &Expr) -> Option<Type> {
        match Builtin::from_name(name) {
            Some(Builtin::Args) => self.error(
                Diagnostic::error("args can only be used as args.FIELD", e.span.clone())
                    .with_label("name a field"),
            ),
            Some(Builtin::Probe | Builtin::Probetype) => {
                self.probes[self.current].per_attach = true;
                Some(Type::Str)
            }
            Some(Builtin::Func) => {
                self.probes[self.current].per_attach = true;
                let probe = &self.probes[self.current];
                match probe.attaches.iter().find(|a| func_name(a).is_none()) {
                    Some(a) => {
                        let a = a.name();
                        self.error(
                            Diagnostic::error(
                                format!("func is not available in {a}"),
                                e.span.clone(),
                            )
                            .with_label("only in kprobe, kretprobe, uprobe and uretprobe probes"),
                        )
                    }
                    None => Some(Type::Str),
                }
            }
            Some(b @ (Builtin::Kstack | Builtin::Ustack)) => {
                self.stack_builtin(b == Builtin::Ustack, e)
            }
            Some(Builtin::Curtask) => match self.kernel.kernel_types() {
                Ok(types) => match types.record_by_name("task_struct", false) {
                    Some(id) => Some(Type::KernelPtr(id)),
                    None => self.error(
                        Diagnostic::error(
                            "the kernel's BTF has no struct task_struct",
                            e.span.clone(),
                        )
                        .with_label("curtask needs it"),
                    ),
                },
                Err(reason) => self.error(
                    Diagnostic::error(
                        format!("curtask needs kernel types: {reason}"),
                        e.span.clone(),
                    )
                    .with_label("here"),
                ),
            },
            Some(b @ (Builtin::Ncpus | Builtin::HasCpid)) => {
                let value = match b {
                    Builtin::Ncpus => match self.kernel.possible_cpus() {
                        Ok(n) => u64::from(n),
                        Err(reason) => {
                            return self.error(
                                Diagnostic::error(
                                    format!("cannot count the CPUs: {reason}"),
                                    e.span.clone(),
                                )
                                .with_label("ncpus"),
                            );
                        }
                    },
                    _ => u64::from(self.has_command),
                };
                self.note_call(e, CallInfo::Constant(value));
                Some(Type::Int { signed: false })
            }
            Some(Builtin::Usermode) => self.usermode(e),
            Some(Builtin::Ctx) => self.iter_context(e),
            Some(Builtin::StackArg(_)) => {
                let probe = &self.probes[self.current];
                // Only at a function's first instruction is sp at the return
                // address, with the stack arguments above it.
                let at_entry = |a: &&Attach| match a {
                    Attach::Kprobe { offset, .. } => *offset == 0,
                    Attach::Uprobe {
                        symbol: Some(_),
                        offset,
                        ..
                    } => *offset == 0,
                    _ => true,
                };
                match probe.attaches.iter().find(|a| {
                    ContextKind::of(a) != ContextKind::Regs { ret: false } || !at_entry(a)
                }) {
                    Some(a) => self.error(
                        Diagnostic::error(
                            format!("{name} is not available in {}", a.name()),
                            e.span.clone(),
                        )
                        .with_label("only in kprobe and uprobe probes, at a function's entry"),
                    ),
                    None => Some(Type::Int { signed: false }),
                }
            }
            Some(Builtin::Ppid) => {
                let [real_parent, tgid] = self.task_offsets(e, "ppid", ["real_parent", "tgid"])?;
                self.note_call(e, CallInfo::ParentPid { real_parent, tgid });
                Some(Type::Int { signed: false })
            }
            Some(Builtin::Pcomm) => {
                let [group_leader, comm] =
                    self.task_offsets(e, "pcomm", ["group_leader", "comm"])?;
                self.note_call(e, CallInfo::ProcessComm { group_leader, comm });
                Some(Type::Str)
            }
            Some(Builtin::Cpid) if !self.has_command => self.error(
                Diagnostic::error("cpid has no value without -c", e.span.clone())
                    .with_label("no command was started")
                    .with_hint("start one: sonde -c 'CMD ARGS' ..."),
            ),
            Some(b @ (Builtin::Arg(_) | Builtin::Retval)) => {
                // Registers exist only where the probe's context is pt_regs;
                // a USDT probe has the arguments its specs declare.
                let probe = &self.probes[self.current];
                let problem = probe.attaches.iter().find_map(|a| {
                    let where_ok = if b == Builtin::Retval {
                        "only in kretprobe, uretprobe and fexit probes".to_string()
                    } else {
                        "only in kprobe, uprobe, usdt, fentry/fexit and rawtracepoint probes; tracepoints have args".to_string()
                    };
                    match (ContextKind::of(a), b) {
                        (ContextKind::Regs { ret: false }, Builtin::Arg(n)) if n <= 5 => None,
                        (ContextKind::Regs { ret: false }, Builtin::Arg(_)) => Some((
                            format!("{name} is not available in {}", a.name()),
                            "Sonde reads arg0 to arg5 from registers".to_string(),
                        )),
                        (ContextKind::Regs { ret: true }, Builtin::Retval) => None,
                        // fentry/fexit: argN is the Nth argument of the BTF prototype.
                        (ContextKind::Btf { ret: true }, Builtin::Retval) => {
                            let has = probe_format_field(probe, a, "$retval");
                            (!has).then(|| {
                                (
                                    format!("{} returns nothing, so no retval", a.name()),
                                    "a void function".to_string(),
                                )
                            })
                        }
                        // Raw tracepoints' context is their arguments, one
                        // u64 each, as fentry's is.
                        (ContextKind::Tracepoint, Builtin::Arg(n))
                            if matches!(a, Attach::RawTracepoint { .. }) =>
                        {
                            let count = probe_arguments(probe, a);
                            (usize::from(n) >= count).then(|| {
                                (
                                    format!("{} has {count} argument(s), so no {name}", a.name()),
                                    "no such argument".to_string(),
                                )
                            })
                        }
                        (ContextKind::Btf { .. }, Builtin::Arg(n)) => {
                            let count = probe_arguments(probe, a);
                            (usize::from(n) >= count).then(|| {
                                (
                                    format!("{} has {count} argument(s), so no {name}", a.name()),
                                    "no such argument".to_string(),
                                )
                            })
                        }
                        (ContextKind::Usdt, Builtin::Arg(n)) => match a {
                            Attach::Usdt { arguments, .. } => match arguments.get(usize::from(n)) {
                                Some(UsdtArgument {
                                    location: UsdtLocation::Unsupported { spec, reason },
                                    ..
                                }) => Some((
                                    format!("{name} of {} cannot be read: {reason}", a.name()),
                                    format!("its spec is '{spec}'"),
                                )),
                                Some(_) => None,
                                None => Some((
                                    format!(
                                        "{} has {} argument(s), so no {name}",
                                        a.name(),
                                        arguments.len()
                                    ),
                                    "no such argument".to_string(),
                                )),
                            },
                            _ => None,
                        },
                        _ => Some((format!("{name} is not available in {}", a.name()), where_ok)),
                    }
                });
                match problem {
                    Some((message, label)) => {
                        self.error(Diagnostic::error(message, e.span.clone()).with_label(label))
                    }
                    None => {
                        // Arguments by position come from each attach
                        // point's own argument list.
                        if self.probes[self.current].attaches.iter().any(|a| {
                            matches!(a, Attach::Fentry { .. } | Attach::RawTracepoint { .. })
                        }) {
                            self.probes[self.current].per_attach = true;
                        }
                        Some(b.ty())
                    }
                }
            }
            Some(b) => Some(b.ty()),
            None if Builtin::is_planned(name) => self.error(
                Diagnostic::error(
                    format!("the builtin '{name}' is not supported by Sonde yet"),
                    e.span.clone(),
                )
                .with_label("not available yet"),
            ),
            None => {
                // A constant of the kernel's headers (`AF_INET`), or an
                // enumerator of a kernel enum (`TCP_ESTABLISHED`), is its value.
                let types =
                    crate::ctypes::Types::new(self.kernel.kernel_types().ok(), self.script_types);
                let constant = types
                    .enumerator(name)
                    .filter(|e| e.enum_id >= crate::ctypes::SCRIPT_BASE)
                    .map(|e| (e.value, e.signed))
                    .or_else(|| {
                        crate::kernel::constants::header_constant(name).map(|v| (v as u64, true))
                    })
                    .or_else(|| {
                        let number = crate::kernel::syscalls::number(name.strip_prefix("__NR_")?)?;
                        Some((u64::from(number), true))
                    })
                    .or_else(|| types.enumerator(name).map(|e| (e.value, e.signed)));
                if let Some((value, signed)) = constant {
                    self.note_call(e, CallInfo::Constant(value));
                    return Some(Type::Int { signed });
                }
                let mut d =
                    Diagnostic::error(format!("unknown identifier '{name}'"), e.span.clone())
                        .with_label("not a builtin");
                if let Some(n) = nearest(name, Builtin::names()) {
                    d = d.with_hint(format!("did you mean '{n}'?"));
                }
                self.error(d.with_hint("variables start with $ ($x) and maps with @ (@x)"))
            }
        }
    }

    /// `*p`: a kernel pointer reads its pointee's type; a plain integer is
    /// an address of a 64-bit value (as bpftrace's `*kaddr("avenrun")`).
    fn deref(&mut self, e: &Expr, t: Type) -> Option<Type> {
        use crate::btf_access::MemberKind;
        // A plain address in a uprobe or USDT probe is the process's, as a
        // cast there makes it (`*uaddr("counter")`).
        let user =
            matches!(t, Type::UserPtr(_)) || (matches!(t, Type::Int { .. }) && self.in_process());
        let found = match t {
            Type::KernelPtr(id) | Type::UserPtr(id) => {
                let types = self.kernel_types(e)?;
                btf_access::value_of(&types, id, user).ok_or_else(|| {
                    Diagnostic::error(
                        format!("cannot read a {} through a pointer yet", types.name(id)),
                        e.span.clone(),
                    )
                    .with_label("only integers, pointers, char arrays and structs")
                })
            }
            _ => Ok((
                Type::Int { signed: true },
                MemberKind::Int {
                    size: 8,
                    signed: true,
                },
            )),
        };
        match found {
            Ok((ty, kind)) => {
                self.analysis.members.insert(
                    (e.span.start, e.span.end),
                    MemberRead {
                        offset: 0,
                        kind,
                        user,
                    },
                );
                Some(ty)
            }
            Err(d) => self.error(d),
        }
    }

    fn args_field(&mut self, base: &Expr, field: &str, field_span: &Span) -> Option<Type> {
        let probe = &self.probes[self.current];
        let mut found: Option<TracepointField> = None;
        let mut problem = None;
        for (attach, format) in probe.attaches.iter().zip(&probe.formats) {
            let Some(format) = format else {
                let label = match attach {
                    Attach::Uprobe { ret: true, .. } => "a uretprobe has retval, not args",
                    Attach::Uprobe { offset: 1.., .. } => {
                        "args are known at a function's entry, not inside it"
                    }
                    Attach::Uprobe { .. } => {
                        "the binary has no DWARF debug info for this function (nor a debug file under /usr/lib/debug: Debian's -dbgsym packages have them)"
                    }
                    _ => {
                        "only tracepoints, raw tracepoints, fentry and uprobes of binaries with DWARF have args"
                    }
                };
                problem = Some(
                    Diagnostic::error(
                        format!("args is not available in {} probes", attach.name()),
                        base.span.clone(),
                    )
                    .with_label(label),
                );
                break;
            };
            match format.field(field) {
                None => {
                    let names: Vec<&str> = format.fields.iter().map(|f| f.name.as_str()).collect();
                    let mut d = Diagnostic::error(
                        format!("{} has no field '{field}'", attach.name()),
                        field_span.clone(),
                    )
                    .with_label("unknown field");
                    if let Some(n) = nearest(field, names.iter().copied()) {
                        d = d.with_hint(format!("did you mean '{n}'?"));
                    }
                    problem = Some(d.with_hint(format!("its fields: {}", names.join(", "))));
                    break;
                }
                Some(f) if f.kind == FieldKind::Unsupported => {
                    let mut d = Diagnostic::error(
                        format!(
                            "field '{field}' has type '{}', which Sonde cannot read yet",
                            f.c_type
                        ),
                        field_span.clone(),
                    )
                    .with_label("unsupported field type");
                    if matches!(attach, Attach::Uprobe { .. }) {
                        d = d.with_hint(
                            "a uprobe's args are the first six integer or pointer arguments, in registers; the rest are on the stack: sarg0, sarg1, ...",
                        );
                    }
                    problem = Some(d);
                    break;
                }
                Some(f) => match &found {
                    Some(prev) if field_type(prev) != field_type(f) => {
                        problem = Some(
                            Diagnostic::error(
                                format!("field '{field}' has different types in the probes of this block"),
                                field_span.clone(),
                            )
                            .with_label("split the block"),
                        );
                        break;
                    }
                    Some(_) => {}
                    None => found = Some(f.clone()),
                },
            }
        }
        if let Some(p) = problem {
            return self.error(p);
        }
        let f = found?;
        // `struct NAME *` fields point at types BTF knows: `->` can follow
        // them, into the process's memory for syscall arguments.
        // (Not a uprobe's: its struct is the program's, which BTF does not
        // describe.)
        if f.kind == FieldKind::Pointer
            && f.pointee.is_none()
            && !self.probes[self.current]
                .attaches
                .iter()
                .any(|a| matches!(a, Attach::Uprobe { .. }))
            && let Some((name, union)) = pointed_record(&f.c_type)
            && let Ok(types) = self.kernel.kernel_types()
            && let Some(id) = types.record_by_name(name, union)
        {
            let syscall = self.probes[self.current].attaches.iter().all(
                |a| matches!(a, Attach::Tracepoint { category, .. } if category == "syscalls"),
            );
            return Some(if syscall {
                Type::UserPtr(id)
            } else {
                Type::KernelPtr(id)
            });
        }
        Some(field_type(&f))
    }

    /// `has_key(@m, k)`, `delete(@m, k)` (and `delete(@m[k])`,
    /// `delete(@scalar)`): whether the key was there (delete: and is gone).
    fn map_membership(
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
        if let Some(kind @ (MapKind::Hist { .. } | MapKind::Lhist { .. })) = info.kind {
            return self.error(
                Diagnostic::error(
                    format!(
                        "{name}() on a {}() map is not supported yet",
                        kind.function()
                    ),
                    e.span.clone(),
                )
                .with_label("a histogram map")
                .with_hint(format!("clear(@{}) empties the whole map", element.name)),
            );
        }
        if let Some(p) = keys.and_then(|k| check_keys(info, &element, k)) {
            return self.error(p);
        }
        // Both answer whether the key was there (delete: and is gone).
        Some(Type::Bool)
    }

    fn call(&mut self, e: &Expr, name: &str, name_span: &Span, args: &[Expr]) -> Option<Type> {
        let Some(function) = Function::from_name(name) else {
            let d = if Function::is_planned(name) {
                Diagnostic::error(
                    format!("the function '{name}' is not supported by Sonde yet"),
                    name_span.clone(),
                )
                .with_label("not available yet")
            } else {
                let mut d =
                    Diagnostic::error(format!("unknown function '{name}'"), name_span.clone())
                        .with_label("not a function");
                if let Some(n) = nearest(name, Function::names()) {
                    d = d.with_hint(format!("did you mean '{n}'?"));
                }
                d
            };
            for a in args {
                self.expr(a);
            }
            return self.error(d);
        };
        let arity = |min: usize, max: usize, usage: &str| -> Option<Diagnostic> {
            (args.len() < min || args.len() > max).then(|| {
                Diagnostic::error(
                    format!(
                        "{name}() takes {} but got {}",
                        plural_args(min, max),
                        args.len()
                    ),
                    e.span.clone(),
                )
                .with_label("wrong number of arguments")
                .with_hint(format!("usage: {usage}"))
            })
        };
        match function {
            Function::Printf => self.printf(e, args),
            Function::Time => match arity(0, 1, "time([\"%H:%M:%S\\n\"])") {
                Some(d) => self.error(d),
                None => self.time(e, args),
            },
            Function::Strncmp => match arity(3, 3, "strncmp(s1, s2, n)") {
                Some(d) => self.error(d),
                None => self.compare_call(function, args),
            },
            Function::Memcmp => match arity(3, 3, "memcmp(s1, s2, n)") {
                Some(d) => self.error(d),
                None => self.compare_call(function, args),
            },
            Function::Join => match arity(1, 2, "join(args.argv[, \" \"])") {
                Some(d) => self.error(d),
                None => self.join(e, args),
            },
            Function::Str => {
                if let Some(d) = arity(1, 2, "str(pointer[, length])") {
                    return self.error(d);
                }
                // str($1): the argument's text, whatever it looks like;
                // str($1 + K) skips K bytes of it. A parameter not given is
                // "", as in bpftrace.
                if let Some((index, skip)) = positional_text(args) {
                    let len = self.positional.get(index - 1).map_or(0, String::len);
                    if skip > len as u64 {
                        return self.error(
                            Diagnostic::error(
                                format!("str(${index} + {skip}) starts past the end of ${index} ({len} bytes)"),
                                args[0].span.clone(),
                            )
                            .with_label("past the end")
                            .with_hint(format!("add at most {len}")),
                        );
                    }
                    return Some(Type::Str);
                }
                for a in args {
                    let t = self.expr(a)?;
                    if !t.is_int() {
                        return self.error(
                            Diagnostic::error(
                                format!(
                                    "str() needs an address, not {}",
                                    t.describe_with_article()
                                ),
                                a.span.clone(),
                            )
                            .with_label("not a pointer or integer"),
                        );
                    }
                }
                Some(Type::Str)
            }
            Function::Exit => {
                if let Some(d) = arity(0, 1, "exit() or exit(code)") {
                    return self.error(d);
                }
                if let Some(a) = args.first() {
                    let t = self.expr(a)?;
                    if !t.is_int() {
                        return self.error(
                            Diagnostic::error("exit() takes an integer exit code", a.span.clone())
                                .with_label(format!("this is {}", t.describe_with_article())),
                        );
                    }
                }
                Some(Type::Void)
            }
            Function::Delete | Function::HasKey => self.map_membership(e, function, name, args),
            Function::Find => self.find(e, args),
            Function::Fail => self.fail_call(e, args),
            Function::StaticAssert => self.static_assert(e, args),
            Function::TypeTest(test) => self.type_test(e, name, test, args),
            Function::Assert => self.assert_call(e, args),
            Function::Kptr | Function::Uptr => self.address_space(e, function, args),
            f if f.is_aggregation() => {
                for a in args {
                    self.expr(a);
                }
                self.error(
                    Diagnostic::error(
                        format!("{name}() can only be assigned to a map"),
                        e.span.clone(),
                    )
                    .with_label("an aggregation")
                    .with_hint(format!(
                        "write @name = {name}(...) or @name[key] = {name}(...)"
                    )),
                )
            }
            Function::Len => match args {
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
                        kind: Some(kind @ (MapKind::Hist { .. } | MapKind::Lhist { .. })),
                        ..
                    }) => {
                        let kind = *kind;
                        self.error(
                            Diagnostic::error(
                                format!("len() of a {}() map is not supported", kind.function()),
                                e.span.clone(),
                            )
                            .with_label("a histogram map"),
                        )
                    }
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
            },
            Function::Clear | Function::Zero | Function::Print => {
                self.map_function(e, function, name, args)
            }
            Function::Kstack | Function::Ustack => {
                self.stack_call(e, function == Function::Ustack, args)
            }
            Function::Ksym | Function::Usym => {
                self.symbol_call(e, function == Function::Usym, args)
            }
            Function::Kaddr => self.kaddr(e, args),
            Function::Strerror | Function::SyscallName => self.named_number(e, function, args),
            Function::Uaddr => self.uaddr(e, args),
            Function::Strftime
            | Function::Ntop
            | Function::Macaddr
            | Function::Buf
            | Function::Bswap
            | Function::Strcontains
            | Function::Strstr
            | Function::Strlen
            | Function::Signal
            | Function::SignalThread
            | Function::System
            | Function::Cat
            | Function::Sizeof
            | Function::Offsetof
            | Function::Errorf
            | Function::Warnf
            | Function::CgroupPath => self.function(e, function, name, args),
            Function::Getopt => self.getopt(e, args),
            Function::Reg => self.reg(e, args),
            Function::Cgroupid => self.cgroupid(e, args),
            Function::Path => self.path_call(e, args),
            Function::Nsecs => self.nsecs_clock(e, args),
            _ => self.error(Diagnostic::error(
                format!("{name}() is not handled"),
                e.span.clone(),
            )),
        }
    }

    /// clear(@m), zero(@m), print(@m[, top[, div]]) and print(value).
    fn map_function(
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
        let max = if function == Function::Print { 3 } else { 1 };
        if args.len() > max {
            let usage = if function == Function::Print {
                "print(@map[, top[, div]])"
            } else {
                "clear(@map) or zero(@map)"
            };
            return self.error(
                Diagnostic::error(
                    format!("{name}() takes at most {}", plural_args(max, max)),
                    e.span.clone(),
                )
                .with_label("too many arguments")
                .with_hint(format!("usage: {usage}")),
            );
        }
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

    /// Checks `f(args)` on the right of `@map = ...`; returns the map kind and
    /// the type a read of the map gives.
    fn aggregation(
        &mut self,
        call: &Expr,
        function: Function,
        args: &[Expr],
    ) -> Option<(MapKind, Type)> {
        let fname = format!("{function:?}").to_lowercase();
        let (count, usage) = match function {
            Function::Count => (0, "count()".to_string()),
            Function::Lhist => (4, "lhist(value, min, max, step)".to_string()),
            // hist(value, bits): each power of two in 2^bits linear buckets.
            Function::Hist if args.len() == 2 => (2, "hist(value[, bits])".to_string()),
            _ => (1, format!("{fname}(value)")),
        };
        if args.len() != count {
            return self.fail(
                Diagnostic::error(
                    format!(
                        "{fname}() takes {} but got {}",
                        plural_args(count, count),
                        args.len()
                    ),
                    call.span.clone(),
                )
                .with_label("wrong number of arguments")
                .with_hint(format!("usage: {usage}")),
            );
        }
        let value_type = match args.first() {
            Some(a) => {
                let t = self.expr(a)?;
                if !t.is_int() {
                    return self.fail(
                        Diagnostic::error(format!("{fname}() needs an integer"), a.span.clone())
                            .with_label(format!("this is {}", t.describe_with_article())),
                    );
                }
                t
            }
            None => Type::Int { signed: false },
        };
        if self.strict {
            self.analysis
                .types
                .insert((call.span.start, call.span.end), value_type);
        }
        Some(match function {
            Function::Count => (MapKind::Count, Type::Int { signed: false }),
            Function::Sum => (MapKind::Sum, value_type),
            Function::Min => (MapKind::Min, value_type),
            Function::Max => (MapKind::Max, value_type),
            Function::Avg => (MapKind::Avg, Type::Int { signed: true }),
            Function::Stats => (MapKind::Stats, Type::Int { signed: true }),
            Function::Hist => {
                let bits = match args.get(1) {
                    None => 0,
                    Some(a) => match constant_int(a)
                        .and_then(|v| u8::try_from(v).ok())
                        .filter(|v| *v <= 5)
                    {
                        Some(v) => v,
                        None => {
                            return self.fail(
                                Diagnostic::error(
                                    "hist()'s bits must be a constant from 0 to 5",
                                    a.span.clone(),
                                )
                                .with_label("not a constant from 0 to 5")
                                .with_hint("hist($x, 2) splits each power of two in 4 buckets"),
                            );
                        }
                    },
                };
                (MapKind::Hist { bits }, value_type)
            }
            Function::Lhist => {
                let mut bounds = [0i64; 3];
                for (slot, a) in bounds.iter_mut().zip(&args[1..]) {
                    match constant_int(a) {
                        Some(v) => *slot = v,
                        None => {
                            return self.fail(
                                Diagnostic::error(
                                    "lhist()'s min, max and step must be integer constants",
                                    a.span.clone(),
                                )
                                .with_label("not a constant"),
                            );
                        }
                    }
                }
                let [min, max, step] = bounds;
                let problem = if step <= 0 {
                    Some(("lhist()'s step must be positive", &args[3]))
                } else if max <= min {
                    Some(("lhist()'s max must be greater than its min", &args[2]))
                } else if (max - min) / step > MAX_LHIST_BUCKETS {
                    Some(("lhist() would have more than 1000 buckets", &args[3]))
                } else {
                    None
                };
                if let Some((message, at)) = problem {
                    return self.fail(
                        Diagnostic::error(message, at.span.clone())
                            .with_label("here")
                            .with_hint(
                                "usage: lhist(value, min, max, step), e.g. lhist($x, 0, 1000, 100)",
                            ),
                    );
                }
                (MapKind::Lhist { min, max, step }, value_type)
            }
            _ => return None,
        })
    }

    /// `time([FORMAT])`: prints the wall-clock time, formatted in user space
    /// by strftime(3); bpftrace's default format is "%H:%M:%S\n".
    fn time(&mut self, call: &Expr, args: &[Expr]) -> Option<Type> {
        let format = match args.first() {
            None => "%H:%M:%S\n".to_string(),
            Some(arg) => {
                self.string_literal(arg, "time()'s format", "usage: time(\"%H:%M:%S \")")?
            }
        };
        self.register_printf(call, vec![FormatPiece::LocalTime(format)], Vec::new());
        Some(Type::Void)
    }

    /// The text of a string-literal argument, or a diagnostic naming `what`.
    fn string_literal(&mut self, arg: &Expr, what: &str, usage: &str) -> Option<String> {
        if let ExprKind::Str(bytes) = &arg.kind {
            return Some(String::from_utf8_lossy(bytes).into_owned());
        }
        self.expr(arg);
        self.error(
            Diagnostic::error(format!("{what} must be a string literal"), arg.span.clone())
                .with_label("not a string literal")
                .with_hint(usage),
        );
        None
    }

    /// `strncmp(s1, s2, n)`: 0 if the strings agree in their first n bytes
    /// (n a literal, as in bpftrace), else 1.
    /// `strncmp(s1, s2, n)` and `memcmp(s1, s2, n)`: two strings and a
    /// literal length; strncmp is 0 or 1, memcmp a signed difference.
    fn compare_call(&mut self, function: Function, args: &[Expr]) -> Option<Type> {
        let [s1, s2, n] = args else {
            return None;
        };
        let (name, usage) = if function == Function::Memcmp {
            ("memcmp", "usage: memcmp(s1, s2, n)")
        } else {
            ("strncmp", "usage: strncmp(comm, \"bash\", 4)")
        };
        let mut ok = true;
        for s in [s1, s2] {
            match self.value_expr(s) {
                Some(Type::Str) => {}
                Some(other) => {
                    ok = false;
                    self.error(
                        Diagnostic::error(
                            format!(
                                "{name}() compares strings, this is {}",
                                other.describe_with_article()
                            ),
                            s.span.clone(),
                        )
                        .with_label("not a string")
                        .with_hint(usage),
                    );
                }
                None => ok = false,
            }
        }
        if !matches!(n.kind, ExprKind::Int(_)) {
            self.expr(n);
            return self.error(
                Diagnostic::error(
                    format!("{name}()'s length must be an integer literal"),
                    n.span.clone(),
                )
                .with_label("not a literal")
                .with_hint(usage),
            );
        }
        ok.then_some(Type::Int {
            signed: function == Function::Memcmp,
        })
    }

    /// `join(array[, sep])`: prints the strings of a NULL-terminated array of
    /// string pointers (`args.argv`), at most `JOIN_MAX_ELEMENTS` of them.
    fn join(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        let usage = "usage: join(args.argv[, \" \"])";
        let [array, rest @ ..] = args else {
            return None;
        };
        let separator = match rest.first() {
            None => " ".to_string(),
            Some(arg) => match self.string_literal(arg, "join()'s separator", usage) {
                Some(separator) => separator,
                None => {
                    self.expr(array);
                    return None;
                }
            },
        };
        let t = self.value_expr(array)?;
        if !t.is_int() {
            return self.error(
                Diagnostic::error(
                    "join() takes an array of string pointers",
                    array.span.clone(),
                )
                .with_label("not a pointer")
                .with_hint(usage),
            );
        }
        let slots = vec![
            ValueKind::Str {
                size: string_size()
            };
            JOIN_MAX_ELEMENTS as usize
        ];
        self.register_printf(e, vec![FormatPiece::Join(separator)], slots);
        Some(Type::Void)
    }

    fn printf(&mut self, e: &Expr, args: &[Expr]) -> Option<Type> {
        if let Some((pieces, kinds)) = self.format_call(e, args, "printf") {
            self.register_printf(e, pieces, kinds);
        }
        Some(Type::Void)
    }

    /// Checks a printf-like call (`printf`, `system`, `cat`): the format a
    /// string literal, each argument of the type its conversion takes.
    /// Returns the pieces and the record's argument slots, or None after
    /// reporting what is wrong.
    fn format_call(
        &mut self,
        e: &Expr,
        args: &[Expr],
        name: &str,
    ) -> Option<(Vec<FormatPiece>, Vec<ValueKind>)> {
        let Some(first) = args.first() else {
            return self.fail(
                Diagnostic::error(format!("{name}() needs a format string"), e.span.clone())
                    .with_label("no arguments")
                    .with_hint(format!("usage: {name}(\"%d\\n\", pid)")),
            );
        };
        let ExprKind::Str(bytes) = &first.kind else {
            self.expr(first);
            return self.fail(
                Diagnostic::error(
                    format!("{name}()'s format must be a string literal"),
                    first.span.clone(),
                )
                .with_label("not a string literal"),
            );
        };
        let format = String::from_utf8_lossy(bytes).into_owned();
        let pieces = match printf_format::parse(&format) {
            Ok(p) => p,
            Err(err) => {
                return self.fail(
                    Diagnostic::error(format!("{name}: {}", err.message), first.span.clone())
                        .with_label("in this format")
                        .with_hint("conversions: %d %i %u %x %X %o %c %s %p %r %rx %rh %%"),
                );
            }
        };
        let conversions: Vec<char> = printf_format::conversions(&pieces)
            .map(|c| c.conv)
            .collect();
        let values = &args[1..];
        let mut kinds = Vec::new();
        let mut ok = true;
        for (value, conv) in values.iter().zip(
            conversions
                .iter()
                .copied()
                .map(Some)
                .chain(std::iter::repeat(None)),
        ) {
            let Some(t) = self.value_expr(value) else {
                ok = false;
                continue;
            };
            if matches!(t, Type::Tuple(_)) {
                self.error(
                    Diagnostic::error(format!("{name} cannot format a tuple"), value.span.clone())
                        .with_label("a tuple")
                        .with_hint("print($t) prints a tuple, or printf its elements: $t.0, $t.1"),
                );
                ok = false;
                continue;
            }
            if let Some(conv) = conv
                && let Some(d) = conversion_mismatch(name, conv, t, value)
            {
                self.error(d);
                ok = false;
            }
            let enum_name = if conv == Some('s') {
                self.enum_slot(t, value)
            } else {
                None
            };
            kinds.extend(enum_name.or_else(|| self.slot_kind(t, value)));
        }
        if values.len() != conversions.len() {
            let d = Diagnostic::error(
                format!(
                    "{name}: the format has {} conversion{} but {} argument{} given",
                    conversions.len(),
                    if conversions.len() == 1 { "" } else { "s" },
                    values.len(),
                    if values.len() == 1 { " is" } else { "s are" },
                ),
                e.span.clone(),
            )
            .with_label("argument count does not match the format");
            return self.fail(d);
        }
        ok.then_some((pieces, kinds))
    }

    /// Gives the call site its record id (in the final, strict pass).
    fn register_printf(&mut self, call: &Expr, pieces: Vec<FormatPiece>, args: Vec<ValueKind>) {
        if self.strict {
            let id = self.analysis.printfs.len() as u64;
            self.analysis.printf_ids.insert(call.span.start, id);
            self.analysis.printfs.push(PrintfSpec { pieces, args });
        }
    }
}

/// Why a value of type `t` cannot go through conversion `%conv`, if it cannot:
/// `%r` takes buffers and only buffers; the values user space formats
/// (timestamps, addresses) print with `%s`.
fn conversion_mismatch(name: &str, conv: char, t: Type, value: &Expr) -> Option<Diagnostic> {
    let problem = |message: String, hint: &str| {
        Some(
            Diagnostic::error(message, value.span.clone())
                .with_label("wrong type for its conversion")
                .with_hint(hint.to_string()),
        )
    };
    match (conv, t) {
        ('r', Type::Buffer(_)) => None,
        ('r', other) => problem(
            format!(
                "{name}: %r expects a buffer, but this is {}",
                other.describe_with_article()
            ),
            "make one with buf(pointer, length)",
        ),
        (_, Type::Buffer(_)) => problem(
            format!("{name}: a buffer prints with %r, %rx or %rh, not %{conv}"),
            "%r shows printable bytes as they are, %rx every byte as \\xNN, %rh as hex",
        ),
        ('s', _) => None,
        (_, other) if other.is_formatted() => problem(
            format!(
                "{name}: {} prints with %s, not %{conv}",
                other.describe_with_article()
            ),
            "use %s",
        ),
        (_, other) if !other.is_int() => problem(
            format!(
                "{name}: %{conv} expects an integer, but this is {}",
                other.describe_with_article()
            ),
            "use %s for strings",
        ),
        _ => None,
    }
}

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

/// The layout of `t`, tuples element by element (their strings in full
/// `string_size()` slots).
fn tuple_layout(tuples: &[Vec<Type>], formats: &[String], t: Type) -> Option<ValueKind> {
    match t {
        Type::Tuple(id) => tuples
            .get(id as usize)?
            .iter()
            .map(|e| tuple_layout(tuples, formats, *e))
            .collect::<Option<Vec<_>>>()
            .map(ValueKind::Tuple),
        Type::Timestamp => Some(ValueKind::Timestamp {
            formats: formats.to_vec(),
        }),
        Type::CgroupPath => Some(ValueKind::CgroupPath {
            filters: formats.to_vec(),
        }),
        other => other.value_kind(),
    }
}

/// The value of a positional parameter: a number when the argument is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Positional {
    Int(i64),
    Text(String),
}

/// `$3` → 3.
/// `str($N)` and `str($N + K)`'s argument: N and K.
pub(crate) fn positional_text(args: &[Expr]) -> Option<(usize, u64)> {
    match args {
        [
            Expr {
                kind: ExprKind::Var(v),
                ..
            },
        ] => Some((positional_index(v)?, 0)),
        [
            Expr {
                kind:
                    ExprKind::Binary {
                        op: BinaryOp::Add,
                        lhs,
                        rhs,
                    },
                ..
            },
        ] => match (&lhs.kind, &rhs.kind) {
            (ExprKind::Var(v), ExprKind::Int(k)) => Some((positional_index(v)?, *k)),
            _ => None,
        },
        _ => None,
    }
}

pub fn positional_index(name: &str) -> Option<usize> {
    let digits = name.strip_prefix('$')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// What `$N` or `$#` stands for, given the script's arguments.
pub fn positional_value(args: &[String], name: &str) -> Option<Positional> {
    if name == "$#" {
        return Some(Positional::Int(args.len() as i64));
    }
    let text = args.get(positional_index(name)? - 1)?;
    let number = match text.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => text.parse::<i64>().ok(),
    };
    Some(number.map_or_else(|| Positional::Text(text.clone()), Positional::Int))
}

/// `@m = f(...)` where f is an aggregation.
fn aggregation_call(value: &Expr) -> Option<(Function, &[Expr])> {
    match &value.kind {
        ExprKind::Call { name, args, .. } => Function::from_name(name)
            .filter(|f| f.is_aggregation())
            .map(|f| (f, args.as_slice())),
        _ => None,
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

/// An integer literal, possibly negated.
fn constant_int(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Int(v) => i64::try_from(*v).ok(),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => constant_int(operand).map(|v| -v),
        _ => None,
    }
}

fn field_type(f: &TracepointField) -> Type {
    if let (FieldKind::Pointer, Some(pointee)) = (f.kind, f.pointee) {
        return Type::KernelPtr(pointee);
    }
    match f.kind {
        FieldKind::CharArray | FieldKind::DataLocString => Type::Str,
        FieldKind::CharPtr | FieldKind::Pointer => Type::Int { signed: false },
        FieldKind::Int | FieldKind::Unsupported => Type::Int { signed: f.signed },
    }
}

/// `const struct timespec *` → ("timespec", false): the record a field's C
/// type points at, when it is a single pointer to a named struct or union.
fn pointed_record(c_type: &str) -> Option<(&str, bool)> {
    let t = c_type.trim();
    let t = t.strip_prefix("const ").unwrap_or(t).trim();
    let t = t.strip_suffix('*')?.trim_end();
    let t = t.strip_suffix("const").unwrap_or(t).trim_end();
    let (union, rest) = match t.strip_prefix("struct ") {
        Some(r) => (false, r),
        None => (true, t.strip_prefix("union ")?),
    };
    let name = rest.trim();
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some((name, union))
}

/// Whether the format of `attach` in `probe` has the field `name`.
fn probe_format_field(probe: &ProbeAnalysis, attach: &Attach, name: &str) -> bool {
    probe
        .attaches
        .iter()
        .zip(&probe.formats)
        .find(|(a, _)| *a == attach)
        .and_then(|(_, f)| f.as_ref())
        .is_some_and(|f| f.field(name).is_some())
}

/// How many arguments (not counting an fexit's `$retval`) `attach` has.
fn probe_arguments(probe: &ProbeAnalysis, attach: &Attach) -> usize {
    probe
        .attaches
        .iter()
        .zip(&probe.formats)
        .find(|(a, _)| *a == attach)
        .and_then(|(_, f)| f.as_ref())
        .map_or(0, |f| {
            f.fields.iter().filter(|f| f.name != "$retval").count()
        })
}

/// The traced function's name, for `func`: kprobes and uprobes only.
pub fn func_name(attach: &Attach) -> Option<String> {
    match attach {
        Attach::Kprobe { function, .. } | Attach::Fentry { function, .. } => Some(function.clone()),
        Attach::Uprobe { symbol, offset, .. } => {
            Some(symbol.clone().unwrap_or_else(|| format!("{offset:#x}")))
        }
        _ => None,
    }
}

fn plural_args(min: usize, max: usize) -> String {
    let n = |k: usize| format!("{k} argument{}", if k == 1 { "" } else { "s" });
    match (min, max) {
        (a, b) if a == b => n(a),
        (a, b) if b == a + 1 => format!("{a} or {}", n(b)),
        (a, b) => format!("{a} to {}", n(b)),
    }
}

/// The context a probe's programs get.
pub fn context_kinds(p: &ProbeAnalysis) -> impl Iterator<Item = ContextKind> + '_ {
    p.attaches.iter().map(ContextKind::of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::FixtureKernel;
    use crate::parse::parse;

    fn analyse_text(text: &str) -> Result<Analysis, Vec<Diagnostic>> {
        analyse(
            &parse(text).expect("parses"),
            &FixtureKernel::standard(),
            &Options::default(),
        )
    }

    #[test]
    fn map_types_flow_between_probes_in_any_order() {
        let a =
            analyse_text("BEGIN { @a = @b + 1; } END { @b = 2; @s[comm, 1] = comm; }").expect("ok");
        let (_, a_map) = a.map("a").expect("@a");
        assert_eq!(a_map.value, ValueKind::Int { signed: true });
        let (_, s) = a.map("s").expect("@s");
        // comm needs 16 bytes, NUL included.
        assert_eq!(
            s.keys,
            vec![ValueKind::Str { size: 16 }, ValueKind::Int { signed: true }]
        );
        assert_eq!(s.value, ValueKind::Str { size: 16 });
        assert_eq!(s.key_size(), 24);
    }

    #[test]
    fn pointer_fields_name_their_record() {
        assert_eq!(
            pointed_record("struct __kernel_timespec *"),
            Some(("__kernel_timespec", false))
        );
        assert_eq!(
            pointed_record("const struct sockaddr *"),
            Some(("sockaddr", false))
        );
        assert_eq!(pointed_record("union bpf_attr *"), Some(("bpf_attr", true)));
        assert_eq!(pointed_record("const char *"), None);
        assert_eq!(pointed_record("struct rlimit64 * const"), None);
        assert_eq!(pointed_record("struct x **"), None);
    }

    #[test]
    fn args_and_probe_make_one_program_per_attach_point() {
        let a = analyse_text(
            "t:syscalls:sys_enter_* { @[probe] = 1; } t:syscalls:sys_enter_* { @x = 1; } t:sched:sched_switch { @p = args.prev_pid; }",
        )
        .expect("ok");
        assert_eq!(a.probes[0].attaches.len(), 3);
        assert!(a.probes[0].per_attach);
        assert!(!a.probes[1].per_attach);
        assert!(a.probes[2].per_attach);
        let (_, p) = a.map("p").expect("@p");
        assert_eq!(p.value, ValueKind::Int { signed: true }, "pid_t is signed");
    }

    #[test]
    fn signedness_of_expressions() {
        let a = analyse_text(
            "BEGIN { $a = -1; $b = pid; $c = $a + $b; $d = $a * 2; $e = 0xffffffffffffffff; }",
        )
        .expect("ok");
        let vars = &a.probes[0].vars;
        assert_eq!(vars["$a"], Type::Int { signed: true });
        assert_eq!(vars["$b"], Type::Int { signed: false });
        assert_eq!(
            vars["$c"],
            Type::Int { signed: true },
            "int8 + uint32 is bpftrace's int64, the signed type holding both"
        );
        assert_eq!(vars["$d"], Type::Int { signed: true });
        assert_eq!(
            vars["$e"],
            Type::Int { signed: false },
            "literals above i64::MAX are unsigned"
        );
    }

    #[test]
    fn errors_are_reported_once_each_with_spans() {
        let errs = analyse_text(
            "BEGIN { $y = $x; @m[1] = 1; @m[\"s\"] = 2; @m[1, 2] = 3; exit(\"no\"); }",
        )
        .expect_err("bad");
        let messages: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("undefined variable $x"));
        assert!(messages[1].contains("@m has int64 keys, but this key is a string"));
        assert!(messages[2].contains("@m is used with 2 keys here and 1 elsewhere"));
        assert!(messages[3].contains("exit() takes an integer exit code"));
        assert!(errs.iter().all(|d| d.span.is_some()));
    }

    fn messages(text: &str) -> Vec<String> {
        match analyse_text(text) {
            Ok(_) => Vec::new(),
            Err(d) => d.into_iter().map(|d| d.message).collect(),
        }
    }

    #[test]
    fn variables_belong_to_their_block() {
        // Assigned in a branch: gone after it, as in bpftrace.
        assert_eq!(
            messages("BEGIN { if (1) { $b = 1; } printf(\"%d\\n\", $b); }"),
            ["$b is not in scope here"]
        );
        // Declared before the block: the block assigns the outer variable.
        assert_eq!(
            messages("BEGIN { let $b; if (1) { $b = 1; } printf(\"%d\\n\", $b); }"),
            Vec::<String>::new()
        );
        assert_eq!(
            messages("BEGIN { $x = 1; while ($x < 3) { let $x = 2; } }"),
            ["$x is already declared"]
        );
        assert_eq!(
            messages("BEGIN { $i = 1; for ($i : 0..2) { } }"),
            ["the loop variable $i shadows a variable of the same name"]
        );
        assert_eq!(
            messages("BEGIN { $y = $nope; }"),
            ["undefined variable $nope"]
        );
    }

    #[test]
    fn blocks_that_do_not_nest_have_separate_variables() {
        let a = analyse_text(
            "BEGIN { if (pid) { $v = \"s\"; } else { $v = 1; } for ($i : 0..2) { } for ($i : @m) { } } END { @m[1] = 2; }",
        )
        .expect("ok");
        let vars = &a.probes[0].vars;
        assert_eq!(vars["$v"], Type::Str);
        assert_eq!(vars["$v#1"], Type::Int { signed: true });
        assert_eq!(vars["$i"], Type::Int { signed: true });
        assert!(matches!(vars["$i#1"], Type::Tuple(_)));
    }

    #[test]
    fn break_continue_and_unroll_are_checked() {
        assert_eq!(
            messages("BEGIN { break; unroll(2) { continue; } while (1) { unroll(2) { break; } } }"),
            ["break outside of a loop", "continue outside of a loop"]
        );
        assert_eq!(
            messages("BEGIN { unroll(0) { } unroll(101) { } unroll(100) { } unroll(pid) { } }"),
            [
                "unroll's count must be from 1 to 100",
                "unroll's count must be from 1 to 100",
                "unroll's count must be an integer literal"
            ]
        );
        assert_eq!(
            messages(
                "BEGIN { unroll(100) { unroll(10) { } } unroll(10) { unroll(10) { unroll(11) { } } } }"
            ),
            ["nested unrolls would repeat this block 1100 times, more than 1000"]
        );
        assert_eq!(
            messages("BEGIN { for ($i : 0..3) { while (1) { return; } } while (1) { return; } }"),
            ["return is not allowed inside a for loop"]
        );
    }

    #[test]
    fn let_types_and_widths() {
        let a = analyse_text(
            "BEGIN { let $a: uint8 = 1; $a = pid; let $b: int64 = -1; let $s: string; let $n; $m = $n; }",
        )
        .expect("ok");
        let vars = &a.probes[0].vars;
        assert_eq!(vars["$a"], Type::Int { signed: false });
        assert_eq!(vars["$s"], Type::Str);
        assert_eq!(
            vars["$n"],
            Type::Int { signed: true },
            "read before assigned: 0"
        );
        assert_eq!(a.store_widths.len(), 2, "both stores to $a, none to $b");
        assert_eq!(
            messages(
                "BEGIN { let $a: int8 = 128; let $b: int8 = -128; let $c: bool = 2; let $d: string = 1; }"
            ),
            [
                "128 does not fit in int8",
                "type mismatch for $c: it is declared a bool",
                "type mismatch for $d: it is declared a string"
            ]
        );
    }

    #[test]
    fn stacks_take_their_mode_and_limit_and_need_a_map_per_limit() {
        use crate::script::{StackMode, StackType};
        let options = Options {
            stack_mode: StackMode::Perf,
            ..Options::default()
        };
        let a = analyse(
            &parse("BEGIN { @a = kstack; @b[ustack(raw, 5), 1] = count(); @c = kstack(bpftrace); @d = ksym(1); @e = usym(2); }")
                .expect("parses"),
            &FixtureKernel::standard(),
            &options,
        )
        .expect("ok");
        let st = |user, mode, limit| ValueKind::Stack(StackType { user, mode, limit });
        assert_eq!(
            a.map("a").expect("@a").1.value,
            st(false, StackMode::Perf, 127)
        );
        assert_eq!(
            a.map("b").expect("@b").1.keys[0],
            st(true, StackMode::Raw, 5)
        );
        assert_eq!(a.map("b").expect("@b").1.key_size(), 24);
        assert_eq!(
            a.map("c").expect("@c").1.value,
            st(false, StackMode::Bpftrace, 127)
        );
        assert_eq!(a.map("d").expect("@d").1.value, ValueKind::Ksym);
        assert_eq!(a.map("e").expect("@e").1.value, ValueKind::Usym);
        let limits: Vec<u32> = a.stack_maps().iter().map(|m| m.limit).collect();
        assert_eq!(limits, vec![5, 127]);
        assert!(
            a.warnings.is_empty(),
            "127 frames is what the fixture kernel keeps"
        );
        let deep = analyse_text("BEGIN { @ = kstack(200); }").expect("a warning only");
        assert_eq!(deep.warnings.len(), 1);
    }

    #[test]
    fn printf_sites_get_ids_in_source_order() {
        let a = analyse_text(
            "BEGIN { printf(\"a %d\\n\", 1); } END { printf(\"%s %s\\n\", comm, \"x\"); }",
        )
        .expect("ok");
        assert_eq!(a.printfs.len(), 2);
        assert_eq!(
            a.printfs[1].args,
            vec![ValueKind::Str { size: 16 }, ValueKind::Str { size: 8 }]
        );
        assert_eq!(a.printfs[1].record_size(), 8 + 16 + 8);
    }
}
