//! Types as a script sees them, behind one interface (`Types`): the kernel's
//! (BTF, `kernel/btf.rs`) and the structs the script defines itself
//! (`struct point { int x; ... };`), laid out here with C's rules for x86-64
//! and arm64: each member at the next multiple of its alignment (an
//! integer's or pointer's size, an array's element's, a struct's largest
//! member's), the struct's size a multiple of its alignment; a union's
//! members all at 0. Script types have ids from `SCRIPT_BASE` up, so a
//! `Type::KernelPtr(id)` can point at either; a script struct hides a kernel
//! struct of the same name.

use crate::ast::{EnumDef, FieldType, StructDef, TypedefDef};
use crate::diag::Diagnostic;
use crate::kernel::btf::{Enumerator, KernelType, KernelTypes, Member};
use std::collections::HashMap;

/// The first id of a script type; BTF ids are far smaller.
pub const SCRIPT_BASE: u32 = 0x4000_0000;

#[derive(Debug, Clone)]
enum Def {
    Int { size: u32, signed: bool },
    Pointer(u32),
    Array { element: u32, len: u32 },
    Record(Record),
    Enum(ScriptEnum),
}

#[derive(Debug, Clone)]
struct ScriptEnum {
    name: Option<String>,
    /// Values as 64-bit words (negative ones sign-extended).
    items: Vec<(String, u64)>,
    signed: bool,
}

#[derive(Debug, Clone)]
struct Record {
    name: String,
    union: bool,
    /// None until laid out (a struct cannot hold itself by value).
    layout: Option<(u32, u32)>,
    members: Vec<(String, u32, u32)>,
}

/// The script's own types.
#[derive(Debug, Clone, Default)]
pub struct ScriptTypes {
    defs: Vec<Def>,
    records: HashMap<(String, bool), u32>,
    enums: HashMap<String, u32>,
    enumerators: HashMap<String, Enumerator>,
    typedefs: HashMap<String, u32>,
}

