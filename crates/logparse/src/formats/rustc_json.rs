//! rustc JSON diagnostics, bare (`rustc --error-format=json`) or wrapped by
//! cargo (`--message-format=json`, `json-diagnostic-rendered-ansi`), with
//! their suggestions and applicability.

use super::{Item, Parsed, diagnostic};
use crate::line::Line;
use buildfix_core::{Applicability, ColumnUnit, Diagnostic, Edit, Position, Severity, Span, Suggestion, Tool};
use serde::Deserialize;

#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    message: Option<RustcDiagnostic>,
}

#[derive(Deserialize)]
struct RustcDiagnostic {
    message: String,
    code: Option<Code>,
    level: String,
    #[serde(default)]
    spans: Vec<RustcSpan>,
    #[serde(default)]
    children: Vec<RustcDiagnostic>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct RustcSpan {
    file_name: String,
    byte_start: u64,
    byte_end: u64,
    line_start: u32,
    line_end: u32,
    column_start: u32,
    column_end: u32,
    is_primary: bool,
    #[serde(default)]
    text: Vec<SpanLine>,
    label: Option<String>,
    suggested_replacement: Option<String>,
    suggestion_applicability: Option<String>,
}

#[derive(Deserialize)]
struct SpanLine {
    text: String,
    highlight_start: usize,
    highlight_end: usize,
}

pub(crate) fn parse(line: &Line<'_>) -> Option<Parsed> {
    let text = line.text.trim_start();
    if !text.starts_with('{') {
        return None;
    }
    let message = if text.contains("\"reason\":\"compiler-message\"") {
        serde_json::from_str::<CargoMessage>(text)
            .ok()
            .filter(|m| m.reason == "compiler-message")?
            .message?
    } else if text.contains("\"$message_type\":\"diagnostic\"") {
        serde_json::from_str::<RustcDiagnostic>(text).ok()?
    } else {
        return None;
    };
    // Bare rustc ends with its totals as diagnostics without a span
    // ("aborting due to 2 previous errors", "5 warnings emitted").
    if message.spans.is_empty()
        && let Some(totals) = super::rustc::totals(&format!("{}: {}", message.level, message.message))
    {
        return Some(Parsed::one(line, totals));
    }
    let severity = match message.level.as_str() {
        "error" | "error: internal compiler error" => Severity::Error,
        "warning" => Severity::Warning,
        // failure-note and friends restate what came before.
        _ => return Some(Parsed::at(line, Vec::new())),
    };
    Some(Parsed::one(line, Item::Diagnostic(convert(&message, severity))))
}

fn convert(m: &RustcDiagnostic, severity: Severity) -> Diagnostic {
    let mut d = diagnostic(Tool::Rustc, severity, &m.message);
    if let Some(code) = &m.code {
        d.set_code(&code.code);
    }
    for span in &m.spans {
        let s = Span::range(
            &span.file_name,
            span.line_start,
            span.column_start,
            span.line_end,
            span.column_end,
        );
        let s = match &span.label {
            Some(label) => s.with_label(label),
            None => s,
        };
        if span.is_primary && d.primary().is_none() {
            if let Some(first) = span.text.first() {
                d.set_source_line(&first.text);
            }
            d.set_primary(s);
        } else {
            d.push_secondary(s);
        }
    }
    for child in &m.children {
        d.push_note(format!("{}: {}", child.level, child.message));
        if let Some(suggestion) = suggestion(child) {
            d.push_suggestion(suggestion);
        }
    }
    d
}

/// The suggestion of one child: all its spans that carry a replacement,
/// applied together, as safe as its least safe span.
fn suggestion(child: &RustcDiagnostic) -> Option<Suggestion> {
    let mut applicability = Applicability::MachineApplicable;
    let mut edits = Vec::new();
    for span in &child.spans {
        let Some(replacement) = &span.suggested_replacement else {
            continue;
        };
        let a = span
            .suggestion_applicability
            .as_deref()
            .map_or(Applicability::Unspecified, Applicability::from_rustc);
        applicability = applicability.min(a);
        let edit = Edit::replacement(
            &span.file_name,
            Position::new(span.line_start, span.column_start),
            Position::new(span.line_end, span.column_end),
            ColumnUnit::Chars,
            replacement,
        )
        .with_bytes(span.byte_start, span.byte_end);
        edits.push(match expected_text(span) {
            Some(text) => edit.with_expected(text),
            None => edit,
        });
    }
    (!edits.is_empty()).then(|| Suggestion::new(&child.message, applicability, edits))
}

/// The source text the span covers, from the lines rustc quoted.
fn expected_text(span: &RustcSpan) -> Option<String> {
    let mut out = String::new();
    for (i, line) in span.text.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let chars = line.text.chars().skip(line.highlight_start.checked_sub(1)?);
        out.extend(chars.take(line.highlight_end.checked_sub(line.highlight_start)?));
    }
    (span.text.len() == (span.line_end - span.line_start + 1) as usize).then_some(out)
}
