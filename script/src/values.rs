//! How a value is laid out in a key, a map value or a record, and the
//! string sizes those layouts are built from.

use crate::stacks::StackType;

/// The most bytes a string value (map keys and values, printf arguments,
/// `str()`) occupies, NUL included, unless `max_strlen` says otherwise:
/// bpftrace 0.27's default.
pub const DEFAULT_STRING_SIZE: u32 = 1024;
/// The largest `max_strlen` Sonde takes (the default too). Strings
/// live in the per-CPU scratch area, never on the 512-byte BPF stack.
pub const MAX_STRING_SIZE: u32 = 1024;

/// How a value is laid out in a key, a map value or a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    /// A 64-bit integer; `signed` decides how it prints.
    Int { signed: bool },
    /// A bool: 8 bytes, 0 or 1, printed as `false` / `true`.
    Bool,
    /// A pointer: the 8-byte address, printed in hex (`0x4d2`) as bpftrace
    /// prints one (a number in JSON values); printf's integer conversions
    /// take it as the unsigned integer it is.
    Pointer,
    /// A NUL-padded string slot of `size` bytes (a multiple of 8, at most
    /// `STRING_SIZE`): 16 for `comm`, as much as the longest value stored.
    Str { size: u32 },
    /// Elements one after another, each in its own slot.
    Tuple(Vec<ValueKind>),
    /// A record `(a = 1, b = "x")`: elements laid out as a tuple's, each
    /// with its name, shown as a struct is: `{ .a = 1, .b = x }`.
    NamedTuple {
        names: Vec<String>,
        elements: Vec<ValueKind>,
    },
    /// `kstack` / `ustack`: 16 bytes, the stack's hash (its key in the stack
    /// map of its limit, 0 for an empty stack), the number of frames (u32) and
    /// the pid (u32, 0 for kernel stacks) whose mappings name the frames.
    Stack(StackType),
    /// `ksym(addr)`: the 8-byte address, named in user space.
    Ksym,
    /// `syscall_name(id)`: the 8-byte number, named in user space.
    SyscallName,
    /// `strerror(errno)`: the 8-byte errno, its message made in user space.
    Strerror,
    /// `username`: the 8-byte uid, its user's name looked up in user space.
    Username,
    /// `usym(addr)`: the address and the pid (u64 each) whose mappings name it.
    Usym,
    /// `strftime()`: the index of its format in `formats` (8 bytes), then
    /// nanoseconds since boot (8 bytes), shown as the wall-clock time through
    /// strftime(3) (and `%f`, microseconds). `formats` are every strftime
    /// format of the script.
    Timestamp { formats: Vec<String> },
    /// `cgroup_path()`: the filter's index in `filters`, then the cgroup id.
    CgroupPath { filters: Vec<String> },
    /// `ntop()`: the address family (8 bytes, AF_INET 2 or AF_INET6 10),
    /// then 16 address bytes (the first 4 for IPv4).
    Inet,
    /// `macaddr()`: 6 bytes in an 8-byte slot.
    MacAddr,
    /// `buf()`: the number of bytes read (8 bytes), then `size` bytes
    /// (the slot rounded up to a multiple of 8).
    Buffer { size: u32 },
    /// `uint8[4]`: `len` integers of `elem_size` bytes (1, 2, 4 or 8), little
    /// endian, one after another (the slot rounded up to a multiple of 8),
    /// shown as `[1,2,3,4]`, an array in JSON.
    IntArray {
        elem_size: u8,
        signed: bool,
        len: u32,
    },
    /// An integer of an enum, shown by its enumerator's name (in maps,
    /// tuples, `print()` and printf's `%s`): 8 bytes, as `Int`; a value no
    /// enumerator has prints as a number, and JSON values are numbers.
    Enum {
        signed: bool,
        names: Vec<(u64, String)>,
    },
    /// `print(args)`, `print(*p)`: a struct's `size` bytes as they are in
    /// memory, shown as bpftrace shows one: `{ .a = 1, .b = { .c = 2 } }`.
    Record { size: u32, fields: Vec<RecordField> },
}

/// A member of a printed struct: its name, where its bytes are (from the
/// start of the struct that holds it) and how to show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordField {
    pub name: String,
    pub offset: u32,
    pub shape: FieldShape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldShape {
    /// 1, 2, 4 or 8 bytes.
    Int { size: u8, signed: bool },
    /// `char name[len]`: the bytes before the first NUL.
    Chars { len: u32 },
    /// An address, shown in hex.
    Pointer,
    /// A struct or union inside the struct.
    Record(Vec<RecordField>),
    /// `elem[len]`, each `elem_size` bytes: `[1,2,3]`.
    Array {
        elem: Box<FieldShape>,
        elem_size: u32,
        len: u32,
    },
}

impl ValueKind {
    /// Bytes this value takes in a record or key, a multiple of 8.
    pub fn slot_size(&self) -> u32 {
        match self {
            ValueKind::Int { .. }
            | ValueKind::Bool
            | ValueKind::Pointer
            | ValueKind::Enum { .. } => 8,
            ValueKind::Str { size } => *size,
            ValueKind::Tuple(elements) | ValueKind::NamedTuple { elements, .. } => {
                elements.iter().map(ValueKind::slot_size).sum()
            }
            ValueKind::Stack(_) | ValueKind::Usym => 16,
            ValueKind::Ksym
            | ValueKind::SyscallName
            | ValueKind::Strerror
            | ValueKind::Username => 8,
            ValueKind::MacAddr => 8,
            ValueKind::Timestamp { .. } | ValueKind::CgroupPath { .. } => 16,
            ValueKind::Inet => 8 + 16,
            ValueKind::Buffer { size } => 8 + size.next_multiple_of(8),
            ValueKind::IntArray { elem_size, len, .. } => {
                (u32::from(*elem_size) * len).next_multiple_of(8).max(8)
            }
            ValueKind::Record { size, .. } => size.next_multiple_of(8),
        }
    }

    /// The elements of a tuple or a record, in their order in memory.
    pub fn tuple_elements(&self) -> Option<&[ValueKind]> {
        match self {
            ValueKind::Tuple(elements) | ValueKind::NamedTuple { elements, .. } => Some(elements),
            _ => None,
        }
    }

    /// Byte offset of each element of a tuple.
    pub fn tuple_offsets(elements: &[ValueKind]) -> Vec<u32> {
        elements
            .iter()
            .scan(0, |at, e| {
                let here = *at;
                *at += e.slot_size();
                Some(here)
            })
            .collect()
    }
}
