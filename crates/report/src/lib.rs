//! Renders what a build log holds, for people and for machines.
//!
//! One small module per format, each a `write` function over a [`Report`]:
//!
//! - [`text`]: for people, grouped by file with the source line and a caret.
//! - [`json`]: the analyze document, version 1 (docs/json.md).
//! - [`github`]: GitHub Actions workflow commands (annotations).
//! - [`markdown`]: the job summary, a table of the clusters.
//! - [`sarif`]: SARIF 2.1.0 for code scanning, with fixes.
//! - [`gitlab`]: GitLab Code Quality JSON.
//! - [`html`]: one self-contained page, for CI systems that publish HTML.
//! - [`junit`]: JUnit XML, one test case per cluster.
//!
//! Each format respects its platform's limits by choosing what to show
//! (one annotation per cluster, first errors first; samples instead of every
//! diagnostic), and says what it left out.
//!
//! # Example
//!
//! ```
//! use buildfix_core::{Diagnostic, Severity, Span, Summary, Tool};
//! use buildfix_report::{Report, github};
//!
//! let mut d = Diagnostic::new(Tool::Gcc, Severity::Error, "'y' undeclared");
//! d.set_primary(Span::point("/src/app/main.c", 3, 5));
//! let diagnostics = [d];
//! let summary = Summary { errors: 1, ..Summary::default() };
//! let report = Report::new(&diagnostics, &summary).base("/src/app");
//! let mut out = Vec::new();
//! github::write(&mut out, &report).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap(), "::error file=main.c,line=3,col=5,title=gcc::'y' undeclared\n");
//! ```
#![deny(missing_docs)]

pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use buildfix_core::{Applicability, Cluster, Diagnostic, Fingerprint, Fix, ReportedTotals, Summary, Tool};
use std::collections::BTreeMap;

/// What a report shows: the diagnostics of a log, their ranked clusters, the
/// diagnostics shown (all of them, or the clusters' samples) and the pattern
/// hits of those.
pub struct Report<'a> {
    /// Every distinct diagnostic of the log, in log order.
    pub diagnostics: &'a [Diagnostic],
    /// The log's counts.
    pub summary: &'a Summary,
    /// The totals each tool printed about its own run.
    pub reported: &'a BTreeMap<Tool, ReportedTotals>,
    /// The clusters, ranked for fixing.
    pub clusters: &'a [Cluster],
    /// Indices of the diagnostics shown, sorted (log order).
    pub shown: &'a [usize],
    /// For each shown diagnostic, the patterns that match it.
    pub hits: &'a [Vec<PatternHit>],
    /// For each shown diagnostic, the fingerprint of its kind; may be empty.
    pub fingerprints: &'a [Fingerprint],
    /// Whether people see only the clusters' samples.
    pub clustered: bool,
    /// The directory paths are shown relative to (the repository root in CI);
    /// empty to show paths as the log gave them.
    pub base: &'a str,
}

/// A pattern that matched a diagnostic, and the fix it proposes if it could
/// make one (the source it edits may be elsewhere, or already fixed).
pub struct PatternHit {
    /// The pattern's id.
    pub id: String,
    /// Its action's name.
    pub action: &'static str,
    /// The fix, when one could be made.
    pub fix: Option<Fix>,
    /// What to do, for a pattern that fixes nothing (`advise`).
    pub advice: Option<String>,
}

static NO_TOTALS: BTreeMap<Tool, ReportedTotals> = BTreeMap::new();

