//! Kernel types from BTF (`/sys/kernel/btf/vmlinux`), through btf-rs, reduced
//! to what scripts need: struct members (offset and type), integer widths,
//! pointers, char arrays, and the typed arguments of raw tracepoints. The file
//! is mapped and read lazily, only by scripts that use kernel types.

use btf_rs::{Backend, Btf, BtfType, Type};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A kernel type as a script sees it, typedefs and qualifiers stripped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KernelType {
    Void,
    /// Integers, enums and bools: `size` bytes.
    Int {
        size: u32,
        signed: bool,
    },
    /// A pointer to the type with this id (0: void).
    Pointer(u32),
    /// A struct or union with this id, of `size` bytes.
    Record {
        id: u32,
        size: u32,
    },
    /// `char name[len]`: a string.
    CharArray {
        len: u32,
    },
    /// Anything else (other arrays, functions, floats): named in errors.
    Other,
}

/// A member found in a struct: where it is and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// Bytes from the start of the struct (for a bit field, of the byte
    /// its first bit is in).
    pub offset: u32,
    pub type_id: u32,
    pub bitfield: Option<BitField>,
}

/// Where a bit field's bits are, from the byte `Member::offset` on
/// (little-endian, as x86-64 and arm64 lay them out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BitField {
    /// Bits below the field, in its first byte (0-7).
    pub shift: u8,
    /// Its width in bits (1-64).
    pub bits: u8,
}

/// How deep types may nest (arrays of arrays, pointers to pointers,
/// anonymous members within anonymous members) before a chain is taken for
/// the loop of a corrupt file rather than a type: a kernel's nest a few
/// levels deep.
const NESTING_LIMIT: u32 = 32;

/// How many anonymous struct and union members one question about a
/// struct's members looks into: a kernel's have a few each, and a corrupt
/// file whose anonymous members share types would otherwise take time
/// exponential in NESTING_LIMIT.
const ANONYMOUS_MEMBERS_LIMIT: u32 = 256;

pub struct KernelTypes {
    pub(super) btf: Btf,
    /// Every enumerator's value and its enum's signedness, gathered on
    /// first use (a scan of all types).
    enumerators: OnceLock<HashMap<String, Enumerator>>,
}

/// An enumerator of a kernel or script enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enumerator {
    pub value: u64,
    pub signed: bool,
    /// The enum it belongs to.
    pub enum_id: u32,
}

impl std::fmt::Debug for KernelTypes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KernelTypes")
    }
}

impl KernelTypes {
    pub const PATH: &'static str = "/sys/kernel/btf/vmlinux";

    pub fn load() -> Result<KernelTypes, String> {
        Self::from_file(Self::PATH)
    }

    pub fn from_file(path: &str) -> Result<KernelTypes, String> {
        Btf::from_file_with_backend(path, Backend::Mmap)
            .or_else(|_| Btf::from_file(path))
            .map(|btf| KernelTypes {
                btf,
                enumerators: OnceLock::new(),
            })
            .map_err(|e| format!("cannot read kernel types from {path}: {e}"))
    }

    /// The id of `struct NAME` (or `union NAME` when `union`), a definition
    /// with members rather than a forward declaration.
    pub fn record_by_name(&self, name: &str, union: bool) -> Option<u32> {
        let ids = self.btf.resolve_ids_by_name(name).ok()?;
        ids.into_iter().find(|id| {
            matches!(
                (self.btf.resolve_type_by_id(*id), union),
                (Ok(Type::Struct(_)), false) | (Ok(Type::Union(_)), true)
            )
        })
    }

    /// The type `id` names once typedefs and qualifiers (const, volatile,
    /// restrict, type tags) are followed, with its own id; `Type::Void` for
    /// id 0, None for an unknown id or a chain too long to be real.
    fn underlying(&self, id: u32) -> Option<(u32, Type)> {
        let mut id = id;
        for _ in 0..32 {
            if id == 0 {
                return Some((0, Type::Void));
            }
            let t = self.btf.resolve_type_by_id(id).ok()?;
            match t {
                Type::Typedef(_)
                | Type::Const(_)
                | Type::Volatile(_)
                | Type::Restrict(_)
                | Type::TypeTag(_) => id = t.as_btf_type()?.get_type_id()?,
                _ => return Some((id, t)),
            }
        }
        None
    }

