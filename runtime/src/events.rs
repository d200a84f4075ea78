//! The event loop: the ring buffer and the signal fd polled together;
//! records decoded by the layout the compiler recorded and printed.

use crate::format::{Value, printf};
use crate::maps::ScriptMaps;
use crate::ring::Ring;
use crate::signals::Signals;
use crate::{Output, RunError, error_chain};
use aya::maps::{Map, MapData};
use sonde_script::{
    CompiledScript, FormatPiece, MapOp, RECORD_EXIT, RECORD_HELPER_ERROR, RECORD_MAP_OP,
    RECORD_PROCESS_SEEN, RECORD_USER_STACK,
};
use std::os::fd::{AsFd, AsRawFd};

/// How long to let records gather after a wakeup (the extra latency of output).
const BATCH_WAIT: std::time::Duration = std::time::Duration::from_millis(1);

pub struct Events {
    ring: Ring,
    /// The map: its fd is what the ring maps and what poll waits on.
    map: MapData,
}

#[derive(Debug, Default)]
pub struct State {
    /// Set by an exit record (its code) or a signal (0).
    pub exit_code: Option<i64>,
    /// After exit(), later records are not printed (as bpftrace does).
    pub stopped: bool,
    pub lost: u64,
}

impl Events {
    pub fn open(map: Map) -> Result<Events, RunError> {
        let Map::RingBuf(map) = map else {
            return Err(RunError::Internal(
                "the events map is not a ring buffer".into(),
            ));
        };
        let size = map
            .info()
            .map_err(|e| RunError::Internal(error_chain(&e)))?
            .max_entries();
        let ring = Ring::new(map.fd().as_fd(), size as usize)
            .map_err(|e| RunError::Internal(format!("cannot map the ring buffer: {e}")))?;
        Ok(Events { ring, map })
    }

    /// Prints everything the ring holds now, then reports newly lost records.
    pub fn drain(
        &mut self,
        script: &CompiledScript,
        maps: &ScriptMaps,
        state: &mut State,
        output: &mut Output,
    ) {
        self.ring
            .drain(|record| handle(script, maps, record, state, output));
        let lost = maps.lost_records();
        if lost > state.lost {
            let _ = output.lost(lost - state.lost);
            state.lost = lost;
        }
    }

