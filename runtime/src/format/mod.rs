//! Turning raw record and map bytes into the text bpftrace users read.

pub mod cgroups;
pub mod hist;
pub mod json;
pub mod maps;
pub mod printf;
pub mod tseries;
pub mod values;

use sonde_script::{FieldShape, RecordField, StackType, ValueKind};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `max_strlen` and `str_trunc_trailer` of the running script: a string
/// slot whose NUL is at byte `max_strlen` held a string of that many
/// characters or more, and bpftrace 0.27 prints those characters and the
/// trailer. Set once per process, when the first script starts (a process
/// runs one script); unset, strings print up to their NUL.
static STRING_TRUNCATION: OnceLock<(usize, Vec<u8>)> = OnceLock::new();

/// Records the script's `max_strlen` and `str_trunc_trailer` for decoding.
pub fn set_string_truncation(max_strlen: u32, trailer: &str) {
    let _ = STRING_TRUNCATION.set((max_strlen as usize, trailer.as_bytes().to_vec()));
}

/// A string slot's text: up to its NUL, or `max_strlen` bytes and the
/// trailer when the NUL came right after them.
fn slot_text(bytes: &[u8]) -> Vec<u8> {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    match STRING_TRUNCATION.get() {
        // A read of max_strlen + 1 bytes ends in a NUL at max_strlen; a
        // longer string that is not such a read (comm's 16 bytes under a
        // smaller max_strlen) prints whole, as in bpftrace.
        Some((max_strlen, trailer)) if end == *max_strlen && bytes.len() > *max_strlen => {
            let mut text = bytes[..*max_strlen].to_vec();
            text.extend_from_slice(trailer);
            text
        }
        _ => bytes[..end].to_vec(),
    }
}

/// One entry of a map, its per-CPU copies merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapEntry {
    /// The user's keys (without the hist/lhist bucket slot).
    pub keys: Vec<Value>,
    pub value: Merged,
}

/// A map value after merging the per-CPU copies, by map kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// Plain, count, sum, min and max maps: one value.
    Value(Value),
    /// avg(): printed as `total / count` (integer division, as bpftrace).
    Avg { total: i64, count: u64 },
    /// stats(): count, average and total.
    Stats { total: i64, count: u64 },
    /// hist(): count by bucket index (see `MapKind::Hist`); absent buckets are 0.
    Hist {
        bits: u8,
        buckets: BTreeMap<u64, u64>,
        /// The values' sum, kept only for `--metrics` (`MapSpec::bucket_sums`).
        sum: Option<i64>,
    },
    /// lhist(): count by linear bucket index (see `MapKind::Lhist`).
    Lhist {
        min: i64,
        max: i64,
        step: i64,
        buckets: BTreeMap<u64, u64>,
        sum: Option<i64>,
    },
    /// tseries(): each interval's merged value, by epoch (see
    /// `MapKind::Tseries`); empty for a zeroed key.
    Tseries {
        shape: tseries::Shape,
        points: tseries::Points,
    },
}

/// C's `total / count` (truncating), 0 when nothing was counted, as bpftrace
/// prints avg() and stats().
pub fn average(total: i64, count: u64) -> i64 {
    if count == 0 {
        return 0;
    }
    // |total / count| <= |total|, so the quotient always fits.
    i64::try_from(i128::from(total) / i128::from(count)).unwrap_or(0)
}

/// A decoded value from a record or a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Int {
        bits: u64,
        signed: bool,
    },
    Bool(bool),
    /// An address, shown in hex (`0x4d2`); a number in JSON values.
    Pointer(u64),
    /// An integer of an enum, shown by its enumerator's name (`name`), or as
    /// the number when no enumerator has it; a number in JSON values.
    Enum {
        bits: u64,
        signed: bool,
        name: Option<String>,
    },
    /// A struct's members in order (`print(args)`).
    Record(Vec<(String, Value)>),
    /// An array member of a struct.
    Array(Vec<Value>),
    /// The bytes before the first NUL.
    Str(Vec<u8>),
    Tuple(Vec<Value>),
    /// A stack or symbol as the probe recorded it, before user space names
    /// it (`ScriptMaps::resolve` turns it into a `Str`).
    Symbolic(Symbolic),
    /// `strftime()`: nanoseconds since boot, shown through `format`.
    Timestamp {
        ns: u64,
        format: String,
    },
    /// `ntop()`: an address family and the address bytes.
    Inet {
        family: u64,
        address: [u8; 16],
    },
    /// `macaddr()`.
    MacAddr([u8; 6]),
    /// `buf()`: the bytes read.
    Buffer(Vec<u8>),
}

