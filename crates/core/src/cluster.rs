//! A group of diagnostics of one kind, as the sampler finds it.

use crate::{Fingerprint, Severity, Tool};

/// A group of diagnostics of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// The hash of tool, code and template.
    pub fingerprint: Fingerprint,
    /// The tool.
    pub tool: Tool,
    /// The code, if the tool gave one.
    pub code: Option<String>,
    /// The message template (`<*>` where merged templates differed).
    pub template: String,
    /// The most severe severity among its diagnostics.
    pub severity: Severity,
    /// How many diagnostics it holds.
    pub count: u64,
    /// How many distinct files they are in.
    pub files: u64,
    /// Indices of its sampled diagnostics, in log order; the first
    /// occurrence is always one.
    pub samples: Vec<usize>,
    /// Index of its first diagnostic.
    pub first: usize,
    /// Whether the tool suggested a fix for any of its diagnostics (one to
    /// apply: a suggestion with placeholders is guidance, not a fix).
    pub has_suggestion: bool,
    /// Why it is ranked where it is, in a few words each.
    pub reasons: Vec<String>,
}
