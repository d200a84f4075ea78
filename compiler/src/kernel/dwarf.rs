//! A function's parameters from a binary's DWARF debug info, for `args` in
//! uprobes: each is read at the function's entry from the register the
//! x86-64 calling convention passes it in.

use super::format::{FieldKind, TracepointField, TracepointFormat};
use super::regs;
use gimli::{AttributeValue, DwAte, DwTag, EndianSlice, RunTimeEndian, Unit, UnitOffset};
use object::{Object, ObjectSection, ObjectSymbol};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

type Reader<'a> = EndianSlice<'a, RunTimeEndian>;

/// The parameters of `functions` of one binary, as fields at their
/// registers' offsets in `struct pt_regs`, for those its DWARF (or its
/// debug file's) describes; one pass over it for all of them.
pub fn functions_args(
    path: &Path,
    functions: &[&str],
    debug_dirs: &[PathBuf],
) -> Result<HashMap<String, TracepointFormat>, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
    // By address too: a symbol may be an alias of the function DWARF names
    // (glibc's `malloc` is `__libc_malloc`).
    let wanted: HashSet<&str> = functions.iter().copied().collect();
    let by_address: HashMap<u64, &str> = file
        .symbols()
        .chain(file.dynamic_symbols())
        .filter(|s| s.address() != 0)
        .filter_map(|s| Some((s.address(), *wanted.get(s.name().ok()?)?)))
        .collect();
    if has_dwarf(&file) {
        return read_args(&file, path, functions, &by_address);
    }
    // A distribution's binary keeps its DWARF in a separate debug file
    // (Debian's -dbgsym and -dbg packages).
    let Some(debug_path) = debug_file(&file, path, debug_dirs) else {
        return Ok(HashMap::new());
    };
    let data = std::fs::read(&debug_path)
        .map_err(|e| format!("cannot read {}: {e}", debug_path.display()))?;
    let debug = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", debug_path.display()))?;
    read_args(&debug, &debug_path, functions, &by_address)
}

fn has_dwarf(file: &object::File<'_>) -> bool {
    file.section_by_name(".debug_info")
        .is_some_and(|s| s.size() > 0)
}

/// The separate debug file of `file` (at `path`), searched in `dirs`
/// (`--debuginfo`) and the system's debug directory.
fn debug_file(file: &object::File<'_>, path: &Path, dirs: &[PathBuf]) -> Option<PathBuf> {
    let build_id = file.build_id().ok().flatten();
    let link = file.gnu_debuglink().ok().flatten();
    let link = link.and_then(|(name, _crc)| std::str::from_utf8(name).ok());
    sonde_script::debug_files::find(path, build_id, link, dirs)
}

/// `functions_args` from the DWARF of `file`, read from `path`.
fn read_args(
    file: &object::File<'_>,
    path: &Path,
    functions: &[&str],
    by_address: &HashMap<u64, &str>,
) -> Result<HashMap<String, TracepointFormat>, String> {
    let endian = if file.is_little_endian() {
        RunTimeEndian::Little
    } else {
        RunTimeEndian::Big
    };
    let sections = gimli::DwarfSections::load(|id| -> Result<Cow<'_, [u8]>, String> {
        match file.section_by_name(id.name()) {
            Some(section) => section_data(&section, path),
            None => Ok(Cow::Borrowed(&[])),
        }
    })?;
    let dwarf = sections.borrow(|section| EndianSlice::new(section, endian));
    let bad = |e: gimli::Error| format!("{}: bad DWARF: {e}", path.display());
    let wanted: HashSet<&str> = functions.iter().copied().collect();
    let mut found = HashMap::new();
    let mut units = dwarf.units();
    while let Some(header) = units.next().map_err(bad)? {
        if found.len() == wanted.len() {
            break;
        }
        let unit = dwarf.unit(header).map_err(bad)?;
        let mut entries = unit.entries();
        while let Some(entry) = entries.next_dfs().map_err(bad)? {
            if entry.tag() != gimli::DW_TAG_subprogram
                || entry.attr_value(gimli::DW_AT_declaration).is_some()
            {
                continue;
            }
            let at_address = || {
                let low_pc = dwarf
                    .attr_address(&unit, entry.attr_value(gimli::DW_AT_low_pc)?)
                    .ok()??;
                by_address.get(&low_pc).copied()
            };
            let Some(function) = function_name(&dwarf, &unit, entry, &wanted).or_else(at_address)
            else {
                continue;
            };
            if found.contains_key(function) {
                continue;
            }
            // A struct returned in memory comes back through a pointer the
            // caller passes in the first register.
            let first = usize::from(returns_in_memory(
                &unit,
                entry.attr_value(gimli::DW_AT_type),
            ));
            let format = parameters(&dwarf, &unit, entry.offset(), first).map_err(bad)?;
            found.insert(function.to_string(), format);
        }
    }
    Ok(found)
}

