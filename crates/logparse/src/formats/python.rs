//! Python tracebacks, chained ones included, and the bare `File ..., line N`
//! block of a SyntaxError. The primary span is the innermost frame in the
//! project (not in the standard library or site-packages); the code is the
//! exception type.
//!
//! ```text
//! Traceback (most recent call last):
//!   File "/work/app.py", line 10, in main
//!     print(os.getcwd())
//!           ^^
//! NameError: name 'os' is not defined
//! ```

use super::{Item, Parsed, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Diagnostic, Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

/// A frame of a traceback: `File "app.py", line 10, in main`.
pub(super) static FRAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*File "(?P<path>[^"]+)", line (?P<line>\d+)(?:, in (?P<func>.+))?$"#).unwrap());
static EXCEPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<type>[A-Za-z_][A-Za-z0-9_.]*(?:Error|Exception|Exit|Interrupt|Warning|Group|[A-Z][A-Za-z0-9_]*))(?:: ?(?P<msg>.*))?$",
    )
    .unwrap()
});

const TRACEBACK: &str = "Traceback (most recent call last):";
const CHAINS: [&str; 2] = [
    "During handling of the above exception, another exception occurred:",
    "The above exception was the direct cause of the following exception:",
];

struct Frame {
    path: String,
    line: u32,
    source: Option<String>,
}

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    let standalone = if text.trim_end() == TRACEBACK {
        false
    } else if text.starts_with("  File \"") && FRAME.captures(text).is_some_and(|c| c.name("func").is_none()) {
        true
    } else {
        return None;
    };
    let mut probe = cur.clone();
    let mut frames = Vec::new();
    if standalone {
        push_frame(text, &mut frames);
    }
    let mut earlier = Vec::new();
    loop {
        let (exc_type, message) = read_frames(&mut probe, &mut frames)?;
        // A chained traceback continues the same failure.
        let mut after = probe.clone();
        let blank = after.next_line().filter(|l| l.is_blank());
        let chain = after.next_line().filter(|l| CHAINS.contains(&l.text.trim()));
        let blank2 = after.next_line().filter(|l| l.is_blank());
        let next_tb = after.next_line().filter(|l| l.text.trim_end() == TRACEBACK);
        if let (Some(_), Some(_), Some(_), Some(_)) = (blank, chain, blank2, next_tb) {
            earlier.push(format!("{exc_type}: {message}"));
            probe = after;
            continue;
        }
        *cur = probe;
        let mut d = to_diagnostic(&frames, &exc_type, &message);
        for e in earlier {
            d.push_note(format!("while handling: {e}"));
        }
        if line.oversized {
            d.mark_truncated();
        }
        return Some(Parsed::one(line, Item::Diagnostic(d)));
    }
}

/// Reads frames up to the exception line; `None` when the block ends
/// without one (a truncated log).
fn read_frames(cur: &mut Cursor<'_>, frames: &mut Vec<Frame>) -> Option<(String, String)> {
    while let Some(next) = cur.next_line() {
        let t = next.text.as_ref();
        if t.starts_with(' ') || t.starts_with('\t') {
            if !push_frame(t, frames)
                && let Some(last) = frames.last_mut()
                && last.source.is_none()
            {
                last.source = Some(t.trim().to_string());
            }
            continue;
        }
        if t.starts_with("[Previous line repeated") {
            continue;
        }
        let c = EXCEPTION.captures(t.trim_end())?;
        let message = c.name("msg").map_or("", |m| m.as_str()).to_string();
        return Some((c["type"].to_string(), message));
    }
    None
}

fn push_frame(text: &str, frames: &mut Vec<Frame>) -> bool {
    let Some(c) = FRAME.captures(text) else { return false };
    let Some(line) = num(&c["line"]) else { return false };
    frames.push(Frame {
        path: c["path"].to_string(),
        line,
        source: None,
    });
    true
}

/// Frames outside the project: the interpreter's library and installed packages.
pub(super) fn is_external(path: &str) -> bool {
    path.starts_with('<')
        || path.contains("/site-packages/")
        || path.contains("/dist-packages/")
        || path.contains("/lib/python")
        || path.contains("\\Lib\\")
}

fn to_diagnostic(frames: &[Frame], exc_type: &str, message: &str) -> Diagnostic {
    let mut d = diagnostic(Tool::Python, Severity::Error, message);
    d.set_code(exc_type);
    let primary = frames
        .iter()
        .rposition(|f| !is_external(&f.path))
        .or(frames.len().checked_sub(1));
    for (i, f) in frames.iter().enumerate() {
        let span = Span::whole_line(&f.path, f.line);
        if Some(i) == primary {
            if let Some(source) = &f.source {
                d.set_source_line(source);
            }
            d.set_primary(span);
        } else {
            d.push_secondary(span);
        }
    }
    d
}
