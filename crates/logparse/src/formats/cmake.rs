//! CMake configuring a build: `CMake Error at CMakeLists.txt:5
//! (add_executable):`, then the message indented by two spaces in
//! paragraphs, then perhaps `Call Stack (most recent call first):` and its
//! frames (`  CMakeLists.txt:4 (find_package)`). A message from CMake's own
//! modules (`FindBoost.cmake`) is placed at the project's frame that called
//! it. `CMake Error: ...` has no place.

use super::{Item, Parsed, diagnostic, is_absolute, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^CMake (?P<kind>Error|Warning|Warning \(dev\)|Deprecation Error|Deprecation Warning)(?: (?:at|in) (?P<path>[^:]+(?::[\\/][^:]*)?)(?::(?P<line>\d+) \((?P<command>[A-Za-z0-9_]+)\))?)?:(?: (?P<rest>.*))?$",
    )
    .unwrap()
});

/// A frame of a call stack: `  CMakeLists.txt:4 (find_package)`.
static FRAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?P<path>.+):(?P<line>\d+) \((?P<command>[A-Za-z0-9_]+)\)$").unwrap());

/// The most lines one message takes: past them, the record ends.
const MAX_LINES: usize = 200;

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if !text.starts_with("CMake ") {
        return None;
    }
    let c = HEADER.captures(text)?;
    let severity = if c["kind"].ends_with("Error") {
        Severity::Error
    } else {
        Severity::Warning
    };
    let (paragraphs, frames) = body(cur);
    let mut paragraphs = paragraphs.into_iter();
    let mut message = c
        .name("rest")
        .map_or_else(String::new, |m| m.as_str().trim().to_string());
    if message.is_empty() {
        message = paragraphs.next().unwrap_or_default();
    }
    // "Cannot find source file:" goes on with the file.
    if message.ends_with(':')
        && let Some(next) = paragraphs.next()
    {
        message = format!("{message} {next}");
    }
    let mut d = diagnostic(Tool::Cmake, severity, &message);
    let at = match (c.name("path"), c.name("line").and_then(|l| num(l.as_str()))) {
        (Some(path), Some(n)) => Some(Span::whole_line(path.as_str(), n)),
        // `CMake Error in CMakeLists.txt:` (generating): a file, no line.
        (Some(path), None) => {
            d.push_note(format!("in {}", path.as_str()));
            None
        }
        _ => None,
    };
    // A module of CMake's own (an absolute path) reports for the project's
    // first frame, which is where to look.
    let own_frame = frames.iter().find(|f| !is_absolute(f.path()));
    let mut command = c.name("command").map(|m| format!("in {}()", m.as_str()));
    match (at, own_frame) {
        (Some(at), Some(frame)) if is_absolute(at.path()) => {
            d.set_primary(frame.clone());
            d.push_secondary(at.with_label("reported here"));
            command = frame.label().map(str::to_string);
        }
        (Some(at), _) => d.set_primary(at),
        (None, _) => {}
    }
    if let Some(command) = command {
        d.push_note(command);
    }
    for rest in paragraphs {
        d.push_note(rest);
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// The message's paragraphs (each joined into one line) and the frames of
/// its call stack, read from the lines after the header.
fn body(cur: &mut Cursor<'_>) -> (Vec<String>, Vec<Span>) {
    let (mut paragraphs, mut frames) = (Vec::new(), Vec::new());
    let mut current: Vec<String> = Vec::new();
    let mut in_stack = false;
    for _ in 0..MAX_LINES {
        let Some(next) = cur.peek() else { break };
        let text = next.text.trim_end();
        if text == "Call Stack (most recent call first):" {
            in_stack = true;
        } else if text.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else if !text.starts_with(' ') {
            break;
        } else if in_stack {
            let Some(f) = FRAME.captures(text) else { break };
            let Some(n) = num(&f["line"]) else { break };
            frames.push(Span::whole_line(&f["path"], n).with_label(format!("in {}()", &f["command"])));
        } else {
            current.push(text.trim().to_string());
        }
        cur.consume(&next);
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    (paragraphs, frames)
}