impl<'a> Report<'a> {
    /// A report showing every diagnostic, with no clusters, no pattern hits
    /// and paths as the log gave them; the fields are public to set the rest.
    pub fn new(diagnostics: &'a [Diagnostic], summary: &'a Summary) -> Report<'a> {
        Report {
            diagnostics,
            summary,
            reported: &NO_TOTALS,
            clusters: &[],
            shown: &[],
            hits: &[],
            fingerprints: &[],
            clustered: false,
            base: "",
        }
    }

    /// Shows paths relative to `base`.
    pub fn base(mut self, base: &'a str) -> Report<'a> {
        self.base = base;
        self
    }

    /// `path` relative to the base when it lies under it, without a
    /// leading `./`; else unchanged.
    pub fn path<'p>(&self, path: &'p str) -> &'p str {
        let base = self.base.trim_end_matches('/');
        let relative = match path.strip_prefix(base).and_then(|rest| rest.strip_prefix('/')) {
            Some(rest) if !base.is_empty() && !rest.is_empty() => rest,
            _ => path,
        };
        let mut trimmed = relative;
        while let Some(rest) = trimmed.strip_prefix("./") {
            trimmed = rest;
        }
        if trimmed.is_empty() { relative } else { trimmed }
    }

    /// The shown diagnostics with their pattern hits, in log order; every
    /// diagnostic when `shown` is empty and no hits were computed.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &'a Diagnostic, &'a [PatternHit])> + '_ {
        let all = self.shown.is_empty() && self.hits.is_empty();
        let count = if all { self.diagnostics.len() } else { self.shown.len() };
        (0..count).map(move |k| {
            let i = if all { k } else { self.shown[k] };
            let hits = self.hits.get(k).map_or(&[][..], Vec::as_slice);
            (i, &self.diagnostics[i], hits)
        })
    }

    /// The pattern hits of diagnostic `i`, when it is shown.
    pub fn hits_of(&self, i: usize) -> &'a [PatternHit] {
        match self.shown.binary_search(&i) {
            Ok(k) => self.hits.get(k).map_or(&[], Vec::as_slice),
            Err(_) => &[],
        }
    }

    /// Every fix known for diagnostic `i`: the tool's own suggestions first,
    /// then the patterns'.
    pub fn fixes_of(&self, i: usize) -> Vec<Fix> {
        let d = &self.diagnostics[i];
        let mut fixes: Vec<Fix> = d.suggestions().iter().map(Fix::from_suggestion).collect();
        fixes.extend(self.hits_of(i).iter().filter_map(|h| h.fix.clone()));
        fixes
    }

    /// What the first `advise` pattern matching diagnostic `i` says to do.
    pub fn advice_of(&self, i: usize) -> Option<&str> {
        self.hits_of(i).iter().find_map(|h| h.advice.as_deref())
    }

    /// The fix a person would try first for diagnostic `i`: the safest
    /// suggestion of the tool or a pattern, described in a few words.
    pub fn suggestion_of(&self, i: usize) -> Option<(String, Applicability)> {
        let d = &self.diagnostics[i];
        let tool = d.suggestions().iter().map(|s| (s.summary(), s.applicability()));
        let patterns = self.hits_of(i).iter().filter_map(|h| {
            h.fix
                .as_ref()
                .map(|f| (format!("{} [pattern {}]", f.summary(), h.id), f.applicability()))
        });
        let mut best: Option<(String, Applicability)> = None;
        for (message, applicability) in tool.chain(patterns) {
            if best.as_ref().is_none_or(|(_, a)| applicability > *a) {
                best = Some((message, applicability));
            }
        }
        best
    }
}

/// The message with its first two notes, on one line: "cannot find symbol ·
/// symbol: class List · location: class App".
pub(crate) fn one_line(d: &Diagnostic) -> String {
    let mut line = d.message().replace(['\r', '\n'], " ");
    for note in d.notes().iter().take(2) {
        line.push_str(" · ");
        line.push_str(&note.replace(['\r', '\n'], " "));
    }
    line
}

/// Text as HTML or XML 1.0 character data or attribute value: markup
/// characters escaped, and the control characters XML cannot hold replaced.
pub(crate) fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The blanks that put a caret under `column` (1-based) of `source`: tabs
/// where the line has tabs, so the caret lines up however they are shown.
pub(crate) fn caret_pad(source: &str, column: u32) -> String {
    source
        .chars()
        .take(column.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect()
}

/// `n` followed by `word`, with an `s` unless `n` is one.
pub(crate) fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::markup;

    #[test]
    fn markup_and_control_characters_from_the_log_are_made_literal() {
        assert_eq!(
            markup("<script>alert('x')</script> & \"y\"\u{1b}[31m\n"),
            "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;y&quot;\u{fffd}[31m\n"
        );
    }
}
