//! `usdt:BINARY:PROVIDER:NAME` and `usdt:BINARY:NAME` (alias `U:`): the
//! statically defined probes a binary declares in `.note.stapsdt`. With
//! `-p PID` the binary may be left out (`usdt:PROVIDER:NAME`, `usdt:NAME`):
//! every file the process maps is searched. `*` wildcards match providers and
//! names. Context: `arg0`.. as many arguments as the probe has, decoded from
//! the argument specs (register, `off(%reg)` memory, `$constant`).

use super::ContextKind;
use super::facts::ProbeFacts;
use super::glob_match;
use super::uprobe::find_binary;
use crate::ast::AttachPoint;
use crate::diag::{Diagnostic, nearest};
use crate::kernel::{Kernel, UsdtNote, regs};
use crate::script::{Attach, UsdtArgument, UsdtLocation};
use sonde_script::proc_maps;
use std::path::{Path, PathBuf};

pub(super) fn resolve(
    ap: &AttachPoint,
    rest: &str,
    pid: Option<u32>,
    kernel: &dyn Kernel,
) -> Result<Vec<Attach>, Diagnostic> {
    let error =
        |message: String| Diagnostic::error(message, ap.span.clone()).with_label("in this probe");
    let parts: Vec<&str> = rest.split(':').collect();
    // Which files to search, and the provider and name patterns.
    let (files, provider, name): (Vec<PathBuf>, Option<&str>, &str) = match parts.as_slice() {
        [binary, provider, name] if !binary.is_empty() => {
            (vec![binary_path(ap, binary)?], Some(provider), name)
        }
        ["", provider, name] => (process_files(ap, pid)?, Some(provider), name),
        // With -p, `usdt:node:request` is PROVIDER:NAME unless it names a path.
        [first, name] if pid.is_none() || first.contains('/') => {
            (vec![binary_path(ap, first)?], None, name)
        }
        [provider, name] => (process_files(ap, pid)?, Some(provider), name),
        [name] if pid.is_some() => (process_files(ap, pid)?, None, name),
        _ => {
            return Err(Diagnostic::error(
                format!("malformed probe '{}'", ap.text),
                ap.span.clone(),
            )
            .with_label("expected usdt:BINARY:PROVIDER:NAME or usdt:BINARY:NAME")
            .with_hint("with -p PID the binary may be left out: usdt:PROVIDER:NAME"));
        }
    };
    if name.is_empty() || provider.is_some_and(str::is_empty) {
        return Err(error("a usdt probe needs a provider and a name".into()));
    }
    let mut found = Vec::new();
    let mut all_names = Vec::new();
    for file in &files {
        let notes = kernel.usdt_notes(file).map_err(error)?;
        let path_text = file.to_string_lossy().into_owned();
        for note in notes {
            all_names.push(format!("{}:{}", note.provider, note.name));
            let provider_ok = provider.is_none_or(|p| glob_match(p, &note.provider));
            if !(provider_ok && glob_match(name, &note.name)) {
                continue;
            }
            found.push(attach_for(ap, kernel, file, &path_text, note)?);
        }
    }
    if found.is_empty() {
        let shown = match &files[..] {
            [one] => one.to_string_lossy().into_owned(),
            _ => format!(
                "the {} files process {} maps",
                files.len(),
                pid.unwrap_or(0)
            ),
        };
        let wanted = provider.map_or(name.to_string(), |p| format!("{p}:{name}"));
        let mut d = Diagnostic::error(
            format!("{shown} has no USDT probe matching '{wanted}'"),
            ap.span.clone(),
        )
        .with_label("not in .note.stapsdt")
        .missing_probe();
        if all_names.is_empty() {
            d = d.with_hint("it declares no USDT probes at all");
        } else if let Some(n) = nearest(&wanted, all_names.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean '{n}'?"));
        }
        return Err(d);
    }
    // The same probe may be declared at several sites (inlined copies).
    found.dedup();
    Ok(found)
}

