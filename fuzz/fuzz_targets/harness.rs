//! What the file readers' fuzz targets share: the readers take a path, so
//! each input is written to a file under this process's own scratch
//! directory (below `$TMPDIR`, which `fuzz/run` points at a directory it
//! removes); a reader's error must name its file; and no allocation may be
//! larger than any input justifies.

// Each target uses only the helpers it needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// This process's scratch directory, made on first use.
pub fn dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sonde-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the fuzz scratch directory");
        dir
    })
}

/// `data` as the file `relative` of the scratch directory, made anew.
pub fn file(relative: &str, data: &[u8]) -> PathBuf {
    let path = dir().join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("a fuzz scratch directory");
    }
    std::fs::write(&path, data).expect("a fuzz scratch file");
    path
}

/// An empty directory `relative` of the scratch directory (what an earlier
/// input left there removed).
pub fn empty_dir(relative: &str) -> PathBuf {
    let path = dir().join(relative);
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("a fuzz scratch directory");
    path
}

/// A reader's error must name the file it is about.
pub fn names_file(error: &str, path: &Path) {
    let shown = path.display().to_string();
    assert!(
        error.contains(&shown),
        "an error that does not name {shown}: {error}"
    );
}

/// No single allocation may be larger than this: inputs are a few MiB at
/// most, so a reader asking for more believed a size the file claims
/// rather than one it holds. (Without a sanitizer libFuzzer sees only the
/// resident size, and an untouched 4 GiB allocation is not resident.)
const LARGEST_ALLOCATION: usize = 256 << 20;

struct Bounded;

// SAFETY: every call is passed on to the system allocator unchanged; only
// the size is looked at first.
unsafe impl std::alloc::GlobalAlloc for Bounded {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        too_large(layout.size());
        // SAFETY: as the caller's contract.
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        too_large(layout.size());
        // SAFETY: as the caller's contract.
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: as the caller's contract.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        too_large(size);
        // SAFETY: as the caller's contract.
        unsafe { std::alloc::System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Bounded = Bounded;

/// Aborts (a crash libFuzzer saves the input of) on an allocation over the
/// bound, saying so without allocating.
fn too_large(size: usize) {
    if size > LARGEST_ALLOCATION {
        const MESSAGE: &[u8] = b"sonde-fuzz: an allocation over 256 MiB\n";
        use std::io::Write;
        let _ = std::io::stderr().write_all(MESSAGE);
        std::process::abort();
    }
}
