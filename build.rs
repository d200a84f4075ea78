//! A fully static `sonde` (`-C target-feature=+crt-static`, see
//! `pkg/build-static`): llvm-sys asks for LLVM's system libraries (libz,
//! libzstd, libffi, libtinfo) as shared ones, which a static link cannot
//! use. The linker looks in each search directory for `libNAME.so` and then
//! `libNAME.a` before the next, so a directory holding only the archives,
//! searched first, makes the same `-lNAME` pick the archive.

use std::path::{Path, PathBuf};
use std::process::Command;

const SYSTEM_LIBRARIES: &[&str] = &["z", "zstd", "ffi", "tinfo", "xml2"];
/// Named by `llvm-config --system-libs` but used by no part of LLVM that
/// Sonde links (the dynamic link drops it as not needed), and Debian ships
/// no archive of it: an empty archive stands in, so that a static link does
/// not pull the shared library in. Were it needed, the link would fail with
/// its undefined symbols.
const UNUSED_LIBRARIES: &[&str] = &["z3"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let static_crt = std::env::var("CARGO_CFG_TARGET_FEATURE")
        .is_ok_and(|features| features.split(',').any(|f| f == "crt-static"));
    if !static_crt {
        return;
    }
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return;
    };
    let dir = out.join("static-system-libraries");
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        println!("cargo:warning=cannot create {}: {e}", dir.display());
        return;
    }
    for name in SYSTEM_LIBRARIES {
        let file = format!("lib{name}.a");
        match archive(&file) {
            Some(path) => {
                if let Err(e) = std::os::unix::fs::symlink(&path, dir.join(&file)) {
                    println!("cargo:warning=cannot link {}: {e}", path.display());
                }
            }
            None => println!("cargo:warning={file} not found: the static link will fail"),
        }
    }
    for name in UNUSED_LIBRARIES {
        let empty = dir.join(format!("lib{name}.a"));
        if let Err(e) = std::fs::write(&empty, b"!<arch>\n") {
            println!("cargo:warning=cannot write {}: {e}", empty.display());
        }
    }
    println!("cargo:rustc-link-search=native={}", dir.display());
    // Those archives come after the C library on the link line (llvm-sys's
    // libraries follow the standard library's): name it once more at the end.
    println!("cargo:rustc-link-arg-bins=-Wl,-l:libc.a");
}

/// Where the C compiler finds `file` (it prints the bare name when it does not).
fn archive(file: &str) -> Option<PathBuf> {
    let output = Command::new("cc")
        .arg(format!("-print-file-name={file}"))
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    (path.is_absolute() && Path::new(&path).is_file()).then_some(path)
}
