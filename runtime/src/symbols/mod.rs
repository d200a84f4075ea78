//! Naming addresses in user space, as bpftrace prints them: kernel addresses
//! through `/proc/kallsyms` (read once, on first use), user addresses through
//! the process's mappings and the symbols of the mapped files (each file read
//! once). A process that is gone has no mappings left: its addresses print
//! as numbers, as in bpftrace.

mod elf;
mod kallsyms;
mod process;
pub mod unwind;

// For the fuzz targets (`crate::readers`).
pub use elf::ElfSymbols;

use sonde_script::{StackMode, StackType};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long a process's mappings are trusted before an address outside them
/// makes them be read again (a library loaded since).
const MAPPINGS_FRESH: Duration = Duration::from_secs(1);

/// A named address: the symbol and the offset into it, and for user
/// addresses the file it is in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    pub symbol: Option<(String, u64)>,
    pub module: Option<String>,
}

/// A process's mappings as last read, and when (none: it was gone).
type CachedMappings = (Instant, Option<Rc<Vec<process::Mapping>>>);

#[derive(Default)]
pub struct Symbolizer {
    kernel: OnceCell<Option<kallsyms::KernelSymbols>>,
    files: RefCell<HashMap<String, Option<Rc<elf::ElfSymbols>>>>,
    processes: RefCell<HashMap<u32, CachedMappings>>,
    /// `--debuginfo`: where separate debug files are looked for first.
    debug_dirs: Vec<std::path::PathBuf>,
}

impl Symbolizer {
    /// A symbolizer that looks for debug files in `debug_dirs` first.
    pub fn with_debug_dirs(debug_dirs: Vec<std::path::PathBuf>) -> Symbolizer {
        Symbolizer {
            debug_dirs,
            ..Symbolizer::default()
        }
    }

    /// A kernel address's symbol.
    pub fn kernel(&self, address: u64) -> Frame {
        let symbols = self
            .kernel
            .get_or_init(|| kallsyms::KernelSymbols::load().ok());
        Frame {
            symbol: symbols
                .as_ref()
                .and_then(|k| k.lookup(address))
                .map(|(name, offset)| (name.to_string(), offset)),
            module: None,
        }
    }

    /// A user address of process `pid`: its file and symbol.
    pub fn user(&self, pid: u32, address: u64) -> Frame {
        let Some(mappings) = self.mappings(pid, address) else {
            return Frame::default();
        };
        let Some((mapping, offset)) = process::locate(&mappings, address) else {
            return Frame::default();
        };
        let symbol = self.file(pid, &mapping.path).and_then(|file| {
            let vaddr = file.address_of_offset(offset)?;
            file.lookup(vaddr)
                .map(|(name, offset)| (demangle(name), offset))
        });
        Frame {
            symbol,
            module: Some(mapping.path.clone()),
        }
    }

    /// Mappings of `pid` read elsewhere (by the unwinder): they name its
    /// addresses from now on, and after it has gone.
    pub fn remember(&self, pid: u32, mappings: Rc<Vec<process::Mapping>>) {
        self.processes
            .borrow_mut()
            .insert(pid, (Instant::now(), Some(mappings)));
    }

    /// The mappings of `pid`, read again when `address` is outside them and
    /// they are not fresh.
    fn mappings(&self, pid: u32, address: u64) -> Option<Rc<Vec<process::Mapping>>> {
        let mut processes = self.processes.borrow_mut();
        if let Some((read, cached)) = processes.get(&pid) {
            let covered = cached
                .as_ref()
                .is_some_and(|m| process::locate(m, address).is_some());
            if covered || read.elapsed() < MAPPINGS_FRESH {
                return cached.clone();
            }
        }
        // A process that is gone keeps what was known of it.
        let known = processes.get(&pid).and_then(|(_, m)| m.clone());
        let fresh = process::mappings(pid).ok().map(Rc::new).or(known);
        processes.insert(pid, (Instant::now(), fresh.clone()));
        fresh
    }

