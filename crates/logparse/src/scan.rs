//! The sequential scan: a literal prefilter over the whole buffer finds
//! candidate lines, and the formats turn candidates into records.

use crate::formats::{ANCHORS, BANNER_AFTER_STAMP, Format, Item, banner_after_stamp, plausible};
use crate::line::{Cursor, Looks, is_stamped, line_at, line_start};
use aho_corasick::{AhoCorasick, MatchKind};

/// A record: the byte range it spans in the scanned buffer and what it says.
pub(crate) struct Record {
    pub start: usize,
    pub end: usize,
    pub items: Vec<Item>,
    /// Whether parsing it looked past the end of the buffer (so more input
    /// could change it).
    pub hit_end: bool,
    /// Whether parsing it looked above the floor (so a scan that stood
    /// higher could parse it otherwise).
    pub hit_floor: bool,
}

/// The immutable scanning machinery, built once and shared by all workers.
pub(crate) struct Scanner {
    anchors: AhoCorasick,
    /// The anchors and [`BANNER_AFTER_STAMP`], for a log whose lines a CI
    /// service stamped: an anchor more slows every scan, so only such logs
    /// pay for it.
    stamped_anchors: AhoCorasick,
    formats: Vec<Format>,
    max_line: usize,
}

/// The most of a log's first bytes that [`Scanner::for_log`] reads: room
/// for the longest prefix a CI service writes (`gh run view --log` puts the
/// job's and the step's names before the time stamp).
pub(crate) const LOG_HEAD: usize = 256;

/// A [`Scanner`] set for one log (see [`Scanner::for_log`]).
#[derive(Clone, Copy)]
pub(crate) struct LogScanner<'a> {
    scanner: &'a Scanner,
    anchors: &'a AhoCorasick,
}

impl Scanner {
    pub fn new(formats: Vec<Format>, max_line: usize) -> Scanner {
        let automaton = |anchors: &[&str]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(anchors)
                .expect("the anchors are valid literals")
        };
        Scanner {
            anchors: automaton(ANCHORS),
            stamped_anchors: automaton(&[ANCHORS, &[BANNER_AFTER_STAMP]].concat()),
            formats,
            max_line,
        }
    }

    /// The scanner for the log that starts with `head` (of which it reads
    /// at most [`LOG_HEAD`] bytes): one whose first line a CI service
    /// stamped is taken to be stamped throughout, so that every part of it
    /// is scanned for the same anchors.
    pub fn for_log(&self, head: &[u8]) -> LogScanner<'_> {
        let head = &head[..head.len().min(LOG_HEAD)];
        let first_line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
        let anchors = if is_stamped(first_line) {
            &self.stamped_anchors
        } else {
            &self.anchors
        };
        LogScanner { scanner: self, anchors }
    }
}

impl LogScanner<'_> {
    /// Where the next plausible anchor from the line start `pos` is. An
    /// anchor that starts with a newline finds the line after it: it is
    /// looked for from the newline that ends the line above `pos`, and at
    /// the buffer's start (a log's, or a stream's refill) as if one were
    /// there.
    fn next_hit(&self, buf: &[u8], pos: usize) -> Option<usize> {
        if pos == 0 {
            let at_start = ANCHORS.iter().enumerate().any(|(pattern, anchor)| {
                anchor
                    .strip_prefix('\n')
                    .is_some_and(|rest| buf.starts_with(rest.as_bytes()) && plausible(buf, pattern, 0, rest.len()))
            });
            if at_start {
                return Some(0);
            }
        }
        let from = pos.saturating_sub(1);
        let hit = self.anchors.find_iter(&buf[from..]).find(|m| {
            let (pattern, at, end) = (m.pattern().as_usize(), from + m.start(), from + m.end());
            match ANCHORS.get(pattern) {
                Some(_) => plausible(buf, pattern, at, end),
                None => banner_after_stamp(buf, at),
            }
        })?;
        Some(from + hit.start() + usize::from(buf[from + hit.start()] == b'\n'))
    }

    /// Parses the records whose header line starts in `[from, limit)`, each
    /// completed even past `limit`. Context claimed above a header never
    /// reaches below `floor`. `buf` holds complete lines only.
    ///
    /// With `more_may_follow` (a stream not yet at its end), the scan ends
    /// at the first record whose format looked past the end of the buffer,
    /// marked `hit_end`, or at an empty such record when a candidate could
    /// not be decided: scan again from there once more input is in.
    pub fn scan(
        &self,
        buf: &[u8],
        from: usize,
        limit: usize,
        floor: usize,
        more_may_follow: bool,
        out: &mut Vec<Record>,
    ) {
        let mut pos = from;
        let mut floor = floor;
        while pos < limit {
            let Some(hit_at) = self.next_hit(buf, pos) else { break };
            let at = line_start(buf, hit_at).max(pos);
            if at >= limit {
                break;
            }
            let line = line_at(buf, at, self.scanner.max_line);
            let looks = Looks::default();
            // An oversized line is a record of its own: nothing continues
            // it, and nothing above or past it is looked at (a stream holds
            // it alone).
            let (cut, floor_here) = if line.oversized {
                (&buf[..line.next], line.start)
            } else {
                (buf, floor)
            };
            let mut cur = Cursor::new(cut, line.next, self.scanner.max_line, &looks);
            let hit_end = || !line.oversized && looks.past_end.get();
            let parsed = self
                .scanner
                .formats
                .iter()
                .find_map(|f| f.parse(&line, &mut cur, floor_here));
            match parsed {
                Some(mut p) => {
                    if let Some(task) = &line.task {
                        for item in &mut p.items {
                            if let Item::Diagnostic(d) = item {
                                task.claim(d);
                            }
                        }
                    }
                    let end = cur.pos();
                    out.push(Record {
                        start: p.start,
                        end,
                        items: p.items,
                        hit_end: hit_end(),
                        hit_floor: looks.past_floor.get(),
                    });
                    if more_may_follow && hit_end() {
                        return;
                    }
                    pos = end;
                    floor = end;
                }
                None if more_may_follow && hit_end() => {
                    out.push(Record {
                        start: line.start,
                        end: line.next,
                        items: Vec::new(),
                        hit_end: true,
                        hit_floor: false,
                    });
                    return;
                }
                None => pos = line.next,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(log: &str) -> Vec<Record> {
        let scanner = Scanner::new(Format::ALL.to_vec(), 1 << 20);
        let mut out = Vec::new();
        scanner
            .for_log(log.as_bytes())
            .scan(log.as_bytes(), 0, log.len(), 0, false, &mut out);
        out
    }

    #[test]
    fn context_lines_join_the_record_below_them() {
        let log = "noise\nmain.c: In function 'main':\nmain.c:3:5: error: boom\n    3 | x\n      | ^\nafter\n";
        let r = records(log);
        assert_eq!(r.len(), 1);
        assert_eq!(
            &log[r[0].start..r[0].end],
            "main.c: In function 'main':\nmain.c:3:5: error: boom\n    3 | x\n      | ^\n"
        );
    }

    #[test]
    fn lines_that_merely_mention_errors_are_not_records() {
        assert!(records("gcc -Werror -c x.c\nCompiling error-chain v0.12\n").is_empty());
    }
}
