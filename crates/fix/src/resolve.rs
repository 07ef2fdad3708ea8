//! Turning an [`Edit`] as a tool reported it (line and column in the tool's
//! unit, maybe byte offsets, maybe the text it saw) into a byte range of
//! the file as it is now, or refusing it as stale.

use crate::buffer::ByteEdit;
use buildfix_core::{ColumnUnit, Edit, Position};

/// Why an edit does not fit the file as it is now.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Stale {
    /// The position lies past the end of its line or of the file.
    #[error("line {line}, column {column} is not in the file")]
    NoSuchPosition {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
    /// The file holds other text where the tool saw `expected`.
    #[error("the file changed since the log: expected {expected:?} at line {line}, found {found:?}")]
    TextChanged {
        /// 1-based line of the edit.
        line: u32,
        /// What the tool saw there.
        expected: String,
        /// What is there now.
        found: String,
    },
    /// The tool's byte offsets and its line and column disagree with the file.
    #[error("the file changed since the log: line {line} no longer starts where it did")]
    Moved {
        /// 1-based line of the edit.
        line: u32,
    },
}

/// Where the lines of a file start, for line/column lookups.
pub struct LineIndex<'a> {
    text: &'a [u8],
    starts: &'a [usize],
}

/// The offsets where the lines of `text` start.
pub fn line_starts(text: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
    starts
}

impl<'a> LineIndex<'a> {
    /// An index of `text`, whose line starts are `starts` (from [`line_starts`]).
    pub fn new(text: &'a [u8], starts: &'a [usize]) -> LineIndex<'a> {
        LineIndex { text, starts }
    }

    /// The byte offset of a 1-based position; a column one past the end of
    /// the line (before its newline) is allowed, as is the start of the line
    /// after the last.
    pub fn offset(&self, at: Position, unit: ColumnUnit) -> Result<usize, Stale> {
        let missing = Stale::NoSuchPosition {
            line: at.line,
            column: at.column,
        };
        let line = at.line.checked_sub(1).ok_or(missing.clone())? as usize;
        let start = *self.starts.get(line).ok_or(missing.clone())?;
        let end = self.starts.get(line + 1).map_or(self.text.len(), |&next| next - 1);
        let line_text = &self.text[start..end];
        let column = at.column.max(1) as usize - 1;
        let within = match unit {
            ColumnUnit::Bytes => (column <= line_text.len()).then_some(column),
            ColumnUnit::Chars => char_offset(line_text, column),
        };
        within.map(|c| start + c).ok_or(missing)
    }
}

/// The byte offset of the `column`-th character (0-based) of `line`, or
/// of its end when `column` is its length.
fn char_offset(line: &[u8], column: usize) -> Option<usize> {
    let mut at = 0;
    for _ in 0..column {
        if at >= line.len() {
            return None;
        }
        at += utf8_width(line[at]).min(line.len() - at);
    }
    Some(at)
}

fn utf8_width(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

/// Resolves `edit` against the file as `index` holds it.
///
/// Byte offsets, where the tool gave them (rustc), must agree with the line
/// and column; the text the tool saw, where it said, must still be there.
///
/// # Errors
///
/// [`Stale`] when the edit no longer fits the file.
pub fn resolve(edit: &Edit, index: &LineIndex<'_>) -> Result<ByteEdit, Stale> {
    let start = index.offset(edit.start(), edit.unit())?;
    let end = index.offset(edit.end(), edit.unit())?;
    let line = edit.start().line;
    if end < start {
        return Err(Stale::NoSuchPosition {
            line,
            column: edit.end().column,
        });
    }
    if let Some((s, e)) = edit.bytes()
        && (s as usize, e as usize) != (start, end)
    {
        return Err(Stale::Moved { line });
    }
    if let Some(expected) = edit.expected() {
        let found = &index.text[start..end];
        if found != expected.as_bytes() {
            return Err(Stale::TextChanged {
                line,
                expected: expected.to_string(),
                found: String::from_utf8_lossy(found).into_owned(),
            });
        }
    }
    Ok(ByteEdit::new(start..end, edit.replacement_text().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(l: u32, c: u32, el: u32, ec: u32, unit: ColumnUnit, text: &str) -> Edit {
        Edit::replacement("f", Position::new(l, c), Position::new(el, ec), unit, text)
    }

    #[test]
    fn character_and_byte_columns_resolve_to_bytes() {
        let src = "let é = cout;\nnext\n".as_bytes();
        let starts = line_starts(src);
        let index = LineIndex::new(src, &starts);
        // `cout` is at character 9 but byte 10.
        let by_chars = resolve(&edit(1, 9, 1, 13, ColumnUnit::Chars, "count"), &index).unwrap();
        assert_eq!(by_chars.range(), 9..13);
        let by_bytes = resolve(&edit(1, 10, 1, 14, ColumnUnit::Bytes, "count"), &index).unwrap();
        assert_eq!(by_bytes.range(), 9..13);
        // The start of the line after the last exists (for insertions at the end).
        assert_eq!(index.offset(Position::new(3, 1), ColumnUnit::Chars), Ok(src.len()));
    }

    #[test]
    fn stale_edits_are_refused() {
        let starts = line_starts(b"let x = count;\n");
        let index = LineIndex::new(b"let x = count;\n", &starts);
        let e = edit(1, 9, 1, 13, ColumnUnit::Chars, "count").with_expected("cout");
        assert!(matches!(resolve(&e, &index), Err(Stale::TextChanged { .. })));
        let moved = edit(1, 9, 1, 13, ColumnUnit::Chars, "x").with_bytes(20, 24);
        assert_eq!(resolve(&moved, &index), Err(Stale::Moved { line: 1 }));
        let gone = edit(7, 1, 7, 2, ColumnUnit::Chars, "x");
        assert!(matches!(
            resolve(&gone, &index),
            Err(Stale::NoSuchPosition { line: 7, .. })
        ));
        let past_line = edit(1, 40, 1, 41, ColumnUnit::Chars, "x");
        assert!(resolve(&past_line, &index).is_err());
    }
}
