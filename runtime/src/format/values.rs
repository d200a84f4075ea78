//! The values only user space can show: `strftime()` timestamps, `ntop()`
//! addresses, `macaddr()` and `buf()` bytes, as bpftrace prints them.

use sonde_script::RawStyle;
use std::sync::OnceLock;

unsafe extern "C" {
    /// inet_ntop(3), which the libc crate does not declare.
    fn inet_ntop(
        af: libc::c_int,
        src: *const libc::c_void,
        dst: *mut libc::c_char,
        size: libc::socklen_t,
    ) -> *const libc::c_char;
}

/// `strftime(FORMAT, ns)`: `ns` nanoseconds after boot as the local
/// wall-clock time, through strftime(3); bpftrace's `%f` is the
/// microseconds, six digits. `boot_ns` is the wall-clock time of boot in
/// nanoseconds since the epoch. A format strftime cannot take prints nothing.
pub fn strftime_at(format: &str, ns: u64, boot_ns: i128) -> String {
    let wall = boot_ns + i128::from(ns);
    let seconds = wall.div_euclid(1_000_000_000);
    let micros = wall.rem_euclid(1_000_000_000) / 1000;
    let format = with_microseconds(format, micros as u32);
    let (Ok(c_format), Ok(seconds)) = (
        std::ffi::CString::new(format),
        libc::time_t::try_from(seconds),
    ) else {
        return String::new();
    };
    // SAFETY: localtime_r writes into the tm we own; strftime writes at
    // most buf.len() bytes into buf and reads the NUL-terminated format.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&seconds, &mut tm).is_null() {
            return String::new();
        }
        let mut buf = [0u8; 512];
        let n = libc::strftime(buf.as_mut_ptr().cast(), buf.len(), c_format.as_ptr(), &tm);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}

/// `%f` → the microseconds, zero-padded to six digits; `%%` is left for
/// strftime, so `%%f` stays a literal `%f`.
fn with_microseconds(format: &str, micros: u32) -> String {
    let mut out = String::with_capacity(format.len() + 8);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('f') => out.push_str(&format!("{micros:06}")),
            Some(next) => {
                out.push('%');
                out.push(next);
            }
            None => out.push('%'),
        }
    }
    out
}

/// The wall-clock time of boot (CLOCK_REALTIME - CLOCK_BOOTTIME), in
/// nanoseconds since the epoch, read once.
pub fn boot_time_ns() -> i128 {
    static BOOT: OnceLock<i128> = OnceLock::new();
    *BOOT.get_or_init(|| {
        let read = |clock| {
            let mut ts = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: clock_gettime writes one timespec we own.
            unsafe { libc::clock_gettime(clock, &mut ts) };
            i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec)
        };
        read(libc::CLOCK_REALTIME) - read(libc::CLOCK_BOOTTIME)
    })
}

