//! GCC and Clang human output, and the generic `path:line:col: error: msg`
//! that many other tools print (mypy's among them, its code after the
//! message and, with `--pretty`, the message wrapped):
//!
//! ```text
//! main.c: In function 'main':
//! main.c:12:17: error: 'cout' undeclared; did you mean 'count'?
//!    12 |     int count = cout + 1;
//!       |                 ^~~~
//! fix-it:"main.c":{12:17-12:21}:"count"
//! main.c:12:17: note: each undeclared identifier is reported only once
//! ```
//!
//! Context lines above the header (`In function`, `In file included from`,
//! `required from here`) are claimed by the record; notes, snippets and
//! `-fdiagnostics-parseable-fixits` lines below it belong to it.

use super::{Item, Parsed, Totals, caret_extent, char_column, diagnostic, is_caret_line, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Applicability, ColumnUnit, Diagnostic, Edit, Position, Severity, Span, Suggestion, Tool};
use regex::Regex;
use std::sync::LazyLock;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<path>(?:[A-Za-z]:[\\/])?[^:\s][^:]*?):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<sev>error|warning|fatal error|note|remark)(?:\[(?P<code>[A-Za-z0-9_-]+)\])?: (?P<msg>.*)$",
    )
    .unwrap()
});
static TOOL_PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<tool>cc1|cc1plus|collect2|gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(?:-\d+)?: (?P<sev>error|fatal error|warning): (?P<msg>.*)$")
        .unwrap()
});
static OPTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" \[(-[Wf][A-Za-z0-9_=+,-]+)\]$").unwrap());
/// mypy's error code after its message: `  [name-defined]`.
static MYPY_CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+\[([a-z][a-z0-9-]*)\]$").unwrap());
static CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:In file included from .*[,:]|\s+from .*[,:]|[^:\s][^:]*: (?:In |At (?:global|top level)|In instantiation).*:|[^:\s][^:]*:\d+:\d+:\s+(?:required|recursively required|in expansion|in definition|in instantiation).*)$",
    )
    .unwrap()
});
static FIXIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^fix-it:"((?:[^"\\]|\\.)*)":\{(\d+):(\d+)-(\d+):(\d+)\}:"((?:[^"\\]|\\.)*)"$"#).unwrap()
});
static GUTTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:(\d+)|\+\+\+)? \|(?: |\+|$)(.*)$").unwrap());
static CLANG_TOTALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+) (warning|error)s? (?:and (\d+) (warning|error)s? )?generated\.$").unwrap());

/// What a header line holds, checked before any regex runs.
const SEVERITIES: [&str; 4] = [": error", ": warning", ": fatal error", ": note"];

/// File endings of the C family; any other path is a generic tool's.
const C_FAMILY: &[&str] = &[
    "c", "h", "cc", "cpp", "cxx", "c++", "hpp", "hh", "hxx", "h++", "m", "mm", "cu", "cuh", "inl", "ipp", "tcc", "ixx",
    "cppm", "def", "inc",
];

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>, floor: usize) -> Option<Parsed> {
    let text = line.text.as_ref();
    if text.ends_with("generated.")
        && let Some(totals) = clang_totals(text)
    {
        return Some(Parsed::one(line, totals));
    }
    if !SEVERITIES.iter().any(|s| text.contains(s)) {
        return None;
    }
    if let Some(c) = TOOL_PREFIXED.captures(text) {
        // The driver's summary of the linker's errors above (see `ld`).
        if (c["msg"].starts_with("ld returned ") || c["msg"].starts_with("linker command failed"))
            && let Some(errors) = super::ld::above(line, cur, floor)
        {
            return Some(errors);
        }
        let tool = if c["tool"].starts_with("clang") {
            Tool::Clang
        } else {
            Tool::Gcc
        };
        let d = diagnostic(tool, severity(&c["sev"])?, &c["msg"]);
        return Some(Parsed::one(line, Item::Diagnostic(d)));
    }
    let c = HEADER.captures(text)?;
    let sev = severity(&c["sev"])?;
    let path = &c["path"];
    let tool = tool_for(path);
    let mut message = &c["msg"];
    let wrapped;
    if tool == Tool::Mypy
        && !MYPY_CODE.is_match(message)
        && let Some(whole) = wrapped_mypy_message(message, cur)
    {
        wrapped = whole;
        message = &wrapped;
    }
    let mut d = diagnostic(tool, sev, message);
    if let Some(code) = c.name("code") {
        d.set_code(code.as_str());
    } else if let Some(opt) = if tool == Tool::Mypy { &MYPY_CODE } else { &OPTION }.captures(message) {
        d.set_code(&opt[1]);
        message = &message[..message.len() - opt[0].len()];
        d = rebuild_message(d, message);
    }
    let line_no = num(&c["line"])?;
    d.set_primary(match c.name("col").and_then(|m| num(m.as_str())) {
        Some(col) => Span::point(path, line_no, col),
        None => Span::whole_line(path, line_no),
    });
    if line.oversized {
        d.mark_truncated();
    }
    // An oversized line is a record of its own: it claims no context either.
    let start = if line.oversized {
        line.start
    } else {
        claim_context(line, cur, floor, &mut d)
    };
    read_body(cur, &mut d, sev);
    Some(Parsed {
        start,
        items: vec![Item::Diagnostic(d)],
    })
}

