//! Helpers shared by the parser's integration tests.

#![allow(dead_code)]

use buildfix_core::Diagnostic;
use buildfix_logparse::{Analysis, Parser, ParserBuilder};
use std::fmt::Write as _;
use std::io::Read;
use std::path::PathBuf;

/// The project's fixture directory.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Reads a fixture by its path below `tests/fixtures`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// A reader that hands out at most `step` bytes per call, as a slow pipe does.
pub struct Trickle<'a> {
    /// What is left to hand out.
    pub data: &'a [u8],
    /// The most handed out per read.
    pub step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Parses `log` every way the parser can and asserts that all agree; returns
/// the analysis.
pub fn parse_every_way(log: &[u8]) -> Analysis {
    let whole = ParserBuilder::new()
        .jobs(1)
        .chunk_size(usize::MAX)
        .build()
        .parse_bytes(log);
    for chunk in [1, 7, 64, 333] {
        let parallel = ParserBuilder::new().jobs(2).chunk_size(chunk).build().parse_bytes(log);
        same(&parallel, &whole, &format!("parallel parse with {chunk}-byte chunks"));
    }
    for (step, buffer) in [(1, 1), (7, 7), (1, 100), (7, 50), (4096, 64), (4096, 1 << 20)] {
        let streamed = ParserBuilder::new()
            .stream_buffer(buffer)
            .build()
            .parse_reader(Trickle { data: log, step })
            .unwrap();
        same(
            &streamed,
            &whole,
            &format!("stream of {step}-byte reads through a {buffer}-byte buffer"),
        );
    }
    whole
}

fn same(got: &Analysis, want: &Analysis, how: &str) {
    if got != want {
        let (g, w) = (dump(got), dump(want));
        let first = g.lines().zip(w.lines()).position(|(a, b)| a != b).unwrap_or(0);
        let context = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{how} differs from one sequential pass:\n--- got\n{}\n--- want\n{}",
            context(&g),
            context(&w)
        );
    }
}

/// The default parser.
pub fn parser() -> Parser {
    Parser::new()
}

/// A readable dump of an analysis, one block per diagnostic, for snapshots.
pub fn dump(analysis: &Analysis) -> String {
    let mut out = String::new();
    for (i, d) in analysis.diagnostics().iter().enumerate() {
        dump_diagnostic(&mut out, i, d);
    }
    let s = analysis.summary();
    writeln!(
        out,
        "summary: {} errors, {} warnings, {} notes, {} duplicates, {} bytes, {} lines",
        s.errors, s.warnings, s.notes, s.duplicates, s.bytes, s.lines
    )
    .unwrap();
    for (tool, t) in analysis.reported() {
        writeln!(out, "reported by {tool}: {} errors, {} warnings", t.errors, t.warnings).unwrap();
    }
    out
}

fn dump_diagnostic(out: &mut String, i: usize, d: &Diagnostic) {
    let code = d.code().map(|c| format!("[{c}]")).unwrap_or_default();
    let at = match d.primary() {
        Some(p) => format!(
            " at {}:{}:{}-{}:{}{}",
            p.path(),
            p.line(),
            p.column().map_or("?".into(), |c| c.to_string()),
            p.end_line(),
            p.end_column().map_or("?".into(), |c| c.to_string()),
            if p.unit() == buildfix_core::ColumnUnit::Bytes {
                " (bytes)"
            } else {
                ""
            }
        ),
        None => String::new(),
    };
    let r = d.log_range();
    writeln!(
        out,
        "#{i} {} {}{code}{at} log {}..{} x{}",
        d.tool(),
        d.severity(),
        r.start(),
        r.end(),
        d.count()
    )
    .unwrap();
    writeln!(out, "   message: {}", d.message()).unwrap();
    if let Some(package) = d.package() {
        writeln!(out, "   package: {package}").unwrap();
    }
    if let Some(src) = d.source_line() {
        writeln!(out, "   source: |{src}|").unwrap();
    }
    for n in d.notes() {
        writeln!(out, "   note: {n}").unwrap();
    }
    for s in d.secondary() {
        writeln!(out, "   related: {}:{}:{}", s.path(), s.line(), s.column().unwrap_or(0)).unwrap();
    }
    for s in d.suggestions() {
        writeln!(out, "   suggestion ({}): {}", s.applicability(), s.message()).unwrap();
        for e in s.edits() {
            let bytes = e.bytes().map(|(a, b)| format!(" bytes {a}..{b}")).unwrap_or_default();
            let expected = e.expected().map(|x| format!(" (was {x:?})")).unwrap_or_default();
            writeln!(
                out,
                "     edit {}:{}:{}-{}:{} {:?}{bytes} => {:?}{expected}",
                e.path(),
                e.start().line,
                e.start().column,
                e.end().line,
                e.end().column,
                e.unit(),
                e.replacement_text()
            )
            .unwrap();
        }
    }
    if d.truncated() {
        writeln!(out, "   truncated").unwrap();
    }
}