/// A DWARF section's bytes, decompressed when it is compressed (`-gz`).
/// The size its header claims is a bound, never an allocation: the
/// decompressed bytes are as many as the data really holds, and a file whose
/// data does not hold what it claims is an error.
fn section_data<'d>(
    section: &object::Section<'d, '_>,
    path: &Path,
) -> Result<Cow<'d, [u8]>, String> {
    use object::CompressionFormat;
    use std::io::Read;
    let name = section.name().unwrap_or("?");
    let bad = |what: &dyn std::fmt::Display| {
        format!("{}: bad compressed section {name}: {what}", path.display())
    };
    let compressed = section.compressed_data().map_err(|e| bad(&e))?;
    let claimed = compressed.uncompressed_size;
    let mut out = Vec::new();
    match compressed.format {
        CompressionFormat::None => return Ok(Cow::Borrowed(compressed.data)),
        CompressionFormat::Zlib => {
            flate2::read::ZlibDecoder::new(compressed.data)
                .take(claimed)
                .read_to_end(&mut out)
                .map_err(|e| bad(&e))?;
        }
        CompressionFormat::Zstandard => {
            let mut input = compressed.data;
            while !input.is_empty() && (out.len() as u64) < claimed {
                let decoder =
                    ruzstd::decoding::StreamingDecoder::new(&mut input).map_err(|e| bad(&e))?;
                decoder
                    .take(claimed - out.len() as u64)
                    .read_to_end(&mut out)
                    .map_err(|e| bad(&e))?;
            }
        }
        other => return Err(bad(&format_args!("unknown compression {other:?}"))),
    }
    if out.len() as u64 != claimed {
        return Err(bad(&format_args!(
            "it claims {claimed} bytes but holds {}",
            out.len()
        )));
    }
    Ok(Cow::Owned(out))
}

/// Which of `wanted` subprogram `entry` is: by its linkage (mangled) name,
/// as C++ symbols are, or its name, as C's are; a C++ definition outside
/// its class or namespace has them on the declaration it points to.
fn function_name<'w>(
    dwarf: &gimli::Dwarf<Reader<'_>>,
    unit: &Unit<Reader<'_>>,
    entry: &gimli::DebuggingInformationEntry<Reader<'_>>,
    wanted: &HashSet<&'w str>,
) -> Option<&'w str> {
    let named = |e: &gimli::DebuggingInformationEntry<Reader<'_>>| {
        [
            gimli::DW_AT_linkage_name,
            gimli::DW_AT_MIPS_linkage_name,
            gimli::DW_AT_name,
        ]
        .into_iter()
        .filter_map(|at| name(dwarf, unit, e.attr_value(at)))
        .find_map(|n| wanted.get(n.as_str()).copied())
    };
    named(entry).or_else(|| {
        [gimli::DW_AT_specification, gimli::DW_AT_abstract_origin]
            .into_iter()
            .filter_map(|at| match entry.attr_value(at) {
                Some(AttributeValue::UnitRef(offset)) => unit.entry(offset).ok(),
                _ => None,
            })
            .find_map(|origin| named(&origin))
    })
}

