//! BPF iterators (`iter:task`): the program is loaded against the kernel's
//! `bpf_iter_TARGET` and runs once per object while its iterator is read.
//! Its output goes through the ring buffer like any probe's, so what is
//! read from the iterator itself is empty and thrown away.

use aya::programs::Iter;
use std::io::Read;

pub(super) fn run(program: &mut Iter) -> Result<(), String> {
    let id = program.attach().map_err(|e| crate::error_chain(&e))?;
    let link = program.take_link(id).map_err(|e| crate::error_chain(&e))?;
    let mut iterator = link.into_file().map_err(|e| crate::error_chain(&e))?;
    let mut sink = [0u8; 4096];
    loop {
        match iterator.read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("reading the iterator failed: {e}")),
        }
    }
}
