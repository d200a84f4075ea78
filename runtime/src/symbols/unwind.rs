//! User stacks unwound from call frame information: the probe copies the
//! user registers and the top of the stack (`RECORD_USER_STACK`), and this
//! walks the copy with the `.eh_frame` / `.debug_frame` of the binary and
//! libraries mapped where each frame is (framehop does the walking). Each
//! file's sections are read once, on first use, and kept by path and inode;
//! each process's modules are made from its mappings when a copy of it first
//! arrives, and again when a frame is outside them while it still runs.

use super::process::{self, Mapping};
use framehop::x86_64::{CacheX86_64, UnwindRegsX86_64, UnwinderX86_64};
use framehop::{ExplicitModuleSectionInfo, Module, Unwinder};
use object::{Object, ObjectSection, ObjectSegment};
use sonde_script::{MAX_STACK_LIMIT, user_stack_record as layout};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

type Bytes = Arc<[u8]>;

/// Unwound stacks kept until the record holding them is printed: a record
/// the full ring dropped leaves its copy behind, so the oldest go first.
const KEPT_STACKS: usize = 4096;

/// One copy as the probe sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackCopy<'r> {
    pub id: u64,
    pub pid: u32,
    /// The process's start time (ns since boot; 0: unknown).
    pub start_time: u64,
    pub ip: u64,
    pub sp: u64,
    pub bp: u64,
    pub stack: &'r [u8],
}

impl<'r> StackCopy<'r> {
    /// A `RECORD_USER_STACK` record's fields; None when it is too short.
    pub fn parse(record: &'r [u8]) -> Option<StackCopy<'r>> {
        let word = |at: usize| -> Option<u64> {
            Some(u64::from_le_bytes(record.get(at..at + 8)?.try_into().ok()?))
        };
        let length = usize::try_from(word(layout::LENGTH)?).ok()?;
        let stack = record.get(layout::BYTES..layout::BYTES.checked_add(length)?)?;
        Some(StackCopy {
            id: word(layout::ID)?,
            pid: (word(layout::PID_TID)? >> 32) as u32,
            start_time: word(layout::START_TIME)?,
            ip: word(layout::IP)?,
            sp: word(layout::SP)?,
            bp: word(layout::BP)?,
            stack,
        })
    }

    /// The stack word at `address`, when the copy holds it.
    fn read(&self, address: u64) -> Option<u64> {
        let at = usize::try_from(address.checked_sub(self.sp)?).ok()?;
        Some(u64::from_le_bytes(
            self.stack.get(at..at.checked_add(8)?)?.try_into().ok()?,
        ))
    }
}

/// A file's unwind sections and its loadable segments (virtual address,
/// file offset, file size).
struct FileUnwind {
    sections: ExplicitModuleSectionInfo<Bytes>,
    segments: Vec<(u64, u64, u64)>,
}

impl FileUnwind {
    fn load(data: &[u8]) -> Option<FileUnwind> {
        let file = object::File::parse(data).ok()?;
        let section = |name: &str| {
            let s = file.section_by_name(name)?;
            let bytes: Bytes = Arc::from(s.data().ok()?);
            Some((s.address()..s.address() + s.size(), bytes))
        };
        let (text_svma, text) = section(".text").unzip();
        let (eh_frame_svma, eh_frame) = section(".eh_frame").unzip();
        let (eh_frame_hdr_svma, eh_frame_hdr) = section(".eh_frame_hdr").unzip();
        let got_svma = section(".got").map(|(range, _)| range);
        let debug_frame = section(".debug_frame").map(|(_, bytes)| bytes);
        if eh_frame.is_none() && debug_frame.is_none() {
            return None;
        }
        let segments = file
            .segments()
            .map(|s| {
                let (offset, size) = s.file_range();
                (s.address(), offset, size)
            })
            .collect();
        Some(FileUnwind {
            sections: ExplicitModuleSectionInfo {
                base_svma: 0,
                text_svma,
                text,
                got_svma,
                eh_frame_svma,
                eh_frame,
                eh_frame_hdr_svma,
                eh_frame_hdr,
                debug_frame,
                ..Default::default()
            },
            segments,
        })
    }