/// mypy's message wrapped over the lines below its header (`--pretty`):
/// the header's text and up to four lines at the margin, the last of which
/// ends with its code (`[attr-defined]`); `None`, with nothing read, when no
/// such line comes (a mypy that prints no codes).
fn wrapped_mypy_message(first: &str, cur: &mut Cursor<'_>) -> Option<String> {
    let mut ahead = cur.clone();
    let mut message = first.trim_end().to_string();
    for _ in 0..4 {
        let next = ahead.peek()?;
        let t = next.text.as_ref();
        if t.trim().is_empty() || t.starts_with(char::is_whitespace) || HEADER.is_match(t) {
            return None;
        }
        ahead.consume(&next);
        message.push(' ');
        message.push_str(t.trim());
        if MYPY_CODE.is_match(&message) {
            *cur = ahead;
            return Some(message);
        }
    }
    None
}

/// Whether a note below a mypy error is about another line (`reveal_type`'s
/// "Revealed type is ..."): mypy's notes of an error are on its line.
fn elsewhere_for_mypy(d: &Diagnostic, note: &regex::Captures<'_>) -> bool {
    d.tool() == Tool::Mypy && d.primary().is_some_and(|p| num(&note["line"]) != Some(p.line()))
}

fn severity(word: &str) -> Option<Severity> {
    match word {
        "error" | "fatal error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        // A note at the top level has lost its error; a remark is not a problem.
        _ => None,
    }
}

fn tool_for(path: &str) -> Tool {
    let ext = path.rsplit_once('.').map(|(_, e)| e);
    match ext {
        // rustc --error-format=short
        Some("rs") => Tool::Rustc,
        Some(e) if C_FAMILY.contains(&e) => Tool::Gcc,
        // Nothing else prints Python's files so.
        Some("py" | "pyi") => Tool::Mypy,
        // C++ standard headers have no ending: /usr/include/c++/12/vector.
        None => Tool::Gcc,
        Some(_) if path.contains("/include/") => Tool::Gcc,
        Some(_) => Tool::Generic,
    }
}

fn rebuild_message(old: Diagnostic, message: &str) -> Diagnostic {
    let mut d = diagnostic(old.tool(), old.severity(), message);
    if let Some(code) = old.code() {
        d.set_code(code);
    }
    d
}

fn clang_totals(text: &str) -> Option<Item> {
    let c = CLANG_TOTALS.captures(text)?;
    let mut totals = (0u64, 0u64);
    for (n, kind) in [(c.get(1), c.get(2)), (c.get(3), c.get(4))] {
        let (Some(n), Some(kind)) = (n, kind) else { continue };
        let n = u64::from(num(n.as_str())?);
        if kind.as_str() == "error" {
            totals.0 += n
        } else {
            totals.1 += n
        }
    }
    Some(Totals::item(Tool::Clang, totals.0, totals.1))
}

/// A context line as a note: `main.c: In function 'main':` reads
/// `In function 'main'`.
fn context_note(text: &str) -> String {
    let t = text.trim().trim_end_matches([':', ',']);
    match t.split_once(": In ").or_else(|| t.split_once(": At ")) {
        Some((_, rest)) if !t.starts_with("In file") => {
            let word = if t.contains(": In ") { "In " } else { "At " };
            format!("{word}{rest}")
        }
        _ => t.to_string(),
    }
}