fn attach_for(
    ap: &AttachPoint,
    kernel: &dyn Kernel,
    file: &Path,
    path_text: &str,
    note: UsdtNote,
) -> Result<Attach, Diagnostic> {
    let error =
        |message: String| Diagnostic::error(message, ap.span.clone()).with_label("in this probe");
    let offset = kernel
        .elf_file_offset(file, note.address)
        .map_err(error)?
        .ok_or_else(|| {
            error(format!(
                "USDT probe {}:{} at {:#x} is in no section of {path_text}",
                note.provider, note.name, note.address
            ))
        })?;
    let semaphore = match note.semaphore {
        0 => None,
        address => Some(
            kernel
                .elf_file_offset(file, address)
                .map_err(error)?
                .ok_or_else(|| {
                    error(format!(
                        "the semaphore of {}:{} is in no section of {path_text}",
                        note.provider, note.name
                    ))
                })?,
        ),
    };
    let arguments = parse_arguments(&note.arguments).map_err(|e| {
        error(format!(
            "cannot read the arguments of USDT probe {}:{} ('{}'): {e}",
            note.provider, note.name, note.arguments
        ))
    })?;
    Ok(Attach::Usdt {
        path: path_text.to_string(),
        provider: note.provider,
        name: note.name,
        offset,
        semaphore,
        arguments,
    })
}

fn binary_path(ap: &AttachPoint, binary: &str) -> Result<PathBuf, Diagnostic> {
    find_binary(binary).ok_or_else(|| {
        Diagnostic::error(
            format!("cannot find the binary or library '{binary}'"),
            ap.span.clone(),
        )
        .with_label("no such file, program in PATH, or library")
        .with_hint("give a path (/usr/bin/node), a program in PATH or a library name (libc)")
        .with_hint("with -p PID the binary may be left out: usdt:PROVIDER:NAME")
        .missing_probe()
    })
}

/// The ELF files process `pid` maps (its binary and libraries), through its
/// root so that they are found from here.
fn process_files(ap: &AttachPoint, pid: Option<u32>) -> Result<Vec<PathBuf>, Diagnostic> {
    let Some(pid) = pid else {
        return Err(Diagnostic::error(
            "a usdt probe without a binary needs -p PID",
            ap.span.clone(),
        )
        .with_label("which binary?")
        .with_hint("name the binary: usdt:/path/to/binary:PROVIDER:NAME"));
    };
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).map_err(|e| {
        Diagnostic::error(
            format!("cannot read the mappings of process {pid}: {e}"),
            ap.span.clone(),
        )
        .with_label("for this probe")
    })?;
    Ok(mapped_files(pid, &maps))
}

