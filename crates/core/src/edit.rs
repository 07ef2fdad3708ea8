use crate::ColumnUnit;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How safe a fix is to apply without a person looking, ordered from least
/// to most safe so that "may I apply this" is one comparison:
/// `fix.applicability() >= policy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Applicability {
    /// The replacement contains placeholders a person must fill in.
    HasPlaceholders,
    /// The tool did not say.
    Unspecified,
    /// Probably right, but it may change behaviour or not compile.
    MaybeIncorrect,
    /// Certainly right; safe to apply mechanically.
    MachineApplicable,
}

impl Applicability {
    /// Reads rustc's spelling (`"MachineApplicable"`, ...); unknown values
    /// are [`Applicability::Unspecified`].
    pub fn from_rustc(name: &str) -> Applicability {
        match name {
            "MachineApplicable" => Applicability::MachineApplicable,
            "MaybeIncorrect" => Applicability::MaybeIncorrect,
            "HasPlaceholders" => Applicability::HasPlaceholders,
            _ => Applicability::Unspecified,
        }
    }

    /// rustc's spelling, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Applicability::HasPlaceholders => "HasPlaceholders",
            Applicability::Unspecified => "Unspecified",
            Applicability::MaybeIncorrect => "MaybeIncorrect",
            Applicability::MachineApplicable => "MachineApplicable",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in the unit of the edit that holds it.
    pub column: u32,
}

impl Position {
    /// The position `line:column`.
    pub fn new(line: u32, column: u32) -> Position {
        Position { line, column }
    }
}

/// One text change: replace `[start, end)` of a file by `replacement`.
///
/// An insertion has `start == end`; a deletion has an empty replacement.
/// Where the tool reported them, the byte offsets of the range and the text
/// it expected there are kept, so the fix engine can refuse to apply an edit
/// to a file that changed since the log was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    path: String,
    start: Position,
    end: Position,
    unit: ColumnUnit,
    bytes: Option<(u64, u64)>,
    expected: Option<String>,
    replacement: String,
}

impl Edit {
    /// Replaces `[start, end)` of `path` by `replacement`.
    pub fn replacement(
        path: impl Into<String>,
        start: Position,
        end: Position,
        unit: ColumnUnit,
        replacement: impl Into<String>,
    ) -> Edit {
        debug_assert!(start <= end, "edit ends before it starts");
        Edit {
            path: path.into(),
            start,
            end,
            unit,
            bytes: None,
            expected: None,
            replacement: replacement.into(),
        }
    }

    /// Inserts `text` at `at`.
    pub fn insertion(path: impl Into<String>, at: Position, unit: ColumnUnit, text: impl Into<String>) -> Edit {
        Edit::replacement(path, at, at, unit, text)
    }

    /// The same edit, also located by byte offsets into the file.
    pub fn with_bytes(mut self, start: u64, end: u64) -> Edit {
        debug_assert!(start <= end, "edit byte range ends before it starts");
        self.bytes = Some((start, end));
        self
    }

    /// The same edit, with the text the tool saw in the range.
    pub fn with_expected(mut self, text: impl Into<String>) -> Edit {
        self.expected = Some(text.into());
        self
    }

    /// The file to change, as the tool printed it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Takes the name `rename` gives the file, if it gives one.
    pub(crate) fn rename(&mut self, rename: &mut dyn FnMut(&str) -> Option<String>) {
        if let Some(path) = rename(&self.path) {
            self.path = path;
        }
    }

    /// The first position replaced.
    pub fn start(&self) -> Position {
        self.start
    }

    /// The position just past the range replaced.
    pub fn end(&self) -> Position {
        self.end
    }

    /// What the columns count.
    pub fn unit(&self) -> ColumnUnit {
        self.unit
    }

    /// Byte offsets of the range in the file, where the tool gave them.
    pub fn bytes(&self) -> Option<(u64, u64)> {
        self.bytes
    }

    /// The text the tool saw in the range, where it said.
    pub fn expected(&self) -> Option<&str> {
        self.expected.as_deref()
    }

    /// The new text.
    pub fn replacement_text(&self) -> &str {
        &self.replacement
    }
}

/// A fix that a tool proposed for a diagnostic: its edits apply together or
/// not at all.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suggestion {
    message: String,
    applicability: Applicability,
    edits: Vec<Edit>,
}

