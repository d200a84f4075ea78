//! What a call's declaration (`builtins`) refuses before the function's own
//! check runs: the number of arguments, `--unsafe`, the probes allowed.

use super::*;
use crate::builtins::Function;
use crate::kernel::FixtureKernel;
use crate::syntax_tree as parse;

fn first_error(text: &str) -> (String, String, Vec<String>) {
    first_error_with(text, &Options::default())
}

fn first_error_with(text: &str, options: &Options) -> (String, String, Vec<String>) {
    let diags = match analyse(
        &parse(text).expect("parses"),
        &FixtureKernel::standard(),
        options,
    ) {
        Ok(_) => panic!("{text}: expected an error"),
        Err(d) => d,
    };
    let d = &diags[0];
    (d.message.clone(), d.label.clone(), d.hints.clone())
}

#[test]
fn every_function_refuses_a_wrong_number_of_arguments_with_its_usage() {
    for function in Function::ALL {
        let decl = function.decl();
        // One more than the most it takes, or one fewer than the least.
        let n = if decl.arity.max < 5 {
            decl.arity.max + 1
        } else {
            match decl.arity.min.checked_sub(1) {
                Some(n) => n,
                None => continue,
            }
        };
        let args = vec!["1"; n].join(", ");
        let call = format!("{}({args})", decl.name);
        let text = if function.is_aggregation() {
            format!("BEGIN {{ @x = {call}; }}")
        } else {
            format!("BEGIN {{ {call}; }}")
        };
        let unsafe_allowed = Options {
            allow_unsafe: true,
            ..Options::default()
        };
        let (message, label, hints) = first_error_with(&text, &unsafe_allowed);
        assert_eq!(
            message,
            format!(
                "{}() takes {} but got {n}",
                decl.name,
                decl.arity.describe()
            ),
            "{text}"
        );
        assert_eq!(label, "wrong number of arguments", "{text}");
        assert_eq!(hints, vec![format!("usage: {}", decl.usage)], "{text}");
    }
}

#[test]
fn unsafe_functions_are_refused_without_unsafe() {
    for function in Function::ALL.iter().filter(|f| f.decl().is_unsafe) {
        let name = function.decl().name;
        let (message, _, _) = first_error(&format!(
            "tracepoint:sched:sched_switch {{ {name}(\"x\"); }}"
        ));
        assert_eq!(
            message,
            format!("{name}() is unsafe and is refused without --unsafe")
        );
    }
}

#[test]
fn a_function_outside_the_probes_its_declaration_allows_is_refused() {
    let (message, label, _) = first_error("tracepoint:sched:sched_switch { reg(\"ip\"); }");
    assert_eq!(
        message,
        "reg() is not available in tracepoint:sched:sched_switch"
    );
    assert_eq!(
        label,
        "only in kprobe, kretprobe, uprobe, uretprobe and usdt probes"
    );
    let (message, _, _) = first_error("BEGIN { path(1); }");
    assert_eq!(message, "path() is available only in iter probes");
    let (message, _, _) = first_error("tracepoint:sched:sched_switch { @x = uaddr(\"main\"); }");
    assert_eq!(
        message,
        "uaddr() is not available in tracepoint:sched:sched_switch"
    );
}
