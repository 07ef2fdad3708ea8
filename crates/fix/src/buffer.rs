//! The edit buffer of one file: replacements over the original bytes,
//! applied all or nothing per fix, never overlapping.

use std::ops::Range;

/// One replacement of a byte range of the original file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ByteEdit {
    range: Range<usize>,
    text: Vec<u8>,
}

impl ByteEdit {
    /// Replaces `range` of the original by `text`.
    ///
    /// # Panics
    ///
    /// In debug builds, when the range is reversed.
    pub fn new(range: Range<usize>, text: impl Into<Vec<u8>>) -> ByteEdit {
        debug_assert!(range.start <= range.end, "byte edit ends before it starts");
        ByteEdit {
            range,
            text: text.into(),
        }
    }

    /// The range of the original file it replaces.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// The new bytes.
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    fn is_insertion(&self) -> bool {
        self.range.is_empty()
    }

    /// Whether two edits cannot both apply. Insertions may touch anything
    /// at their point, except the inside of a replaced range; two
    /// replacements may touch but not share a byte.
    fn overlaps(&self, other: &ByteEdit) -> bool {
        let (a, b) = (&self.range, &other.range);
        match (self.is_insertion(), other.is_insertion()) {
            (true, true) => false,
            (true, false) => b.start < a.start && a.start < b.end,
            (false, true) => a.start < b.start && b.start < a.end,
            (false, false) => a.start < b.end && b.start < a.end,
        }
    }
}

/// Why a fix was not applied to a buffer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// An edit overlaps one already applied. `identical` says it is the very
    /// same edit (same range, same text), so a caller can skip exact
    /// duplicates silently.
    #[error("overlaps an edit already applied at bytes {}..{}", existing.start, existing.end)]
    Overlap {
        /// The range of the edit already applied.
        existing: Range<usize>,
        /// Whether the rejected edit is identical to it.
        identical: bool,
    },
    /// An edit reaches past the end of the file.
    #[error("bytes {}..{} lie past the end of the file ({len} bytes)", range.start, range.end)]
    OutOfBounds {
        /// The edit's range.
        range: Range<usize>,
        /// The file's length.
        len: usize,
    },
}

/// Edits over one file's original bytes.
///
/// Each fix goes in through [`EditBuffer::apply`], which takes all of its
/// edits or none. Insertions at one point keep the order they came in, with
/// one exception: whole lines inserted at one line start by different fixes
/// (imports added to a file that had none, each fix with its blank line
/// around) form one block, their lines sorted, the names imported from one
/// module joined in one import, the blank lines around them kept once.
#[derive(Clone, Debug)]
pub struct EditBuffer {
    original: Vec<u8>,
    /// Applied edits, sorted by (start, end, arrival).
    applied: Vec<(ByteEdit, usize)>,
    arrivals: usize,
}

impl EditBuffer {
    /// A buffer over `original`, with no edits.
    pub fn new(original: Vec<u8>) -> EditBuffer {
        EditBuffer {
            original,
            applied: Vec::new(),
            arrivals: 0,
        }
    }

    /// The original bytes.
    pub fn original(&self) -> &[u8] {
        &self.original
    }

    /// Whether exactly this edit was applied already.
    pub fn contains(&self, edit: &ByteEdit) -> bool {
        self.applied.iter().any(|(e, _)| e == edit)
    }

    /// Whether `edit` inserts whole lines that applied insertions insert
    /// already, at another place: two fixes adding one `#include`, each
    /// where it thought right (gcc's fix-it below `<stdio.h>`, a pattern in
    /// sorted order).
    pub fn inserts_already(&self, edit: &ByteEdit) -> bool {
        let at_line_start = edit.range.start == 0 || self.original.get(edit.range.start - 1) == Some(&b'\n');
        if !(edit.is_insertion() && at_line_start && edit.text.ends_with(b"\n")) {
            return false;
        }
        let mut wanted = content_lines(&edit.text).peekable();
        wanted.peek().is_some()
            && wanted.all(|w| {
                self.applied
                    .iter()
                    .any(|(a, _)| a.is_insertion() && content_lines(&a.text).any(|l| l == w))
            })
    }

    /// Whether any edit was applied.
    pub fn is_changed(&self) -> bool {
        !self.applied.is_empty()
    }

