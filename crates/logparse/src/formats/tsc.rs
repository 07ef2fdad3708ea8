//! tsc with `--pretty` (the default on a terminal):
//!
//! ```text
//! src/app.ts:12:30 - error TS2552: Cannot find name 'lenght'. Did you mean 'length'?
//!
//! 12 console.log(greet(u), count, lenght);
//!                                 ~~~~~~
//!
//!   lib.dom.d.ts:38480:13
//!     38480 declare var length: number;
//!                       ~~~~~~
//!     'length' is declared here.
//! ```
//!
//! and its totals ("Found 8 errors in the same file"), and mypy's ("Found 2
//! errors in 1 file (checked 5 source files)"). Plain tsc output has the
//! MSBuild shape and is read by the C# module.

use super::{Item, Parsed, Totals, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<path>[^\s].*?):(?P<line>\d+):(?P<col>\d+) - (?P<sev>error|warning) (?P<code>TS\d+): (?P<msg>.*)$")
        .unwrap()
});
static RELATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+(\S.*?):(\d+):(\d+)$").unwrap());
static SNIPPET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\s*)(\d+) (.*)$").unwrap());
static TOTALS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Found (\d+) errors?\b").unwrap());

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    // mypy's "Found 2 errors in 2 files (checked 5 source files)" is not tsc's.
    if text.starts_with("Found ")
        && let Some(c) = TOTALS.captures(text)
    {
        let tool = if text.contains("(checked ") {
            Tool::Mypy
        } else {
            Tool::Tsc
        };
        let errors = num(&c[1])?.into();
        return Some(Parsed::one(line, Totals::item(tool, errors, 0)));
    }
    if !(text.contains(" - error TS") || text.contains(" - warning TS")) {
        return None;
    }
    let c = HEADER.captures(text)?;
    let severity = if &c["sev"] == "error" {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = diagnostic(Tool::Tsc, severity, &c["msg"]);
    d.set_code(&c["code"]);
    d.set_primary(Span::point(&c["path"], num(&c["line"])?, num(&c["col"])?));
    if line.oversized {
        d.mark_truncated();
    }
    let mut last_snippet: Option<(usize, bool)> = None; // (gutter width, is primary)
    let mut in_related = false;
    while let Some(next) = cur.peek() {
        let t = next.text.as_ref();
        if HEADER.is_match(t) || TOTALS.is_match(t) {
            break;
        }
        let blank = t.trim().is_empty();
        if !(blank || t.starts_with(' ') || t.starts_with(|c: char| c.is_ascii_digit())) {
            break;
        }
        cur.consume(&next);
        if blank {
            continue;
        }
        if let Some((gutter, primary)) = last_snippet.take() {
            // The underline row: the gutter, a space, then `~` under the code.
            if let Some(under) = t.get(gutter + 1..)
                && under.trim_start().starts_with('~')
            {
                if primary {
                    let width = under.trim().chars().filter(|&ch| ch == '~').count() as u32;
                    if let Some(p) = d.primary_mut() {
                        let (l, col) = (p.line(), p.column().unwrap_or(1));
                        p.set_end(l, col + width);
                    }
                }
                continue;
            }
        }
        if let Some(r) = RELATED.captures(t) {
            in_related = true;
            d.push_secondary(Span::point(&r[1], num(&r[2])?, num(&r[3])?));
        } else if let Some(s) = SNIPPET.captures(t) {
            let gutter = s[1].len() + s[2].len();
            if !in_related && d.source_line().is_none() {
                d.set_source_line(&s[3]);
                last_snippet = Some((gutter, true));
            } else {
                last_snippet = Some((gutter, false));
            }
        } else {
            d.push_note(t.trim());
        }
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

#[cfg(test)]
mod tests {
    use crate::Parser;
    use buildfix_core::Tool;

    #[test]
    fn totals_are_tscs_or_mypys() {
        let tsc = "src/app.ts:3:7 - error TS2322: Type 'string' is not assignable to type 'number'.\n\n\
                   Found 1 error in src/app.ts:3\n";
        assert_eq!(
            Parser::new().parse_bytes(tsc.as_bytes()).reported()[&Tool::Tsc].errors,
            1
        );
        let mypy = "app/views.py:3: error: Module \"app.models\" has no attribute \"Usr\"  [attr-defined]\n\
                    Found 1 error in 1 file (checked 5 source files)\n";
        let analysis = Parser::new().parse_bytes(mypy.as_bytes());
        assert_eq!(analysis.summary().errors, 1);
        assert_eq!(analysis.reported().keys().collect::<Vec<_>>(), [&Tool::Mypy]);
        assert_eq!(analysis.reported()[&Tool::Mypy].errors, 1);
    }
}
