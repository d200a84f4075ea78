//! `cgroup_path(id)`: a cgroup id named in user space, when it is printed,
//! as bpftrace names it: `HIERARCHY:PATH` for each mounted hierarchy whose
//! name matches the filter (cgroup v2 is `unified`, a v1 hierarchy the name
//! of its mount directory), v2 first, then v1 by name, joined by commas. A
//! cgroup's id is its directory's inode number.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The paths of cgroup `id` in the hierarchies whose names match `filter`.
pub fn cgroup_path(id: u64, filter: &str) -> String {
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let mut v2 = Vec::new();
    let mut v1 = Vec::new();
    for (fstype, root) in cgroup_mounts(&mounts) {
        let name = if fstype == "cgroup2" {
            "unified".to_string()
        } else {
            root.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        if !sonde_compiler::probes::glob_match(filter, &name) {
            continue;
        }
        let path = path_in(id, &root);
        if !path.is_empty() {
            if fstype == "cgroup2" {
                v2.push(format!("{name}:{path}"));
            } else {
                v1.push((name, path));
            }
        }
    }
    v1.sort();
    v2.extend(v1.into_iter().map(|(name, path)| format!("{name}:{path}")));
    v2.join(",")
}

/// (filesystem type, mount point) of the cgroup and cgroup2 mounts.
fn cgroup_mounts(mounts: &str) -> Vec<(String, PathBuf)> {
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (_, point, fstype) = (fields.next()?, fields.next()?, fields.next()?);
            matches!(fstype, "cgroup" | "cgroup2")
                .then(|| (fstype.to_string(), PathBuf::from(unescape(point))))
        })
        .collect()
}

/// /proc/mounts writes space, tab, newline and backslash as `\ooo`.
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|b| (b'0'..=b'7').contains(b)))
            .and_then(|d| u8::from_str_radix(std::str::from_utf8(d).ok()?, 8).ok());
        match (bytes[i], octal) {
            (b'\\', Some(b)) => {
                out.push(b);
                i += 4;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path of the directory with inode `id` under `root`, from the root
/// (`/` for the root itself); empty when there is none. Found paths are
/// remembered and checked again before they are reused.
fn path_in(id: u64, root: &Path) -> String {
    static FOUND: OnceLock<Mutex<HashMap<(u64, PathBuf), PathBuf>>> = OnceLock::new();
    let found = FOUND.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (id, root.to_path_buf());
    let cached = found.lock().ok().and_then(|m| m.get(&key).cloned());
    let dir = match cached.filter(|dir| inode(dir) == Some(id)) {
        Some(dir) => dir,
        None => match find(id, root) {
            Some(dir) => {
                if let Ok(mut m) = found.lock() {
                    m.insert(key, dir.clone());
                }
                dir
            }
            None => return String::new(),
        },
    };
    match dir.strip_prefix(root) {
        Ok(rest) if rest.as_os_str().is_empty() => "/".to_string(),
        Ok(rest) => format!("/{}", rest.display()),
        Err(_) => String::new(),
    }
}

fn inode(path: &Path) -> Option<u64> {
    std::fs::symlink_metadata(path).ok().map(|m| m.ino())
}

/// Depth-first search of the directories under `root` for inode `id`.
fn find(id: u64, root: &Path) -> Option<PathBuf> {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        if inode(&dir) == Some(id) {
            return Some(dir);
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(entry.path());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_are_read_with_their_escapes() {
        let mounts = "cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n\
                      proc /proc proc rw 0 0\n\
                      cgroup /sys/fs/cgroup/cpu\\054cpuacct cgroup rw,cpu 0 0\n\
                      cgroup /mnt/with\\040space cgroup rw 0 0\n";
        let found = cgroup_mounts(mounts);
        assert_eq!(
            found,
            vec![
                ("cgroup2".to_string(), PathBuf::from("/sys/fs/cgroup")),
                (
                    "cgroup".to_string(),
                    PathBuf::from("/sys/fs/cgroup/cpu,cpuacct")
                ),
                ("cgroup".to_string(), PathBuf::from("/mnt/with space")),
            ]
        );
    }

    #[test]
    fn a_directory_is_found_by_its_inode() {
        let root = std::env::temp_dir().join(format!("sonde-cgroups-{}", std::process::id()));
        let deep = root.join("a").join("b");
        std::fs::create_dir_all(&deep).expect("temp dirs");
        let id = inode(&deep).expect("inode");
        assert_eq!(path_in(id, &root), "/a/b");
        assert_eq!(path_in(inode(&root).expect("inode"), &root), "/");
        assert_eq!(path_in(u64::MAX, &root), "");
        std::fs::remove_dir_all(&root).expect("cleanup");
    }
}
