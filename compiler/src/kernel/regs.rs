//! Where `reg("name")` finds each register in the probe context of kprobes,
//! uprobes and USDT probes: x86-64's `struct pt_regs`.

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

/// The offset of register `name` in `struct pt_regs`.
pub fn offset(name: &str) -> Option<u32> {
    PT_REGS.iter().find(|(n, _)| *n == name).map(|(_, o)| *o)
}

/// Every register name, for hints.
pub fn names() -> impl Iterator<Item = &'static str> {
    PT_REGS.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_argument_registers_are_where_the_calling_convention_reads_them() {
        // di, si, dx, cx, r8, r9: the first six arguments on x86-64.
        let args: Vec<u32> = ["di", "si", "dx", "cx", "r8", "r9"]
            .iter()
            .filter_map(|r| super::offset(r))
            .collect();
        assert_eq!(args, [112, 104, 96, 88, 72, 64]);
        assert_eq!(super::offset("ip"), Some(128));
        assert_eq!(super::offset("eip"), None);
    }
}
