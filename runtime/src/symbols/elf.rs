//! Symbols of one ELF file (a program or a library) for naming user
//! addresses: `.symtab` and `.dynsym`, and those of its separate debug file
//! when the system has one (`/usr/lib/debug/.build-id/...`), searched for the
//! symbol containing an address as bcc does. The `PT_LOAD` segments turn a
//! file offset (from `/proc/PID/maps`) into the address symbols are given in.

use object::{Object, ObjectSegment, ObjectSymbol, SymbolKind};
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct ElfSymbols {
    /// (start, size, name) sorted by start.
    symbols: Vec<(u64, u64, String)>,
    /// For each index, the largest end of the symbols up to it: where a
    /// search for an enclosing symbol can stop.
    reach: Vec<u64>,
    /// (file offset, file size, virtual address) of each loadable segment.
    segments: Vec<(u64, u64, u64)>,
    /// The file's GNU build id (`.note.gnu.build-id`) in lowercase hex, for
    /// `build_id` stacks: made once per file, shared by every frame in it.
    build_id: Option<std::rc::Rc<str>>,
}

impl ElfSymbols {
    pub fn load(path: &Path, debug_dirs: &[PathBuf]) -> Result<ElfSymbols, String> {
        let data =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file = object::File::parse(&*data)
            .map_err(|e| format!("{} is not an ELF file: {e}", path.display()))?;
        let mut symbols = Vec::new();
        collect(&file, &mut symbols);
        if let Some(debug) = debug_file(&file, path, debug_dirs)
            && let Ok(bytes) = std::fs::read(&debug)
            && let Ok(debug) = object::File::parse(&*bytes)
        {
            collect(&debug, &mut symbols);
        }
        let segments = file
            .segments()
            .filter_map(|s| {
                let (offset, size) = s.file_range();
                (size > 0).then_some((offset, size, s.address()))
            })
            .collect();
        let mut symbols = ElfSymbols::new(symbols, segments);
        symbols.build_id = file.build_id().ok().flatten().map(|id| {
            id.iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
                .into()
        });
        Ok(symbols)
    }

    pub fn new(mut symbols: Vec<(u64, u64, String)>, segments: Vec<(u64, u64, u64)>) -> Self {
        symbols.sort();
        symbols.dedup();
        let reach = symbols
            .iter()
            .scan(0u64, |reach, (start, size, _)| {
                *reach = (*reach).max(start.saturating_add(*size));
                Some(*reach)
            })
            .collect();
        ElfSymbols {
            symbols,
            reach,
            segments,
            build_id: None,
        }
    }

    /// The file's build id as lowercase hex, as `build_id` stacks print it.
    pub fn build_id_hex(&self) -> Option<std::rc::Rc<str>> {
        self.build_id.clone()
    }

    /// The virtual address at a file offset, through the segment holding it.
    pub fn address_of_offset(&self, offset: u64) -> Option<u64> {
        self.segments
            .iter()
            .find(|(start, size, _)| offset >= *start && offset - start < *size)
            .map(|(start, _, vaddr)| vaddr.wrapping_add(offset - start))
    }

    /// The address of the first symbol whose name holds `part` (for tests).
    #[cfg(test)]
    pub fn address_of(&self, part: &str) -> Option<u64> {
        self.symbols
            .iter()
            .find(|(_, _, name)| name.contains(part))
            .map(|(start, _, _)| *start)
    }

    /// The symbol whose [start, start + size) holds `address`, and the
    /// offset into it; the innermost start wins when symbols nest.
    pub fn lookup(&self, address: u64) -> Option<(&str, u64)> {
        let mut i = self
            .symbols
            .partition_point(|(start, _, _)| *start <= address);
        while i > 0 {
            i -= 1;
            if self.reach[i] <= address {
                return None;
            }
            let (start, size, name) = &self.symbols[i];
            if address - start < *size {
                return Some((name.as_str(), address - start));
            }
        }
        None
    }
}

