//! SARIF 2.1.0, as GitHub code scanning and other viewers take it.
//!
//! One run, one rule per tool and code, one result per shown diagnostic with
//! its location, related locations, every known fix (the tool's suggestions
//! and the pattern library's, as `artifactChanges`) and `partialFingerprints`
//! so the same error is tracked across runs:
//!
//! - `buildfixKind/v1`: the fingerprint of the error's kind (tool, code,
//!   message template), the same on every machine;
//! - `buildfixResult/v1`: that kind with the file and the message, so an
//!   error keeps its identity when lines move above it.
//!
//! Code scanning includes at most [`MAX_RESULTS`] results per run; beyond,
//! the first ones in log order are written and the rest counted in the run's
//! `properties.omitted`.

use crate::Report;
use buildfix_core::{ColumnUnit, Diagnostic, Edit, Fix, Severity, Span, fnv1a64};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Results written per run.
pub const MAX_RESULTS: usize = 5_000;
/// Related locations written per result (code scanning reads 1,000).
const MAX_RELATED: usize = 1_000;

/// Writes one SARIF 2.1.0 log.
pub fn write(out: &mut impl Write, report: &Report<'_>) -> io::Result<()> {
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    let mut rule_list = Vec::new();
    let mut results = Vec::new();
    for (k, (i, d, _)) in report.entries().enumerate().take(MAX_RESULTS) {
        let id = rule_id(d);
        let index = *rules.entry(id.clone()).or_insert_with(|| {
            rule_list.push(rule(report, &id, d));
            rule_list.len() - 1
        });
        let mut result = json!({
            "ruleId": id,
            "ruleIndex": index,
            "level": level(d.severity()),
            "message": { "text": message(d) },
        });
        let r = result.as_object_mut().expect("a result is an object");
        if let Some(p) = d.primary() {
            r.insert("locations".into(), json!([location(report, p)]));
        }
        if !d.secondary().is_empty() {
            let related: Vec<Value> = d
                .secondary()
                .iter()
                .take(MAX_RELATED)
                .enumerate()
                .map(|(n, s)| {
                    let mut l = location(report, s);
                    l["id"] = json!(n);
                    if let Some(label) = s.label() {
                        l["message"] = json!({ "text": label });
                    }
                    l
                })
                .collect();
            r.insert("relatedLocations".into(), Value::Array(related));
        }
        if let Some(kind) = report.fingerprints.get(k) {
            let file = d.primary().map_or("", |p| report.path(p.path()));
            let identity = format!("{kind}\u{ff}{file}\u{ff}{}", d.message());
            r.insert(
                "partialFingerprints".into(),
                json!({
                    "buildfixKind/v1": kind.to_string(),
                    "buildfixResult/v1": format!("{:016x}", fnv1a64(identity.as_bytes())),
                }),
            );
        }
        let fixes: Vec<Value> = report.fixes_of(i).iter().map(|f| fix(report, f)).collect();
        if !fixes.is_empty() {
            r.insert("fixes".into(), Value::Array(fixes));
        }
        results.push(result);
    }
    let omitted = report.diagnostics.len() - results.len();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "buildfix",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/buildfix",
                "rules": rule_list,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "omitted": omitted },
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// `rustc/E0425`; the tool alone when it gave no code.
fn rule_id(d: &Diagnostic) -> String {
    match d.code() {
        Some(code) => format!("{}/{code}", d.tool().name()),
        None => d.tool().name().to_string(),
    }
}

