//! The JVM toolchains: javac (alone or under Gradle), Maven's compiler
//! plugin, and the Kotlin compiler as Gradle prints it.
//!
//! ```text
//! src/com/example/App.java:5: error: cannot find symbol
//!         List<String> names = new ArrayList<>();
//!         ^
//!   symbol:   class List
//!   location: class App
//! ```

use super::{Item, Parsed, Totals, caret_extent, diagnostic, is_caret_line, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

static JAVAC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<path>[^\s].*?\.java):(?P<line>\d+): (?P<sev>error|warning): (?P<msg>.*)$").unwrap()
});
static JAVAC_TOTALS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d+) (error|warning)s?$").unwrap());
static DETAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s{2,}\S").unwrap());
static MAVEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[(?P<sev>ERROR|WARNING)\] (?P<path>.+?\.(?:java|kt|scala|groovy)):\[(?P<line>\d+),(?P<col>\d+)\] (?P<msg>.*)$")
        .unwrap()
});
static MAVEN_DETAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\[(?:ERROR|WARNING)\])?\s+(symbol|location|required|found|reason)\b(.*)$").unwrap()
});
static MAVEN_TOTALS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[INFO\] (\d+) (error|warning)s? ?$").unwrap());
static KOTLIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<sev>e|w): (?:file://)?(?P<path>.+?\.kts?)(?::(?P<line>\d+):(?P<col>\d+) |: \((?P<oline>\d+), (?P<ocol>\d+)\): )(?P<msg>.*)$",
    )
    .unwrap()
});

pub(crate) fn parse_javac(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if text.starts_with(|c: char| c.is_ascii_digit())
        && let Some(c) = JAVAC_TOTALS.captures(text)
    {
        let n = u64::from(num(&c[1])?);
        let (errors, warnings) = if &c[2] == "error" { (n, 0) } else { (0, n) };
        return Some(Parsed::one(line, Totals::item(Tool::Javac, errors, warnings)));
    }
    if !text.contains(".java:") {
        return None;
    }
    let c = JAVAC.captures(text)?;
    let severity = if &c["sev"] == "error" {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = diagnostic(Tool::Javac, severity, &c["msg"]);
    let line_no = num(&c["line"])?;
    d.set_primary(Span::whole_line(&c["path"], line_no));
    if line.oversized {
        d.mark_truncated();
    }
    // The source line and a caret under the column, then indented details.
    if let (Some(source), Some(caret)) = (cur.peek(), cur.peek_second())
        && is_caret_line(&caret.text)
        && !JAVAC.is_match(&source.text)
    {
        cur.consume(&source);
        cur.consume(&caret);
        if let Some((at, _)) = caret_extent(&caret.text) {
            let col = at as u32 + 1;
            d.set_primary(Span::point(&c["path"], line_no, col));
        }
        d.set_source_line(source.text.as_ref());
    }
    while let Some(next) = cur.peek() {
        if !DETAIL.is_match(&next.text) || JAVAC.is_match(&next.text) {
            break;
        }
        cur.consume(&next);
        d.push_note(next.text.trim());
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

pub(crate) fn parse_maven(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if !text.starts_with('[') {
        return None;
    }
    if text.starts_with("[ERROR] Failed to execute goal") {
        return Some(Parsed::one(line, Item::RepeatsFollow(Tool::Maven)));
    }
    if let Some(c) = MAVEN_TOTALS.captures(text) {
        let n = u64::from(num(&c[1])?);
        let (errors, warnings) = if &c[2] == "error" { (n, 0) } else { (0, n) };
        return Some(Parsed::one(line, Totals::item(Tool::Maven, errors, warnings)));
    }
    let c = MAVEN.captures(text)?;
    let severity = if &c["sev"] == "ERROR" {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = diagnostic(Tool::Maven, severity, &c["msg"]);
    d.set_primary(Span::point(&c["path"], num(&c["line"])?, num(&c["col"])?));
    if line.oversized {
        d.mark_truncated();
    }
    while let Some(next) = cur.peek() {
        let Some(detail) = MAVEN_DETAIL.captures(&next.text) else {
            break;
        };
        d.push_note(format!("{}{}", &detail[1], &detail[2]));
        cur.consume(&next);
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

pub(crate) fn parse_kotlin(line: &Line<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if !(text.starts_with("e: ") || text.starts_with("w: ")) {
        return None;
    }
    let c = KOTLIN.captures(text)?;
    let severity = if &c["sev"] == "e" {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = diagnostic(Tool::Kotlin, severity, &c["msg"]);
    let (l, col) = match (c.name("line"), c.name("col")) {
        (Some(l), Some(col)) => (l.as_str(), col.as_str()),
        _ => (&c["oline"], &c["ocol"]),
    };
    d.set_primary(Span::point(&c["path"], num(l)?, num(col)?));
    Some(Parsed::one(line, Item::Diagnostic(d)))
}
