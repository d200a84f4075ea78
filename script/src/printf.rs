//! Printf call sites: the parsed format pieces user space fills in, and
//! where each argument sits in the record.

use crate::values::ValueKind;

/// One printf call site: the parsed format and where each argument sits in
/// the record (after the 8-byte id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintfSpec {
    pub pieces: Vec<FormatPiece>,
    pub args: Vec<ValueKind>,
}

impl PrintfSpec {
    /// Record size: the id and each argument slot.
    pub fn record_size(&self) -> u32 {
        8 + self.args.iter().map(|a| a.slot_size()).sum::<u32>()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatPiece {
    Literal(String),
    /// A conversion that consumes the next argument.
    Conversion(Conversion),
    /// `time(FORMAT)`: the local wall-clock time when user space prints the
    /// record, through strftime(3) conversions.
    LocalTime(String),
    /// `join(array[, sep])`: the record's strings up to the first empty one,
    /// joined by the separator, and a newline.
    Join(String),
    /// `print(value)`: the next argument as bpftrace prints a value (tuples
    /// as `(1, x)`), and a newline; a `"value"` record in JSON.
    Value,
    /// `system(fmt, ...)`: the inner pieces make a shell command, which user
    /// space runs (`sh -c`) and whose standard output it prints.
    System(Vec<FormatPiece>),
    /// `cat(fmt, ...)`: the inner pieces make a file name, whose contents
    /// user space prints.
    Cat(Vec<FormatPiece>),
    /// `errorf(fmt, ...)` / `warnf(fmt, ...)`: the inner pieces make a
    /// message user space prints on stderr after `LOCATION: LEVEL: `
    /// (`stdin:1:9-62: ERROR: `). `span` is the call's, from which the
    /// compiler fills `location` once it knows the source.
    Diagnostic {
        level: String,
        location: String,
        span: (usize, usize),
        inner: Vec<FormatPiece>,
    },
}

/// The most array elements `join()` reads (bpftrace's default too).
pub const JOIN_MAX_ELEMENTS: u32 = 16;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conversion {
    pub left_align: bool,
    pub zero_pad: bool,
    pub plus: bool,
    pub space: bool,
    pub alternate: bool,
    pub width: Option<usize>,
    pub precision: Option<usize>,
    /// One of `d i u x X o c s p`, or `r` for a buffer.
    pub conv: char,
    /// How `%r` shows a buffer's bytes (`%r`, `%rx`, `%rh`).
    pub raw: RawStyle,
    /// `hh` (8), `h` (16) or none (32, an int): the integer is first
    /// narrowed to this many bits, as C's printf converts it; `l`, `ll`,
    /// `j`, `z` and `t` keep the 64-bit value.
    pub narrow_bits: Option<u32>,
}

/// bpftrace's buffer conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawStyle {
    /// `%r`: printable ASCII as is, other bytes as `\xNN`.
    #[default]
    Printable,
    /// `%rx`: every byte as `\xNN`.
    Escaped,
    /// `%rh`: every byte as two hex digits, separated by spaces.
    Hex,
}
