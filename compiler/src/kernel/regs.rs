//! x86-64's `struct pt_regs`, the probe context of kprobes, uprobes and
//! USDT probes: where each register is saved. The one table of it; what
//! else names a register's place derives from it: `reg("name")`, the
//! argument registers of `argN` and of a uprobe's DWARF parameters, the
//! return value of `retval`, the stack pointer of stack arguments, `cs` of
//! `usermode`, and a USDT argument's register by any of its names.

/// (name, byte offset in `struct pt_regs`), with bpftrace's register names.
const PT_REGS: &[(&str, u32)] = &[
    ("r15", 0),
    ("r14", 8),
    ("r13", 16),
    ("r12", 24),
    ("bp", 32),
    ("bx", 40),
    ("r11", 48),
    ("r10", 56),
    ("r9", 64),
    ("r8", 72),
    ("ax", 80),
    ("cx", 88),
    ("dx", 96),
    ("si", 104),
    ("di", 112),
    ("orig_ax", 120),
    ("ip", 128),
    ("cs", 136),
    ("flags", 144),
    ("sp", 152),
    ("ss", 160),
];

/// The registers of the first six integer or pointer arguments (the
/// System V calling convention), in order.
const ARGUMENT_REGISTERS: [&str; 6] = ["di", "si", "dx", "cx", "r8", "r9"];

/// The offsets of the argument registers, in argument order.
pub const ARGUMENTS: [u32; 6] = {
    let mut offsets = [0; 6];
    let mut i = 0;
    while i < offsets.len() {
        offsets[i] = at(ARGUMENT_REGISTERS[i]);
        i += 1;
    }
    offsets
};

/// The offset of the register a function returns its value in.
pub const RETURN_VALUE: u32 = at("ax");

/// The offset of the stack pointer.
pub const STACK_POINTER: u32 = at("sp");

/// The offset of the code segment, whose low two bits are the privilege
/// level the CPU ran at.
pub const CODE_SEGMENT: u32 = at("cs");

/// The offset of a register the constants above name. Evaluated only
/// while compiling Sonde (each use is a constant), so a name not in the
/// table stops the build rather than a script.
const fn at(name: &str) -> u32 {
    let mut i = 0;
    while i < PT_REGS.len() {
        if same_bytes(name.as_bytes(), PT_REGS[i].0.as_bytes()) {
            return PT_REGS[i].1;
        }
        i += 1;
    }
    panic!("a register struct pt_regs does not save")
}

/// `a == b`, where `==` cannot be used (in a `const fn`).
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The offset of register `name` in `struct pt_regs`.
pub fn offset(name: &str) -> Option<u32> {
    PT_REGS.iter().find(|(n, _)| *n == name).map(|(_, o)| *o)
}

/// Every register name, for hints.
pub fn names() -> impl Iterator<Item = &'static str> {
    PT_REGS.iter().map(|(n, _)| *n)
}

/// The offset of a register by any of the assembler's names for it or for
/// a narrower view of it (`rax`, `eax`, `ax`, `al`, `r8d`, ...), as USDT
/// argument specs name them.
pub fn offset_of_any_width(name: &str) -> Option<u32> {
    const VIEWS: &[(&[&str], &str)] = &[
        (&["rbp", "ebp", "bp", "bpl"], "bp"),
        (&["rbx", "ebx", "bx", "bl", "bh"], "bx"),
        (&["rax", "eax", "ax", "al", "ah"], "ax"),
        (&["rcx", "ecx", "cx", "cl", "ch"], "cx"),
        (&["rdx", "edx", "dx", "dl", "dh"], "dx"),
        (&["rsi", "esi", "si", "sil"], "si"),
        (&["rdi", "edi", "di", "dil"], "di"),
        (&["rip", "eip", "ip"], "ip"),
        (&["rsp", "esp", "sp", "spl"], "sp"),
    ];
    if let Some((_, register)) = VIEWS.iter().find(|(views, _)| views.contains(&name)) {
        return offset(register);
    }
    // r8..r15, with d/w/b suffixes for the narrower views.
    let number: u32 = name
        .strip_prefix('r')?
        .trim_end_matches(['d', 'w', 'b'])
        .parse()
        .ok()?;
    if (8..=15).contains(&number) {
        offset(&format!("r{number}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_argument_registers_are_where_the_calling_convention_reads_them() {
        // di, si, dx, cx, r8, r9: the first six arguments on x86-64.
        assert_eq!(ARGUMENTS, [112, 104, 96, 88, 72, 64]);
        assert_eq!((RETURN_VALUE, STACK_POINTER, CODE_SEGMENT), (80, 152, 136));
        assert_eq!(offset("ip"), Some(128));
        assert_eq!(offset("eip"), None);
    }

    #[test]
    fn a_register_is_found_by_any_of_its_views() {
        for (name, at) in [
            ("rax", 80),
            ("eax", 80),
            ("al", 80),
            ("dil", 112),
            ("rsp", 152),
            ("rip", 128),
            ("r15", 0),
            ("r12d", 24),
            ("r10", 56),
            ("r9b", 64),
            ("r8", 72),
            ("r08", 72),
        ] {
            assert_eq!(offset_of_any_width(name), Some(at), "{name}");
        }
        for name in ["r7", "r16", "cs", "orig_ax", "flags", "xmm0", ""] {
            assert_eq!(offset_of_any_width(name), None, "{name}");
        }
    }
}