impl ScriptTypes {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.enumerators.is_empty() && self.typedefs.is_empty()
    }

    /// The script's enums: each enumerator a constant, each named enum a
    /// type (4 bytes, signed when a value is negative, as C makes it).
    fn add_enums(&mut self, enums: &[EnumDef], errors: &mut Vec<Diagnostic>) {
        for e in enums {
            if let Some(name) = &e.name
                && self.enums.contains_key(name)
            {
                errors.push(
                    Diagnostic::error(format!("enum {name} is defined twice"), e.span.clone())
                        .with_label("second definition"),
                );
                continue;
            }
            let signed = e.items.iter().any(|(_, v)| *v < 0);
            let id = self.push(Def::Enum(ScriptEnum {
                name: e.name.clone(),
                items: e
                    .items
                    .iter()
                    .map(|(n, v)| (n.clone(), *v as u64))
                    .collect(),
                signed,
            }));
            if let Some(name) = &e.name {
                self.enums.insert(name.clone(), id);
            }
            for (item, value) in &e.items {
                let entry = Enumerator {
                    value: *value as u64,
                    signed,
                    enum_id: id,
                };
                if self.enumerators.insert(item.clone(), entry).is_some() {
                    errors.push(
                        Diagnostic::error(
                            format!("the enumerator {item} is defined twice"),
                            e.span.clone(),
                        )
                        .with_label("in this enum"),
                    );
                }
            }
        }
    }

    /// `typedef TYPE NAME;`: NAME stands for the type from here on.
    fn add_typedef(
        &mut self,
        kernel: Option<&KernelTypes>,
        def: &TypedefDef,
    ) -> Result<(), Diagnostic> {
        let field = &def.field;
        let fail = |message: String| {
            Diagnostic::error(message, field.span.clone()).with_label("in this typedef")
        };
        if field.pointers > 8 || field.arrays.len() > 8 {
            return Err(fail(format!(
                "typedef '{}' has too many '*' or '[N]'",
                field.name
            )));
        }
        let mut ty = self
            .field_base(kernel, &field.base, field.pointers > 0)
            .map_err(fail)?;
        for _ in 0..field.pointers {
            ty = self.push(Def::Pointer(ty));
        }
        for len in field.arrays.iter().rev() {
            let len = u32::try_from(*len)
                .map_err(|_| fail("an array this long is not supported".into()))?;
            ty = self.push(Def::Array { element: ty, len });
        }
        self.typedefs.insert(field.name.clone(), ty);
        Ok(())
    }

    fn def(&self, id: u32) -> Option<&Def> {
        id.checked_sub(SCRIPT_BASE)
            .and_then(|i| self.defs.get(i as usize))
    }

    fn intern_int(&mut self, bytes: u32, signed: bool) -> u32 {
        let found = self.defs.iter().position(
            |d| matches!(d, Def::Int { size, signed: s } if *size == bytes && *s == signed),
        );
        match found {
            Some(i) => SCRIPT_BASE + i as u32,
            None => self.push(Def::Int {
                size: bytes,
                signed,
            }),
        }
    }

    /// The type id a member's base type names.
    fn field_base(
        &mut self,
        kernel: Option<&KernelTypes>,
        base: &FieldType,
        pointer: bool,
    ) -> Result<u32, String> {
        match base {
            FieldType::Int { bytes, signed } => Ok(self.intern_int(*bytes, *signed)),
            FieldType::Record { name, union } => {
                match Types::new(kernel, self).record_by_name(name, *union) {
                    Some(id) => Ok(id),
                    // A pointer to a struct nobody defines points at void.
                    None if pointer => Ok(0),
                    None => Err(format!(
                        "{} {name} is not defined in the script or the kernel",
                        if *union { "union" } else { "struct" }
                    )),
                }
            }
            FieldType::Enum(name) => Types::new(kernel, self)
                .enum_by_name(name)
                .ok_or_else(|| format!("enum {name} is not defined in the script or the kernel")),
            FieldType::Named(name) if self.typedefs.contains_key(name) => Ok(self.typedefs[name]),
            FieldType::Named(name) => {
                let mut int = |bytes, signed| Ok(self.intern_int(bytes, signed));
                match name.as_str() {
                    "void" if pointer => Ok(0),
                    "bool" | "_Bool" => int(1, false),
                    "int8_t" | "s8" | "__s8" => int(1, true),
                    "uint8_t" | "u8" | "__u8" => int(1, false),
                    "int16_t" | "s16" | "__s16" => int(2, true),
                    "uint16_t" | "u16" | "__u16" => int(2, false),
                    "int32_t" | "s32" | "__s32" => int(4, true),
                    "uint32_t" | "u32" | "__u32" => int(4, false),
                    "int64_t" | "s64" | "__s64" | "ssize_t" => int(8, true),
                    "uint64_t" | "u64" | "__u64" | "size_t" | "uintptr_t" => int(8, false),
                    other => kernel
                        .and_then(|k| k.type_by_name(other))
                        .ok_or_else(|| format!("unknown type '{other}'")),
                }
            }
        }
    }

    fn push(&mut self, def: Def) -> u32 {
        self.defs.push(def);
        SCRIPT_BASE + (self.defs.len() as u32 - 1)
    }

    /// Lays out the script's struct definitions, in order; the kernel's
    /// types (when there are any) name typedefs and structs the script does
    /// not define.
    pub fn build(
        structs: &[StructDef],
        enums: &[EnumDef],
        typedefs: &[TypedefDef],
        kernel: Option<&KernelTypes>,
    ) -> Result<ScriptTypes, Vec<Diagnostic>> {
        let mut out = ScriptTypes::default();
        let mut errors = Vec::new();
        out.add_enums(enums, &mut errors);
        for s in structs {
            let key = (s.name.clone(), s.union);
            if out.records.contains_key(&key) {
                errors.push(
                    Diagnostic::error(
                        format!(
                            "{} {} is defined twice",
                            if s.union { "union" } else { "struct" },
                            s.name
                        ),
                        s.span.clone(),
                    )
                    .with_label("second definition"),
                );
                continue;
            }
            let id = out.push(Def::Record(Record {
                name: s.name.clone(),
                union: s.union,
                layout: None,
                members: Vec::new(),
            }));
            out.records.insert(key, id);
        }
        for t in typedefs {
            if let Err(d) = out.add_typedef(kernel, t) {
                errors.push(d);
            }
        }
        for s in structs {
            let Some(&id) = out.records.get(&(s.name.clone(), s.union)) else {
                continue;
            };
            if matches!(out.def(id), Some(Def::Record(r)) if r.layout.is_some()) {
                continue;
            }
            let mut members = Vec::new();
            let (mut offset, mut size, mut align) = (0u32, 0u32, 1u32);
            let mut failed = false;
            for field in &s.fields {
                if members.iter().any(|(n, _, _)| n == &field.name) {
                    errors.push(
                        Diagnostic::error(
                            format!("{} has two members named '{}'", s.name, field.name),
                            field.span.clone(),
                        )
                        .with_label("second member of this name"),
                    );
                    failed = true;
                    continue;
                }
                // Bounds that keep the recursive walks over a type shallow.
                if field.pointers > 8 || field.arrays.len() > 8 {
                    errors.push(
                        Diagnostic::error(
                            format!("member '{}' has too many '*' or '[N]'", field.name),
                            field.span.clone(),
                        )
                        .with_label("at most 8 of each"),
                    );
                    failed = true;
                    continue;
                }
                let base = match out.field_base(kernel, &field.base, field.pointers > 0) {
                    Ok(b) => b,
                    Err(message) => {
                        errors.push(
                            Diagnostic::error(message, field.span.clone())
                                .with_label("unknown type")
                                .with_hint(
                                    "members are integers (int, unsigned long, u32, uint64_t), \
                                     pointers, arrays, and structs defined earlier or in the kernel",
                                ),
                        );
                        failed = true;
                        continue;
                    }
                };
                let mut ty = base;
                for _ in 0..field.pointers {
                    ty = out.push(Def::Pointer(ty));
                }
                for len in field.arrays.iter().rev() {
                    let Ok(len) = u32::try_from(*len) else {
                        errors.push(
                            Diagnostic::error(
                                "an array this long is not supported",
                                field.span.clone(),
                            )
                            .with_label("too long"),
                        );
                        failed = true;
                        break;
                    };
                    ty = out.push(Def::Array { element: ty, len });
                }
                let types = Types {
                    kernel,
                    script: &out,
                };
                let (Some(field_size), Some(field_align)) = (types.size_of(ty), types.align_of(ty))
                else {
                    errors.push(
                        Diagnostic::error(
                            format!(
                                "member '{}' has an incomplete type ({})",
                                field.name,
                                types.name(ty)
                            ),
                            field.span.clone(),
                        )
                        .with_label("no size here")
                        .with_hint("a struct can hold a pointer to itself, not itself; define a struct before holding it by value"),
                    );
                    failed = true;
                    continue;
                };
                let at = if s.union {
                    0
                } else {
                    offset.div_ceil(field_align).saturating_mul(field_align)
                };
                members.push((field.name.clone(), at, ty));
                offset = at.saturating_add(field_size);
                size = size.max(offset);
                align = align.max(field_align);
            }
            let total = size.div_ceil(align).saturating_mul(align);
            if let Some(Def::Record(r)) = id
                .checked_sub(SCRIPT_BASE)
                .and_then(|i| out.defs.get_mut(i as usize))
            {
                r.members = members;
                if !failed {
                    r.layout = Some((total, align));
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// Kernel and script types together: what `btf_access` and sema ask.
#[derive(Debug, Clone, Copy)]
pub struct Types<'a> {
    pub kernel: Option<&'a KernelTypes>,
    pub script: &'a ScriptTypes,
}

impl<'a> Types<'a> {
    pub fn new(kernel: Option<&'a KernelTypes>, script: &'a ScriptTypes) -> Self {
        Types { kernel, script }
    }

    /// What the type `id` is, through typedefs and qualifiers.
    pub fn resolve(&self, id: u32) -> KernelType {
        match self.script.def(id) {
            Some(Def::Int { size, signed }) => KernelType::Int {
                size: *size,
                signed: *signed,
            },
            Some(Def::Pointer(target)) => KernelType::Pointer(*target),
            Some(Def::Array { element, len }) => match self.resolve(*element) {
                KernelType::Int { size: 1, .. } => KernelType::CharArray { len: *len },
                _ => KernelType::Other,
            },
            Some(Def::Record(r)) => match r.layout {
                Some((size, _)) => KernelType::Record { id, size },
                None => KernelType::Other,
            },
            Some(Def::Enum(e)) => KernelType::Int {
                size: 4,
                signed: e.signed,
            },
            None if id >= SCRIPT_BASE => KernelType::Other,
            None if id == 0 => KernelType::Void,
            None => self.kernel.map_or(KernelType::Other, |k| k.resolve(id)),
        }
    }

    /// `struct NAME` (or union): the script's own first, then the kernel's.
    pub fn record_by_name(&self, name: &str, union: bool) -> Option<u32> {
        self.script
            .records
            .get(&(name.to_string(), union))
            .copied()
            .or_else(|| self.kernel?.record_by_name(name, union))
    }

    /// A typedef of the script, or a typedef or base type of the kernel
    /// (`u32`, `pid_t`).
    pub fn type_by_name(&self, name: &str) -> Option<u32> {
        match self.script.typedefs.get(name) {
            Some(id) => Some(*id),
            None => self.kernel?.type_by_name(name),
        }
    }

    /// `enum NAME`: the script's own first, then the kernel's.
    pub fn enum_by_name(&self, name: &str) -> Option<u32> {
        match self.script.enums.get(name) {
            Some(id) => Some(*id),
            None => self.kernel?.enum_by_name(name),
        }
    }

    /// The enumerators of the type `id` when it is an enum: value and name.
    pub fn enumerators(&self, id: u32) -> Option<Vec<(u64, String)>> {
        match self.script.def(id) {
            Some(Def::Enum(e)) => Some(e.items.iter().map(|(n, v)| (*v, n.clone())).collect()),
            Some(_) => None,
            None => self.kernel?.enumerators(id),
        }
    }

    /// The member `name` of the struct or union `id`.
    pub fn member(&self, id: u32, name: &str) -> Option<Member> {
        match self.script.def(id) {
            Some(Def::Record(r)) => {
                r.members
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map(|(_, offset, type_id)| Member {
                        offset: *offset,
                        type_id: *type_id,
                        bitfield: None,
                    })
            }
            Some(_) => None,
            None => self.kernel?.member(id, name),
        }
    }

    pub fn member_names(&self, id: u32) -> Vec<String> {
        match self.script.def(id) {
            Some(Def::Record(r)) => r.members.iter().map(|(n, _, _)| n.clone()).collect(),
            Some(_) => Vec::new(),
            None => self.kernel.map(|k| k.member_names(id)).unwrap_or_default(),
        }
    }

    /// A C spelling of the type `id` for messages.
    pub fn name(&self, id: u32) -> String {
        match self.script.def(id) {
            Some(Def::Int { size, signed }) => {
                format!("{}int{}", if *signed { "" } else { "u" }, size * 8)
            }
            Some(Def::Pointer(target)) => format!("{} *", self.name(*target)),
            Some(Def::Array { element, len }) => {
                // C spells `int m[2][3]` with the outer length first.
                let mut dims = format!("[{len}]");
                let mut inner = *element;
                while let Some(Def::Array { element, len }) = self.script.def(inner) {
                    dims.push_str(&format!("[{len}]"));
                    inner = *element;
                }
                format!("{}{dims}", self.name(inner))
            }
            Some(Def::Record(r)) => {
                format!("{} {}", if r.union { "union" } else { "struct" }, r.name)
            }
            Some(Def::Enum(e)) => format!("enum {}", e.name.as_deref().unwrap_or("(anonymous)")),
            None if id == 0 => "void".into(),
            None => self.kernel.map_or_else(|| "?".into(), |k| k.name(id)),
        }
    }

    /// `sizeof` of the type `id`.
    pub fn size_of(&self, id: u32) -> Option<u32> {
        match self.script.def(id) {
            Some(Def::Int { size, .. }) => Some(*size),
            Some(Def::Pointer(_)) => Some(8),
            Some(Def::Array { element, len }) => self.size_of(*element)?.checked_mul(*len),
            Some(Def::Record(r)) => r.layout.map(|(size, _)| size),
            Some(Def::Enum(_)) => Some(4),
            None if id == 0 || id >= SCRIPT_BASE => None,
            None => self.kernel?.size_of(id),
        }
    }

    /// The alignment of the type `id` (C's `_Alignof`).
    pub fn align_of(&self, id: u32) -> Option<u32> {
        self.align_depth(id, 0)
    }

    fn align_depth(&self, id: u32, depth: u32) -> Option<u32> {
        if depth > 32 {
            return None;
        }
        match self.script.def(id) {
            Some(Def::Int { size, .. }) => Some(*size),
            Some(Def::Pointer(_)) => Some(8),
            Some(Def::Array { element, .. }) => self.align_depth(*element, depth + 1),
            Some(Def::Record(r)) => r.layout.map(|(_, align)| align),
            Some(Def::Enum(_)) => Some(4),
            None => match self.resolve(id) {
                KernelType::Int { size, .. } => Some(size.clamp(1, 8)),
                KernelType::Pointer(_) => Some(8),
                KernelType::CharArray { .. } => Some(1),
                KernelType::Record { id, .. } => Some(
                    self.member_names(id)
                        .iter()
                        .filter_map(|n| self.member(id, n))
                        .filter_map(|m| self.align_depth(m.type_id, depth + 1))
                        .max()
                        .unwrap_or(1),
                ),
                _ => match self.array(id) {
                    Some((element, _)) => self.align_depth(element, depth + 1),
                    None => None,
                },
            },
        }
    }

    /// When `id` is an array: its element type and length.
    pub fn array(&self, id: u32) -> Option<(u32, u32)> {
        match self.script.def(id) {
            Some(Def::Array { element, len }) => Some((*element, *len)),
            Some(_) => None,
            None => self.kernel?.array(id),
        }
    }

    /// An enumerator of the script's enums, else of the kernel's.
    pub fn enumerator(&self, name: &str) -> Option<Enumerator> {
        match self.script.enumerators.get(name) {
            Some(e) => Some(*e),
            None => self.kernel?.enumerator(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(text: &str) -> ScriptTypes {
        let program = crate::parse::parse(text).expect("parses");
        ScriptTypes::build(&program.structs, &program.enums, &program.typedefs, None)
            .expect("lays out")
    }

    fn offset(types: Types, record: &str, member: &str) -> u32 {
        let id = types.record_by_name(record, false).expect("record");
        types.member(id, member).expect("member").offset
    }

    /// The numbers are what gcc 12 (x86-64) prints for the same definitions
    /// with sizeof and offsetof (checked by compiling a C program of these
    /// structs while writing this test).
    #[test]
    fn c_layouts_match_gcc() {
        let script = layout(
            "struct point { int x; int y; char name[8]; struct point *next; };
             struct mixed { char c; long l; short s[3]; struct point p; unsigned char tail; };
             union u { int i; char b[6]; };
             struct outer { char c; union u un; uint64_t big; };
             struct arr { char tag; int m[2][3]; void *p; unsigned short h; };
             BEGIN { }",
        );
        let t = Types::new(None, &script);
        let size =
            |name: &str, union: bool| t.size_of(t.record_by_name(name, union).expect("record"));
        assert_eq!(size("point", false), Some(24));
        assert_eq!(offset(t, "point", "name"), 8);
        assert_eq!(offset(t, "point", "next"), 16);
        assert_eq!(size("mixed", false), Some(56));
        assert_eq!(offset(t, "mixed", "l"), 8);
        assert_eq!(offset(t, "mixed", "s"), 16);
        assert_eq!(offset(t, "mixed", "p"), 24);
        assert_eq!(offset(t, "mixed", "tail"), 48);
        assert_eq!(size("u", true), Some(8));
        assert_eq!(size("outer", false), Some(24));
        assert_eq!(offset(t, "outer", "un"), 4);
        assert_eq!(offset(t, "outer", "big"), 16);
        assert_eq!(size("arr", false), Some(48));
        assert_eq!(offset(t, "arr", "m"), 4);
        assert_eq!(offset(t, "arr", "p"), 32);
        assert_eq!(offset(t, "arr", "h"), 40);
        let arr = t.record_by_name("arr", false).expect("arr");
        let m = t.member(arr, "m").expect("m");
        let (row, rows) = t.array(m.type_id).expect("an array");
        assert_eq!(
            (rows, t.size_of(row), t.name(m.type_id)),
            (2, Some(12), "int32[2][3]".to_string())
        );
        let point = t.record_by_name("point", false).expect("point");
        let next = t.member(point, "next").expect("next");
        assert_eq!(t.resolve(next.type_id), KernelType::Pointer(point));
        let name = t.member(point, "name").expect("name");
        assert_eq!(t.resolve(name.type_id), KernelType::CharArray { len: 8 });
    }

    #[test]
    fn bad_definitions_are_errors() {
        for (text, want) in [
            ("struct a { struct a inner; }; BEGIN { }", "incomplete type"),
            (
                "struct a { int x; int x; }; BEGIN { }",
                "two members named 'x'",
            ),
            ("struct a { widget w; }; BEGIN { }", "unknown type 'widget'"),
            (
                "struct a { struct nowhere n; }; BEGIN { }",
                "struct nowhere is not defined",
            ),
            (
                "struct a { int x; }; struct a { int y; }; BEGIN { }",
                "defined twice",
            ),
        ] {
            let program = crate::parse::parse(text).expect("parses");
            let errors =
                ScriptTypes::build(&program.structs, &program.enums, &program.typedefs, None)
                    .expect_err(text);
            assert!(
                errors.iter().any(|d| d.message.contains(want)),
                "{text}: {errors:?}"
            );
        }
    }
}
