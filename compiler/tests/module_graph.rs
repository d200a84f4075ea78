//! The compiler's top-level modules import one another without a cycle:
//! each `crate::NAME` path in `src/X.rs` or `src/X/...` is an edge X → NAME,
//! and the graph of those edges must be acyclic, so each module can be read
//! (and changed) knowing only the ones below it. Reads the source text; it
//! does not build the compiler.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules `lib.rs` declares (`mod x;`, `pub mod x;`...).
fn top_level_modules(lib: &str) -> BTreeSet<String> {
    lib.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line.strip_prefix("mod ").or_else(|| {
                let (visibility, rest) = line.split_once(' ')?;
                visibility
                    .starts_with("pub")
                    .then_some(rest)?
                    .strip_prefix("mod ")
            })?;
            Some(rest.strip_suffix(';')?.trim().to_string())
        })
        .collect()
}

/// The text without comments: `//` to the end of a line, outside strings.
/// Doc comments name paths (`crate::script::...`) that import nothing.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut previous = '\0';
        let mut end = line.len();
        for (i, c) in line.char_indices() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
            } else if c == '"' {
                in_string = true;
            } else if c == '/' && previous == '/' {
                end = i - 1;
                break;
            }
            previous = c;
        }
        out.push_str(&line[..end]);
        out.push('\n');
    }
    out
}

fn identifier_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first segment of every `crate::` path in `text`, including each
/// branch of a group (`crate::{ast::Expr, diag}`: `ast` and `diag`).
fn crate_paths(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        // `sonde_crate::x` or `my_crate::x` are not this crate.
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = text[at + "crate::".len()..].trim_start();
        let Some(group) = rest.strip_prefix('{') else {
            names.push(identifier_at(rest).to_string());
            continue;
        };
        let mut depth = 1;
        let mut starts_item = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 1 => starts_item = true,
                c if c.is_whitespace() => {}
                _ if starts_item && depth == 1 => {
                    names.push(identifier_at(&group[i..]).to_string());
                    starts_item = false;
                }
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
    }
    names
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Which top-level module imports which, read from the compiler's source.
fn module_graph() -> Graph {
    let src = source_dir();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("compiler/src/lib.rs reads");
    let modules = top_level_modules(&lib);
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(first) = relative.components().next() else {
            continue;
        };
        let first = first.as_os_str().to_string_lossy();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        let Some(edges) = graph.get_mut(&module) else {
            continue; // lib.rs, or a file no module declares
        };
        let text = std::fs::read_to_string(&file).expect("a source file reads");
        for name in crate_paths(&without_comments(&text)) {
            if name != module && modules.contains(&name) {
                edges.insert(name);
            }
        }
    }
    graph
}

/// A cycle of `graph` as the modules along it, first repeated at the end
/// (`["a", "b", "a"]`), if it has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Unvisited,
        OnPath,
        Done,
    }
    fn visit<'g>(
        graph: &'g Graph,
        node: &'g str,
        marks: &mut BTreeMap<&'g str, Mark>,
        path: &mut Vec<&'g str>,
    ) -> Option<Vec<String>> {
        marks.insert(node, Mark::OnPath);
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next.as_str()).copied().unwrap_or(Mark::Unvisited) {
                Mark::OnPath => {
                    let from = path.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        path[from..].iter().map(|n| n.to_string()).collect();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::Unvisited => {
                    if let Some(cycle) = visit(graph, next, marks, path) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(node, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if marks.get(node.as_str()).copied().unwrap_or(Mark::Unvisited) == Mark::Unvisited
            && let Some(cycle) = visit(graph, node, &mut marks, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn the_compilers_modules_import_one_another_without_a_cycle() {
    let graph = module_graph();
    assert!(
        graph.len() > 10 && graph.values().any(|edges| !edges.is_empty()),
        "the module graph was not read: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the compiler's top-level modules import one another in a cycle: {} \
             (move what they share into a module below both)",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn a_cycle_is_found_and_named() {
    let graph: Graph = [
        ("ast", vec![]),
        ("probes", vec!["ast", "sema"]),
        ("sema", vec!["ast", "types", "probes"]),
        ("types", vec![]),
    ]
    .into_iter()
    .map(|(m, edges)| (m.to_string(), edges.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        find_cycle(&graph).map(|c| c.join(" -> ")),
        Some("probes -> sema -> probes".to_string())
    );
    let mut acyclic = graph;
    acyclic.insert("probes".into(), ["ast".to_string()].into());
    assert_eq!(find_cycle(&acyclic), None);
}

#[test]
fn paths_are_read_from_uses_and_groups_not_comments() {
    let text = without_comments(
        "use crate::ast::Expr;\n\
         use crate::{diag::Diagnostic, script::{self, Attach}};\n\
         let s = \"http://x\"; crate::types::Type::Void; // crate::codegen\n\
         /// `crate::probes::x` is named here only\n\
         use sonde_crate::kernel;\n",
    );
    assert_eq!(
        crate_paths(&text),
        ["ast", "diag", "script", "types"].map(String::from)
    );
    assert_eq!(
        top_level_modules("pub mod ast;\nmod codegen;\npub(crate) mod scope;\n"),
        ["ast", "codegen", "scope"].map(String::from).into()
    );
}
