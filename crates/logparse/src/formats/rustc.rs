//! rustc and cargo human output:
//!
//! ```text
//! error[E0425]: cannot find value `hh` in this scope
//!  --> src/geometry.rs:5:9
//!   |
//! 5 |     w * hh
//!   |         ^^
//! ```
//!
//! and the totals cargo and rustc print ("due to 6 previous errors",
//! "generated 3 warnings").

use super::{Item, Parsed, Totals, caret_extent, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(error|warning)(?:\[([A-Za-z0-9_:-]+)\])?: (.+)$").unwrap());
static ARROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(-->|:::) (.+?):(\d+):(\d+)$").unwrap());
static SNIPPET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d+) \| ?(.*)$").unwrap());
static CHILD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*= )?(note|help|suggestion)(?:\[[A-Za-z0-9_]+\])?: (.*)$").unwrap());
static LINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"#\[(?:warn|deny|forbid)\(([a-z_:]+)\)\]").unwrap());
static COULD_NOT_COMPILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^error: could not compile (`[^`]+`.*?) due to (\d+ )?previous errors?(?:; (\d+) warnings? emitted)?")
        .unwrap()
});
static ABORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^error: aborting due to (\d+ )?previous errors?(?:; (\d+) warnings? emitted)?").unwrap()
});
static GENERATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^warning: (?:(`[^`]+`.*?) generated (\d+) warnings?|(\d+) warnings? emitted)").unwrap()
});

