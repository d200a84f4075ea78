//! Function symbols of an ELF file (`.symtab` and `.dynsym`), for uprobes.

use object::{Object, ObjectSection, ObjectSymbol, SymbolKind};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElfFunction {
    pub name: String,
    /// Virtual address.
    pub address: u64,
    /// A GNU indirect function: the symbol is its resolver, not the code.
    pub ifunc: bool,
}

/// Every defined function symbol, deduplicated by name, sorted.
pub fn functions(path: &Path) -> Result<Vec<ElfFunction>, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
    let mut out: Vec<ElfFunction> = file
        .symbols()
        .chain(file.dynamic_symbols())
        .filter(|s| !s.is_undefined() && s.address() != 0)
        .filter_map(|s| {
            // STT_GNU_IFUNC (10): object does not call it text.
            let ifunc = matches!(s.flags(), object::SymbolFlags::Elf { st_info, .. } if st_info & 0xf == 10);
            (s.kind() == SymbolKind::Text || ifunc).then(|| ElfFunction {
                name: s.name().unwrap_or("").to_string(),
                address: s.address(),
                ifunc,
            })
        })
        .filter(|f| !f.name.is_empty())
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| a.name == b.name);
    Ok(out)
}

/// A defined symbol looked up by name, for `uaddr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElfSymbol {
    /// Virtual address (`st_value`).
    pub address: u64,
    pub size: u64,
}

/// What `uaddr("NAME")` needs from the probe's binary: the symbol, and
/// whether the file is position-independent (`ET_DYN`: a PIE or a library,
/// whose addresses move by where it is loaded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UaddrSymbol {
    pub symbol: ElfSymbol,
    pub relocatable: bool,
}

/// The function, data object or IFUNC named `name` (`.symtab`, then `.dynsym`),
/// as current bpftrace's uaddr() looks symbols up.
pub fn symbol(path: &Path, name: &str) -> Result<Option<UaddrSymbol>, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
    let relocatable = file.kind() == object::ObjectKind::Dynamic;
    Ok(file
        .symbols()
        .chain(file.dynamic_symbols())
        .filter(|s| !s.is_undefined() && s.address() != 0)
        .filter(|s| {
            let ifunc = matches!(s.flags(), object::SymbolFlags::Elf { st_info, .. } if st_info & 0xf == 10);
            matches!(s.kind(), SymbolKind::Text | SymbolKind::Data) || ifunc
        })
        .find(|s| s.name() == Ok(name))
        .map(|s| UaddrSymbol {
            symbol: ElfSymbol {
                address: s.address(),
                size: s.size(),
            },
            relocatable,
        }))
}

/// The virtual address of a file offset, through the section holding it
/// (the inverse of `file_offset`).
pub fn address_of_offset(path: &Path, offset: u64) -> Result<Option<u64>, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
    Ok(file.sections().find_map(|s| {
        let (start, size) = s.file_range()?;
        (s.address() != 0 && offset >= start && offset - start < size)
            .then(|| s.address().wrapping_add(offset - start))
    }))
}

/// The file offset of a virtual address, through the section holding it.
pub fn file_offset(path: &Path, address: u64) -> Result<Option<u64>, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
    Ok(file.sections().find_map(|s| {
        // A corrupt section may end past the end of the address space.
        let into = address.checked_sub(s.address()).filter(|i| *i < s.size())?;
        let (offset, _) = s.file_range()?;
        offset.checked_add(into)
    }))
}

/// A USDT probe from `.note.stapsdt`, addresses already corrected for
/// prelinking (through `.stapsdt.base`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsdtNote {
    pub provider: String,
    pub name: String,
    /// Virtual address of the probe's nop.
    pub address: u64,
    /// Virtual address of the semaphore, 0 when the probe has none.
    pub semaphore: u64,
    /// The argument specs, e.g. `-4@%eax 8@-8(%rbp) -4@$42`.
    pub arguments: String,
}

/// Every USDT probe of an ELF file (none when it has no `.note.stapsdt`).
pub fn usdt_notes(path: &Path) -> Result<Vec<UsdtNote>, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
    let Some(notes) = file.section_by_name(".note.stapsdt") else {
        return Ok(Vec::new());
    };
    let bytes = notes
        .data()
        .map_err(|e| format!("{}: unreadable .note.stapsdt: {e}", path.display()))?;
    let base = file.section_by_name(".stapsdt.base").map(|s| s.address());
    let mut out = Vec::new();
    let mut rest = bytes;
    let word = |b: &[u8], at: usize| -> Option<u32> {
        b.get(at..at + 4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
    };
    let align4 = |n: usize| n.div_ceil(4) * 4;
    while rest.len() >= 12 {
        let (Some(namesz), Some(descsz), Some(kind)) =
            (word(rest, 0), word(rest, 4), word(rest, 8))
        else {
            break;
        };
        let (namesz, descsz) = (namesz as usize, descsz as usize);
        let desc_at = 12 + align4(namesz);
        let Some(desc) = rest.get(desc_at..desc_at + descsz) else {
            break;
        };
        let owner = rest.get(12..12 + namesz).unwrap_or_default();
        if kind == 3 && owner == b"stapsdt\0" && desc.len() >= 24 {
            let u64_at = |at: usize| {
                let mut w = [0u8; 8];
                w.copy_from_slice(&desc[at..at + 8]);
                u64::from_le_bytes(w)
            };
            let (pc, note_base, semaphore) = (u64_at(0), u64_at(8), u64_at(16));
            let mut strings = desc[24..]
                .split(|b| *b == 0)
                .map(|s| String::from_utf8_lossy(s).into_owned());
            let provider = strings.next().unwrap_or_default();
            let name = strings.next().unwrap_or_default();
            let arguments = strings.next().unwrap_or_default();
            // Prelinking moves the file; the base section moves with it.
            let shift = |addr: u64| match base {
                Some(actual) if addr != 0 => addr.wrapping_add(actual).wrapping_sub(note_base),
                _ => addr,
            };
            out.push(UsdtNote {
                provider,
                name,
                address: shift(pc),
                semaphore: shift(semaphore),
                arguments,
            });
        }
        let next = desc_at + align4(descsz);
        rest = rest.get(next..).unwrap_or_default();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::test_elf::{self, SHF_ALLOC, SHT_PROGBITS, Section};

    #[test]
    fn a_section_at_the_end_of_the_address_space_holds_no_wrapped_address() {
        // Found by fuzz/ (elf_symbols): its end overflowed u64.
        let text = Section {
            flags: SHF_ALLOC,
            address: u64::MAX - 0xf,
            size: Some(0x100),
            ..Section::new(".text", SHT_PROGBITS, &[0x90; 16])
        };
        let path = test_elf::file("section_at_the_end", &test_elf::elf(&[text]));
        assert_eq!(file_offset(&path, u64::MAX - 0xf), Ok(Some(64)));
        assert_eq!(file_offset(&path, u64::MAX), Ok(Some(64 + 0xf)));
        assert_eq!(file_offset(&path, u64::MAX - 0x10), Ok(None));
    }
}
