//! One module per output format. Each exposes `parse`, which looks at a
//! candidate header line and, when the line starts a record of its format,
//! consumes the record's continuation lines from the cursor.
//!
//! Every `parse` decides from the header line alone whether it starts a
//! record, and stops at the first line it does not recognise; the parallel
//! and streaming drivers rely on that to give the same records as one
//! sequential pass.
//!
//! Names that are ASCII by nature (codes, option names, exception types)
//! are matched with ASCII classes, not `\w`: Unicode's `\w` costs a regex
//! about half a millisecond more to build, and every `buildfix run` builds
//! the regexes of its build's format.

mod c_runtime;
mod cmake;
mod csharp;
mod directory;
mod gcc;
mod gcc_json;
mod go;
mod go_test;
mod java;
mod java_trace;
mod ld;
mod npm;
mod pytest;
mod python;
mod rust_panic;
mod rustc;
mod rustc_json;
mod tsc;

pub(crate) use npm::name_byte as npm_name_byte;

use crate::line::{Cursor, Line};
use buildfix_core::{Diagnostic, Severity, Span, Tool};

/// What one record of the log says.
#[derive(Debug)]
pub(crate) enum Item {
    /// An error or warning.
    Diagnostic(Diagnostic),
    /// The totals a tool printed ("due to 6 previous errors", "Found 8 errors").
    Totals(Totals),
    /// From here on the tool repeats diagnostics it already printed (MSBuild
    /// after "Build FAILED.", Maven after "Failed to execute goal").
    RepeatsFollow(Tool),
    /// make or ninja runs commands in this directory (absolute, or relative
    /// to where it started).
    Directory(String),
    /// The output that follows is a script of this workspace package (npm's
    /// banner), up to the next such item.
    Package(String),
}

/// What a tool said it found. Totals of one `scope` (cargo prints two
/// lines per crate, each with part of the counts) are merged by taking the
/// larger of each count; totals of different scopes add up.
#[derive(Debug)]
pub(crate) struct Totals {
    pub tool: Tool,
    pub scope: Option<String>,
    pub errors: u64,
    pub warnings: u64,
}

impl Totals {
    fn item(tool: Tool, errors: u64, warnings: u64) -> Item {
        Item::Totals(Totals {
            tool,
            scope: None,
            errors,
            warnings,
        })
    }
}

/// A record found by a format: where it starts (at or before its header
/// line, when the format claims context lines above it) and what it says.
pub(crate) struct Parsed {
    pub start: usize,
    pub items: Vec<Item>,
}

impl Parsed {
    fn at(line: &Line<'_>, items: Vec<Item>) -> Parsed {
        Parsed {
            start: line.start,
            items,
        }
    }

    fn one(line: &Line<'_>, item: Item) -> Parsed {
        Parsed::at(line, vec![item])
    }
}

/// The formats, in the order they are tried on a candidate line: the most
/// specific shapes first, the generic `path:line:col: error:` last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    RustcJson,
    Cmake,
    GccJson,
    Rustc,
    RustPanic,
    Csharp,
    Tsc,
    Maven,
    Kotlin,
    Python,
    Pytest,
    Go,
    GoTest,
    Javac,
    JavaTrace,
    Ld,
    Gcc,
    CRuntime,
    Directory,
    Npm,
}

impl Format {
    pub const ALL: [Format; 20] = [
        Format::RustcJson,
        Format::Cmake,
        Format::GccJson,
        Format::Rustc,
        Format::RustPanic,
        Format::Csharp,
        Format::Tsc,
        Format::Maven,
        Format::Kotlin,
        Format::Python,
        Format::Pytest,
        Format::Go,
        Format::GoTest,
        Format::Javac,
        Format::JavaTrace,
        Format::Ld,
        Format::Gcc,
        Format::CRuntime,
        Format::Directory,
        Format::Npm,
    ];

