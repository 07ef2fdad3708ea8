//! GitHub Actions workflow commands: annotations on the lines of a pull
//! request.
//!
//! GitHub shows at most [`PER_LEVEL`] error, warning and notice annotations
//! per step, so one annotation is written per cluster (at its first
//! occurrence), the clusters in their ranked order: the first errors of the
//! build first. [`annotated`] tells the job summary how many were left out.

use crate::Report;
use buildfix_core::Severity;
use std::io::{self, Write};

/// Annotations GitHub shows per step and level.
pub const PER_LEVEL: usize = 10;

/// One annotation: a diagnostic standing for `count` like it in `files` files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Index of the diagnostic annotated.
    pub diagnostic: usize,
    /// Diagnostics of its kind.
    pub count: u64,
    /// Files those are in.
    pub files: u64,
}

/// What the annotations cover, per level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotated {
    /// The annotations, most useful first.
    pub chosen: Vec<Annotation>,
    /// Kinds of error, warning and note left out: GitHub would not show them.
    pub left_out: [u64; 3],
}

/// The annotations to write: one per cluster (or per diagnostic when the
/// report has no clusters), at most [`PER_LEVEL`] per level.
pub fn annotated(report: &Report<'_>) -> Annotated {
    let candidates: Vec<Annotation> = if report.clusters.is_empty() {
        report
            .entries()
            .map(|(i, _, _)| Annotation {
                diagnostic: i,
                count: 1,
                files: 1,
            })
            .collect()
    } else {
        report
            .clusters
            .iter()
            .map(|c| Annotation {
                diagnostic: c.first,
                count: c.count,
                files: c.files,
            })
            .collect()
    };
    let mut taken = [0usize; 3];
    let mut result = Annotated::default();
    for a in candidates {
        let level = level(report.diagnostics[a.diagnostic].severity()).1;
        if taken[level] < PER_LEVEL {
            taken[level] += 1;
            result.chosen.push(a);
        } else {
            result.left_out[level] += 1;
        }
    }
    result
}

/// Writes the annotations, one workflow command per line.
pub fn write(out: &mut impl Write, report: &Report<'_>) -> io::Result<()> {
    for a in annotated(report).chosen {
        let d = &report.diagnostics[a.diagnostic];
        let mut properties = Vec::new();
        if let Some(p) = d.primary() {
            properties.push(("file", report.path(p.path()).to_string()));
            properties.push(("line", p.line().to_string()));
            if let Some(col) = p.column() {
                properties.push(("col", col.to_string()));
            }
            if p.end_line() != p.line() {
                properties.push(("endLine", p.end_line().to_string()));
            } else if let Some(end) = p.end_column().filter(|&end| Some(end) > p.column().map(|c| c + 1)) {
                properties.push(("endColumn", end.to_string()));
            }
        }
        let mut title = d.tool().name().to_string();
        if let Some(code) = d.code() {
            title.push(' ');
            title.push_str(code);
        }
        if a.count > 1 {
            title.push_str(&format!(
                " · {} of this kind in {}",
                a.count,
                crate::plural(a.files, "file")
            ));
        }
        properties.push(("title", title));
        let mut message = d.message().to_string();
        for note in d.notes().iter().take(3) {
            message.push('\n');
            message.push_str(note);
        }
        if let Some((fix, applicability)) = report.suggestion_of(a.diagnostic) {
            message.push_str(&format!("\nsuggested fix: {fix} ({applicability})"));
        }
        let properties: Vec<String> = properties
            .iter()
            .map(|(k, v)| format!("{k}={}", escape_property(v)))
            .collect();
        writeln!(
            out,
            "::{} {}::{}",
            level(d.severity()).0,
            properties.join(","),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// Writes `::stop-commands::TOKEN`, after which GitHub takes no line as a
/// command until `::TOKEN::`: text quoted from an untrusted log can then not
/// mask secrets or set outputs. Returns the line that resumes commands.
pub fn stop_commands(out: &mut impl Write, token: &str) -> io::Result<String> {
    writeln!(out, "::stop-commands::{token}")?;
    Ok(format!("::{token}::"))
}

/// The command and the index of its per-step limit.
fn level(severity: Severity) -> (&'static str, usize) {
    match severity {
        Severity::Error => ("error", 0),
        Severity::Warning => ("warning", 1),
        _ => ("notice", 2),
    }
}

/// A command's message: `%`, carriage return and newline are encoded.
pub fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// A command's property value: also `:` and `,`, which separate properties.
pub fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_encodes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("100% of a,b: x\r\ny — é"), "100%25 of a,b: x%0D%0Ay — é");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_encode_colon_and_comma() {
        assert_eq!(escape_property("C:\\src\\a,b.cs:3%\n"), "C%3A\\src\\a%2Cb.cs%3A3%25%0A");
        assert_eq!(escape_property("naïve ∑ 名前"), "naïve ∑ 名前");
    }
}
