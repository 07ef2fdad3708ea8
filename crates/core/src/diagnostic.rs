use crate::{Span, Suggestion, Tool};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a diagnostic is, ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Extra information attached to another diagnostic.
    Note,
    /// A hint on how to fix another diagnostic.
    Help,
    /// Something the build survives.
    Warning,
    /// Something that fails the build.
    Error,
}

impl Severity {
    /// The lowercase name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Help => "help",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A half-open byte range `[start, end)` of the log, in u64 because logs
/// exceed 4 GiB.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LogRange {
    start: u64,
    end: u64,
}

impl LogRange {
    /// The range `[start, end)`.
    ///
    /// # Panics
    ///
    /// In debug builds, when `end < start`.
    pub fn new(start: u64, end: u64) -> LogRange {
        debug_assert!(start <= end, "log range ends before it starts");
        LogRange { start, end }
    }

    /// The first byte of the record.
    pub fn start(self) -> u64 {
        self.start
    }

    /// The byte just past the record.
    pub fn end(self) -> u64 {
        self.end
    }
}

/// One error or warning that a tool printed, with everything attached to it.
///
/// Related spans, notes and suggestions live behind one box: most
/// diagnostics have none, and a log can hold hundreds of thousands of
/// diagnostics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    tool: Tool,
    severity: Severity,
    code: Option<Box<str>>,
    message: Box<str>,
    primary: Option<Span>,
    details: Option<Box<Details>>,
    source_line: Option<Box<str>>,
    log_range: LogRange,
    count: u32,
    truncated: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Details {
    secondary: Vec<Span>,
    notes: Vec<String>,
    suggestions: Vec<Suggestion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    package: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with a message and nothing else yet.
    pub fn new(tool: Tool, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            tool,
            severity,
            code: None,
            message: message.into().into_boxed_str(),
            primary: None,
            details: None,
            source_line: None,
            log_range: LogRange::default(),
            count: 1,
            truncated: false,
        }
    }

    /// Sets the tool's code: `E0425`, `CS0103`, `TS2322`, `-Wunused-variable`,
    /// or a Python exception type.
    pub fn set_code(&mut self, code: impl Into<String>) {
        let code = code.into();
        self.code = (!code.is_empty()).then(|| code.into_boxed_str());
    }

    /// Sets the tool (parsers refine gcc into clang once they see the snippet).
    pub fn set_tool(&mut self, tool: Tool) {
        self.tool = tool;
    }

    /// Sets the span the diagnostic is about.
    pub fn set_primary(&mut self, span: Span) {
        self.primary = Some(span);
    }

    /// The primary span, for parsers that refine its columns.
    pub fn primary_mut(&mut self) -> Option<&mut Span> {
        self.primary.as_mut()
    }

    /// Adds a related location ("previous definition is here").
    pub fn push_secondary(&mut self, span: Span) {
        self.details_mut().secondary.push(span);
    }

    /// Adds a note or help text.
    pub fn push_note(&mut self, note: impl Into<String>) {
        self.details_mut().notes.push(note.into());
    }

    /// Adds a fix the tool itself suggested.
    pub fn push_suggestion(&mut self, suggestion: Suggestion) {
        self.details_mut().suggestions.push(suggestion);
    }

    /// Renames each file it names (in its spans and its suggestions' edits)
    /// that `rename` gives a new name for: a log from another machine names
    /// its files by that machine's paths.
    pub fn rename_paths(&mut self, rename: &mut dyn FnMut(&str) -> Option<String>) {
        for span in self.primary.iter_mut() {
            span.rename(rename);
        }
        if let Some(details) = &mut self.details {
            for span in &mut details.secondary {
                span.rename(rename);
            }
            for suggestion in &mut details.suggestions {
                suggestion.rename(rename);
            }
        }
    }

    /// Records the workspace package whose task printed it: turbo and lerna
    /// put it before each line of a task (`@shop/web:build: `), npm in a
    /// banner above a script's output (`> @shop/web@1.0.0 build`); the
    /// task's tool names files relative to that package's directory.
    pub fn set_package(&mut self, package: impl Into<String>) {
        self.details_mut().package = Some(package.into());
    }

    fn details_mut(&mut self) -> &mut Details {
        self.details.get_or_insert_with(Box::default)
    }

    /// Records the text of the primary line as the log shows it.
    pub fn set_source_line(&mut self, line: impl Into<String>) {
        self.source_line = Some(line.into().into_boxed_str());
    }

    /// Records where in the log the record lies.
    pub fn set_log_range(&mut self, range: LogRange) {
        self.log_range = range;
    }

    /// Marks the record as cut short because it exceeded the size kept of one record.
    pub fn mark_truncated(&mut self) {
        self.truncated = true;
    }

    /// Counts one more identical report of this diagnostic.
    pub fn add_occurrence(&mut self) {
        self.count = self.count.saturating_add(1);
    }

    /// Adds `n` identical reports (for merging counts).
    pub fn add_occurrences(&mut self, n: u32) {
        self.count = self.count.saturating_add(n);
    }

    /// The tool that printed it.
    pub fn tool(&self) -> Tool {
        self.tool
    }

    /// Error or warning (notes and help live inside).
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The tool's code, if it printed one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The one-line message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The main location, if the tool gave one.
    pub fn primary(&self) -> Option<&Span> {
        self.primary.as_ref()
    }

    /// Related locations.
    pub fn secondary(&self) -> &[Span] {
        self.details.as_ref().map_or(&[], |d| &d.secondary)
    }

    /// Notes and help texts, in the order printed.
    pub fn notes(&self) -> &[String] {
        self.details.as_ref().map_or(&[], |d| &d.notes)
    }

    /// The tool's own suggested fixes.
    pub fn suggestions(&self) -> &[Suggestion] {
        self.details.as_ref().map_or(&[], |d| &d.suggestions)
    }

    /// The workspace package whose task printed it, when the log says
    /// (see [`Diagnostic::set_package`]).
    pub fn package(&self) -> Option<&str> {
        self.details.as_ref().and_then(|d| d.package.as_deref())
    }

    /// The source line of the primary span, as printed in the log.
    pub fn source_line(&self) -> Option<&str> {
        self.source_line.as_deref()
    }

    /// Where the record lies in the log.
    pub fn log_range(&self) -> LogRange {
        self.log_range
    }

    /// How many times the log reported this same diagnostic.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Whether the record was cut short.
    pub fn truncated(&self) -> bool {
        self.truncated
    }
}