    /// The formats that can produce diagnostics of `tool`, and make's and
    /// ninja's directories and npm's packages, which any tool's paths can be
    /// relative to.
    pub fn for_tool(tool: Tool) -> Vec<Format> {
        let formats: &[Format] = match tool {
            Tool::Rustc => &[Format::RustcJson, Format::Rustc, Format::RustPanic],
            Tool::Gcc | Tool::Clang | Tool::Generic => &[Format::GccJson, Format::Ld, Format::Gcc, Format::CRuntime],
            Tool::Mypy => &[Format::Gcc],
            Tool::Csharp | Tool::Msbuild => &[Format::Csharp],
            Tool::Javac => &[Format::Javac],
            Tool::Maven => &[Format::Maven],
            Tool::Kotlin => &[Format::Kotlin],
            Tool::Java => &[Format::JavaTrace],
            Tool::Tsc => &[Format::Tsc, Format::Csharp],
            Tool::Go => &[Format::Go, Format::GoTest],
            Tool::Python => &[Format::Python],
            Tool::Pytest => &[Format::Pytest],
            Tool::Cmake => &[Format::Cmake],
        };
        [formats, &[Format::Directory, Format::Npm]].concat()
    }

    /// Parses a record of this format starting at `line`, or returns `None`
    /// without moving the cursor. `floor` bounds how far up context lines
    /// may be claimed.
    pub fn parse(self, line: &Line<'_>, cur: &mut Cursor<'_>, floor: usize) -> Option<Parsed> {
        match self {
            Format::RustcJson => rustc_json::parse(line),
            Format::Cmake => cmake::parse(line, cur),
            Format::GccJson => gcc_json::parse(line),
            Format::Rustc => rustc::parse(line, cur),
            Format::RustPanic => rust_panic::parse(line, cur),
            Format::Csharp => csharp::parse(line, cur),
            Format::Tsc => tsc::parse(line, cur),
            Format::Maven => java::parse_maven(line, cur),
            Format::Kotlin => java::parse_kotlin(line),
            Format::Python => python::parse(line, cur),
            Format::Pytest => pytest::parse(line, cur),
            Format::Go => go::parse(line, cur),
            Format::GoTest => go_test::parse(line, cur),
            Format::Javac => java::parse_javac(line, cur),
            Format::JavaTrace => java_trace::parse(line, cur),
            Format::Ld => ld::parse(line, cur),
            Format::Gcc => gcc::parse(line, cur, floor),
            Format::CRuntime => c_runtime::parse(line, cur),
            Format::Directory => directory::parse(line),
            Format::Npm => npm::parse(line, cur),
        }
    }
}

/// The literal anchors of the prefilter. A record's header line contains at
/// least one of them; continuation lines need none, because the format that
/// recognised the header pulls them in.
///
/// Few and at least four bytes long, because each short anchor slows the
/// scan of the whole buffer. `rror` and `arning` stand for the many shapes
/// of "error" and "warning" in headers; [`plausible`] then rejects the hits
/// that are plainly noise (`-Werror`, `error_handler.c`) from the bytes
/// around them, without reading the line.
pub(crate) const ANCHORS: &[&str] = &[
    "rror",
    "arning",
    "RROR] ",
    "ARNING] ",
    "Build ",
    ".go:",
    "File \"",
    "Traceback",
    // Rust's "thread 'main' panicked at" and Go's "panic: " (see
    // `plausible`), go test's "--- FAIL: " and "FAIL\t": cut so that their
    // first bytes are rare (an anchor starting "---" or "pan" slows the scan
    // of every log).
    "anic",
    "FAIL",
    // A Java trace's "...Exception: "; "...Error: " has "rror".
    "Exception",
    // A sanitizer's "==1==ERROR: AddressSanitizer: ..." and "SUMMARY: ...".
    "Sanitizer: ",
    "____ ",
    " failed",
    // Kotlin's "e: file:///..." and "w: file:///...".
    ": file:",
    ".kt: (",
    "\"kind\": \"",
    "\"reason\":\"compiler-message\"",
    "\"$message_type\":\"diagnostic\"",
    // make's and ninja's "Entering directory '...'" and "`...'".
    "directory ",
    // npm's "> @shop/web@1.0.0 build" at the start of a line (npm prints
    // an empty line before it); `> ` alone would stop at every rustc `-->`.
    // (After a CI service's time stamp, see `BANNER_AFTER_STAMP`.)
    "\n> ",
];

