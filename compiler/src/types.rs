//! The types of Sonde values.

use crate::script::{StackType, ValueKind};
pub use crate::type_syntax::IntArray;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Every integer is computed in 64 bits; signedness decides division,
    /// comparison, right shift and printing.
    Int { signed: bool },
    /// An integer of an enum: computed as `Int { signed }`, printed by its
    /// enumerator's name. `id` indexes the analysis's enum table (the
    /// enumerators), as `Tuple`'s its tuple table. Arithmetic on one gives a
    /// plain `Int`; so does a holder (map, variable) given values of two
    /// enums, or of an enum and a plain integer (see `Checker::merged_type`).
    Enum { id: u32, signed: bool },
    /// An address without a type to follow (a tracepoint's `char *` or
    /// `void *` field, a uprobe's pointer argument): computed as an unsigned
    /// `Int`, printed in hex as a pointer, as bpftrace prints one.
    /// Arithmetic on one gives a plain `Int`.
    Address,
    /// `true`/`false`, comparisons, `!x`, `(bool)x`: 0 or 1 in 64 bits,
    /// an integer wherever one is needed, printed as `true`/`false`.
    Bool,
    /// A NUL-padded string of the script's string size (`Analysis::string_size`).
    Str,
    /// No value (`printf`, `exit`, ...).
    Void,
    /// `(a, b, ...)`: an index into the analysis's tuple table, which keeps
    /// `Type` small and `Copy`.
    Tuple(u32),
    /// A pointer to a kernel type (its BTF id; 0 for void): an unsigned
    /// address that `->` and `.` can follow.
    KernelPtr(u32),
    /// A kernel struct or union in kernel memory (its BTF id), e.g.
    /// `curtask->se`: only its members can be taken.
    KernelRecord(u32),
    /// A pointer into the traced process's memory to a type the kernel's
    /// BTF describes (a syscall's `struct __kernel_timespec *`): read with
    /// the user-memory helper.
    UserPtr(u32),
    /// A struct in the traced process's memory.
    UserRecord(u32),
    /// `kstack` / `ustack`: printed as frames in user space.
    Stack(StackType),
    /// `ksym(addr)`: a kernel address printed as its symbol's name.
    Ksym,
    /// `usym(addr)`: a user address and its pid, printed as the symbol's name.
    Usym,
    /// `syscall_name(id)`: a system call number, printed as its name.
    SyscallName,
    /// `strerror(errno)`: an errno, printed as its message.
    Strerror,
    /// `username`: a uid, printed as its user's name.
    Username,
    /// `strftime(FORMAT, ns)`: nanoseconds since boot and the index of its
    /// format in the analysis's table, shown in user space.
    Timestamp,
    /// `cgroup_path(id)`: a cgroup id and the index of its hierarchy filter
    /// in the same table, named in user space when printed.
    CgroupPath,
    /// `ntop(...)`: an address family and 16 address bytes.
    Inet,
    /// `macaddr(...)`: 6 bytes.
    MacAddr,
    /// `buf(p, n)`: up to this many bytes, and how many were read.
    Buffer(u32),
    /// `(uint8[8])x`, `pton("::1")`: integers one after another, kept in
    /// memory (`ValueKind::IntArray`), printed as `[1,2,3]`.
    IntArray(IntArray),
}

