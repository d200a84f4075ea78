//! The contract with the runtime, as the compiler names it: everything of
//! the `sonde-script` crate (`CompiledScript` and its layouts).

pub use sonde_script::*;
