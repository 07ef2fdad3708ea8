//! The linker's errors, as GNU ld, gold, lld and mold print them under
//! gcc, clang or make:
//!
//! ```text
//! /usr/bin/ld: main.o: in function `main':
//! /src/main.c:7: undefined reference to `area'
//! /usr/bin/ld: main.c:(.text+0x25): undefined reference to `sqrt'
//! /usr/bin/ld: cannot find -lfoo: No such file or directory
//! ld.lld: error: undefined symbol: area
//! >>> referenced by main.c:7
//! ```
//!
//! The driver's summary below them (`collect2: error: ld returned 1 exit
//! status`, clang's `linker command failed`) is not one more error: the
//! gcc format drops it.

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

/// What a linker error says, with or without the linker's name before it.
const MESSAGES: [&str; 3] = [
    "undefined reference to ",
    "multiple definition of ",
    "undefined symbol: ",
];

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    let Some(c) = LINKER.captures(text) else {
        // The first error below `in function` comes without the linker's
        // name: only what the linker says is taken then.
        let said = |c: &regex::Captures<'_>| MESSAGES.iter().any(|m| c["msg"].starts_with(m));
        let d = match (AT_LINE.captures(text), IN_SECTION.captures(text)) {
            (Some(at), _) if said(&at) => located(&at),
            (_, Some(s)) if said(&s) => in_section(&s),
            _ => return None,
        };
        return Some(Parsed::one(line, Item::Diagnostic(d)));
    };
    let rest = c.name("rest").map_or("", |m| m.as_str());
    if rest.ends_with("':") && rest.contains(": in function `") {
        // Context for the error below, which says where it is.
        return Some(Parsed::at(line, Vec::new()));
    }
    if let Some(message) = rest.strip_prefix("warning: ") {
        let d = linker(Severity::Warning, message);
        return Some(Parsed::one(line, Item::Diagnostic(d)));
    }
    if let Some(message) = rest.strip_prefix("error: ") {
        let mut d = linker(Severity::Error, message);
        // lld says where below.
        while let Some(next) = cur.peek() {
            let Some(r) = REFERENCED_BY.captures(&next.text) else {
                if !next.text.starts_with(">>> ") {
                    break;
                }
                cur.consume(&next);
                continue;
            };
            if d.primary().is_none()
                && let Some(n) = num(&r["line"])
            {
                d.set_primary(Span::whole_line(&r["path"], n));
            }
            cur.consume(&next);
        }
        return Some(Parsed::one(line, Item::Diagnostic(d)));
    }
    let d = match (AT_LINE.captures(rest), IN_SECTION.captures(rest)) {
        (Some(at), _) => located(&at),
        (_, Some(s)) => in_section(&s),
        _ => linker(Severity::Error, rest),
    };
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// A linker's diagnostic: the C compiler's tool (its driver ran the
/// linker), with code `ld`.
fn linker(severity: Severity, message: &str) -> Diagnostic {
    let mut d = diagnostic(Tool::Gcc, severity, message);
    d.set_code("ld");
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
    fn gnu_ld_errors_with_and_without_debug_lines_and_not_the_drivers_summary() {
        // gcc -g, then gcc without -g, then a missing library.
        let log = "/usr/bin/ld: /tmp/ccYTg9fK.o: in function `main':\n\
/src/main.c:7: undefined reference to `area'\n\
/usr/bin/ld: /src/main.c:7: undefined reference to `sqrt'\n\
collect2: error: ld returned 1 exit status\n\
/usr/bin/ld: /tmp/cc0iiYJd.o: in function `main':\n\
main.c:(.text+0xa): undefined reference to `area'\n\
/usr/bin/ld: main.c:(.text+0x25): undefined reference to `sqrt'\n\
/usr/bin/ld: cannot find -lfoo: No such file or directory\n\
/usr/bin/ld: warning: x.o: missing .note.GNU-stack section implies executable stack\n\
clang: error: linker command failed with exit code 1 (use -v to see invocation)\n";
        assert_eq!(
            read(log),
            [
                "error /src/main.c:7 [ld] undefined reference to `area'",
                "error /src/main.c:7 [ld] undefined reference to `sqrt'",
                "error [ld] undefined reference to `area'",
                "error [ld] undefined reference to `sqrt'",
                "error [ld] cannot find -lfoo: No such file or directory",
                "warning [ld] x.o: missing .note.GNU-stack section implies executable stack",
            ]
        );
    }

    #[test]
    fn lld_says_where_below_its_error() {
        let log = "ld.lld: error: undefined symbol: area\n\
>>> referenced by main.c:7\n\
>>>               /tmp/main-1.o:(main)\n\
ld.lld: error: undefined symbol: sqrt\n\
>>> referenced by main.c:8\n";
        assert_eq!(
            read(log),
            [
                "error main.c:7 [ld] undefined symbol: area",
                "error main.c:8 [ld] undefined symbol: sqrt"
            ]
        );
    }

    #[test]
    fn a_build_line_is_no_linker() {
        assert!(read("build: 3 files\nfield: undefined reference to nothing here\n").is_empty());
    }
}