/// Whether a function returning the type at `at` returns it in memory
/// (x86-64: a struct or union over 16 bytes, or a C++ class that is not
/// trivially copyable).
fn returns_in_memory(unit: &Unit<Reader<'_>>, at: Option<AttributeValue<Reader<'_>>>) -> bool {
    let mut at = at;
    for _ in 0..16 {
        let Some(AttributeValue::UnitRef(offset)) = at else {
            return false;
        };
        let Ok(entry) = unit.entry(offset) else {
            return false;
        };
        match entry.tag() {
            gimli::DW_TAG_typedef | gimli::DW_TAG_const_type | gimli::DW_TAG_volatile_type => {
                at = entry.attr_value(gimli::DW_AT_type)
            }
            gimli::DW_TAG_structure_type | gimli::DW_TAG_union_type | gimli::DW_TAG_class_type => {
                let size = entry
                    .attr_value(gimli::DW_AT_byte_size)
                    .and_then(|v| v.udata_value())
                    .unwrap_or(0);
                let by_reference = matches!(
                    entry.attr_value(gimli::DW_AT_calling_convention),
                    Some(AttributeValue::CallingConvention(
                        gimli::DW_CC_pass_by_reference
                    ))
                );
                return size > 16 || by_reference;
            }
            _ => return false,
        }
    }
    false
}

/// The formal parameters of the subprogram at `offset`.
fn parameters(
    dwarf: &gimli::Dwarf<Reader<'_>>,
    unit: &Unit<Reader<'_>>,
    offset: UnitOffset,
    first_register: usize,
) -> gimli::Result<TracepointFormat> {
    let mut tree = unit.entries_tree(Some(offset))?;
    let mut children = tree.root()?.children();
    let mut fields = Vec::new();
    let mut next_register = first_register;
    // A struct passed by value takes integer registers by rules Sonde does
    // not follow: every later parameter is unreadable. A float goes in an
    // SSE register and takes none.
    let mut registers_known = true;
    while let Some(child) = children.next()? {
        let entry = child.entry();
        if entry.tag() != gimli::DW_TAG_formal_parameter {
            continue;
        }
        let param_name = name(dwarf, unit, entry.attr_value(gimli::DW_AT_name))
            .unwrap_or_else(|| format!("arg{}", fields.len()));
        let ty = describe(dwarf, unit, entry.attr_value(gimli::DW_AT_type), 0)?;
        let register = match ty.kind {
            Some(_) if registers_known => {
                next_register += 1;
                regs::ARGUMENTS.get(next_register - 1).copied()
            }
            _ => None,
        };
        let (kind, size, signed) = match (register, ty.kind) {
            (Some(_), Some(kind)) => (kind, ty.size, ty.signed),
            _ => (FieldKind::Unsupported, ty.size, false),
        };
        if ty.kind.is_none() && !ty.float {
            registers_known = false;
        }
        fields.push(TracepointField {
            name: param_name,
            c_type: ty.c_name,
            offset: register.unwrap_or(0),
            size: size.clamp(1, 8),
            signed,
            kind,
            pointee: None,
        });
    }
    Ok(TracepointFormat { fields })
}

/// What Sonde makes of a parameter's type.
struct ParamType {
    c_name: String,
    /// `None`: not an integer or pointer.
    kind: Option<FieldKind>,
    size: u32,
    signed: bool,
    /// A floating-point number (passed in an SSE register).
    float: bool,
}