/// `ntop()`: inet_ntop(3) of an AF_INET (2) or AF_INET6 (10) address; any
/// other family prints nothing, as in bpftrace.
pub fn inet(family: u64, address: &[u8; 16]) -> String {
    let af = match family {
        2 => libc::AF_INET,
        10 => libc::AF_INET6,
        _ => return String::new(),
    };
    let mut buf = [0u8; 64];
    // SAFETY: `address` holds 16 bytes (an in6_addr; an in_addr is its
    // first 4), buf has room for any address text and its NUL.
    let text = unsafe {
        inet_ntop(
            af,
            address.as_ptr().cast(),
            buf.as_mut_ptr().cast(),
            buf.len() as libc::socklen_t,
        )
    };
    if text.is_null() {
        return String::new();
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// `macaddr()`: `18:C0:4D:08:2E:BB`, upper-case as bpftrace prints it.
pub fn mac(bytes: &[u8; 6]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// `buf()` through `%r` (printable ASCII as is, other bytes `\xNN`), `%rx`
/// (every byte `\xNN`) or `%rh` (`0a fe`).
pub fn buffer(bytes: &[u8], style: RawStyle) -> String {
    match style {
        RawStyle::Printable => bytes
            .iter()
            .map(|b| {
                if (32..=126).contains(b) {
                    char::from(*b).to_string()
                } else {
                    format!("\\x{b:02x}")
                }
            })
            .collect(),
        RawStyle::Escaped => bytes.iter().map(|b| format!("\\x{b:02x}")).collect(),
        RawStyle::Hex => bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The name of user `uid` (getpwuid_r(3)); its number when it has none.
pub fn user_name(uid: u64) -> String {
    let Ok(id) = libc::uid_t::try_from(uid) else {
        return uid.to_string();
    };
    let mut buf = vec![0u8; 1024];
    // SAFETY: an all-zero passwd is a valid value for getpwuid_r to fill.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the strings it fills
    // point into `buf`, which outlives their use below.
    let rc = unsafe {
        libc::getpwuid_r(
            id,
            &mut entry,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut found,
        )
    };
    if rc != 0 || found.is_null() || entry.pw_name.is_null() {
        return uid.to_string();
    }
    // SAFETY: getpwuid_r succeeded: pw_name is a NUL-terminated string in `buf`.
    unsafe { std::ffi::CStr::from_ptr(entry.pw_name) }
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microseconds_replace_percent_f_only() {
        assert_eq!(with_microseconds("%H.%f", 42), "%H.000042");
        assert_eq!(with_microseconds("%%f %f%", 999_999), "%%f 999999%");
    }

    #[test]
    fn strftime_counts_from_boot() {
        // %s is the epoch seconds whatever the time zone.
        let boot = 1_700_000_000 * 1_000_000_000i128 + 250_000_000;
        assert_eq!(strftime_at("%s.%f", 0, boot), "1700000000.250000");
        assert_eq!(
            strftime_at("%s.%f", 1_750_000_123, boot),
            "1700000002.000000"
        );
        assert_eq!(strftime_at("%s.%f", 1_999, boot), "1700000000.250001");
        assert_eq!(strftime_at("", 0, boot), "");
    }

    #[test]
    fn addresses_as_inet_ntop_prints_them() {
        let mut v4 = [0u8; 16];
        v4[..4].copy_from_slice(&[127, 0, 0, 1]);
        assert_eq!(inet(2, &v4), "127.0.0.1");
        let mut v6 = [0u8; 16];
        v6[15] = 1;
        assert_eq!(inet(10, &v6), "::1");
        v6 = [0; 16];
        v6[..2].copy_from_slice(&[0xfe, 0x80]);
        v6[15] = 0x2a;
        assert_eq!(inet(10, &v6), "fe80::2a");
        let mut mapped = [0u8; 16];
        mapped[10..].copy_from_slice(&[0xff, 0xff, 10, 0, 0, 1]);
        assert_eq!(inet(10, &mapped), "::ffff:10.0.0.1");
        // ntop(10, 1): the integer's bytes first.
        let mut one = [0u8; 16];
        one[0] = 1;
        assert_eq!(inet(10, &one), "100::");
        assert_eq!(inet(5, &v4), "");
    }

    #[test]
    fn mac_addresses_upper_case() {
        assert_eq!(
            mac(&[0x18, 0xc0, 0x4d, 0x08, 0x2e, 0xbb]),
            "18:C0:4D:08:2E:BB"
        );
    }

    #[test]
    fn buffers_in_the_three_styles() {
        let bytes = b"ab\n\x00~\x7f\\";
        assert_eq!(buffer(bytes, RawStyle::Printable), "ab\\x0a\\x00~\\x7f\\");
        assert_eq!(buffer(b"ab\n", RawStyle::Escaped), "\\x61\\x62\\x0a");
        assert_eq!(buffer(b"ab\xfe", RawStyle::Hex), "61 62 fe");
        assert_eq!(buffer(b"", RawStyle::Hex), "");
    }
}