    /// What the type with `id` is, through typedefs, const and volatile.
    pub fn resolve(&self, id: u32) -> KernelType {
        self.resolve_nested(id, 0)
    }

    fn resolve_nested(&self, id: u32, depth: u32) -> KernelType {
        let Some((id, t)) = self.underlying(id) else {
            return KernelType::Other;
        };
        match t {
            Type::Void => KernelType::Void,
            Type::Int(i) => KernelType::Int {
                size: i.size() as u32,
                signed: i.is_signed(),
            },
            Type::Enum(e) => KernelType::Int {
                size: e.size() as u32,
                signed: e.is_signed(),
            },
            Type::Enum64(e) => KernelType::Int {
                size: e.size() as u32,
                signed: e.is_signed(),
            },
            Type::Ptr(p) => KernelType::Pointer(p.get_type_id().unwrap_or(0)),
            Type::Struct(s) | Type::Union(s) => KernelType::Record {
                id,
                size: s.size() as u32,
            },
            Type::Array(_) if depth >= NESTING_LIMIT => KernelType::Other,
            Type::Array(a) => match self.resolve_nested(a.get_type_id().unwrap_or(0), depth + 1) {
                KernelType::Int { size: 1, .. } => KernelType::CharArray {
                    len: a.len() as u32,
                },
                _ => KernelType::Other,
            },
            _ => KernelType::Other,
        }
    }

    /// When the type `id` is an array (through typedefs and qualifiers): its
    /// element type and length.
    pub fn array(&self, id: u32) -> Option<(u32, u32)> {
        match self.underlying(id)? {
            (_, Type::Array(a)) => Some((a.get_type_id()?, a.len() as u32)),
            _ => None,
        }
    }

    /// The size in bytes of the type `id`, through typedefs and qualifiers
    /// (`sizeof` in C); None for functions, void and unknown ids.
    pub fn size_of(&self, id: u32) -> Option<u32> {
        self.size_of_nested(id, 0)
    }

    fn size_of_nested(&self, id: u32, depth: u32) -> Option<u32> {
        match self.underlying(id)?.1 {
            Type::Int(i) => u32::try_from(i.size()).ok(),
            Type::Enum(e) => u32::try_from(e.size()).ok(),
            Type::Enum64(e) => u32::try_from(e.size()).ok(),
            Type::Float(f) => u32::try_from(f.size()).ok(),
            Type::Ptr(_) => Some(8),
            Type::Struct(s) | Type::Union(s) => u32::try_from(s.size()).ok(),
            Type::Array(_) if depth >= NESTING_LIMIT => None,
            Type::Array(a) => {
                let element = self.size_of_nested(a.get_type_id()?, depth + 1)?;
                element.checked_mul(u32::try_from(a.len()).ok()?)
            }
            _ => None,
        }
    }

    /// The id of the type called `name` that is not a struct or union: a
    /// typedef (`u32`, `pid_t`), a base integer type, an enum.
    pub fn type_by_name(&self, name: &str) -> Option<u32> {
        let ids = self.btf.resolve_ids_by_name(name).ok()?;
        ids.into_iter().find(|id| {
            matches!(
                self.btf.resolve_type_by_id(*id),
                Ok(Type::Typedef(_)
                    | Type::Int(_)
                    | Type::Enum(_)
                    | Type::Enum64(_)
                    | Type::Float(_))
            )
        })
    }

    /// The enumerator `name` (`TASK_RUNNING`): its value, whether its enum
    /// is signed (a signed value is sign-extended to 64 bits), and the enum's
    /// id.
    pub fn enumerator(&self, name: &str) -> Option<Enumerator> {
        self.enumerators
            .get_or_init(|| self.all_enumerators())
            .get(name)
            .copied()
    }

    fn all_enumerators(&self) -> HashMap<String, Enumerator> {
        let mut all = HashMap::new();
        for (id, t) in (1..).map_while(|id| Some((id, self.btf.resolve_type_by_id(id).ok()?))) {
            for (name, value, signed) in self.values_of(&t).unwrap_or_default() {
                all.entry(name).or_insert(Enumerator {
                    value,
                    signed,
                    enum_id: id,
                });
            }
        }
        all
    }

