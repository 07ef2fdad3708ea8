//! Property tests: arbitrary bytes never panic and stay in bounds, and any
//! mix of real log lines parses the same through every path.

mod common;

use buildfix_logparse::{Parser, ParserBuilder};
use common::{Trickle, fixture, parse_every_way};
use proptest::prelude::*;

/// Every line of every fixture log, the raw material of realistic mixes.
fn fixture_lines() -> Vec<Vec<u8>> {
    let names = [
        "corpus/c-undeclared/gcc-fixits.log",
        "corpus/c-undeclared/clang-fixits.log",
        "corpus/cpp-templates/gxx.log",
        "corpus/rust-resolve/build.log",
        "corpus/rust-resolve/build-json.log",
        "corpus/java-symbols2/javac.log",
        "corpus/python-errors/pytest.log",
        "corpus/python-errors/run.log",
        "corpus/ts-errors/tsc-pretty.log",
        "corpus/csharp-errors/mcs.log",
        "corpus/go-errors/build.log",
        "logs/maven/compile-failure.log",
        "logs/msbuild/multi-target.log",
        "logs/gcc/include-and-instantiation.log",
        "logs/gcc/link-errors.log",
        "logs/turbo/workspace-tsc.log",
        "logs/npm/workspaces-tsc.log",
        "logs/rustc/cargo-test-panics.log",
        "logs/go/test-failures.log",
        "logs/java/uncaught-exception.log",
        "logs/gcc/sanitizers.log",
    ];
    let mut lines: Vec<Vec<u8>> = names
        .iter()
        .flat_map(|n| {
            fixture(n)
                .split_inclusive(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect::<Vec<_>>()
        })
        .collect();
    // npm's banners after a CI service's time stamp, read only in a log
    // whose first line is stamped.
    let stamped = fixture("logs/npm/workspaces-tsc.log")
        .split_inclusive(|&b| b == b'\n')
        .map(|line| [b"2026-11-24T10:00:01.1234567Z ".as_slice(), line].concat())
        .collect::<Vec<_>>();
    lines.extend(stamped);
    lines
}

proptest! {
    // 256 cases by default; PROPTEST_CASES raises it for a longer search.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_bytes_never_panic_and_ranges_stay_in_bounds(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let analysis = ParserBuilder::new().chunk_size(64).max_line(512).build().parse_bytes(&data);
        for d in analysis.diagnostics() {
            let r = d.log_range();
            prop_assert!(r.start() <= r.end() && r.end() <= data.len() as u64);
        }
        prop_assert_eq!(analysis.summary().bytes, data.len() as u64);
    }

    #[test]
    fn mixed_real_lines_parse_alike_on_every_path(picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..120)) {
        let lines = fixture_lines();
        let log: Vec<u8> = picks.iter().flat_map(|i| i.get(&lines).clone()).collect();
        parse_every_way(&log);
    }

    #[test]
    fn tiny_line_caps_agree_between_memory_and_stream(picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..60), cap in 8usize..200) {
        let lines = fixture_lines();
        let log: Vec<u8> = picks.iter().flat_map(|i| i.get(&lines).clone()).collect();
        let parser = ParserBuilder::new().max_line(cap).chunk_size(97).stream_buffer(cap * 3).build();
        let whole = parser.parse_bytes(&log);
        let streamed = parser.parse_reader(Trickle { data: &log, step: 13 }).unwrap();
        prop_assert_eq!(whole, streamed);
    }
}

/// A reader that yields a 100 MB line without ever holding it.
struct LongLine {
    left: usize,
    head: &'static [u8],
    tail: &'static [u8],
}

impl std::io::Read for LongLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.head.is_empty() {
            let n = self.head.len().min(buf.len());
            buf[..n].copy_from_slice(&self.head[..n]);
            self.head = &self.head[n..];
            return Ok(n);
        }
        if self.left > 0 {
            let n = self.left.min(buf.len());
            buf[..n].fill(b'x');
            self.left -= n;
            return Ok(n);
        }
        let n = self.tail.len().min(buf.len());
        buf[..n].copy_from_slice(&self.tail[..n]);
        self.tail = &self.tail[n..];
        Ok(n)
    }
}

#[test]
fn a_100_mb_line_is_cut_marked_and_does_not_grow_the_buffer() {
    let reader = LongLine {
        left: 100 << 20,
        head: b"src/a.ts(1,1): error TS2304: Cannot find name 'q'.\nmain.c:3:1: error: huge ",
        tail: b"\nsrc/b.ts(2,2): error TS2304: Cannot find name 'r'.\n",
    };
    let parser = ParserBuilder::new().stream_buffer(1 << 20).max_line(64 << 10).build();
    let analysis = parser.parse_reader(reader).unwrap();
    let d = analysis.diagnostics();
    assert_eq!(analysis.summary().errors, 3, "{d:#?}");
    assert!(d[1].truncated() && d[1].message().starts_with("huge xxx"));
    assert!(d[1].message().len() <= 16 << 10);
    assert_eq!(d[2].primary().unwrap().path(), "src/b.ts");
    // The log range of the record after the long line is where it really is.
    assert_eq!(d[2].log_range().start(), 51 + 24 + (100 << 20) + 1);
    assert_eq!(analysis.summary().bytes, 51 + 24 + (100 << 20) + 52);
}

#[test]
fn the_same_long_line_in_memory_gives_the_same_result() {
    let mut log = b"src/a.ts(1,1): error TS2304: Cannot find name 'q'.\nmain.c:3:1: error: huge ".to_vec();
    log.resize(log.len() + (4 << 20), b'x');
    log.extend_from_slice(b"\nsrc/b.ts(2,2): error TS2304: Cannot find name 'r'.\n");
    let parser = ParserBuilder::new()
        .stream_buffer(1 << 16)
        .max_line(64 << 10)
        .chunk_size(1 << 20)
        .build();
    let whole = parser.parse_bytes(&log);
    assert_eq!(whole, parser.parse_reader(Trickle { data: &log, step: 4096 }).unwrap());
    assert_eq!(whole.summary().errors, 3);
    let _ = Parser::new();
}
