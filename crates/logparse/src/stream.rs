//! Parsing a stream (stdin, a pipe, a child's output) through a bounded
//! buffer: memory stays flat however long the log.
//!
//! Each refill scans the complete lines in the buffer. A record that reaches
//! the end of the buffer may go on in the next read, so it is scanned again
//! with more data; context lines at the end are kept for the record below
//! them. A line longer than the line cap is kept only as its head, as the
//! in-memory path does.

use crate::analysis::Collector;
use crate::formats::is_context_line;
use crate::line::{Cursor, Looks};
use crate::scan::{LOG_HEAD, Record, Scanner};
use std::io::{self, ErrorKind, Read};

/// What a streaming parse needs to know.
pub(crate) struct StreamLimits {
    /// Bytes read before each scan.
    pub capacity: usize,
    /// The most kept of one line.
    pub max_line: usize,
}

/// Parses everything `reader` yields into `collector`; returns the largest
/// the buffer grew.
pub(crate) fn parse_reader(
    scanner: &Scanner,
    mut reader: impl Read,
    limits: &StreamLimits,
    collector: &mut Collector,
) -> io::Result<usize> {
    let capacity = limits.capacity.max(1);
    let mut buf: Vec<u8> = Vec::new();
    let (mut base, mut scan_from, mut floor) = (0u64, 0usize, 0usize);
    let mut counter = Counter::default();
    let mut peak = 0;
    // Set by the log's first line, once it is read.
    let mut log_scanner = None;
    loop {
        // The first read holds enough of the log to set its scanner.
        let target = buf.len()
            + if log_scanner.is_some() {
                capacity
            } else {
                capacity.max(LOG_HEAD)
            };
        let eof = fill(&mut reader, &mut buf, target, &mut counter)?;
        let scanner = *log_scanner.get_or_insert_with(|| scanner.for_log(&buf));
        peak = peak.max(buf.len());
        let tail = memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1);
        if !eof && buf.len() - tail > limits.max_line {
            // Everything before the oversized line is final: that line ends any record.
            let mut records = Vec::new();
            scanner.scan(&buf[..tail], scan_from, tail, floor, false, &mut records);
            collector.add(base, records);
            let (line_len, rest, eof) = skip_oversized(&mut reader, &mut buf, tail, limits.max_line, &mut counter)?;
            let mut records = Vec::new();
            scanner.scan(&buf[tail..], 0, buf.len() - tail, 0, false, &mut records);
            let stretch = line_len - (buf.len() - tail);
            for r in &mut records {
                r.end += stretch;
            }
            collector.add(base + tail as u64, records);
            base += (tail + line_len) as u64;
            buf.clear();
            buf.extend_from_slice(&rest);
            (scan_from, floor) = (0, 0);
            if eof {
                break;
            }
            continue;
        }
        let complete = if eof { buf.len() } else { tail };
        let mut records = Vec::new();
        scanner.scan(&buf[..complete], scan_from, complete, floor, !eof, &mut records);
        let deferred = if eof { None } else { records.pop_if(|r| r.hit_end) };
        let last_end = records.last().map_or(floor, |r| r.end);
        collector.add(base, records);
        collector.parsed(counter.bytes);
        if eof {
            break;
        }
        let keep = match &deferred {
            Some(r) => r.start,
            None => context_run_start(&buf[..complete], complete, last_end, limits.max_line),
        };
        (scan_from, floor) = match deferred {
            Some(Record { start, .. }) => (start - keep, start - keep),
            None => (complete - keep, 0),
        };
        buf.drain(..keep);
        base += keep as u64;
    }
    collector.add_extent(counter.bytes, counter.lines());
    Ok(peak)
}

#[derive(Default)]
struct Counter {
    bytes: u64,
    newlines: u64,
    last: Option<u8>,
}

impl Counter {
    fn count(&mut self, data: &[u8]) {
        if let Some(&b) = data.last() {
            self.bytes += data.len() as u64;
            self.newlines += memchr::memchr_iter(b'\n', data).count() as u64;
            self.last = Some(b);
        }
    }

    fn lines(&self) -> u64 {
        self.newlines + u64::from(self.last.is_some_and(|b| b != b'\n'))
    }
}

/// Reads until `buf` holds `target` bytes or the stream ends; true at the end.
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, target: usize, counter: &mut Counter) -> io::Result<bool> {
    let mut scratch = [0u8; 8192];
    while buf.len() < target {
        let want = (target - buf.len()).min(scratch.len());
        match reader.read(&mut scratch[..want]) {
            Ok(0) => return Ok(true),
            Ok(n) => {
                buf.extend_from_slice(&scratch[..n]);
                counter.count(&scratch[..n]);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

/// Keeps the head of the oversized line that starts at `tail` (one byte
/// more than the cap, so it still reads as oversized, plus its newline),
/// drops the rest of it, and returns the line's full length with its
/// newline, the bytes read past it, and whether the stream ended.
fn skip_oversized(
    reader: &mut impl Read,
    buf: &mut Vec<u8>,
    tail: usize,
    max_line: usize,
    counter: &mut Counter,
) -> io::Result<(usize, Vec<u8>, bool)> {
    let mut len = buf.len() - tail;
    buf.truncate(tail + max_line + 1);
    let mut scratch = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut scratch) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok((len, Vec::new(), true));
        }
        counter.count(&scratch[..n]);
        if let Some(i) = memchr::memchr(b'\n', &scratch[..n]) {
            buf.push(b'\n');
            return Ok((len + i + 1, scratch[i + 1..n].to_vec(), false));
        }
        len += n;
    }
}

/// The start of the run of context lines that ends at `end`, not below `floor`.
fn context_run_start(buf: &[u8], end: usize, floor: usize, max_line: usize) -> usize {
    let looks = Looks::default();
    let cur = Cursor::new(buf, end, max_line, &looks);
    let mut start = end;
    while let Some(prev) = cur.line_before(start, floor) {
        if prev.oversized || !is_context_line(&prev.text) {
            break;
        }
        start = prev.start;
    }
    start
}