    /// The enumerators of the enum `id` itself (no typedefs followed): name,
    /// value (sign-extended when the enum is signed) and signedness.
    fn enum_values(&self, id: u32) -> Option<Vec<(String, u64, bool)>> {
        self.values_of(&self.btf.resolve_type_by_id(id).ok()?)
    }

    fn values_of(&self, t: &Type) -> Option<Vec<(String, u64, bool)>> {
        let named = |m: &dyn BtfType, value: u64, signed: bool| {
            self.btf.resolve_name(m).ok().map(|n| (n, value, signed))
        };
        match t {
            Type::Enum(e) => {
                let signed = e.is_signed();
                Some(
                    e.members
                        .iter()
                        .filter_map(|m| {
                            let v = if signed {
                                m.val() as i32 as i64 as u64
                            } else {
                                u64::from(m.val())
                            };
                            named(m, v, signed)
                        })
                        .collect(),
                )
            }
            Type::Enum64(e) => {
                let signed = e.is_signed();
                Some(
                    e.members
                        .iter()
                        .filter_map(|m| named(m, m.val(), signed))
                        .collect(),
                )
            }
            _ => None,
        }
    }

    /// The enumerators of the type `id` when it is an enum (through typedefs
    /// and qualifiers), as value and name.
    pub fn enumerators(&self, id: u32) -> Option<Vec<(u64, String)>> {
        let (id, _) = self.underlying(id)?;
        let values = self.enum_values(id)?;
        Some(values.into_iter().map(|(n, v, _)| (v, n)).collect())
    }

    /// The id of `enum NAME`.
    pub fn enum_by_name(&self, name: &str) -> Option<u32> {
        let ids = self.btf.resolve_ids_by_name(name).ok()?;
        ids.into_iter().find(|id| {
            matches!(
                self.btf.resolve_type_by_id(*id),
                Ok(Type::Enum(_) | Type::Enum64(_))
            )
        })
    }

    /// The member `name` of the struct or union `id`, searching anonymous
    /// members too (as C does).
    pub fn member(&self, id: u32, name: &str) -> Option<Member> {
        let mut budget = ANONYMOUS_MEMBERS_LIMIT;
        self.member_within(id, name, &mut budget)
    }

    /// `member`, looking into at most `budget` more anonymous members.
    fn member_within(&self, id: u32, name: &str, budget: &mut u32) -> Option<Member> {
        let (Type::Struct(s) | Type::Union(s)) = self.btf.resolve_type_by_id(id).ok()? else {
            return None;
        };
        for m in &s.members {
            let member_name = self.btf.resolve_name(m).unwrap_or_default();
            let type_id = m.get_type_id().unwrap_or(0);
            let offset = m.bit_offset() / 8;
            if member_name == name {
                let width = m.bitfield_size().filter(|b| *b != 0);
                let shift = m.bit_offset() % 8;
                let bitfield = (width.is_some() || shift != 0).then(|| BitField {
                    shift: shift as u8,
                    bits: width
                        .or_else(|| self.size_of(type_id).map(|bytes| bytes.saturating_mul(8)))
                        .map_or(64, |b| b.min(64)) as u8,
                });
                return Some(Member {
                    offset,
                    type_id,
                    bitfield,
                });
            }
            if member_name.is_empty()
                && let KernelType::Record { id: inner, .. } = self.resolve(type_id)
                && spend(budget)
                && let Some(found) = self.member_within(inner, name, budget)
            {
                return Some(Member {
                    offset: offset.checked_add(found.offset)?,
                    ..found
                });
            }
        }
        None
    }

    /// The names of the members of struct or union `id`, those of its
    /// anonymous struct and union members in their place (as C names them,
    /// and as `member` finds them).
    pub fn member_names(&self, id: u32) -> Vec<String> {
        let mut budget = ANONYMOUS_MEMBERS_LIMIT;
        self.member_names_within(id, &mut budget)
    }

