//! `uprobe:BINARY:FUNCTION[+OFFSET]`, `uprobe:BINARY:0xADDRESS` and
//! `uretprobe:BINARY:FUNCTION` (aliases `u:` / `ur:`). BINARY is a path, a
//! program found in PATH, or a library short name (`libc`) found where the
//! dynamic loader looks. Functions come from `.symtab` and `.dynsym`, `*`
//! wildcards expand over them. Context: `arg0`..`arg5`; `retval` on return.

use super::ContextKind;
use super::facts::ProbeFacts;
use super::glob_match;
use crate::ast::AttachPoint;
use crate::diag::{Diagnostic, nearest};
use crate::kernel::Kernel;
use crate::script::Attach;
use std::path::{Path, PathBuf};

const LIBRARY_DIRS: &[&str] = &[
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
    "/usr/local/lib",
];

pub(super) fn resolve(
    ap: &AttachPoint,
    rest: &str,
    ret: bool,
    kernel: &dyn Kernel,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Attach>, Diagnostic> {
    let kind = if ret { "uretprobe" } else { "uprobe" };
    let Some((binary, spec)) = rest
        .rsplit_once(':')
        .filter(|(b, s)| !b.is_empty() && !s.is_empty())
    else {
        return Err(
            Diagnostic::error(format!("malformed probe '{}'", ap.text), ap.span.clone())
                .with_label(format!("expected {kind}:BINARY:FUNCTION")),
        );
    };
    let path = find_binary(binary).ok_or_else(|| {
        Diagnostic::error(
            format!("cannot find the binary or library '{binary}'"),
            ap.span.clone(),
        )
        .with_label("no such file, program in PATH, or library")
        .with_hint("give a path (/usr/bin/bash), a program in PATH (bash) or a library name (libc)")
        .missing_probe()
    })?;
    let path_text = path.to_string_lossy().into_owned();
    let error = |e: String| Diagnostic::error(e, ap.span.clone()).with_label("in this probe");

    // A raw address: turned into a file offset here.
    if let Some(hex) = spec.strip_prefix("0x") {
        let address =
            u64::from_str_radix(hex, 16).map_err(|_| error(format!("bad address '{spec}'")))?;
        let offset = kernel
            .elf_file_offset(&path, address)
            .map_err(error)?
            .ok_or_else(|| error(format!("address {spec} is in no section of {path_text}")))?;
        return Ok(vec![Attach::Uprobe {
            path: path_text,
            symbol: None,
            offset,
            ret,
        }]);
    }
    let (function, offset) = match spec.split_once('+') {
        Some((f, off)) => {
            let offset = match off.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => off.parse().ok(),
            }
            .ok_or_else(|| error(format!("bad offset '{off}'")))?;
            if ret {
                return Err(error("a uretprobe cannot have an offset".into()));
            }
            (f, offset)
        }
        None => (spec, 0),
    };
    let functions = kernel.elf_functions(&path).map_err(error)?;
    let wildcard = function.contains('*') || function.contains('?');
    let chosen: Vec<&crate::kernel::ElfFunction> = functions
        .iter()
        .filter(|f| {
            if wildcard {
                glob_match(function, &f.name)
            } else {
                f.name == function
            }
        })
        .collect();
    if chosen.is_empty() {
        let mut d = Diagnostic::error(
            format!("{path_text} has no function matching '{function}'"),
            ap.span.clone(),
        )
        .with_label("not in .symtab or .dynsym")
        .missing_probe();
        if !wildcard && let Some(n) = nearest(function, functions.iter().map(|f| f.name.as_str())) {
            d = d.with_hint(format!("did you mean '{kind}:{binary}:{n}'?"));
        }
        if functions.is_empty() {
            d = d.with_hint("the binary has no symbols (stripped?)");
        }
        return Err(d);
    }
    for f in chosen.iter().filter(|f| f.ifunc) {
        // The symbol is the resolver; the code that runs has another name.
        let candidates: Vec<&str> = functions
            .iter()
            .filter(|c| !c.ifunc && c.name.starts_with(&format!("__{}_", f.name)))
            .map(|c| c.name.as_str())
            .take(4)
            .collect();
        let mut d = Diagnostic::warning(
            format!("{} in {path_text} is a GNU IFUNC: the probe lands on its resolver, which runs once when the program starts", f.name),
            ap.span.clone(),
        )
        .with_label("an indirect function");
        if !candidates.is_empty() {
            d = d.with_hint(format!(
                "the implementations are probably among: {}",
                candidates.join(", ")
            ));
        }
        warnings.push(d);
    }
    Ok(chosen
        .into_iter()
        .map(|f| Attach::Uprobe {
            path: path_text.clone(),
            symbol: Some(f.name.clone()),
            offset,
            ret,
        })
        .collect())
}

/// A path as given, a program in PATH, or `libNAME.so*` in the loader's directories.
pub(super) fn find_binary(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Path::new(name).is_file().then(|| PathBuf::from(name));
    }
    if let Some(found) = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
    {
        return Some(found);
    }
    let stem = if name.starts_with("lib") {
        name.to_string()
    } else {
        format!("lib{name}")
    };
    let prefix = format!("{stem}.so");
    LIBRARY_DIRS.iter().find_map(|dir| {
        let mut hits: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n == prefix || n.starts_with(&format!("{prefix}.")))
            })
            .collect();
        // The versioned name (libc.so.6) is the real library; libc.so may be a linker script.
        hits.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
        hits.into_iter()
            .find(|p| std::fs::read(p).is_ok_and(|d| d.starts_with(b"\x7fELF")))
    })
}

/// A uprobe fires in the process that runs the binary: its registers and
/// pointers are that process's.
pub(super) fn facts(ret: bool) -> ProbeFacts {
    ProbeFacts {
        section: if ret { "uretprobe" } else { "uprobe" },
        context: ContextKind::Regs { ret },
        in_process: true,
        user_pointers: true,
        pid_filtered: true,
    }
}
