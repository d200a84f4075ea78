//! Where printed text goes, and in which format: line by line to a terminal,
//! in large writes when stdout is a pipe or file (flushed at exit); bpftrace's
//! text or its NDJSON (`-f json`).

use crate::format::{MapEntry, json, maps};
use sonde_compiler::script::MapSpec;
use std::io::{self, IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub struct Output {
    out: io::BufWriter<Box<dyn Write>>,
    interactive: bool,
    format: Format,
}

impl Output {
    pub fn stdout(format: Format) -> Output {
        let interactive = io::stdout().is_terminal();
        Output {
            out: io::BufWriter::with_capacity(64 * 1024, Box::new(io::stdout())),
            interactive,
            format,
        }
    }

    /// Output into any writer (tests), flushed only at batch ends when `interactive`.
    pub fn new(w: Box<dyn Write>, interactive: bool, format: Format) -> Output {
        Output {
            out: io::BufWriter::new(w),
            interactive,
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
    pub fn batch_done(&mut self) -> io::Result<()> {
        if self.interactive {
            self.out.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