    /// Applies every edit of one fix, or none of them.
    ///
    /// An edit identical to one already applied, in this fix or before, is
    /// reported as [`Conflict::Overlap`] with `identical` set, and nothing of
    /// the fix is applied; a fix whose edits are all identical to applied
    /// ones is thus a duplicate the caller may ignore.
    ///
    /// # Errors
    ///
    /// The first conflict found; the buffer is then unchanged.
    pub fn apply(&mut self, edits: &[ByteEdit]) -> Result<(), Conflict> {
        self.check(edits)?;
        for e in edits {
            let key = (e.range.start, e.range.end, self.arrivals);
            let at = self
                .applied
                .partition_point(|(a, n)| (a.range.start, a.range.end, *n) < key);
            self.applied.insert(at, (e.clone(), self.arrivals));
            self.arrivals += 1;
        }
        Ok(())
    }

    /// Whether [`EditBuffer::apply`] would take `edits`, without applying them.
    ///
    /// # Errors
    ///
    /// The conflict `apply` would report.
    pub fn check(&self, edits: &[ByteEdit]) -> Result<(), Conflict> {
        for (i, e) in edits.iter().enumerate() {
            if e.range.end > self.original.len() {
                return Err(Conflict::OutOfBounds {
                    range: e.range(),
                    len: self.original.len(),
                });
            }
            let earlier = edits[..i].iter().chain(self.applied.iter().map(|(a, _)| a));
            for other in earlier {
                let identical = other == e;
                if identical || e.overlaps(other) {
                    return Err(Conflict::Overlap {
                        existing: other.range(),
                        identical,
                    });
                }
            }
        }
        Ok(())
    }

    /// The file with every applied edit.
    pub fn contents(&self) -> Vec<u8> {
        let extra: usize = self.applied.iter().map(|(e, _)| e.text.len()).sum();
        let mut out = Vec::with_capacity(self.original.len() + extra);
        let mut at = 0;
        let mut i = 0;
        while i < self.applied.len() {
            let e = &self.applied[i].0;
            debug_assert!(e.range.start >= at, "applied edits overlap");
            out.extend_from_slice(&self.original[at..e.range.start]);
            let same_point = self.applied[i..]
                .iter()
                .take_while(|(o, _)| o.is_insertion() && o.range == e.range)
                .count();
            let at_line_start = e.range.start == 0 || self.original[e.range.start - 1] == b'\n';
            let texts: Vec<&[u8]> = self.applied[i..i + same_point].iter().map(|(e, _)| e.text()).collect();
            match merge_line_insertions(&texts) {
                Some((block, _)) if at_line_start && same_point > 1 => {
                    out.extend_from_slice(&block);
                    i += same_point;
                }
                _ => {
                    out.extend_from_slice(&e.text);
                    i += 1;
                }
            }
            at = e.range.end;
        }
        out.extend_from_slice(&self.original[at..]);
        out
    }
}

/// The lines of `text` that are not blank, without their blanks.
fn content_lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .filter(|l| !l.is_empty())
}

/// Whole lines inserted at one point by different fixes, merged into one
/// block: the most blank lines any had above, their lines sorted (by what
/// they name: a line's final `;` does not count), de-duplicated, and
/// imports of names from one module joined (see `name_list`), then the most
/// blank lines any had below. Returns the block and, for each insertion,
/// the 0-based line of the block that holds its line; `None` when one of
/// them is not one whole line with blank lines around it.
pub fn merge_line_insertions(texts: &[&[u8]]) -> Option<(Vec<u8>, Vec<usize>)> {
    let (mut above, mut below) = (0, 0);
    let mut lines: Vec<&[u8]> = Vec::new();
    for text in texts {
        let text = text.strip_suffix(b"\n")?;
        let parts: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
        let blank = |l: &&[u8]| l.iter().all(u8::is_ascii_whitespace);
        let content: Vec<usize> = (0..parts.len()).filter(|&k| !blank(&parts[k])).collect();
        let [k] = content[..] else { return None };
        above = above.max(k);
        below = below.max(parts.len() - 1 - k);
        lines.push(parts[k]);
    }
    // Names sort, not punctuation: `using System;` goes before `using System.IO;`.
    fn order<'a>(l: &&'a [u8]) -> (&'a [u8], &'a [u8]) {
        let line = l.trim_ascii();
        (line.strip_suffix(b";").unwrap_or(line), l)
    }
    let mut sorted = lines.clone();
    sorted.sort_unstable_by_key(order);
    sorted.dedup();
    // Imports of one module join: `import { a } from "m";` and `import { b }
    // from "m";` become `import { a, b } from "m";`.
    let mut joined: Vec<Vec<u8>> = Vec::new();
    let mut line_of = Vec::with_capacity(sorted.len());
    for line in &sorted {
        let parts = name_list(line);
        let same_module = parts.and_then(|(head, _, tail)| {
            joined
                .iter()
                .position(|j| name_list(j).is_some_and(|(h, _, t)| h == head && t == tail))
        });
        match (same_module, parts) {
            (Some(k), Some((_, names, tail))) => {
                let mut longer = joined[k][..joined[k].len() - tail.len()].to_vec();
                longer.extend_from_slice(b", ");
                longer.extend_from_slice(names);
                longer.extend_from_slice(tail);
                joined[k] = longer;
                line_of.push(k);
            }
            _ => {
                joined.push(line.to_vec());
                line_of.push(joined.len() - 1);
            }
        }
    }
    let positions = lines
        .iter()
        .map(|l| {
            let at = sorted.binary_search_by_key(&order(l), order);
            above + line_of[at.expect("every line is in the block")]
        })
        .collect();
    let mut block = vec![b'\n'; above];
    for line in joined {
        block.extend_from_slice(&line);
        block.push(b'\n');
    }
    block.extend(std::iter::repeat_n(b'\n', below));
    Some((block, positions))
}

