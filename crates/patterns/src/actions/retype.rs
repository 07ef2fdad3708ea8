//! `retype-declaration`: a Go variable declared with one type and used as
//! another, given the other where it is declared.

use super::span::{Columns, replace};
use buildfix_core::{ColumnUnit, Edit, Span};

/// The edit that makes the type of `name`, declared `var name from` (with
/// or without a value) on a line above the span in the same function,
/// `to`; `None` when no such line stands between the span and the
/// function's `func` line, or it declares several names.
pub fn retype_declaration(span: &Span, source: &str, name: &str, from: &str, to: &str) -> Option<Edit> {
    let above = usize::try_from(span.line()).ok()?.checked_sub(1)?;
    let lines: Vec<&str> = source.lines().take(above).collect();
    let (i, line, (start, end)) = lines
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, l)| !l.starts_with("func "))
        .find_map(|(i, l)| Some((i, l, declared_type(l, name)?)))?;
    if &line[start..end] != from {
        return None;
    }
    let columns: Columns = (start as u32 + 1, end as u32 + 1, ColumnUnit::Bytes);
    let at = Span::point(span.path(), u32::try_from(i + 1).ok()?, 1);
    Some(replace(&at, columns, to))
}

/// The byte range of the type on `line` when it is `var name type`,
/// perhaps followed by `= value`.
fn declared_type(line: &str, name: &str) -> Option<(usize, usize)> {
    let rest = line.trim_start().strip_prefix("var ")?.trim_start();
    let rest = rest.strip_prefix(name)?;
    let ty = rest.strip_prefix(' ')?.trim_start();
    let len = ty
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(ty.len());
    let after = ty[len..].trim();
    if len == 0 || !(after.is_empty() || after.starts_with('=') || after.starts_with("//")) {
        return None;
    }
    let start = line.len() - ty.len();
    Some((start, start + len))
}

#[cfg(test)]
mod tests {
    use super::retype_declaration;
    use buildfix_core::Span;

    const SOURCE: &str = "\
var total int

func sum(xs []int64) int64 {
\tvar s int
\tvar n, m int
\tfor _, x := range xs {
\t\ts += x
\t}
\treturn s
}
";

    fn retyped(line: u32, name: &str) -> Option<String> {
        let edit = retype_declaration(&Span::point("a.go", line, 9), SOURCE, name, "int", "int64")?;
        Some(format!(
            "{}:{} {}",
            edit.start().line,
            edit.start().column,
            edit.replacement_text()
        ))
    }

    #[test]
    fn the_declaration_above_in_the_same_function_gets_the_type() {
        assert_eq!(retyped(7, "s").as_deref(), Some("4:8 int64"));
        assert_eq!(retyped(9, "s").as_deref(), Some("4:8 int64"));
    }

    #[test]
    fn not_above_the_function_nor_a_declaration_of_several_names() {
        assert_eq!(retyped(7, "total"), None);
        assert_eq!(retyped(7, "n"), None);
        assert_eq!(retyped(3, "s"), None);
    }
}