fn rule(report: &Report<'_>, id: &str, d: &Diagnostic) -> Value {
    // The first cluster of this tool and code describes the rule.
    let template = report
        .clusters
        .iter()
        .find(|c| c.tool == d.tool() && c.code.as_deref() == d.code())
        .map_or(d.message(), |c| c.template.as_str());
    json!({
        "id": id,
        "shortDescription": { "text": template },
        "defaultConfiguration": { "level": level(d.severity()) },
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note | Severity::Help => "note",
    }
}

fn message(d: &Diagnostic) -> String {
    let mut text = d.message().to_string();
    for note in d.notes() {
        text.push('\n');
        text.push_str(note);
    }
    if text.trim().is_empty() {
        // SARIF requires a message; some tools print none.
        text = format!("{} {}", d.tool().name(), d.severity());
    }
    text
}

fn location(report: &Report<'_>, span: &Span) -> Value {
    let mut region = Map::new();
    region.insert("startLine".into(), json!(span.line().max(1)));
    if let Some(col) = span.column() {
        region.insert("startColumn".into(), json!(col.max(1)));
    }
    region.insert("endLine".into(), json!(span.end_line().max(span.line()).max(1)));
    if let (Some(col), Some(end)) = (span.column(), span.end_column())
        && (span.end_line() > span.line() || end > col)
    {
        region.insert("endColumn".into(), json!(end));
    }
    json!({ "physicalLocation": {
        "artifactLocation": { "uri": uri(report.path(span.path())) },
        "region": region,
    }})
}

fn fix(report: &Report<'_>, f: &Fix) -> Value {
    let mut by_file: Vec<(&str, Vec<&Edit>)> = Vec::new();
    for e in f.edits() {
        match by_file.iter_mut().find(|(path, _)| *path == e.path()) {
            Some((_, edits)) => edits.push(e),
            None => by_file.push((e.path(), vec![e])),
        }
    }
    let changes: Vec<Value> = by_file
        .into_iter()
        .map(|(path, edits)| {
            let replacements: Vec<Value> = edits.iter().map(|e| replacement(e)).collect();
            json!({
                "artifactLocation": { "uri": uri(report.path(path)) },
                "replacements": replacements,
            })
        })
        .collect();
    json!({
        "description": { "text": format!("{} ({})", f.message(), f.applicability()) },
        "artifactChanges": changes,
    })
}

/// An edit's region: by byte offsets when the edit counts bytes and knows
/// them (SARIF's columns count characters), else by line and column.
fn replacement(e: &Edit) -> Value {
    let region = match e.bytes() {
        Some((start, end)) if e.unit() == ColumnUnit::Bytes => json!({
            "byteOffset": start,
            "byteLength": end - start,
        }),
        _ => json!({
            "startLine": e.start().line.max(1),
            "startColumn": e.start().column.max(1),
            "endLine": e.end().line.max(1),
            "endColumn": e.end().column.max(1),
        }),
    };
    json!({
        "deletedRegion": region,
        "insertedContent": { "text": e.replacement_text() },
    })
}

/// A path as a URI reference: relative paths stay relative, absolute ones
/// become `file://` URIs; characters a URI cannot hold are percent-encoded.
pub fn uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let (prefix, rest) = if slashed.starts_with('/') {
        ("file://", slashed.as_str())
    } else if is_drive(slashed.as_bytes()) {
        ("file:///", slashed.as_str())
    } else {
        ("", slashed.as_str())
    };
    let mut out = String::from(prefix);
    for &b in rest.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) || (b == b':' && !prefix.is_empty());
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `C:/`: a Windows drive.
fn is_drive(path: &[u8]) -> bool {
    path.len() >= 3 && path[0].is_ascii_alphabetic() && path[1] == b':' && path[2] == b'/'
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("src/main.rs"), "src/main.rs");
        assert_eq!(uri("src/my file#1.rs"), "src/my%20file%231.rs");
        assert_eq!(uri("/usr/include/stdio.h"), "file:///usr/include/stdio.h");
        assert_eq!(uri("C:\\src\\App.cs"), "file:///C:/src/App.cs");
        assert_eq!(uri("src/naïve.py"), "src/na%C3%AFve.py");
        // A colon in a relative path would read as a scheme.
        assert_eq!(uri("a:b/c.rs"), "a%3Ab/c.rs");
        assert_eq!(uri("ab:c.rs"), "ab%3Ac.rs");
    }
}
