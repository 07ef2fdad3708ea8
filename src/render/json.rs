//! The JSON document, version 1, described in docs/json.md.

use buildfix_core::{Diagnostic, Edit, Span, Suggestion};
use buildfix_logparse::Analysis;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// The document's version; bumped on any incompatible change.
pub const VERSION: u64 = 1;

/// Writes `analysis` as one JSON document.
pub fn write(out: &mut impl Write, analysis: &Analysis) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &document(analysis))?;
    writeln!(out)
}

/// The document as a JSON value.
pub fn document(analysis: &Analysis) -> Value {
    let s = analysis.summary();
    let reported: Map<String, Value> = analysis
        .reported()
        .iter()
        .map(|(tool, t)| {
            (
                tool.name().to_string(),
                json!({"errors": t.errors, "warnings": t.warnings}),
            )
        })
        .collect();
    json!({
        "version": VERSION,
        "summary": {
            "errors": s.errors,
            "warnings": s.warnings,
            "notes": s.notes,
            "duplicates": s.duplicates,
            "bytes": s.bytes,
            "lines": s.lines,
            "reported": reported,
        },
        "diagnostics": analysis.diagnostics().iter().map(diagnostic).collect::<Vec<_>>(),
    })
}

fn diagnostic(d: &Diagnostic) -> Value {
    let mut v = Map::new();
    v.insert("tool".into(), json!(d.tool().name()));
    v.insert("severity".into(), json!(d.severity().name()));
    v.insert("code".into(), json!(d.code()));
    v.insert("message".into(), json!(d.message()));
    location(&mut v, d.primary());
    v.insert("count".into(), json!(d.count()));
    v.insert("log_range".into(), json!([d.log_range().start(), d.log_range().end()]));
    v.insert("notes".into(), json!(d.notes()));
    v.insert("related".into(), d.secondary().iter().map(related).collect());
    v.insert("suggestions".into(), d.suggestions().iter().map(suggestion).collect());
    if d.truncated() {
        v.insert("truncated".into(), json!(true));
    }
    Value::Object(v)
}

fn location(v: &mut Map<String, Value>, span: Option<&Span>) {
    v.insert("file".into(), json!(span.map(Span::path)));
    v.insert("line".into(), json!(span.map(Span::line)));
    v.insert("column".into(), json!(span.and_then(Span::column)));
    v.insert("end_line".into(), json!(span.map(Span::end_line)));
    v.insert("end_column".into(), json!(span.and_then(Span::end_column)));
}

fn related(span: &Span) -> Value {
    let mut v = Map::new();
    location(&mut v, Some(span));
    if let Some(label) = span.label() {
        v.insert("label".into(), json!(label));
    }
    Value::Object(v)
}

fn suggestion(s: &Suggestion) -> Value {
    json!({
        "message": s.message(),
        "applicability": s.applicability().name(),
        "edits": s.edits().iter().map(edit).collect::<Vec<_>>(),
    })
}

fn edit(e: &Edit) -> Value {
    json!({
        "file": e.path(),
        "line": e.start().line,
        "column": e.start().column,
        "end_line": e.end().line,
        "end_column": e.end().column,
        "replacement": e.replacement_text(),
    })
}
