//! The actions that edit at the diagnostic's span: `replace-span`,
//! `delete-span`, `delete-line`, `insert-text`.

use buildfix_core::{ColumnUnit, Edit, Position, Span};

/// The `[start, end)` columns of the span on its line, in the span's unit;
/// where the tool gave no end (javac, Python), the columns of `target` found
/// at or after the span's column.
pub fn columns(span: &Span, source_line: Option<&str>, target: Option<&str>) -> Option<(u32, u32, ColumnUnit)> {
    if let Some(target) = target.filter(|t| !t.is_empty()) {
        let line = source_line?;
        let from = span.column().map_or(0, |c| c as usize - 1);
        let skip: String = line.chars().take(from).collect();
        let found = line[skip.len()..]
            .find(target)
            .map(|i| skip.len() + i)
            .or_else(|| line.find(target))?;
        let start = line[..found].chars().count() as u32 + 1;
        return Some((start, start + target.chars().count() as u32, ColumnUnit::Chars));
    }
    let start = span.column()?;
    let end = span
        .end_column()
        .filter(|&e| e > start && span.end_line() == span.line())?;
    Some((start, end, span.unit()))
}

/// Replaces `[start, end)` on the span's line.
pub fn replace(span: &Span, (start, end, unit): (u32, u32, ColumnUnit), text: &str) -> Edit {
    Edit::replacement(
        span.path(),
        Position::new(span.line(), start),
        Position::new(span.line(), end),
        unit,
        text,
    )
}

/// Deletes the span's whole line, newline included.
pub fn delete_line(span: &Span) -> Edit {
    let line = span.line();
    Edit::replacement(
        span.path(),
        Position::new(line, 1),
        Position::new(line + 1, 1),
        ColumnUnit::Chars,
        "",
    )
}

/// Inserts at the end of the last non-blank line before the span's line.
pub fn at_previous_line_end(span: &Span, source: &str, text: &str) -> Option<Edit> {
    let lines: Vec<&str> = source.lines().collect();
    let mut line = span.line().checked_sub(1)? as usize;
    while line > 0 && lines.get(line - 1)?.trim().is_empty() {
        line -= 1;
    }
    let prev = lines.get(line.checked_sub(1)?)?;
    let end = prev.trim_end().chars().count() as u32 + 1;
    Some(Edit::insertion(
        span.path(),
        Position::new(line as u32, end),
        ColumnUnit::Chars,
        text,
    ))
}

/// Inserts at the end of the span's line (`line` is its text), before
/// trailing blanks.
pub fn at_line_end(span: &Span, line: &str, text: &str) -> Edit {
    let end = line.trim_end().chars().count() as u32 + 1;
    Edit::insertion(span.path(), Position::new(span.line(), end), ColumnUnit::Chars, text)
}

/// Deletes the lines from the span's through the one holding the brace that
/// closes the first `{` at or after the span (braces in strings and `//`
/// comments do not count).
pub fn delete_block(span: &Span, source: &str) -> Option<Edit> {
    let first = span.line() as usize;
    let mut depth = 0i32;
    let mut opened = false;
    for (i, line) in source.lines().enumerate().skip(first - 1) {
        let code = line.split("//").next().unwrap_or("");
        let mut in_string = false;
        for c in code.chars() {
            match c {
                '"' => in_string = !in_string,
                '{' if !in_string => {
                    depth += 1;
                    opened = true;
                }
                '}' if !in_string => depth -= 1,
                _ => {}
            }
        }
        if opened && depth <= 0 {
            let end = i as u32 + 2;
            return Some(Edit::replacement(
                span.path(),
                Position::new(first as u32, 1),
                Position::new(end, 1),
                ColumnUnit::Chars,
                "",
            ));
        }
    }
    None
}