    /// The symbols of a mapped file, read once (through the process's root
    /// when the path does not open from here).
    fn file(&self, pid: u32, path: &str) -> Option<Rc<elf::ElfSymbols>> {
        let mut files = self.files.borrow_mut();
        if let Some(cached) = files.get(path) {
            return cached.clone();
        }
        let loaded = elf::ElfSymbols::load(std::path::Path::new(path), &self.debug_dirs)
            .or_else(|_| {
                elf::ElfSymbols::load(
                    std::path::Path::new(&format!("/proc/{pid}/root{path}")),
                    &self.debug_dirs,
                )
            })
            .ok()
            .map(Rc::new);
        files.insert(path.to_string(), loaded.clone());
        loaded
    }

    /// `ksym(addr)`: the symbol's name, else the address.
    pub fn ksym(&self, address: u64) -> String {
        match self.kernel(address).symbol {
            Some((name, _)) => name,
            None => unnamed(address),
        }
    }

    /// `usym(addr)`: the symbol's name, else the address.
    pub fn usym(&self, pid: u32, address: u64) -> String {
        match self.user(pid, address).symbol {
            Some((name, _)) => name,
            None => unnamed(address),
        }
    }

    /// A stack's text as bpftrace prints it, `indent` spaces before each
    /// frame in bpftrace mode (4 in map keys, 8 elsewhere).
    pub fn stack(&self, kind: StackType, pid: u32, frames: &[u64], indent: usize) -> String {
        render_stack(kind, frames, indent, |address| {
            if kind.user {
                self.user(pid, address)
            } else {
                self.kernel(address)
            }
        })
    }
}

/// A C++ (or legacy Rust) symbol as it reads in the source, as bpftrace
/// shows user symbols (`_ZN2ns1K1fEl` is `ns::K::f(long)`); other names as
/// they are. The C++ runtime that LLVM brings along does the work.
pub fn demangle(name: &str) -> String {
    #[link(name = "stdc++")]
    unsafe extern "C" {
        fn __cxa_demangle(
            mangled: *const libc::c_char,
            buffer: *mut libc::c_char,
            length: *mut libc::size_t,
            status: *mut libc::c_int,
        ) -> *mut libc::c_char;
    }
    if !name.starts_with("_Z") {
        return name.to_string();
    }
    let Ok(mangled) = std::ffi::CString::new(name) else {
        return name.to_string();
    };
    let mut status: libc::c_int = -1;
    // SAFETY: `mangled` is NUL-terminated and outlives the call; a null
    // buffer asks for a malloc'ed result, which is copied and then freed.
    unsafe {
        let out = __cxa_demangle(
            mangled.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut status,
        );
        if out.is_null() {
            return name.to_string();
        }
        let text = std::ffi::CStr::from_ptr(out).to_string_lossy().into_owned();
        libc::free(out.cast());
        if status == 0 { text } else { name.to_string() }
    }
}

/// A stack's text: empty for no frames, else a newline and a line per frame:
/// `func+off` (bpftrace mode), `\tADDR func+off` with ` (file)` for user
/// frames (perf mode), or the bare hex address (raw mode). An address with
/// no symbol prints as `0xADDR` (and `[unknown]` for its file).
pub fn render_stack(
    kind: StackType,
    frames: &[u64],
    indent: usize,
    name: impl Fn(u64) -> Frame,
) -> String {
    if frames.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n");
    for &address in frames {
        if kind.mode == StackMode::Raw {
            out.push_str(&format!("{address:x}\n"));
            continue;
        }
        let frame = name(address);
        let symbol = match &frame.symbol {
            Some((name, offset)) => format!("{name}+{offset}"),
            None => format!("{address:#x}"),
        };
        match kind.mode {
            StackMode::Perf if kind.user => {
                let module = match (&frame.symbol, &frame.module) {
                    (Some(_), Some(module)) => module.as_str(),
                    _ => "[unknown]",
                };
                out.push_str(&format!("\t{address:x} {symbol} ({module})\n"));
            }
            StackMode::Perf => out.push_str(&format!("\t{address:x} {symbol}\n")),
            _ => {
                out.push_str(&" ".repeat(indent));
                out.push_str(&symbol);
                out.push('\n');
            }
        }
    }
    out
}