/// Whether `text` is a context line (see [`CONTEXT`]).
pub(crate) fn is_context(text: &str) -> bool {
    CONTEXT.is_match(text)
}

/// Claims the context lines right above the header, down to `floor`, and
/// returns where the record starts.
fn claim_context(header: &Line<'_>, cur: &Cursor<'_>, floor: usize, d: &mut Diagnostic) -> usize {
    let mut start = header.start;
    let mut context = Vec::new();
    while let Some(prev) = cur.line_before(start, floor) {
        if prev.oversized || !CONTEXT.is_match(&prev.text) {
            break;
        }
        context.push(context_note(&prev.text));
        start = prev.start;
    }
    for note in context.into_iter().rev() {
        d.push_note(note);
    }
    start
}

/// Reads snippets, fix-its and attached notes below the header.
fn read_body(cur: &mut Cursor<'_>, d: &mut Diagnostic, sev: Severity) {
    let mut saw_gutter = false;
    let mut saw_raw_snippet = false;
    let mut primary_snippet = true;
    let mut after_caret = false;
    while let Some(next) = cur.peek() {
        let t = next.text.as_ref();
        if let Some(g) = GUTTER.captures(t) {
            cur.consume(&next);
            saw_gutter = true;
            if primary_snippet {
                read_gutter(d, &g);
            }
            after_caret = false;
        } else if let Some(f) = FIXIT.captures(t) {
            cur.consume(&next);
            let applicability = if primary_snippet && sev >= Severity::Warning {
                Applicability::MachineApplicable
            } else {
                Applicability::MaybeIncorrect
            };
            // A note's fix-it is described by the note (`include <stdio.h>`);
            // the notes before the first are context lines (`In function`).
            let described_by = match d.notes().last() {
                Some(note) if !primary_snippet => Some(note.strip_prefix("note: ").unwrap_or(note).to_string()),
                _ => None,
            };
            if let Some(s) = fixit(&f, applicability, described_by) {
                d.push_suggestion(s);
            }
        } else if let Some(h) = HEADER
            .captures(t)
            .filter(|h| &h["sev"] == "note" && !elsewhere_for_mypy(d, h))
        {
            cur.consume(&next);
            primary_snippet = false;
            after_caret = false;
            d.push_note(format!("note: {}", &h["msg"]));
            if let (Some(line_no), col) = (num(&h["line"]), h.name("col").and_then(|c| num(c.as_str()))) {
                d.push_secondary(Span::point(&h["path"], line_no, col.unwrap_or(0)));
            }
        } else if CONTEXT.is_match(t) && context_leads_to_note(cur) {
            cur.consume(&next);
        } else if cur.peek_second().is_some_and(|l| is_caret_line(&l.text)) && !HEADER.is_match(t) {
            let caret = cur.peek_second().expect("checked above");
            cur.consume(&next);
            cur.consume(&caret);
            saw_raw_snippet = true;
            if primary_snippet {
                read_raw_snippet(d, t, &caret.text);
            }
            after_caret = true;
        } else if after_caret && t.starts_with(' ') && !t.trim().is_empty() && !is_caret_line(t) {
            // Clang prints the fix-it's text under the caret.
            cur.consume(&next);
            after_caret = false;
        } else {
            break;
        }
    }
    if saw_raw_snippet && !saw_gutter && d.tool() == Tool::Gcc {
        d.set_tool(Tool::Clang);
    }
}

/// Whether the context lines at the cursor introduce a note (then they
/// belong to this record) rather than the next error.
fn context_leads_to_note(cur: &Cursor<'_>) -> bool {
    let mut probe = cur.clone();
    while let Some(l) = probe.next_line() {
        if CONTEXT.is_match(&l.text) {
            continue;
        }
        return HEADER.captures(&l.text).is_some_and(|h| &h["sev"] == "note");
    }
    false
}

fn read_gutter(d: &mut Diagnostic, g: &regex::Captures<'_>) {
    let body = g.get(2).map_or("", |m| m.as_str());
    match g.get(1) {
        Some(_) if d.source_line().is_none() => d.set_source_line(body),
        None if d.source_line().is_some() => {
            if let Some((_, width)) = caret_extent(body)
                && let Some(p) = d.primary_mut()
                && p.end_column() == p.column()
            {
                let (line, col) = (p.line(), p.column().unwrap_or(1));
                p.set_end(line, col + width as u32);
            }
        }
        _ => {}
    }
}

