//! Kernel types written as C, for `-lv 'struct NAME'` (and `union`, `enum`):
//! the text bpftrace 0.27 prints, which is the C that libbpf's BTF dumper
//! writes. Members one a line, indented by tabs; anonymous structs, unions
//! and enums written inline; named ones referred to by name; explicit
//! padding markers (`long: 64;`) wherever the compiler's natural alignment
//! would not put the next member where BTF says it is; `packed` where the
//! layout cannot be natural. Names that several types share get the
//! dumper's `___N` suffixes in type-id order.

use super::btf::KernelTypes;
use btf_rs::{BtfType, Type};
use std::collections::HashMap;

/// Nesting deeper than this is a malformed (cyclic) type, not C.
const MAX_DEPTH: u32 = 64;

/// The kinds `-l` lists as types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    Struct,
    Union,
    Enum,
}

impl TypeKind {
    /// `struct NAME` → the kind and the name pattern.
    pub fn split(pattern: &str) -> Option<(TypeKind, &str)> {
        let (word, rest) = pattern.split_once(' ')?;
        let kind = match word {
            "struct" => TypeKind::Struct,
            "union" => TypeKind::Union,
            "enum" => TypeKind::Enum,
            _ => return None,
        };
        Some((kind, rest.trim()))
    }

    pub fn keyword(self) -> &'static str {
        match self {
            TypeKind::Struct => "struct",
            TypeKind::Union => "union",
            TypeKind::Enum => "enum",
        }
    }

    fn of(t: &Type) -> Option<TypeKind> {
        match t {
            Type::Struct(_) => Some(TypeKind::Struct),
            Type::Union(_) => Some(TypeKind::Union),
            Type::Enum(_) | Type::Enum64(_) => Some(TypeKind::Enum),
            _ => None,
        }
    }
}

/// The padding markers, widest first, and their widths in bits.
const PADS: [(&str, u64); 4] = [("long", 64), ("int", 32), ("short", 16), ("char", 8)];

impl KernelTypes {
    /// Every defined type of `kind` whose name matches `matches`, as
    /// `(id, name)`, sorted by name. With `dump_names`, each definition
    /// under the name `c_definitions` gives it (`console___2` for the
    /// second `struct console`), as bpftrace's `-lv` lists them; without,
    /// each name once, as its `-l` does.
    pub fn named_types(
        &self,
        kind: TypeKind,
        matches: &dyn Fn(&str) -> bool,
        dump_names: bool,
    ) -> Vec<(u32, String)> {
        let renamed = if dump_names {
            self.dump_names().tags
        } else {
            HashMap::new()
        };
        let mut found: Vec<(u32, String)> = (1..)
            .map_while(|id| Some((id, self.btf.resolve_type_by_id(id).ok()?)))
            .filter(|(_, t)| TypeKind::of(t) == Some(kind))
            .filter_map(|(id, t)| {
                let name = match renamed.get(&id) {
                    Some(name) => name.clone(),
                    None => self.btf.resolve_name(t.as_btf_type()?).ok()?,
                };
                (!name.is_empty() && matches(&name)).then_some((id, name))
            })
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        found.dedup_by(|a, b| a.1 == b.1);
        found
    }

    /// The C definition of each struct, union or enum in `ids`, ending in
    /// `;` (None for an id that is none of those).
    pub fn c_definitions(&self, ids: &[u32]) -> Vec<Option<String>> {
        let writer = CWriter {
            types: self,
            names: self.dump_names(),
        };
        ids.iter()
            .map(|id| {
                let t = self.btf.resolve_type_by_id(*id).ok()?;
                TypeKind::of(&t)?;
                Some(format!("{};", writer.body(*id, &t, 0, 0)))
            })
            .collect()
    }

