//! Small ELF files built in tests, for the readers' regression tests: a
//! 64-bit little-endian x86-64 shared object with the sections given, whose
//! headers may claim what a corrupt file claims.

use std::path::PathBuf;

pub const SHT_PROGBITS: u32 = 1;
pub const SHF_ALLOC: u64 = 2;

/// One section: its bytes are laid out in the file; `size` (when given)
/// is what its header claims instead of their length.
pub struct Section<'a> {
    pub name: &'a str,
    pub kind: u32,
    pub flags: u64,
    pub address: u64,
    pub data: &'a [u8],
    pub size: Option<u64>,
}

impl<'a> Section<'a> {
    pub fn new(name: &'a str, kind: u32, data: &'a [u8]) -> Self {
        Section {
            name,
            kind,
            flags: 0,
            address: 0,
            data,
            size: None,
        }
    }
}

/// The file: header, the sections' bytes, `.shstrtab`, section headers.
pub fn elf(sections: &[Section<'_>]) -> Vec<u8> {
    let mut names = vec![0u8];
    let mut name_at = Vec::new();
    for s in sections.iter().map(|s| s.name).chain([".shstrtab"]) {
        name_at.push(names.len() as u32);
        names.extend_from_slice(s.as_bytes());
        names.push(0);
    }
    let mut out = vec![0u8; 64];
    let mut placed = Vec::new();
    for s in sections {
        out.resize(out.len().div_ceil(8) * 8, 0);
        placed.push(out.len() as u64);
        out.extend_from_slice(s.data);
    }
    let names_at = out.len() as u64;
    out.extend_from_slice(&names);
    out.resize(out.len().div_ceil(8) * 8, 0);
    let headers_at = out.len() as u64;
    out.extend_from_slice(&[0u8; 64]);
    let header =
        |out: &mut Vec<u8>, name: u32, kind: u32, flags: u64, addr: u64, offset: u64, size: u64| {
            out.extend_from_slice(&name.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&flags.to_le_bytes());
            out.extend_from_slice(&addr.to_le_bytes());
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&[0u8; 8]); // sh_link, sh_info
            out.extend_from_slice(&1u64.to_le_bytes()); // sh_addralign
            out.extend_from_slice(&0u64.to_le_bytes()); // sh_entsize
        };
    for (i, s) in sections.iter().enumerate() {
        let size = s.size.unwrap_or(s.data.len() as u64);
        header(
            &mut out, name_at[i], s.kind, s.flags, s.address, placed[i], size,
        );
    }
    let shstrtab = name_at[sections.len()];
    header(&mut out, shstrtab, 3, 0, 0, names_at, names.len() as u64);
    let count = sections.len() as u16 + 2;
    let mut head = Vec::new();
    head.extend_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
    head.extend_from_slice(&3u16.to_le_bytes()); // ET_DYN
    head.extend_from_slice(&62u16.to_le_bytes()); // EM_X86_64
    head.extend_from_slice(&1u32.to_le_bytes());
    head.extend_from_slice(&0u64.to_le_bytes()); // e_entry
    head.extend_from_slice(&0u64.to_le_bytes()); // e_phoff
    head.extend_from_slice(&headers_at.to_le_bytes());
    head.extend_from_slice(&0u32.to_le_bytes()); // e_flags
    for half in [64u16, 56, 0, 64, count, count - 1] {
        head.extend_from_slice(&half.to_le_bytes());
    }
    out[..64].copy_from_slice(&head);
    out
}

/// `bytes` as a file of its own for a test (named after the test).
pub fn file(test: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sonde-test-elf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(test);
    std::fs::write(&path, bytes).expect("a temporary file");
    path
}
