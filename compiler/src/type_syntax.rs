//! The types a script writes: in `sizeof()` and `offsetof()`, in casts
//! (`(uint8[8])x`) and in `let $x: T` declarations. Kept apart from
//! `ast.rs` so the syntax tree's file stays readable; `ast` re-exports them.

/// A type used as a value: `sizeof(struct x)`, `sizeof(uint8[4])`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeName {
    /// `struct NAME` or `union NAME`, from kernel BTF.
    Record { name: String, union: bool },
    /// `uint8`..`int64`, `bool`, and C's `char`, `unsigned int`, `long`...:
    /// its size in bytes (x86-64's). Arrays of integers (`uint8[8]`) and
    /// sized strings (`string[64]`) are their sizes too: sizeof() is all
    /// that takes them as type names.
    Int { bytes: u32 },
    /// A typedef or base type looked up in kernel BTF (`u32 *`).
    Named(String),
}

/// `int8[4]` ... `uint64[2]`: `len` integers of `bytes` bytes each, one
/// after another as in C (bpftrace's sized integer arrays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IntArray {
    pub bytes: u8,
    pub signed: bool,
    pub len: u32,
}

impl IntArray {
    /// The bytes the whole array takes.
    pub fn size(self) -> u64 {
        u64::from(self.bytes) * u64::from(self.len)
    }

    /// As bpftrace names the type: `uint8[4]`.
    pub fn name(self) -> String {
        format!(
            "{}int{}[{}]",
            if self.signed { "" } else { "u" },
            u32::from(self.bytes) * 8,
            self.len
        )
    }
}

/// The type a `let` declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclType {
    /// `int8` ... `uint64`, and `bool` (`bits` 1).
    Int { bits: u8, signed: bool },
    /// `string`, or `string[N]` (`Some(N)`: N bytes, NUL included).
    Str(Option<u32>),
    /// `uint8 *` ... `int64 *`: a pointer to an integer of `bits`.
    Pointer { bits: u8, signed: bool },
    /// `uint8[4]`.
    Array(IntArray),
}