/// Functions, data objects and GNU IFUNCs, with their sizes.
fn collect(file: &object::File<'_>, out: &mut Vec<(u64, u64, String)>) {
    for s in file.symbols().chain(file.dynamic_symbols()) {
        let ifunc =
            matches!(s.flags(), object::SymbolFlags::Elf { st_info, .. } if st_info & 0xf == 10);
        if s.is_undefined()
            || s.address() == 0
            || !(matches!(s.kind(), SymbolKind::Text | SymbolKind::Data) || ifunc)
        {
            continue;
        }
        if let Ok(name) = s.name()
            && !name.is_empty()
        {
            out.push((s.address(), s.size(), name.to_string()));
        }
    }
}

/// The separate debug file of a stripped binary, searched in `dirs`
/// (`--debuginfo`) and the system's debug directory.
fn debug_file(file: &object::File<'_>, path: &Path, dirs: &[PathBuf]) -> Option<PathBuf> {
    let build_id = file.build_id().ok().flatten();
    let link = file.gnu_debuglink().ok().flatten();
    let link = link.and_then(|(name, _crc)| std::str::from_utf8(name).ok());
    sonde_script::debug_files::find(path, build_id, link, dirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ElfSymbols {
        ElfSymbols::new(
            vec![
                (0x1169, 0x1c, "sonde_inner".into()),
                (0x1185, 0x22, "sonde_middle".into()),
                (0x11a7, 0x22, "sonde_outer".into()),
                (0x1200, 0x100, "outer_block".into()),
                (0x1210, 0x8, "nested".into()),
                (0x1400, 0, "zero_sized".into()),
                (0x4030, 8, "sonde_counter".into()),
            ],
            vec![
                (0, 0x600, 0),
                (0x1000, 0x400, 0x1000),
                (0x2df0, 0x250, 0x3df0),
            ],
        )
    }

    #[test]
    fn an_address_is_named_by_the_symbol_holding_it() {
        let t = table();
        assert_eq!(t.lookup(0x1169), Some(("sonde_inner", 0)));
        assert_eq!(t.lookup(0x11a1), Some(("sonde_middle", 28)));
        assert_eq!(t.lookup(0x11c3), Some(("sonde_outer", 28)));
        assert_eq!(t.lookup(0x4030), Some(("sonde_counter", 0)));
    }

    #[test]
    fn gaps_zero_sizes_and_nesting() {
        let t = table();
        // Past sonde_outer's end, before outer_block.
        assert_eq!(t.lookup(0x11c9), None);
        assert_eq!(t.lookup(0x1000), None);
        assert_eq!(t.lookup(0x1400), None, "a zero-sized symbol holds nothing");
        assert_eq!(t.lookup(0x1212), Some(("nested", 2)));
        // Past the nested symbol, still inside the outer one.
        assert_eq!(t.lookup(0x1220), Some(("outer_block", 0x20)));
        assert_eq!(t.lookup(u64::MAX), None);
    }

    #[test]
    fn file_offsets_become_addresses_through_segments() {
        let t = table();
        assert_eq!(t.address_of_offset(0x1169), Some(0x1169));
        assert_eq!(t.address_of_offset(0x2e40), Some(0x3e40));
        assert_eq!(t.address_of_offset(0x9000), None);
    }

    #[test]
    fn reads_the_symbols_of_a_real_binary() {
        // This test binary: its own function, named at its file's address.
        let exe = std::env::current_exe().expect("the test binary's path");
        let symbols = ElfSymbols::load(&exe, &[]).expect("the test binary is an ELF file");
        let found = symbols
            .symbols
            .iter()
            .find(|(_, _, name)| name.contains("reads_the_symbols_of_a_real_binary"))
            .expect("the test function has a symbol");
        assert_eq!(
            symbols
                .lookup(found.0 + 1)
                .map(|(n, off)| (n.to_string(), off)),
            Some((found.2.clone(), 1))
        );
        assert!(ElfSymbols::load(Path::new("/nonexistent/sonde"), &[]).is_err());
    }
}
