//! pytest failure reports: one diagnostic per failed test section, located
//! at the innermost `path.py:line: ExceptionType` line of the section, with
//! the first `E   ` line as the message; and pytest's totals line. An error
//! at setup (a fixture not found) ends at `path.py:line` alone, and the
//! `>` lines after its `E` line go on with the message: they are notes
//! (the available fixtures), and the source line is the one above the `E`.
//! The location is the innermost in the project, not in Python's library
//! or an installed package; a module that does not parse (`ERROR
//! collecting`) is located where its `E` lines say the SyntaxError is.

use super::python::{FRAME, is_external};
use super::{Item, Parsed, Totals, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

static SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^_{3,} (?P<name>.*\S) _{3,}$").unwrap());
static LOCATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<path>[^\s:][^:]*\.py):(?P<line>\d+)(?::(?: (?P<what>.*))?)?$").unwrap());
static E_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^E\s+(?P<text>.*)$").unwrap());
static EXC_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<type>[A-Za-z_][A-Za-z0-9_.]*): (?P<msg>.*)$").unwrap());
static TOTALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[= ]*(?:\d+ [a-z]+(?:, )?)+ in \d+(?:\.\d+)?s(?: \([\d:.]+\))?[ =]*$").unwrap());
static COUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d+) (failed|errors?)\b").unwrap());

/// The `E` lines of a section kept: the first one is the message.
const MAX_E_LINES: usize = 32;

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if (text.contains(" failed") || text.contains(" error")) && text.contains(" in ") && TOTALS.is_match(text) {
        let mut errors = 0u64;
        for c in COUNT.captures_iter(text) {
            errors += u64::from(num(&c[1])?);
        }
        return Some(Parsed::one(line, Totals::item(Tool::Pytest, errors, 0)));
    }
    if !text.starts_with("___") {
        return None;
    }
    let name = SECTION.captures(text)?["name"].to_string();
    let mut e_lines: Vec<String> = Vec::new();
    let mut location: Option<(String, u32, String)> = None;
    let mut source: Option<String> = None;
    let mut last_source: Option<String> = None;
    // The line before the `E` lines (one buffer for every line of the
    // section), and what `>` lines after them add.
    let mut previous = String::new();
    let mut said_more = Vec::new();
    while let Some(next) = cur.peek() {
        let t = next.text.as_ref();
        if SECTION.is_match(t) || t.starts_with("===") {
            break;
        }
        cur.consume(&next);
        if let Some(e) = E_LINE.captures(t) {
            if e_lines.is_empty() && last_source.is_none() {
                last_source = Some(previous.clone()).filter(|p| !p.is_empty());
            }
            // Enough for a SyntaxError's block; an assertion's diff may
            // print thousands.
            if e_lines.len() < MAX_E_LINES {
                e_lines.push(e["text"].to_string());
            }
        } else if let Some(l) = LOCATION.captures(t) {
            // The innermost location in the project, or else the innermost.
            let project = !is_external(&l["path"]);
            if project || location.as_ref().is_none_or(|(path, ..)| is_external(path)) {
                let what = l.name("what").map_or("", |m| m.as_str()).trim().to_string();
                location = Some((l["path"].to_string(), num(&l["line"])?, what));
                source = last_source.take();
            }
            last_source = None;
        } else if let Some(code) = t.strip_prefix(">") {
            match e_lines.first() {
                Some(_) if location.is_none() => said_more.push(code.trim().to_string()),
                _ => last_source = Some(code.trim().to_string()),
            }
        }
        previous.clear();
        previous.push_str(t.trim());
    }
    if let Some(d) = syntax_error(&e_lines) {
        return Some(Parsed::one(line, Item::Diagnostic(d)));
    }
    let (path, line_no, what) = location?;
    let mut message = e_lines.first().cloned().unwrap_or_else(|| what.clone());
    let mut code = what
        .split_whitespace()
        .next()
        .filter(|w| !w.is_empty() && *w != "in")
        .map(str::to_string);
    if let Some(c) = EXC_PREFIX.captures(&message.clone()) {
        code.get_or_insert_with(|| c["type"].to_string());
        if code.as_deref() == Some(&c["type"]) {
            message = c["msg"].to_string();
        }
    }
    let mut d = diagnostic(Tool::Pytest, Severity::Error, &message);
    if let Some(code) = code {
        d.set_code(code);
    }
    d.set_primary(Span::whole_line(path, line_no));
    if let Some(source) = source {
        d.set_source_line(source);
    }
    for more in said_more {
        d.push_note(more);
    }
    d.push_note(format!("test: {name}"));
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// A module that does not parse, as pytest reports it when collecting: its
/// `E` lines hold the `File "path", line N` of the SyntaxError (or an
/// IndentationError), the source line, a caret line and the error.
fn syntax_error(e_lines: &[String]) -> Option<buildfix_core::Diagnostic> {
    let at = e_lines
        .iter()
        .position(|e| FRAME.captures(e).is_some_and(|c| c.name("func").is_none()))?;
    let frame = FRAME.captures(&e_lines[at])?;
    let error = e_lines[at + 1..].iter().find_map(|e| {
        let c = EXC_PREFIX.captures(e)?;
        c["type"]
            .ends_with("Error")
            .then(|| (c["type"].to_string(), c["msg"].to_string()))
    })?;
    let mut d = diagnostic(Tool::Pytest, Severity::Error, &error.1);
    d.set_code(error.0);
    d.set_primary(Span::whole_line(&frame["path"], num(&frame["line"])?));
    if let Some(source) = e_lines.get(at + 1).filter(|l| !l.trim_start().starts_with('^')) {
        d.set_source_line(source.trim());
    }
    Some(d)
}
