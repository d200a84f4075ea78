//! Where printed text goes, and in which format: buffered, and written out at
//! the end of every batch of records (about a millisecond's worth), whether
//! stdout is a terminal, a pipe or a file, so `sonde ... | grep` shows lines as
//! they happen; bpftrace's text or its NDJSON (`-f json`).

use crate::format::{MapEntry, json, maps};
use sonde_script::MapSpec;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub struct Output {
    out: io::BufWriter<Box<dyn Write>>,
    format: Format,
}

impl Output {
    pub fn stdout(format: Format) -> Output {
        Output {
            out: io::BufWriter::with_capacity(64 * 1024, Box::new(io::stdout())),
            format,
        }
    }

    /// Output into any writer (tests).
    pub fn new(w: Box<dyn Write>, format: Format) -> Output {
        Output {
            out: io::BufWriter::new(w),
            format,
        }
    }

    fn line(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// A printf, time() or join() record's text; `kind` is the JSON "type"
    /// bpftrace gives it ("printf", "time", "join").
    pub fn message(&mut self, kind: &str, text: &str) -> io::Result<()> {
        match self.format {
            Format::Text => self.out.write_all(text.as_bytes()),
            Format::Json => self.line(&json::message(kind, text)),
        }
    }

    /// Output of system() (`"syscall"` in JSON, as bpftrace names it) or
    /// cat() (`"cat"`): the bytes as they are, or lossily as UTF-8 in JSON.
    pub fn bytes(&mut self, kind: &str, bytes: &[u8]) -> io::Result<()> {
        match self.format {
            Format::Text => self.out.write_all(bytes),
            Format::Json => self.line(&json::message(kind, &String::from_utf8_lossy(bytes))),
        }
    }

    /// `print(value)`: its text, or a `"value"` record in JSON.
    pub fn value(&mut self, v: &crate::format::Value) -> io::Result<()> {
        match self.format {
            Format::Text => {
                self.out.write_all(v.display().as_bytes())?;
                self.out.write_all(b"\n")
            }
            Format::Json => self.line(&json::print_value(v)),
        }
    }

    /// Before BEGIN runs: JSON announces the probes first, as bpftrace does.
    pub fn attaching(&mut self, n: usize) -> io::Result<()> {
        match self.format {
            Format::Text => Ok(()),
            Format::Json => self.line(&json::attached_probes(n)),
        }
    }

    /// Once every probe is attached: `Attached N probes` on stderr, for the
    /// person watching (in JSON mode too: stdout stays machine-readable).
    pub fn attached(&mut self, n: usize) {
        eprintln!("Attached {n} probe{}", if n == 1 { "" } else { "s" });
    }

    /// `--dry-run` done: every program passed the verifier (stderr, as
    /// `attached`, so a silent success is not mistaken for doing nothing).
    pub fn verified(&mut self, n: usize) {
        eprintln!(
            "Verified {n} program{}; nothing attached (--dry-run)",
            if n == 1 { "" } else { "s" }
        );
    }

    /// What bpftrace prints before the maps at exit (two newlines, text only).
    pub fn before_exit_maps(&mut self) -> io::Result<()> {
        match self.format {
            Format::Text => self.out.write_all(b"\n\n"),
            Format::Json => Ok(()),
        }
    }

    /// One map, its entries already sorted; an empty map prints nothing.
    pub fn map(&mut self, spec: &MapSpec, entries: &[MapEntry]) -> io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        match self.format {
            Format::Text => self.out.write_all(maps::render(spec, entries).as_bytes()),
            Format::Json => self.line(&json::map(&spec.name, !spec.keys.is_empty(), entries)),
        }
    }

    /// End of a batch of events: a terminal sees them now.
    /// The end of a batch of records (and of BEGIN): write them out.
    pub fn batch_done(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
