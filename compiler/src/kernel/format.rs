//! Tracepoint format files (`events/CAT/NAME/format`). Widths and signedness are
//! taken from `size:` and `signed:`, except where a plain C integer type is
//! narrower than its slot: syscall fields are 8 bytes whatever their type,
//! and `int dfd` is the int in the low 4 bytes (-100 for AT_FDCWD, as
//! bpftrace reads it through the C type), not a 64-bit 4294967196.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracepointFormat {
    /// The fields a script can name in `args` (the `common_*` ones are hidden,
    /// as bpftrace hides them).
    pub fields: Vec<TracepointField>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracepointField {
    pub name: String,
    /// The declared C type, for `-lv` and messages.
    pub c_type: String,
    pub offset: u32,
    pub size: u32,
    pub signed: bool,
    pub kind: FieldKind,
    /// For a pointer whose target type is known from BTF (raw tracepoint
    /// arguments), the target's BTF id: `->` can follow it.
    pub pointee: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// An integer of `size` bytes.
    Int,
    /// A pointer to characters (`const char *`), usable by `str()`.
    CharPtr,
    /// Any other pointer: an unsigned 64-bit address.
    Pointer,
    /// `char name[N]`: a string stored in the record.
    CharArray,
    /// `__data_loc char[]`: a u32 with the string's offset (low 16 bits) in the record.
    DataLocString,
    /// Anything else (arrays of integers, structs): not readable yet.
    Unsupported,
}

impl TracepointFormat {
    pub fn field(&self, name: &str) -> Option<&TracepointField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl TracepointField {
    /// When the field is an array of integers or chars (`unsigned long
    /// args[6]`, `char comm[16]`): its offset, element size, length and
    /// signedness.
    pub fn array(&self) -> Option<(u32, u32, u32, bool)> {
        if !matches!(self.kind, FieldKind::Unsupported | FieldKind::CharArray) {
            return None;
        }
        let (_, len) = self.c_type.strip_suffix(']')?.rsplit_once('[')?;
        let len: u32 = len.trim().parse().ok().filter(|n| *n > 0)?;
        let element = self.size / len;
        (element * len == self.size && matches!(element, 1 | 2 | 4 | 8)).then_some((
            self.offset,
            element,
            len,
            self.signed,
        ))
    }
}

pub fn parse(text: &str) -> Result<TracepointFormat, String> {
    let mut fields = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("field:") else {
            continue;
        };
        let mut decl = None;
        let (mut offset, mut size, mut signed) = (None, None, false);
        for part in rest.split(';').map(str::trim) {
            if let Some(v) = part.strip_prefix("offset:") {
                offset = v.parse::<u32>().ok();
            } else if let Some(v) = part.strip_prefix("size:") {
                size = v.parse::<u32>().ok();
            } else if let Some(v) = part.strip_prefix("signed:") {
                signed = v == "1";
            } else if decl.is_none() && !part.is_empty() {
                decl = Some(part);
            }
        }
        let (Some(decl), Some(offset), Some(size)) = (decl, offset, size) else {
            return Err(format!("malformed field line: {line}"));
        };
        let (c_type, name) = split_declaration(decl);
        if name.starts_with("common_") {
            continue;
        }
        let kind = readable(classify(&c_type, decl), size);
        let (size, signed) = match c_integer(&c_type) {
            Some((width, c_signed)) if kind == FieldKind::Int && width < size => (width, c_signed),
            _ => (size, signed),
        };
        fields.push(TracepointField {
            name,
            c_type,
            offset,
            size,
            signed,
            kind,
            pointee: None,
        });
    }
    Ok(TracepointFormat { fields })
}

/// The width and signedness of a plain C (or kernel) integer type name.
fn c_integer(c_type: &str) -> Option<(u32, bool)> {
    let t = c_type
        .trim()
        .trim_start_matches("const ")
        .trim_start_matches("volatile ")
        .trim();
    Some(match t {
        "char" | "signed char" | "s8" | "__s8" | "int8_t" => (1, true),
        "unsigned char" | "u8" | "__u8" | "uint8_t" | "bool" | "_Bool" => (1, false),
        "short" | "short int" | "signed short" | "s16" | "__s16" | "int16_t" => (2, true),
        "unsigned short" | "unsigned short int" | "u16" | "__u16" | "uint16_t" | "umode_t" => {
            (2, false)
        }
        "int" | "signed int" | "signed" | "s32" | "__s32" | "int32_t" | "pid_t"
        | "key_serial_t" | "clockid_t" | "timer_t" | "mqd_t" | "rwf_t" => (4, true),
        "unsigned int" | "unsigned" | "u32" | "__u32" | "uint32_t" | "uid_t" | "gid_t"
        | "qid_t" => (4, false),
        _ => return None,
    })
}

