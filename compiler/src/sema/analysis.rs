//! The result of sema, `Analysis`, and the accessors codegen reads it by;
//! `finish` turns the checker's state into it after the strict pass.

use super::checker::{Checker, tuple_layout};
use super::functions::CallInfo;
use super::loops::{MAX_UNROLL, unroll_count};
use super::stacks::SymbolAddress;
use crate::ast::*;
use crate::btf_access::{self, MemberRead};
use crate::diag::Diagnostic;
use crate::kernel::TracepointFormat;
use crate::script::{Attach, MapKind, MapSpec, PrintfSpec, ValueKind};
use crate::types::Type;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub use crate::options::DEFAULT_MAP_ENTRIES;

#[derive(Debug, Default)]
pub struct Analysis {
    pub probes: Vec<ProbeAnalysis>,
    pub maps: Vec<MapSpec>,
    pub(super) map_ids: HashMap<String, usize>,
    pub printfs: Vec<PrintfSpec>,
    pub(super) printf_ids: HashMap<NodeId, u64>,
    pub(super) types: HashMap<NodeId, Type>,
    /// CPUs a per-CPU map has slots for (reads of aggregations visit each).
    pub possible_cpus: u32,
    /// Element types of each `Type::Tuple`.
    pub tuples: Vec<Vec<Type>>,
    /// The enumerators of each `Type::Enum`.
    pub enums: Vec<Vec<(u64, String)>>,
    /// The element names of each tuple type that is a record.
    pub tuple_names: Vec<Option<Vec<String>>>,
    /// Probes skipped under `missing_probes = "warn"`.
    pub warnings: Vec<Diagnostic>,
    /// The script's arguments, for `$1`... and `$#`.
    pub positional: Vec<String>,
    /// `-p PID`: every probe but BEGIN, END and timers filters on it.
    pub pid: Option<u32>,
    /// Sonde's pid namespace when it is not the initial one: `pid`, `tid`
    /// and `-p` are then seen from it (bpf_get_ns_current_pid_tgid).
    pub pid_namespace: Option<(u64, u64)>,
    /// Bytes a string `==`/`!=` must compare.
    pub(super) compare_bytes: HashMap<NodeId, u32>,
    /// Arithmetic computed in 32 bits: see
    /// `int_shapes::Checker::note_arith_shape`.
    pub(super) wraps_at_32: HashSet<NodeId>,
    /// How each member access on a kernel type reads.
    pub(super) members: HashMap<NodeId, MemberRead>,
    /// How each `base[index]` reads.
    pub(super) indexes: HashMap<NodeId, btf_access::IndexRead>,
    /// Binary operations on pointers: how they scale.
    pub(super) pointer_arith: HashMap<NodeId, btf_access::PointerArith>,
    pub missing_probes: crate::script::MissingProbes,
    pub ring_pages: Option<u32>,
    /// The `metrics` config key (`CompiledScript::metrics`).
    pub metrics: Option<std::net::SocketAddr>,
    pub print_maps_on_exit: bool,
    /// `-k`: probe reads check their result (see `codegen/helper_errors.rs`).
    pub helper_errors: bool,
    /// `--verify-llvm-ir` (`Options::verify_ir`).
    pub verify_ir: bool,
    pub max_cat_bytes: u64,
    /// `max_strlen` and `str_trunc_trailer`, for user space.
    pub max_strlen: u32,
    pub str_trunc_trailer: String,
    pub max_probes: usize,
    pub max_programs: usize,
    /// The variable slot (see `scope.rs`) each variable use (by the `$x`
    /// expression's id) and each assignment, `let` and loop (by the
    /// statement's id) names.
    pub(super) var_slots: HashMap<NodeId, String>,
    /// Assignments (and `++`/`--` expressions) to variables declared with a narrower integer type
    /// (`let $x: uint8`): bits and signedness the stored value takes.
    pub(super) store_widths: HashMap<NodeId, (u8, bool)>,
    /// The limits of the script's `kstack`/`ustack` values (a stack map each).
    pub stack_limits: BTreeSet<u32>,
    /// A `ustack` is unwound from CFI: its copy needs the sequence map.
    pub unwound_stacks: bool,
    /// A frame-pointer `ustack`: its process is announced to user space the
    /// first time (`RECORD_PROCESS_SEEN`), which needs the seen map.
    pub seen_processes: bool,
    /// Offsets of `task_struct.group_leader` and `.start_boottime`, for
    /// the process start time such a copy carries (None without BTF).
    pub task_start_time: Option<(u32, u32)>,
    /// Bytes of the user stack such a `ustack` copies.
    pub ustack_copy_bytes: u32,
    /// `kaddr`/`uaddr` values by (call, attach point name; "" for kaddr).
    pub(super) addresses: HashMap<(NodeId, String), SymbolAddress>,
    /// Entries of each stack map (`max_map_keys`).
    pub stack_map_entries: u32,
    /// strftime() formats and cgroup_path() filters: a timestamp's or cgroup
    /// path's value holds the index of its own here.
    pub user_strings: Vec<String>,
    /// What sema decided about calls of the newer functions.
    pub(super) calls: HashMap<NodeId, CallInfo>,
    /// `if` statements whose condition is known when the script
    /// compiles: whether the then-branch is the one that runs. The other is
    /// neither compiled nor held to its errors (`is_str(x)` in a macro picks
    /// the code that suits x).
    pub(super) constant_ifs: HashMap<NodeId, bool>,
    /// Strings that calls evaluate to (`CallInfo::Text`).
    pub(super) texts: Vec<Vec<u8>>,
    /// How many bytes a string value takes, NUL included: `max_strlen`
    /// rounded (`Options::string_size`); `CompiledScript::string_size`.
    pub string_size: u32,
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
        tuple_layout(
            &self.tuples,
            &self.tuple_names,
            &self.enums,
            &self.user_strings,
            self.string_size,
            t,
        )
    }

    /// The index of element `field` of the tuple or record type `t`: its
    /// number (`.1`), or a record's element name (`.a`).
    pub fn element_index(&self, t: Type, field: &str) -> Option<usize> {
        if let Type::Tuple(id) = t
            && let Some(Some(names)) = self.tuple_names.get(id as usize)
        {
            return names.iter().position(|n| n == field);
        }
        field.parse().ok()
    }

    /// What sema decided about the call `e` (sizeof's value, ntop's source...).
    pub fn call_info(&self, e: &Expr) -> Option<&CallInfo> {
        self.calls.get(&e.id)
    }

    /// For an `if` statement whose condition is known when the script
    /// compiles: whether its then-branch is the one that runs.
    pub fn constant_if(&self, s: &crate::ast::Stmt) -> Option<bool> {
        self.constant_ifs.get(&s.id).copied()
    }

    /// The string of a `CallInfo::Text`.
    pub fn text(&self, index: u32) -> Option<&[u8]> {
        self.texts.get(index as usize).map(Vec::as_slice)
    }

    pub fn type_of(&self, e: &Expr) -> Type {
        self.types.get(&e.id).copied().unwrap_or(Type::Void)
    }

    pub fn map(&self, name: &str) -> Option<(usize, &MapSpec)> {
        self.map_ids.get(name).map(|i| (*i, &self.maps[*i]))
    }

    /// The arithmetic `e` is computed in 32 bits: its result is the low
    /// half, extended by its signedness (C's `unsigned int`/`int`).
    pub fn wraps_at_32(&self, e: &Expr) -> bool {
        self.wraps_at_32.contains(&e.id)
    }

    /// How many bytes of the two strings of comparison `e` can differ.
    pub fn compare_bytes(&self, e: &Expr) -> u32 {
        self.compare_bytes
            .get(&e.id)
            .copied()
            .unwrap_or(self.string_size)
    }

    /// How the member access `e` (on a kernel pointer or struct) reads.
    pub fn member_read(&self, e: &Expr) -> Option<MemberRead> {
        self.members.get(&e.id).copied()
    }

    /// How the index expression `e` reads.
    pub fn index_read(&self, e: &Expr) -> Option<btf_access::IndexRead> {
        self.indexes.get(&e.id).copied()
    }

    /// How the binary operation `e` on a pointer scales, if it is one.
    pub fn pointer_arith(&self, e: &Expr) -> Option<btf_access::PointerArith> {
        self.pointer_arith.get(&e.id).copied()
    }

    pub fn printf_id(&self, call: &Expr) -> Option<u64> {
        self.printf_ids.get(&call.id).copied()
    }

    /// The slot of the variable `node` names: a `$x` expression's, or an
    /// assignment's, a `let`'s or a loop statement's.
    pub fn var_slot(&self, node: NodeId) -> Option<&str> {
        self.var_slots.get(&node).map(String::as_str)
    }

    /// (bits, signed) an assignment statement's value is converted to.
    pub fn store_width(&self, stmt: &Stmt) -> Option<(u8, bool)> {
        self.store_widths.get(&stmt.id).copied()
    }

    /// The width the `++`/`--` expression `e` stores in.
    pub fn step_store_width(&self, e: &Expr) -> Option<(u8, bool)> {
        self.store_widths.get(&e.id).copied()
    }

    /// `unroll(N)`'s N, when it is one sema accepts.
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
        self.addresses
            .get(&(e.id, attach.name()))
            .or_else(|| self.addresses.get(&(e.id, String::new())))
            .copied()
    }
}

