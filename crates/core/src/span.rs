use serde::{Deserialize, Serialize};

/// What a column number counts.
///
/// Tools disagree: rustc and tsc count characters, clang and go count bytes.
/// Parsers convert to [`ColumnUnit::Chars`] where the log shows the source
/// line; where it does not, the span keeps the tool's unit so that a later
/// stage that reads the file can convert it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnUnit {
    /// Unicode scalar values from the start of the line.
    #[default]
    Chars,
    /// Bytes of UTF-8 from the start of the line.
    Bytes,
}

/// A region of a source file, 1-based and inclusive of its start.
///
/// `end_column` is exclusive (the column just past the region), as rustc,
/// tsc and SARIF count it. A span with no known column has `column == None`;
/// a point span ends where it starts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    path: Box<str>,
    line: u32,
    column: Option<u32>,
    end_line: u32,
    end_column: Option<u32>,
    unit: ColumnUnit,
    label: Option<Box<str>>,
}

impl Span {
    /// A span covering one position (or a whole line when `column` is 0).
    pub fn point(path: impl Into<String>, line: u32, column: u32) -> Span {
        let column = (column > 0).then_some(column);
        Span {
            path: path.into().into_boxed_str(),
            line,
            column,
            end_line: line,
            end_column: column,
            unit: ColumnUnit::Chars,
            label: None,
        }
    }

    /// A span for a whole line, for tools that print no column.
    pub fn whole_line(path: impl Into<String>, line: u32) -> Span {
        Span::point(path, line, 0)
    }

    /// A span from `(line, column)` up to `(end_line, end_column)`.
    pub fn range(path: impl Into<String>, line: u32, column: u32, end_line: u32, end_column: u32) -> Span {
        debug_assert!((line, column) <= (end_line, end_column), "span ends before it starts");
        Span {
            path: path.into().into_boxed_str(),
            line,
            column: Some(column),
            end_line,
            end_column: Some(end_column),
            unit: ColumnUnit::Chars,
            label: None,
        }
    }

    /// The same span with its columns counted in `unit`.
    pub fn in_unit(mut self, unit: ColumnUnit) -> Span {
        self.unit = unit;
        self
    }

    /// The same span with a label (rustc's "expected due to this").
    pub fn with_label(mut self, label: impl Into<String>) -> Span {
        self.label = Some(label.into().into_boxed_str());
        self
    }

    /// Extends the span to end at `(end_line, end_column)`, if that is after its start.
    pub fn set_end(&mut self, end_line: u32, end_column: u32) {
        if (end_line, Some(end_column)) >= (self.line, self.column) {
            self.end_line = end_line;
            self.end_column = Some(end_column);
        }
    }

    /// Replaces the columns by the character columns that a conversion found.
    pub fn set_columns(&mut self, column: u32, end_column: u32, unit: ColumnUnit) {
        self.column = Some(column);
        self.end_column = Some(end_column.max(column));
        self.unit = unit;
    }

    /// The file, as the tool printed it (relative or absolute).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Takes the name `rename` gives the file, if it gives one.
    pub(crate) fn rename(&mut self, rename: &mut dyn FnMut(&str) -> Option<String>) {
        if let Some(path) = rename(&self.path) {
            self.path = path.into_boxed_str();
        }
    }

    /// The 1-based first line.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// The 1-based first column, if the tool gave one.
    pub fn column(&self) -> Option<u32> {
        self.column
    }

    /// The 1-based last line.
    pub fn end_line(&self) -> u32 {
        self.end_line
    }

    /// The exclusive end column, if known.
    pub fn end_column(&self) -> Option<u32> {
        self.end_column
    }

    /// What the columns count.
    pub fn unit(&self) -> ColumnUnit {
        self.unit
    }

    /// The tool's label for this span, if any.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_and_line_spans() {
        let p = Span::point("a.rs", 3, 7);
        assert_eq!(
            (p.line(), p.column(), p.end_line(), p.end_column()),
            (3, Some(7), 3, Some(7))
        );
        let l = Span::whole_line("A.java", 9);
        assert_eq!(l.column(), None);
    }

    #[test]
    fn set_end_ignores_an_end_before_the_start() {
        let mut s = Span::point("a.c", 5, 10);
        s.set_end(5, 4);
        assert_eq!(s.end_column(), Some(10));
        s.set_end(5, 16);
        assert_eq!(s.end_column(), Some(16));
    }
}
