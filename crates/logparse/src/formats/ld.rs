//! The linker's errors, as GNU ld, gold, lld and mold print them under
//! gcc, clang or make:
//!
//! ```text
//! /usr/bin/ld: main.o: in function `main':
//! /src/main.c:7: undefined reference to `area'
//! /usr/bin/ld: main.c:(.text+0x25): undefined reference to `sqrt'
//! /usr/bin/ld: cannot find -lfoo: No such file or directory
//! collect2: error: ld returned 1 exit status
//! ld.lld: error: undefined symbol: area
//! >>> referenced by main.c:7
//! ```
//!
//! GNU ld's errors do not say "error": no anchor of the scan finds them
//! (one more anchor would slow the scan of every log). The driver's summary
//! below them does (`collect2: error: ld returned 1 exit status`, clang's
//! `linker command failed`): the gcc format reads them from there, upwards
//! ([`above`]), and the summary itself is not one more error. lld's errors
//! and the linkers' warnings say it: [`parse`] reads those, and the last
//! of lld's errors takes the summary below it.

use super::{Item, Parsed, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Diagnostic, Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

/// A line the linker begins with its name (`/usr/bin/ld: `, `ld.lld: `).
static LINKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\S*/)?(?:ld|ld\.bfd|ld\.gold|ld\.lld|ld64\.lld|lld|gold|mold)(?:-[0-9.]+)?: (?P<rest>.*)$")
        .unwrap()
});
/// A place in a source file, as ld names it from debug information.
static AT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<path>[^:\s][^:]*):(?P<line>[0-9]+): (?P<msg>.*)$").unwrap());
/// A place in an object file's section, without a line (`main.c:(.text+0x25)`).
static IN_SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<file>[^:\s][^:]*):\([^)]*\): (?P<msg>.*)$").unwrap());
/// lld's `>>> referenced by main.c:7` below its error.
static REFERENCED_BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^>>> referenced by (?P<path>[^:\s][^:]*):(?P<line>[0-9]+)").unwrap());

/// What a GNU linker error says, with or without the linker's name.
const MESSAGES: [&str; 2] = ["undefined reference to ", "multiple definition of "];