/// The files of a process's mappings (`maps`, its `/proc/PID/maps`) that
/// are there to read, through its root.
fn mapped_files(pid: u32, maps: &str) -> Vec<PathBuf> {
    // A file deleted since it was mapped (an upgraded library) holds no
    // probe that can be attached: it is left out, not an error.
    let mut files: Vec<PathBuf> = proc_maps::parse(maps)
        .into_iter()
        .filter(|m| !m.deleted)
        .map(|m| PathBuf::from(format!("/proc/{pid}/root{}", m.path)))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Parses the argument specs of a probe, e.g. `-4@%eax 8@-8(%rbp) -4@$42`.
pub fn parse_arguments(specs: &str) -> Result<Vec<UsdtArgument>, String> {
    specs.split_whitespace().map(parse_argument).collect()
}

fn parse_argument(spec: &str) -> Result<UsdtArgument, String> {
    let (size_text, operand) = spec
        .split_once('@')
        .ok_or_else(|| format!("'{spec}' has no size@ prefix"))?;
    let sized: i64 = size_text
        .parse()
        .map_err(|_| format!("bad size in '{spec}'"))?;
    let size = u8::try_from(sized.unsigned_abs())
        .ok()
        .filter(|s| [1, 2, 4, 8].contains(s))
        .ok_or_else(|| format!("size {sized} in '{spec}'"))?;
    let location = if let Some(constant) = operand.strip_prefix('$') {
        UsdtLocation::Constant(
            parse_int(constant).ok_or_else(|| format!("bad constant in '{spec}'"))?,
        )
    } else if let Some(register) = operand.strip_prefix('%') {
        UsdtLocation::Register {
            pt_regs_offset: regs::offset_of_any_width(register)
                .ok_or_else(|| format!("unknown register %{register}"))?,
        }
    } else if let Some((displacement, base)) = operand.split_once('(') {
        let base = base
            .strip_suffix(')')
            .and_then(|b| b.strip_prefix('%'))
            .ok_or_else(|| format!("bad memory operand in '{spec}'"))?;
        let unsupported = |reason: &str| UsdtLocation::Unsupported {
            spec: spec.to_string(),
            reason: reason.to_string(),
        };
        if base.contains(',') {
            return Ok(UsdtArgument {
                size,
                signed: sized < 0,
                location: unsupported("indexed memory operands are not supported"),
            });
        }
        if base == "rip" {
            return Ok(UsdtArgument {
                size,
                signed: sized < 0,
                location: unsupported("%rip-relative operands are not supported"),
            });
        }
        let displacement = if displacement.is_empty() {
            0
        } else {
            parse_int(displacement).ok_or_else(|| format!("bad displacement in '{spec}'"))?
        };
        UsdtLocation::Memory {
            pt_regs_offset: regs::offset_of_any_width(base)
                .ok_or_else(|| format!("unknown register %{base}"))?,
            displacement,
        }
    } else {
        return Err(format!("unknown operand '{operand}'"));
    };
    Ok(UsdtArgument {
        size,
        signed: sized < 0,
        location,
    })
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    let value = match digits.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    Some(if negative { -value } else { value })
}

/// A USDT probe is a uprobe at the note's address, its arguments read as
/// its specs say, in the process's memory.
pub(super) fn facts() -> ProbeFacts {
    ProbeFacts {
        section: "uprobe",
        context: ContextKind::Usdt,
        in_process: true,
        user_pointers: true,
        pid_filtered: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_files_with_spaces_in_their_names_and_deleted_ones() {
        // The maps were split at every space: a path with one was cut short.
        let dir = std::env::temp_dir().join(format!("sonde usdt maps {}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let binary = dir.join("a program");
        std::fs::write(&binary, b"\x7fELF").expect("a temporary file");
        let shown = binary.display();
        let maps = format!(
            "55b7405be000-55b7405bf000 r-xp 00001000 08:01 1843399    {shown}\n\
             55b7405bf000-55b7405c0000 r-xp 00001000 08:01 1843398    {shown} (deleted)\n\
             55b7419e3000-55b741a04000 rw-p 00000000 00:00 0          [heap]\n"
        );
        let pid = std::process::id();
        assert_eq!(
            mapped_files(pid, &maps),
            [PathBuf::from(format!("/proc/{pid}/root{shown}"))]
        );
        // Only deleted: nothing to search.
        let deleted: String = maps.lines().skip(1).map(|l| format!("{l}\n")).collect();
        assert!(mapped_files(pid, &deleted).is_empty());
        std::fs::remove_dir_all(dir).expect("clean up");
    }

    #[test]
    fn argument_specs() {
        let args = parse_arguments("-4@%eax 8@%r10 -2@%ax -8@8(%rsp) -4@$-7 8@(%rdi) 1@%r9b")
            .expect("parses");
        let reg = |pt_regs_offset| UsdtLocation::Register { pt_regs_offset };
        assert_eq!(
            args,
            [
                UsdtArgument {
                    size: 4,
                    signed: true,
                    location: reg(80)
                },
                UsdtArgument {
                    size: 8,
                    signed: false,
                    location: reg(56)
                },
                UsdtArgument {
                    size: 2,
                    signed: true,
                    location: reg(80)
                },
                UsdtArgument {
                    size: 8,
                    signed: true,
                    location: UsdtLocation::Memory {
                        pt_regs_offset: 152,
                        displacement: 8
                    }
                },
                UsdtArgument {
                    size: 4,
                    signed: true,
                    location: UsdtLocation::Constant(-7)
                },
                UsdtArgument {
                    size: 8,
                    signed: false,
                    location: UsdtLocation::Memory {
                        pt_regs_offset: 112,
                        displacement: 0
                    }
                },
                UsdtArgument {
                    size: 1,
                    signed: false,
                    location: reg(64)
                },
            ]
        );
        assert_eq!(regs::offset_of_any_width("r15"), Some(0));
        assert_eq!(regs::offset_of_any_width("r12d"), Some(24));
        assert_eq!(regs::offset_of_any_width("r8"), Some(72));
        assert!(parse_arguments("4@%xmm0").is_err());
        assert!(parse_arguments("3@%eax").is_err());
        assert!(matches!(
            parse_arguments("8@x(%rip)").as_deref(),
            Ok([UsdtArgument {
                location: UsdtLocation::Unsupported { .. },
                ..
            }])
        ));
    }
}