/// The type at `at` (a `DW_AT_type`), through typedefs and qualifiers.
fn describe(
    dwarf: &gimli::Dwarf<Reader<'_>>,
    unit: &Unit<Reader<'_>>,
    at: Option<AttributeValue<Reader<'_>>>,
    depth: u32,
) -> gimli::Result<ParamType> {
    let unknown = |c_name: &str| ParamType {
        c_name: c_name.to_string(),
        kind: None,
        size: 8,
        signed: false,
        float: false,
    };
    let Some(AttributeValue::UnitRef(offset)) = at else {
        return Ok(unknown("void"));
    };
    if depth > 16 {
        return Ok(unknown("?"));
    }
    let entry = unit.entry(offset)?;
    let own_name = name(dwarf, unit, entry.attr_value(gimli::DW_AT_name));
    let size = entry
        .attr_value(gimli::DW_AT_byte_size)
        .and_then(|v| v.udata_value())
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(8);
    let inner = || describe(dwarf, unit, entry.attr_value(gimli::DW_AT_type), depth + 1);
    Ok(match entry.tag() {
        gimli::DW_TAG_base_type => {
            let encoding = match entry.attr_value(gimli::DW_AT_encoding) {
                Some(AttributeValue::Encoding(e)) => e,
                _ => DwAte(0),
            };
            let signed = matches!(encoding, gimli::DW_ATE_signed | gimli::DW_ATE_signed_char);
            let integer = matches!(
                encoding,
                gimli::DW_ATE_signed
                    | gimli::DW_ATE_signed_char
                    | gimli::DW_ATE_unsigned
                    | gimli::DW_ATE_unsigned_char
                    | gimli::DW_ATE_boolean
            ) && size <= 8;
            ParamType {
                c_name: own_name.map_or_else(|| "?".into(), |n| short_c_name(&n)),
                kind: integer.then_some(FieldKind::Int),
                size,
                signed,
                float: encoding == gimli::DW_ATE_float && size <= 8,
            }
        }
        gimli::DW_TAG_enumeration_type => ParamType {
            float: false,
            c_name: format!("enum {}", own_name.unwrap_or_default()),
            kind: Some(FieldKind::Int),
            size,
            // Signed as its underlying type (GCC gives it) or its encoding.
            signed: match entry.attr_value(gimli::DW_AT_type) {
                Some(_) => inner()?.signed,
                None => matches!(
                    entry.attr_value(gimli::DW_AT_encoding),
                    Some(AttributeValue::Encoding(gimli::DW_ATE_signed))
                ),
            },
        },
        gimli::DW_TAG_typedef => ParamType {
            c_name: own_name.unwrap_or_else(|| "?".into()),
            ..inner()?
        },
        gimli::DW_TAG_const_type | gimli::DW_TAG_volatile_type | gimli::DW_TAG_restrict_type => {
            let t = inner()?;
            let qualifier = match entry.tag() {
                gimli::DW_TAG_const_type => "const",
                gimli::DW_TAG_volatile_type => "volatile",
                _ => "restrict",
            };
            // A qualified pointer is written after its star (`char *const`).
            let c_name = if t.c_name.ends_with('*') {
                format!("{} {qualifier}", t.c_name)
            } else {
                format!("{qualifier} {}", t.c_name)
            };
            ParamType { c_name, ..t }
        }
        gimli::DW_TAG_pointer_type => {
            let target = inner()?;
            // `char *`, signed or not, reads as a string.
            let chars = target.kind == Some(FieldKind::Int)
                && target.size == 1
                && target.c_name.trim_start_matches("const ").ends_with("char");
            ParamType {
                c_name: format!("{}*", target.c_name),
                kind: Some(if chars {
                    FieldKind::CharPtr
                } else {
                    FieldKind::Pointer
                }),
                size: 8,
                signed: false,
                float: false,
            }
        }
        // A C++ reference is passed as the address it refers to.
        gimli::DW_TAG_reference_type | gimli::DW_TAG_rvalue_reference_type => ParamType {
            c_name: format!("{}&", inner()?.c_name),
            kind: Some(FieldKind::Pointer),
            size: 8,
            signed: false,
            float: false,
        },
        tag => unknown(&format!(
            "{}{}",
            record_word(tag),
            own_name.unwrap_or_else(|| "?".into())
        )),
    })
}

