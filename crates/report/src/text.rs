//! Text for people: diagnostics grouped by file, each with its source line
//! and a caret, then the counts.

use crate::{PatternHit, Report, caret_pad, plural};
use buildfix_core::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::io::{self, Write};

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, d: &Diagnostic) -> String {
        let label = match d.code() {
            Some(code) => format!("{}[{code}]", d.severity()),
            None => d.severity().to_string(),
        };
        match d.severity() {
            Severity::Error => self.paint("1;31", &label),
            Severity::Warning => self.paint("1;33", &label),
            _ => self.paint("1;36", &label),
        }
    }
}

/// A diagnostic and the patterns that match it.
type Entry<'a> = (&'a Diagnostic, &'a [PatternHit]);

/// Writes the report: every diagnostic grouped by file, or, when there are
/// more than `--expand`, the ranked clusters with their samples.
pub fn write(out: &mut impl Write, view: &Report<'_>, color: bool) -> io::Result<()> {
    let style = Style { color };
    let entries: Vec<Entry<'_>> = view.entries().map(|(_, d, hits)| (d, hits)).collect();
    if view.clustered {
        let position: HashMap<usize, usize> = view.entries().enumerate().map(|(k, (i, _, _))| (i, k)).collect();
        let s = view.summary;
        writeln!(
            out,
            "{} diagnostics of {} kinds; {} samples of each, most useful first (--expand N shows all up to N)\n",
            s.errors + s.warnings,
            view.clusters.len(),
            view.clusters.iter().map(|c| c.samples.len()).max().unwrap_or(0)
        )?;
        for (n, c) in view.clusters.iter().enumerate() {
            let code = c.code.as_deref().map(|code| format!("[{code}]")).unwrap_or_default();
            let head = format!("{}{code}", c.severity);
            let painted = if c.severity == Severity::Error {
                style.paint("1;31", &head)
            } else {
                style.paint("1;33", &head)
            };
            writeln!(
                out,
                "{} {painted}: {}",
                style.paint("1", &format!("[{}]", n + 1)),
                c.template
            )?;
            writeln!(out, "    {}", c.reasons.join(" · "))?;
            let mut last_file = None;
            for i in &c.samples {
                let (d, hits) = entries[position[i]];
                let file = d.primary().map_or("(no file)", |p| p.path());
                if last_file != Some(file) {
                    writeln!(out, "  {file}")?;
                    last_file = Some(file);
                }
                write_diagnostic(out, d, hits, &style)?;
            }
            writeln!(out)?;
        }
        return write_summary(out, view, &style);
    }
    let mut files: Vec<(Option<&str>, Vec<Entry<'_>>)> = Vec::new();
    let mut index: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for &(d, hits) in &entries {
        let file = d.primary().map(|p| p.path());
        let slot = *index.entry(file).or_insert_with(|| {
            files.push((file, Vec::new()));
            files.len() - 1
        });
        files[slot].1.push((d, hits));
    }
    for (file, diags) in &files {
        writeln!(out, "{}", style.paint("1", file.unwrap_or("(no file)")))?;
        for (d, hits) in diags {
            write_diagnostic(out, d, hits, &style)?;
        }
        writeln!(out)?;
    }
    write_summary(out, view, &style)
}

fn write_diagnostic(out: &mut impl Write, d: &Diagnostic, hits: &[PatternHit], style: &Style) -> io::Result<()> {
    let position = match d.primary() {
        Some(p) => match p.column() {
            Some(c) => format!("{}:{}", p.line(), c),
            None => p.line().to_string(),
        },
        None => String::new(),
    };
    let repeat = if d.count() > 1 {
        format!(" (reported {} times)", d.count())
    } else {
        String::new()
    };
    writeln!(out, "  {position:>7}  {}: {}{repeat}", style.severity(d), d.message())?;
    if let (Some(p), Some(source)) = (d.primary(), d.source_line()) {
        let gutter = p.line().to_string();
        writeln!(out, "  {gutter:>7} | {}", source.trim_end())?;
        if let Some(col) = p.column() {
            let width = match p.end_column() {
                Some(end) if p.end_line() == p.line() && end > col => (end - col) as usize,
                _ => 1,
            };
            let pad = caret_pad(source, col);
            writeln!(out, "  {:>7} | {pad}{}", "", style.paint("1;32", &"^".repeat(width)))?;
        }
    }
    for note in d.notes() {
        writeln!(out, "  {:>7}   {}", "", style.paint("36", note))?;
    }
    let fix = style.paint("32", "fix:");
    // What the edits write, unless the message quotes it already.
    let written = |message: &str, edits| {
        buildfix_core::written(edits)
            .filter(|w| !message.contains(w.as_str()))
            .map(|w| format!(": {w}"))
            .unwrap_or_default()
    };
    for s in d.suggestions() {
        let written = written(s.message(), s.edits());
        writeln!(
            out,
            "  {:>7}   {fix} {} ({}){written}",
            "",
            s.message(),
            s.applicability()
        )?;
    }
    for h in hits {
        if let Some(f) = &h.fix {
            writeln!(
                out,
                "  {:>7}   {fix} {} ({}){} [pattern {}]",
                "",
                f.message(),
                f.applicability(),
                written(f.message(), f.edits()),
                h.id
            )?;
        }
    }
    // The first advice is the most specific (the library's order).
    if let Some((h, advice)) = hits.iter().find_map(|h| Some((h, h.advice.as_deref()?))) {
        let label = style.paint("33", "advice:");
        writeln!(out, "  {:>7}   {label} {advice} [pattern {}]", "", h.id)?;
    }
    let fixers: Vec<&PatternHit> = hits.iter().filter(|h| h.advice.is_none()).collect();
    if !fixers.is_empty() && fixers.iter().all(|h| h.fix.is_none()) {
        let ids: Vec<&str> = fixers.iter().map(|h| h.id.as_str()).collect();
        // The source is not under --root, the name is not in a knowledge
        // table, or the file no longer reads as the log quoted it.
        writeln!(
            out,
            "  {:>7}   matches {} (no fix could be made from here)",
            "",
            ids.join(", ")
        )?;
    }
    Ok(())
}

fn write_summary(out: &mut impl Write, report: &Report<'_>, style: &Style) -> io::Result<()> {
    let s = report.summary;
    let mut line = format!("{}, {}", plural(s.errors, "error"), plural(s.warnings, "warning"));
    if s.duplicates > 0 {
        line.push_str(&format!(" ({} repeated)", plural(s.duplicates, "report")));
    }
    line.push_str(&format!(" in {} of log", plural(s.lines, "line")));
    writeln!(out, "{}", style.paint("1", &line))?;
    for (tool, t) in report.reported {
        writeln!(
            out,
            "{tool} itself reported {} and {}",
            plural(t.errors, "error"),
            plural(t.warnings, "warning")
        )?;
    }
    Ok(())
}