/// Clang quotes the source line raw, with byte columns: convert them.
fn read_raw_snippet(d: &mut Diagnostic, source: &str, caret: &str) {
    if d.source_line().is_some() {
        return;
    }
    // mypy indents its snippet and may cut it short (`...`): the line is
    // not the file's, and its columns are in characters already.
    let mypy = d.tool() == Tool::Mypy;
    if !mypy {
        d.set_source_line(source);
    }
    let width = caret_extent(caret).map_or(1, |(_, w)| w as u32);
    if let Some(p) = d.primary_mut()
        && let Some(column) = p.column()
    {
        let col = if mypy { column } else { char_column(source, column) };
        p.set_columns(col, col + width, ColumnUnit::Chars);
    }
}

/// One `-fdiagnostics-parseable-fixits` line: byte columns, a half-open
/// range, and C-style escapes (octal for non-ASCII) in both strings.
fn fixit(f: &regex::Captures<'_>, applicability: Applicability, message: Option<String>) -> Option<Suggestion> {
    let path = unescape(&f[1]);
    let edit = Edit::replacement(
        path,
        Position::new(num(&f[2])?, num(&f[3])?),
        Position::new(num(&f[4])?, num(&f[5])?),
        ColumnUnit::Bytes,
        unescape(&f[6]),
    );
    let message = message.unwrap_or_else(|| "apply the compiler's fix-it".to_string());
    Some(Suggestion::new(message, applicability, vec![edit]))
}

/// Undoes the escaping of fix-it strings: `\\`, `\"`, `\n`, `\t` and octal
/// `\NNN` bytes (which together form UTF-8).
pub(crate) fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 == bytes.len() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let next = bytes[i + 1];
        let octal_len = bytes[i + 1..]
            .iter()
            .take(3)
            .take_while(|b| (b'0'..=b'7').contains(b))
            .count();
        if octal_len > 0 {
            let value = bytes[i + 1..i + 1 + octal_len]
                .iter()
                .fold(0u32, |acc, b| acc * 8 + u32::from(b - b'0'));
            out.push(value as u8);
            i += 1 + octal_len;
            continue;
        }
        out.push(match next {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            other => other,
        });
        i += 2;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixit_strings_unescape_octal_utf8_and_quotes() {
        assert_eq!(unescape(r#"say \"hi\""#), "say \"hi\"");
        assert_eq!(unescape(r"caf\303\251"), "café");
        assert_eq!(unescape(r"a\\b\n"), "a\\b\n");
    }

    #[test]
    fn a_fixit_is_described_by_its_note_never_by_the_context_above() {
        let log = "main.c: In function ‘main’:\n\
main.c:7:28: error: ‘struct point’ has no member named ‘yy’; did you mean ‘y’?\n\
fix-it:\"main.c\":{7:28-7:30}:\"y\"\n\
main.c:8:5: warning: implicit declaration of function ‘printf’ [-Wimplicit-function-declaration]\n\
main.c:2:1: note: include ‘<stdio.h>’ or provide a declaration of ‘printf’\n\
fix-it:\"main.c\":{2:1-2:1}:\"#include <stdio.h>\\n\"\n";
        let analysis = crate::Parser::new().parse_bytes(log.as_bytes());
        let fixes: Vec<&str> = analysis
            .diagnostics()
            .iter()
            .flat_map(|d| d.suggestions())
            .map(|s| s.message())
            .collect();
        assert_eq!(
            fixes,
            [
                "apply the compiler's fix-it",
                "include ‘<stdio.h>’ or provide a declaration of ‘printf’"
            ]
        );
    }

    #[test]
    fn context_lines_are_recognised() {
        for l in [
            "main.c: In function ‘main’:",
            "In file included from /usr/include/c++/12/iosfwd:39,",
            "                 from main.cpp:1:",
            "main.cpp: In instantiation of ‘void f(T) [with T = int]’:",
            "main.cpp:10:5:   required from here",
        ] {
            assert!(CONTEXT.is_match(l), "{l}");
        }
        assert!(!CONTEXT.is_match("main.c:12:17: error: x"));
    }
}
