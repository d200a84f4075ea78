//! Names of JIT-compiled code from `/tmp/perf-PID.map`, the file that node
//! (`--perf-basic-prof`), Java's perf-map-agent, LuaJIT and others write for
//! perf: a line `START SIZE NAME` per function, START and SIZE in hex
//! (with or without `0x`), NAME the rest of the line. It names the addresses
//! no mapped file holds. The file is read again when it has changed (a JIT
//! appends as it compiles), and kept after the process (and the file) are
//! gone.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// A perf map larger than this is not read (a JIT's holds a line per
/// compiled function; this bounds what a file in /tmp can make us hold).
const MAX_BYTES: u64 = 256 << 20;

/// The functions of one perf map, sorted by start.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PerfMap {
    functions: Vec<(u64, u64, String)>,
}

impl PerfMap {
    /// The lines of a perf map's text; lines that do not parse are skipped.
    pub fn parse(text: &str) -> PerfMap {
        let hex = |s: &str| {
            let s = s.strip_prefix("0x").unwrap_or(s);
            u64::from_str_radix(s, 16).ok()
        };
        let mut functions: Vec<(u64, u64, String)> = text
            .lines()
            .filter_map(|line| {
                let mut parts = line.trim_start().splitn(3, ' ');
                let start = hex(parts.next()?)?;
                let size = hex(parts.next()?)?;
                let name = parts.next()?.trim();
                (!name.is_empty() && size > 0).then(|| (start, size, name.to_string()))
            })
            .collect();
        // A JIT that recompiles a function writes a later line for the same
        // start: the later wins (a stable sort keeps the file's order).
        functions.sort_by_key(|(start, _, _)| *start);
        let mut kept: Vec<(u64, u64, String)> = Vec::with_capacity(functions.len());
        for f in functions {
            match kept.last_mut() {
                Some(last) if last.0 == f.0 => *last = f,
                _ => kept.push(f),
            }
        }
        PerfMap { functions: kept }
    }

    /// The function holding `address` and the offset into it.
    pub fn lookup(&self, address: u64) -> Option<(&str, u64)> {
        let i = self
            .functions
            .partition_point(|(start, _, _)| *start <= address);
        let (start, size, name) = self.functions.get(i.checked_sub(1)?)?;
        (address - start < *size).then_some((name.as_str(), address - start))
    }
}

/// Where process `pid`'s perf map is.
pub fn path(pid: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/perf-{pid}.map"))
}

/// What identifies a version of the file: its modification time and size.
pub type Version = (i64, i64, u64);

/// The version of the perf map at `path` when it is one to trust: a regular
/// file (not a link), owned by root or by the owner of process `pid` (a
/// file in /tmp anyone may create must not name another user's process).
pub fn version(path: &Path, pid: u32) -> Option<Version> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let owner = std::fs::metadata(format!("/proc/{pid}")).ok()?.uid();
    if meta.uid() != 0 && meta.uid() != owner {
        return None;
    }
    Some((meta.mtime(), meta.mtime_nsec(), meta.len()))
}

/// The perf map at `path`, read.
pub fn read(path: &Path) -> Option<PerfMap> {
    std::fs::read_to_string(path)
        .ok()
        .map(|text| PerfMap::parse(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lines_as_perf_does_and_finds_the_function_holding_an_address() {
        let map = PerfMap::parse(
            "7f1c2a001000 40 LazyCompile:~hello /app/index.js:1\n\
             0x7f1c2a001100 0x20 Builtin:ArgumentsAdaptorTrampoline\n\
             not a line\n\
             7f1c2a002000 zz bad size\n\
             7f1c2a003000 10\n\
             7f1c2a004000 0 empty\n",
        );
        assert_eq!(
            map.lookup(0x7f1c_2a00_1000),
            Some(("LazyCompile:~hello /app/index.js:1", 0))
        );
        assert_eq!(
            map.lookup(0x7f1c_2a00_103f),
            Some(("LazyCompile:~hello /app/index.js:1", 0x3f))
        );
        assert_eq!(map.lookup(0x7f1c_2a00_1040), None, "past its end");
        assert_eq!(
            map.lookup(0x7f1c_2a00_1110),
            Some(("Builtin:ArgumentsAdaptorTrampoline", 0x10))
        );
        assert_eq!(map.lookup(0x7f1c_2a00_3000), None, "a line without a name");
        assert_eq!(
            map.lookup(0x7f1c_2a00_4000),
            None,
            "a zero size holds nothing"
        );
        assert_eq!(map.lookup(0x10), None);
        assert_eq!(map.lookup(u64::MAX), None);
    }

    #[test]
    fn a_later_line_for_the_same_start_wins() {
        let map = PerfMap::parse("1000 10 old\n1000 20 new\n");
        assert_eq!(map.lookup(0x1018), Some(("new", 0x18)));
    }

    #[test]
    fn only_regular_files_of_the_process_owner_or_root_are_read() {
        let dir = std::env::temp_dir().join(format!("sonde-perf-map-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let file = dir.join("perf-test.map");
        std::fs::write(&file, "1000 10 jitted\n").expect("a perf map");
        let pid = std::process::id();
        // Written by us, for our own process.
        assert!(version(&file, pid).is_some());
        assert_eq!(
            read(&file).and_then(|m| m.lookup(0x1004).map(|(n, o)| (n.to_string(), o))),
            Some(("jitted".to_string(), 4))
        );
        let link = dir.join("perf-link.map");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&file, &link).expect("a symlink");
        assert_eq!(version(&link, pid), None, "a link is not followed");
        assert_eq!(version(&dir, pid), None, "a directory");
        assert_eq!(version(&file, 5_000_000), None, "no such process");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
