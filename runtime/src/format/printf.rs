//! printf formatting with C semantics for bpftrace's conversions. Every
//! integer is 64-bit: `%d` reads it as signed, `%u %x %X %o` as unsigned.

use super::Value;
use sonde_script::{Conversion, FormatPiece};

pub fn format(pieces: &[FormatPiece], args: &[Value]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    for piece in pieces {
        match piece {
            FormatPiece::Literal(text) => out.push_str(text),
            FormatPiece::LocalTime(format) => out.push_str(&local_time(format)),
            FormatPiece::Join(separator) => {
                let parts: Vec<String> = args
                    .by_ref()
                    .take_while(|a| !matches!(a, Value::Str(s) if s.is_empty()))
                    .map(Value::display)
                    .collect();
                out.push_str(&parts.join(separator));
                out.push('\n');
            }
            FormatPiece::Value => {
                if let Some(arg) = args.next() {
                    out.push_str(&arg.display());
                }
                out.push('\n');
            }
            FormatPiece::Conversion(conv) => {
                if let Some(arg) = args.next() {
                    out.push_str(&convert(conv, arg));
                }
            }
            // system() and cat(): the command or the path (events.rs acts on it).
            FormatPiece::System(inner)
            | FormatPiece::Cat(inner)
            | FormatPiece::Diagnostic { inner, .. } => {
                let rest: Vec<Value> = args.by_ref().cloned().collect();
                out.push_str(&format(inner, &rest));
            }
        }
    }
    out
}

/// The local time now through strftime(3), as bpftrace's time() prints it.
/// A format strftime cannot take (or a clock it cannot read) prints nothing.
fn local_time(format: &str) -> String {
    let Ok(c_format) = std::ffi::CString::new(format) else {
        return String::new();
    };
    // SAFETY: time(NULL) only returns the clock; localtime_r writes into the
    // tm we own; strftime writes at most buf.len() bytes into buf.
    unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return String::new();
        }
        let mut buf = [0u8; 512];
        let n = libc::strftime(buf.as_mut_ptr().cast(), buf.len(), c_format.as_ptr(), &tm);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}

fn convert(c: &Conversion, arg: &Value) -> String {
    let bits = match arg {
        Value::Bool(b) => u64::from(*b),
        other => other.int_bits().map_or(0, |(bits, _)| bits),
    };
    // `%hhx`, `%hd`: C converts the value to char or short first.
    let bits = match c.narrow_bits {
        Some(n @ 1..64) => {
            let low = bits & ((1u64 << n) - 1);
            let negative = low >> (n - 1) & 1 == 1;
            if matches!(c.conv, 'd' | 'i') && negative {
                low | !((1u64 << n) - 1)
            } else {
                low
            }
        }
        _ => bits,
    };
    match c.conv {
        'r' => {
            let text = match arg {
                Value::Buffer(bytes) => super::values::buffer(bytes, c.raw),
                other => other.display(),
            };
            pad(c, String::new(), text, false)
        }
        // bpftrace 0.27 ignores a precision on %s: the whole string prints.
        's' => pad(c, String::new(), arg.display(), false),
        'c' => pad(c, String::new(), char::from(bits as u8).to_string(), false),
        'd' | 'i' => {
            let v = bits as i64;
            let sign = if v < 0 {
                "-"
            } else if c.plus {
                "+"
            } else {
                // bpftrace 0.27 drops C's ' ' flag.
                ""
            };
            pad(
                c,
                sign.to_string(),
                digits(c, v.unsigned_abs().to_string()),
                true,
            )
        }
        'u' => pad(c, String::new(), digits(c, bits.to_string()), true),
        'x' | 'X' | 'o' => {
            let (text, prefix) = match c.conv {
                'x' => (format!("{bits:x}"), "0x"),
                'X' => (format!("{bits:X}"), "0X"),
                _ => (format!("{bits:o}"), "0"),
            };
            let prefix = if c.alternate && bits != 0 { prefix } else { "" };
            pad(c, prefix.to_string(), digits(c, text), true)
        }
        'p' => pad(c, "0x".to_string(), format!("{bits:x}"), true),
        _ => String::new(),
    }
}

/// Integer precision: at least that many digits.
fn digits(c: &Conversion, text: String) -> String {
    match c.precision {
        Some(p) if text.len() < p => format!("{}{text}", "0".repeat(p - text.len())),
        Some(0) if text == "0" => String::new(),
        _ => text,
    }
}

