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
        if !sonde_script::glob::glob_match(filter, &name) {
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
/// (`/` for the root itself); empty when there is none. Each hierarchy's
/// directories are indexed by inode, and the index is built again when an
/// id is missing from it (at most every 100 ms: printing many ids that no
/// hierarchy has must not walk the trees for each).
fn path_in(id: u64, root: &Path) -> String {
    static INDEXES: OnceLock<Mutex<HashMap<PathBuf, Index>>> = OnceLock::new();
    let indexes = INDEXES.get_or_init(|| Mutex::new(HashMap::new()));
    let Ok(mut indexes) = indexes.lock() else {
        return String::new();
    };
    let index = indexes
        .entry(root.to_path_buf())
        .or_insert_with(|| Index::build(root));
    let found = match index.find(id) {
        Some(dir) => Some(dir),
        None if index.built.elapsed() >= REBUILD_AFTER => {
            *index = Index::build(root);
            index.find(id)
        }
        None => None,
    };
    match found.as_deref().map(|dir| dir.strip_prefix(root)) {
        Some(Ok(rest)) if rest.as_os_str().is_empty() => "/".to_string(),
        Some(Ok(rest)) => format!("/{}", rest.display()),
        _ => String::new(),
    }
}

const REBUILD_AFTER: std::time::Duration = std::time::Duration::from_millis(100);

/// The directories of one hierarchy by inode, as they were at `built`.
struct Index {
    built: std::time::Instant,
    dirs: HashMap<u64, PathBuf>,
}

impl Index {
    fn build(root: &Path) -> Index {
        let mut dirs = HashMap::new();
        let mut pending = vec![root.to_path_buf()];
        while let Some(dir) = pending.pop() {
            if let Some(ino) = inode(&dir) {
                dirs.insert(ino, dir.clone());
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
        Index {
            built: std::time::Instant::now(),
            dirs,
        }
    }

    /// The directory of inode `id`, if it is still there.
    fn find(&self, id: u64) -> Option<PathBuf> {
        self.dirs
            .get(&id)
            .filter(|dir| inode(dir) == Some(id))
            .cloned()
    }
}

fn inode(path: &Path) -> Option<u64> {
    std::fs::symlink_metadata(path).ok().map(|m| m.ino())
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
        // A directory made after the index is found once the index is old.
        let later = root.join("c");
        std::fs::create_dir(&later).expect("temp dir");
        std::thread::sleep(REBUILD_AFTER);
        assert_eq!(path_in(inode(&later).expect("inode"), &root), "/c");
        std::fs::remove_dir_all(&root).expect("cleanup");
    }
}
