//! `--info`: what bpftrace's `--info` reports that Sonde can tell for
//! itself: the system, the build, the kernel's BTF and probe support, and
//! whether programs using features that need a recent kernel load here,
//! each tried by compiling a one-line Sonde script and loading it into the
//! verifier (nothing is attached). Without root nothing can be loaded, so
//! those lines say so instead of guessing.

use sonde_compiler::{Kernel, LiveKernel, Options, Source};

/// Where the kernel's BTF and that of its modules are.
const BTF_DIR: &str = "/sys/kernel/btf";

/// Feature probes: what the line says, and a script that needs it.
const FEATURES: &[(&str, &str)] = &[
    ("fentry/fexit", "fentry:vfs_read { }"),
    ("for over a range (bpf_loop)", "BEGIN { for $i : 0..2 { } }"),
    (
        "for over a map (bpf_for_each_map_elem)",
        "BEGIN { @m[1] = 1; for $kv : @m { } }",
    ),
    (
        "nsecs(tai) (bpf_ktime_get_tai_ns)",
        "BEGIN { @t = nsecs(tai); }",
    ),
    ("iter:task", "iter:task { }"),
];

pub fn print() {
    let mut text = String::new();
    let uname = uname();
    text.push_str("System\n");
    text.push_str(&format!("  OS: {}\n", uname.os));
    text.push_str(&format!("  Arch: {}\n", uname.machine));
    text.push_str("\nBuild\n");
    text.push_str(&format!("  version: v{}\n", env!("CARGO_PKG_VERSION")));
    let (major, minor, patch) = sonde_compiler::llvm_version();
    text.push_str(&format!("  LLVM: {major}.{minor}.{patch}\n"));

    text.push_str("\nKernel\n");
    let btf = std::path::Path::new(BTF_DIR).join("vmlinux").is_file();
    text.push_str(&format!("  btf: {}\n", yes(btf)));
    let modules = std::fs::read_dir(BTF_DIR)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name() != "vmlinux")
                .count()
        })
        .unwrap_or(0);
    text.push_str(&format!("  module btf: {}\n", yes(modules > 0)));
    let kernel = LiveKernel::default();
    if let Ok(cpus) = kernel.possible_cpus() {
        text.push_str(&format!("  possible CPUs: {cpus}\n"));
    }
    if let Some(frames) = kernel.max_stack_frames() {
        text.push_str(&format!(
            "  stack frames (kernel.perf_event_max_stack): {frames}\n"
        ));
    }

    text.push_str("\nProbe types\n");
    for (kind, pmu) in [
        ("kprobe", "kprobe"),
        ("uprobe", "uprobe"),
        ("tracepoint", "tracepoint"),
    ] {
        let present = std::path::Path::new("/sys/bus/event_source/devices")
            .join(pmu)
            .exists();
        text.push_str(&format!("  {kind}: {}\n", yes(present)));
    }

    text.push_str("\nPrograms that load here\n");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    for (what, script) in FEATURES {
        let answer = if root {
            yes(loads(&kernel, script)).to_string()
        } else {
            "unknown (loading a program needs root)".to_string()
        };
        text.push_str(&format!("  {what}: {answer}\n"));
    }
    print!("{text}");
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Whether `script` compiles here and its programs pass the verifier.
fn loads(kernel: &LiveKernel, script: &str) -> bool {
    let source = Source::new("--info", script);
    match sonde_compiler::compile(&source, kernel, &Options::default()) {
        Ok(compiled) => sonde_runtime::loads(&compiled.script),
        Err(_) => false,
    }
}

struct Uname {
    /// `Linux 6.18.44 #1 SMP ...`: system, release and version, as bpftrace prints them.
    os: String,
    machine: String,
}

fn uname() -> Uname {
    // SAFETY: utsname is plain data; uname fills it with NUL-terminated
    // strings, read only when it succeeds.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut u) } != 0 {
        return Uname {
            os: "unknown".into(),
            machine: "unknown".into(),
        };
    }
    let field = |f: &[libc::c_char]| {
        let bytes: Vec<u8> = f
            .iter()
            .take_while(|c| **c != 0)
            .map(|c| *c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Uname {
        os: format!(
            "{} {} {}",
            field(&u.sysname),
            field(&u.release),
            field(&u.version)
        ),
        machine: field(&u.machine),
    }
}
