//! Source lines of user addresses, for the `srcline` stack mode: the file
//! and line of an address and the functions inlined there, from the DWARF
//! of the mapped file or of its separate debug file (by build id under
//! `/usr/lib/debug/.build-id/`, else by `.gnu_debuglink`), as `perf script
//! -F +srcline --inline` shows them. addr2line (on gimli) reads the DWARF;
//! each file's is read once, on first use, and kept by path and inode.

use object::{Object, ObjectSection};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

type Reader = gimli::EndianRcSlice<gimli::RunTimeEndian>;

/// One function at an address: the innermost inlined one first, the
/// function the machine code is in last. `function` is None where the
/// DWARF names none, `file` and `line` where it has no line for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceLine {
    pub function: Option<String>,
    pub file: Option<String>,
    pub line: u32,
}

impl SourceLine {
    /// `file:line` as perf prints it: the file's base name, `??:0` when
    /// unknown.
    pub fn location(&self) -> String {
        match &self.file {
            Some(file) => {
                let name = Path::new(file)
                    .file_name()
                    .map_or(Cow::Borrowed(file.as_str()), |n| n.to_string_lossy());
                format!("{name}:{}", self.line)
            }
            None => "??:0".to_string(),
        }
    }
}

/// The line tables and inlining information of one file.
pub struct FileLines {
    context: addr2line::Context<Reader>,
}

impl FileLines {
    /// The DWARF of the file at `path`, else of its separate debug file;
    /// None when neither has any.
    pub fn load(path: &Path, debug_dirs: &[PathBuf]) -> Option<FileLines> {
        let data = std::fs::read(path).ok()?;
        let file = object::File::parse(&*data).ok()?;
        if file.section_by_name(".debug_info").is_some() {
            return FileLines::from_file(&file);
        }
        let build_id = file.build_id().ok().flatten();
        let link = file.gnu_debuglink().ok().flatten();
        let link = link.and_then(|(name, _crc)| std::str::from_utf8(name).ok());
        let debug_path = sonde_script::debug_files::find(path, build_id, link, debug_dirs)?;
        let debug_data = std::fs::read(debug_path).ok()?;
        FileLines::from_file(&object::File::parse(&*debug_data).ok()?)
    }

    fn from_file(file: &object::File<'_>) -> Option<FileLines> {
        let endian = if file.is_little_endian() {
            gimli::RunTimeEndian::Little
        } else {
            gimli::RunTimeEndian::Big
        };
        // Debian's debug files compress their sections (SHF_COMPRESSED):
        // object inflates them. A section that is missing or unreadable is
        // empty, which leaves addresses without lines rather than failing.
        let section = |id: gimli::SectionId| -> Result<Reader, gimli::Error> {
            let bytes = file
                .section_by_name(id.name())
                .and_then(|s| s.uncompressed_data().ok())
                .unwrap_or(Cow::Borrowed(&[]));
            Ok(Reader::new(Rc::from(&*bytes), endian))
        };
        let dwarf = gimli::Dwarf::load(section).ok()?;
        let context = addr2line::Context::from_dwarf(dwarf).ok()?;
        Some(FileLines { context })
    }

    /// The functions at file address `address`, innermost first (empty when
    /// the DWARF has nothing for it).
    pub fn lookup(&self, address: u64) -> Vec<SourceLine> {
        let Ok(mut frames) = self.context.find_frames(address).skip_all_loads() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        while let Ok(Some(frame)) = frames.next() {
            let function = frame
                .function
                .as_ref()
                .and_then(|f| f.raw_name().ok())
                .map(|name| super::demangle(name.as_ref()));
            let (file, line) = match &frame.location {
                Some(l) => (l.file.map(str::to_string), l.line.unwrap_or(0)),
                None => (None, 0),
            };
            out.push(SourceLine {
                function,
                file,
                line,
            });
            // A corrupt inlining tree must not make a frame endless.
            if out.len() >= 64 {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line just above `a_function_with_lines`.
    const LINE_ABOVE: u32 = line!();
    #[inline(never)]
    fn a_function_with_lines() -> u64 {
        std::hint::black_box(11)
    }

    #[test]
    fn locations_print_as_perf_prints_them() {
        let known = SourceLine {
            function: Some("f".into()),
            file: Some("/src/dir/a.c".into()),
            line: 12,
        };
        assert_eq!(known.location(), "a.c:12");
        assert_eq!(SourceLine::default().location(), "??:0");
    }

    #[test]
    fn this_test_binary_has_its_own_file_and_line() {
        // Test binaries are built with debug info: this function's first
        // address is in this file, at the line of its `fn`.
        let exe = std::env::current_exe().expect("the test binary's path");
        let lines = FileLines::load(&exe, &[]).expect("the test binary has DWARF");
        let symbols = super::super::ElfSymbols::load(&exe, &[]).expect("an ELF file");
        assert_eq!(a_function_with_lines(), 11);
        let file_address = symbols
            .address_of("a_function_with_lines")
            .expect("the function has a symbol");
        let found = lines.lookup(file_address);
        let last = found.last().expect("a line for the function");
        assert!(
            last.function
                .as_deref()
                .is_some_and(|f| f.contains("a_function_with_lines")),
            "{found:?}"
        );
        assert_eq!(
            last.location(),
            format!("lines.rs:{}", LINE_ABOVE + 2),
            "{found:?}"
        );
        assert!(FileLines::load(Path::new("/nonexistent/sonde"), &[]).is_none());
    }
}
