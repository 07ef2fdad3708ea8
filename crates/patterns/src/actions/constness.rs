//! `mark-const`: a C++ member function called on a `const` object, made
//! `const` where it is declared and defined.

use super::Sources;
use buildfix_core::{ColumnUnit, Edit, Position, Span};
use std::path::Path;

/// The edits that put ` const` after the parameter list of the member
/// function `method` (`Stock::total`): where one of `related` (the
/// compiler's note of where it is declared) names it, and where that file,
/// or the source file beside it of the same name (`stock.cpp` beside
/// `stock.h`), defines it out of its class (`int Stock::total() {`).
/// `None` when no related line declares it, or it is `const` already.
pub fn mark_const(related: &[Span], method: &str, sources: &dyn Sources) -> Option<Vec<Edit>> {
    let (class, name) = method.rsplit_once("::")?;
    let (span, text, column) = related.iter().find_map(|s| {
        let text = sources.read(s.path())?;
        let line = text.lines().nth(usize::try_from(s.line()).ok()?.checked_sub(1)?)?;
        let column = after_parameters(line, name)?;
        Some((s, text, column))
    })?;
    let mut edits = vec![insert_const(span.path(), span.line(), column)];
    let qualified = format!("{class}::{name}");
    // The declaring file, read already, and the sources beside it.
    let beside = ["cpp", "cc", "cxx"]
        .iter()
        .map(|ext| {
            Path::new(span.path())
                .with_extension(ext)
                .to_string_lossy()
                .into_owned()
        })
        .filter(|path| path != span.path())
        .filter_map(|path| Some((sources.read(&path)?, path)));
    for (source, path) in std::iter::once((text, span.path().to_string())).chain(beside) {
        for (i, line) in source.lines().enumerate() {
            if let Some(column) = after_parameters(line, &qualified) {
                edits.push(insert_const(&path, u32::try_from(i + 1).ok()?, column));
            }
        }
    }
    Some(edits)
}

/// The byte column (1-based) just past the `)` closing the parameters of
/// `name` declared on `line` (`int total() {`), when they close on the
/// line and no `const` follows.
fn after_parameters(line: &str, name: &str) -> Option<usize> {
    let at = line.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before = line[..i].chars().next_back();
        let after = line[i + name.len()..].trim_start();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '.' || c == '>')
            && after.starts_with('(')
    })?;
    let open = at + name.len() + line[at + name.len()..].find('(')?;
    let mut depth = 0usize;
    let close = line[open..].char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(open + i)
    })?;
    let rest = line[close + 1..].trim_start();
    (!rest.starts_with("const")).then_some(close + 2)
}

fn insert_const(path: &str, line: u32, column: usize) -> Edit {
    let column = u32::try_from(column).unwrap_or(u32::MAX);
    Edit::insertion(path, Position::new(line, column), ColumnUnit::Bytes, " const")
}

#[cfg(test)]
mod tests {
    use super::mark_const;
    use buildfix_core::Span;

    fn marked(files: &[(&str, &str)], related: Span) -> Vec<String> {
        let read = |path: &str| files.iter().find(|(p, _)| *p == path).map(|(_, t)| t.to_string());
        let edits = mark_const(&[related], "Stock::total", &read).unwrap_or_default();
        edits
            .iter()
            .map(|e| format!("{}:{}:{}", e.path(), e.start().line, e.start().column))
            .collect()
    }

    #[test]
    fn an_inline_member_is_marked_where_it_is_declared() {
        let source = "struct Stock {\n    int total() { return n; }\n    int n;\n};\n";
        assert_eq!(marked(&[("a.cpp", source)], Span::point("a.cpp", 2, 9)), ["a.cpp:2:16"]);
    }

    #[test]
    fn a_member_defined_out_of_its_class_is_marked_there_too() {
        let header = "class Stock {\npublic:\n    int total(int from);\n};\n";
        let source = "#include \"stock.h\"\nint Stock::total(int from) {\n    return from;\n}\n";
        assert_eq!(
            marked(
                &[("src/stock.h", header), ("src/stock.cpp", source)],
                Span::point("src/stock.h", 3, 9)
            ),
            ["src/stock.h:3:24", "src/stock.cpp:2:27"]
        );
    }

    #[test]
    fn none_when_it_is_const_already_or_not_declared_there() {
        let source = "struct Stock {\n    int total() const { return 1; }\n};\n";
        assert!(marked(&[("a.cpp", source)], Span::point("a.cpp", 2, 9)).is_empty());
        assert!(marked(&[("a.cpp", source)], Span::point("a.cpp", 1, 1)).is_empty());
    }
}
