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

/// Where each line of `before` went in `after`: entry `i` is the 1-based
/// line in `after` of line `i + 1` of `before` when it survived; of the
/// line in the same place of what replaced it (its last, if it is
/// shorter), when it was replaced; of the line that follows, when it was
/// deleted.
pub fn line_map(before: &[u8], after: &[u8]) -> Vec<u32> {
    let (old, new) = (String::from_utf8_lossy(before), String::from_utf8_lossy(after));
    let diff = TextDiff::from_lines(old.as_ref(), new.as_ref());
    let mut map = Vec::new();
    for op in diff.ops() {
        let (_, olds, news) = op.as_tag_tuple();
        let line = |k: usize| {
            let at = if news.is_empty() {
                news.start
            } else {
                news.start + k.min(news.len() - 1)
            };
            u32::try_from(at + 1).unwrap_or(u32::MAX)
        };
        map.extend((0..olds.len()).map(line));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::{line_changes, line_map};

    #[test]
    fn maps_lines_across_insertions_deletions_and_replacements() {
        let before = b"a\nb\nc\nd\n";
        // b replaced by B, two lines inserted at the top, d deleted.
        let after = b"x\ny\na\nB\nc\n";
        assert_eq!(line_map(before, after), [3, 4, 5, 6]);
        assert_eq!(line_map(before, before), [1, 2, 3, 4]);
        // Two lines replaced by two, then by one.
        assert_eq!(line_map(b"a\nb\nc\n", b"a\nB\nC\n"), [1, 2, 3]);
        assert_eq!(line_map(b"a\nb\nc\nd\n", b"a\nBC\nd\n"), [1, 2, 2, 3]);
    }

    #[test]
    fn counts_lines_added_and_removed() {
        assert_eq!(line_changes(b"a\nb\nc\n", b"a\nB\nc\nd\n"), (2, 1));
        assert_eq!(line_changes(b"same\n", b"same\n"), (0, 0));
    }
}
