//! The string size of the script being compiled: how many bytes a string
//! value takes (NUL included), from `max_strlen`. Kept per thread because the
//! compiler compiles a script on one thread and reads it in many places
//! (types, sema, codegen); the result goes into `CompiledScript::string_size`
//! for the runtime.

use crate::script::{DEFAULT_STRING_SIZE, MAX_STRING_SIZE};

thread_local! {
    static STRING_SIZE_NOW: std::cell::Cell<u32> = const { std::cell::Cell::new(DEFAULT_STRING_SIZE) };
}

/// The string size of the script being compiled on this thread (the
/// compiler compiles a script on one thread, and sets it from `max_strlen`
/// before its semantic pass; see `lib.rs`).
pub fn string_size() -> u32 {
    STRING_SIZE_NOW.with(std::cell::Cell::get)
}

/// Sets `string_size()` for this thread: a multiple of 8, at least 8.
pub fn set_string_size(bytes: u32) {
    STRING_SIZE_NOW.with(|s| s.set(bytes.clamp(8, MAX_STRING_SIZE).next_multiple_of(8)));
}
