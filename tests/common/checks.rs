//! What a case expects of a finished run of sonde (exit code, stdout,
//! stderr), checked the same way by `tests/e2e.rs` and `tests/diagnostics.rs`.

use super::cases::Case;

/// Adds to `problems` every expectation of `case` that the run (its exit
/// `code` and output) missed, one line each, in a fixed order.
pub fn check_run(case: &Case, code: i32, out: &str, err: &str, problems: &mut Vec<String>) {
    if code != case.exit {
        problems.push(format!("exit code {code}, expected {}", case.exit));
    }
    if let Some(expected) = &case.stdout
        && out != expected
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
