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

/// The file offset of a virtual address, through the section holding it.
pub fn file_offset(path: &Path, address: u64) -> Result<Option<u64>, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = object::File::parse(&*data)
        .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
    Ok(file.sections().find_map(|s| {
        let (start, size) = (s.address(), s.size());
        let (offset, _) = s.file_range()?;
        (address >= start && address < start + size).then(|| offset + (address - start))
    }))
}
