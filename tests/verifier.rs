//! A program the kernel verifier rejects must come back as an error that names
//! the probe and quotes the verifier, with nothing left loaded. Sonde's own code
//! is not supposed to be rejected, so the test breaks a compiled object on
//! purpose: its `bpf_get_current_pid_tgid` call is turned into a call of a
//! helper that does not exist. Needs root (it loads into the kernel).

use sonde_compiler::{FixtureKernel, Options, Source, compile};
use sonde_runtime::{Format, Output, RunError, RunOptions, run};

/// `call 14` (bpf_get_current_pid_tgid) as encoded in the object.
const CALL_PID_TGID: [u8; 8] = [0x85, 0, 0, 0, 14, 0, 0, 0];

#[test]
fn verifier_rejection_names_the_probe_and_quotes_the_log() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("\n!!! verifier test SKIPPED: loading BPF programs needs root\n");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set: this test must run as root"
        );
        return;
    }
    let source = Source::new("-e", r#"BEGIN { printf("%d\n", pid); }"#);
    let mut script = compile(&source, &FixtureKernel::standard(), &Options::default())
        .expect("compiles")
        .script;
    let at = script
        .object
        .windows(8)
        .position(|w| w == CALL_PID_TGID)
        .expect("the object calls bpf_get_current_pid_tgid");
    script.object[at + 4..at + 8].copy_from_slice(&0xfff0u32.to_le_bytes());

    let options = RunOptions {
        output: Output::new(Box::new(std::io::sink()), Format::Text),
        perf_pages: 8,
        verbose: false,
        stop_after: sonde_runtime::StopAfter::Running,
        command: None,
        debuginfo_dirs: Vec::new(),
        metrics: None,
    };
    match run(&script, options) {
        Err(e @ RunError::Verifier { .. }) => {
            let text = e.to_string();
            eprintln!("{text}");
            assert!(
                text.contains("the kernel verifier rejected the program for BEGIN"),
                "{text}"
            );
            assert!(text.contains("invalid func"), "{text}");
        }
        other => panic!("expected a verifier rejection, got {other:?}"),
    }
    let left = aya::programs::loaded_programs()
        .filter_map(Result::ok)
        .filter(|p| p.name_as_str().is_some_and(|n| n.starts_with("sonde_")))
        .count();
    assert_eq!(left, 0, "a rejected script left programs loaded");
}
