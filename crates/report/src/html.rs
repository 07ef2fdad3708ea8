//! One self-contained HTML page (no script, no external asset), for CI
//! systems that publish HTML reports: the counts, then each cluster, ranked
//! for fixing, with its samples, their source lines and the suggested fix.
//! Everything taken from the log is escaped.

use crate::{Report, caret_pad, markup, plural};
use buildfix_core::{Diagnostic, Severity};
use std::io::{self, Write};

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1f2328}\
h1{font-size:1.4em}h2{font-size:1.1em;margin:1.6em 0 .3em}.why{color:#59636e}\
.error{color:#cf222e}.warning{color:#9a6700}.note{color:#0969da}\
pre{background:#f6f8fa;padding:.6em .8em;overflow-x:auto;border-radius:6px}\
.fix{color:#1a7f37}";

/// Writes the page.
pub fn write(out: &mut impl Write, report: &Report<'_>) -> io::Result<()> {
    let s = report.summary;
    let title = format!(
        "buildfix: {}, {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(report.clusters.len() as u64, "kind")
    );
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        markup(&title)
    )?;
    writeln!(out, "<h1>{}</h1>", markup(&title))?;
    for (n, c) in report.clusters.iter().enumerate() {
        let code = c.code.as_deref().map(|code| format!("[{code}]")).unwrap_or_default();
        writeln!(
            out,
            "<h2>{}. <span class=\"{}\">{}{}</span>: {}</h2>\n<p class=\"why\">{}</p>",
            n + 1,
            class(c.severity),
            c.severity,
            markup(&code),
            markup(&c.template),
            markup(&c.reasons.join(" · "))
        )?;
        for &i in &c.samples {
            write_sample(out, report, &report.diagnostics[i])?;
        }
        if let Some((fix, applicability)) = report.suggestion_of(c.first) {
            writeln!(
                out,
                "<p class=\"fix\">suggested fix: {} ({applicability})</p>",
                markup(&fix)
            )?;
        }
    }
    if report.clusters.is_empty() {
        writeln!(out, "<p>The log holds no error or warning that buildfix reads.</p>")?;
    }
    writeln!(out, "</body></html>")
}

/// One sample: where, what, and the source line with a caret.
fn write_sample(out: &mut impl Write, report: &Report<'_>, d: &Diagnostic) -> io::Result<()> {
    let mut text = String::new();
    if let Some(p) = d.primary() {
        text.push_str(&format!("{}:{}", report.path(p.path()), p.line()));
        if let Some(col) = p.column() {
            text.push_str(&format!(":{col}"));
        }
        text.push_str(": ");
    }
    text.push_str(d.message());
    for note in d.notes() {
        text.push_str(&format!("\n  {note}"));
    }
    if let (Some(p), Some(source)) = (d.primary(), d.source_line()) {
        let gutter = p.line().to_string();
        text.push_str(&format!("\n  {gutter} | {}", source.trim_end()));
        if let Some(col) = p.column() {
            let pad = caret_pad(source, col);
            text.push_str(&format!("\n  {} | {pad}^", " ".repeat(gutter.len())));
        }
    }
    writeln!(out, "<pre>{}</pre>", markup(&text))
}

fn class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    }
}