/// npm's banner after the prefix a CI service stamps on each line
/// (`2026-11-24T10:00:01.1234567Z > @shop/web@1.0.0 build`): an anchor
/// looked for only in a log so stamped, since it slows the scan of every
/// log it is looked for in by about a twentieth.
pub(crate) const BANNER_AFTER_STAMP: &str = " > ";

/// Whether [`BANNER_AFTER_STAMP`] found at `at` in `buf` ends the prefix of
/// its line (a CI service's, and only that) and is followed by a package
/// name.
pub(crate) fn banner_after_stamp(buf: &[u8], at: usize) -> bool {
    let start = crate::line::line_start(buf, at);
    let end = at + BANNER_AFTER_STAMP.len();
    let line = &buf[start..memchr::memchr(b'\n', &buf[at..]).map_or(buf.len(), |i| at + i)];
    crate::line::ci_prefix_len(line) == at + 1 - start
        && buf.get(end).is_some_and(|&b| b == b'@' || b.is_ascii_alphanumeric())
}

/// Whether the anchor `pattern` found at `at..end` of `buf` can be part of
/// a header: `error` or `warning` followed by `:`, `[`, `(`, a quote or a
/// colour code (`error:`, `error[E0425]`, `Error(s)`, `"error"`), or standing
/// as a word (`: error CS0103`, `6 errors`, `1 warning`); an anchor cut
/// from a longer shape (`anic`, `: file:`, `directory `, `\n> `) with the
/// bytes of that shape around it.
pub(crate) fn plausible(buf: &[u8], pattern: usize, at: usize, end: usize) -> bool {
    let lead = match ANCHORS[pattern] {
        // Before a package name.
        "\n> " => return buf.get(end).is_some_and(|&b| b == b'@' || b.is_ascii_alphanumeric()),
        "anic" => {
            let after = &buf[end.min(buf.len())..];
            return at > 0 && buf[at - 1] == b'p' && (after.starts_with(b"ked at ") || after.starts_with(b": "));
        }
        ": file:" => return at > 0 && matches!(buf[at - 1], b'e' | b'w'),
        "directory " => return matches!(buf.get(end), Some(b'\'' | b'`')),
        "rror" => b"eE".as_slice(),
        "arning" => b"wW".as_slice(),
        _ => return true,
    };
    let Some(first) = at.checked_sub(1) else { return false };
    if !lead.contains(&buf[first]) {
        return false;
    }
    match buf.get(end) {
        None | Some(b':' | b'[' | b'(' | b'"' | 0x1b) => true,
        Some(b' ' | b'\n' | b'\r' | b's' | b'.' | b',') => {
            first == 0 || !(buf[first - 1].is_ascii_alphanumeric() || matches!(buf[first - 1], b'-' | b'_'))
        }
        _ => false,
    }
}

/// The most kept of one message; longer ones are cut and marked truncated.
const MAX_MESSAGE: usize = 16 * 1024;

/// A diagnostic whose message is capped at [`MAX_MESSAGE`] bytes.
pub(crate) fn diagnostic(tool: Tool, severity: Severity, message: &str) -> Diagnostic {
    if message.len() <= MAX_MESSAGE {
        return Diagnostic::new(tool, severity, message.trim_end());
    }
    let mut cut = MAX_MESSAGE;
    while !message.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut d = Diagnostic::new(tool, severity, &message[..cut]);
    d.mark_truncated();
    d
}

/// The most lines read of one stack trace or sanitizer report.
pub(crate) const MOST_TRACE_LINES: usize = 1000;

/// Where `main.c:5:7` or `main.c:5` is (a path may hold colons:
/// `C:\src\lib.rs:21:9`).
pub(crate) fn span_at(place: &str) -> Option<Span> {
    let (rest, last) = place.rsplit_once(':')?;
    let last = num(last)?;
    Some(match rest.rsplit_once(':') {
        Some((path, line)) if num(line).is_some() && !path.is_empty() => Span::point(path, num(line)?, last),
        _ if !rest.is_empty() => Span::whole_line(rest, last),
        _ => return None,
    })
}

