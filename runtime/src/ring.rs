//! The BPF ring buffer read from its own mapping, a batch at a time.
//!
//! aya's reader publishes the consumer position after every record, and the
//! kernel reads that position on every reserve: the cache line holding it
//! moved between the traced program's CPU and the reader's once per record.
//! This reader publishes it once per batch, and every eighth of the ring
//! within a long batch so that the producer gets its space back while the
//! batch is printed. The layout is the kernel's (`kernel/bpf/ringbuf.c`):
//! one page with the consumer position (read-write), one with the producer
//! position, then the data pages mapped twice in a row, so that a record
//! that wraps around the end is contiguous.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// A record the kernel has reserved and not yet submitted or discarded.
const BUSY_BIT: u32 = 1 << 31;
/// A record the program discarded: skipped.
const DISCARD_BIT: u32 = 1 << 30;
/// `struct bpf_ringbuf_hdr`: the length (and the two bits), the page offset.
const HEADER_BYTES: usize = 8;

pub struct Ring {
    /// The consumer page, mapped read-write.
    consumer: Mapping,
    /// The producer page and the data pages twice, read-only.
    producer: Mapping,
    page_size: usize,
    /// The ring's data size in bytes (a power of two).
    size: usize,
    /// Where this reader is: published to the consumer page by `publish`.
    pos: usize,
}

struct Mapping {
    at: *mut u8,
    len: usize,
}

impl Mapping {
    fn new(
        fd: BorrowedFd<'_>,
        len: usize,
        writable: bool,
        offset: usize,
    ) -> std::io::Result<Mapping> {
        let protection = if writable {
            libc::PROT_READ | libc::PROT_WRITE
        } else {
            libc::PROT_READ
        };
        let offset = libc::off_t::try_from(offset).map_err(std::io::Error::other)?;
        // SAFETY: a new shared mapping of the map's fd; the kernel checks
        // the length and offset against the ring buffer's layout.
        let at = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                protection,
                libc::MAP_SHARED,
                fd.as_raw_fd(),
                offset,
            )
        };
        if at == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Mapping { at: at.cast(), len })
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: `at` and `len` are a mapping this value made and owns.
        unsafe {
            libc::munmap(self.at.cast(), self.len);
        }
    }
}