/// A line that names the linker and says "error" or "warning": lld's
/// errors (with the `>>>` lines below, which say where), and warnings.
pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    // Every candidate line of a C build comes here first: the regex runs
    // only where the first word names a linker (ld, lld, gold, mold).
    let (program, _) = line.text.split_once(": ")?;
    if !program.contains("ld") {
        return None;
    }
    let c = LINKER.captures(&line.text)?;
    let rest = c.name("rest").map_or("", |m| m.as_str());
    if let Some(message) = rest.strip_prefix("warning: ") {
        return Some(Parsed::one(line, Item::Diagnostic(linker(Severity::Warning, message))));
    }
    let mut d = linker(Severity::Error, rest.strip_prefix("error: ")?);
    while let Some(next) = cur.peek().filter(|l| l.text.starts_with(">>> ")) {
        if let Some(r) = REFERENCED_BY.captures(&next.text)
            && d.primary().is_none()
            && let Some(n) = num(&r["line"])
        {
            d.set_primary(Span::whole_line(&r["path"], n));
        }
        cur.consume(&next);
    }
    // The driver's summary of the errors, when this was the last.
    if let Some(next) = cur.peek().filter(|l| is_summary(&l.text)) {
        cur.consume(&next);
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// Whether a line is the compiler driver's summary of the linker's errors.
fn is_summary(text: &str) -> bool {
    text.contains(": error: ld returned ") || text.contains(": error: linker command failed")
}

/// The GNU linker's errors in the lines just above the driver's summary
/// `summary`, down to `floor` (the end of the record before): the record
/// they make, or `None` when there are none (the summary is then the
/// error).
pub(crate) fn above(summary: &Line<'_>, cur: &Cursor<'_>, floor: usize) -> Option<Parsed> {
    let mut start = summary.start;
    let mut items = Vec::new();
    while let Some(prev) = cur.line_before(start, floor) {
        // Only its head is kept of an oversized line: it is no one's context.
        let Some(d) = gnu_line(&prev.text).filter(|_| !prev.oversized) else {
            break;
        };
        items.extend(d.map(Item::Diagnostic));
        start = prev.start;
    }
    if items.is_empty() {
        return None;
    }
    items.reverse();
    Some(Parsed { start, items })
}

/// Whether a line is one of GNU ld's (see [`above`]).
pub(crate) fn is_gnu_line(text: &str) -> bool {
    gnu_line(text).is_some()
}

/// What a line of GNU ld says: `Some(None)` for the function it names
/// for the error below (`in function `main'`), `Some(Some(error))` for an
/// error, `None` for a line that is not the linker's (or says "error" or
/// "warning" itself, and is read as such).
fn gnu_line(text: &str) -> Option<Option<Diagnostic>> {
    let Some(c) = LINKER.captures(text) else {
        // The first error below `in function` comes without the linker's
        // name: only what the linker says is taken then.
        let said = |c: &regex::Captures<'_>| MESSAGES.iter().any(|m| c["msg"].starts_with(m));
        return match (AT_LINE.captures(text), IN_SECTION.captures(text)) {
            (Some(at), _) if said(&at) => Some(Some(located(&at))),
            (_, Some(s)) if said(&s) => Some(Some(in_section(&s))),
            _ => None,
        };
    };
    let rest = c.name("rest").map_or("", |m| m.as_str());
    if rest.starts_with("error: ") || rest.starts_with("warning: ") {
        return None;
    }
    if rest.ends_with("':") && rest.contains(": in function `") {
        return Some(None);
    }
    Some(Some(match (AT_LINE.captures(rest), IN_SECTION.captures(rest)) {
        (Some(at), _) => located(&at),
        (_, Some(s)) => in_section(&s),
        _ => linker(Severity::Error, rest),
    }))
}

/// A linker's diagnostic: the C compiler's tool (its driver ran the
/// linker), with code `ld`. Where the first of two definitions is (`;
/// b.o:(.bss+0x0): first defined here`) goes to a note, so that the
/// message says only what is wrong.
fn linker(severity: Severity, message: &str) -> Diagnostic {
    let first = message
        .split_once("; ")
        .filter(|(_, first)| first.ends_with(": first defined here"));
    let mut d = diagnostic(Tool::Gcc, severity, first.map_or(message, |(m, _)| m));
    d.set_code("ld");
    if let Some((_, first)) = first {
        d.push_note(first);
    }
    d
}

/// The error ld placed at a line of a source file.
fn located(at: &regex::Captures<'_>) -> Diagnostic {
    let mut d = linker(Severity::Error, &at["msg"]);
    if let Some(n) = num(&at["line"]) {
        d.set_primary(Span::whole_line(&at["path"], n));
    }
    d
}

/// The error ld placed in a section of an object file (no debug
/// information says the line): the file is said in a note.
fn in_section(s: &regex::Captures<'_>) -> Diagnostic {
    let mut d = linker(Severity::Error, &s["msg"]);
    d.push_note(format!("in {}", &s["file"]));
    d
}

#[cfg(test)]
mod tests {
    /// Each diagnostic of `log`: its severity, location and message.
    fn read(log: &str) -> Vec<String> {
        let analysis = crate::Parser::new().parse_bytes(log.as_bytes());
        analysis
            .diagnostics()
            .iter()
            .map(|d| {
                let at = d
                    .primary()
                    .map(|p| format!("{}:{} ", p.path(), p.line()))
                    .unwrap_or_default();
                format!("{} {at}[{}] {}", d.severity(), d.code().unwrap_or(""), d.message())
            })
            .collect()
    }

    #[test]
    fn gnu_ld_errors_are_read_up_from_the_drivers_summary() {
        // gcc -g, gcc without -g, a missing library.
        let log = "/usr/bin/ld: /tmp/ccYTg9fK.o: in function `main':\n\
/src/main.c:7: undefined reference to `area'\n\
/usr/bin/ld: /src/main.c:7: undefined reference to `sqrt'\n\
collect2: error: ld returned 1 exit status\n\
make: *** [Makefile:2: app] Error 1\n\
/usr/bin/ld: /tmp/cc0iiYJd.o: in function `main':\n\
main.c:(.text+0xa): undefined reference to `area'\n\
/usr/bin/ld: main.c:(.text+0x25): undefined reference to `sqrt'\n\
clang: error: linker command failed with exit code 1 (use -v to see invocation)\n\
/usr/bin/ld: cannot find -lfoo: No such file or directory\n\
collect2: error: ld returned 1 exit status\n";
        assert_eq!(
            read(log),
            [
                "error /src/main.c:7 [ld] undefined reference to `area'",
                "error /src/main.c:7 [ld] undefined reference to `sqrt'",
                "error [ld] undefined reference to `area'",
                "error [ld] undefined reference to `sqrt'",
                "error [ld] cannot find -lfoo: No such file or directory",
            ]
        );
    }

    #[test]
    fn a_summary_with_no_linker_error_above_is_the_error_and_warnings_are_read() {
        let log = "/usr/bin/ld: warning: x.o: missing .note.GNU-stack section implies executable stack\n\
something else\n\
collect2: error: ld returned 1 exit status\n";
        assert_eq!(
            read(log),
            [
                "warning [ld] x.o: missing .note.GNU-stack section implies executable stack",
                "error [] ld returned 1 exit status",
            ]
        );
    }

    #[test]
    fn lld_says_where_below_its_error() {
        let log = "ld.lld: error: undefined symbol: area\n\
>>> referenced by main.c:7\n\
>>>               /tmp/main-1.o:(main)\n\
ld.lld: error: undefined symbol: sqrt\n\
>>> referenced by main.c:8\n\
clang: error: linker command failed with exit code 1 (use -v to see invocation)\n";
        assert_eq!(
            read(log),
            [
                "error main.c:7 [ld] undefined symbol: area",
                "error main.c:8 [ld] undefined symbol: sqrt"
            ]
        );
    }

    #[test]
    fn lines_that_are_not_the_linkers_are_not_read_as_its_errors() {
        let log = "build: 3 files\n\
field: undefined reference to nothing here\n\
collect2: error: ld returned 1 exit status\n";
        assert_eq!(read(log), ["error [] ld returned 1 exit status"]);
    }
}
