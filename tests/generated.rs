//! `sonde --generate KIND`: the manual page renders with man(1) without
//! warnings and holds the options and the language summary; the bash
//! completion offers flags, and probe kinds after `-l`; the zsh and fish
//! scripts are valid for their shells. Needs man-db, zsh and fish
//! (`.ci/commands`); nothing here loads BPF.

use std::process::Command;

fn generated(kind: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sonde"))
        .args(["--generate", kind])
        .output()
        .expect("run sonde --generate");
    assert!(
        output.status.success(),
        "sonde --generate {kind} failed: {output:?}"
    );
    String::from_utf8(output.stdout).expect("generated text is UTF-8")
}

/// A file of its own for each call: the tests run in parallel threads of one
/// process, and one test's removing a shared name made another source
/// nothing (bash then offered no completion: seen once in CI).
fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "sonde-generated-{}-{call}-{name}",
        std::process::id()
    ));
    std::fs::write(&path, text).expect("write a temporary file");
    path
}

/// What bash's completion offers for the words typed so far (the last one
/// being completed).
fn bash_completions(words: &[&str]) -> Vec<String> {
    let script = write_temp("completion.bash", &generated("bash"));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source {script}; COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; \
         COMP_POINT=${{#COMP_LINE}}; \
         f=$(complete -p sonde | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p'); \
         \"$f\" sonde '{current}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script = script.display(),
        words = quoted.join(" "),
        cword = words.len() - 1,
        line = words.join(" "),
        current = words[words.len() - 1],
        previous = words[words.len() - 2],
    );
    let output = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("run bash");
    let _ = std::fs::remove_file(&script);
    assert!(output.status.success(), "bash failed: {output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_flags() {
    let offered = bash_completions(&["sonde", "--qu"]);
    assert_eq!(offered, ["--quiet"], "offered: {offered:?}");
    let offered = bash_completions(&["sonde", "-"]);
    for flag in ["-e", "-l", "-q", "--unsafe", "--no-warnings", "--generate"] {
        assert!(
            offered.iter().any(|o| o == flag),
            "{flag} not offered: {offered:?}"
        );
    }
}

#[test]
fn bash_completes_probe_kinds_after_list() {
    let offered = bash_completions(&["sonde", "-l", "tr"]);
    assert_eq!(offered, ["tracepoint:"], "offered: {offered:?}");
    let offered = bash_completions(&["sonde", "--list", "u"]);
    for kind in ["uprobe:", "uretprobe:", "usdt:", "u:", "ur:"] {
        assert!(
            offered.iter().any(|o| o == kind),
            "{kind} not offered: {offered:?}"
        );
    }
}

#[test]
fn bash_completes_the_generate_kinds() {
    let offered = bash_completions(&["sonde", "--generate", ""]);
    assert_eq!(
        offered,
        ["man", "bash", "zsh", "fish"],
        "offered: {offered:?}"
    );
}

#[test]
fn the_manual_renders_without_warnings() {
    let page = write_temp("sonde.8", &generated("man"));
    let output = Command::new("man")
        .args(["--warnings", "-E", "UTF-8", "-l"])
        .arg(&page)
        .env("MANWIDTH", "100")
        .env("PAGER", "cat")
        .output()
        .expect("run man");
    let _ = std::fs::remove_file(&page);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "man failed: {stderr}");
    assert!(stderr.trim().is_empty(), "man warned: {stderr}");
    // Off a terminal, man still overstrikes bold text (`X\bX`): undo it.
    let mut text = String::new();
    for c in String::from_utf8_lossy(&output.stdout).chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    for needle in [
        "SYNOPSIS",
        "OPTIONS",
        "-q, --quiet",
        "PROBE KINDS",
        "tracepoint (short form t)",
        "BUILTIN VARIABLES",
        "FUNCTIONS",
        "usage: printf(",
        "needs --unsafe",
    ] {
        assert!(
            text.contains(needle),
            "the rendered manual lacks {needle:?}:\n{text}"
        );
    }
}

#[test]
fn zsh_and_fish_accept_their_scripts() {
    for (shell, args) in [("zsh", vec!["-n"]), ("fish", vec!["--no-execute"])] {
        let script = write_temp(&format!("completion.{shell}"), &generated(shell));
        let output = Command::new(shell)
            .args(&args)
            .arg(&script)
            .output()
            .unwrap_or_else(|e| panic!("run {shell} (package {shell}, .ci/commands): {e}"));
        let _ = std::fs::remove_file(&script);
        assert!(
            output.status.success(),
            "{shell} refused its completion script: {output:?}"
        );
    }
}