    /// The name each struct, union, enum, forward declaration and
    /// enumerator is written with: the first of a name keeps it, later
    /// ones (in id order) become `NAME___2`, `NAME___3`, ...
    fn dump_names(&self) -> DumpNames {
        let mut seen_tags: HashMap<String, u32> = HashMap::new();
        let mut seen_enumerators: HashMap<String, u32> = HashMap::new();
        let mut names = DumpNames::default();
        let rename = |seen: &mut HashMap<String, u32>, name: String| -> Option<String> {
            let count = seen.entry(name.clone()).or_insert(0);
            *count += 1;
            (*count > 1).then(|| format!("{name}___{count}"))
        };
        for (id, t) in (1..).map_while(|id| Some((id, self.btf.resolve_type_by_id(id).ok()?))) {
            if matches!(t, Type::Struct(_) | Type::Union(_) | Type::Fwd(_))
                || TypeKind::of(&t) == Some(TypeKind::Enum)
            {
                let Some(name) = t.as_btf_type().and_then(|b| self.btf.resolve_name(b).ok()) else {
                    continue;
                };
                if !name.is_empty()
                    && let Some(renamed) = rename(&mut seen_tags, name)
                {
                    names.tags.insert(id, renamed);
                }
            }
            let enumerators: Vec<String> = match &t {
                Type::Enum(e) => e
                    .members
                    .iter()
                    .filter_map(|m| self.btf.resolve_name(m).ok())
                    .collect(),
                Type::Enum64(e) => e
                    .members
                    .iter()
                    .filter_map(|m| self.btf.resolve_name(m).ok())
                    .collect(),
                _ => Vec::new(),
            };
            for (index, name) in enumerators.into_iter().enumerate() {
                if let Some(renamed) = rename(&mut seen_enumerators, name) {
                    names.enumerators.insert((id, index), renamed);
                }
            }
        }
        names
    }
}

#[derive(Default)]
struct DumpNames {
    /// Struct, union, enum and forward names that carry a suffix.
    tags: HashMap<u32, String>,
    /// Enumerators (enum id, index) that carry a suffix.
    enumerators: HashMap<(u32, usize), String>,
}

struct CWriter<'t> {
    types: &'t KernelTypes,
    names: DumpNames,
}

fn tabs(level: usize) -> String {
    "\t".repeat(level)
}

/// `base inner`, or `base` alone when nothing is declared.
fn joined(base: &str, inner: &str) -> String {
    if inner.is_empty() {
        base.to_string()
    } else {
        format!("{base} {inner}")
    }
}

