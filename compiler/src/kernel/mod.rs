//! Kernel knowledge the compiler needs (tracepoint lists and formats), behind a
//! trait: `LiveKernel` reads tracefs, `FixtureKernel` serves tests without a kernel.

pub mod btf;
pub mod btf_c;
pub mod constants;
pub mod dwarf;
pub mod elf;
pub mod format;
pub mod regs;
#[cfg(test)]
mod test_btf;
#[cfg(test)]
pub(crate) mod test_elf;
pub mod tracefs;

/// The system call table lives with the contract: the runtime names numbers too.
pub use sonde_script::syscalls;

pub use elf::{ElfFunction, ElfSymbol, UaddrSymbol, UsdtNote};

pub use format::{FieldKind, TracepointField, TracepointFormat};

use std::collections::BTreeMap;

pub trait Kernel {
    /// All tracepoints as (category, name), sorted.
    fn tracepoints(&self) -> Result<Vec<(String, String)>, String>;
    /// The parsed format file of one tracepoint; `Ok(None)` if it does not exist.
    fn tracepoint_format(
        &self,
        category: &str,
        name: &str,
    ) -> Result<Option<TracepointFormat>, String>;
    /// How many CPUs per-CPU maps have a slot for.
    fn possible_cpus(&self) -> Result<u32, String>;
    /// The kernel's traceable functions (what kprobe wildcards expand
    /// over), sorted.
    fn kernel_functions(&self, module: Option<&str>) -> Result<Vec<String>, String>;
    /// The arguments of `functions` of the binary at `path`, from its DWARF
    /// or its separate debug file's (see `dwarf::functions_args`).
    fn uprobe_args(
        &self,
        path: &std::path::Path,
        functions: &[&str],
    ) -> Result<std::collections::HashMap<String, TracepointFormat>, String> {
        dwarf::functions_args(path, functions, &[])
    }
    /// The kernel's text symbols (`/proc/kallsyms`), sorted: a kprobe may
    /// name one the traceable list leaves out, as kprobes attach to any.
    fn kernel_text_symbols(&self, module: Option<&str>) -> Result<Vec<String>, String> {
        self.kernel_functions(module)
    }
    /// Sonde's own pid namespace, as (device, inode) of `/proc/self/ns/pid`,
    /// when it is not the initial one (Sonde runs in a container).
    fn pid_namespace(&self) -> Option<(u64, u64)> {
        use std::os::unix::fs::MetadataExt;
        // PROC_PID_INIT_INO: the initial pid namespace's inode number.
        const INITIAL: u64 = 0xEFFF_FFFC;
        let meta = std::fs::metadata("/proc/self/ns/pid").ok()?;
        (meta.ino() != INITIAL).then(|| (meta.dev(), meta.ino()))
    }
    /// The id of the cgroup v2 directory at `path` (its inode number).
    fn cgroup_id(&self, path: &str) -> Result<u64, String> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        if !meta.is_dir() {
            return Err(format!("{path} is not a cgroup directory"));
        }
        Ok(meta.ino())
    }
    /// Function symbols of a binary or library (uprobe targets).
    fn elf_functions(&self, path: &std::path::Path) -> Result<Vec<ElfFunction>, String> {
        elf::functions(path)
    }
    /// The file offset of a virtual address in a binary.
    fn elf_file_offset(&self, path: &std::path::Path, address: u64) -> Result<Option<u64>, String> {
        elf::file_offset(path, address)
    }
    /// The kernel's types (BTF), read on first use.
    fn kernel_types(&self) -> Result<&btf::KernelTypes, String> {
        Err("kernel types (BTF) are not available here".into())
    }
    /// The USDT probes a binary declares.
    fn usdt_notes(&self, path: &std::path::Path) -> Result<Vec<UsdtNote>, String> {
        elf::usdt_notes(path)
    }
    /// A function or data symbol of a binary, for `uaddr`.
    fn elf_symbol(
        &self,
        path: &std::path::Path,
        name: &str,
    ) -> Result<Option<UaddrSymbol>, String> {
        elf::symbol(path, name)
    }
    /// The virtual address of a file offset in a binary.
    fn elf_address_of_offset(
        &self,
        path: &std::path::Path,
        offset: u64,
    ) -> Result<Option<u64>, String> {
        elf::address_of_offset(path, offset)
    }
    /// The address of a kernel symbol (`/proc/kallsyms`), for `kaddr`.
    fn kernel_symbol_address(&self, name: &str) -> Result<Option<u64>, String> {
        let _ = name;
        Err("kernel symbols are not available here".into())
    }
    /// The most frames the kernel records in a stack
    /// (`kernel.perf_event_max_stack`), when known.
    fn max_stack_frames(&self) -> Option<u32> {
        None
    }
}