/// What a probe records for a value user space prints by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Symbolic {
    /// `kstack`/`ustack`: the key of its frames in the stack map of its
    /// limit, how many there are, and whose address space they are in.
    Stack {
        kind: StackType,
        hash: u64,
        frames: u32,
        pid: u32,
    },
    Ksym(u64),
    Usym {
        address: u64,
        pid: u64,
    },
}

impl Value {
    /// Decodes one slot; a short buffer decodes as zero / empty.
    pub fn decode(kind: &ValueKind, bytes: &[u8]) -> Value {
        match kind {
            ValueKind::Tuple(elements) => Value::Tuple(Value::decode_all(elements, bytes)),
            ValueKind::NamedTuple { names, elements } => Value::Record(
                names
                    .iter()
                    .cloned()
                    .zip(Value::decode_all(elements, bytes))
                    .collect(),
            ),
            ValueKind::Int { signed } => {
                let mut word = [0u8; 8];
                let n = bytes.len().min(8);
                word[..n].copy_from_slice(&bytes[..n]);
                Value::Int {
                    bits: u64::from_le_bytes(word),
                    signed: *signed,
                }
            }
            ValueKind::Bool => Value::Bool(word(bytes, 0) != 0),
            ValueKind::Record { fields, .. } => decode_record(fields, bytes),
            ValueKind::Pointer => Value::Pointer(word(bytes, 0)),
            ValueKind::Enum { signed, names } => {
                let bits = word(bytes, 0);
                Value::Enum {
                    bits,
                    signed: *signed,
                    name: names
                        .iter()
                        .find(|(value, _)| *value == bits)
                        .map(|(_, name)| name.clone()),
                }
            }
            ValueKind::Str { .. } => Value::Str(slot_text(bytes)),
            ValueKind::Stack(kind) => Value::Symbolic(Symbolic::Stack {
                kind: *kind,
                hash: word(bytes, 0),
                frames: word(bytes, 8) as u32,
                pid: (word(bytes, 8) >> 32) as u32,
            }),
            ValueKind::Ksym => Value::Symbolic(Symbolic::Ksym(word(bytes, 0))),
            ValueKind::Strerror => Value::Str(strerror(word(bytes, 0)).into_bytes()),
            ValueKind::Username => Value::Str(values::user_name(word(bytes, 0)).into_bytes()),
            ValueKind::SyscallName => {
                let number = word(bytes, 0);
                match sonde_script::syscalls::name(number) {
                    Some(name) => Value::Str(name.as_bytes().to_vec()),
                    None => Value::Int {
                        bits: number,
                        signed: false,
                    },
                }
            }
            ValueKind::Usym => Value::Symbolic(Symbolic::Usym {
                address: word(bytes, 0),
                pid: word(bytes, 8),
            }),
            ValueKind::Timestamp { formats } => Value::Timestamp {
                ns: word(bytes, 8),
                format: usize::try_from(word(bytes, 0))
                    .ok()
                    .and_then(|i| formats.get(i))
                    .cloned()
                    .unwrap_or_default(),
            },
            // Named now, when it is printed, as bpftrace does.
            ValueKind::CgroupPath { filters } => {
                let filter = usize::try_from(word(bytes, 0))
                    .ok()
                    .and_then(|i| filters.get(i))
                    .map_or("*", String::as_str);
                Value::Str(cgroups::cgroup_path(word(bytes, 8), filter).into_bytes())
            }
            ValueKind::Inet => {
                let mut address = [0u8; 16];
                copy_from(&mut address, bytes, 8);
                Value::Inet {
                    family: word(bytes, 0),
                    address,
                }
            }
            ValueKind::MacAddr => {
                let mut mac = [0u8; 6];
                copy_from(&mut mac, bytes, 0);
                Value::MacAddr(mac)
            }
            ValueKind::IntArray {
                elem_size,
                signed,
                len,
            } => {
                let shape = FieldShape::Int {
                    size: *elem_size,
                    signed: *signed,
                };
                decode_field(
                    &FieldShape::Array {
                        elem: Box::new(shape),
                        elem_size: u32::from(*elem_size),
                        len: *len,
                    },
                    bytes,
                )
            }
            ValueKind::Buffer { size } => {
                let stored = bytes.get(8..).unwrap_or(&[]);
                let len = usize::try_from(word(bytes, 0))
                    .unwrap_or(usize::MAX)
                    .min(*size as usize)
                    .min(stored.len());
                Value::Buffer(stored[..len].to_vec())
            }
        }
    }

    /// Decodes consecutive slots laid out as the compiler lays them out.
    pub fn decode_all(kinds: &[ValueKind], bytes: &[u8]) -> Vec<Value> {
        let mut offset = 0usize;
        kinds
            .iter()
            .map(|k| {
                let size = k.slot_size() as usize;
                let slot = bytes
                    .get(offset..)
                    .map_or(&[][..], |rest| &rest[..rest.len().min(size)]);
                offset += size;
                Value::decode(k, slot)
            })
            .collect()
    }

