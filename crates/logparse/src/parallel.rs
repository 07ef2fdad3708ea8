//! Parsing a whole in-memory buffer on a rayon pool.
//!
//! The buffer is cut at line starts into chunks, and every chunk is parsed
//! as if a sequential scan had reached its start idle. Where that guess was
//! wrong (a record of the previous chunk runs past the cut), the chunk's
//! records are thrown away and the chunk is scanned again from where the
//! previous record ended: the output is always that of one sequential scan.

use crate::analysis::Collector;
use crate::scan::{Record, Scanner};
use rayon::prelude::*;

/// Parses `buf` (a whole log) into `collector`, in chunks of about
/// `chunk_size` bytes, `in_flight` chunks in flight at a time.
pub(crate) fn parse_slice(
    scanner: &Scanner,
    buf: &[u8],
    chunk_size: usize,
    in_flight: usize,
    collector: &mut Collector,
) {
    let scanner = scanner.for_log(buf);
    let cuts = cut_points(buf, chunk_size.max(1));
    let mut cur = 0usize; // where the sequential scan would stand now
    for wave in cuts.windows(2).collect::<Vec<_>>().chunks(in_flight.max(1)) {
        let results: Vec<(Vec<Record>, u64)> = wave
            .par_iter()
            .map(|w| {
                let (start, end) = (w[0], w[1]);
                let mut out = Vec::new();
                scanner.scan(buf, start, end, start, false, &mut out);
                (out, memchr::memchr_iter(b'\n', &buf[start..end]).count() as u64)
            })
            .collect();
        for (w, (records, newlines)) in wave.iter().zip(results) {
            let (start, end) = (w[0], w[1]);
            let records = if speculation_held(&records, start, cur) {
                records.into_iter().filter(|r| r.start >= cur).collect()
            } else {
                let mut again = Vec::new();
                scanner.scan(buf, cur, end, cur, false, &mut again);
                again
            };
            if let Some(last) = records.last() {
                cur = cur.max(last.end);
            }
            collector.add(0, records);
            collector.add_extent((end - start) as u64, newlines);
            collector.parsed(end as u64);
        }
    }
    let unterminated = !buf.is_empty() && buf[buf.len() - 1] != b'\n';
    collector.add_extent(0, u64::from(unterminated));
}

/// Whether a chunk scanned from `start` found what a sequential scan
/// standing idle at `cur` (the end of the last record kept) would find.
///
/// When `cur` lies past the cut, the previous chunk's last record ran into
/// this chunk: the guess failed if one of this chunk's records spans `cur`.
/// When `cur` lies before the cut, the sequential scan could claim context
/// lines above the cut, which the chunk could not: the guess failed if the
/// first record starts right at the cut, or asked for a line above it (GNU
/// ld's errors are read upwards from the driver's summary, and may be
/// parsed otherwise from further up).
fn speculation_held(records: &[Record], start: usize, cur: usize) -> bool {
    if cur > start {
        !records.iter().any(|r| r.start < cur && r.end > cur)
    } else {
        cur == start || records.first().is_none_or(|r| r.start > start && !r.hit_floor)
    }
}

/// Chunk boundaries: 0, line starts near every multiple of `chunk_size`, and `buf.len()`.
fn cut_points(buf: &[u8], chunk_size: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut at = chunk_size;
    while at < buf.len() {
        match memchr::memchr(b'\n', &buf[at..]) {
            Some(i) if at + i + 1 < buf.len() => {
                cuts.push(at + i + 1);
                at = at + i + 1 + chunk_size;
            }
            _ => break,
        }
    }
    cuts.push(buf.len());
    cuts
}

#[cfg(test)]
mod tests {
    use super::cut_points;

    #[test]
    fn cuts_fall_on_line_starts() {
        let buf = b"aaaa\nbb\ncccccc\nd";
        let cuts = cut_points(buf, 3);
        assert_eq!(cuts, vec![0, 5, 15, 16]);
        for &c in &cuts[1..cuts.len() - 1] {
            assert_eq!(buf[c - 1], b'\n');
        }
    }
}