/// An address no symbol names, as bpftrace prints it (C's `%#x`: plain `0`
/// for zero).
fn unnamed(address: u64) -> String {
    if address == 0 {
        "0".to_string()
    } else {
        format!("{address:#x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(user: bool, mode: StackMode) -> StackType {
        StackType {
            user,
            mode,
            limit: 127,
            unwind: sonde_script::Unwind::FramePointers,
        }
    }

    fn names(address: u64) -> Frame {
        match address {
            0x5624_48b3_a169 => Frame {
                symbol: Some(("sonde_inner".into(), 0)),
                module: Some("/tmp/stk/stack_target".into()),
            },
            0x5624_48b3_a1a1 => Frame {
                symbol: Some(("sonde_middle".into(), 28)),
                module: Some("/tmp/stk/stack_target".into()),
            },
            _ => Frame::default(),
        }
    }

    const FRAMES: [u64; 3] = [0x5624_48b3_a169, 0x5624_48b3_a1a1, 0x7f4f_e8b1_c24a];

    // Texts as bpftrace 0.17 printed the same stacks on this machine.
    #[test]
    fn bpftrace_mode_indents_each_frame() {
        assert_eq!(
            render_stack(kind(true, StackMode::Bpftrace), &FRAMES, 4, names),
            "\n    sonde_inner+0\n    sonde_middle+28\n    0x7f4fe8b1c24a\n"
        );
        assert_eq!(
            render_stack(kind(false, StackMode::Bpftrace), &FRAMES[..1], 8, names),
            "\n        sonde_inner+0\n"
        );
    }

    #[test]
    fn perf_mode_has_addresses_and_files() {
        assert_eq!(
            render_stack(kind(true, StackMode::Perf), &FRAMES, 4, names),
            "\n\t562448b3a169 sonde_inner+0 (/tmp/stk/stack_target)\n\t562448b3a1a1 sonde_middle+28 (/tmp/stk/stack_target)\n\t7f4fe8b1c24a 0x7f4fe8b1c24a ([unknown])\n"
        );
        assert_eq!(
            render_stack(kind(false, StackMode::Perf), &FRAMES[1..2], 4, names),
            "\n\t562448b3a1a1 sonde_middle+28\n"
        );
    }

    #[test]
    fn raw_mode_and_empty_stacks() {
        assert_eq!(
            render_stack(kind(false, StackMode::Raw), &FRAMES[..2], 4, names),
            "\n562448b3a169\n562448b3a1a1\n"
        );
        assert_eq!(
            render_stack(kind(false, StackMode::Bpftrace), &[], 4, names),
            ""
        );
    }

    #[test]
    fn cpp_names_are_demangled_and_others_kept() {
        assert_eq!(demangle("_ZN2ns1K1fEl"), "ns::K::f(long)");
        assert_eq!(demangle("_Z1giPKc"), "g(int, char const*)");
        assert_eq!(demangle("sonde_inner"), "sonde_inner");
        assert_eq!(demangle("_Znot a symbol"), "_Znot a symbol");
        assert_eq!(demangle("_Z\0x"), "_Z\0x");
    }

    #[inline(never)]
    fn a_function_to_find() -> u64 {
        std::hint::black_box(7)
    }

    #[test]
    fn names_an_address_of_this_process() {
        let symbolizer = Symbolizer::default();
        let address = a_function_to_find as *const () as u64;
        assert_eq!(a_function_to_find(), 7);
        let frame = symbolizer.user(std::process::id(), address + 2);
        let (name, offset) = frame.symbol.expect("our own function has a symbol");
        assert!(name.contains("a_function_to_find"), "{name}");
        assert_eq!(offset, 2);
        assert!(
            symbolizer
                .usym(std::process::id(), address)
                .contains("a_function_to_find")
        );
        // A process that is gone: the address itself.
        assert_eq!(symbolizer.usym(5_000_000, 0x1234), "0x1234");
        assert_eq!(symbolizer.usym(std::process::id(), 0x10), "0x10");
    }
}