impl Checker<'_> {
    /// The analysis codegen reads, once the strict pass is done: each map's
    /// spec from what the passes learned of it.
    pub(super) fn finish(self) -> Analysis {
        let mut analysis = self.analysis;
        for (name, info) in &self.maps {
            let sized = |t: Type, size: u32| match t {
                Type::Str => Some(ValueKind::Str {
                    size: if size == 0 {
                        analysis.string_size
                    } else {
                        size
                    },
                }),
                // (`self.layout` is out of reach: `analysis` moved out.)
                other => tuple_layout(
                    &self.tuples,
                    &self.tuple_names,
                    &self.enums,
                    &self.formats,
                    self.string_size,
                    other,
                ),
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
                // A tseries holds an entry per interval: at least one
                // key's whole ring.
                max_entries: self.declared.get(name).map_or(
                    match info.kind {
                        Some(MapKind::Tseries { intervals, .. }) => self
                            .max_map_keys
                            .max(u32::try_from(intervals).unwrap_or(u32::MAX)),
                        _ => self.max_map_keys,
                    },
                    |d| d.entries,
                ),
                declared: self.declared.get(name).map(|d| d.storage),
                // Hist keys gain an 8-byte bucket slot: they stay aligned.
                key32: self.key32.get(name) == Some(&true)
                    && info.keys.as_ref().is_some_and(|k| k.len() == 1)
                    && !info.kind.is_some_and(MapKind::has_bucket_key),
                key_names: self.key_names.get(name).cloned().unwrap_or_default(),
                bucket_sums: self.bucket_sums
                    && matches!(
                        info.kind,
                        Some(MapKind::Hist { .. } | MapKind::Lhist { .. })
                    ),
            });
        }
        analysis.probes = self.probes;
        analysis.tuples = self.tuples;
        analysis.enums = self.enums;
        analysis.tuple_names = self.tuple_names;
        analysis.user_strings = self.formats;
        analysis.warnings = self.warnings;
        analysis
    }
}
