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
    expansion: Option<Box<Expansion>>,
}

/// The macro call a span was expanded from.
#[derive(Deserialize)]
struct Expansion {
    span: RustcSpan,
}

impl RustcSpan {
    /// Where a person reads the span: for a span inside a macro of another
    /// crate (`assert_eq!`, in `/rustc/.../macros/mod.rs`), the outermost
    /// call of the macro in the crate's own code, as rustc's human output
    /// shows it.
    fn in_own_code(&self) -> &RustcSpan {
        let mut span = self;
        while !span.file_name.is_empty()
            && (span.file_name.starts_with('/') || span.file_name.starts_with('<'))
            && let Some(expansion) = &span.expansion
        {
            span = &expansion.span;
        }
        span
    }
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
    for (is_primary, span) in m.spans.iter().map(|s| (s.is_primary, s.in_own_code())) {
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
        if is_primary && d.primary().is_none() {
            if let Some(first) = span.text.first() {
                d.set_source_line(&first.text);
            }
            d.set_primary(s);
        } else if d.primary() != Some(&s) && !d.secondary().contains(&s) {
            // Spans in a macro of another crate all go to its one call.
            d.push_secondary(s);
        }
    }
    for child in &m.children {
        d.push_note(format!("{}: {}", child.level, child.message));
        for suggestion in suggestions(child) {
            d.push_suggestion(suggestion);
        }
    }
    d
}

/// The suggestions of one child: all its spans that carry a replacement,
/// applied together, as safe as its least safe span; or, when they all
/// replace the same text ("consider importing one of these constants":
/// `std::f32::consts::PI`, `std::f64::consts::PI`), one suggestion each,
/// to be tried one at a time.
fn suggestions(child: &RustcDiagnostic) -> Vec<Suggestion> {
    let spans: Vec<&RustcSpan> = child
        .spans
        .iter()
        .filter(|s| s.suggested_replacement.is_some())
        .collect();
    let same_place = |a: &&RustcSpan| {
        (a.file_name.as_str(), a.byte_start, a.byte_end)
            == (spans[0].file_name.as_str(), spans[0].byte_start, spans[0].byte_end)
    };
    if spans.len() > 1 && spans.iter().all(same_place) {
        // Each says which it is: "...: `use std::f64::consts::PI;`".
        let which = |s: &RustcSpan| {
            let text = s.suggested_replacement.as_deref().unwrap_or_default().trim();
            match text.contains('\n') || text.chars().count() > 80 {
                true => child.message.clone(),
                false => format!("{}: `{text}`", child.message),
            }
        };
        return spans.iter().filter_map(|s| suggestion(&which(s), &[s])).collect();
    }
    suggestion(&child.message, &spans).into_iter().collect()
}

/// The suggestion of `spans`, applied together, as safe as the least safe.
fn suggestion(message: &str, spans: &[&RustcSpan]) -> Option<Suggestion> {
    let mut applicability = Applicability::MachineApplicable;
    let mut edits = Vec::new();
    for span in spans {
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
    (!edits.is_empty()).then(|| Suggestion::new(message, applicability, edits))
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
