//! System call numbers and names, for `syscall_name(id)` and the `__NR_*`
//! constants: x86-64's table (`syscalls_x86_64.in`, generated from the
//! kernel's uapi header by `gen-syscalls`). Elsewhere the table is empty and
//! a number prints as itself. Also which syscall tracepoint covers a kernel
//! function, for the runtime's hint when kprobes are missing.

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

/// The syscall tracepoint that covers a kernel function, when it is a
/// syscall entry point (`__x64_sys_sync` → `tracepoint:syscalls:sys_enter_sync`).
pub fn syscall_tracepoint(function: &str, ret: bool) -> Option<String> {
    let name = [
        "__x64_sys_",
        "__ia32_sys_",
        "__se_sys_",
        "__do_sys_",
        "ksys_",
        "sys_",
    ]
    .iter()
    .find_map(|p| function.strip_prefix(p))?;
    Some(format!(
        "tracepoint:syscalls:sys_{}_{name}",
        if ret { "exit" } else { "enter" }
    ))
}

#[cfg(test)]
mod tracepoint_tests {
    use super::syscall_tracepoint;

    #[test]
    fn syscall_entry_points_have_tracepoints() {
        assert_eq!(
            syscall_tracepoint("__x64_sys_sync", false).as_deref(),
            Some("tracepoint:syscalls:sys_enter_sync")
        );
        assert_eq!(
            syscall_tracepoint("ksys_read", true).as_deref(),
            Some("tracepoint:syscalls:sys_exit_read")
        );
        assert_eq!(syscall_tracepoint("vfs_read", false), None);
    }
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
