//! Kernel symbols from `/proc/kallsyms`: read once, sorted by address, and
//! searched for the last symbol at or below an address, as bcc (and so
//! bpftrace) names kernel addresses: `name+offset`.

pub struct KernelSymbols {
    /// (address, name), sorted by address; among equal addresses the order
    /// of `/proc/kallsyms`.
    symbols: Vec<(u64, String)>,
}

impl KernelSymbols {
    pub fn load() -> Result<KernelSymbols, String> {
        let text = std::fs::read_to_string("/proc/kallsyms")
            .map_err(|e| format!("cannot read /proc/kallsyms: {e}"))?;
        Ok(KernelSymbols::parse(&text))
    }

    /// Lines of `ADDRESS TYPE NAME [MODULE]`. Addresses shown as zero (a
    /// reader without the right to see them) name nothing.
    pub fn parse(text: &str) -> KernelSymbols {
        let mut symbols: Vec<(u64, String)> = text
            .lines()
            .filter_map(|line| {
                let mut parts = line.split_whitespace();
                let address = u64::from_str_radix(parts.next()?, 16).ok()?;
                let _kind = parts.next()?;
                let name = parts.next()?;
                (address != 0).then(|| (address, name.to_string()))
            })
            .collect();
        symbols.sort_by_key(|(address, _)| *address);
        KernelSymbols { symbols }
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }

    /// The symbol at or below `address` and the offset into it; none below
    /// the first symbol.
    pub fn lookup(&self, address: u64) -> Option<(&str, u64)> {
        let after = self.symbols.partition_point(|(a, _)| *a <= address);
        let last = after.checked_sub(1)?;
        let start = self.symbols[last].0;
        // The first of several names at one address.
        let first = self.symbols[..=last].partition_point(|(a, _)| *a < start);
        let (at, name) = &self.symbols[first];
        Some((name.as_str(), address - at))
    }

    /// The address of a symbol by name.
    #[cfg(test)]
    pub fn address(&self, name: &str) -> Option<u64> {
        self.symbols
            .iter()
            .find(|(_, n)| n == name)
            .map(|(address, _)| *address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
ffffffff81000000 T startup_64
ffffffff81000000 T _stext
ffffffff81000130 T entry_SYSCALL_64_after_hwframe
ffffffff816b89f0 T vfs_read
0000000000000000 A fixed_percpu_data
ffffffff8170fb50 T ksys_sync
ffffffff8170fb40 t __pfx_ksys_sync
ffffffffc0001000 t bpf_prog_6deef7357e7b4530_sonde_0	[bpf]
";

    #[test]
    fn names_an_address_by_the_symbol_below_it() {
        let k = KernelSymbols::parse(TEXT);
        assert_eq!(k.lookup(0xffff_ffff_8170_fb50), Some(("ksys_sync", 0)));
        assert_eq!(k.lookup(0xffff_ffff_8170_fb53), Some(("ksys_sync", 3)));
        assert_eq!(
            k.lookup(0xffff_ffff_8170_fb4f),
            Some(("__pfx_ksys_sync", 15))
        );
        assert_eq!(
            k.lookup(0xffff_ffff_816b_89f0 + 397),
            Some(("vfs_read", 397))
        );
        // Module (and BPF program) symbols count too.
        assert_eq!(
            k.lookup(0xffff_ffff_c000_1010),
            Some(("bpf_prog_6deef7357e7b4530_sonde_0", 16))
        );
    }

    #[test]
    fn the_first_name_of_an_address_wins_and_nothing_names_low_addresses() {
        let k = KernelSymbols::parse(TEXT);
        assert_eq!(k.lookup(0xffff_ffff_8100_0010), Some(("startup_64", 16)));
        assert_eq!(k.lookup(0x1000), None);
        assert_eq!(k.lookup(0), None);
        assert_eq!(k.address("vfs_read"), Some(0xffff_ffff_816b_89f0));
    }

    #[test]
    fn hidden_addresses_name_nothing() {
        let k = KernelSymbols::parse("0000000000000000 T vfs_read\n0000000000000000 T ksys_sync\n");
        assert!(k.is_empty());
        assert_eq!(k.lookup(0xffff_ffff_816b_89f0), None);
    }
}
