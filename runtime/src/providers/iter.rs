//! BPF iterators (`iter:task`): the program is loaded against the kernel's
//! `bpf_iter_TARGET` and runs once per object while its iterator is read.
//! Its output goes through the ring buffer like any probe's, so what is
//! read from the iterator itself is empty and thrown away.

use aya::programs::Iter;
use std::fs::File;
use std::io::Read;

/// Attaches the program and opens its iterator.
pub(super) fn open(program: &mut Iter) -> Result<File, String> {
    let id = program.attach().map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    link.into_file().map_err(|e| crate::error_chain(&e))
}

/// Reads the iterator to its end: the program has then seen every object.
/// A read stops with EAGAIN when the program asks for its object again
/// (the ring buffer is half full: Sonde drains it meanwhile) and after a
/// million objects that wrote nothing; the next read goes on from there.
pub fn read_to_end(mut iterator: File) -> Result<(), String> {
    let mut sink = [0u8; 4096];
    loop {
        match iterator.read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            Err(e) => return Err(format!("reading the iterator failed: {e}")),
        }
    }
}
