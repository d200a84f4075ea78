//! Constants bpftrace's tools take from C headers (`#define`s, which BTF does
//! not carry). Sonde parses no headers; these few, stable across kernels and
//! architectures Sonde supports (x86_64), are known by name, and so are the
//! errno names (`EPERM`). Enumerators
//! (`TCP_FIN_WAIT1`) come from BTF instead.

const DEFINES: &[(&str, i64)] = &[
    ("AF_UNSPEC", 0),
    ("AF_UNIX", 1),
    ("AF_LOCAL", 1),
    ("AF_INET", 2),
    ("AF_INET6", 10),
    ("AF_NETLINK", 16),
    ("AF_PACKET", 17),
    ("TASK_RUNNING", 0),
    ("TASK_INTERRUPTIBLE", 1),
    ("TASK_UNINTERRUPTIBLE", 2),
    ("__TASK_STOPPED", 4),
    ("__TASK_TRACED", 8),
    ("EXIT_DEAD", 16),
    ("EXIT_ZOMBIE", 32),
    ("TASK_PARKED", 64),
    ("TASK_DEAD", 128),
    ("TASK_WAKEKILL", 256),
    ("TASK_WAKING", 512),
    ("TASK_NOLOAD", 1024),
    ("TASK_NEW", 2048),
];

/// The errno names (`EPERM`), generated from the kernel's uapi headers by
/// `gen-errnos`.
const ERRNOS: &[(&str, i64)] = include!("errnos.in");

/// A header constant by name.
pub fn header_constant(name: &str) -> Option<i64> {
    DEFINES
        .iter()
        .chain(ERRNOS)
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
}
