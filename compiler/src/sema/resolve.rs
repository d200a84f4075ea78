//! Probe resolution: the attach points of each probe and the argument
//! formats (tracepoint, BTF, DWARF) that `args` reads.

use super::{Options, ProbeAnalysis};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::kernel::{Kernel, TracepointFormat};
use crate::probes;
use crate::script::Attach;
use std::collections::{BTreeMap, HashMap};

/// Resolves every probe's attach points and reads the argument formats
/// they offer; the probes that resolve, with the warnings of resolution.
pub(super) fn resolve_probes(
    program: &Program,
    kernel: &dyn Kernel,
    options: &Options,
) -> Result<(Vec<ProbeAnalysis>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let mut probe_infos = Vec::new();
    let mut expanded = Vec::new();
    for probe in &program.probes {
        let mut attaches = Vec::new();
        for ap in &probe.attach_points {
            let ap = match with_positionals(ap, &options.positional) {
                Ok(ap) => ap,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            match probes::resolve(&ap, options, kernel, &mut warnings) {
                Ok(mut list) => attaches.append(&mut list),
                Err(d) if d.missing_probe => match options.missing_probes {
                    crate::script::MissingProbes::Error => diags.push(d),
                    crate::script::MissingProbes::Warn => warnings.push(Diagnostic {
                        severity: crate::diag::Level::Warning,
                        ..d.with_hint("skipped: missing_probes = \"warn\"")
                    }),
                    crate::script::MissingProbes::Ignore => {}
                },
                Err(d) => diags.push(d),
            }
        }
        expanded.push(attaches);
    }
    // Refused as soon as the wildcards are expanded: before any format,
    // DWARF or program is made for thousands of attach points.
    if let Err(mut refused) = check_max_probes(&expanded, options.max_probes) {
        diags.append(&mut refused);
        return Err(diags);
    }
    for (probe, attaches) in program.probes.iter().zip(expanded) {
        let mut formats = Vec::new();
        // A binary's DWARF is read only for a probe that uses args.
        let uses_args = || {
            let mut found = false;
            let mut visit = |e: &Expr| {
                found |= matches!(&e.kind, ExprKind::Builtin(Builtin::Args));
            };
            if let Some(p) = &probe.predicate {
                p.walk(&mut visit);
            }
            for s in &probe.body {
                s.walk_exprs(&mut visit);
            }
            found
        };
        let uprobe_args = if uses_args() {
            uprobe_arguments(&attaches, kernel)
        } else {
            HashMap::new()
        };
        for attach in &attaches {
            formats.push(match attach {
                // (`uprobe_arguments` has only those at a function's entry.)
                Attach::Uprobe {
                    path,
                    symbol: Some(symbol),
                    ..
                } => uprobe_args.get(&(path.as_str(), symbol.as_str())).cloned(),
                Attach::Tracepoint { category, name } => {
                    match kernel.tracepoint_format(category, name) {
                        Ok(f) => f,
                        Err(e) => {
                            diags.push(Diagnostic::error(e, probe.attach_points[0].span.clone()));
                            None
                        }
                    }
                }
                Attach::RawTracepoint { name } => kernel
                    .kernel_types()
                    .ok()
                    .and_then(|t| t.raw_tracepoint_format(name)),
                Attach::Fentry { function, ret, .. } => kernel
                    .kernel_types()
                    .ok()
                    .and_then(|t| t.function_format(function, *ret)),
                _ => None,
            });
        }
        probe_infos.push(ProbeAnalysis {
            attaches,
            formats,
            per_attach: false,
            vars: BTreeMap::new(),
        });
    }
    // An iterator's run ends when it has visited everything, so it is the
    // script's one probe (as in bpftrace).
    let attach_count: usize = probe_infos.iter().map(|p| p.attaches.len()).sum();
    if attach_count > 1
        && let Some(probe) = program
            .probes
            .iter()
            .zip(&probe_infos)
            .find_map(|(probe, info)| {
                info.attaches
                    .iter()
                    .any(|a| matches!(a, Attach::Iter { .. }))
                    .then_some(probe)
            })
    {
        diags.push(
            Diagnostic::error(
                "an iter probe must be the script's only probe",
                probe.attach_points[0].span.clone(),
            )
            .with_label("the run ends when this iterator has visited everything")
            .with_hint("run the other probes in a script of their own"),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok((probe_infos, warnings))
}

/// The attach point with each `$N` in it replaced by the script's N-th
/// argument, as bpftrace does (`interval:ms:$1`, `tracepoint:syscalls:sys_enter_$1`).
fn with_positionals(ap: &AttachPoint, args: &[String]) -> Result<AttachPoint, Diagnostic> {
    if !ap.text.contains('$') {
        return Ok(ap.clone());
    }
    let mut text = String::new();
    let mut rest = ap.text.as_str();
    while let Some(at) = rest.find('$') {
        text.push_str(&rest[..at]);
        let digits: String = rest[at + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let value = digits
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .and_then(|n| args.get(n - 1));
        match value {
            Some(value) => text.push_str(value),
            None if digits.is_empty() => text.push('$'),
            None => {
                return Err(Diagnostic::error(
                    format!(
                        "the attach point uses ${digits}, and the script was given {} argument{}",
                        args.len(),
                        if args.len() == 1 { "" } else { "s" }
                    ),
                    ap.span.clone(),
                )
                .with_label("no such positional argument")
                .with_hint("pass it after the script: sonde script.bt ARG1 ..."));
            }
        }
        rest = &rest[at + 1 + digits.len()..];
    }
    text.push_str(rest);
    Ok(AttachPoint {
        text,
        span: ap.span.clone(),
    })
}

/// The DWARF arguments of the uprobes (at a function's entry) among
/// `attaches`, by (binary, function): each binary read once.
fn uprobe_arguments<'a>(
    attaches: &'a [Attach],
    kernel: &dyn Kernel,
) -> HashMap<(&'a str, &'a str), TracepointFormat> {
    let mut by_binary: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in attaches {
        if let Attach::Uprobe {
            path,
            symbol: Some(symbol),
            offset: 0,
            ret: false,
        } = a
        {
            by_binary.entry(path).or_default().push(symbol);
        }
    }
    let mut out = HashMap::new();
    for (path, functions) in by_binary {
        // A binary whose DWARF cannot be read has no args: the error says so.
        if let Ok(found) = kernel.uprobe_args(std::path::Path::new(path), &functions) {
            for (function, format) in found {
                if let Some(&f) = functions.iter().find(|f| **f == function) {
                    out.insert((path, f), format);
                }
            }
        }
    }
    out
}

/// `max_probes`, as bpftrace means it: the attachments the kernel makes
/// (every attach point after wildcard expansion; BEGIN and END are Sonde's
/// own events and attach nothing).
fn check_max_probes(expanded: &[Vec<Attach>], max_probes: usize) -> Result<(), Vec<Diagnostic>> {
    let attaches = expanded
        .iter()
        .flatten()
        .filter(|a| !a.is_special())
        .count();
    if attaches <= max_probes {
        return Ok(());
    }
    Err(vec![
        Diagnostic::global(format!(
            "the script attaches {attaches} probes, more than max_probes ({max_probes})"
        ))
        .with_hint("raise it with config = { max_probes = N } if you mean it"),
    ])
}