impl CWriter<'_> {
    fn resolve(&self, id: u32) -> Option<Type> {
        if id == 0 {
            return Some(Type::Void);
        }
        self.types.btf.resolve_type_by_id(id).ok()
    }

    fn own_name(&self, t: &Type) -> String {
        t.as_btf_type()
            .and_then(|b| self.types.btf.resolve_name(b).ok())
            .unwrap_or_default()
    }

    fn tag_name(&self, id: u32, t: &Type) -> String {
        self.names
            .tags
            .get(&id)
            .cloned()
            .unwrap_or_else(|| self.own_name(t))
    }

    /// The declaration of `inner` (a member's name, or nothing) as of type
    /// `id`, C's declarator built from the name outwards: `*` for a
    /// pointer, `[N]` for an array, `(...)(params)` for a function, and the
    /// qualifiers where C puts them (`const T *p`, `T * const p`).
    fn declaration(&self, id: u32, inner: String, level: usize, depth: u32) -> String {
        self.declare(id, inner, String::new(), level, depth)
    }

    /// As `declaration`, with `prefix` (qualifiers of the base type such as
    /// `const `) to write before the base type's name.
    fn declare(&self, id: u32, inner: String, prefix: String, level: usize, depth: u32) -> String {
        let Some(t) = self.resolve(id).filter(|_| depth < MAX_DEPTH) else {
            return joined(&format!("{prefix}?"), &inner);
        };
        let next = |t: &Type| t.as_btf_type().and_then(BtfType::get_type_id).unwrap_or(0);
        match &t {
            Type::Ptr(_) => {
                let inner = if inner.is_empty() || inner.starts_with('*') {
                    format!("*{inner}")
                } else if inner.starts_with(['(', '[']) || starts_with_qualifier(&inner) {
                    format!("* {inner}")
                } else {
                    format!("*{inner}")
                };
                self.declare(next(&t), inner, prefix, level, depth + 1)
            }
            Type::Const(_) | Type::Volatile(_) | Type::Restrict(_) => {
                let word = match &t {
                    Type::Const(_) => "const",
                    Type::Volatile(_) => "volatile",
                    _ => "restrict",
                };
                let target = next(&t);
                if self.is_pointer(target, depth) {
                    // A qualified pointer: `T * const p`.
                    self.declare(target, joined(word, &inner), prefix, level, depth + 1)
                } else if prefix.split(' ').any(|w| w == word) {
                    // `const` twice (on an array and on its elements) is once in C.
                    self.declare(target, inner, prefix, level, depth + 1)
                } else {
                    self.declare(target, inner, format!("{prefix}{word} "), level, depth + 1)
                }
            }
            Type::TypeTag(_) | Type::DeclTag(_) => {
                self.declare(next(&t), inner, prefix, level, depth + 1)
            }
            Type::Array(a) => {
                let inner = if inner.starts_with('*') {
                    format!("({inner})[{}]", a.len())
                } else {
                    format!("{inner}[{}]", a.len())
                };
                self.declare(next(&t), inner, prefix, level, depth + 1)
            }
            Type::FuncProto(f) => {
                let inner = if inner.starts_with('*') {
                    format!("({inner})")
                } else {
                    inner
                };
                let params: Vec<String> = f
                    .parameters
                    .iter()
                    .map(|p| {
                        if p.is_variadic() {
                            "...".to_string()
                        } else {
                            self.declaration(
                                p.get_type_id().unwrap_or(0),
                                String::new(),
                                level,
                                depth + 1,
                            )
                        }
                    })
                    .collect();
                let params = if params.is_empty() {
                    "void".to_string()
                } else {
                    params.join(", ")
                };
                let ret = self.declare(f.return_type_id(), String::new(), prefix, level, depth + 1);
                format!("{ret} {inner}({params})")
            }
            Type::Struct(_) | Type::Union(_) | Type::Enum(_) | Type::Enum64(_) => {
                let base = if self.own_name(&t).is_empty() {
                    self.body(id, &t, level, depth + 1)
                } else {
                    let kind = TypeKind::of(&t).map_or("struct", TypeKind::keyword);
                    format!("{kind} {}", self.tag_name(id, &t))
                };
                joined(&format!("{prefix}{base}"), &inner)
            }
            Type::Fwd(f) => {
                let kind = if f.is_union() { "union" } else { "struct" };
                joined(&format!("{prefix}{kind} {}", self.tag_name(id, &t)), &inner)
            }
            Type::Void => joined(&format!("{prefix}void"), &inner),
            _ => joined(&format!("{prefix}{}", self.own_name(&t)), &inner),
        }
    }

    fn is_pointer(&self, id: u32, depth: u32) -> bool {
        match self.resolve(id) {
            Some(Type::Ptr(_)) => true,
            Some(
                t @ (Type::Const(_) | Type::Volatile(_) | Type::Restrict(_) | Type::TypeTag(_)),
            ) if depth < MAX_DEPTH => {
                let next = t.as_btf_type().and_then(BtfType::get_type_id).unwrap_or(0);
                self.is_pointer(next, depth + 1)
            }
            _ => false,
        }
    }

    /// `struct NAME {\n...members...\n}` (the name left out for an
    /// anonymous one), members at `level + 1`.
    fn body(&self, id: u32, t: &Type, level: usize, depth: u32) -> String {
        let name = self.own_name(t);
        let head = match TypeKind::of(t) {
            Some(kind) if name.is_empty() => format!("{} {{", kind.keyword()),
            Some(kind) => format!("{} {} {{", kind.keyword(), self.tag_name(id, t)),
            None => return "?".into(),
        };
        let mut lines = Vec::new();
        let mut packed = false;
        match t {
            Type::Struct(s) | Type::Union(s) => {
                packed = self.is_packed(id, depth);
                self.members(
                    s,
                    matches!(t, Type::Struct(_)),
                    packed,
                    id,
                    level + 1,
                    depth,
                    &mut lines,
                );
            }
            Type::Enum(e) => {
                for (index, m) in e.members.iter().enumerate() {
                    let value = if e.is_signed() {
                        (m.val() as i32).to_string()
                    } else {
                        m.val().to_string()
                    };
                    lines.push(self.enumerator_line(id, index, m, &value, level + 1));
                }
            }
            Type::Enum64(e) => {
                for (index, m) in e.members.iter().enumerate() {
                    let value = if e.is_signed() {
                        format!("{}LL", m.val() as i64)
                    } else {
                        format!("{}ULL", m.val())
                    };
                    lines.push(self.enumerator_line(id, index, m, &value, level + 1));
                }
            }
            _ => {}
        }
        let attribute = if packed {
            " __attribute__((packed))"
        } else {
            enum_mode(t)
        };
        if lines.is_empty() {
            return format!("{head}}}{attribute}");
        }
        format!("{head}\n{}\n{}}}{attribute}", lines.join("\n"), tabs(level))
    }

    fn enumerator_line(
        &self,
        id: u32,
        index: usize,
        m: &dyn BtfType,
        value: &str,
        level: usize,
    ) -> String {
        let name = self
            .names
            .enumerators
            .get(&(id, index))
            .cloned()
            .unwrap_or_else(|| self.types.btf.resolve_name(m).unwrap_or_default());
        format!("{}{name} = {value},", tabs(level))
    }

    /// The member lines of a struct or union, with the padding markers its
    /// layout needs.
    #[allow(clippy::too_many_arguments)]
    fn members(
        &self,
        s: &btf_rs::Struct,
        is_struct: bool,
        packed: bool,
        id: u32,
        level: usize,
        depth: u32,
        lines: &mut Vec<String>,
    ) {
        let mut end: u64 = 0;
        let mut after_bitfield = false;
        for m in &s.members {
            let type_id = m.get_type_id().unwrap_or(0);
            let bits = u64::from(m.bitfield_size().unwrap_or(0));
            let offset = u64::from(m.bit_offset());
            let align = if packed {
                1
            } else {
                self.align_of(type_id, depth)
            };
            let in_bitfield = after_bitfield && bits != 0;
            padding(lines, end, offset, align, in_bitfield, level);
            let name = self.types.btf.resolve_name(m).unwrap_or_default();
            let mut line = format!(
                "{}{}",
                tabs(level),
                self.declaration(type_id, name, level, depth + 1)
            );
            if bits != 0 {
                line.push_str(&format!(": {bits}"));
                end = offset + bits;
                after_bitfield = true;
            } else {
                let size = self.types.size_of(type_id).unwrap_or(0);
                end = offset + u64::from(size) * 8;
                after_bitfield = false;
            }
            line.push(';');
            lines.push(line);
        }
        if is_struct {
            let size = u64::try_from(s.size()).unwrap_or(0);
            padding(lines, end, size * 8, self.align_of(id, depth), false, level);
        }
    }

    /// C's alignment of the type `id` on x86-64, as a packed layout changes it.
    fn align_of(&self, id: u32, depth: u32) -> u32 {
        let Some(t) = self.resolve(id).filter(|_| depth < MAX_DEPTH) else {
            return 1;
        };
        let next = t.as_btf_type().and_then(BtfType::get_type_id).unwrap_or(0);
        match &t {
            Type::Int(i) => (i.size() as u32).clamp(1, 8),
            Type::Float(f) => (f.size() as u32).clamp(1, 8),
            Type::Enum(e) => (e.size() as u32).clamp(1, 8),
            Type::Enum64(e) => (e.size() as u32).clamp(1, 8),
            Type::Ptr(_) => 8,
            Type::Array(_)
            | Type::Typedef(_)
            | Type::Const(_)
            | Type::Volatile(_)
            | Type::Restrict(_)
            | Type::TypeTag(_) => self.align_of(next, depth + 1),
            Type::Struct(s) | Type::Union(s) => self.record_align(s, depth).unwrap_or(1),
            _ => 1,
        }
    }

    /// The largest member alignment, or None when the layout cannot be
    /// natural (a member off its alignment, a size not a multiple of it):
    /// then the record is packed, aligned to 1.
    fn record_align(&self, s: &btf_rs::Struct, depth: u32) -> Option<u32> {
        let mut widest = 1;
        for m in &s.members {
            let align = self.align_of(m.get_type_id().unwrap_or(0), depth + 1);
            if m.bitfield_size().unwrap_or(0) == 0 && m.bit_offset() % (8 * align) != 0 {
                return None;
            }
            widest = widest.max(align);
        }
        (s.size() as u64)
            .is_multiple_of(u64::from(widest))
            .then_some(widest)
    }

    fn is_packed(&self, id: u32, depth: u32) -> bool {
        match self.resolve(id) {
            Some(Type::Struct(s) | Type::Union(s)) => self.record_align(&s, depth).is_none(),
            _ => false,
        }
    }
}

