//! Where printed text goes, and in which format: bpftrace's text or its
//! NDJSON (`-f json`), buffered as `-B` says. By default the buffer is
//! written out at the end of every batch of records (about a millisecond's
//! worth), whether stdout is a terminal, a pipe or a file, so `sonde ... |
//! grep` shows lines as they happen. Messages for the person watching
//! (`Attached N probes`, warnings) go to stderr unless `-q` or
//! `--no-warnings` silence them.

use crate::RunError;
use crate::format::{MapEntry, json, maps};
use sonde_script::{MapKind, MapSpec};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// When buffered output reaches the file descriptor (`-B`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Buffering {
    /// At the end of every batch of records and of BEGIN (Sonde's default).
    #[default]
    Batch,
    /// At every newline (`-B line`, bpftrace's default).
    Line,
    /// When 64 KiB have gathered, and at exit (`-B full`).
    Full,
    /// At every write (`-B none`).
    None,
}

/// The size of the buffer in `Batch` and `Full` modes.
const BUFFER_BYTES: usize = 64 * 1024;

pub struct Output {
    out: Box<dyn Write>,
    format: Format,
    buffering: Buffering,
    /// `-q`: no `Attached N probes` (nor its JSON record).
    quiet: bool,
    /// `--no-warnings` clears it: run-time warnings and `warnf()` stay unsaid.
    warnings: bool,
    /// JSON mode between `attaching` and `attached`: the `attached_probes`
    /// record comes first (before BEGIN's output, as bpftrace writes it),
    /// but is written out only once the probes are attached, so a reader
    /// that waits for it knows they are.
    holding: bool,
    /// What the output is, for messages: `standard output` or `-o`'s path.
    destination: String,
    /// The first write that failed, shared with the writer under the buffer.
    failure: FirstFailure,
}

/// The first failed write of the output (its kind and text, without
/// Rust's ` (os error N)`). After it nothing more reaches the file: a full
/// disk is reported once, and the file never holds output written after a
/// gap (the buffer's drop at exit writes through the same guard).
#[derive(Clone, Default)]
struct FirstFailure(Rc<RefCell<Option<(io::ErrorKind, String)>>>);

impl FirstFailure {
    fn get(&self) -> Option<(io::ErrorKind, String)> {
        self.0.borrow().clone()
    }

    /// `Err` once a write has failed; else `result`, kept when it is the first failure.
    fn guard<T>(&self, write: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        if let Some((kind, text)) = self.get() {
            return Err(io::Error::new(kind, text));
        }
        let result = write();
        if let Err(e) = &result
            && e.kind() != io::ErrorKind::Interrupted
        {
            *self.0.borrow_mut() = Some((e.kind(), plain(e)));
        }
        result
    }
}

/// An OS error's text without Rust's " (os error N)".
fn plain(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The file descriptor's writer, under the buffer: records the first failure.
struct Guarded {
    inner: Box<dyn Write>,
    failure: FirstFailure,
}

impl Write for Guarded {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let inner = &mut self.inner;
        self.failure.guard(|| inner.write(bytes))
    }

    fn flush(&mut self) -> io::Result<()> {
        let inner = &mut self.inner;
        self.failure.guard(|| inner.flush())
    }
}

/// A writer flushed after every write: `-B none` (Rust's stdout would
/// otherwise keep a partial line).
struct Unbuffered(Box<dyn Write>);

