//! The Go toolchain: `go build` and `go vet` print `file.go:line:col: msg`,
//! with detail lines indented by a tab (`\thave (int)`).

use super::{Item, Parsed, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{ColumnUnit, Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:vet: )?(?P<path>[^\s:][^:]*\.go):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<msg>.+)$").unwrap()
});

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if !text.contains(".go:") {
        return None;
    }
    let c = HEADER.captures(text)?;
    let message = &c["msg"];
    // Other tools in Go's shape say so: `x.go:3:1: error: ...` is generic.
    if message.starts_with("error:") || message.starts_with("warning:") {
        return None;
    }
    if message == "too many errors" {
        return Some(Parsed::at(line, Vec::new()));
    }
    let mut d = diagnostic(Tool::Go, Severity::Error, message);
    let line_no = num(&c["line"])?;
    // Go counts columns in bytes; the log does not quote the source to convert them.
    // `./main.go` (a file of the package in the current directory) is `main.go`.
    let path = c["path"].strip_prefix("./").unwrap_or(&c["path"]);
    d.set_primary(match c.name("col").and_then(|m| num(m.as_str())) {
        Some(col) => Span::point(path, line_no, col).in_unit(ColumnUnit::Bytes),
        None => Span::whole_line(path, line_no),
    });
    if line.oversized {
        d.mark_truncated();
    }
    while let Some(next) = cur.peek() {
        if !next.text.starts_with('\t') {
            break;
        }
        cur.consume(&next);
        d.push_note(next.text.trim());
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}