impl Suggestion {
    /// A suggestion with its help message, safety and edits.
    pub fn new(message: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> Suggestion {
        Suggestion {
            message: message.into(),
            applicability,
            edits,
        }
    }

    /// The tool's help text ("consider importing this struct").
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How safe the tool says it is.
    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// The edits, all or nothing.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The message; for a suggestion of one edit, with the text it writes,
    /// as rustc shows it ("replace it with: `sum += xs[i]`").
    pub fn summary(&self) -> String {
        summary(&self.message, &self.edits)
    }

    /// Renames the files of its edits as `rename` says.
    pub(crate) fn rename(&mut self, rename: &mut dyn FnMut(&str) -> Option<String>) {
        for edit in &mut self.edits {
            edit.rename(rename);
        }
    }
}

/// What `edits` write, each on one line (blanks folded, cut at 80
/// characters), quoted, to show a fix at a glance:
/// `` `, &Shape::Line(_, _) => todo!()` ``; `None` when they only delete.
pub fn written(edits: &[Edit]) -> Option<String> {
    const SHOWN: usize = 80;
    let texts: Vec<String> = edits
        .iter()
        .map(|e| e.replacement.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .map(|t| match t.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{}…", &t[..cut]),
            None => t,
        })
        .collect();
    (!texts.is_empty()).then(|| format!("`{}`", texts.join("` … `")))
}

/// The name of a pattern in the pattern library (`csharp.missing-using`).
///
/// A newtype, so the fix engine and the learning store can name patterns
/// without depending on the pattern crate.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PatternId(String);

impl PatternId {
    /// The id `name`.
    pub fn new(name: impl Into<String>) -> PatternId {
        PatternId(name.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PatternId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a fix came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FixOrigin {
    /// The tool's own suggestion.
    Compiler,
    /// A pattern of the library.
    Pattern(PatternId),
}

/// The edits that together fix one diagnostic, applied all or nothing.
///
/// Alternatives (two different fixes for one diagnostic) are distinct
/// `Fix`es, never merged into one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    message: String,
    origin: FixOrigin,
    applicability: Applicability,
    edits: Vec<Edit>,
}

impl Fix {
    /// The fix a tool suggested.
    pub fn from_suggestion(suggestion: &Suggestion) -> Fix {
        Fix {
            message: suggestion.message.clone(),
            origin: FixOrigin::Compiler,
            applicability: suggestion.applicability,
            edits: suggestion.edits.clone(),
        }
    }

    /// A fix proposed by a pattern of the library.
    pub fn from_pattern(
        id: PatternId,
        message: impl Into<String>,
        applicability: Applicability,
        edits: Vec<Edit>,
    ) -> Fix {
        Fix {
            message: message.into(),
            origin: FixOrigin::Pattern(id),
            applicability,
            edits,
        }
    }

    /// What the fix does, in a few words.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Compiler or pattern.
    pub fn origin(&self) -> &FixOrigin {
        &self.origin
    }

    /// How safe it is.
    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// The edits, all or nothing.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The message; for a tool's fix of one edit, with the text it writes
    /// ("replace it with: `sum += xs[i]`"): a pattern's message says it.
    pub fn summary(&self) -> String {
        match self.origin {
            FixOrigin::Compiler => summary(&self.message, &self.edits),
            FixOrigin::Pattern(_) => self.message.clone(),
        }
    }
}

/// A tool's `message`, and what its one edit writes (see [`written`]),
/// unless the message quotes that already.
fn summary(message: &str, edits: &[Edit]) -> String {
    match written(edits) {
        Some(text) if edits.len() == 1 && !message.contains(&text) => format!("{message}: {text}"),
        _ => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicability_orders_least_to_most_safe() {
        use Applicability::*;
        let mut all = [MachineApplicable, HasPlaceholders, MaybeIncorrect, Unspecified];
        all.sort();
        assert_eq!(all, [HasPlaceholders, Unspecified, MaybeIncorrect, MachineApplicable]);
        assert_eq!(Applicability::from_rustc("MaybeIncorrect"), MaybeIncorrect);
        assert_eq!(Applicability::from_rustc("bogus"), Unspecified);
    }

    #[test]
    fn fix_keeps_the_suggestion_edits() {
        let edit = Edit::insertion("src/main.rs", Position::new(1, 1), ColumnUnit::Chars, "use std::fmt;\n");
        let s = Suggestion::new("consider importing", Applicability::MaybeIncorrect, vec![edit.clone()]);
        let fix = Fix::from_suggestion(&s);
        assert_eq!(fix.edits(), &[edit]);
        assert_eq!(fix.origin(), &FixOrigin::Compiler);
        assert_eq!(fix.applicability(), Applicability::MaybeIncorrect);
    }

    #[test]
    fn what_edits_write_shows_on_one_short_line() {
        let at = |text: &str| Edit::insertion("a.rs", Position::new(1, 1), ColumnUnit::Chars, text);
        let arm = at(",\n        &Shape::Line(_, _) => todo!()");
        assert_eq!(written(&[arm]).as_deref(), Some("`, &Shape::Line(_, _) => todo!()`"));
        assert_eq!(written(&[at("a"), at(""), at("b")]).as_deref(), Some("`a` … `b`"));
        assert_eq!(written(&[at("")]), None);
        let long = written(&[at(&"é".repeat(100))]).unwrap();
        assert_eq!(long, format!("`{}…`", "é".repeat(80)));
    }

    #[test]
    fn a_summary_shows_what_a_fix_writes_unless_its_message_does() {
        let at = |text: &str| Edit::insertion("a.rs", Position::new(1, 1), ColumnUnit::Chars, text);
        let fix = |message: &str, edits| {
            Fix::from_suggestion(&Suggestion::new(message, Applicability::MachineApplicable, edits))
        };
        assert_eq!(
            fix("replace it with", vec![at("sum += xs[i]")]).summary(),
            "replace it with: `sum += xs[i]`"
        );
        assert_eq!(fix("remove `return`", vec![at("")]).summary(), "remove `return`");
        assert_eq!(fix("insert `;`", vec![at(";")]).summary(), "insert `;`");
        let import = "consider importing this struct: `use std::collections::HashMap;`";
        assert_eq!(
            fix(import, vec![at("use std::collections::HashMap;\n")]).summary(),
            import
        );
        assert_eq!(fix("use both", vec![at("a"), at("b")]).summary(), "use both");
        let pattern = Fix::from_pattern(
            PatternId::new("p"),
            "add it",
            Applicability::MachineApplicable,
            vec![at("x")],
        );
        assert_eq!(pattern.summary(), "add it");
    }
}
