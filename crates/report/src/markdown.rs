//! The Markdown job summary: the counts, a table of the clusters (count,
//! first occurrence, suggested fix) and a few samples of each.
//!
//! GitHub takes at most 1 MiB of summary per step. The summary is bounded by
//! construction, not cut at the end: at most [`MAX_ROWS`] clusters, at most
//! [`MAX_SAMPLES`] samples each, no cell longer than [`MAX_CELL`] characters;
//! what is left out is counted in the text.

use crate::github::{Annotated, PER_LEVEL};
use crate::{Report, markup, one_line, plural};
use buildfix_core::{Cluster, Diagnostic};
use std::io::{self, Write};

/// Clusters listed.
pub const MAX_ROWS: usize = 100;
/// Samples shown per cluster.
pub const MAX_SAMPLES: usize = 3;
/// Characters per table cell or sample line.
pub const MAX_CELL: usize = 300;

/// Writes the summary; `annotated` is what the GitHub annotations cover,
/// when they are written.
pub fn write(out: &mut impl Write, report: &Report<'_>, annotated: Option<&Annotated>) -> io::Result<()> {
    let s = report.summary;
    writeln!(
        out,
        "## buildfix: {}, {} in {}\n",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(report.clusters.len() as u64, "kind")
    )?;
    if report.clusters.is_empty() {
        writeln!(out, "The log holds no error or warning that buildfix reads.")?;
        return Ok(());
    }
    if let Some(a) = annotated {
        let left_out: u64 = a.left_out.iter().sum();
        if left_out > 0 {
            writeln!(
                out,
                "GitHub shows {PER_LEVEL} annotations per level: {} are annotated on the code, the other {} are listed here.\n",
                plural(a.chosen.len() as u64, "kind"),
                left_out
            )?;
        }
    }
    writeln!(out, "| # | Kind | Count | Files | First occurrence | Suggested fix |")?;
    writeln!(out, "|--:|------|------:|------:|------------------|---------------|")?;
    for (n, c) in report.clusters.iter().take(MAX_ROWS).enumerate() {
        let first = &report.diagnostics[c.first];
        let fix = match report.suggestion_of(c.first) {
            Some((message, applicability)) => format!("{} ({applicability})", cell(&message)),
            // Each sample's advice: one kind of error may need more than
            // one thing done (`sqrt` wants `-lm`, `area` a source file).
            None => {
                let mut advice: Vec<String> = Vec::new();
                for a in c.samples.iter().filter_map(|&i| report.advice_of(i)) {
                    let a = format!("advice: {}", cell(a));
                    if !advice.contains(&a) {
                        advice.push(a);
                    }
                }
                advice.join("<br>")
            }
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {fix} |",
            n + 1,
            cell(&kind(report, c)),
            c.count,
            c.files,
            cell(&location(report, first)),
        )?;
    }
    if report.clusters.len() > MAX_ROWS {
        writeln!(
            out,
            "\n{} more kinds are not listed; `buildfix analyze` on the log shows them all.",
            report.clusters.len() - MAX_ROWS
        )?;
    }
    writeln!(out)?;
    for (n, c) in report.clusters.iter().take(MAX_ROWS).enumerate() {
        writeln!(
            out,
            "<details><summary>{}. {} ({})</summary>\n",
            n + 1,
            markup(&clip(&kind(report, c))),
            markup(&c.reasons.join(" · "))
        )?;
        writeln!(out, "```text")?;
        for &i in c.samples.iter().take(MAX_SAMPLES) {
            let d = &report.diagnostics[i];
            let line = format!("{}: {}: {}", location(report, d), heading(d), one_line(d));
            writeln!(out, "{}", fence_safe(&clip(&line)))?;
        }
        writeln!(out, "```\n</details>\n")?;
    }
    Ok(())
}

/// `error[E0425]: cannot find value <id> in this scope`; for a kind seen
/// once, its message as the tool wrote it, which reads better than its
/// template (`unneeded `return` statement`).
fn kind(report: &Report<'_>, c: &Cluster) -> String {
    let text = match c.count {
        1 => report.diagnostics[c.first].message().lines().next().unwrap_or_default(),
        _ => &c.template,
    };
    match &c.code {
        Some(code) => format!("{}[{code}]: {text}", c.severity),
        None => format!("{}: {text}", c.severity),
    }
}

fn heading(d: &Diagnostic) -> String {
    match d.code() {
        Some(code) => format!("{}[{code}]", d.severity()),
        None => d.severity().to_string(),
    }
}

fn location(report: &Report<'_>, d: &Diagnostic) -> String {
    match d.primary() {
        Some(p) => match p.column() {
            Some(col) => format!("{}:{}:{col}", report.path(p.path()), p.line()),
            None => format!("{}:{}", report.path(p.path()), p.line()),
        },
        None => "(no file)".to_string(),
    }
}

/// At most [`MAX_CELL`] characters, on one line.
fn clip(text: &str) -> String {
    let one_line = text.replace(['\r', '\n'], " ");
    match one_line.char_indices().nth(MAX_CELL) {
        Some((end, _)) => format!("{}…", &one_line[..end]),
        None => one_line,
    }
}

/// A table cell: one line, clipped, with Markdown and HTML made literal.
fn cell(text: &str) -> String {
    let mut out = String::new();
    for c in clip(text).chars() {
        if matches!(c, '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    markup(&out)
}

/// A line inside a ```` ``` ```` block that cannot close it.
fn fence_safe(line: &str) -> String {
    if line.trim_start().starts_with("```") {
        format!(" {line}")
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_make_markdown_and_html_literal() {
        assert_eq!(
            cell("a | b `c` <script> & *x*\nnext"),
            "a \\| b \\`c\\` &lt;script&gt; &amp; \\*x\\* next"
        );
    }

    #[test]
    fn long_text_is_clipped_at_a_character_boundary() {
        let long = "é".repeat(MAX_CELL + 10);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), MAX_CELL + 1);
        assert!(clipped.ends_with('…'));
    }
}
