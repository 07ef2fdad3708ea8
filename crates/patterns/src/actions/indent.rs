//! `reindent`: a Python line indented to no level its blocks open, given
//! the indentation of the line it belongs with.

use super::span::{Columns, indentation, replace};
use buildfix_core::{ColumnUnit, Edit, Span};

/// The edit that gives the span's line the indentation of the line it
/// belongs with: for `"enclosing"` ("unindent does not match any outer
/// indentation level"), the nearest line above indented less (the `if`
/// of a misaligned `else:`); for `"previous"` ("unexpected indent"), the
/// line before it, when that line opens no block. Blank lines and comments
/// are passed over. `None` when there is no such line, or the line has
/// that indentation already.
pub fn reindent(span: &Span, source: &str, to: &str) -> Option<Edit> {
    let lines: Vec<&str> = source.lines().collect();
    let at = usize::try_from(span.line()).ok()?.checked_sub(1)?;
    let line = *lines.get(at)?;
    let own = indentation(line);
    let mut above = lines[..at]
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let with = match to {
        "enclosing" => above.find(|l| indentation(l).len() < own.len())?,
        "previous" => Some(*above.next()?).filter(|l| !l.trim_end().ends_with(':'))?,
        _ => return None,
    };
    let wanted = indentation(with);
    if wanted == own {
        return None;
    }
    let cols: Columns = (1, own.chars().count() as u32 + 1, ColumnUnit::Chars);
    Some(replace(&Span::point(span.path(), span.line(), 1), cols, wanted))
}

#[cfg(test)]
mod tests {
    use super::reindent;
    use buildfix_core::Span;

    const SOURCE: &str = "\
def describe(shape, size):
    if shape == \"circle\":
        return 1
    elif shape == \"square\":
      return 2
     else:
        return 3

def total(xs):
    s = 0
        s += sum(xs)
    return s
";

    fn indented(line: u32, to: &str) -> Option<String> {
        let e = reindent(&Span::point("calc.py", line, 1), SOURCE, to)?;
        Some(format!(
            "{}:{} {:?}",
            e.start().line,
            e.end().column,
            e.replacement_text()
        ))
    }

    #[test]
    fn a_line_takes_the_indentation_of_the_line_it_belongs_with() {
        // `else:` with five blanks: the `elif`'s four.
        assert_eq!(indented(6, "enclosing"), Some("6:6 \"    \"".into()));
        // An unexpected indent: the line before's.
        assert_eq!(indented(11, "previous"), Some("11:9 \"    \"".into()));
    }

    #[test]
    fn a_line_after_a_block_opens_or_already_aligned_gets_none() {
        assert_eq!(indented(3, "previous"), None);
        assert_eq!(indented(10, "previous"), None);
        assert_eq!(indented(1, "enclosing"), None);
        assert!(reindent(&Span::point("a.py", 2, 1), "x = 1\ny = 2\n", "previous").is_none());
    }
}
