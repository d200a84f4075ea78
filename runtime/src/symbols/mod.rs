//! Naming addresses in user space, as bpftrace prints them: kernel addresses
//! through `/proc/kallsyms` (read once, on first use), user addresses through
//! the process's mappings and the symbols of the mapped files (each file read
//! once). A process that is gone has no mappings left: its addresses print
//! as numbers, as in bpftrace.

mod elf;
mod kallsyms;
pub mod lines;
pub mod perf_map;
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
    /// In `srcline` mode, the functions at the address from DWARF, the
    /// inlined ones first (empty without debug information).
    pub lines: Vec<lines::SourceLine>,
    /// For user addresses in a file with a build id: that id (hex) and the
    /// address's offset in the file, as `build_id` stacks print them.
    pub build_id: Option<(Rc<str>, u64)>,
}

/// A mapped file: its path and inode (a file replaced at the path is
/// another).
type FileKey = (String, u64);

/// A process's mappings as last read (none: it was gone), when, and the
/// start time of the process they are of (ns since boot; 0: unknown).
#[derive(Clone)]
struct CachedMappings {
    read: Instant,
    mappings: Option<Rc<Vec<process::Mapping>>>,
    start_time: u64,
}

#[derive(Default)]
pub struct Symbolizer {
    kernel: OnceCell<Option<kallsyms::KernelSymbols>>,
    files: RefCell<HashMap<String, Option<Rc<elf::ElfSymbols>>>>,
    /// DWARF lines of mapped files, by path and inode.
    lines: RefCell<HashMap<FileKey, Option<Rc<lines::FileLines>>>>,
    processes: RefCell<HashMap<u32, CachedMappings>>,
    /// `/tmp/perf-PID.map` of each process, as last read, and its version.
    perf_maps: RefCell<HashMap<u32, (perf_map::Version, Rc<perf_map::PerfMap>)>>,
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
            lines: Vec::new(),
            build_id: None,
        }
    }

    /// A user address of process `pid`: its file and symbol.
    pub fn user(&self, pid: u32, address: u64) -> Frame {
        self.user_frame(pid, address, None)
    }

    /// A user address's file and symbol, and with `lines_at` the source
    /// lines at that address (in the same file: a return address's call is
    /// the byte before it).
    fn user_frame(&self, pid: u32, address: u64, lines_at: Option<u64>) -> Frame {
        let mappings = self.mappings(pid, address);
        let Some((mapping, offset)) = mappings.as_ref().and_then(|m| process::locate(m, address))
        else {
            return self.jitted(pid, address).unwrap_or_default();
        };
        let file = self.file(pid, &mapping.path);
        let vaddr = file.as_ref().and_then(|f| f.address_of_offset(offset));
        let symbol = file.as_ref().zip(vaddr).and_then(|(file, vaddr)| {
            file.lookup(vaddr)
                .map(|(name, offset)| (demangle(name), offset))
        });
        let lines = match (lines_at, vaddr) {
            (Some(at), Some(vaddr)) => self
                .lines(pid, mapping)
                .map(|l| l.lookup(vaddr.wrapping_sub(address.wrapping_sub(at))))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let build_id = file
            .as_ref()
            .and_then(|f| f.build_id_hex())
            .map(|id| (id, offset));
        Frame {
            symbol,
            module: Some(mapping.path.clone()),
            lines,
            build_id,
        }
    }

    /// Mappings of `pid` read elsewhere (by the unwinder, for the process
    /// that started at `start_time`): they name its addresses from now on,
    /// and after it has gone.
    pub fn remember(&self, pid: u32, start_time: u64, mappings: Rc<Vec<process::Mapping>>) {
        self.processes.borrow_mut().insert(
            pid,
            CachedMappings {
                read: Instant::now(),
                mappings: Some(mappings),
                start_time,
            },
        );
    }

    /// A process seen for the first time (`RECORD_PROCESS_SEEN`): its
    /// mappings are read now, so that they name its frames after it exits.
    /// Nothing is read when the pid is no longer that process's.
    pub fn capture(&self, pid: u32, start_time: u64) {
        let known = self.processes.borrow().get(&pid).cloned();
        if known
            .is_some_and(|k| k.mappings.is_some() && k.start_time == start_time && start_time != 0)
        {
            return;
        }
        if !process::is_started_at(pid, start_time) {
            return;
        }
        if let Ok(mappings) = process::mappings(pid) {
            self.remember(pid, start_time, Rc::new(mappings));
        }
    }

    /// The mappings of `pid`, read again when `address` is outside them and
    /// they are not fresh, and only while the pid is still the process they
    /// were read from: the addresses of a process that has gone are never
    /// named from a later one that took its pid.
    fn mappings(&self, pid: u32, address: u64) -> Option<Rc<Vec<process::Mapping>>> {
        let mut processes = self.processes.borrow_mut();
        let known = processes.get(&pid).cloned();
        if let Some(k) = &known {
            let covered = k
                .mappings
                .as_ref()
                .is_some_and(|m| process::locate(m, address).is_some());
            if covered || k.read.elapsed() < MAPPINGS_FRESH {
                return k.mappings.clone();
            }
        }
        let start_time = known.as_ref().map_or(0, |k| k.start_time);
        let known = known.and_then(|k| k.mappings);
        // A process that is gone (or whose pid another took) keeps what
        // was known of it.
        let fresh = if process::is_started_at(pid, start_time) {
            process::mappings(pid).ok().map(Rc::new).or(known)
        } else {
            known
        };
        processes.insert(
            pid,
            CachedMappings {
                read: Instant::now(),
                mappings: fresh.clone(),
                start_time,
            },
        );
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

    /// An address no mapped file holds, named by the process's
    /// `/tmp/perf-PID.map` (JIT-compiled code), read again when it changed.
    fn jitted(&self, pid: u32, address: u64) -> Option<Frame> {
        let path = perf_map::path(pid);
        let mut maps = self.perf_maps.borrow_mut();
        if let Some(version) = perf_map::version(&path, pid)
            && maps.get(&pid).is_none_or(|(known, _)| *known != version)
            && let Some(map) = perf_map::read(&path)
        {
            maps.insert(pid, (version, Rc::new(map)));
        }
        let (_, map) = maps.get(&pid)?;
        let (name, offset) = map.lookup(address)?;
        Some(Frame {
            symbol: Some((demangle(name), offset)),
            module: Some(path.display().to_string()),
            lines: Vec::new(),
            build_id: None,
        })
    }

    /// The DWARF lines of a mapped file, read once per path and inode
    /// (through the process's root when the path does not open from here).
    fn lines(&self, pid: u32, mapping: &process::Mapping) -> Option<Rc<lines::FileLines>> {
        let key = (mapping.path.clone(), mapping.inode);
        let mut cache = self.lines.borrow_mut();
        if let Some(cached) = cache.get(&key) {
            return cached.clone();
        }
        let path = std::path::Path::new(&mapping.path);
        let loaded = lines::FileLines::load(path, &self.debug_dirs)
            .or_else(|| {
                let inside = format!("/proc/{pid}/root{}", mapping.path);
                lines::FileLines::load(std::path::Path::new(&inside), &self.debug_dirs)
            })
            .map(Rc::new);
        cache.insert(key, loaded.clone());
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
        render_stack(kind, frames, indent, |index, address| {
            match (kind.user, kind.mode) {
                // The first frame is where the probe fired; the others are
                // return addresses, whose call is the byte before.
                (true, StackMode::Srcline) => {
                    let at = if index == 0 {
                        address
                    } else {
                        address.saturating_sub(1)
                    };
                    self.user_frame(pid, address, Some(at))
                }
                (true, _) => self.user(pid, address),
                (false, _) => self.kernel(address),
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
/// no symbol prints as `0xADDR` (and `[unknown]` for its file). Srcline
/// mode prints user frames as perf mode, each followed by a line `  FILE:LINE`
/// (`??:0` unknown) and preceded by a pair of lines for each function inlined
/// there, innermost first: `\tADDR func` and `  FILE:LINE (inlined)`, as
/// `perf script -F ip,sym,symoff,dso,srcline --inline` does. `name` is given
/// each frame's index and address.
pub fn render_stack(
    kind: StackType,
    frames: &[u64],
    indent: usize,
    name: impl Fn(usize, u64) -> Frame,
) -> String {
    if frames.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n");
    for (index, &address) in frames.iter().enumerate() {
        if kind.mode == StackMode::Raw {
            out.push_str(&format!("{address:x}\n"));
            continue;
        }
        let frame = name(index, address);
        if kind.mode == StackMode::BuildId {
            match &frame.build_id {
                Some((id, offset)) => out.push_str(&format!("{id} {offset:#x}\n")),
                None => out.push_str(&format!("{address:x}\n")),
            }
            continue;
        }
        let symbol = match &frame.symbol {
            Some((name, offset)) => format!("{name}+{offset}"),
            None => format!("{address:#x}"),
        };
        let module = match (&frame.symbol, &frame.module) {
            (Some(_), Some(module)) => module.as_str(),
            _ => "[unknown]",
        };
        match kind.mode {
            StackMode::Srcline if kind.user => {
                let (outer, inlined) = match frame.lines.split_last() {
                    Some((outer, inlined)) => (outer.location(), inlined),
                    None => ("??:0".to_string(), &[][..]),
                };
                for f in inlined {
                    let function = f.function.as_deref().unwrap_or("??");
                    out.push_str(&format!("\t{address:x} {function}\n"));
                    out.push_str(&format!("  {} (inlined)\n", f.location()));
                }
                out.push_str(&format!("\t{address:x} {symbol} ({module})\n  {outer}\n"));
            }
            StackMode::Perf | StackMode::Srcline if kind.user => {
                out.push_str(&format!("\t{address:x} {symbol} ({module})\n"));
            }
            StackMode::Perf | StackMode::Srcline => {
                out.push_str(&format!("\t{address:x} {symbol}\n"))
            }
            StackMode::Bpftrace | StackMode::Raw | StackMode::BuildId => {
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

    fn line(function: &str, file: &str, line: u32) -> lines::SourceLine {
        lines::SourceLine {
            function: Some(function.into()),
            file: Some(file.into()),
            line,
        }
    }

    fn names(_index: usize, address: u64) -> Frame {
        match address {
            0x5624_48b3_a169 => Frame {
                symbol: Some(("sonde_inner".into(), 0)),
                module: Some("/tmp/stk/stack_target".into()),
                lines: vec![line("sonde_inner", "/src/stack_target.c", 5)],
                build_id: Some(("61b2e7f6ad0b74340a71e0585c554570d07c4b31".into(), 0x1169)),
            },
            0x5624_48b3_a1a1 => Frame {
                symbol: Some(("sonde_middle".into(), 28)),
                module: Some("/tmp/stk/stack_target".into()),
                lines: vec![
                    line("sonde_helper", "/src/helper.h", 40),
                    line("sonde_middle", "/src/stack_target.c", 12),
                ],
                build_id: None,
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
    fn srcline_mode_has_lines_and_inlined_frames_as_perf_script() {
        assert_eq!(
            render_stack(kind(true, StackMode::Srcline), &FRAMES, 4, names),
            "\n\t562448b3a169 sonde_inner+0 (/tmp/stk/stack_target)\n  stack_target.c:5\n\
             \t562448b3a1a1 sonde_helper\n  helper.h:40 (inlined)\n\
             \t562448b3a1a1 sonde_middle+28 (/tmp/stk/stack_target)\n  stack_target.c:12\n\
             \t7f4fe8b1c24a 0x7f4fe8b1c24a ([unknown])\n  ??:0\n"
        );
        // Kernel frames have no lines: as in perf mode.
        assert_eq!(
            render_stack(kind(false, StackMode::Srcline), &FRAMES[1..2], 4, names),
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

    // As bpftrace 0.27.1 prints `ustack(build_id)`: no indent, the bare
    // address for a frame whose file has no build id.
    #[test]
    fn build_id_mode_has_build_ids_and_file_offsets() {
        assert_eq!(
            render_stack(kind(true, StackMode::BuildId), &FRAMES[..2], 4, names),
            "\n61b2e7f6ad0b74340a71e0585c554570d07c4b31 0x1169\n562448b3a1a1\n"
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

    #[test]
    fn addresses_outside_every_mapped_file_are_named_from_the_perf_map() {
        let pid = std::process::id();
        let path = perf_map::path(pid);
        // An address below every mapping of this process.
        std::fs::write(&path, "1000 100 JIT:sonde_test\n").expect("a perf map in /tmp");
        let symbolizer = Symbolizer::default();
        let frame = symbolizer.user(pid, 0x1010);
        let _ = std::fs::remove_file(&path);
        assert_eq!(frame.symbol, Some(("JIT:sonde_test".to_string(), 0x10)));
        assert_eq!(frame.module.as_deref(), Some(path.to_str().unwrap_or("")));
        // Kept after the file is gone; other addresses stay unnamed.
        assert_eq!(symbolizer.usym(pid, 0x1000), "JIT:sonde_test");
        assert_eq!(symbolizer.usym(pid, 0x2000), "0x2000");
    }

    /// Mappings kept of process `pid` started at `start_time`, read long
    /// enough ago to be read again when an address is outside them.
    fn kept_long_ago(symbolizer: &Symbolizer, pid: u32, start_time: u64) {
        symbolizer.processes.borrow_mut().insert(
            pid,
            CachedMappings {
                read: Instant::now() - MAPPINGS_FRESH * 2,
                mappings: Some(Rc::new(Vec::new())),
                start_time,
            },
        );
    }

    #[test]
    fn a_process_is_never_named_from_a_later_one_with_its_pid() {
        let pid = std::process::id();
        let address = a_function_to_find as *const () as u64;
        let started = process::start_time(pid).expect("we run") * process::ns_per_tick();
        let earlier = started.saturating_sub(60_000_000_000).max(1);
        // Kept of an earlier process with our pid: our mappings are not
        // taken for it.
        let symbolizer = Symbolizer::default();
        kept_long_ago(&symbolizer, pid, earlier);
        assert_eq!(symbolizer.user(pid, address), Frame::default());
        // Nor captured for it.
        symbolizer.capture(pid, earlier);
        assert_eq!(symbolizer.usym(pid, address), format!("{address:#x}"));
        // Kept of this very process: read again, named.
        let symbolizer = Symbolizer::default();
        kept_long_ago(&symbolizer, pid, started);
        assert!(symbolizer.usym(pid, address).contains("a_function_to_find"));
        // Captured at first sight: named from what was captured.
        let symbolizer = Symbolizer::default();
        symbolizer.capture(pid, started);
        assert!(
            symbolizer.processes.borrow()[&pid]
                .mappings
                .as_ref()
                .is_some_and(|m| !m.is_empty())
        );
        assert!(symbolizer.usym(pid, address).contains("a_function_to_find"));
    }

    /// The line of `a_function_to_find`'s `fn`.
    const FUNCTION_LINE: u32 = line!() + 2;
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
        // Srcline mode: the line of the function's `fn`, from this test
        // binary's DWARF.
        let srcline = kind(true, StackMode::Srcline);
        let text = symbolizer.stack(srcline, std::process::id(), &[address], 4);
        assert!(
            text.contains(&format!("  mod.rs:{}\n", FUNCTION_LINE)),
            "{text}"
        );
        // A process that is gone: the address itself.
        assert_eq!(symbolizer.usym(5_000_000, 0x1234), "0x1234");
        assert_eq!(symbolizer.usym(std::process::id(), 0x10), "0x10");
    }
}