    /// Where the file's address 0 is in a process that maps file offset
    /// `offset` at `start`.
    fn load_bias(&self, start: u64, offset: u64) -> Option<u64> {
        let (vaddr, seg_offset, _) = self
            .segments
            .iter()
            .find(|(_, o, size)| offset >= *o && offset < o + size.max(&1))?;
        Some(start.wrapping_sub(vaddr + (offset - seg_offset)))
    }
}

/// A process's modules: the unwinder and the mappings it was made from.
struct ProcessModules {
    /// The start time of the process they are of (ns since boot, 0: unknown).
    start_time: u64,
    mappings: Rc<Vec<Mapping>>,
    unwinder: UnwinderX86_64<Bytes>,
}

#[derive(Default)]
pub struct UserUnwinder {
    files: HashMap<(String, u64), Option<Rc<FileUnwind>>>,
    processes: HashMap<u32, ProcessModules>,
    cache: CacheX86_64,
    unwound: HashMap<u64, Vec<u64>>,
    order: VecDeque<u64>,
}

impl UserUnwinder {
    /// Unwinds a copy and keeps its frames for the record that prints it;
    /// the mappings it was unwound with, for naming its frames later.
    pub fn add(&mut self, copy: &StackCopy) -> Option<Rc<Vec<Mapping>>> {
        // Modules of an earlier process with the same pid are no use.
        if self
            .processes
            .get(&copy.pid)
            .is_some_and(|p| p.start_time != copy.start_time)
        {
            self.processes.remove(&copy.pid);
        }
        let mappings = self.modules(copy.pid, copy.start_time, copy.ip);
        let frames = match self.processes.get(&copy.pid) {
            Some(p) => unwind(&p.unwinder, &mut self.cache, copy),
            None => vec![copy.ip],
        };
        // A frame outside the modules: a library mapped since they were made.
        let outside = self.processes.get(&copy.pid).is_some_and(|p| {
            frames
                .iter()
                .any(|a| process::locate(&p.mappings, *a).is_none())
        });
        let (frames, mappings) = if outside && self.refresh(copy.pid, copy.start_time) {
            let frames = self.processes.get(&copy.pid).map_or_else(
                || vec![copy.ip],
                |p| unwind(&p.unwinder, &mut self.cache, copy),
            );
            (
                frames,
                self.processes.get(&copy.pid).map(|p| p.mappings.clone()),
            )
        } else {
            (frames, mappings)
        };
        if self.unwound.insert(copy.id, frames).is_none() {
            self.order.push_back(copy.id);
        }
        while self.order.len() > KEPT_STACKS {
            if let Some(old) = self.order.pop_front() {
                self.unwound.remove(&old);
            }
        }
        mappings
    }

    /// The frames of copy `id` (none when it never arrived), forgotten then.
    pub fn take(&mut self, id: u64) -> Vec<u64> {
        self.unwound.remove(&id).unwrap_or_default()
    }

    /// The modules of `pid`, made on its first copy.
    fn modules(&mut self, pid: u32, start_time: u64, ip: u64) -> Option<Rc<Vec<Mapping>>> {
        if !self.processes.contains_key(&pid) && !self.refresh(pid, start_time) {
            return None;
        }
        let p = self.processes.get(&pid)?;
        if process::locate(&p.mappings, ip).is_none() {
            self.refresh(pid, start_time);
        }
        self.processes.get(&pid).map(|p| p.mappings.clone())
    }