/// The attribute that gives an enum a size C would not give it: one byte,
/// or eight when no enumerator needs more than 32 bits.
fn enum_mode(t: &Type) -> &'static str {
    let (size, fits_32) = match t {
        Type::Enum(e) if !e.members.is_empty() => (e.size(), true),
        Type::Enum64(e) if !e.members.is_empty() => {
            (e.size(), e.members.iter().all(|m| m.val() >> 32 == 0))
        }
        _ => return "",
    };
    match size {
        1 => " __attribute__((mode(byte)))",
        8 if fits_32 => " __attribute__((mode(word)))",
        _ => "",
    }
}

fn starts_with_qualifier(inner: &str) -> bool {
    ["const", "volatile", "restrict"]
        .iter()
        .any(|q| inner == *q || inner.starts_with(&format!("{q} ")))
}

fn round_up(value: u64, to: u64) -> u64 {
    value.div_ceil(to) * to
}

/// The markers that move a member from bit `from` to bit `to`, where the
/// compiler's natural alignment (`next_align` bytes for the next member)
/// would not: first a marker that aligns to the widest marker type whose
/// boundary is inside the gap, written only when the compiler would not
/// align there by itself (always inside a run of bit fields, where it is
/// the marker's width); then whole markers of that type, and the rest with
/// the narrowest type that holds it.
fn padding(
    lines: &mut Vec<String>,
    from: u64,
    to: u64,
    next_align: u32,
    in_bitfield: bool,
    level: usize,
) {
    if from >= to {
        return;
    }
    let mut at = from;
    let (pad, pad_bits, aligned) = PADS
        .iter()
        .map(|(name, bits)| (*name, *bits, round_up(at, *bits)))
        .find(|(_, _, aligned)| *aligned <= to)
        .unwrap_or(("char", 8, round_up(at, 8)));
    let emit = |lines: &mut Vec<String>, name: &str, bits: u64| {
        lines.push(format!("{}{name}: {bits};", tabs(level)));
    };
    if aligned > at && aligned <= to {
        let compiler_aligns = round_up(at, u64::from(next_align) * 8) == aligned;
        if in_bitfield
            || (aligned == to && !compiler_aligns)
            || (aligned != to && to - aligned <= aligned - at)
        {
            emit(lines, pad, if in_bitfield { aligned - at } else { 0 });
        }
        at = aligned;
    }
    while at < to {
        let bits = (to - at).min(pad_bits);
        if bits == pad_bits {
            emit(lines, pad, pad_bits);
        } else {
            let (name, _) = PADS
                .iter()
                .rev()
                .find(|(_, width)| *width >= bits)
                .copied()
                .unwrap_or(PADS[0]);
            emit(lines, name, bits);
        }
        at += bits;
    }
}

