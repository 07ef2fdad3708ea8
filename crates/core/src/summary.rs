//! The counts of a parsed log.

use serde::Serialize;

/// Counts over the whole log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Distinct errors.
    pub errors: u64,
    /// Distinct warnings.
    pub warnings: u64,
    /// Notes and help texts attached to the diagnostics.
    pub notes: u64,
    /// Reports dropped because they repeated a diagnostic already counted.
    pub duplicates: u64,
    /// Size of the log.
    pub bytes: u64,
    /// Lines of the log (a last line without a newline counts).
    pub lines: u64,
}

/// Totals that a tool printed about its own run ("6 previous errors").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportedTotals {
    /// Errors the tool said it found.
    pub errors: u64,
    /// Warnings the tool said it found.
    pub warnings: u64,
}
