//! printf format strings, parsed once at compile time into pieces the runtime
//! fills in. bpftrace's set: `%d %i %u %x %X %o %c %s %p %%`, flags `- 0 + space #`,
//! width, precision, and C length modifiers (`hh` and `h` narrow the value
//! as C's do; the others are accepted and change nothing: every
//! integer is 64-bit); `%r`, `%rx` and `%rh` for buffers.

use crate::printf::{Conversion, FormatPiece, RawStyle};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// Byte range inside the format string's text.
    pub at: std::ops::Range<usize>,
    pub message: String,
}

pub fn parse(format: &str) -> Result<Vec<FormatPiece>, FormatError> {
    let bytes = format.as_bytes();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(rel) = format[i..].find('%') else {
            literal.push_str(&format[i..]);
            break;
        };
        literal.push_str(&format[i..i + rel]);
        let start = i + rel;
        i = start + 1;
        if bytes.get(i) == Some(&b'%') {
            literal.push('%');
            i += 1;
            continue;
        }
        let mut conv = Conversion::default();
        while let Some(&b) = bytes.get(i) {
            match b {
                b'-' => conv.left_align = true,
                b'0' => conv.zero_pad = true,
                b'+' => conv.plus = true,
                b' ' => conv.space = true,
                b'#' => conv.alternate = true,
                _ => break,
            }
            i += 1;
        }
        let number = |i: &mut usize| -> Option<usize> {
            let begin = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            format[begin..*i].parse().ok()
        };
        conv.width = number(&mut i);
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            conv.precision = Some(number(&mut i).unwrap_or(0));
        }
        let modifiers = i;
        while bytes
            .get(i)
            .is_some_and(|b| matches!(b, b'l' | b'h' | b'z' | b'j' | b't'))
        {
            i += 1;
        }
        // C's integer conversions: without a length modifier the value is
        // an int (32 bits), as bpftrace 0.27.1 prints it (`%d` of 5000000000
        // is 705032704); `l`, `ll`, `j`, `z` and `t` keep 64 bits.
        let integer = matches!(bytes.get(i), Some(b'd' | b'i' | b'u' | b'x' | b'X' | b'o'));
        conv.narrow_bits = match &format[modifiers..i] {
            "hh" => Some(8),
            "h" => Some(16),
            "" if integer => Some(32),
            _ => None,
        };
        match bytes.get(i) {
            Some(&c @ (b'd' | b'i' | b'u' | b'x' | b'X' | b'o' | b'c' | b's' | b'p')) => {
                conv.conv = c as char;
                i += 1;
            }
            Some(b'r') => {
                conv.conv = 'r';
                i += 1;
                conv.raw = match bytes.get(i) {
                    Some(b'x') => RawStyle::Escaped,
                    Some(b'h') => RawStyle::Hex,
                    _ => RawStyle::Printable,
                };
                if conv.raw != RawStyle::Printable {
                    i += 1;
                }
            }
            Some(_) => {
                let end = format[i..]
                    .chars()
                    .next()
                    .map_or(i + 1, |c| i + c.len_utf8());
                return Err(FormatError {
                    at: start..end,
                    message: format!("unknown conversion '{}'", &format[start..end]),
                });
            }
            None => {
                return Err(FormatError {
                    at: start..i,
                    message: "incomplete conversion at the end of the format".to_string(),
                });
            }
        }
        if !literal.is_empty() {
            pieces.push(FormatPiece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(FormatPiece::Conversion(conv));
    }
    if !literal.is_empty() {
        pieces.push(FormatPiece::Literal(literal));
    }
    Ok(pieces)
}

pub fn conversions(pieces: &[FormatPiece]) -> impl Iterator<Item = &Conversion> {
    pieces.iter().filter_map(|p| match p {
        FormatPiece::Conversion(c) => Some(c),
        FormatPiece::Literal(_)
        | FormatPiece::LocalTime(_)
        | FormatPiece::Join(_)
        | FormatPiece::Value
        | FormatPiece::System(_)
        | FormatPiece::Cat(_)
        | FormatPiece::Diagnostic { .. } => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_flags_width_precision() {
        let p = parse("a %-16s|%05d %.2s %lu %%\n").expect("parses");
        assert_eq!(p.len(), 9);
        assert_eq!(p[0], FormatPiece::Literal("a ".into()));
        let convs: Vec<&Conversion> = conversions(&p).collect();
        assert_eq!(convs.len(), 4);
        assert!(convs[0].left_align && convs[0].width == Some(16) && convs[0].conv == 's');
        assert!(convs[1].zero_pad && convs[1].width == Some(5) && convs[1].conv == 'd');
        assert_eq!(convs[2].precision, Some(2));
        assert_eq!(convs[3].conv, 'u');
        assert_eq!(p[8], FormatPiece::Literal(" %\n".into()));
    }

    #[test]
    fn buffer_conversions() {
        let p = parse("%r|%rx|%rh|%-8rxz").expect("parses");
        let convs: Vec<&Conversion> = conversions(&p).collect();
        let styles: Vec<(char, RawStyle)> = convs.iter().map(|c| (c.conv, c.raw)).collect();
        assert_eq!(
            styles,
            [
                ('r', RawStyle::Printable),
                ('r', RawStyle::Escaped),
                ('r', RawStyle::Hex),
                ('r', RawStyle::Escaped)
            ]
        );
        assert!(convs[3].left_align && convs[3].width == Some(8));
        assert_eq!(p.last(), Some(&FormatPiece::Literal("z".into())));
    }

    #[test]
    fn bad_conversions() {
        let e = parse("x %q y").expect_err("bad");
        assert_eq!(e.at, 2..4);
        assert!(parse("100%").is_err());
    }
}
