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

/// Lines added and removed turning `before` into `after`, as `git diff
/// --stat` counts them.
pub fn line_changes(before: &[u8], after: &[u8]) -> (usize, usize) {
    let (old, new) = (String::from_utf8_lossy(before), String::from_utf8_lossy(after));
    let diff = TextDiff::from_lines(old.as_ref(), new.as_ref());
    let mut counts = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => counts.0 += 1,
            similar::ChangeTag::Delete => counts.1 += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::line_changes;

    #[test]
    fn counts_lines_added_and_removed() {
        assert_eq!(line_changes(b"a\nb\nc\n", b"a\nB\nc\nd\n"), (2, 1));
        assert_eq!(line_changes(b"same\n", b"same\n"), (0, 0));
    }
}
