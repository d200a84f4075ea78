//! `-l`: the probes that exist, as bpftrace lists them. Without a pattern,
//! or with one whose kind is a wildcard (`*:*`, `*sleep*`), every kernel
//! kind bpftrace lists: fentry, hardware, iter, kprobe, rawtracepoint,
//! software, tracepoint (return probes and user-space kinds only when
//! named). A pattern naming a binary (`uprobe:/bin/bash:*`,
//! `usdt:/usr/bin/node:*`) lists its functions or USDT probes. Probes come
//! out sorted by name, each once; `verbose` (`-lv`) follows each with its
//! arguments on indented lines.

use super::{PROVIDERS, glob_match, perf, uprobe};
use crate::kernel::Kernel;
use crate::kernel::btf_c::TypeKind;

/// The kinds a pattern without a kind lists, in the order they sort.
const KERNEL_KINDS: &[&str] = &[
    "fentry",
    "hardware",
    "iter",
    "kprobe",
    "rawtracepoint",
    "software",
    "tracepoint",
];

/// Kinds listed only when the pattern names them.
const NAMED_ONLY: &[&str] = &["fexit", "kretprobe"];

/// A probe's name, and its argument lines for `-lv`.
type Entry = (String, Vec<String>);

/// Lists the probes matching `pattern` (every kernel probe without one).
pub fn list(
    pattern: Option<&str>,
    verbose: bool,
    kernel: &dyn Kernel,
) -> Result<Vec<String>, String> {
    if let Some((kind, name)) = pattern.and_then(TypeKind::split) {
        return list_types(kind, name, verbose, kernel);
    }
    let pattern = pattern.map_or_else(|| "*:*".to_string(), expand_alias);
    if let Some((kind, rest)) = pattern.split_once(':')
        && let Some((binary, _)) = rest.split_once(':')
        && matches!(kind, "uprobe" | "uretprobe" | "usdt")
    {
        return list_binary(&pattern, kind, binary, verbose, kernel);
    }
    let kind_pattern = pattern.split_once(':').map_or("*", |(kind, _)| kind);
    let named = !kind_pattern.contains(['*', '?']);
    let mut entries: Vec<Entry> = Vec::new();
    for kind in KERNEL_KINDS.iter().chain(NAMED_ONLY) {
        let wanted = if named {
            kind_pattern == *kind
        } else {
            KERNEL_KINDS.contains(kind) && glob_match(kind_pattern, kind)
        };
        if !wanted {
            continue;
        }
        match of_kind(kind, &pattern, verbose, kernel) {
            Ok(found) => entries.extend(found),
            // A kind asked for by name says why it has nothing; in a
            // listing of every kind, the others still come.
            Err(e) if named => return Err(e),
            Err(_) => {}
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    Ok(entries
        .into_iter()
        .flat_map(|(name, arguments)| std::iter::once(name).chain(arguments))
        .collect())
}

/// `-l 'struct NAME'` (or `union`, `enum`; NAME may be a wildcard): the
/// kernel's types of that kind, by name; with `verbose`, each as C, with
/// bpftrace's `vmlinux: ` before it and a blank line after.
fn list_types(
    kind: TypeKind,
    name: &str,
    verbose: bool,
    kernel: &dyn Kernel,
) -> Result<Vec<String>, String> {
    let types = kernel.kernel_types()?;
    let found = types.named_types(kind, &|candidate| glob_match(name, candidate), verbose);
    if !verbose {
        return Ok(found
            .into_iter()
            .map(|(_, found_name)| format!("{} {found_name}", kind.keyword()))
            .collect());
    }
    let ids: Vec<u32> = found.iter().map(|(id, _)| *id).collect();
    Ok(types
        .c_definitions(&ids)
        .into_iter()
        .flatten()
        .flat_map(|text| [format!("vmlinux: {text}"), String::new()])
        .collect())
}

/// The probes of one kernel kind that match `pattern`, with their
/// arguments when `verbose` (looked up only for those that match).
fn of_kind(
    kind: &str,
    pattern: &str,
    verbose: bool,
    kernel: &dyn Kernel,
) -> Result<Vec<Entry>, String> {
    let fields = |format: Option<crate::kernel::TracepointFormat>| -> Vec<String> {
        format
            .map(|f| {
                f.fields
                    .iter()
                    .map(|f| {
                        let name = if f.name == "$retval" {
                            "retval"
                        } else {
                            &f.name
                        };
                        format!("    {} {name}", f.c_type)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let matching = |names: Vec<String>| -> Vec<String> {
        names
            .into_iter()
            .map(|name| format!("{kind}:{name}"))
            .filter(|full| glob_match(pattern, full))
            .collect()
    };
    let without_kind = |full: &str| full[kind.len() + 1..].to_string();
    Ok(match kind {
        "tracepoint" => {
            let names = kernel
                .tracepoints()?
                .into_iter()
                .map(|(category, name)| format!("{category}:{name}"))
                .collect();
            let mut out = Vec::new();
            for full in matching(names) {
                let arguments = if verbose {
                    let rest = without_kind(&full);
                    let (category, name) = rest.split_once(':').unwrap_or((&rest, ""));
                    fields(kernel.tracepoint_format(category, name)?)
                } else {
                    Vec::new()
                };
                out.push((full, arguments));
            }
            out
        }
        "kprobe" | "kretprobe" => matching(kernel.kernel_functions(None)?)
            .into_iter()
            .map(|full| (full, Vec::new()))
            .collect(),
        "fentry" | "fexit" => {
            let types = kernel.kernel_types()?;
            matching(types.functions())
                .into_iter()
                .map(|full| {
                    let arguments = if verbose {
                        fields(types.function_format(&without_kind(&full), kind == "fexit"))
                    } else {
                        Vec::new()
                    };
                    (full, arguments)
                })
                .collect()
        }
        "rawtracepoint" => {
            let types = kernel.kernel_types()?;
            matching(types.raw_tracepoints())
                .into_iter()
                .map(|full| {
                    let arguments = if verbose {
                        fields(types.raw_tracepoint_format(&without_kind(&full)))
                    } else {
                        Vec::new()
                    };
                    (full, arguments)
                })
                .collect()
        }
        "iter" => {
            let types = kernel.kernel_types()?;
            matching(types.iterators())
                .into_iter()
                .map(|full| {
                    let arguments = if verbose {
                        iterator_members(types, &without_kind(&full))
                    } else {
                        Vec::new()
                    };
                    (full, arguments)
                })
                .collect()
        }
        "software" | "hardware" => perf::list()
            .into_iter()
            .filter(|full| full.starts_with(kind) && glob_match(pattern, full))
            .map(|full| (full, Vec::new()))
            .collect(),
        _ => Vec::new(),
    })
}

/// What `iter:TARGET`'s `ctx` holds besides `meta`: `struct task_struct * task`.
fn iterator_members(types: &crate::kernel::btf::KernelTypes, target: &str) -> Vec<String> {
    let Some(id) = types.record_by_name(&super::iter::context_struct(target), false) else {
        return Vec::new();
    };
    types
        .member_names(id)
        .into_iter()
        .filter(|name| name != "meta")
        .filter_map(|name| {
            let member = types.member(id, &name)?;
            Some(format!("    {} {name}", types.name(member.type_id)))
        })
        .collect()
}

fn list_binary(
    pattern: &str,
    kind: &str,
    binary: &str,
    verbose: bool,
    kernel: &dyn Kernel,
) -> Result<Vec<String>, String> {
    let path = uprobe::find_binary(binary)
        .ok_or_else(|| format!("cannot find the binary or library '{binary}'"))?;
    let path_text = path.to_string_lossy();
    // Match against the name as written, so `uprobe:libc:*` lists libc.
    let mut out = Vec::new();
    if kind == "usdt" {
        let mut notes = kernel.usdt_notes(&path)?;
        notes.sort_by(|a, b| (&a.provider, &a.name).cmp(&(&b.provider, &b.name)));
        notes.dedup_by(|a, b| a.provider == b.provider && a.name == b.name);
        for note in notes {
            let written = format!("usdt:{binary}:{}:{}", note.provider, note.name);
            if glob_match(pattern, &written) {
                out.push(format!("usdt:{path_text}:{}:{}", note.provider, note.name));
                if verbose {
                    out.extend(
                        note.arguments
                            .split_whitespace()
                            .enumerate()
                            .map(|(i, spec)| format!("    arg{i} {spec}")),
                    );
                }
            }
        }
    } else {
        let functions: Vec<String> = kernel
            .elf_functions(&path)?
            .into_iter()
            .map(|f| f.name)
            .filter(|name| glob_match(pattern, &format!("{kind}:{binary}:{name}")))
            .collect();
        // A uprobe's arguments, where the binary's DWARF has them (one
        // pass over it for all the functions).
        let arguments = if verbose && kind == "uprobe" {
            let names: Vec<&str> = functions.iter().map(String::as_str).collect();
            kernel.uprobe_args(&path, &names).unwrap_or_default()
        } else {
            Default::default()
        };
        for name in &functions {
            out.push(format!("{kind}:{path_text}:{name}"));
            if let Some(format) = arguments.get(name) {
                out.extend(
                    format
                        .fields
                        .iter()
                        .map(|a| format!("    {} {}", a.c_type, a.name)),
                );
            }
        }
    }
    Ok(out)
}

/// `t:x:y` → `tracepoint:x:y`, so that `-l` accepts the short forms.
fn expand_alias(pattern: &str) -> String {
    match pattern.split_once(':') {
        Some((kind, rest)) => {
            let full = match kind {
                "kfunc" => "fentry",
                "kretfunc" => "fexit",
                _ => PROVIDERS
                    .iter()
                    .find(|(_, alias)| !alias.is_empty() && *alias == kind)
                    .map_or(kind, |(full, _)| full),
            };
            format!("{full}:{rest}")
        }
        None if pattern.contains('*') => pattern.to_string(),
        // A bare word lists every probe containing it, like bpftrace.
        None => format!("*{pattern}*"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::FixtureKernel;

    #[test]
    fn without_a_pattern_every_kernel_kind_sorted_aliases_too() -> Result<(), String> {
        let k = FixtureKernel::standard();
        let all = list(None, false, &k)?;
        for wanted in [
            "hardware:cycles:",
            "kprobe:vfs_read",
            "software:context-switches:",
            "software:cs:",
            "tracepoint:sched:sched_switch",
        ] {
            assert!(all.iter().any(|l| l == wanted), "{wanted} in {all:?}");
        }
        // Return probes only when named.
        assert!(!all.iter().any(|l| l.starts_with("kretprobe:")), "{all:?}");
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(all, sorted);
        // No BTF in the fixture: fentry, iter and rawtracepoint are left
        // out of the whole listing, and named, they say why.
        assert!(list(Some("fentry:*"), false, &k).is_err());
        Ok(())
    }

    #[test]
    fn a_pattern_without_a_kind_searches_every_kind() -> Result<(), String> {
        let k = FixtureKernel::standard();
        assert_eq!(
            list(Some("*sync*"), false, &k)?,
            [
                "kprobe:__x64_sys_sync",
                "tracepoint:syscalls:sys_enter_sync"
            ]
        );
        assert_eq!(
            list(Some("kr:vfs_*"), false, &k)?,
            ["kretprobe:vfs_read", "kretprobe:vfs_write"]
        );
        Ok(())
    }
}