/// An import of names from a module, split into what comes before the
/// names, the names and what comes after: TypeScript's `import { a } from
/// "m";` and Python's `from m import a`; or Rust's `#[derive(A)]`.
fn name_list(line: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let find = |needle: &[u8]| line.windows(needle.len()).position(|w| w == needle);
    let indent = line.len() - line.trim_ascii_start().len();
    if line[indent..].starts_with(b"#[derive(") && line.ends_with(b")]") {
        let names = indent + 9;
        return Some((&line[..names], &line[names..line.len() - 2], b")]"));
    }
    if line.starts_with(b"import { ") {
        let close = find(b" } from ")?;
        return Some((&line[..9], &line[9..close], &line[close..]));
    }
    if line.starts_with(b"from ") && !line.contains(&b'(') {
        let names = find(b" import ")? + 8;
        return Some((&line[..names], &line[names..], &[]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buf(s: &str) -> EditBuffer {
        EditBuffer::new(s.as_bytes().to_vec())
    }

    fn text(b: &EditBuffer) -> String {
        String::from_utf8(b.contents()).unwrap()
    }

    #[test]
    fn whole_lines_inserted_at_one_line_start_form_one_sorted_block() {
        let mut b = buf("package a;\n\nclass A {}\n");
        b.apply(&[ByteEdit::new(12..12, "import java.util.List;\n\n")]).unwrap();
        b.apply(&[ByteEdit::new(12..12, "import java.util.ArrayList;\n\n")])
            .unwrap();
        b.apply(&[ByteEdit::new(12..12, "import java.util.Map;\n\n")]).unwrap();
        assert_eq!(
            text(&b),
            "package a;\n\nimport java.util.ArrayList;\nimport java.util.List;\nimport java.util.Map;\n\nclass A {}\n"
        );
        // By name: a final `;` sorts as nothing.
        let mut usings = buf("class A {}\n");
        for line in ["using System.Text;\n", "using System;\n", "using System.IO;\n"] {
            usings.apply(&[ByteEdit::new(0..0, line)]).unwrap();
        }
        assert_eq!(
            text(&usings),
            "using System;\nusing System.IO;\nusing System.Text;\nclass A {}\n"
        );
        // Names imported from one module join in one import.
        let mut ts = buf("f();\n");
        for line in [
            "import { b } from \"./m\";\n",
            "import { x } from \"./n\";\n",
            "import { a } from \"./m\";\n",
        ] {
            ts.apply(&[ByteEdit::new(0..0, line)]).unwrap();
        }
        assert_eq!(
            text(&ts),
            "import { a, b } from \"./m\";\nimport { x } from \"./n\";\nf();\n"
        );
        let mut py = buf("f()\n");
        for line in ["from m import b\n", "import m\n", "from m import a\n"] {
            py.apply(&[ByteEdit::new(0..0, line)]).unwrap();
        }
        assert_eq!(text(&py), "from m import a, b\nimport m\nf()\n");
        // Two derives of one type join too.
        let mut rust = buf("    struct A;\n");
        for line in ["    #[derive(Debug)]\n", "    #[derive(Clone)]\n"] {
            rust.apply(&[ByteEdit::new(0..0, line)]).unwrap();
        }
        assert_eq!(text(&rust), "    #[derive(Clone, Debug)]\n    struct A;\n");
        // One insertion alone is left as it is.
        let mut one = buf("x\n");
        one.apply(&[ByteEdit::new(0..0, "\nimport b\n\n")]).unwrap();
        assert_eq!(text(&one), "\nimport b\n\nx\n");
        // Text that is not whole lines keeps its order of arrival.
        let mut words = buf("ab");
        words.apply(&[ByteEdit::new(1..1, "z")]).unwrap();
        words.apply(&[ByteEdit::new(1..1, "y")]).unwrap();
        assert_eq!(text(&words), "azyb");
        // Lines inserted mid-line keep their order too.
        let mut mid = buf("ab\n");
        mid.apply(&[ByteEdit::new(1..1, "z\n")]).unwrap();
        mid.apply(&[ByteEdit::new(1..1, "y\n")]).unwrap();
        assert_eq!(text(&mid), "az\ny\nb\n");
    }

    #[test]
    fn replaces_inserts_and_deletes() {
        let mut b = buf("let x = cout;\n");
        b.apply(&[ByteEdit::new(8..12, "count")]).unwrap();
        b.apply(&[ByteEdit::new(0..0, "use a;\n")]).unwrap();
        b.apply(&[ByteEdit::new(12..13, "")]).unwrap();
        assert_eq!(text(&b), "use a;\nlet x = count\n");
    }

    #[test]
    fn insertions_at_one_point_keep_their_order() {
        let mut b = buf("fn f() {}");
        b.apply(&[ByteEdit::new(0..0, "use a;\n")]).unwrap();
        b.apply(&[ByteEdit::new(0..0, "use b;\n")]).unwrap();
        assert_eq!(text(&b), "use a;\nuse b;\nfn f() {}");
    }

    #[test]
    fn a_fix_applies_all_or_nothing() {
        let mut b = buf("abcdef");
        b.apply(&[ByteEdit::new(1..3, "X")]).unwrap();
        let err = b
            .apply(&[ByteEdit::new(4..5, "Y"), ByteEdit::new(2..4, "Z")])
            .unwrap_err();
        assert_eq!(
            err,
            Conflict::Overlap {
                existing: 1..3,
                identical: false
            }
        );
        assert_eq!(text(&b), "aXdef");
    }

    #[test]
    fn a_line_inserted_already_elsewhere_is_known() {
        let mut b = buf("#include <stdio.h>\nint main(void) {}\n");
        b.apply(&[ByteEdit::new(19..19, "#include <stdbool.h>\n")]).unwrap();
        assert!(b.inserts_already(&ByteEdit::new(0..0, "#include <stdbool.h>\n")));
        assert!(!b.inserts_already(&ByteEdit::new(0..0, "#include <stdlib.h>\n")));
        // Not a whole line, or a line the file had: not an insertion's.
        assert!(!b.inserts_already(&ByteEdit::new(1..1, "#include <stdbool.h>\n")));
        assert!(!b.inserts_already(&ByteEdit::new(0..0, "#include <stdio.h>\n")));
    }

    #[test]
    fn identical_duplicates_are_flagged() {
        let mut b = buf("abc");
        b.apply(&[ByteEdit::new(1..2, "B")]).unwrap();
        let err = b.apply(&[ByteEdit::new(1..2, "B")]).unwrap_err();
        assert_eq!(
            err,
            Conflict::Overlap {
                existing: 1..2,
                identical: true
            }
        );
    }

    #[test]
    fn insertions_may_touch_a_replacement_but_not_enter_it() {
        let mut b = buf("abcdef");
        b.apply(&[ByteEdit::new(2..4, "XY")]).unwrap();
        b.apply(&[ByteEdit::new(2..2, "<")]).unwrap();
        b.apply(&[ByteEdit::new(4..4, ">")]).unwrap();
        assert!(b.apply(&[ByteEdit::new(3..3, "!")]).is_err());
        assert_eq!(text(&b), "ab<XY>ef");
    }

    #[test]
    fn edits_past_the_end_are_refused() {
        let mut b = buf("ab");
        assert_eq!(
            b.apply(&[ByteEdit::new(1..5, "")]),
            Err(Conflict::OutOfBounds { range: 1..5, len: 2 })
        );
    }
}