    /// Polls until exit() or a signal.
    /// Prints events until the script ends (`None`), or until one of
    /// `self_signals` arrives (`Some`: the caller runs its probes and comes back).
    #[allow(clippy::too_many_arguments)]
    pub fn run_until_exit(
        &mut self,
        script: &CompiledScript,
        maps: &ScriptMaps,
        signals: &Signals,
        self_signals: &[i32],
        child_exit: Option<std::os::fd::BorrowedFd<'_>>,
        state: &mut State,
        output: &mut Output,
    ) -> Result<Option<i32>, RunError> {
        let mut fds: Vec<libc::pollfd> = [
            self.map.fd().as_fd().as_raw_fd(),
            signals.as_fd().as_raw_fd(),
        ]
        .into_iter()
        .chain(child_exit.map(|fd| fd.as_raw_fd()))
        .map(|fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
        while state.exit_code.is_none() {
            // SAFETY: `fds` is a valid array of pollfd of the given length.
            let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
            if rc < 0 {
                let e = std::io::Error::last_os_error();
                if e.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(RunError::Io(format!("poll failed: {e}")));
            }
            if fds[0].revents != 0 {
                // The kernel wakes us only when we had caught up: letting a
                // batch gather first turns one wakeup per record, paid by the
                // traced program, into about one per millisecond.
                std::thread::sleep(BATCH_WAIT);
            }
            self.drain(script, maps, state, output);
            if fds[1].revents != 0
                && let Some(signal) = signals.pending()
            {
                if self_signals.contains(&signal) {
                    return Ok(Some(signal));
                }
                state.exit_code.get_or_insert(0);
            }
            // The -c command exited: end as exit() would.
            if fds.get(2).is_some_and(|s| s.revents != 0) {
                state.exit_code.get_or_insert(0);
            }
            if output.batch_done().is_err() {
                state.exit_code.get_or_insert(0);
            }
        }
        Ok(None)
    }
}

fn handle(
    script: &CompiledScript,
    maps: &ScriptMaps,
    record: &[u8],
    state: &mut State,
    output: &mut Output,
) {
    if state.stopped || record.len() < 8 {
        return;
    }
    let word = |at: usize| -> u64 {
        let mut b = [0u8; 8];
        if let Some(s) = record.get(at..at + 8) {
            b.copy_from_slice(s);
        }
        u64::from_le_bytes(b)
    };
    let id = word(0);
    if id == RECORD_EXIT {
        state.exit_code = Some(word(8) as i64);
        state.stopped = true;
        return;
    }
    if id == RECORD_HELPER_ERROR {
        let site = usize::try_from(word(8))
            .ok()
            .and_then(|i| script.helper_error_sites.get(i));
        if let Some(site) = site
            && output.helper_error(site, word(16) as i64).is_err()
        {
            state.exit_code.get_or_insert(0);
            state.stopped = true;
        }
        return;
    }
    if id == RECORD_USER_STACK {
        maps.add_user_stack(record);
        return;
    }
    if id == RECORD_PROCESS_SEEN {
        maps.process_seen(word(8), word(16));
        return;
    }
    if id == RECORD_MAP_OP {
        map_op(maps, [word(8), word(16), word(24), word(32)], output);
        return;
    }
    let Some(spec) = usize::try_from(id).ok().and_then(|i| script.printfs.get(i)) else {
        return;
    };
    let mut args = Value::decode_all(&spec.args, &record[8..]);
    for arg in &mut args {
        maps.resolve(arg, 8);
    }
    if let [
        FormatPiece::Diagnostic {
            level,
            location,
            inner,
            ..
        },
    ] = spec.pieces.as_slice()
    {
        // errorf()/warnf(): stderr in text, a record in JSON.
        let text = printf::format(inner, &args);
        if output.diagnostic(level, location, &text).is_err() {
            state.exit_code.get_or_insert(0);
            state.stopped = true;
        }
        return;
    }
    if let [FormatPiece::System(inner) | FormatPiece::Cat(inner)] = spec.pieces.as_slice() {
        let text = printf::format(inner, &args);
        let result = match spec.pieces.as_slice() {
            [FormatPiece::System(_)] => crate::unsafe_ops::system(&text, output),
            _ => crate::unsafe_ops::cat(&text, script.max_cat_bytes, output),
        };
        if result.is_err() {
            state.exit_code.get_or_insert(0);
            state.stopped = true;
        }
        return;
    }
    if let ([FormatPiece::Value], Some(value)) = (spec.pieces.as_slice(), args.first()) {
        if output.value(value).is_err() {
            state.exit_code.get_or_insert(0);
            state.stopped = true;
        }
        return;
    }
    let text = printf::format(&spec.pieces, &args);
    let kind = match spec.pieces.as_slice() {
        [FormatPiece::LocalTime(_)] => "time",
        [FormatPiece::Join(_)] => "join",
        _ => "printf",
    };
    if output.message(kind, &text).is_err() {
        // stdout closed (`| head`): stop like exit() would.
        state.exit_code.get_or_insert(0);
        state.stopped = true;
    }
}

/// clear(), zero() or print() of a map, asked for by a probe.
fn map_op(maps: &ScriptMaps, [op, index, top, div]: [u64; 4], output: &mut Output) {
    let index = usize::try_from(index).unwrap_or(usize::MAX);
    let Some(spec) = maps.spec(index) else {
        return;
    };
    let result = match MapOp::from_u64(op) {
        Some(MapOp::Clear) => maps.clear(index),
        Some(MapOp::Zero) => maps.zero(index),
        Some(MapOp::Print) => maps.read(index).and_then(|mut entries| {
            // print() of a map without keys that holds nothing shows its
            // zero (`@c: 0`, empty stats), as bpftrace's does.
            if entries.is_empty()
                && let Some(zero) = crate::maps::zero_entry(spec)
            {
                entries.push(zero);
            }
            crate::format::maps::sort(&mut entries);
            crate::format::maps::top_and_div(&mut entries, usize::try_from(top).unwrap_or(0), div);
            output.map(spec, &entries)
        }),
        None => Ok(()),
    };
    if let Err(e) = result {
        output.warn(&format!(
            "Warning: {:?} of {} failed: {e}",
            MapOp::from_u64(op),
            spec.name
        ));
    }
}