impl Ring {
    /// Maps the ring buffer map `fd` of `size` data bytes.
    pub fn new(fd: BorrowedFd<'_>, size: usize) -> std::io::Result<Ring> {
        if !size.is_power_of_two() {
            return Err(std::io::Error::other(format!(
                "ring buffer of {size} bytes is not a power of two"
            )));
        }
        // SAFETY: sysconf has no preconditions.
        let page_size = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) })
            .map_err(std::io::Error::other)?;
        let consumer = Mapping::new(fd.as_fd(), page_size, true, 0)?;
        let producer = Mapping::new(fd, page_size + 2 * size, false, page_size)?;
        let mut ring = Ring {
            consumer,
            producer,
            page_size,
            size,
            pos: 0,
        };
        ring.pos = ring.consumer_pos().load(Ordering::Acquire);
        Ok(ring)
    }

    fn consumer_pos(&self) -> &AtomicUsize {
        // SAFETY: the consumer page starts with the kernel's `unsigned long
        // consumer_pos`, page-aligned, and lives as long as `self`.
        unsafe { &*self.consumer.at.cast::<AtomicUsize>() }
    }

    fn producer_pos(&self) -> &AtomicUsize {
        // SAFETY: as `consumer_pos`, on the producer page.
        unsafe { &*self.producer.at.cast::<AtomicUsize>() }
    }

    fn publish(&self) {
        self.consumer_pos().store(self.pos, Ordering::Release);
    }

    /// Calls `each` with every record submitted so far, in order, then
    /// publishes how far it read (at most one ring's worth per call, so the
    /// caller gets back to its other work under any load). A record still
    /// being written ends the batch: its submit wakes the reader, which had
    /// caught up with it.
    pub fn drain(&mut self, mut each: impl FnMut(&[u8])) {
        let mask = self.size - 1;
        let publish_every = (self.size / 8).max(HEADER_BYTES);
        let mut read = 0;
        let mut unpublished = 0;
        let mut producer = self.producer_pos().load(Ordering::Acquire);
        while self.pos < producer && read < self.size {
            let at = self.page_size + (self.pos & mask);
            // SAFETY: `at` is in the first copy of the data pages, 8-aligned
            // (records are), and the header is published by the kernel
            // with release semantics.
            let header =
                unsafe { &*self.producer.at.add(at).cast::<AtomicU32>() }.load(Ordering::Acquire);
            if header & BUSY_BIT != 0 {
                break;
            }
            let len = (header & !(BUSY_BIT | DISCARD_BIT)) as usize;
            if len + HEADER_BYTES > self.size {
                // Not a record the kernel wrote: read nothing more.
                break;
            }
            if header & DISCARD_BIT == 0 {
                // SAFETY: the record lies within the doubled data pages
                // (at < page_size + size, len + 8 <= size), and the kernel
                // does not reuse it until the consumer position passes it.
                let record = unsafe {
                    std::slice::from_raw_parts(self.producer.at.add(at + HEADER_BYTES), len)
                };
                each(record);
            }
            let step = (len + HEADER_BYTES).next_multiple_of(8);
            self.pos += step;
            read += step;
            unpublished += step;
            if unpublished >= publish_every {
                self.publish();
                unpublished = 0;
            }
            if self.pos >= producer {
                producer = self.producer_pos().load(Ordering::Acquire);
            }
        }
        self.publish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ring laid out as the kernel's, in ordinary memory.
    struct Fake {
        consumer: Vec<u64>,
        producer: Vec<u64>,
    }

    fn ring_over(fake: &mut Fake, page_size: usize, size: usize) -> std::mem::ManuallyDrop<Ring> {
        std::mem::ManuallyDrop::new(Ring {
            consumer: Mapping {
                at: fake.consumer.as_mut_ptr().cast(),
                len: 0,
            },
            producer: Mapping {
                at: fake.producer.as_mut_ptr().cast(),
                len: 0,
            },
            page_size,
            size,
            pos: 0,
        })
    }

    fn put(fake: &mut Fake, page_size: usize, size: usize, pos: usize, header: u32, body: &[u8]) {
        let bytes: &mut [u8] = bytemuck_bytes(&mut fake.producer);
        let at = page_size + (pos & (size - 1));
        bytes[at..at + 4].copy_from_slice(&header.to_le_bytes());
        bytes[at + 8..at + 8 + body.len()].copy_from_slice(body);
    }

    fn bytemuck_bytes(words: &mut [u64]) -> &mut [u8] {
        // SAFETY: u64s viewed as their bytes, same lifetime.
        unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast(), words.len() * 8) }
    }

    #[test]
    fn reads_submitted_records_skips_discarded_stops_at_busy() {
        let (page_size, size) = (64, 64);
        let mut fake = Fake {
            consumer: vec![0; page_size / 8],
            producer: vec![0; (page_size + 2 * size) / 8],
        };
        put(&mut fake, page_size, size, 0, 3, b"abc");
        put(&mut fake, page_size, size, 16, 2 | DISCARD_BIT, b"xx");
        put(&mut fake, page_size, size, 32, 1, b"d");
        put(&mut fake, page_size, size, 48, 1 | BUSY_BIT, b"e");
        fake.producer[0] = 64;
        let mut ring = ring_over(&mut fake, page_size, size);
        let mut seen = Vec::new();
        ring.drain(|r| seen.push(r.to_vec()));
        assert_eq!(seen, vec![b"abc".to_vec(), b"d".to_vec()]);
        assert_eq!(ring.pos, 48, "stopped at the busy record");
        assert_eq!(fake.consumer[0], 48, "published");
    }
}
