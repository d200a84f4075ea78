//! Every external command the tests and the project's scripts run is either
//! on every Debian machine (its package is Essential or of priority
//! required, as debootstrap's smallest system has them) or listed in
//! `.ci/commands`, which `.ci/setup` installs and checks. This keeps a command
//! that a developer happened to have installed by hand (bpftool, once) from
//! passing here and failing on a fresh machine.
//!
//! The commands are found by reading the shell text of the end-to-end cases
//! (`shell` and `trigger` sections, `-c` commands, `system("...")` calls), the
//! shell scripts run on the host (`tests/vm/run`, `fuzz/run`, `.ci/run`) and the
//! commands the Python scripts start (`docs/regen-tutorial`, `bench/*.py`). A
//! word counts as a command where a shell would run it and when a program of
//! that name is installed in the system's directories; so a command missing
//! on this machine is not seen here, but then `.ci/setup` and the failing test
//! say so on the machine that lacks it. Needs Debian's dpkg, nothing else.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const SYSTEM_DIRS: [&str; 4] = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"];
/// Words that run the next word as a command; their options and numbers are skipped.
const WRAPPERS: [&str; 8] = [
    "timeout", "env", "chrt", "setpriv", "unshare", "nice", "taskset", "nohup",
];
/// Commands every shell has built in: they never run a program.
const BUILTINS: [&str; 12] = [
    "echo", "printf", "kill", "test", "true", "false", "pwd", "read", "wait", "cd", "exit",
    "ulimit",
];
/// Commands a case names but never runs: `system("reboot")` is there to be refused.
const NEVER_RUN: [&str; 1] = ["reboot"];
/// Shell words after which a command comes.
const KEYWORDS: [&str; 10] = [
    "if", "then", "do", "else", "elif", "while", "until", "!", "exec", "time",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_command_the_tests_run_is_essential_or_installed_by_setup() {
    let used = commands_used();
    eprintln!(
        "commands the tests run: {}",
        used.keys().cloned().collect::<Vec<_>>().join(" ")
    );
    assert!(
        used.contains_key("bpftool") || !installed("bpftool"),
        "the scan no longer sees the bpftool of aggregations.case: it is blind"
    );
    let listed = listed_commands();
    let minimal = minimal_commands(used.keys().map(String::as_str));
    let missing: Vec<String> = used
        .iter()
        .filter(|(name, _)| !listed.contains(name.as_str()) && !minimal.contains(name.as_str()))
        .map(|(name, files)| format!("{name} (used by {})", join(files)))
        .collect();
    assert!(
        missing.is_empty(),
        "commands that are neither on every Debian system nor in .ci/commands \
         (add each with its Debian package): {}",
        missing.join(", ")
    );
}

#[test]
fn the_scan_finds_commands_where_a_shell_runs_them() {
    let mut found = BTreeSet::new();
    shell_commands(
        "A=1 timeout -k 1 5 grep x f | sed s/a/b/; \"$SONDE\" -e 'BEGIN { clear(@x); system(\"bpftool map\"); }' \
         -c 'python3 -c \"print(1)\"' && sh -c 'mkdir -p d'\n\
         cat <<'PY'\nwith open(p) as o:\nPY\nhead -1 f",
        &mut found,
    );
    let want: BTreeSet<String> = [
        "timeout", "grep", "sed", "bpftool", "python3", "sh", "mkdir", "cat", "head",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // `clear` and `print` are Sonde and Python words, not commands, and a
    // here-document's `with ... as` is Python.
    let found: BTreeSet<String> = found
        .into_iter()
        .filter(|w| want.contains(w) || installed(w))
        .collect();
    assert_eq!(found, want);
}

fn join(files: &BTreeSet<String>) -> String {
    files.iter().cloned().collect::<Vec<_>>().join(", ")
}

fn installed(name: &str) -> bool {
    SYSTEM_DIRS
        .iter()
        .any(|d| Path::new(d).join(name).is_file())
}

/// The commands named in `.ci/commands` (the first word of each line).
fn listed_commands() -> BTreeSet<String> {
    let path = root().join(".ci/commands");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Of `names`, those whose program belongs to a package every Debian
/// system has (Essential, or of priority required: what debootstrap installs) (dpkg -S
/// on each place it may be, since merged /usr leaves dpkg knowing only one,
/// and on what a symbolic link such as /usr/bin/awk, an alternative, leads to).
fn minimal_commands<'a>(names: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut name_of: BTreeMap<PathBuf, String> = BTreeMap::new();
    for name in names {
        for dir in SYSTEM_DIRS {
            let path = Path::new(dir).join(name);
            if let Ok(target) = path.canonicalize() {
                name_of.insert(target, name.to_string());
            }
            name_of.insert(path, name.to_string());
        }
    }
    let owners = Command::new("dpkg")
        .arg("-S")
        .args(name_of.keys())
        .output()
        .unwrap_or_else(|e| panic!("cannot run dpkg -S (this test needs Debian's dpkg): {e}"));
    let mut package_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&owners.stdout).lines() {
        let Some((packages, path)) = line.split_once(": ") else {
            continue;
        };
        let Some(name) = name_of.get(Path::new(path.trim())) else {
            continue;
        };
        let entry = package_of.entry(name.clone()).or_default();
        entry.extend(
            packages
                .split(", ")
                .map(|p| p.split(':').next().unwrap_or(p).to_string()),
        );
    }
    let status = Command::new("dpkg-query")
        .args(["-W", "-f", "${Package} ${Essential} ${Priority}\\n"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run dpkg-query: {e}"));
    let minimal_packages: BTreeSet<String> = String::from_utf8_lossy(&status.stdout)
        .lines()
        .filter_map(|l| {
            let mut fields = l.split_whitespace();
            let (package, essential, priority) = (fields.next()?, fields.next()?, fields.next()?);
            (essential == "yes" || priority == "required").then(|| package.to_string())
        })
        .collect();
    package_of
        .into_iter()
        .filter(|(_, packages)| packages.iter().any(|p| minimal_packages.contains(p)))
        .map(|(name, _)| name)
        .collect()
}

/// Command name → the files that run it.
fn commands_used() -> BTreeMap<String, BTreeSet<String>> {
    let mut used: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut add = |file: &Path, words: BTreeSet<String>| {
        let shown = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        for w in words.into_iter().filter(|w| installed(w)) {
            used.entry(w).or_default().insert(shown.clone());
        }
    };
    let cases = root().join("tests/cases");
    let mut case_files: Vec<PathBuf> = std::fs::read_dir(&cases)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", cases.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    case_files.sort();
    for file in case_files {
        let mut words = BTreeSet::new();
        for (section, body) in case_sections(&read(&file)) {
            match section.as_str() {
                "shell" | "trigger" => shell_commands(&body, &mut words),
                // A script runs commands only through system().
                "script" => system_calls(&body, &mut words),
                _ => {}
            }
        }
        add(&file, words);
    }
    for script in ["tests/vm/run", "tests/emit-corpus", "fuzz/run", ".ci/run"] {
        let file = root().join(script);
        let mut words = BTreeSet::new();
        shell_commands(&read(&file), &mut words);
        add(&file, words);
    }
    let mut python = vec![root().join("docs/regen-tutorial")];
    if let Ok(entries) = std::fs::read_dir(root().join("bench")) {
        python.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "py")),
        );
    }
    for file in python {
        let mut words = BTreeSet::new();
        python_commands(&read(&file), &mut words);
        add(&file, words);
    }
    used
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// (section name, body) of every section of a case file.
fn case_sections(text: &str) -> Vec<(String, String)> {
    let mut sections = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if line.starts_with("=== ") || line.starts_with("--- ") {
            sections.extend(current.take());
            if let Some(name) = line.strip_prefix("--- ") {
                current = Some((name.trim().to_string(), String::new()));
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    sections.extend(current);
    sections
}

/// The commands of `system("...")` calls in Sonde script text.
fn system_calls(text: &str, out: &mut BTreeSet<String>) {
    for (i, _) in text.match_indices("system(\"") {
        let rest = &text[i + "system(\"".len()..];
        let command = rest.split('"').next().unwrap_or("");
        shell_commands(command, out);
    }
}

/// The words in command position of shell text. A quoted string is shell
/// text itself when it is the argument of a shell's (or sonde's) `-c`;
/// other quoted strings (Sonde scripts, Python, awk) are data, but for the
/// `system("...")` calls they may hold.
fn shell_commands(text: &str, out: &mut BTreeSet<String>) {
    let text = &without_here_documents(text);
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '#' && plain.chars().last().is_none_or(char::is_whitespace) {
            // A comment, to the end of the line.
            while chars.next_if(|&(_, d)| d != '\n').is_some() {}
            continue;
        }
        if c != '\'' && c != '"' {
            plain.push(c);
            continue;
        }
        let mut end = text.len();
        let mut escaped = false;
        for (j, d) in chars.by_ref() {
            if c == '"' && d == '\\' && !escaped {
                escaped = true;
                continue;
            }
            if d == c && !escaped {
                end = j;
                break;
            }
            escaped = false;
        }
        let quoted = &text[(i + 1).min(end)..end];
        let before: Vec<&str> = plain.split_whitespace().rev().take(2).collect();
        let is_shell = before.first() == Some(&"-c")
            && !before
                .get(1)
                .is_some_and(|w| w.starts_with("python") || *w == "perl");
        if is_shell {
            shell_commands(quoted, out);
        } else {
            system_calls(quoted, out);
        }
        // A quoted word stands for itself in command position (`"$SONDE"`).
        plain.push_str(if quoted.starts_with('$') {
            " $Q "
        } else {
            " Q "
        });
    }
    // `case` patterns (`kvm) ...`) are not commands.
    let plain: String = plain
        .lines()
        .map(|line| match line.split_once(')') {
            Some((pattern, rest))
                if !pattern.trim().is_empty()
                    && pattern
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "|*_.-".contains(c)) =>
            {
                format!("{rest}\n")
            }
            _ => format!("{line}\n"),
        })
        .collect();
    let separated: String = plain
        .replace("$(", "\n")
        .chars()
        .map(|c| if ";|&(){}`".contains(c) { '\n' } else { c })
        .collect();
    for line in separated.lines() {
        let mut words = line.split_whitespace().peekable();
        while let Some(word) = words.next() {
            let assignment = word.split_once('=').is_some_and(|(n, _)| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            if assignment || KEYWORDS.contains(&word) {
                continue;
            }
            if WRAPPERS.contains(&word) {
                out.insert(word.to_string());
                // Options, numbers and variables (`timeout -k 10 "$limit" CMD`).
                while words.peek().is_some_and(|w| {
                    w.starts_with('-')
                        || w.starts_with('$')
                        || w.contains('=')
                        || w.chars().all(|c| c.is_ascii_digit() || c == '.')
                }) {
                    words.next();
                }
                continue;
            }
            if is_command_name(word) && !BUILTINS.contains(&word) && !NEVER_RUN.contains(&word) {
                out.insert(word.to_string());
            }
            break;
        }
    }
}

/// The text without the bodies of here-documents (`<<'PY'` ... `PY`): they
/// are another language's text (Python, a config), not shell.
fn without_here_documents(text: &str) -> String {
    let mut kept = String::new();
    let mut end: Option<String> = None;
    for line in text.lines() {
        if let Some(tag) = &end {
            if line.trim() == tag {
                end = None;
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
        if let Some((_, rest)) = line.split_once("<<") {
            let tag: String = rest
                .trim_start_matches('-')
                .trim_start()
                .trim_start_matches(['\'', '"'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !tag.is_empty() {
                end = Some(tag);
            }
        }
    }
    kept
}

/// Commands a Python script starts: the heads of argument lists
/// (`["bpftool", ...]`) and the first word of each string that reads as a
/// shell command (workloads such as `"sync; sync"` or `"sleep 0.1"`).
fn python_commands(text: &str, out: &mut BTreeSet<String>) {
    for (i, piece) in text.split('"').enumerate().skip(1).step_by(2) {
        let list_head = text
            .split('"')
            .nth(i - 1)
            .is_some_and(|b| b.trim_end().ends_with('['));
        if !list_head && !piece.contains(char::is_whitespace) {
            continue;
        }
        for command in piece.split(';') {
            if let Some(word) = command.split_whitespace().next()
                && is_command_name(word)
            {
                out.insert(word.to_string());
            }
        }
    }
}

fn is_command_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.+-".contains(c))
}