    /// Reads the mappings of `pid` again; false when it is gone, or when
    /// the process with that pid now started at another time than
    /// `start_time` (what was known of it stays).
    fn refresh(&mut self, pid: u32, start_time: u64) -> bool {
        if !process::is_started_at(pid, start_time) {
            return false;
        }
        let Ok(mappings) = process::mappings(pid) else {
            return false;
        };
        let mut unwinder = UnwinderX86_64::new();
        let mut seen = std::collections::HashSet::new();
        for m in mappings.iter().filter(|m| m.executable) {
            if !seen.insert((m.path.clone(), m.inode)) {
                continue;
            }
            let Some(file) = self.file(pid, m) else {
                continue;
            };
            let Some(bias) = file.load_bias(m.start, m.offset) else {
                continue;
            };
            let same_file = mappings
                .iter()
                .filter(|o| o.path == m.path && o.inode == m.inode);
            let start = same_file.clone().map(|o| o.start).min().unwrap_or(m.start);
            let end = same_file.map(|o| o.end).max().unwrap_or(m.end);
            unwinder.add_module(Module::new(
                m.path.clone(),
                start..end,
                bias,
                file.sections.clone(),
            ));
        }
        self.processes.insert(
            pid,
            ProcessModules {
                start_time,
                mappings: Rc::new(mappings),
                unwinder,
            },
        );
        true
    }

    /// A mapped file's unwind sections, read once per path and inode
    /// (through the process's root when the path does not open from here).
    fn file(&mut self, pid: u32, m: &Mapping) -> Option<Rc<FileUnwind>> {
        let key = (m.path.clone(), m.inode);
        if let Some(cached) = self.files.get(&key) {
            return cached.clone();
        }
        let data = std::fs::read(&m.path)
            .or_else(|_| std::fs::read(format!("/proc/{pid}/root{}", m.path)))
            .ok();
        let loaded = data.and_then(|d| FileUnwind::load(&d)).map(Rc::new);
        self.files.insert(key, loaded.clone());
        loaded
    }

