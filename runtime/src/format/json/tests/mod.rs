//! The JSON lines checked against bpftrace's, and parsed back by a small
//! validator: every line must be one JSON object.

mod histograms;
mod maps;
mod values;

use super::*;
use crate::format::{MapEntry, Merged, Value, average};
use std::collections::BTreeMap;

/// A parsed JSON value, enough to check structure and round trips.
#[derive(Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// A strict recursive-descent JSON parser (RFC 8259): the whole input must
/// be one value; raw control characters in strings are rejected.
struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> Option<()> {
        let end = self.at + lit.len();
        (self.s.get(self.at..end)? == lit.as_bytes()).then(|| self.at = end)
    }

    fn value(&mut self) -> Option<Json> {
        self.ws();
        let v = match self.peek()? {
            b'{' => self.object()?,
            b'[' => self.array()?,
            b'"' => Json::Str(self.string()?),
            b't' => self.eat("true").map(|_| Json::Bool(true))?,
            b'f' => self.eat("false").map(|_| Json::Bool(false))?,
            b'n' => self.eat("null").map(|_| Json::Null)?,
            _ => self.number()?,
        };
        self.ws();
        Some(v)
    }

    fn object(&mut self) -> Option<Json> {
        self.eat("{")?;
        self.ws();
        let mut members = Vec::new();
        if self.eat("}").is_some() {
            return Some(Json::Obj(members));
        }
        loop {
            self.ws();
            let k = self.string()?;
            self.ws();
            self.eat(":")?;
            members.push((k, self.value()?));
            if self.eat("}").is_some() {
                return Some(Json::Obj(members));
            }
            self.eat(",")?;
        }
    }

    fn array(&mut self) -> Option<Json> {
        self.eat("[")?;
        self.ws();
        let mut items = Vec::new();
        if self.eat("]").is_some() {
            return Some(Json::Arr(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat("]").is_some() {
                return Some(Json::Arr(items));
            }
            self.eat(",")?;
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        let _ = self.eat("-");
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.eat(".").is_some() && self.digits() == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.at]).ok()?;
        Some(Json::Num(text.to_string()))
    }

    fn hex4(&mut self) -> Option<u32> {
        let text = std::str::from_utf8(self.s.get(self.at..self.at + 4)?).ok()?;
        self.at += 4;
        u32::from_str_radix(text, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.eat("\"")?;
        let mut out = Vec::new();
        loop {
            let c = self.peek()?;
            self.at += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                0..0x20 => return None,
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                self.eat("\\u")?;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                }
                _ => out.push(c),
            }
        }
    }
}

fn parse(s: &str) -> Option<Json> {
    let mut p = Parser {
        s: s.as_bytes(),
        at: 0,
    };
    let v = p.value()?;
    (p.at == s.len()).then_some(v)
}

fn valid(s: &str) -> bool {
    parse(s).is_some()
}

/// Every produced line must be one JSON object, without a newline.
fn check(line: &str) {
    assert!(!line.contains('\n'), "{line:?}");
    assert!(
        matches!(parse(line), Some(Json::Obj(_))),
        "not a JSON object: {line:?}"
    );
}

fn int(v: i64) -> Value {
    Value::Int {
        bits: v as u64,
        signed: true,
    }
}

fn uint(v: u64) -> Value {
    Value::Int {
        bits: v,
        signed: false,
    }
}

fn s(v: &str) -> Value {
    Value::Str(v.as_bytes().to_vec())
}

fn entry(keys: Vec<Value>, value: Merged) -> MapEntry {
    MapEntry { keys, value }
}

fn scalar(name: &str, value: Merged) -> String {
    map(name, false, &[entry(vec![], value)])
}

fn buckets(pairs: &[(u64, u64)]) -> BTreeMap<u64, u64> {
    pairs.iter().copied().collect()
}
