//! The language's builtins, each declared once: the functions
//! (`functions.rs`: name, arguments, usage, whether `--unsafe` is needed,
//! which probes allow it, what it returns) and the variables
//! (`variables.rs`, `Builtin::decl`: name, type rule, which probes offer
//! it). `ProbeRule` is shared by both; sema applies it to each attach
//! point (`sema/probe_context.rs`, `offers`), so this module knows nothing
//! of probes and the syntax tree can hold a `Builtin`. Sema checks a call
//! against its declaration before the function's own check runs
//! (`sema/calls.rs`), and a variable's availability by its declaration;
//! sema and codegen then match on the enums exhaustively, so a new builtin
//! that lacks its check or its code does not compile.
//!
//! Adding a function: its entry in `functions.rs`, its check in the sema
//! room named for its job, and its code in the codegen room named for it.

mod functions;
mod variables;

pub use functions::{Arity, Function, FunctionDecl, MANY, ProbeRule, Returns, TypeTest};
pub use variables::{Builtin, VariableDecl};
