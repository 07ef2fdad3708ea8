//! `add-prototype`: a C function called above its definition, declared
//! before the function that calls it.

use buildfix_core::{ColumnUnit, Edit, Position, Span};

/// The edit that declares `name`, defined at the top level of `source`
/// below the span (`int area(struct point p) {`), on the line before the
/// top-level function the span is in: its definition's header, to its
/// `)`, with a `;`. There the types it names are declared, as they are
/// where it is defined. `None` when the file does not define it below on
/// one line, or the span is in no function.
pub fn add_prototype(span: &Span, source: &str, name: &str) -> Option<(String, Edit)> {
    let lines: Vec<&str> = source.lines().collect();
    let at = usize::try_from(span.line()).ok()?.checked_sub(1)?;
    let definition = lines.get(at + 1..)?.iter().find_map(|l| defines(l, name))?;
    let caller = (0..=at).rev().find(|&i| header(lines[i]).is_some())?;
    // A comment right above the caller stays with it.
    let mut before = caller;
    while before > 0 && is_comment(lines[before - 1]) {
        before -= 1;
    }
    let prototype = format!("{definition};");
    let line = u32::try_from(before + 1).ok()?;
    let edit = Edit::insertion(
        span.path(),
        Position::new(line, 1),
        ColumnUnit::Bytes,
        format!("{prototype}\n\n"),
    );
    Some((prototype, edit))
}

/// The header of the definition of `name` on `line`, up to its `)`: a
/// top-level line (no indentation) with a return type before the name.
fn defines(line: &str, name: &str) -> Option<String> {
    let header = header(line)?;
    let open = header.find('(')?;
    let before = header[..open].trim_end();
    (before.ends_with(name) && before.len() > name.len() && {
        let rest = &before[..before.len() - name.len()];
        rest.ends_with([' ', '*'])
    })
    .then(|| header.to_string())
}

/// `line` up to the `)` of its parameters when it is a function's
/// header: at the top level, a name and a `(` after a type, closed on the
/// line, and a `{` or nothing after it (the `{` on the next line).
fn header(line: &str) -> Option<&str> {
    if !line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') || line.starts_with("typedef ") {
        return None;
    }
    let close = line.rfind(')')?;
    let after = line[close + 1..].trim();
    let open = line.find('(')?;
    let typed = line[..open].trim_end().contains([' ', '*']);
    (typed && open < close && (after.is_empty() || after == "{")).then(|| &line[..=close])
}

fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
}

#[cfg(test)]
mod tests {
    use super::add_prototype;
    use buildfix_core::Span;

    const SOURCE: &str = "\
struct point { int x, y; };

/* The program. */
int main(void) {
    struct point p = {1, 2};
    return area(p) + twice(3);
}

static int area(struct point p)
{
    return p.x * p.y;
}
";

    #[test]
    fn the_header_of_the_definition_goes_above_the_caller_and_its_comment() {
        let (prototype, edit) = add_prototype(&Span::point("a.c", 6, 12), SOURCE, "area").unwrap();
        assert_eq!(prototype, "static int area(struct point p);");
        assert_eq!((edit.start().line, edit.start().column), (3, 1));
        assert_eq!(edit.replacement_text(), "static int area(struct point p);\n\n");
    }

    #[test]
    fn none_for_a_function_the_file_does_not_define_below() {
        assert!(add_prototype(&Span::point("a.c", 6, 22), SOURCE, "twice").is_none());
        assert!(add_prototype(&Span::point("a.c", 6, 22), SOURCE, "main").is_none());
    }
}
