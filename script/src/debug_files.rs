//! Where a binary's separate debug file is (a distribution ships DWARF and
//! full symbol tables apart, in `-dbgsym` packages), for the compiler (a
//! uprobe's arguments) and the runtime (naming user addresses) alike: by the
//! binary's build id under each debug directory's `.build-id/`, else by its
//! `.gnu_debuglink` name next to it, in its `.debug/`, or under each debug
//! directory, as GDB looks. The directories are `--debuginfo`'s, then
//! `/usr/lib/debug`.

use std::path::{Path, PathBuf};

/// The system's debug directory.
pub const SYSTEM_DEBUG_DIR: &str = "/usr/lib/debug";

/// The debug file of the binary at `path`, whose build id and debuglink
/// name (either may be missing) are given, searched in `dirs` and then the
/// system's directory. The binary itself is never its own debug file.
pub fn find(
    path: &Path,
    build_id: Option<&[u8]>,
    debuglink: Option<&str>,
    dirs: &[PathBuf],
) -> Option<PathBuf> {
    let roots: Vec<&Path> = dirs
        .iter()
        .map(PathBuf::as_path)
        .chain([Path::new(SYSTEM_DEBUG_DIR)])
        .collect();
    if let Some([first, rest @ ..]) = build_id
        && !rest.is_empty()
    {
        let hex: String = rest.iter().map(|b| format!("{b:02x}")).collect();
        let relative = Path::new(".build-id")
            .join(format!("{first:02x}"))
            .join(format!("{hex}.debug"));
        if let Some(found) = roots
            .iter()
            .map(|r| r.join(&relative))
            .find(|p| p.is_file())
        {
            return Some(found);
        }
    }
    // A debuglink is a file name (GDB's rule): one with a directory in it
    // (`../../etc/shadow`, `/dev/sda`) is not followed out of the
    // directories searched.
    let name = Path::new(debuglink?);
    if name.file_name() != Some(name.as_os_str()) {
        return None;
    }
    let dir = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or_else(|| path.parent().map(Path::to_path_buf))?;
    let under = dir.strip_prefix("/").unwrap_or(&dir);
    [dir.join(name), dir.join(".debug").join(name)]
        .into_iter()
        .chain(roots.iter().map(|r| r.join(under).join(name)))
        .find(|p| p.is_file() && p.as_path() != path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_build_id_in_a_given_directory_first() {
        let dir = std::env::temp_dir().join(format!("sonde-debug-files-{}", std::process::id()));
        let file = dir.join(".build-id/ab/cdef.debug");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, b"x").unwrap();
        let found = find(
            Path::new("/bin/true"),
            Some(&[0xab, 0xcd, 0xef]),
            None,
            std::slice::from_ref(&dir),
        );
        assert_eq!(found, Some(file));
        assert_eq!(
            find(Path::new("/bin/true"), Some(&[0xab, 0xcd, 0xef]), None, &[]),
            None
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn by_debuglink_next_to_the_binary() {
        let dir = std::env::temp_dir().join(format!("sonde-debuglink-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".debug")).unwrap();
        let binary = dir.join("prog");
        std::fs::write(&binary, b"elf").unwrap();
        std::fs::write(dir.join(".debug/prog.debug"), b"dwarf").unwrap();
        assert_eq!(
            find(&binary, None, Some("prog.debug"), &[]),
            Some(dir.join(".debug/prog.debug"))
        );
        // The binary is never its own debug file.
        assert_eq!(find(&binary, None, Some("prog"), &[]), None);
        // A name with a directory in it is not followed anywhere.
        let elsewhere = dir.join("elsewhere.debug");
        std::fs::write(&elsewhere, b"dwarf").unwrap();
        let dir_name = dir.file_name().unwrap().to_str().unwrap();
        for link in [
            ".debug/prog.debug".to_string(),
            elsewhere.display().to_string(),
            format!("../{dir_name}/elsewhere.debug"),
        ] {
            assert_eq!(find(&binary, None, Some(&link), &[]), None, "{link}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