fn pad(c: &Conversion, prefix: String, body: String, numeric: bool) -> String {
    let len = prefix.chars().count() + body.chars().count();
    let width = c.width.unwrap_or(0);
    if len >= width {
        return prefix + &body;
    }
    let fill = width - len;
    if c.left_align {
        format!("{prefix}{body}{}", " ".repeat(fill))
    } else if c.zero_pad && numeric && c.precision.is_none() {
        format!("{prefix}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{prefix}{body}", " ".repeat(fill))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sonde_script::printf_format::parse;

    fn int(v: i64) -> Value {
        Value::Int {
            bits: v as u64,
            signed: true,
        }
    }

    fn s(text: &str) -> Value {
        Value::Str(text.as_bytes().to_vec())
    }

    fn f(fmt: &str, args: &[Value]) -> String {
        format(&parse(fmt).expect("format parses"), args)
    }

    // Expected strings are what C's printf prints for the same format and
    // values, except where bpftrace 0.27.1 differs (' ', %.Ns).
    #[test]
    fn hh_and_h_narrow_as_c_does() {
        // What bpftrace 0.27.1 prints for the same conversions.
        assert_eq!(
            f(
                "%hhx %hx %hhd %hd %hhu %lx",
                &[
                    int(0x1ff),
                    int(0x1ffff),
                    int(0xff),
                    int(0x8000),
                    int(-1),
                    int(0x1ff)
                ]
            ),
            "ff ffff -1 -32768 255 1ff"
        );
    }

    #[test]
    fn integers_like_c() {
        assert_eq!(
            f(
                "%5d|%-5d|%05d|%+d|% d",
                &[int(42), int(42), int(42), int(42), int(42)]
            ),
            "   42|42   |00042|+42|42"
        );
        assert_eq!(
            f("%d %i %05d", &[int(-3), int(-3), int(-42)]),
            "-3 -3 -0042"
        );
        // Without a length modifier an integer is C's int, as bpftrace 0.27.1
        // prints it; l, ll, j, z keep 64 bits.
        assert_eq!(f("%u", &[int(-1)]), "4294967295");
        assert_eq!(
            f(
                "%lu|%llx|%d|%ld|%x|%jd",
                &[
                    int(-1),
                    int(-1),
                    int(5_000_000_000),
                    int(5_000_000_000),
                    int(5_000_000_000),
                    int(-5_000_000_000)
                ]
            ),
            "18446744073709551615|ffffffffffffffff|705032704|5000000000|2a05f200|-5000000000"
        );
        assert_eq!(f("%d", &[int(-5_000_000_000)]), "-705032704");
        assert_eq!(
            f(
                "%x %X %o %#x %#o",
                &[int(255), int(255), int(8), int(255), int(8)]
            ),
            "ff FF 10 0xff 010"
        );
        assert_eq!(
            f("%.3d|%8.3d|%-8x|", &[int(7), int(-7), int(48879)]),
            "007|    -007|beef    |"
        );
        assert_eq!(f("%lu %lld %llx", &[int(1), int(-2), int(16)]), "1 -2 10");
    }

    #[test]
    fn buffers_and_formatted_values() {
        let b = Value::Buffer(b"hi\x01".to_vec());
        assert_eq!(
            f("%r|%rx|%rh|%6r|", &[b.clone(), b.clone(), b.clone(), b]),
            "hi\\x01|\\x68\\x69\\x01|68 69 01|hi\\x01|"
        );
        let mut address = [0u8; 16];
        address[..4].copy_from_slice(&[10, 1, 2, 3]);
        let inet = Value::Inet { family: 2, address };
        let mac = Value::MacAddr([0, 1, 0xab, 3, 4, 5]);
        assert_eq!(
            f("%s %-9s| %s", &[inet.clone(), inet, mac]),
            "10.1.2.3 10.1.2.3 | 00:01:AB:03:04:05"
        );
    }

    #[test]
    fn system_and_cat_format_their_inner_pieces() {
        let pieces = vec![FormatPiece::System(parse("echo %d %s").expect("parses"))];
        assert_eq!(format(&pieces, &[int(5), s("x")]), "echo 5 x");
    }

    #[test]
    fn strings_chars_pointers() {
        assert_eq!(
            f("%s|%5s|%-5s|%.1s|", &[s(""), s("ab"), s("ab"), s("ab")]),
            "|   ab|ab   |ab|"
        );
        assert_eq!(f("%c%c", &[int(65), int(10)]), "A\n");
        assert_eq!(f("%p", &[int(4096)]), "0x1000");
        assert_eq!(f("%s=%d%%", &[s("x"), int(5)]), "x=5%");
        assert_eq!(
            f(
                "%s",
                &[Value::Int {
                    bits: u64::MAX,
                    signed: true
                }]
            ),
            "-1"
        );
    }

    // bpftrace 0.27.1: `$p = (uint8 *)1234; printf("%d %x %p %lu %u %s", ...)`
    // and `$e = GREEN; printf("%d %s %x", $e, $e, $e)`.
    #[test]
    fn pointers_and_enums_convert_as_their_numbers() {
        let p = Value::Pointer(1234);
        assert_eq!(
            f(
                "%d %x %p %lu %u %s|",
                &[p.clone(), p.clone(), p.clone(), p.clone(), p.clone(), p]
            ),
            "1234 4d2 0x4d2 1234 1234 0x4d2|"
        );
        let green = Value::Enum {
            bits: 5,
            signed: false,
            name: Some("GREEN".into()),
        };
        assert_eq!(
            f("%d %s %x|", &[green.clone(), green.clone(), green]),
            "5 GREEN 5|"
        );
    }
}
