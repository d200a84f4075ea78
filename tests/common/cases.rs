//! The case format of `tests/cases/*.case`, read by the end-to-end suite
//! (`tests/e2e.rs`) and by the compile-only suite (`tests/diagnostics.rs`).

use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct Case {
    pub title: String,
    pub file: PathBuf,
    pub script: Option<String>,
    /// Run this shell command (with `$SONDE` set) instead of sonde itself.
    pub shell: Option<String>,
    pub args: Vec<String>,
    pub stdin: Option<String>,
    pub trigger: Option<String>,
    pub stop: Option<i32>,
    pub stdout: Option<String>,
    pub stdout_has: Vec<String>,
    pub stdout_lacks: Vec<String>,
    /// Globs (`*` any run) that must each match a whole stdout line.
    pub stdout_like: Vec<String>,
    /// (at least N, line): the line appears at least N times.
    pub stdout_min: Vec<(usize, String)>,
    /// (N, line): the line printed plus the events reported lost is exactly N.
    pub accounted: Option<(usize, String)>,
    /// Whether some events must be lost (true) or none (false).
    pub lost: Option<bool>,
    pub stderr_has: Vec<String>,
    pub exit: i32,
    /// Why a compile-only case cannot be judged against the fixture kernel
    /// (the `live-only` section): `tests/diagnostics.rs` reports it by name
    /// instead of running it; e2e runs every case and ignores the marker.
    #[allow(dead_code, reason = "read by tests/diagnostics.rs, not by e2e")]
    pub live_only: Option<String>,
}

/// The case format: `=== TITLE` starts a case; `--- SECTION` starts a section
/// whose body runs to the next marker. Sections: script, shell (a command run
/// instead of sonde, with `$SONDE` set), args, stdin, trigger,
/// stop (SIGINT/SIGTERM/SIGHUP), stdout (exact), stdout-has / stdout-lacks
/// (whole lines), stdout-like (globs, `*` any run), stdout-min (`N x LINE`: at least N lines match the glob), accounted
/// (`N x LINE`: printed plus reported lost is exactly N), lost (`none` or
/// `some`), stderr-has (substrings), exit (code), live-only (why a
/// compile-only case needs the live kernel, see `tests/diagnostics.rs`).
/// `#` lines before the first case are comments.
pub fn load_cases(dir: &Path) -> Result<Vec<Case>, String> {
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

pub fn parse_cases(text: &str, file: &Path, cases: &mut Vec<Case>) -> Result<(), String> {
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
            "live-only" => {
                let reason = trimmed.trim();
                if reason.is_empty() {
                    return Err(format!("{}: live-only needs a reason", case.title));
                }
                case.live_only = Some(reason.to_string());
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