/// `const char * filename` → ("const char *", "filename");
/// `char prev_comm[16]` → ("char[16]", "prev_comm");
/// `__data_loc char[] filename` → ("__data_loc char[]", "filename").
fn split_declaration(decl: &str) -> (String, String) {
    let decl = decl.trim();
    let (head, array) = match decl.rfind('[') {
        Some(i) if decl.ends_with(']') && !decl[..i].ends_with("char") => (&decl[..i], &decl[i..]),
        _ => (decl, ""),
    };
    let split = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = head[split..].to_string();
    let ty = head[..split].trim();
    (format!("{ty}{array}"), name)
}

fn classify(c_type: &str, decl: &str) -> FieldKind {
    let compact: String = c_type.split_whitespace().collect::<Vec<_>>().join(" ");
    if decl.starts_with("__data_loc") {
        return if compact.contains("char[]") {
            FieldKind::DataLocString
        } else {
            FieldKind::Unsupported
        };
    }
    if compact.ends_with(']') {
        return if compact.starts_with("char[") || compact.starts_with("unsigned char[") {
            FieldKind::CharArray
        } else {
            FieldKind::Unsupported
        };
    }
    if compact.ends_with('*') {
        let base = compact.trim_end_matches('*').trim();
        let base = base.strip_prefix("const ").unwrap_or(base);
        return if base == "char" && !compact.ends_with("**") {
            FieldKind::CharPtr
        } else {
            FieldKind::Pointer
        };
    }
    FieldKind::Int
}

/// Integers the BPF program can load in one instruction; anything else
/// (a 16-byte integer) is not readable yet.
fn readable(kind: FieldKind, size: u32) -> FieldKind {
    match kind {
        FieldKind::Int | FieldKind::CharPtr | FieldKind::Pointer
            if !matches!(size, 1 | 2 | 4 | 8) =>
        {
            FieldKind::Unsupported
        }
        other => other,
    }
}

/// Format files copied from Linux 6.18, for tests that run without a kernel.
pub mod fixtures {
    pub const SYS_ENTER_OPENAT: &str = "name: sys_enter_openat\nID: 782\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n";
    pub const SYS_ENTER_SYNC: &str = "name: sys_enter_sync\nID: 1025\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n";
    pub const SYS_EXIT_READ: &str = "name: sys_exit_read\nID: 841\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:long ret;\toffset:16;\tsize:8;\tsigned:1;\n";
    pub const SCHED_SWITCH: &str = "name: sched_switch\nID: 372\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n";
    pub const SCHED_PROCESS_EXEC: &str = "name: sched_process_exec\nID: 365\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n\tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;\n";
    pub const SYS_ENTER_EXECVE: &str = "name: sys_enter_execve\nID: 862\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:const char * filename;\toffset:16;\tsize:8;\tsigned:0;\n\tfield:const char *const * argv;\toffset:24;\tsize:8;\tsigned:0;\n\tfield:const char *const * envp;\toffset:32;\tsize:8;\tsigned:0;\n";
    pub const RAW_SYSCALLS_SYS_ENTER: &str = "name: sys_enter\nID: 443\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syscall_fields_take_their_c_integer_width() {
        let f = parse(fixtures::SYS_ENTER_OPENAT).expect("parses");
        let names: Vec<&str> = f.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["__syscall_nr", "dfd", "filename", "flags", "mode"]);
        let dfd = f.field("dfd").expect("dfd");
        assert_eq!(
            (dfd.offset, dfd.size, dfd.signed, dfd.kind),
            (16, 4, true, FieldKind::Int),
            "int dfd in an 8-byte slot is an int"
        );
        let mode = f.field("mode").expect("mode");
        assert_eq!((mode.size, mode.signed), (2, false), "umode_t");
        let filename = f.field("filename").expect("filename");
        assert_eq!((filename.offset, filename.kind), (24, FieldKind::CharPtr));
        assert_eq!(filename.c_type, "const char *");
    }

    #[test]
    fn arrays_and_data_loc() {
        let f = parse(fixtures::SCHED_SWITCH).expect("parses");
        let prev = f.field("prev_comm").expect("prev_comm");
        assert_eq!(
            (prev.kind, prev.size, prev.c_type.as_str()),
            (FieldKind::CharArray, 16, "char[16]")
        );
        assert_eq!(
            f.field("prev_pid").map(|p| (p.size, p.signed)),
            Some((4, true))
        );
        let e = parse(fixtures::SCHED_PROCESS_EXEC).expect("parses");
        assert_eq!(
            e.field("filename").map(|f| f.kind),
            Some(FieldKind::DataLocString)
        );
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(parse("format:\n\tfield:int x;\toffset:zz;\tsize:4;\n").is_err());
    }
}