/// Parses a CPU list such as `0-3,8-11` or `0` and returns how many it names.
pub fn count_cpu_list(text: &str) -> Option<u32> {
    let mut count = 0u32;
    for part in text.trim().split(',').filter(|p| !p.is_empty()) {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?),
            None => {
                let v = part.parse::<u32>().ok()?;
                (v, v)
            }
        };
        count = count.checked_add(hi.checked_sub(lo)?.checked_add(1)?)?;
    }
    (count > 0).then_some(count)
}

/// The running kernel, through tracefs (mounted on first use when needed).
#[derive(Debug, Default)]
pub struct LiveKernel {
    /// `--traceable-functions FILE`: the functions kprobes may name, one per
    /// line (`NAME` or `NAME [MODULE]`, as `available_filter_functions`),
    /// instead of the kernel's own list.
    pub traceable_functions: Option<std::path::PathBuf>,
    /// `--debuginfo DIR[:DIR]`: where separate debug files are looked for
    /// first (then `/usr/lib/debug`).
    pub debuginfo_dirs: Vec<std::path::PathBuf>,
}

/// The functions of an `available_filter_functions` list (`NAME` or `NAME
/// [MODULE]` per line; the kernel's own are `vmlinux`'s), sorted, each once.
pub fn traceable_functions(text: &str, module: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let name = parts.next()?;
            let owner = parts
                .next()
                .map_or("vmlinux", |m| m.trim_matches(['[', ']']));
            module.is_none_or(|m| m == owner).then(|| name.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `/proc/kallsyms`, read once per process on first use (by `kaddr`).
static LIVE_KALLSYMS: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();

/// The address of the first symbol called `name` in kallsyms text (lines of
/// `ADDRESS TYPE NAME[\t[MODULE]]`), found by searching for the name rather
/// than splitting 100 000 lines.
pub fn kallsyms_address(text: &str, name: &str) -> Option<u64> {
    if name.is_empty() {
        return None;
    }
    text.match_indices(name).find_map(|(at, _)| {
        let before = text[..at].chars().next_back()?;
        let after = text[at + name.len()..].chars().next();
        if before != ' ' || !matches!(after, None | Some('\n' | '\t')) {
            return None;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let address = text[line_start..at].split(' ').next()?;
        u64::from_str_radix(address, 16).ok()
    })
}

/// The running kernel's types, read once per process on first use.
static LIVE_TYPES: std::sync::OnceLock<Result<btf::KernelTypes, String>> =
    std::sync::OnceLock::new();

impl Kernel for LiveKernel {
    fn kernel_types(&self) -> Result<&btf::KernelTypes, String> {
        LIVE_TYPES
            .get_or_init(btf::KernelTypes::load)
            .as_ref()
            .map_err(Clone::clone)
    }
    fn kernel_functions(&self, module: Option<&str>) -> Result<Vec<String>, String> {
        // The traceable functions, as bpftrace expands kprobes over them:
        // the file given, else tracefs's list when this kernel fills it,
        // else every text symbol of kallsyms.
        let listed = match &self.traceable_functions {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
            ),
            None => tracefs::root()
                .ok()
                .and_then(|root| {
                    std::fs::read_to_string(root.join("available_filter_functions")).ok()
                })
                .filter(|text| !text.trim().is_empty()),
        };
        if let Some(text) = listed {
            return Ok(traceable_functions(&text, module));
        }
        self.kernel_text_symbols(module)
    }

    fn uprobe_args(
        &self,
        path: &std::path::Path,
        functions: &[&str],
    ) -> Result<std::collections::HashMap<String, TracepointFormat>, String> {
        dwarf::functions_args(path, functions, &self.debuginfo_dirs)
    }

    fn kernel_text_symbols(&self, module: Option<&str>) -> Result<Vec<String>, String> {
        let text = std::fs::read_to_string("/proc/kallsyms")
            .map_err(|e| format!("cannot read /proc/kallsyms: {e}"))?;
        let mut names: Vec<String> = text
            .lines()
            .filter_map(|l| {
                let mut parts = l.split_whitespace();
                let (_, kind, name) = (parts.next()?, parts.next()?, parts.next()?);
                // Module symbols end with `[module]`; the kernel's own have none.
                let owner = parts
                    .next()
                    .map_or("vmlinux", |m| m.trim_matches(['[', ']']));
                (matches!(kind, "t" | "T") && module.is_none_or(|m| m == owner))
                    .then(|| name.to_string())
            })
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn kernel_symbol_address(&self, name: &str) -> Result<Option<u64>, String> {
        let text = LIVE_KALLSYMS
            .get_or_init(|| {
                std::fs::read_to_string("/proc/kallsyms")
                    .map_err(|e| format!("cannot read /proc/kallsyms: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone)?;
        Ok(kallsyms_address(text, name))
    }

    fn max_stack_frames(&self) -> Option<u32> {
        std::fs::read_to_string("/proc/sys/kernel/perf_event_max_stack")
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    fn possible_cpus(&self) -> Result<u32, String> {
        let path = "/sys/devices/system/cpu/possible";
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        count_cpu_list(&text).ok_or_else(|| format!("cannot parse {path}: {text:?}"))
    }

    fn tracepoints(&self) -> Result<Vec<(String, String)>, String> {
        let root = tracefs::root()?;
        let path = root.join("available_events");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut list: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(c, n)| (c.to_string(), n.to_string()))
            .collect();
        list.sort();
        list.dedup();
        Ok(list)
    }

    fn tracepoint_format(
        &self,
        category: &str,
        name: &str,
    ) -> Result<Option<TracepointFormat>, String> {
        // Names come from the script: never let them walk out of events/.
        let safe = |s: &str| !s.is_empty() && !s.contains('/') && s != "." && s != "..";
        if !safe(category) || !safe(name) {
            return Ok(None);
        }
        let path = tracefs::root()?
            .join("events")
            .join(category)
            .join(name)
            .join("format");
        match std::fs::read_to_string(&path) {
            Ok(text) => format::parse(&text)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }
}

/// Tracepoints given as format-file texts, for tests.
#[derive(Debug, Default)]
pub struct FixtureKernel {
    formats: BTreeMap<(String, String), String>,
    /// Kernel types, when a test gives a BTF file (none by default, so that
    /// golden outputs do not depend on the machine).
    types: Option<btf::KernelTypes>,
}

impl FixtureKernel {
    pub fn new() -> Self {
        Self::default()
    }

    /// The kernel types of a BTF file (e.g. /sys/kernel/btf/vmlinux), for
    /// tests and fuzzing of kernel-type code; unreadable files give none.
    pub fn with_kernel_types(mut self, path: &str) -> Self {
        self.types = btf::KernelTypes::from_file(path).ok();
        self
    }

    pub fn with_tracepoint(mut self, category: &str, name: &str, format_text: &str) -> Self {
        self.formats.insert(
            (category.to_string(), name.to_string()),
            format_text.to_string(),
        );
        self
    }

    /// A few real formats from Linux 6.18, enough for the compiler's tests and
    /// the compile-only cases (`tests/diagnostics.rs`, `sonde --fixture-kernel`).
    pub fn standard() -> Self {
        Self::new()
            .with_tracepoint(
                "syscalls",
                "sys_enter_openat",
                format::fixtures::SYS_ENTER_OPENAT,
            )
            .with_tracepoint(
                "syscalls",
                "sys_enter_sync",
                format::fixtures::SYS_ENTER_SYNC,
            )
            .with_tracepoint("syscalls", "sys_exit_read", format::fixtures::SYS_EXIT_READ)
            .with_tracepoint("sched", "sched_switch", format::fixtures::SCHED_SWITCH)
            .with_tracepoint(
                "sched",
                "sched_process_exec",
                format::fixtures::SCHED_PROCESS_EXEC,
            )
            .with_tracepoint(
                "syscalls",
                "sys_enter_execve",
                format::fixtures::SYS_ENTER_EXECVE,
            )
            .with_tracepoint(
                "raw_syscalls",
                "sys_enter",
                format::fixtures::RAW_SYSCALLS_SYS_ENTER,
            )
    }
}

impl Kernel for FixtureKernel {
    fn kernel_types(&self) -> Result<&btf::KernelTypes, String> {
        self.types
            .as_ref()
            .ok_or_else(|| "kernel types (BTF) are not available here".to_string())
    }
    fn kernel_functions(&self, module: Option<&str>) -> Result<Vec<String>, String> {
        if module.is_some_and(|m| m != "vmlinux") {
            return Ok(Vec::new());
        }
        Ok(
            ["__x64_sys_sync", "do_sys_openat2", "vfs_read", "vfs_write"]
                .map(String::from)
                .to_vec(),
        )
    }

    fn possible_cpus(&self) -> Result<u32, String> {
        Ok(2)
    }

    fn pid_namespace(&self) -> Option<(u64, u64)> {
        None
    }

    fn kernel_symbol_address(&self, name: &str) -> Result<Option<u64>, String> {
        // Addresses from a Linux 6.18 /proc/kallsyms.
        Ok(match name {
            "vfs_read" => Some(0xffff_ffff_816b_89f0),
            "ksys_sync" => Some(0xffff_ffff_8170_fb50),
            _ => None,
        })
    }

    fn max_stack_frames(&self) -> Option<u32> {
        Some(127)
    }

    fn tracepoints(&self) -> Result<Vec<(String, String)>, String> {
        Ok(self.formats.keys().cloned().collect())
    }

    fn tracepoint_format(
        &self,
        category: &str,
        name: &str,
    ) -> Result<Option<TracepointFormat>, String> {
        match self.formats.get(&(category.to_string(), name.to_string())) {
            Some(text) => format::parse(text).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::count_cpu_list;

    #[test]
    fn traceable_functions_by_module() {
        let text = "vfs_read\nvfs_write\nvfs_read\nmod_fn [mymod]\n";
        assert_eq!(
            super::traceable_functions(text, None),
            ["mod_fn", "vfs_read", "vfs_write"]
        );
        assert_eq!(
            super::traceable_functions(text, Some("vmlinux")),
            ["vfs_read", "vfs_write"]
        );
        assert_eq!(super::traceable_functions(text, Some("mymod")), ["mod_fn"]);
    }

    #[test]
    fn kallsyms_addresses_by_whole_name() {
        let text = "ffffffff8170fb40 t __pfx_ksys_sync\nffffffff8170fb50 T ksys_sync\nffffffffc0001000 t sync_mod\t[mod]\nffffffff816b89f0 T vfs_read";
        assert_eq!(
            super::kallsyms_address(text, "ksys_sync"),
            Some(0xffff_ffff_8170_fb50)
        );
        assert_eq!(
            super::kallsyms_address(text, "sync_mod"),
            Some(0xffff_ffff_c000_1000)
        );
        assert_eq!(
            super::kallsyms_address(text, "vfs_read"),
            Some(0xffff_ffff_816b_89f0)
        );
        assert_eq!(super::kallsyms_address(text, "sync"), None);
        assert_eq!(super::kallsyms_address(text, "vfs_rea"), None);
        assert_eq!(super::kallsyms_address(text, ""), None);
    }

    #[test]
    fn cpu_lists() {
        assert_eq!(count_cpu_list("0-1\n"), Some(2));
        assert_eq!(count_cpu_list("0"), Some(1));
        assert_eq!(count_cpu_list("0-3,8-11"), Some(8));
        assert_eq!(count_cpu_list(""), None);
        assert_eq!(count_cpu_list("3-1"), None);
    }
}