#[cfg(test)]
mod tests {
    use super::padding;

    fn markers(from: u64, to: u64, next_align: u32, in_bitfield: bool) -> Vec<String> {
        let mut lines = Vec::new();
        padding(&mut lines, from, to, next_align, in_bitfield, 0);
        lines
    }

    #[test]
    fn a_gap_natural_alignment_explains_needs_no_marker() {
        // A u8 at byte 0, then an int at byte 4.
        assert!(markers(8, 32, 4, false).is_empty());
        assert!(markers(32, 32, 4, false).is_empty());
    }

    #[test]
    fn a_gap_alignment_does_not_explain_gets_zero_width_and_sized_markers() {
        // A u8 at byte 0, then a u8 at byte 4: `int: 0;` aligns to 4.
        assert_eq!(markers(8, 32, 1, false), ["int: 0;"]);
        // ... at byte 3: align to 2, then one byte more.
        assert_eq!(markers(8, 24, 1, false), ["short: 0;", "char: 8;"]);
    }

    #[test]
    fn a_cache_line_gap_is_whole_longs() {
        // From byte 8 to byte 64, where a 64-byte aligned member starts.
        assert_eq!(markers(64, 512, 64, false), vec!["long: 64;"; 7]);
    }

    #[test]
    fn inside_bit_fields_the_marker_has_the_gap_as_its_width() {
        // task_struct's `long: 28;` between two runs of bit fields.
        assert_eq!(markers(100, 128, 4, true), ["long: 28;"]);
    }
}