/// rustc names a lint on the first warning of each kind only; these are the
/// lints whose later warnings would otherwise lose their code.
const LINTS_BY_MESSAGE: &[(&str, &str)] = &[
    ("unused import", "unused_imports"),
    ("unused variable", "unused_variables"),
    ("variable does not need to be mutable", "unused_mut"),
    ("unreachable statement", "unreachable_code"),
    ("unreachable expression", "unreachable_code"),
    ("unused doc comment", "unused_doc_comments"),
    ("use of deprecated", "deprecated"),
];

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if !(text.starts_with("error") || text.starts_with("warning")) {
        return None;
    }
    if let Some(totals) = totals(text) {
        return Some(Parsed::one(line, totals));
    }
    // cargo saying what it does about the errors before, not one more.
    if text.starts_with("warning: build failed, waiting for other jobs to finish") {
        return Some(Parsed::at(line, Vec::new()));
    }
    let caps = HEADER.captures(text)?;
    let message = &caps[3];
    // javac prints `warning: [options] ...` at column 0 too.
    if message.starts_with('[') && caps.get(2).is_none() {
        return None;
    }
    let severity = if &caps[1] == "error" {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = diagnostic(Tool::Rustc, severity, message);
    if let Some(code) = caps.get(2) {
        d.set_code(code.as_str());
    }
    if line.oversized {
        d.mark_truncated();
    }
    let mut in_child = false;
    let mut awaiting_caret = false;
    while let Some(next) = cur.peek() {
        let t = next.text.as_ref();
        if t.trim().is_empty() || HEADER.is_match(t) || !continues(t) {
            break;
        }
        cur.consume(&next);
        if let Some(a) = ARROW.captures(t) {
            let span = Span::point(&a[2], num(&a[3])?, num(&a[4])?);
            if d.primary().is_none() && !in_child && &a[1] == "-->" {
                d.set_primary(span);
                awaiting_caret = true;
            } else {
                d.push_secondary(span);
            }
        } else if let Some(c) = CHILD.captures(t) {
            in_child = true;
            d.push_note(format!("{}: {}", &c[1], &c[2]));
            if d.code().is_none()
                && let Some(lint) = LINT.captures(&c[2])
            {
                d.set_code(&lint[1]);
            }
        } else if awaiting_caret {
            if let Some(s) = SNIPPET.captures(t) {
                // The snippet may show a related line first (E0599's
                // struct, above its call).
                let primary_line = d.primary().map(Span::line);
                if d.source_line().is_none() && num(&s[1]) == primary_line {
                    d.set_source_line(&s[2]);
                }
            } else if let Some(bar) = t.find('|')
                && d.source_line().is_some()
                && let Some((_, width)) = caret_extent(&t[bar + 1..])
            {
                awaiting_caret = false;
                if let Some(p) = d.primary_mut() {
                    let (line_no, col) = (p.line(), p.column().unwrap_or(1));
                    p.set_end(line_no, col + width as u32);
                }
            }
        }
    }
    if d.code().is_none()
        && severity == Severity::Warning
        && let Some((_, lint)) = LINTS_BY_MESSAGE.iter().find(|(m, _)| message.starts_with(m))
    {
        d.set_code(*lint);
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// Whether a line can continue a diagnostic: indented (`  --> `, `   |`),
/// a source line (`12 | `), `...` for lines left out, or a child at the
/// margin (`help: `). Anything else at the margin (another tool's line, a
/// JSON record) is not rustc's, nor is cargo's status (`   Compiling x`).
fn continues(t: &str) -> bool {
    let rustc_like =
        t.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit()) || t.starts_with("...") || CHILD.is_match(t);
    rustc_like && !is_cargo_status(t)
}

/// Whether a line is cargo's status: a capitalised verb right-aligned in
/// twelve columns, then a space (`   Compiling calc v0.1.0`, `    Finished`).
fn is_cargo_status(t: &str) -> bool {
    let Some(verb) = t.get(..12).filter(|_| t.as_bytes().get(12) == Some(&b' ')) else {
        return false;
    };
    let verb = verb.trim_start_matches(' ');
    verb.starts_with(|c: char| c.is_ascii_uppercase()) && verb.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// The scope of cargo's totals for a unit (`` `shop` (lib test) ``): a
/// target's test build compiles the target's sources again, and cargo
/// prints their errors once, so both count as the target's
/// (`` `shop` (lib) ``), whose count is the larger.
fn sources_of(unit: &str) -> String {
    match unit.strip_suffix(" test)") {
        Some(target) => format!("{target})"),
        None => unit.to_string(),
    }
}

/// The totals in a cargo or rustc summary line, if `text` is one.
pub(crate) fn totals(text: &str) -> Option<Item> {
    let count = |m: Option<regex::Match<'_>>| m.and_then(|n| num(n.as_str().trim())).map(u64::from);
    let (scope, errors, warnings) = if let Some(c) = COULD_NOT_COMPILE.captures(text) {
        (
            Some(sources_of(&c[1])),
            count(c.get(2)).unwrap_or(1),
            count(c.get(3)).unwrap_or(0),
        )
    } else if let Some(c) = ABORTING.captures(text) {
        (None, count(c.get(1)).unwrap_or(1), count(c.get(2)).unwrap_or(0))
    } else {
        let c = GENERATED.captures(text)?;
        match c.get(1) {
            Some(scope) => (Some(sources_of(scope.as_str())), 0, count(c.get(2))?),
            None => (None, 0, count(c.get(3))?),
        }
    };
    Some(Item::Totals(Totals {
        tool: Tool::Rustc,
        scope,
        errors,
        warnings,
    }))
}

#[cfg(test)]
mod tests {
    use crate::Parser;

    #[test]
    fn a_diagnostic_ends_where_lines_stop_being_rustc_s() {
        let log = "error: test failed, to rerun pass `--lib`\n   Compiling calc v0.1.0 (/work/calc)\n\
                   error[E0308]: mismatched types\n  --> src/lib.rs:3:5\n   |\n3  |     x\n   |     ^ expected `i64`\n   \
                   = note: expected type `i64`\n              found type `&str`\nhelp: try this\n\
                   {\"reason\":\"build-finished\",\"success\":false}\n";
        let analysis = Parser::new().parse_bytes(log.as_bytes());
        let ends: Vec<u64> = analysis.diagnostics().iter().map(|d| d.log_range().end()).collect();
        let line_end = |text: &str| (log.find(text).unwrap() + text.len() + 1) as u64;
        assert_eq!(ends, [line_end("`--lib`"), line_end("help: try this")]);
        assert_eq!(analysis.diagnostics()[1].notes().len(), 2);
    }
}
