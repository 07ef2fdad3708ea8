//! GCC's `-fdiagnostics-format=json`: one JSON array per translation unit,
//! printed on one line, with locations, child notes and fix-its.

use super::{Item, Parsed, diagnostic};
use crate::line::Line;
use buildfix_core::{Applicability, ColumnUnit, Edit, Position, Severity, Span, Suggestion, Tool};
use serde::Deserialize;

#[derive(Deserialize)]
struct GccDiagnostic {
    kind: String,
    message: String,
    option: Option<String>,
    #[serde(default)]
    locations: Vec<Location>,
    #[serde(default)]
    children: Vec<GccDiagnostic>,
    #[serde(default)]
    fixits: Vec<Fixit>,
}

#[derive(Deserialize)]
struct Location {
    caret: Point,
    finish: Option<Point>,
}

#[derive(Deserialize)]
struct Point {
    file: String,
    line: u32,
    #[serde(rename = "byte-column")]
    byte_column: u32,
    #[serde(rename = "display-column")]
    display_column: Option<u32>,
}

#[derive(Deserialize)]
struct Fixit {
    start: Point,
    next: Point,
    string: String,
}

pub(crate) fn parse(line: &Line<'_>) -> Option<Parsed> {
    let text = line.text.trim();
    if !text.starts_with("[{") || !text.contains("\"kind\"") {
        return None;
    }
    let all: Vec<GccDiagnostic> = serde_json::from_str(text).ok()?;
    let items = all.iter().filter_map(convert).map(Item::Diagnostic).collect();
    Some(Parsed::at(line, items))
}

fn convert(g: &GccDiagnostic) -> Option<buildfix_core::Diagnostic> {
    let severity = match g.kind.as_str() {
        "error" | "fatal error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => return None,
    };
    let mut d = diagnostic(Tool::Gcc, severity, &g.message);
    if let Some(option) = &g.option {
        d.set_code(option);
    }
    if let Some(loc) = g.locations.first() {
        d.set_primary(span(loc));
    }
    for loc in g.locations.iter().skip(1) {
        d.push_secondary(span(loc));
    }
    for child in &g.children {
        d.push_note(format!("{}: {}", child.kind, child.message));
        if let Some(loc) = child.locations.first() {
            d.push_secondary(span(loc));
        }
    }
    if !g.fixits.is_empty() {
        let edits = g
            .fixits
            .iter()
            .map(|f| {
                Edit::replacement(
                    &f.start.file,
                    Position::new(f.start.line, f.start.byte_column),
                    Position::new(f.next.line, f.next.byte_column),
                    ColumnUnit::Bytes,
                    &f.string,
                )
            })
            .collect();
        d.push_suggestion(Suggestion::new(
            "apply the compiler's fix-it",
            Applicability::MachineApplicable,
            edits,
        ));
    }
    Some(d)
}

/// GCC's display column equals the character column unless the line holds
/// tabs or wide characters; where display and byte columns agree the line
/// is plain ASCII up to there and both are character columns.
fn span(loc: &Location) -> Span {
    let c = &loc.caret;
    let ascii = c.display_column.is_none_or(|d| d == c.byte_column);
    let unit = if ascii { ColumnUnit::Chars } else { ColumnUnit::Bytes };
    let mut s = Span::point(&c.file, c.line, c.byte_column).in_unit(unit);
    if let Some(f) = &loc.finish {
        s.set_end(f.line, f.byte_column + 1);
    }
    s
}