    /// The integer an integer-like value (an integer, a pointer, an enum's)
    /// holds and whether it is signed: what printf's integer conversions and
    /// sorting by value use.
    pub fn int_bits(&self) -> Option<(u64, bool)> {
        match self {
            Value::Int { bits, signed } | Value::Enum { bits, signed, .. } => {
                Some((*bits, *signed))
            }
            Value::Pointer(address) => Some((*address, false)),
            _ => None,
        }
    }

    /// How bpftrace shows the value in map output and `%s`.
    pub fn display(&self) -> String {
        match self {
            Value::Int { bits, signed: true } => (*bits as i64).to_string(),
            Value::Int {
                bits,
                signed: false,
            } => bits.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Pointer(address) => format!("{address:#x}"),
            Value::Enum {
                name: Some(name), ..
            } => name.clone(),
            Value::Enum {
                bits,
                signed,
                name: None,
            } => Value::Int {
                bits: *bits,
                signed: *signed,
            }
            .display(),
            Value::Record(members) => {
                let parts: Vec<String> = members
                    .iter()
                    .map(|(name, v)| format!(".{name} = {}", v.display()))
                    .collect();
                format!("{{ {} }}", parts.join(", "))
            }
            Value::Array(elements) => {
                let parts: Vec<String> = elements.iter().map(Value::display).collect();
                format!("[{}]", parts.join(","))
            }
            Value::Str(s) => String::from_utf8_lossy(s).into_owned(),
            Value::Tuple(elements) => {
                let parts: Vec<String> = elements.iter().map(Value::display).collect();
                format!("({})", parts.join(", "))
            }
            // Not resolved (no symbol tables): addresses, as for an unknown symbol.
            Value::Symbolic(Symbolic::Ksym(address) | Symbolic::Usym { address, .. }) => {
                format!("{address:#x}")
            }
            Value::Symbolic(Symbolic::Stack { .. }) => String::new(),
            Value::Timestamp { ns, format } => {
                values::strftime_at(format, *ns, values::boot_time_ns())
            }
            Value::Inet { family, address } => values::inet(*family, address),
            Value::MacAddr(mac) => values::mac(mac),
            Value::Buffer(bytes) => values::buffer(bytes, sonde_script::RawStyle::Printable),
        }
    }
}

/// A struct's members from its bytes.
fn decode_record(fields: &[RecordField], bytes: &[u8]) -> Value {
    Value::Record(
        fields
            .iter()
            .map(|f| {
                let at = bytes.get(f.offset as usize..).unwrap_or(&[]);
                (f.name.clone(), decode_field(&f.shape, at))
            })
            .collect(),
    )
}

fn decode_field(shape: &FieldShape, bytes: &[u8]) -> Value {
    match shape {
        FieldShape::Int { size, signed } => {
            let n = usize::from(*size).min(8);
            let mut w = [0u8; 8];
            copy_from(&mut w[..n], bytes, 0);
            let raw = u64::from_le_bytes(w);
            let bits = if *signed && n < 8 {
                // Sign-extend from the member's width.
                let shift = 64 - 8 * n as u32;
                (((raw << shift) as i64) >> shift) as u64
            } else {
                raw
            };
            Value::Int {
                bits,
                signed: *signed,
            }
        }
        FieldShape::Chars { len } => {
            let field = &bytes[..bytes.len().min(*len as usize)];
            let end = field.iter().position(|b| *b == 0).unwrap_or(field.len());
            Value::Str(field[..end].to_vec())
        }
        FieldShape::Pointer => Value::Str(format!("{:#x}", word(bytes, 0)).into_bytes()),
        FieldShape::Record(fields) => decode_record(fields, bytes),
        FieldShape::Array {
            elem,
            elem_size,
            len,
        } => Value::Array(
            (0..*len)
                .map(|i| {
                    let at = (i as usize).saturating_mul(*elem_size as usize);
                    decode_field(elem, bytes.get(at..).unwrap_or(&[]))
                })
                .collect(),
        ),
    }
}

/// The C library's message for errno `n` (`Operation not permitted`).
pub(crate) fn strerror(n: u64) -> String {
    let Ok(code) = i32::try_from(n) else {
        return format!("Unknown error {n}");
    };
    let text = std::io::Error::from_raw_os_error(code).to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The little-endian u64 at `at` (missing bytes read as zero).
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    copy_from(&mut w, bytes, at);
    u64::from_le_bytes(w)
}

/// Fills `out` from `bytes[at..]`, as far as there are bytes.
fn copy_from(out: &mut [u8], bytes: &[u8], at: usize) {
    let src = bytes.get(at..).unwrap_or(&[]);
    let n = out.len().min(src.len());
    out[..n].copy_from_slice(&src[..n]);
}
