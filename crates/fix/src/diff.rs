//! Unified diffs of planned changes, in the form `git apply` takes.

use similar::TextDiff;

/// The unified diff turning `before` into `after` for `path` (relative to
/// the root), with `a/` and `b/` prefixes and three lines of context.
pub fn unified(path: &str, before: &[u8], after: &[u8]) -> String {
    let (old, new) = (String::from_utf8_lossy(before), String::from_utf8_lossy(after));
    let diff = TextDiff::from_lines(old.as_ref(), new.as_ref());
    let body = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if body.is_empty() {
        body
    } else {
        format!("diff --git a/{path} b/{path}\n{body}")
    }
}