impl Write for Unbuffered {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.0.write(bytes)?;
        self.0.flush()?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl Output {
    pub fn stdout(format: Format) -> Output {
        Output::buffered(Box::new(io::stdout()), format, Buffering::Batch)
    }

    /// Output into any writer (tests), flushed at the end of each batch.
    pub fn new(w: Box<dyn Write>, format: Format) -> Output {
        Output::buffered(w, format, Buffering::Batch)
    }

    /// Output into `w`, written out as `buffering` says.
    pub fn buffered(w: Box<dyn Write>, format: Format, buffering: Buffering) -> Output {
        let failure = FirstFailure::default();
        let w: Box<dyn Write> = Box::new(Guarded {
            inner: w,
            failure: failure.clone(),
        });
        let out: Box<dyn Write> = match buffering {
            Buffering::Batch | Buffering::Full => {
                Box::new(io::BufWriter::with_capacity(BUFFER_BYTES, w))
            }
            Buffering::Line => Box::new(io::LineWriter::new(w)),
            Buffering::None => Box::new(Unbuffered(w)),
        };
        Output {
            out,
            format,
            buffering,
            quiet: false,
            warnings: true,
            holding: false,
            destination: "standard output".to_string(),
            failure,
        }
    }

    /// What the output is called in the message of a failed write (`-o`'s path).
    pub fn named(mut self, destination: impl Into<String>) -> Output {
        self.destination = destination.into();
        self
    }

    /// The run's error for a failed write: the first failure (a later
    /// write only repeats it), or `e`. A closed pipe (`| head`) ends the
    /// run quietly; anything else names the output and the cause.
    pub(crate) fn error(&self, e: io::Error) -> RunError {
        let (kind, text) = self.failure.get().unwrap_or_else(|| (e.kind(), plain(&e)));
        if kind == io::ErrorKind::BrokenPipe {
            RunError::OutputClosed
        } else {
            RunError::Io(format!("cannot write {}: {text}", self.destination))
        }
    }

    /// The run's error when a write has failed, even one the event loop
    /// only stopped at.
    pub(crate) fn failed(&self) -> Option<RunError> {
        self.failure
            .get()
            .map(|(kind, text)| self.error(io::Error::new(kind, text)))
    }

    /// `-q`: leave out `Attached N probes` and the other progress messages.
    pub fn quiet(mut self, quiet: bool) -> Output {
        self.quiet = quiet;
        self
    }

    /// `--no-warnings`: leave out run-time warnings and `warnf()`'s messages.
    pub fn warnings(mut self, warnings: bool) -> Output {
        self.warnings = warnings;
        self
    }

    /// A run-time warning, on stderr (after what stdout holds so far),
    /// unless `--no-warnings` was given.
    pub fn warn(&mut self, text: &str) {
        if self.warnings {
            let _ = self.flush();
            eprintln!("{text}");
        }
    }

    /// A failed probe read (`-k`): a warning on stderr in text, a
    /// `helper_error` record in JSON, as bpftrace reports them.
    pub fn helper_error(
        &mut self,
        site: &sonde_script::HelperErrorSite,
        retcode: i64,
    ) -> io::Result<()> {
        match self.format {
            Format::Text => {
                self.warn(&crate::helper_errors::text(site, retcode));
                Ok(())
            }
            Format::Json => self.line(&crate::helper_errors::json(site, retcode)),
        }
    }

    /// Whether run-time warnings are shown (`warnf()` asks).
    pub fn shows_warnings(&self) -> bool {
        self.warnings
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
            Format::Json if !self.quiet => {
                self.holding = true;
                self.line(&json::attached_probes(n))
            }
            _ => Ok(()),
        }
    }

    /// Once every probe is attached: `Attached N probes` on stderr, for the
    /// person watching; not in JSON mode, where the `attached_probes` record
    /// says it (bpftrace prints nothing on stderr there).
    pub fn attached(&mut self, n: usize) {
        if self.holding {
            self.holding = false;
            let _ = self.batch_done();
        }
        if self.quiet || self.format == Format::Json {
            return;
        }
        eprintln!("Attached {n} probe{}", if n == 1 { "" } else { "s" });
    }

    /// Records the ring buffer could not take since the last report: a
    /// `lost_events` record in JSON, `Lost N events` on stderr in text.
    pub fn lost(&mut self, n: u64) -> io::Result<()> {
        match self.format {
            Format::Json => self.line(&json::lost_events(n)),
            Format::Text => {
                eprintln!("Lost {n} events");
                Ok(())
            }
        }
    }

    /// errorf() (`level` "ERROR") or warnf() with its text, `location` being
    /// `FILE:LINE:COL-ENDCOL`: an `errorf`/`warnf` record in JSON, as
    /// bpftrace writes it; in text, `LOCATION: LEVEL: TEXT` on stderr after
    /// what stdout holds so far. `--no-warnings` silences warnf() in both.
    pub fn diagnostic(&mut self, level: &str, location: &str, text: &str) -> io::Result<()> {
        let error = level == "ERROR";
        if !error && !self.warnings {
            return Ok(());
        }
        match self.format {
            Format::Json => self.line(&json::diagnostic(level, location, text)),
            Format::Text => {
                self.flush()?;
                eprintln!("{location}: {level}: {text}");
                Ok(())
            }
        }
    }

    /// `--verify` done: every program passed the verifier (stderr, as
    /// `attached`, so a silent success is not mistaken for doing nothing).
    pub fn verified(&mut self, n: usize) {
        if self.quiet {
            return;
        }
        eprintln!(
            "Verified {n} program{}; nothing attached (--verify)",
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
            // bpftrace 0.27.1 writes an empty avg/stats map in JSON as an
            // empty object (and nothing in text, nor for other kinds).
            if self.format == Format::Json && matches!(spec.kind, MapKind::Avg | MapKind::Stats) {
                return self.line(&format!(
                    "{{\"type\": \"stats\", \"data\": {{{}: {{}}}}}}",
                    json::escape(&spec.name)
                ));
            }
            return Ok(());
        }
        match self.format {
            Format::Text => self.out.write_all(maps::render(spec, entries).as_bytes()),
            Format::Json => self.line(&json::map(&spec.name, !spec.keys.is_empty(), entries)),
        }
    }