/// GCC's names of the integer types in the short form (`long int` is
/// `long`), as bpftrace shows them.
fn short_c_name(name: &str) -> String {
    let unsigned = name.contains("unsigned");
    let core = name
        .replace("unsigned", "")
        .replace("signed", "")
        .split_whitespace()
        .filter(|w| *w != "int" || !(name.contains("long") || name.contains("short")))
        .collect::<Vec<_>>()
        .join(" ");
    let core = if core.is_empty() {
        "int".to_string()
    } else {
        core
    };
    match (unsigned, name.contains("char")) {
        (true, _) => format!("unsigned {core}"),
        // `signed char` is its own type, unlike `signed int`.
        (false, true) if name.contains("signed") => format!("signed {core}"),
        _ => core,
    }
}

fn record_word(tag: DwTag) -> &'static str {
    match tag {
        gimli::DW_TAG_structure_type => "struct ",
        gimli::DW_TAG_union_type => "union ",
        _ => "",
    }
}

fn name(
    dwarf: &gimli::Dwarf<Reader<'_>>,
    unit: &Unit<Reader<'_>>,
    value: Option<AttributeValue<Reader<'_>>>,
) -> Option<String> {
    let s = dwarf.attr_string(unit, value?).ok()?;
    Some(String::from_utf8_lossy(s.slice()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::test_elf::{self, SHT_PROGBITS, Section};
    use std::io::Write;

    /// A `.debug_info` compressed with zlib (`-gz`) holding `bytes`, whose
    /// header claims `claimed` bytes.
    fn zlib_debug_info(test: &str, bytes: &[u8], claimed: u64) -> PathBuf {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(bytes).expect("compress");
        let mut data = Vec::new();
        data.extend_from_slice(&1u32.to_le_bytes()); // ELFCOMPRESS_ZLIB
        data.extend_from_slice(&0u32.to_le_bytes());
        data.extend_from_slice(&claimed.to_le_bytes());
        data.extend_from_slice(&1u64.to_le_bytes());
        data.extend(z.finish().expect("compress"));
        let info = Section {
            flags: 0x800, // SHF_COMPRESSED
            ..Section::new(".debug_info", SHT_PROGBITS, &data)
        };
        test_elf::file(test, &test_elf::elf(&[info]))
    }

    #[test]
    fn a_compressed_section_that_claims_more_than_it_holds_is_an_error() {
        // Found by fuzz/ (dwarf_args): the claimed size was allocated
        // before anything was decompressed.
        let path = zlib_debug_info("zlib_4g", &[0; 16], 1 << 32);
        let error = functions_args(&path, &["main"], &[]).expect_err("a corrupt file");
        assert!(error.starts_with(&path.display().to_string()), "{error}");
        assert!(
            error.ends_with("claims 4294967296 bytes but holds 16"),
            "{error}"
        );
        let path = zlib_debug_info("zlib_empty", &[], 0);
        assert_eq!(functions_args(&path, &["main"], &[]), Ok(HashMap::new()));
    }

    #[test]
    fn integer_names_in_the_short_form() {
        for (gcc, short) in [
            ("long int", "long"),
            ("long unsigned int", "unsigned long"),
            ("long long int", "long long"),
            ("long long unsigned int", "unsigned long long"),
            ("short int", "short"),
            ("short unsigned int", "unsigned short"),
            ("int", "int"),
            ("unsigned int", "unsigned int"),
            ("char", "char"),
            ("signed char", "signed char"),
            ("unsigned char", "unsigned char"),
            ("_Bool", "_Bool"),
        ] {
            assert_eq!(short_c_name(gcc), short, "{gcc}");
        }
    }
}
