//! Semantic analysis: everything the compiler checks and decides between the
//! parse and codegen. Codegen reads the result (`Analysis`) and never reports
//! a user error itself. The jobs, in pipeline order, and where each is done:
//!
//! 1. Resolve probes and their context (`resolve.rs`, with `crate::probes`):
//!    every attach point, and the argument formats (tracepoint, BTF, DWARF)
//!    that `args` and `argN` read; `probe_context.rs` checks those reads.
//! 2. Infer the types of maps and variables to a fixpoint: the walk below
//!    runs leniently (reporting nothing) until it learns nothing new, at
//!    most 8 times, since map types flow between probes in any order.
//! 3. The strict check: one more walk over the same code, now reporting
//!    every error once (`Checker::error` and `Checker::warn` report only
//!    then) and recording what codegen needs. Both modes share one walk:
//!    statements (`statements.rs`, `loops.rs`); expressions
//!    (`expressions.rs`, `operators.rs`, `pointers.rs`, `records.rs`,
//!    `enums.rs`, `int_shapes.rs`); builtin variables (`builtin_vars.rs`,
//!    `probe_context.rs`); calls (`calls.rs` dispatches to `maps.rs`,
//!    `aggregations.rs`, `printf.rs`, `functions.rs`, `sizes.rs`,
//!    `stacks.rs`, `system.rs`, `find.rs`, `getopt.rs`, `compile_time.rs`);
//!    positional parameters (`positional.rs`). Map declarations
//!    (`map_decls.rs`) are read before the first pass and checked after
//!    the last.
//! 4. Record facts for codegen in `Analysis` (`analysis.rs`): types, layouts,
//!    call infos and printf records keyed by node id (`ast::NodeId`), then
//!    `finish` builds the map specs. The state the passes share is the
//!    `Checker` (`checker.rs`).

use crate::ast::*;
use crate::diag::Diagnostic;
use crate::kernel::Kernel;

mod aggregations;
mod analysis;
mod arrays;
mod builtin_vars;
#[cfg(test)]
mod call_checks_tests;
mod calls;
mod checker;
mod compile_time;
mod config_values;
mod decl_types;
mod enums;
mod expressions;
mod find;
mod functions;
mod getopt;
mod int_shapes;
mod lints;
mod loops;
mod map_decls;
mod maps;
mod operators;
mod pointers;
mod positional;
mod printf;
mod probe_context;
mod records;
mod resolve;
mod sizes;
mod stacks;
mod statements;
mod system;
#[cfg(test)]
mod tests;

pub use crate::options::Options;
pub use aggregations::MAX_LHIST_BUCKETS;
pub use analysis::{Analysis, DEFAULT_MAP_ENTRIES, ProbeAnalysis};
pub use functions::{ByteSource, CallInfo, Clock};
pub use loops::{MAX_UNROLL, MAX_UNROLLED_COPIES};
pub(crate) use maps::map_element;
pub use positional::{Positional, positional_index, positional_value};
pub use probe_context::{context_kinds, func_name};
pub use stacks::SymbolAddress;

use checker::Checker;

/// Checks `program` against `kernel` and decides what codegen needs: the
/// errors if there are any, else the `Analysis` (with the warnings).
pub fn analyse(
    program: &Program,
    kernel: &dyn Kernel,
    options: &Options,
) -> Result<Analysis, Vec<Diagnostic>> {
    let (probe_infos, mut warnings) = resolve::resolve_probes(program, kernel, options)?;
    let script_types =
        if program.structs.is_empty() && program.enums.is_empty() && program.typedefs.is_empty() {
            crate::ctypes::ScriptTypes::default()
        } else {
            crate::ctypes::ScriptTypes::build(
                &program.structs,
                &program.enums,
                &program.typedefs,
                kernel.kernel_types().ok(),
            )?
        };
    let mut checker = Checker::new(kernel, &script_types, probe_infos, options);
    checker.declare_maps(&program.map_decls);
    // Map types flow between probes in any order (`@a = @b` before `@b = 1`):
    // infer leniently until nothing changes, then check strictly once.
    for _ in 0..8 {
        let before = checker.known_types();
        checker.walk(program);
        if checker.known_types() == before {
            break;
        }
    }
    checker.strict = true;
    checker.walk(program);
    checker.check_declared_maps();
    if checker.diags.iter().any(Diagnostic::is_error) {
        return Err(checker.diags);
    }
    warnings.append(&mut checker.diags);
    let mut analysis = checker.finish();
    analysis.pid = options.pid;
    analysis.pid_namespace = kernel.pid_namespace();
    analysis.positional = options.positional.clone();
    let mut own = std::mem::take(&mut analysis.warnings);
    analysis.warnings = warnings;
    analysis.warnings.append(&mut own);
    analysis.missing_probes = options.missing_probes;
    analysis.ring_pages = options.ring_pages;
    analysis.metrics = options.metrics;
    analysis.print_maps_on_exit = options.print_maps_on_exit;
    analysis.helper_errors = options.helper_errors;
    analysis.verify_ir = options.verify_ir;
    analysis.max_cat_bytes = options.max_cat_bytes;
    analysis.max_probes = options.max_probes;
    analysis.max_programs = options.max_programs;
    analysis.stack_map_entries = options.max_map_keys;
    analysis.ustack_copy_bytes = options.ustack_copy_bytes;
    analysis.possible_cpus = kernel
        .possible_cpus()
        .map_err(|e| vec![Diagnostic::global(e)])?;
    Ok(analysis)
}

impl Checker<'_> {
    /// One pass over every probe: lenient or strict as `self.strict` says.
    fn walk(&mut self, program: &Program) {
        self.analysis.printfs.clear();
        self.analysis.printf_ids.clear();
        self.map_shapes.clear();
        for (i, probe) in program.probes.iter().enumerate() {
            self.current = i;
            self.probes[i].vars.clear();
            self.scopes.reset();
            self.loops.clear();
            self.widths.clear();
            self.var_shapes.clear();
            if let Some(pred) = &probe.predicate
                && let Some(t) = self.expr(pred)
                && !t.is_int()
            {
                self.error(
                    Diagnostic::error("a predicate must be an integer", pred.span.clone())
                        .with_label(format!("this is {}", t.describe_with_article()))
                        .with_hint("compare it: /comm == \"bash\"/"),
                );
            }
            self.stmts(&probe.body);
        }
    }
}
