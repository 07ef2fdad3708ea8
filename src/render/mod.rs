//! Output formats of `buildfix analyze`.

pub mod json;
pub mod text;

use buildfix_core::Fix;
use buildfix_logparse::Analysis;
use buildfix_sample::Cluster;

/// What a report shows: the analysis, its ranked clusters, the diagnostics
/// shown (all of them, or the clusters' samples) and their pattern hits.
pub struct View<'a> {
    /// The whole analysis.
    pub analysis: &'a Analysis,
    /// The clusters, ranked for fixing.
    pub clusters: &'a [Cluster],
    /// Indices of the diagnostics shown, in log order.
    pub shown: &'a [usize],
    /// For each shown diagnostic, the patterns that match it.
    pub hits: &'a [Vec<PatternHit>],
    /// Whether only the clusters' samples are shown.
    pub clustered: bool,
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
}
