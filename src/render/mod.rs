//! Output formats of `buildfix analyze`.

pub mod json;
pub mod text;

use buildfix_core::Fix;

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
