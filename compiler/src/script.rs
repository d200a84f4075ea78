//! The contract with the runtime, as the compiler names it: everything of
//! the `sonde-script` crate (`CompiledScript` and its layouts), and the
//! string size of the script being compiled, which is the compiler's own.

pub use crate::string_size::{set_string_size, string_size};
pub use sonde_script::*;
