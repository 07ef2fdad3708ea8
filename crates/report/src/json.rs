//! The JSON document, version 1, described in docs/json.md. Serialised
//! straight from the analysis, so no second copy of the diagnostics is built.

use crate::{PatternHit, Report};
use buildfix_core::{Diagnostic, Edit, Fix, Span, Suggestion};
use buildfix_core::{ReportedTotals, Tool};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The document's version; bumped on any incompatible change.
pub const VERSION: u64 = 1;

/// Writes the view as one JSON document and a newline.
pub fn write(out: &mut impl Write, view: &Report<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Document { view })?;
    writeln!(out)
}

struct Document<'a, 'v> {
    view: &'v Report<'a>,
}

#[derive(Serialize)]
struct ClusterOut<'a> {
    fingerprint: String,
    template: &'a str,
    tool: &'a str,
    code: Option<&'a str>,
    severity: &'a str,
    count: u64,
    files: u64,
    /// Indices into the document's `diagnostics`.
    samples: Vec<usize>,
    reasons: &'a [String],
}

#[derive(Serialize)]
struct SummaryOut<'a> {
    errors: u64,
    warnings: u64,
    notes: u64,
    duplicates: u64,
    bytes: u64,
    lines: u64,
    omitted: u64,
    reported: Reported<'a>,
}

struct Reported<'a>(&'a BTreeMap<Tool, ReportedTotals>);

impl Serialize for Reported<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (tool, t) in self.0 {
            map.serialize_entry(tool.name(), &Totals(t))?;
        }
        map.end()
    }
}

struct Totals<'a>(&'a ReportedTotals);

impl Serialize for Totals<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("errors", &self.0.errors)?;
        map.serialize_entry("warnings", &self.0.warnings)?;
        map.end()
    }
}

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.view;
        let sum = v.summary;
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("version", &VERSION)?;
        map.serialize_entry(
            "summary",
            &SummaryOut {
                errors: sum.errors,
                warnings: sum.warnings,
                notes: sum.notes,
                duplicates: sum.duplicates,
                bytes: sum.bytes,
                lines: sum.lines,
                omitted: (v.diagnostics.len() - v.entries().count()) as u64,
                reported: Reported(v.reported),
            },
        )?;
        let diagnostics: Vec<DiagnosticOut<'_>> = v.entries().map(|(_, d, hits)| DiagnosticOut::of(d, hits)).collect();
        map.serialize_entry("diagnostics", &diagnostics)?;
        let position: std::collections::HashMap<usize, usize> =
            v.entries().enumerate().map(|(k, (i, _, _))| (i, k)).collect();
        let clusters: Vec<ClusterOut<'_>> = v
            .clusters
            .iter()
            .map(|c| ClusterOut {
                fingerprint: c.fingerprint.to_string(),
                template: &c.template,
                tool: c.tool.name(),
                code: c.code.as_deref(),
                severity: c.severity.name(),
                count: c.count,
                files: c.files,
                samples: c.samples.iter().filter_map(|i| position.get(i).copied()).collect(),
                reasons: &c.reasons,
            })
            .collect();
        map.serialize_entry("clusters", &clusters)?;
        map.end()
    }
}

/// A slice serialised element by element through a borrowing view.
struct Seq<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for Seq<'a, T, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    tool: &'a str,
    severity: &'a str,
    code: Option<&'a str>,
    message: &'a str,
    #[serde(flatten)]
    at: Location<'a>,
    count: u32,
    log_range: [u64; 2],
    notes: &'a [String],
    related: Seq<'a, Span, Location<'a>>,
    suggestions: Seq<'a, Suggestion, FixOut<'a>>,
    patterns: Seq<'a, PatternHit, PatternOut<'a>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
}

#[derive(Serialize)]
struct PatternOut<'a> {
    id: &'a str,
    action: &'a str,
    fix: Option<FixOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<&'a str>,
}

/// A compiler's suggestion or a pattern's fix: what it says, how safe it
/// is, its edits.
#[derive(Serialize)]
struct FixOut<'a> {
    message: &'a str,
    applicability: &'a str,
    edits: Seq<'a, Edit, EditOut<'a>>,
}

impl<'a> FixOut<'a> {
    fn of_suggestion(s: &'a Suggestion) -> FixOut<'a> {
        FixOut {
            message: s.message(),
            applicability: s.applicability().name(),
            edits: Seq(s.edits(), EditOut::of),
        }
    }

    fn of_fix(f: &'a Fix) -> FixOut<'a> {
        FixOut {
            message: f.message(),
            applicability: f.applicability().name(),
            edits: Seq(f.edits(), EditOut::of),
        }
    }
}

impl<'a> PatternOut<'a> {
    fn of(h: &'a PatternHit) -> PatternOut<'a> {
        PatternOut {
            id: &h.id,
            action: h.action,
            fix: h.fix.as_ref().map(FixOut::of_fix),
            advice: h.advice.as_deref(),
        }
    }
}

impl<'a> DiagnosticOut<'a> {
    fn of(d: &'a Diagnostic, hits: &'a [PatternHit]) -> DiagnosticOut<'a> {
        DiagnosticOut {
            tool: d.tool().name(),
            severity: d.severity().name(),
            code: d.code(),
            message: d.message(),
            at: Location::of(d.primary()),
            count: d.count(),
            log_range: [d.log_range().start(), d.log_range().end()],
            notes: d.notes(),
            related: Seq(d.secondary(), |s| Location::of(Some(s))),
            suggestions: Seq(d.suggestions(), FixOut::of_suggestion),
            patterns: Seq(hits, PatternOut::of),
            truncated: d.truncated(),
        }
    }
}

#[derive(Serialize)]
struct Location<'a> {
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
}

impl<'a> Location<'a> {
    fn of(span: Option<&'a Span>) -> Location<'a> {
        Location {
            file: span.map(Span::path),
            line: span.map(Span::line),
            column: span.and_then(Span::column),
            end_line: span.map(Span::end_line),
            end_column: span.and_then(Span::end_column),
            label: span.and_then(Span::label),
        }
    }
}

#[derive(Serialize)]
struct EditOut<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    replacement: &'a str,
}

impl<'a> EditOut<'a> {
    fn of(e: &'a Edit) -> EditOut<'a> {
        EditOut {
            file: e.path(),
            line: e.start().line,
            column: e.start().column,
            end_line: e.end().line,
            end_column: e.end().column,
            replacement: e.replacement_text(),
        }
    }
}