impl Type {
    pub fn describe(self) -> &'static str {
        match self {
            Type::Int { signed: true } => "int64",
            Type::Int { signed: false } => "uint64",
            // As the integers they compute as, so messages read as before.
            Type::Enum { signed: true, .. } => "int64",
            Type::Enum { signed: false, .. } => "uint64",
            Type::Address => "uint64",
            Type::Bool => "bool",
            Type::Str => "string",
            Type::Void => "none",
            Type::Tuple(_) => "tuple",
            Type::KernelPtr(_) | Type::UserPtr(_) => "pointer",
            Type::KernelRecord(_) | Type::UserRecord(_) => "struct",
            Type::Stack(st) => st.name(),
            Type::Ksym => "ksym",
            Type::SyscallName => "syscall name",
            Type::Strerror => "error message",
            Type::Username => "username",
            Type::Usym => "usym",
            Type::Timestamp => "timestamp",
            Type::CgroupPath => "cgroup path",
            Type::Inet => "inet address",
            Type::MacAddr => "MAC address",
            Type::Buffer(_) => "buffer",
            Type::IntArray(_) => "array",
        }
    }

    pub fn describe_with_article(self) -> String {
        if let Type::Buffer(size) = self {
            return format!("a buffer of {size} bytes");
        }
        if let Type::IntArray(array) = self {
            let name = array.name();
            let article = if name.starts_with('i') { "an" } else { "a" };
            return format!("{article} {name}");
        }
        let name = self.describe();
        // "a uint64", "a usym": their u sounds like "you".
        let article = if name.starts_with(['a', 'e', 'i', 'o']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// The layout of a value of this type; a string takes `string_size` bytes.
    pub fn value_kind(self, string_size: u32) -> Option<ValueKind> {
        match self {
            Type::Int { signed } => Some(ValueKind::Int { signed }),
            Type::Bool => Some(ValueKind::Bool),
            Type::KernelPtr(_) | Type::UserPtr(_) | Type::Address => Some(ValueKind::Pointer),
            Type::Str => Some(ValueKind::Str { size: string_size }),
            Type::Stack(st) => Some(ValueKind::Stack(st)),
            Type::Ksym => Some(ValueKind::Ksym),
            Type::SyscallName => Some(ValueKind::SyscallName),
            Type::Username => Some(ValueKind::Username),
            Type::Strerror => Some(ValueKind::Strerror),
            Type::Usym => Some(ValueKind::Usym),
            Type::Inet => Some(ValueKind::Inet),
            Type::MacAddr => Some(ValueKind::MacAddr),
            Type::Buffer(size) => Some(ValueKind::Buffer { size }),
            Type::IntArray(array) => Some(ValueKind::IntArray {
                elem_size: array.bytes,
                signed: array.signed,
                len: array.len,
            }),
            // A timestamp's layout holds the formats, an enum's its
            // enumerators: see `sema::checker::tuple_layout`.
            Type::Void
            | Type::Enum { .. }
            | Type::Tuple(_)
            | Type::KernelRecord(_)
            | Type::UserRecord(_)
            | Type::Timestamp
            | Type::CgroupPath => None,
        }
    }

    /// Values that codegen keeps in a buffer of their layout's size (not in
    /// a 64-bit register): tuples, stacks, usym, inet addresses, buffers,
    /// timestamps.
    pub fn in_memory(self) -> bool {
        matches!(
            self,
            Type::Tuple(_)
                | Type::Stack(_)
                | Type::Usym
                | Type::Inet
                | Type::Buffer(_)
                | Type::Timestamp
                | Type::CgroupPath
                | Type::IntArray(_)
        )
    }

    /// Values only user space can show (printf's %s or %r, print(), maps).
    pub fn is_formatted(self) -> bool {
        matches!(
            self,
            Type::Timestamp
                | Type::CgroupPath
                | Type::Inet
                | Type::MacAddr
                | Type::Buffer(_)
                | Type::SyscallName
                | Type::Strerror
                | Type::Username
        )
    }

    /// Integers, bools (0 or 1), and pointers, which are addresses.
    pub fn is_int(self) -> bool {
        matches!(
            self,
            Type::Int { .. }
                | Type::Enum { .. }
                | Type::Address
                | Type::Bool
                | Type::KernelPtr(_)
                | Type::UserPtr(_)
        )
    }

    /// An integer of any kind: a plain one, an enum's value, an untyped
    /// address (not a bool, not a pointer that `->` follows).
    pub fn is_integer(self) -> bool {
        matches!(self, Type::Int { .. } | Type::Enum { .. } | Type::Address)
    }

    /// An integer for arithmetic: a bool computes as the unsigned 0 or 1,
    /// an enum's value as the integer it is.
    pub fn as_arith(self) -> Type {
        match self {
            Type::Bool => Type::Int { signed: false },
            Type::Enum { signed, .. } => Type::Int { signed },
            Type::Address => Type::Int { signed: false },
            other => other,
        }
    }

    /// The same kind of value (signedness aside): what assignments require.
    pub fn compatible(self, other: Type) -> bool {
        matches!(
            (self, other),
            (
                Type::Int { .. } | Type::Enum { .. } | Type::Address,
                Type::Int { .. } | Type::Enum { .. } | Type::Address
            ) | (Type::Bool, Type::Bool)
                | (Type::Str, Type::Str)
        ) || matches!((self, other), (Type::KernelPtr(a), Type::KernelPtr(b)) if a == b)
            || matches!((self, other), (Type::UserPtr(a), Type::UserPtr(b)) if a == b)
            || matches!((self, other), (Type::Tuple(a), Type::Tuple(b)) if a == b)
            || matches!((self, other), (Type::Stack(a), Type::Stack(b)) if a == b)
            || matches!(
                (self, other),
                (Type::Ksym, Type::Ksym)
                    | (Type::Usym, Type::Usym)
                    | (Type::SyscallName, Type::SyscallName)
                    | (Type::Username, Type::Username)
                    | (Type::Strerror, Type::Strerror)
            )
            || matches!((self, other), (Type::Buffer(a), Type::Buffer(b)) if a == b)
            || matches!((self, other), (Type::IntArray(a), Type::IntArray(b)) if a == b)
            || matches!(
                (self, other),
                (Type::Inet, Type::Inet)
                    | (Type::MacAddr, Type::MacAddr)
                    | (Type::Timestamp, Type::Timestamp)
                    | (Type::CgroupPath, Type::CgroupPath)
            )
    }
}