    /// The end of a batch of records (and of BEGIN): write them out, unless
    /// `-B` chose another moment.
    pub fn batch_done(&mut self) -> io::Result<()> {
        if self.holding {
            return Ok(());
        }
        match self.buffering {
            Buffering::Batch => self.out.flush(),
            Buffering::Line | Buffering::Full | Buffering::None => Ok(()),
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer whose bytes the test can see while Output holds it.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn text(&self) -> String {
            self.0
                .lock()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        }
    }

    /// What reached the writer after a partial line, a whole line and the
    /// end of a batch, in `buffering` mode.
    fn written(buffering: Buffering) -> io::Result<[String; 3]> {
        let sink = Shared::default();
        let mut out = Output::buffered(Box::new(sink.clone()), Format::Text, buffering);
        out.message("printf", "part")?;
        let after_partial = sink.text();
        out.message("printf", "ial\nnext")?;
        let after_line = sink.text();
        out.batch_done()?;
        Ok([after_partial, after_line, sink.text()])
    }

    #[test]
    fn each_mode_writes_when_it_says() -> io::Result<()> {
        assert_eq!(written(Buffering::Batch)?, ["", "", "partial\nnext"]);
        assert_eq!(written(Buffering::Line)?, ["", "partial\n", "partial\n"]);
        assert_eq!(written(Buffering::Full)?, ["", "", ""]);
        assert_eq!(
            written(Buffering::None)?,
            ["part", "partial\nnext", "partial\nnext"]
        );
        Ok(())
    }

    /// A disk with room for `room` bytes: then ENOSPC, as a full tmpfs says.
    #[derive(Clone)]
    struct SmallDisk {
        written: Shared,
        room: usize,
        attempts_after_full: Arc<Mutex<usize>>,
    }

    impl Write for SmallDisk {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let used = self.written.text().len();
            if used >= self.room {
                if let Ok(mut n) = self.attempts_after_full.lock() {
                    *n += 1;
                }
                return Err(io::Error::from_raw_os_error(libc::ENOSPC));
            }
            let n = bytes.len().min(self.room - used);
            self.written.write(&bytes[..n])
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_is_one_error_naming_the_file_and_nothing_is_written_after_it() {
        let disk = SmallDisk {
            written: Shared::default(),
            room: 10,
            attempts_after_full: Arc::default(),
        };
        let mut out = Output::buffered(Box::new(disk.clone()), Format::Text, Buffering::None)
            .named("/mnt/small/out");
        assert!(out.message("printf", "0123456789abcdef\n").is_err());
        // Later writes, and the flush at exit, never reach the disk again.
        assert!(out.message("printf", "more\n").is_err());
        assert!(out.flush().is_err());
        drop(out.batch_done());
        assert_eq!(disk.written.text(), "0123456789");
        assert_eq!(disk.attempts_after_full.lock().map(|n| *n).ok(), Some(1));
        match out.failed() {
            Some(RunError::Io(text)) => {
                assert_eq!(text, "cannot write /mnt/small/out: No space left on device")
            }
            other => panic!("not the full disk's error: {other:?}"),
        }
    }

    #[test]
    fn a_closed_pipe_ends_the_run_quietly() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from_raw_os_error(libc::EPIPE))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = Output::buffered(Box::new(Closed), Format::Text, Buffering::Batch);
        assert!(
            out.message("printf", "x\n").is_ok(),
            "buffered, not yet written"
        );
        let e = out.batch_done().map_err(|e| out.error(e));
        assert!(matches!(e, Err(RunError::OutputClosed)), "{e:?}");
        assert!(matches!(out.failed(), Some(RunError::OutputClosed)));
    }

    #[test]
    fn quiet_json_has_no_attached_probes_record() -> io::Result<()> {
        let sink = Shared::default();
        let mut out = Output::buffered(Box::new(sink.clone()), Format::Json, Buffering::None);
        out.attaching(2)?;
        assert!(sink.text().contains("attached_probes"), "{}", sink.text());
        let quiet = Shared::default();
        let mut out =
            Output::buffered(Box::new(quiet.clone()), Format::Json, Buffering::None).quiet(true);
        out.attaching(2)?;
        assert_eq!(quiet.text(), "");
        Ok(())
    }
}
