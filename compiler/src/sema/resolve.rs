//! Probe resolution: the attach points of each probe and the argument
//! formats (tracepoint, BTF, DWARF) that `args` reads.

use crate::kernel::TracepointFormat;
use crate::script::Attach;
use std::collections::{BTreeMap, HashMap};

/// The DWARF arguments of the uprobes (at a function's entry) among
/// `attaches`, by (binary, function): each binary read once.
pub(super) fn uprobe_arguments(attaches: &[Attach]) -> HashMap<(&str, &str), TracepointFormat> {
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
        if let Ok(found) =
            crate::kernel::dwarf::functions_args(std::path::Path::new(path), &functions)
        {
            for (function, format) in found {
                if let Some(&f) = functions.iter().find(|f| **f == function) {
                    out.insert((path, f), format);
                }
            }
        }
    }
    out
}
