//! End-to-end cases as data: every `tests/cases/*.case` file holds cases (a
//! script, the workload that triggers it, what must be printed) run against the
//! built `sonde` binary on the live kernel, one at a time. After each case no
//! Sonde program may remain loaded.
//!
//! This binary is also the workload: `e2e --trigger ACTION ...` renames itself
//! `sonde_trigger` (so scripts can filter on `comm`) and makes exactly the
//! syscalls asked for. `$TRIGGER` in a case's trigger section is this binary.
//!
//! Run: `cargo test --test e2e` (root with BPF). `cargo test --test e2e -- NAME`
//! runs the cases whose title contains NAME.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SONDE: &str = env!("CARGO_BIN_EXE_sonde");
const TRIGGER_COMM: &[u8] = b"sonde_trigger\0";
/// Set in the environment of trigger commands.
const NESTED: &str = "SONDE_E2E_TRIGGER";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--trigger") {
        return trigger(&args[2..]);
    }
    if std::env::var_os(NESTED).is_some() {
        // A trigger command that forgot --trigger must not run the suite again.
        eprintln!("e2e: started from a trigger without --trigger: {args:?}");
        return ExitCode::FAILURE;
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("\n!!! e2e: SKIPPED: these tests load BPF programs and need root.");
        eprintln!("!!! e2e: run them as root (sudo -E cargo test --test e2e).\n");
        if std::env::var_os("CI").is_some() {
            eprintln!("e2e: CI is set, so a skip is a failure");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    // Arguments cargo's test runner passes (--nocapture, --quiet ...) are not filters.
    let filter: Option<&String> = args.iter().skip(1).find(|a| !a.starts_with('-'));
    let programs = match build_programs() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("e2e: {e}");
            return ExitCode::FAILURE;
        }
    };
    // SAFETY: set before any thread is started.
    unsafe { std::env::set_var("PROGRAMS", &programs) };
    let cases = match load_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("e2e: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases
        .iter()
        .filter(|c| filter.is_none_or(|f| c.title.contains(f.as_str())))
    {
        ran += 1;
        let started = Instant::now();
        match run_case(case) {
            Ok(()) => println!(
                "ok      {} ({} ms)",
                case.title,
                started.elapsed().as_millis()
            ),
            Err(e) => {
                println!("FAILED  {}\n{}", case.title, indent(&e));
                failures.push(case.title.clone());
            }
        }
    }
    println!(
        "\ne2e: {} passed, {} failed",
        ran - failures.len(),
        failures.len()
    );
    if ran == 0 {
        println!("e2e: no case matched");
        return ExitCode::FAILURE;
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Builds the test programs (`tests/programs/*.c`, `*.cpp`) with the system
/// C or C++ compiler (`-O1 -g`, or the flags of a `/* cflags: ... */` line);
/// `$PROGRAMS` in a case's text is the directory they land in.
fn build_programs() -> Result<PathBuf, String> {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let entries =
        std::fs::read_dir(&src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let compiler = match path.extension().and_then(|x| x.to_str()) {
            Some("c") => "cc",
            Some("cpp") => "c++",
            _ => continue,
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A `/* cflags: ... */` line replaces the default flags.
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let flags: Vec<&str> = source
            .lines()
            .find_map(|l| l.trim().strip_prefix("/* cflags:")?.strip_suffix("*/"))
            .map_or_else(|| vec!["-O1", "-g"], |f| f.split_whitespace().collect());
        let status = Command::new(compiler)
            .args(&flags)
            .arg("-o")
            .arg(out.join(&stem))
            .arg(&path)
            .status()
            .map_err(|e| format!("cannot run {compiler} to build {}: {e}", path.display()))?;
        if !status.success() {
            return Err(format!("{compiler} failed to build {}", path.display()));
        }
    }
    Ok(out)
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("        {l}\n")).collect()
}

/// Workload actions, done as `sonde_trigger`.
fn trigger(args: &[String]) -> ExitCode {
    // SAFETY: PR_SET_NAME reads a NUL-terminated string of at most 16 bytes.
    unsafe { libc::prctl(libc::PR_SET_NAME, TRIGGER_COMM.as_ptr()) };
    let count = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(1);
    match args.first().map(String::as_str) {
        Some("sync") => {
            for _ in 0..count(1) {
                // SAFETY: sync has no preconditions.
                unsafe { libc::sync() };
            }
        }
        Some("open") => {
            let Some(path) = args.get(1) else {
                return ExitCode::FAILURE;
            };
            for _ in 0..count(2) {
                let _ = std::fs::File::open(path);
            }
        }
        Some("setuid") => {
            // Drops to the given uid: the trigger is a throwaway child.
            // SAFETY: setuid has no memory preconditions.
            if unsafe { libc::setuid(count(1) as libc::uid_t) } != 0 {
                return ExitCode::FAILURE;
            }
        }
        Some("getenv") => {
            // N getenv(NAME) calls through libc itself: what a uprobe on libc sees.
            let Some(name) = args
                .get(1)
                .and_then(|n| std::ffi::CString::new(n.as_str()).ok())
            else {
                return ExitCode::FAILURE;
            };
            for _ in 0..count(2) {
                // SAFETY: name is a NUL-terminated string that outlives the call.
                unsafe { libc::getenv(name.as_ptr()) };
            }
        }
        Some("sleep-ms") => std::thread::sleep(Duration::from_millis(count(1))),
        Some("thread-open") => {
            // One open of PATH from a thread named `sonde_worker`: its comm
            // is the thread's, its process's (pcomm) `sonde_trigger`.
            let Some(path) = args.get(1).cloned() else {
                return ExitCode::FAILURE;
            };
            let worker = std::thread::Builder::new()
                .name("sonde_worker".into())
                .spawn(move || std::fs::File::open(path).is_ok());
            if !worker.is_ok_and(|w| w.join().is_ok()) {
                return ExitCode::FAILURE;
            }
        }
        Some("tcp-connect") => {
            // One TCP connection to a listener of our own on ADDR (`::1`,
            // `127.0.0.1`): the socket tracepoints see it, addresses known.
            let Some(ip) = args.get(1).and_then(|a| a.parse::<std::net::IpAddr>().ok()) else {
                return ExitCode::FAILURE;
            };
            let Ok(listener) = std::net::TcpListener::bind((ip, 0)) else {
                return ExitCode::FAILURE;
            };
            let connected = listener
                .local_addr()
                .and_then(std::net::TcpStream::connect)
                .and_then(|client| listener.accept().map(|accepted| (client, accepted)));
            if connected.is_err() {
                return ExitCode::FAILURE;
            }
        }
        Some("write") => {
            // write(2) of 1, 2, ..., N bytes to /dev/null: known sizes for aggregations.
            let Ok(mut null) = std::fs::OpenOptions::new().write(true).open("/dev/null") else {
                return ExitCode::FAILURE;
            };
            let buf = vec![0u8; count(1) as usize];
            for n in 1..=buf.len() {
                use std::io::Write;
                let _ = null.write(&buf[..n]);
            }
        }
        Some("getppid-paced") => {
            // N getppid() calls, resting 1 ms every EVERY (default 2000): a steady rate.
            let every = args
                .get(2)
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(2000)
                .max(1);
            for i in 0..count(1) {
                // SAFETY: getppid has no preconditions.
                unsafe { libc::getppid() };
                if i % every == every - 1 {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
        Some("getppid-threads") => {
            // THREADS threads, each pinned to its own CPU, N getppid() each.
            let (threads, calls) = (count(1), count(2));
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    std::thread::spawn(move || {
                        pin_to_cpu(t as usize);
                        for _ in 0..calls {
                            // SAFETY: getppid has no preconditions.
                            unsafe { libc::getppid() };
                        }
                    })
                })
                .collect();
            for w in workers {
                if w.join().is_err() {
                    return ExitCode::FAILURE;
                }
            }
        }
        _ => {
            eprintln!("unknown trigger action {args:?}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn pin_to_cpu(index: usize) {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    // SAFETY: the set is zeroed, then one CPU is added; the call only reads it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(index % cpus, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[derive(Debug, Default)]
struct Case {
    title: String,
    file: PathBuf,
    script: Option<String>,
    /// Run this shell command (with `$SONDE` set) instead of sonde itself.
    shell: Option<String>,
    args: Vec<String>,
    stdin: Option<String>,
    trigger: Option<String>,
    stop: Option<i32>,
    stdout: Option<String>,
    stdout_has: Vec<String>,
    stdout_lacks: Vec<String>,
    /// Globs (`*` any run) that must each match a whole stdout line.
    stdout_like: Vec<String>,
    /// (at least N, line): the line appears at least N times.
    stdout_min: Vec<(usize, String)>,
    /// (N, line): the line printed plus the events reported lost is exactly N.
    accounted: Option<(usize, String)>,
    /// Whether some events must be lost (true) or none (false).
    lost: Option<bool>,
    stderr_has: Vec<String>,
    exit: i32,
}

/// The case format: `=== TITLE` starts a case; `--- SECTION` starts a section
/// whose body runs to the next marker. Sections: script, shell (a command run
/// instead of sonde, with `$SONDE` set), args, stdin, trigger,
/// stop (SIGINT/SIGTERM/SIGHUP), stdout (exact), stdout-has / stdout-lacks
/// (whole lines), stdout-like (globs, `*` any run), stdout-min (`N x LINE`: at least N lines match the glob), accounted
/// (`N x LINE`: printed plus reported lost is exactly N), lost (`none` or
/// `some`), stderr-has (substrings), exit (code). `#` lines before the
/// first case are comments.
fn load_cases(dir: &Path) -> Result<Vec<Case>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        parse_cases(&text, &file, &mut cases)?;
    }
    Ok(cases)
}

fn parse_cases(text: &str, file: &Path, cases: &mut Vec<Case>) -> Result<(), String> {
    let mut current: Option<Case> = None;
    let mut section: Option<(String, String)> = None;
    let finish_section = |case: &mut Case, (name, body): (String, String)| -> Result<(), String> {
        let trimmed = body.trim_end_matches('\n').to_string();
        let lines = || {
            trimmed
                .lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        };
        match name.as_str() {
            "script" => case.script = Some(trimmed),
            "shell" => case.shell = Some(trimmed),
            "args" => case.args = trimmed.split_whitespace().map(str::to_string).collect(),
            "stdin" => case.stdin = Some(body),
            "trigger" => case.trigger = Some(trimmed),
            "stop" => {
                case.stop = Some(match trimmed.trim() {
                    "SIGINT" => libc::SIGINT,
                    "SIGTERM" => libc::SIGTERM,
                    "SIGHUP" => libc::SIGHUP,
                    "SIGKILL" => libc::SIGKILL,
                    other => return Err(format!("{}: unknown stop signal {other}", case.title)),
                })
            }
            // The exact text: the body as written, one final newline kept.
            "stdout" => case.stdout = Some(body),
            "stdout-has" => case.stdout_has = lines(),
            "stdout-lacks" => case.stdout_lacks = lines(),
            "stdout-like" => case.stdout_like = lines(),
            "stdout-min" => {
                for l in lines() {
                    let (n, line) = l
                        .split_once(" x ")
                        .and_then(|(n, line)| Some((n.trim().parse().ok()?, line.to_string())))
                        .ok_or_else(|| {
                            format!("{}: stdout-min lines are 'N x LINE'", case.title)
                        })?;
                    case.stdout_min.push((n, line));
                }
            }
            "stderr-has" => case.stderr_has = lines(),
            "accounted" => {
                let l = lines().into_iter().next().unwrap_or_default();
                case.accounted = Some(
                    l.split_once(" x ")
                        .and_then(|(n, line)| Some((n.trim().parse().ok()?, line.to_string())))
                        .ok_or_else(|| format!("{}: accounted is 'N x LINE'", case.title))?,
                );
            }
            "lost" => {
                case.lost = match trimmed.trim() {
                    "none" => Some(false),
                    "some" => Some(true),
                    other => {
                        return Err(format!(
                            "{}: lost is 'none' or 'some', not {other}",
                            case.title
                        ));
                    }
                }
            }
            "exit" => {
                case.exit = trimmed
                    .trim()
                    .parse()
                    .map_err(|_| format!("{}: bad exit code", case.title))?
            }
            other => return Err(format!("{}: unknown section '{other}'", case.title)),
        }
        Ok(())
    };
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if let Some(title) = bare.strip_prefix("=== ") {
            if let Some(mut case) = current.take() {
                if let Some(s) = section.take() {
                    finish_section(&mut case, s)?;
                }
                cases.push(case);
            }
            current = Some(Case {
                title: title.trim().to_string(),
                file: file.to_path_buf(),
                ..Case::default()
            });
        } else if let Some(name) = bare.strip_prefix("--- ") {
            let case = current
                .as_mut()
                .ok_or_else(|| format!("{}: section before any case", file.display()))?;
            if let Some(s) = section.take() {
                finish_section(case, s)?;
            }
            section = Some((name.trim().to_string(), String::new()));
        } else if let Some((_, body)) = section.as_mut() {
            body.push_str(line);
        } else if current.is_some() && !bare.trim().is_empty() && !bare.starts_with('#') {
            return Err(format!(
                "{}: text outside a section: {bare}",
                file.display()
            ));
        }
    }
    if let Some(mut case) = current.take() {
        if let Some(s) = section.take() {
            finish_section(&mut case, s)?;
        }
        cases.push(case);
    }
    Ok(())
}

fn run_case(case: &Case) -> Result<(), String> {
    let mut cmd = match &case.shell {
        Some(shell) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(shell).env("SONDE", SONDE);
            c
        }
        None => Command::new(SONDE),
    };
    let programs = std::env::var("PROGRAMS").unwrap_or_default();
    if let Some(script) = &case.script {
        cmd.arg("-e").arg(script.replace("$PROGRAMS", &programs));
    }
    cmd.args(case.args.iter().map(|a| a.replace("$PROGRAMS", &programs)))
        .stdin(if case.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start sonde: {e}"))?;
    if let (Some(text), Some(mut stdin)) = (&case.stdin, child.stdin.take()) {
        use std::io::Write;
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| format!("stdin: {e}"))?;
    }
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let (line_tx, line_rx) = mpsc::channel::<String>();
    let err_reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = line_tx.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });

    let mut problems = Vec::new();
    if case.trigger.is_some() || case.stop.is_some() {
        // Wait until every probe is attached.
        let deadline = Instant::now() + Duration::from_secs(30);
        let attached = loop {
            match line_rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if line.starts_with("Attached ") => break true,
                Ok(_) => {}
                Err(_) => break false,
            }
        };
        if !attached {
            let _ = child.kill();
            let _ = child.wait();
            let err = err_reader.join().unwrap_or_default();
            return Err(format!("sonde never reported 'Attached'; stderr:\n{err}"));
        }
        if sonde_programs_loaded() == 0 {
            problems.push(
                "while sonde ran, the leftover check saw none of its programs (the check is blind)"
                    .to_string(),
            );
        }
        if let Some(trigger) = &case.trigger {
            let status = Command::new("sh")
                .arg("-c")
                .arg(trigger)
                .env(
                    "TRIGGER",
                    format!(
                        "{} --trigger",
                        std::env::current_exe()
                            .map_err(|e| e.to_string())?
                            .display()
                    ),
                )
                .env(NESTED, "1")
                .stdout(Stdio::null())
                .status()
                .map_err(|e| format!("cannot run trigger: {e}"))?;
            if status.code() == Some(127) {
                problems.push(format!(
                    "trigger failed: {status}: a command it runs is not installed \
                     (sh named it above; list it in .ci/commands)"
                ));
            } else if !status.success() {
                problems.push(format!("trigger failed: {status}"));
            }
        }
        if let Some(sig) = case.stop {
            // SAFETY: sending a signal to our own child.
            unsafe { libc::kill(child.id() as i32, sig) };
        }
    }
    let status = wait_with_timeout(&mut child, Duration::from_secs(30));
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    let code = match status {
        Some(code) => code,
        None => {
            return Err(format!(
                "sonde did not exit within 30 s\nstdout:\n{out}\nstderr:\n{err}"
            ));
        }
    };

    if code != case.exit {
        problems.push(format!("exit code {code}, expected {}", case.exit));
    }
    if let Some(expected) = &case.stdout
        && &out != expected
    {
        problems.push(format!(
            "stdout differs\n--- expected\n{expected}--- got\n{out}---"
        ));
    }
    let out_lines: Vec<&str> = out.lines().collect();
    for want in &case.stdout_has {
        if !out_lines.contains(&want.as_str()) {
            problems.push(format!("stdout lacks the line: {want}"));
        }
    }
    for pattern in &case.stdout_like {
        if !out_lines.iter().any(|l| glob(pattern, l)) {
            problems.push(format!("no stdout line matches: {pattern}"));
        }
    }
    for unwanted in &case.stdout_lacks {
        if out_lines.contains(&unwanted.as_str()) {
            problems.push(format!("stdout has the line it must not: {unwanted}"));
        }
    }
    for (n, line) in &case.stdout_min {
        let seen = out_lines.iter().filter(|l| glob(line, l)).count();
        if seen < *n {
            problems.push(format!(
                "stdout has {seen} of the line, expected at least {n}: {line}"
            ));
        }
    }
    // "Lost N events" lines on stderr, as bpftrace prints them.
    let lost: usize = err
        .lines()
        .filter_map(|l| {
            l.strip_prefix("Lost ")?
                .strip_suffix(" events")?
                .parse::<usize>()
                .ok()
        })
        .sum();
    if let Some((n, line)) = &case.accounted {
        let printed = out_lines.iter().filter(|l| **l == line.as_str()).count();
        if printed + lost != *n {
            problems.push(format!("printed {printed} + lost {lost} != generated {n}"));
        }
    }
    match case.lost {
        Some(true) if lost == 0 => {
            problems.push("expected some lost events, none were reported".into())
        }
        Some(false) if lost > 0 => problems.push(format!("{lost} events were lost")),
        _ => {}
    }
    for want in &case.stderr_has {
        if !err.contains(want.as_str()) {
            problems.push(format!("stderr lacks: {want}"));
        }
    }
    // The kernel frees a program after the last reference is closed, and for
    // raw tracepoints (tp_btf) only after an RCU grace period: measured here,
    // gone within 200 ms. Anything still loaded after a second is a leak.
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut left = sonde_programs_loaded();
    while left != 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        left = sonde_programs_loaded();
    }
    if left != 0 {
        problems.push(format!(
            "{left} Sonde program(s) still loaded a second after exit"
        ));
    }
    for entry in sonde_tracefs_entries() {
        problems.push(format!("left in tracefs after exit: {entry}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n[{}]\nstdout:\n{out}\nstderr:\n{err}",
            problems.join("\n"),
            case.file.display()
        ))
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            let Some(rest) = text.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .filter(|i| rest.is_char_boundary(*i))
                .any(|i| glob(tail, &rest[i..]))
        }
    }
}

fn wait_with_timeout(child: &mut std::process::Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                use std::os::unix::process::ExitStatusExt;
                return Some(
                    status
                        .code()
                        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0)),
                );
            }
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// Dynamic probe entries (kprobes, uprobes) Sonde may register, still there.
fn sonde_tracefs_entries() -> Vec<String> {
    [
        "/sys/kernel/tracing/kprobe_events",
        "/sys/kernel/tracing/uprobe_events",
    ]
    .iter()
    .filter_map(|path| std::fs::read_to_string(path).ok())
    .flat_map(|text| {
        text.lines()
            .filter(|l| l.contains("sonde"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    })
    .collect()
}

/// Programs in the kernel whose name Sonde gives (`sonde_N`).
fn sonde_programs_loaded() -> usize {
    aya::programs::loaded_programs()
        .filter_map(Result::ok)
        .filter(|p| p.name_as_str().is_some_and(|n| n.starts_with("sonde_")))
        .count()
}
