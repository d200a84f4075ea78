//! A process's file mappings (`/proc/PID/maps`) as text: which file, at
//! which file offset, an address of the process is in. Both sides read it:
//! the compiler for the files a `usdt` probe without a binary searches
//! under `-p`, the runtime to name user addresses.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub start: u64,
    pub end: u64,
    /// File offset of `start`.
    pub offset: u64,
    pub path: String,
    /// The file's inode: with the path, which file it is (a file replaced
    /// at the same path has another).
    pub inode: u64,
    /// The mapping is executable.
    pub executable: bool,
    /// The file was deleted (or replaced) after it was mapped: what is at
    /// `path` now is another file.
    pub deleted: bool,
}

/// Lines of `START-END PERMS OFFSET DEV INODE [PATH]`; mappings without a
/// file (heap, stack, `[vdso]`) are left out.
pub fn parse(text: &str) -> Vec<Mapping> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(6, ' ');
            let (range, perms, offset, _dev, inode) = (
                parts.next()?,
                parts.next()?,
                parts.next()?,
                parts.next()?,
                parts.next()?,
            );
            let path = parts.next()?.trim_start();
            let (path, deleted) = match path.strip_suffix(" (deleted)") {
                Some(path) => (path, true),
                None => (path, false),
            };
            if !path.starts_with('/') {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            Some(Mapping {
                start: u64::from_str_radix(start, 16).ok()?,
                end: u64::from_str_radix(end, 16).ok()?,
                offset: u64::from_str_radix(offset, 16).ok()?,
                path: path.to_string(),
                inode: inode.parse().ok()?,
                executable: perms.as_bytes().get(2) == Some(&b'x'),
                deleted,
            })
        })
        .collect()
}

/// The mapping holding `address` and the file offset it is at.
pub fn locate(mappings: &[Mapping], address: u64) -> Option<(&Mapping, u64)> {
    mappings
        .iter()
        .find(|m| address >= m.start && address < m.end)
        .map(|m| (m, m.offset.wrapping_add(address - m.start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPS: &str = "\
55b7405be000-55b7405bf000 r--p 00000000 08:01 1843399                    /tmp/stk/stack_target
55b7405bf000-55b7405c0000 r-xp 00001000 08:01 1843399                    /tmp/stk/stack_target
55b7419e3000-55b741a04000 rw-p 00000000 00:00 0                          [heap]
7feaa1b33000-7feaa1b59000 r--p 00000000 08:01 1050128                    /usr/lib/x86_64-linux-gnu/libc.so.6
7feaa1b59000-7feaa1cae000 r-xp 00026000 08:01 1050128                    /usr/lib/x86_64-linux-gnu/libc.so.6
7feaa1d00000-7feaa1d01000 r-xp 00000000 08:01 77                         /tmp/old binary (deleted)
7ffd5a5f0000-7ffd5a5f2000 r-xp 00000000 00:00 0                          [vdso]
";

    #[test]
    fn file_mappings_only_with_their_offsets() {
        let m = parse(MAPS);
        assert_eq!(m.len(), 5);
        assert_eq!(m[1].start, 0x55b7_405b_f000);
        assert_eq!(m[1].offset, 0x1000);
        assert_eq!(m[4].path, "/tmp/old binary");
        assert!(m[4].deleted && !m[3].deleted);
        assert_eq!(m[3].inode, 1_050_128);
        assert!(m[1].executable && !m[0].executable);
    }

    #[test]
    fn an_address_is_a_file_offset_in_one_mapping() {
        let m = parse(MAPS);
        let (hit, offset) = locate(&m, 0x55b7_405b_f169).expect("in the text mapping");
        assert_eq!(hit.path, "/tmp/stk/stack_target");
        assert_eq!(offset, 0x1169);
        let (hit, offset) = locate(&m, 0x7fea_a1b5_a24a).expect("in libc");
        assert!(hit.path.ends_with("libc.so.6"));
        assert_eq!(offset, 0x2724a);
        assert_eq!(locate(&m, 0x55b7_419e_3010), None, "the heap has no file");
        assert_eq!(locate(&m, 0x10), None);
    }
}