    /// `member_names`, looking into at most `budget` more anonymous members.
    fn member_names_within(&self, id: u32, budget: &mut u32) -> Vec<String> {
        match self.btf.resolve_type_by_id(id) {
            Ok(Type::Struct(s) | Type::Union(s)) => s
                .members
                .iter()
                .flat_map(|m| {
                    let name = self.btf.resolve_name(m).unwrap_or_default();
                    if !name.is_empty() {
                        return vec![name];
                    }
                    match self.resolve(m.get_type_id().unwrap_or(0)) {
                        KernelType::Record { id: inner, .. } if spend(budget) => {
                            self.member_names_within(inner, budget)
                        }
                        _ => Vec::new(),
                    }
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A C spelling of the type `id` for messages: `struct task_struct *`.
    pub fn name(&self, id: u32) -> String {
        self.name_nested(id, 0)
    }

    fn name_nested(&self, id: u32, depth: u32) -> String {
        let t = match self.btf.resolve_type_by_id(id) {
            Ok(t) if depth < NESTING_LIMIT => t,
            _ => return "?".into(),
        };
        let inner = |id: Option<u32>| self.name_nested(id.unwrap_or(0), depth + 1);
        let own = t
            .as_btf_type()
            .and_then(|b| self.btf.resolve_name(b).ok())
            .unwrap_or_default();
        match &t {
            Type::Void => "void".into(),
            Type::Struct(_) => format!("struct {own}"),
            Type::Union(_) => format!("union {own}"),
            Type::Enum(_) | Type::Enum64(_) => format!("enum {own}"),
            Type::Ptr(p) => format!("{} *", inner(p.get_type_id())),
            Type::Const(c) => inner(c.get_type_id()),
            Type::Volatile(v) => inner(v.get_type_id()),
            Type::Array(a) => format!("{}[{}]", inner(a.get_type_id()), a.len()),
            _ if own.is_empty() => t.name().to_string(),
            _ => own,
        }
    }

    /// The arguments of raw tracepoint `name` with their names and type ids,
    /// from the kernel's `__bpf_trace_NAME` (its first parameter, the
    /// tracepoint's private data, is not an argument).
    pub fn raw_tracepoint_args(&self, name: &str) -> Option<Vec<(String, u32)>> {
        if let Some(named) = self.bpf_trace_args(&format!("__bpf_trace_{name}")) {
            return Some(named);
        }
        // An event of a class (DEFINE_EVENT: block_rq_issue of block_rq) has
        // only `btf_trace_NAME`, whose parameters have no names: take them
        // from the class's `__bpf_trace_CLASS` with the same parameter types,
        // or call them arg0, arg1, ...
        let types = self.btf_trace_types(name)?;
        let named = (1..)
            .map_while(|id| self.btf.resolve_type_by_id(id).ok())
            .filter_map(|t| match t {
                Type::Func(f) => self
                    .btf
                    .resolve_name(&f)
                    .ok()
                    .filter(|n| n.starts_with("__bpf_trace_")),
                _ => None,
            })
            .filter_map(|n| self.bpf_trace_args(&n))
            .find(|args| args.iter().map(|(_, t)| *t).eq(types.iter().copied()));
        Some(named.unwrap_or_else(|| {
            types
                .into_iter()
                .enumerate()
                .map(|(i, t)| (format!("arg{i}"), t))
                .collect()
        }))
    }

    /// The named parameters (but the first, the tracepoint's data) of the
    /// function `func` (`__bpf_trace_...`).
    fn bpf_trace_args(&self, func: &str) -> Option<Vec<(String, u32)>> {
        let ids = self.btf.resolve_ids_by_name(func).ok()?;
        let proto = ids
            .into_iter()
            .find_map(|id| match self.btf.resolve_type_by_id(id) {
                Ok(Type::Func(f)) => match self.btf.resolve_chained_type(&f) {
                    Ok(Type::FuncProto(p)) => Some(p),
                    _ => None,
                },
                _ => None,
            })?;
        Some(
            proto
                .parameters
                .iter()
                .skip(1)
                .map(|p| {
                    (
                        self.btf.resolve_name(p).unwrap_or_default(),
                        p.get_type_id().unwrap_or(0),
                    )
                })
                .collect(),
        )
    }

    /// The parameter types (but the first) of `btf_trace_NAME`, the typedef
    /// of a raw tracepoint's prototype.
    fn btf_trace_types(&self, name: &str) -> Option<Vec<u32>> {
        let ids = self
            .btf
            .resolve_ids_by_name(&format!("btf_trace_{name}"))
            .ok()?;
        ids.into_iter().find_map(|id| {
            let Ok(Type::Typedef(td)) = self.btf.resolve_type_by_id(id) else {
                return None;
            };
            let Ok(Type::Ptr(ptr)) = self.btf.resolve_chained_type(&td) else {
                return None;
            };
            match self.btf.resolve_chained_type(&ptr) {
                Ok(Type::FuncProto(p)) => Some(
                    p.parameters
                        .iter()
                        .skip(1)
                        .map(|a| a.get_type_id().unwrap_or(0))
                        .collect(),
                ),
                _ => None,
            }
        })
    }

    /// A kernel function's prototype: its parameters (names and type ids)
    /// and its return type id (0: void).
    pub fn function(&self, name: &str) -> Option<(Vec<(String, u32)>, u32)> {
        let ids = self.btf.resolve_ids_by_name(name).ok()?;
        ids.into_iter()
            .find_map(|id| match self.btf.resolve_type_by_id(id) {
                Ok(Type::Func(f)) => match self.btf.resolve_chained_type(&f) {
                    Ok(Type::FuncProto(p)) => Some((
                        p.parameters
                            .iter()
                            .map(|a| {
                                (
                                    self.btf.resolve_name(a).unwrap_or_default(),
                                    a.get_type_id().unwrap_or(0),
                                )
                            })
                            .collect(),
                        p.return_type_id(),
                    )),
                    _ => None,
                },
                _ => None,
            })
    }

    /// Every function the kernel's BTF describes (what fentry can attach to).
    pub fn functions(&self) -> Vec<String> {
        let mut names: Vec<String> = (1..)
            .map_while(|id| self.btf.resolve_type_by_id(id).ok())
            .filter_map(|t| match t {
                Type::Func(f) => self.btf.resolve_name(&f).ok(),
                _ => None,
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// A kernel function's arguments as a format, as for raw tracepoints:
    /// argument i is the u64 at offset 8 * i of the fentry context. With
    /// `ret`, the return value follows the arguments as field `$retval`.
    pub fn function_format(&self, name: &str, ret: bool) -> Option<super::TracepointFormat> {
        let (params, return_type) = self.function(name)?;
        let mut format = self.arguments_format(params);
        if ret && return_type != 0 {
            let slot = format.fields.len() as u32;
            let mut retval = self.arguments_format(vec![("$retval".into(), return_type)]);
            if let Some(mut field) = retval.fields.pop() {
                field.offset = 8 * slot;
                format.fields.push(field);
            }
        }
        Some(format)
    }

    /// The arguments of raw tracepoint `name` as a format: argument i is the
    /// u64 at offset 8 * i of the context, an integer of its own size in the
    /// low bytes, or a pointer that `->` can follow.
    pub fn raw_tracepoint_format(&self, name: &str) -> Option<super::TracepointFormat> {
        let args = self.raw_tracepoint_args(name)?;
        Some(self.arguments_format(args))
    }

    /// Arguments in u64 slots of a BTF program's context, as a format.
    fn arguments_format(&self, args: Vec<(String, u32)>) -> super::TracepointFormat {
        use super::{FieldKind, TracepointField};
        let fields = args
            .into_iter()
            .enumerate()
            .map(|(i, (arg_name, type_id))| {
                let c_type = self.name(type_id);
                let offset = 8 * i as u32;
                let (size, signed, kind, pointee) = match self.resolve(type_id) {
                    KernelType::Int { size, signed } if matches!(size, 1 | 2 | 4 | 8) => {
                        (size, signed, FieldKind::Int, None)
                    }
                    KernelType::Pointer(target) => {
                        let kind = match self.resolve(target) {
                            KernelType::Int { size: 1, .. } => FieldKind::CharPtr,
                            _ => FieldKind::Pointer,
                        };
                        (8, false, kind, Some(target))
                    }
                    _ => (8, false, FieldKind::Unsupported, None),
                };
                TracepointField {
                    name: arg_name,
                    c_type,
                    offset,
                    size,
                    signed,
                    kind,
                    pointee,
                }
            })
            .collect();
        super::TracepointFormat { fields }
    }

    /// Every BPF iterator the kernel describes (`struct bpf_iter__NAME`, the
    /// context of `iter:NAME`); a further `__` marks the verifier's variants
    /// (`bpf_iter__task__safe_trusted`), not iterators.
    pub fn iterators(&self) -> Vec<String> {
        let mut names: Vec<String> = (1..)
            .map_while(|id| self.btf.resolve_type_by_id(id).ok())
            .filter_map(|t| match t {
                Type::Struct(s) => self.btf.resolve_name(&s).ok(),
                _ => None,
            })
            .filter_map(|n| n.strip_prefix("bpf_iter__").map(str::to_string))
            .filter(|n| !n.contains("__"))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every raw tracepoint the kernel has (from `btf_trace_*` typedefs).
    pub fn raw_tracepoints(&self) -> Vec<String> {
        let mut names: Vec<String> = (1..)
            .map_while(|id| self.btf.resolve_type_by_id(id).ok())
            .filter_map(|t| match t {
                Type::Typedef(td) => self.btf.resolve_name(&td).ok(),
                _ => None,
            })
            .filter_map(|n| n.strip_prefix("btf_trace_").map(str::to_string))
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Takes one from `budget`; false when it is spent.
fn spend(budget: &mut u32) -> bool {
    let left = budget.checked_sub(1);
    *budget = left.unwrap_or(0);
    left.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The running kernel's BTF; absent only on machines without BTF, where
    /// the skip is loud and CI (which has BTF) fails instead.
    fn live() -> Option<KernelTypes> {
        match KernelTypes::load() {
            Ok(t) => Some(t),
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!("!!! SKIPPED: no kernel BTF here ({e})");
                None
            }
            Err(e) => panic!("CI machines have kernel BTF: {e}"),
        }
    }

    #[test]
    fn task_struct_members() {
        let Some(types) = live() else { return };
        let task = types
            .record_by_name("task_struct", false)
            .expect("task_struct");
        let pid = types.member(task, "pid").expect("pid");
        assert_eq!(
            types.resolve(pid.type_id),
            KernelType::Int {
                size: 4,
                signed: true
            }
        );
        let comm = types.member(task, "comm").expect("comm");
        assert_eq!(
            types.resolve(comm.type_id),
            KernelType::CharArray { len: 16 }
        );
        assert!(
            comm.offset > pid.offset,
            "comm comes after pid in task_struct"
        );
        let parent = types.member(task, "real_parent").expect("real_parent");
        assert_eq!(types.resolve(parent.type_id), KernelType::Pointer(task));
        let se = types.member(task, "se").expect("se");
        assert!(matches!(
            types.resolve(se.type_id),
            KernelType::Record { .. }
        ));
        assert_eq!(types.name(parent.type_id), "struct task_struct *");
        assert!(types.member(task, "no_such_member").is_none());
        assert_eq!(types.size_of(comm.type_id), Some(16));
        assert_eq!(types.size_of(parent.type_id), Some(8));
        let u32_id = types.type_by_name("u32").expect("u32");
        assert_eq!(types.size_of(u32_id), Some(4));
        assert!(types.size_of(task).is_some_and(|s| s > comm.offset + 16));
        let syn_sent = types.enumerator("TCP_SYN_SENT").expect("an enumerator");
        assert_eq!((syn_sent.value, syn_sent.signed), (2, false));
        let names = types.enumerators(syn_sent.enum_id).expect("an enum");
        assert!(
            names.contains(&(2, "TCP_SYN_SENT".to_string())),
            "{names:?}"
        );
        assert_eq!(types.enumerator("NO_SUCH_ENUMERATOR"), None);
        assert!(types.record_by_name("no_such_struct", false).is_none());
    }

    #[test]
    fn raw_tracepoint_arguments() {
        let Some(types) = live() else { return };
        let args = types
            .raw_tracepoint_args("sched_switch")
            .expect("sched_switch");
        let names: Vec<&str> = args.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["preempt", "prev", "next", "prev_state"]);
        let format = types.raw_tracepoint_format("sched_switch").expect("format");
        let next = format.field("next").expect("next");
        assert_eq!((next.offset, next.size), (16, 8));
        assert!(next.pointee.is_some());
        assert!(types.raw_tracepoints().iter().any(|n| n == "sys_enter"));
    }
}
