//! `cast-to-void`: a C or C++ parameter the function does not use, said to
//! be unused on purpose by `(void)name;` first in the function's body.

use super::span::{byte_of, indentation};
use buildfix_core::{ColumnUnit, Edit, Position, Span};

/// The edit that puts `(void)name;` on the line after the `{` that opens
/// the body of the function whose parameter list holds the span, indented
/// as the body's first line. `None` when the parameters end in a `;` (a
/// declaration), the `{` has code after it on its line, or the body says
/// it already.
pub fn cast_to_void(span: &Span, source: &str, name: &str) -> Option<Edit> {
    let lines: Vec<&str> = source.lines().collect();
    let at = usize::try_from(span.line()).ok()?.checked_sub(1)?;
    let from = byte_of(lines.get(at)?, span.column()?, span.unit())?;
    let open = body_open(&lines, at, from)?;
    if !lines[open].split_once('{')?.1.trim().is_empty() {
        return None;
    }
    let statement = format!("(void){name};");
    let body = lines.get(open + 1..).unwrap_or_default();
    if body
        .iter()
        .take_while(|l| !l.trim_start().starts_with('}'))
        .any(|l| l.trim() == statement)
    {
        return None;
    }
    let indent = match body.iter().find(|l| !l.trim().is_empty()) {
        Some(first) if !first.trim_start().starts_with('}') => indentation(first).to_string(),
        _ => format!("{}    ", indentation(lines[open])),
    };
    let line = u32::try_from(open + 2).ok()?;
    Some(Edit::insertion(
        span.path(),
        Position::new(line, 1),
        ColumnUnit::Bytes,
        format!("{indent}{statement}\n"),
    ))
}

/// The line of the `{` after the parameter list that byte `from` of line
/// `at` is in: past the `)` that closes the list and what may follow it
/// (`const`, `noexcept`), within a few lines; `None` at a `;` first.
fn body_open(lines: &[&str], at: usize, from: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (n, line) in lines.iter().enumerate().skip(at).take(8) {
        let start = if n == at { from } else { 0 };
        for c in line.get(start..)?.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                '{' if depth < 0 => return Some(n),
                ';' | '{' | '}' => return None,
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::cast_to_void;
    use buildfix_core::Span;

    const SOURCE: &str = "\
static int sum(const int *xs, int n, int flag) {
    int total = 0;
    return total;
}

int main(int argc,
         char **argv)
{
  return 0;
}

void declared(int x);
void empty(int y) {
}
";

    fn inserted(line: u32, column: u32, name: &str) -> Option<(u32, String)> {
        let e = cast_to_void(&Span::point("a.c", line, column), SOURCE, name)?;
        Some((e.start().line, e.replacement_text().to_string()))
    }

    #[test]
    fn the_cast_goes_first_in_the_body_indented_as_its_first_line() {
        assert_eq!(inserted(1, 42, "flag"), Some((2, "    (void)flag;\n".into())));
        assert_eq!(inserted(6, 14, "argc"), Some((9, "  (void)argc;\n".into())));
        assert_eq!(inserted(7, 16, "argv"), Some((9, "  (void)argv;\n".into())));
        assert_eq!(inserted(13, 16, "y"), Some((14, "    (void)y;\n".into())));
    }

    #[test]
    fn a_declaration_or_a_body_that_says_it_already_gets_none() {
        assert_eq!(inserted(12, 19, "x"), None);
        let said = SOURCE.replace("    int total = 0;", "    (void)flag;");
        assert!(cast_to_void(&Span::point("a.c", 1, 42), &said, "flag").is_none());
    }
}
