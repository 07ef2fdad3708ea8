//! `convert`: the expression a compiler found of the wrong type, written
//! into a conversion to the type wanted (a cast, a parse).

use super::span::{byte_of, replace};
use buildfix_core::{ColumnUnit, Edit, Span};

/// The edit that writes the expression on `line` (the span's) that the
/// span points into in `conversion` for its `{}` (`(int) {}`,
/// `Integer.parseInt({})`): the right side of the last `=` or `return`
/// before the span, up to the `;`, `,` or `)` that ends it. A name, a
/// literal or a chain of calls goes in as it is (`(int) total`); anything
/// else in parentheses (`(int) (d * 2)`), unless the conversion holds it
/// in its own (`String.valueOf(n + 1)`). `None` when the expression does
/// not end on the line.
pub fn convert_expression(span: &Span, line: &str, conversion: &str) -> Option<Edit> {
    let caret = byte_of(line, span.column()?, span.unit())?;
    let start = expression_start(&line[..caret])?;
    let start = start + (line[start..].len() - line[start..].trim_start().len());
    let end = start + expression_len(&line[start..])?;
    if end <= start || caret >= end.max(start + 1) {
        return None;
    }
    let expression = &line[start..end];
    let converted = if is_primary(expression) || conversion.contains("({})") {
        conversion.replace("{}", expression)
    } else {
        conversion.replace("{}", &format!("({expression})"))
    };
    let columns = (start as u32 + 1, end as u32 + 1, ColumnUnit::Bytes);
    Some(replace(span, columns, &converted))
}

/// Where the expression that `before` (the line up to the span) ends in
/// begins: past its last assignment `=` or `return`.
fn expression_start(before: &str) -> Option<usize> {
    let bytes = before.as_bytes();
    let assignment = (0..bytes.len()).rev().find(|&i| {
        let neighbour = |j: Option<usize>| j.and_then(|j| bytes.get(j)).copied().unwrap_or(b' ');
        bytes[i] == b'='
            && !matches!(neighbour(i.checked_sub(1)), b'=' | b'!' | b'<' | b'>')
            && !matches!(neighbour(Some(i + 1)), b'=' | b'>')
    });
    let returned = before.rfind("return ").map(|i| i + "return".len());
    match (assignment.map(|i| i + 1), returned) {
        (Some(a), Some(r)) => Some(a.max(r)),
        (a, r) => a.or(r),
    }
}

/// The length of the expression `rest` starts with: up to the `;`, `,` or
/// unopened `)` that ends it, blanks before it left out; `None` when
/// nothing on the line ends it.
fn expression_len(rest: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') if depth > 0 => depth -= 1,
            (None, ';' | ',' | ')' | ']' | '}') if depth == 0 => return Some(rest[..i].trim_end().len()),
            _ => {}
        }
    }
    None
}

/// Whether `expression` is one operand: a name, a literal or a chain of
/// members and calls, with nothing outside its brackets but words and dots.
fn is_primary(expression: &str) -> bool {
    let mut depth = 0usize;
    expression.chars().all(|c| match c {
        '(' | '[' => {
            depth += 1;
            true
        }
        ')' | ']' => {
            depth = depth.saturating_sub(1);
            true
        }
        _ => depth > 0 || c.is_alphanumeric() || matches!(c, '_' | '.' | '$'),
    })
}

#[cfg(test)]
mod tests {
    use super::convert_expression;
    use buildfix_core::Span;

    /// The line with the conversion `column` (javac's caret) asks for.
    fn convert(line: &str, column: u32, conversion: &str) -> Option<String> {
        let edit = convert_expression(&Span::point("T.java", 3, column), line, conversion)?;
        let (start, end) = (edit.start().column as usize - 1, edit.end().column as usize - 1);
        Some(format!("{}{}{}", &line[..start], edit.replacement_text(), &line[end..]))
    }

    fn cast(line: &str, column: u32) -> Option<String> {
        convert(line, column, "(int) {}")
    }

    #[test]
    fn a_conversion_that_holds_the_expression_in_parentheses_needs_no_more() {
        assert_eq!(
            convert("        String s = n + 1;", 22, "String.valueOf({})").as_deref(),
            Some("        String s = String.valueOf(n + 1);")
        );
        assert_eq!(
            convert("        string t = n * 2;", 20, "{}.ToString()").as_deref(),
            Some("        string t = (n * 2).ToString();")
        );
    }

    #[test]
    fn a_name_or_a_call_is_cast_as_it_is() {
        assert_eq!(cast("    return sum;", 12).as_deref(), Some("    return (int) sum;"));
        assert_eq!(
            cast("    int b = Math.round(2.5);", 22).as_deref(),
            Some("    int b = (int) Math.round(2.5);")
        );
        assert_eq!(
            cast("    int c = this.g().h(d);", 22).as_deref(),
            Some("    int c = (int) this.g().h(d);")
        );
        assert_eq!(cast("    arr[i] = d;", 14).as_deref(), Some("    arr[i] = (int) d;"));
    }

    #[test]
    fn anything_else_is_cast_in_parentheses() {
        assert_eq!(
            cast("    int a = d * 2;", 15).as_deref(),
            Some("    int a = (int) (d * 2);")
        );
        assert_eq!(
            cast("    int a = b == c ? x : y;", 20).as_deref(),
            Some("    int a = (int) (b == c ? x : y);")
        );
        assert_eq!(
            cast("    f(x, n = g(a, \";\"), 2);", 16).as_deref(),
            Some("    f(x, n = (int) g(a, \";\"), 2);")
        );
    }

    #[test]
    fn no_cast_without_an_expression_that_ends_on_the_line() {
        assert_eq!(cast("    foo(d);", 9), None);
        assert_eq!(cast("    int a = d +", 15), None);
    }
}