    /// How many files' sections have been read (for tests).
    #[cfg(test)]
    pub fn files_read(&self) -> usize {
        self.files.len()
    }
}

/// The return addresses of a copy, innermost first, at most
/// `MAX_STACK_LIMIT`; the walk stops where the copy or the unwind
/// information ends.
fn unwind(unwinder: &UnwinderX86_64<Bytes>, cache: &mut CacheX86_64, copy: &StackCopy) -> Vec<u64> {
    let mut read = |address: u64| copy.read(address).ok_or(());
    let mut frames = unwinder.iter_frames(
        copy.ip,
        UnwindRegsX86_64::new(copy.ip, copy.sp, copy.bp),
        cache,
        &mut read,
    );
    let mut out = Vec::new();
    while let Ok(Some(frame)) = frames.next() {
        out.push(frame.address());
        if out.len() >= MAX_STACK_LIMIT as usize {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sonde_script::RECORD_USER_STACK;

    /// A `RECORD_USER_STACK` record of this thread as the probe would send
    /// it: ip, sp and bp here, and the stack bytes above sp.
    #[inline(never)]
    fn record_of_own_stack(id: u64) -> Vec<u8> {
        let (ip, sp, bp): (u64, u64, u64);
        // SAFETY: reads three registers, touches no memory.
        unsafe {
            std::arch::asm!(
                "lea {ip}, [rip]",
                "mov {sp}, rsp",
                "mov {bp}, rbp",
                ip = out(reg) ip,
                sp = out(reg) sp,
                bp = out(reg) bp,
            );
        }
        let length = 4096usize;
        let mut record = vec![0u8; layout::BYTES];
        let mut put = |at: usize, w: u64| record[at..at + 8].copy_from_slice(&w.to_le_bytes());
        put(0, RECORD_USER_STACK);
        put(layout::ID, id);
        put(layout::PID_TID, u64::from(std::process::id()) << 32);
        put(layout::IP, ip);
        put(layout::SP, sp);
        put(layout::BP, bp);
        put(layout::LENGTH, length as u64);
        // SAFETY: the test thread's stack (megabytes) holds the callers'
        // frames above sp; the bytes are copied, as the probe copies them.
        let stack = unsafe { std::slice::from_raw_parts(sp as *const u8, length) };
        record.extend_from_slice(std::hint::black_box(stack));
        record
    }

    #[inline(never)]
    fn a_caller_to_find(id: u64) -> Vec<u8> {
        let r = record_of_own_stack(id);
        std::hint::black_box(r)
    }

    #[test]
    fn unwinds_a_copy_of_this_thread_and_reads_each_file_once() {
        let record = a_caller_to_find(7);
        let copy = StackCopy::parse(&record).expect("a whole record");
        assert_eq!(copy.id, 7);
        assert_eq!(copy.pid, std::process::id());
        let mut unwinder = UserUnwinder::default();
        let mappings = unwinder.add(&copy).expect("our own mappings");
        let read = unwinder.files_read();
        assert!(read >= 1, "the test binary at least");
        let frames = unwinder.take(7);
        assert!(!frames.is_empty());
        let symbols = crate::symbols::Symbolizer::default();
        symbols.remember(copy.pid, copy.start_time, mappings);
        let names: Vec<String> = frames.iter().map(|a| symbols.usym(copy.pid, *a)).collect();
        // The walk from the middle of a function of this (unoptimised)
        // binary is checked on the live kernel (tests/cases/unwind.case);
        // here, that the copy's ip is named through the kept mappings.
        assert!(names[0].contains("record_of_own_stack"), "{names:?}");
        // Printed once: taken, then gone.
        assert!(unwinder.take(7).is_empty());
        // Another copy of the same process reads no file again.
        let again = a_caller_to_find(8);
        unwinder.add(&StackCopy::parse(&again).expect("a whole record"));
        assert_eq!(unwinder.files_read(), read);
        assert!(!unwinder.take(8).is_empty());
    }

    #[test]
    fn short_records_and_copies_past_their_end_are_refused() {
        assert_eq!(StackCopy::parse(&[0u8; 40]), None);
        let mut record = a_caller_to_find(1);
        record.truncate(layout::BYTES + 100);
        assert_eq!(StackCopy::parse(&record), None, "LENGTH says 4096");
        let copy = StackCopy {
            id: 1,
            pid: 1,
            start_time: 0,
            ip: 0,
            sp: 0x1000,
            bp: 0,
            stack: &[1, 0, 0, 0, 0, 0, 0, 0, 2],
        };
        assert_eq!(copy.read(0x1000), Some(1));
        assert_eq!(copy.read(0x1002), None, "past the copy's end");
        assert_eq!(copy.read(0xfff), None, "below sp");
    }

    #[test]
    fn a_copy_of_an_earlier_process_with_the_pid_takes_none_of_its_mappings() {
        let record = a_caller_to_find(3);
        let copy = StackCopy::parse(&record).expect("a whole record");
        let started = process::start_time(copy.pid).expect("we run") * process::ns_per_tick();
        let mut unwinder = UserUnwinder::default();
        let earlier = StackCopy {
            start_time: started.saturating_sub(60_000_000_000).max(1),
            ..copy
        };
        assert_eq!(unwinder.add(&earlier), None);
        assert_eq!(unwinder.take(3), vec![copy.ip], "the ip alone, unnamed");
        let ours = StackCopy {
            start_time: started,
            ..copy
        };
        assert!(
            unwinder.add(&ours).is_some(),
            "this process's own start time"
        );
    }

    #[test]
    fn kept_stacks_are_bounded() {
        let mut unwinder = UserUnwinder::default();
        let copy = StackCopy {
            id: 0,
            pid: 5_000_000,
            start_time: 0,
            ip: 0x1234,
            sp: 0,
            bp: 0,
            stack: &[],
        };
        for id in 0..(KEPT_STACKS as u64 + 10) {
            unwinder.add(&StackCopy { id, ..copy });
        }
        assert!(unwinder.take(0).is_empty(), "the oldest went first");
        assert_eq!(unwinder.take(KEPT_STACKS as u64 + 9), vec![0x1234]);
    }
}
