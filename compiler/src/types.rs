//! The types of Sonde values.

use crate::script::ValueKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Every integer is computed in 64 bits; signedness decides division,
    /// comparison, right shift and printing.
    Int { signed: bool },
    /// A NUL-padded string of `STRING_SIZE` bytes.
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
    /// `strftime(FORMAT, ns)`: nanoseconds since boot and the index of its
    /// format in the analysis's table, shown in user space.
    Timestamp,
    /// `ntop(...)`: an address family and 16 address bytes.
    Inet,
    /// `macaddr(...)`: 6 bytes.
    MacAddr,
    /// `buf(p, n)`: up to this many bytes, and how many were read.
    Buffer(u32),
}

impl Type {
    pub fn describe(self) -> &'static str {
        match self {
            Type::Int { signed: true } => "int64",
            Type::Int { signed: false } => "uint64",
            Type::Str => "string",
            Type::Void => "none",
            Type::Tuple(_) => "tuple",
            Type::KernelPtr(_) => "pointer",
            Type::KernelRecord(_) => "struct",
            Type::Timestamp => "timestamp",
            Type::Inet => "inet address",
            Type::MacAddr => "MAC address",
            Type::Buffer(_) => "buffer",
        }
    }

    pub fn describe_with_article(self) -> String {
        if let Type::Buffer(size) = self {
            return format!("a buffer of {size} bytes");
        }
        let name = self.describe();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    pub fn value_kind(self) -> Option<ValueKind> {
        match self {
            Type::Int { signed } => Some(ValueKind::Int { signed }),
            Type::KernelPtr(_) => Some(ValueKind::Int { signed: false }),
            Type::Str => Some(ValueKind::Str {
                size: crate::script::STRING_SIZE,
            }),
            Type::Inet => Some(ValueKind::Inet),
            Type::MacAddr => Some(ValueKind::MacAddr),
            Type::Buffer(size) => Some(ValueKind::Buffer { size }),
            // A timestamp's layout holds the formats: see `sema::layout`.
            Type::Void | Type::Tuple(_) | Type::KernelRecord(_) | Type::Timestamp => None,
        }
    }

    /// Values that codegen keeps in a buffer of their layout's size (not in
    /// a 64-bit register): tuples, inet addresses, buffers.
    pub fn in_memory(self) -> bool {
        matches!(
            self,
            Type::Tuple(_) | Type::Inet | Type::Buffer(_) | Type::Timestamp
        )
    }

    /// Values only user space can show (printf's %s or %r, print(), maps).
    pub fn is_formatted(self) -> bool {
        matches!(
            self,
            Type::Timestamp | Type::Inet | Type::MacAddr | Type::Buffer(_)
        )
    }

    /// Integers, and pointers, which are addresses.
    pub fn is_int(self) -> bool {
        matches!(self, Type::Int { .. } | Type::KernelPtr(_))
    }

    /// The same kind of value (signedness aside): what assignments require.
    pub fn compatible(self, other: Type) -> bool {
        matches!(
            (self, other),
            (Type::Int { .. }, Type::Int { .. }) | (Type::Str, Type::Str)
        ) || matches!((self, other), (Type::KernelPtr(a), Type::KernelPtr(b)) if a == b)
            || matches!((self, other), (Type::Tuple(a), Type::Tuple(b)) if a == b)
            || matches!((self, other), (Type::Buffer(a), Type::Buffer(b)) if a == b)
            || matches!(
                (self, other),
                (Type::Inet, Type::Inet)
                    | (Type::MacAddr, Type::MacAddr)
                    | (Type::Timestamp, Type::Timestamp)
            )
    }
}
