//! JUnit XML, for CI systems that display test reports (Jenkins, GitLab,
//! Azure Pipelines): one test case per cluster, failing for errors, with the
//! cluster's samples as the failure's text.

use crate::{Report, markup, one_line, plural};
use buildfix_core::Severity;
use std::io::{self, Write};

/// Writes one `<testsuites>` document.
pub fn write(out: &mut impl Write, report: &Report<'_>) -> io::Result<()> {
    let failures = report.clusters.iter().filter(|c| c.severity == Severity::Error).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="buildfix" tests="{}" failures="{failures}">"#,
        report.clusters.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="build" tests="{}" failures="{failures}">"#,
        report.clusters.len()
    )?;
    for c in report.clusters {
        let name = match &c.code {
            Some(code) => format!("{}[{code}]: {}", c.severity, c.template),
            None => format!("{}: {}", c.severity, c.template),
        };
        let first = &report.diagnostics[c.first];
        let mut attributes = format!(r#"classname="{}" name="{}""#, markup(c.tool.name()), markup(&name));
        if let Some(p) = first.primary() {
            attributes.push_str(&format!(
                r#" file="{}" line="{}""#,
                markup(report.path(p.path())),
                p.line()
            ));
        }
        writeln!(out, "    <testcase {attributes}>")?;
        let mut body = String::new();
        for &i in &c.samples {
            let d = &report.diagnostics[i];
            if let Some(p) = d.primary() {
                body.push_str(&format!("{}:{}: ", report.path(p.path()), p.line()));
            }
            body.push_str(&one_line(d));
            body.push('\n');
        }
        if let Some((fix, applicability)) = report.suggestion_of(c.first) {
            body.push_str(&format!("suggested fix: {fix} ({applicability})\n"));
        }
        let summary = format!("{} in {}", plural(c.count, "occurrence"), plural(c.files, "file"));
        if c.severity == Severity::Error {
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                markup(c.code.as_deref().unwrap_or("error")),
                markup(&summary),
                markup(&body)
            )?;
        } else {
            writeln!(
                out,
                "      <system-out>{}{}</system-out>",
                markup(&summary),
                markup(&format!("\n{body}"))
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>\n</testsuites>")
}
