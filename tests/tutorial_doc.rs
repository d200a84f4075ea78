//! docs/tutorial.md is in shape: it copies every shipped tutorial script exactly,
//! has a captured output for each, and `docs/regen-tutorial` knows every script.
//! (The outputs themselves come from the live kernel: `docs/regen-tutorial`.)

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// The tutorial's scripts: file names under scripts/tutorial without `.bt`.
fn scripts() -> BTreeSet<String> {
    std::fs::read_dir(root().join("scripts/tutorial"))
        .expect("scripts/tutorial")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".bt").map(str::to_string))
        .collect()
}

/// NAME -> body of each `<!-- KIND: NAME -->` ... `<!-- end KIND -->` block.
fn blocks(doc: &str, kind: &str) -> Vec<(String, String)> {
    let open = format!("<!-- {kind}: ");
    let close = format!("<!-- end {kind} -->");
    let mut found = Vec::new();
    let mut rest = doc;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let (name, body) = after
            .split_once(" -->\n")
            .unwrap_or_else(|| panic!("unterminated {kind} marker"));
        let end = body
            .find(&close)
            .unwrap_or_else(|| panic!("{kind} block {name} has no '{close}'"));
        let inner = &body[..end];
        assert!(
            !inner.contains(&open),
            "{kind} block {name} is not closed before the next one"
        );
        found.push((name.to_string(), inner.to_string()));
        rest = &body[end + close.len()..];
    }
    assert_eq!(
        doc.matches(&close).count(),
        found.len(),
        "a '{close}' without its opening marker"
    );
    found
}

#[test]
fn every_script_is_copied_exactly_and_has_an_output() {
    let doc = read("docs/tutorial.md");
    let scripts = scripts();
    let copied = blocks(&doc, "script");
    let outputs = blocks(&doc, "output");
    let copied_names: BTreeSet<String> = copied.iter().map(|(n, _)| n.clone()).collect();
    let output_names: BTreeSet<String> = outputs.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        copied_names, scripts,
        "docs/tutorial.md must include each scripts/tutorial/*.bt once"
    );
    assert_eq!(
        copied.len(),
        copied_names.len(),
        "a script is included twice"
    );
    assert_eq!(
        output_names, scripts,
        "each tutorial script needs an output block"
    );
    for (name, body) in &copied {
        let text = read(&format!("scripts/tutorial/{name}.bt"));
        let inner = body
            .strip_prefix("```\n")
            .and_then(|b| b.strip_suffix("\n```\n"))
            .unwrap_or_else(|| panic!("script block {name} is not one fenced block"));
        assert_eq!(
            inner,
            text.trim_end(),
            "the copy of {name}.bt is stale: run docs/regen-tutorial --scripts-only"
        );
    }
    for (name, body) in &outputs {
        assert!(
            body.starts_with("Captured by `docs/regen-tutorial`"),
            "output {name} was not captured by docs/regen-tutorial: run it"
        );
        let fenced = body.split("```").nth(1).unwrap_or("");
        assert!(
            fenced.trim().lines().count() >= 1,
            "output {name} is empty: run docs/regen-tutorial {name}"
        );
    }
}

#[test]
fn regen_tutorial_runs_every_script() {
    let regen = read("docs/regen-tutorial");
    for name in scripts() {
        assert!(
            regen.contains(&format!("Lesson(\"{name}\"")),
            "docs/regen-tutorial has no Lesson(\"{name}\", ...) entry"
        );
    }
}

#[test]
fn lessons_one_to_seventeen_have_a_section() {
    let doc = read("docs/tutorial.md");
    for n in 1..=17 {
        assert!(
            doc.contains(&format!("\n## Lesson {n}. ")),
            "docs/tutorial.md has no '## Lesson {n}.' section"
        );
    }
}
