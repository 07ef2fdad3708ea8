//! The `file(line,col): error CODE: message [project]` family: MSBuild and
//! dotnet, csc, Mono's mcs, and tsc without `--pretty`.
//!
//! MSBuild repeats every diagnostic after "Build FAILED."; that block is
//! marked so the repeats are counted once. Each target framework of a
//! multi-targeted project reports the same diagnostic again with another
//! `[project::TargetFramework=...]` suffix: the suffix is left out of the
//! message so those count as duplicates.

use super::{Item, Parsed, Totals, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Span, Tool};
use regex::Regex;
use std::sync::LazyLock;

static LOCATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\d+>)?(?P<path>[^\s(][^(]*?)\((?P<line>\d+)(?:,(?P<col>\d+))?(?:,(?P<eline>\d+),(?P<ecol>\d+))?\)\s?: (?P<sev>error|warning) (?P<code>[A-Za-z]+\d+)\s?: (?P<msg>.*?)(?: \[(?P<proj>[^\]]+)\])?$",
    )
    .unwrap()
});
static UNLOCATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\d+>)?(?P<origin>[^\s:(][^:(]*?) ?: (?P<sev>error|warning) (?P<code>[A-Za-z]+\d+)\s?: (?P<msg>.*?)(?: \[(?P<proj>[^\]]+)\])?$",
    )
    .unwrap()
});
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<path>.+?)\((?P<line>\d+),(?P<col>\d+)\): \(Location of the symbol related to previous (?:error|warning)\)$").unwrap()
});
static MCS_TOTALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Compilation (?:failed|succeeded)(?::| -) (\d+) error\(s\), (\d+) warnings?").unwrap()
});
static MSBUILD_TOTAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d+) (Error|Warning)\(s\)$").unwrap());

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    if let Some(item) = summary(text) {
        return Some(Parsed::one(line, item));
    }
    if !(text.contains(": error ") || text.contains(": warning ")) {
        return None;
    }
    let (caps, located) = match LOCATED.captures(text) {
        Some(c) => (c, true),
        None => (UNLOCATED.captures(text)?, false),
    };
    let code = &caps["code"];
    let tool = tool_for(code);
    let severity = if &caps["sev"] == "error" {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut d = diagnostic(tool, severity, &caps["msg"]);
    d.set_code(code);
    if line.oversized {
        d.mark_truncated();
    }
    if located {
        let (line_no, col) = (
            num(&caps["line"])?,
            caps.name("col").and_then(|c| num(c.as_str())).unwrap_or(0),
        );
        let mut span = Span::point(&caps["path"], line_no, col);
        if let (Some(el), Some(ec)) = (caps.name("eline"), caps.name("ecol")) {
            span.set_end(num(el.as_str())?, num(ec.as_str())?);
        }
        d.set_primary(span);
    } else {
        d.push_note(format!("reported by {}", caps["origin"].trim()));
    }
    if let Some(project) = caps.name("proj") {
        d.push_note(format!("project: {}", project.as_str()));
    }
    while let Some(next) = cur.peek() {
        let t = next.text.as_ref();
        if let Some(r) = RELATED.captures(t) {
            d.push_secondary(Span::point(&r["path"], num(&r["line"])?, num(&r["col"])?));
        } else if tool == Tool::Tsc
            && t.starts_with("  ")
            && !t[2..].starts_with(char::is_whitespace)
            && !t.trim().is_empty()
        {
            // tsc continues a long message on indented lines.
            d.push_note(t.trim());
        } else {
            break;
        }
        cur.consume(&next);
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

fn tool_for(code: &str) -> Tool {
    if code.starts_with("CS") {
        Tool::Csharp
    } else if code.starts_with("TS") {
        Tool::Tsc
    } else {
        Tool::Msbuild
    }
}

fn summary(text: &str) -> Option<Item> {
    let trimmed = text.trim();
    if trimmed == "Build FAILED." || trimmed == "Build succeeded." {
        return Some(Item::RepeatsFollow(Tool::Csharp));
    }
    if !(text.starts_with("Compilation ") || trimmed.ends_with("(s)")) {
        return None;
    }
    if let Some(c) = MCS_TOTALS.captures(text) {
        return Some(Totals::item(Tool::Csharp, num(&c[1])?.into(), num(&c[2])?.into()));
    }
    let c = MSBUILD_TOTAL.captures(text)?;
    let n = u64::from(num(&c[1])?);
    let (errors, warnings) = if &c[2] == "Error" { (n, 0) } else { (0, n) };
    Some(Totals::item(Tool::Csharp, errors, warnings))
}
