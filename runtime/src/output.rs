//! Where printed text goes: line by line to a terminal, in large writes when
//! stdout is a pipe or file (flushed at exit).

use std::io::{self, IsTerminal, Write};

pub struct Output {
    out: io::BufWriter<Box<dyn Write>>,
    interactive: bool,
}

impl Output {
    pub fn stdout() -> Output {
        let interactive = io::stdout().is_terminal();
        Output {
            out: io::BufWriter::with_capacity(64 * 1024, Box::new(io::stdout())),
            interactive,
        }
    }

    /// Output into any writer (tests), flushed only at batch ends when `interactive`.
    pub fn new(w: Box<dyn Write>, interactive: bool) -> Output {
        Output {
            out: io::BufWriter::new(w),
            interactive,
        }
    }

    pub fn write(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
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