/// Whether a path is absolute, on Unix or Windows (`C:/x`, `C:\x`).
pub(crate) fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/') || (b.len() > 2 && b[1] == b':' && matches!(b[2], b'/' | b'\\'))
}

/// Parses a decimal number that fits in `u32`.
pub(crate) fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// Where a caret line (`    ^~~~`, `~~~^`, `^^^`) points: the 0-based
/// character index of the caret and the width of the marked run that starts
/// there.
pub(crate) fn caret_extent(caret_line: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = caret_line.chars().collect();
    let at = chars.iter().position(|&c| c == '^')?;
    let width = chars[at..].iter().take_while(|&&c| c == '^' || c == '~').count();
    Some((at, width))
}

/// Whether a line is only a caret marker (`^`, `^~~~`, `~~~^  ~~`).
pub(crate) fn is_caret_line(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.contains('^') && t.chars().all(|c| matches!(c, '^' | '~' | ' ' | '-' | '+'))
}

/// The 1-based character column of 1-based byte column `byte_col` in `source`.
pub(crate) fn char_column(source: &str, byte_col: u32) -> u32 {
    let byte = (byte_col as usize).saturating_sub(1).min(source.len());
    let mut end = byte;
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    source[..end].chars().count() as u32 + 1
}

/// Whether a line is context that a record below it may claim (`In function`,
/// `In file included from`, the GNU linker's errors above the driver's
/// summary). Streaming keeps such lines across buffer refills so the record
/// that follows can still claim them.
pub(crate) fn is_context_line(text: &str) -> bool {
    gcc::is_context(text) || ld::is_gnu_line(text)
}

/// Each diagnostic of `log`, on one line: where (`path:line:col`), the
/// code in brackets, the message, and the notes after `|`.
#[cfg(test)]
pub(crate) fn described(log: &str) -> Vec<String> {
    crate::Parser::new()
        .parse_bytes(log.as_bytes())
        .diagnostics()
        .iter()
        .map(|d| {
            let at = d.primary().map_or_else(String::new, |p| {
                let col = p.column().map(|c| format!(":{c}")).unwrap_or_default();
                format!("{}:{}{col} ", p.path(), p.line())
            });
            let code = d.code().map(|c| format!("[{c}] ")).unwrap_or_default();
            let notes: String = d.notes().iter().map(|n| format!(" | {n}")).collect();
            format!("{at}{code}{}{notes}", d.message())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_hits_are_header_shapes() {
        let check = |line: &str| {
            let ac = aho_corasick::AhoCorasick::new(ANCHORS).unwrap();
            ac.find_iter(line)
                .any(|m| plausible(line.as_bytes(), m.pattern().as_usize(), m.start(), m.end()))
        };
        for yes in [
            "main.c:1:2: error: x",
            "error[E0425]: x",
            "x.cs(1,2): error CS1: y",
            "6 errors",
            "    1 Error(s)",
            "1 warning",
        ] {
            assert!(check(yes), "{yes}");
        }
        for no in [
            "cc -Wall -Werror -c x.c",
            "gcc -c src/error_handler.c",
            "terrorism",
            "print_errors_now",
        ] {
            assert!(!check(no), "{no}");
        }
    }

    #[test]
    fn caret_extents() {
        assert_eq!(caret_extent("      |     ^~~~~~"), Some((12, 6)));
        assert_eq!(caret_extent("           ~ ^"), Some((13, 1)));
        assert_eq!(caret_extent("no caret"), None);
        assert!(is_caret_line("    ^~~~"));
        assert!(!is_caret_line("    x ^"));
    }

    #[test]
    fn byte_columns_become_character_columns() {
        assert_eq!(char_column("let é = x;", 10), 9);
        assert_eq!(char_column("abc", 2), 2);
        assert_eq!(char_column("é", 2), 1);
        assert_eq!(char_column("ab", 99), 3);
    }

    #[test]
    fn long_messages_are_capped_and_marked() {
        let long = "x".repeat(MAX_MESSAGE + 10);
        let d = diagnostic(Tool::Go, Severity::Error, &long);
        assert!(d.truncated());
        assert_eq!(d.message().len(), MAX_MESSAGE);
    }
}
