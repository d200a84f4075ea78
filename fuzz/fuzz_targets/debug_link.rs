//! A binary and its separate debug file: the build id and `.gnu_debuglink`
//! read from the binary, the debug file searched for under a `--debuginfo`
//! directory (`sonde_script::debug_files`) and then read, by the compiler
//! for a uprobe's arguments and by the runtime for symbols.
//!
//! The input is a little-endian u32 length, the binary of that many bytes,
//! then the debug file (shorter inputs: the binary is its own debug file).
//! The debug file is put where the binary's build id says, and in the
//! binary's `.debug/` under its debuglink name when that is a plain file
//! name (the harness writes nowhere else). Whatever the name says (`..`, an
//! absolute path), a debug file found must be in a directory searched, and
//! an error must name the file it is about.
#![no_main]

mod harness;

use libfuzzer_sys::fuzz_target;
use object::Object;
use sonde_compiler::kernel::{dwarf, elf};
use sonde_runtime::readers::ElfSymbols;
use sonde_script::debug_files;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (binary, debug) = split(data);
    let root = harness::empty_dir("debug_link");
    let bin_dir = root.join("bin");
    let debug_dir = root.join("debug");
    std::fs::create_dir_all(bin_dir.join(".debug")).expect("scratch");
    std::fs::create_dir_all(&debug_dir).expect("scratch");
    let program = bin_dir.join("program");
    std::fs::write(&program, binary).expect("scratch");
    let (build_id, link) = match object::File::parse(binary) {
        Ok(file) => (
            file.build_id().ok().flatten().map(<[u8]>::to_vec),
            file.gnu_debuglink()
                .ok()
                .flatten()
                .and_then(|(name, _crc)| std::str::from_utf8(name).ok())
                .map(str::to_string),
        ),
        Err(_) => (None, None),
    };
    if let Some([first, rest @ ..]) = build_id.as_deref()
        && !rest.is_empty()
        && rest.len() <= 64
    {
        let hex: String = rest.iter().map(|b| format!("{b:02x}")).collect();
        let dir = debug_dir.join(".build-id").join(format!("{first:02x}"));
        std::fs::create_dir_all(&dir).expect("scratch");
        std::fs::write(dir.join(format!("{hex}.debug")), debug).expect("scratch");
    }
    if let Some(name) = link.as_deref()
        && plain_file_name(name)
    {
        std::fs::write(bin_dir.join(".debug").join(name), debug).expect("scratch");
    }
    let dirs = [debug_dir.clone()];
    if let Some(found) = debug_files::find(&program, build_id.as_deref(), link.as_deref(), &dirs) {
        // Where it really is: `..` and absolute names must not lead out.
        let real = std::fs::canonicalize(&found).expect("a debug file found exists");
        let real_root = std::fs::canonicalize(&root).expect("scratch");
        assert!(
            real.starts_with(&real_root) || real.starts_with(debug_files::SYSTEM_DEBUG_DIR),
            "a debug file outside the directories searched: {} (debuglink {link:?})",
            found.display()
        );
    }
    let mut names: Vec<String> = elf::functions(&program)
        .map(|functions| functions.into_iter().take(8).map(|f| f.name).collect())
        .unwrap_or_default();
    names.push("main".into());
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if let Err(e) = dwarf::functions_args(&program, &names, &dirs) {
        let about = [
            root.display().to_string(),
            debug_files::SYSTEM_DEBUG_DIR.into(),
        ];
        assert!(
            about.iter().any(|p| e.starts_with(p.as_str())),
            "an error about no file of ours: {e}"
        );
    }
    if let Ok(symbols) = ElfSymbols::load(&program, &dirs) {
        let _ = symbols.lookup(0x1000);
    }
});

/// The binary and the debug file of an input.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    let Some((length, rest)) = data.split_first_chunk::<4>() else {
        return (data, data);
    };
    let length = (u32::from_le_bytes(*length) as usize).min(rest.len());
    rest.split_at(length)
}

/// A name that stays in the directory it is joined to.
fn plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains('/')
        && !name.contains('\0')
        && Path::new(name).file_name().is_some()
}
