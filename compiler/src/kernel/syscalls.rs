//! System call numbers and names, for `syscall_name(id)` and the `__NR_*`
//! constants: x86-64's table (`syscalls_x86_64.in`, generated from the
//! kernel's uapi header by `gen-syscalls`). Elsewhere the table is empty and
//! a number prints as itself.

#[cfg(target_arch = "x86_64")]
const TABLE: &[(u32, &str)] = include!("syscalls_x86_64.in");
#[cfg(not(target_arch = "x86_64"))]
const TABLE: &[(u32, &str)] = &[];

/// The name of system call `number` (`read` for 0 on x86-64).
pub fn name(number: u64) -> Option<&'static str> {
    let number = u32::try_from(number).ok()?;
    TABLE
        .binary_search_by_key(&number, |(n, _)| *n)
        .ok()
        .and_then(|i| TABLE.get(i))
        .map(|(_, name)| *name)
}

/// The number of system call `name` (`__NR_name`).
pub fn number(name: &str) -> Option<u32> {
    TABLE
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(number, _)| *number)
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    #[test]
    fn x86_64_numbers_are_the_abi() {
        assert_eq!(super::name(0), Some("read"));
        assert_eq!(super::name(1), Some("write"));
        assert_eq!(super::name(162), Some("sync"));
        assert_eq!(super::number("openat"), Some(257));
        assert_eq!(super::name(100_000), None);
    }
}
