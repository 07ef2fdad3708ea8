//! The actions that edit at the diagnostic's span: `replace-span`,
//! `delete-span`, `delete-list-item`, `delete-line`, `insert-text`.

use buildfix_core::{ColumnUnit, Edit, Position, Span};

/// `[start, end)` columns on a line, and their unit.
pub type Columns = (u32, u32, ColumnUnit);

/// The `[start, end)` columns of the span on its line, in the span's unit;
/// where the tool gave no end (javac, Python), the columns of `target` found
/// where it covers the span's column (gcc points at the `d` of a `%d`) or
/// after it.
pub fn columns(span: &Span, source_line: Option<&str>, target: Option<&str>) -> Option<Columns> {
    if let Some(target) = target.filter(|t| !t.is_empty()) {
        let line = source_line?;
        let back = target.chars().count() - 1;
        let from = span.column().map_or(0, |c| (c as usize - 1).saturating_sub(back));
        let skip: String = line.chars().take(from).collect();
        let found = find_whole(line, skip.len(), target).or_else(|| find_whole(line, 0, target))?;
        let start = line[..found].chars().count() as u32 + 1;
        return Some((start, start + target.chars().count() as u32, ColumnUnit::Chars));
    }
    let start = span.column()?;
    let end = span
        .end_column()
        .filter(|&e| e > start && span.end_line() == span.line())?;
    Some((start, end, span.unit()))
}

/// The byte offset on `line` of its 1-based `column` in `unit`; the line's
/// end for the column just past it.
pub fn byte_of(line: &str, column: u32, unit: ColumnUnit) -> Option<usize> {
    let index = usize::try_from(column).ok()?.checked_sub(1)?;
    match unit {
        ColumnUnit::Bytes => (index <= line.len()).then_some(index),
        ColumnUnit::Chars => line.char_indices().map(|(i, _)| i).chain([line.len()]).nth(index),
    }
}

/// The blanks `line` starts with.
pub fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

/// Whether `name` stands whole somewhere in `line` (see [`find_whole`]).
pub fn stands_whole(line: &str, name: &str) -> bool {
    find_whole(line, 0, name).is_some()
}

/// Where `target` first stands in `line` from byte `from` as a whole: not
/// in a longer name (`value` in `for v in values`).
fn find_whole(line: &str, from: usize, target: &str) -> Option<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let (starts_word, ends_word) = (target.starts_with(word), target.ends_with(word));
    line[from..].match_indices(target).map(|(i, _)| from + i).find(|&at| {
        let joined_before = starts_word && line[..at].chars().next_back().is_some_and(word);
        let joined_after = ends_word && line[at + target.len()..].chars().next().is_some_and(word);
        !joined_before && !joined_after
    })
}

/// The columns (in characters) of each place `target` stands whole in the
/// code of `line`, outside quotes: where a tool names a line but no column
/// (Python), an unknown name is unknown at each of them.
pub fn every_column(line: &str, target: &str) -> Vec<Columns> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find_whole(line, from, target) {
        let before = &line[..at];
        let quoted = before.matches('"').count() % 2 == 1 || before.matches('\'').count() % 2 == 1;
        if !quoted {
            let start = before.chars().count() as u32 + 1;
            found.push((start, start + target.chars().count() as u32, ColumnUnit::Chars));
        }
        from = at + target.len();
    }
    found
}

/// Where `name` stands in the Python function whose `def` line is the
/// span's, when it is one of its parameters: on the `def` line and the
/// lines of its body (more indented, or blank), outside quotes; a
/// parameter respelt (pytest's fixture `clent` for `client`) is respelt
/// wherever the function uses it.
pub fn python_parameter_uses(span: &Span, source: &str, name: &str) -> Option<Vec<(Span, Columns)>> {
    let lines: Vec<&str> = source.lines().collect();
    let first = span.line().checked_sub(1)? as usize;
    let def = lines.get(first)?;
    let params = def.trim_start().strip_prefix("def ")?.split_once('(')?.1;
    if !stands_whole(params.split(')').next()?, name) {
        return None;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    let body = lines[first + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > indent(def))
        .count();
    let uses = (first..=first + body)
        .flat_map(|i| {
            let at = Span::point(span.path(), i as u32 + 1, 1);
            every_column(lines[i], name)
                .into_iter()
                .map(move |cols| (at.clone(), cols))
        })
        .collect();
    Some(uses)
}

/// Replaces `[start, end)` on the span's line.
pub fn replace(span: &Span, (start, end, unit): Columns, text: &str) -> Edit {
    Edit::replacement(
        span.path(),
        Position::new(span.line(), start),
        Position::new(span.line(), end),
        unit,
        text,
    )
}

/// Deletes the item `name` of a list at the span: an item alone on its
/// line of an import spread over lines goes with its line (see
/// [`delete_item_line`]), else see [`delete_list_item`].
pub fn delete_item(span: &Span, source: &str, name: &str) -> Option<Edit> {
    let line = source.lines().nth(span.line().checked_sub(1)? as usize)?;
    let item = line.trim().trim_end_matches(',').trim_end();
    let alone = item.strip_suffix(name).is_some_and(|before| {
        let before = before.trim_end();
        before.is_empty() || before == "type" || before.ends_with(" as")
    });
    if alone {
        delete_item_line(span, source)
    } else {
        delete_list_item(span, line, name)
    }
}

/// Deletes the span's line, an item alone on its line of a list in
/// brackets, when the line that opens the brackets is an import
/// (`import {`, `from m import (`) and the list keeps another item.
fn delete_item_line(span: &Span, source: &str) -> Option<Edit> {
    let lines: Vec<&str> = source.lines().collect();
    let at = span.line() as usize - 1;
    let opener = import_opener(&lines, at)?;
    // Another item: on a line between the brackets, or beside one of them.
    let is_item = |l: &str| l.trim().trim_end_matches(',').chars().any(|c| c.is_alphanumeric());
    let opens_bare = lines[opener].trim_end().ends_with(['{', '(']);
    let close = (at + 1..lines.len()).find(|&i| lines[i].trim_start().starts_with(['}', ')']))?;
    let others = (opener + 1..close).filter(|&i| i != at).any(|i| is_item(lines[i]));
    (others || !opens_bare).then(|| delete_line(span, Some(source)))
}

/// The line (0-based) that opens the brackets line `at` of `lines` is in,
/// when it is an import spread over lines (`import {`, `from m import (`).
fn import_opener(lines: &[&str], at: usize) -> Option<usize> {
    let mut depth = 0;
    let opener = (0..at).rev().find(|&i| {
        depth += brackets(lines[i], &['{', '('], &['}', ')']).0;
        depth > 0
    })?;
    let first = lines[opener].trim_start();
    let import = first.starts_with("import ") || first.starts_with("from ") || first.starts_with("export ");
    import.then_some(opener)
}

/// Whether line `line` (1-based) of `source` is within an import spread
/// over lines.
pub fn in_spread_import(source: &str, line: u32) -> bool {
    let lines: Vec<&str> = source.lines().collect();
    (line as usize)
        .checked_sub(1)
        .and_then(|at| import_opener(&lines, at))
        .is_some()
}

/// Deletes the word `name` at the span's column of `line` as an item of a
/// comma-separated list, with the comma after it and the blanks up to the
/// next item, or else the comma and blanks before it; an alias
/// (`mul as times`, span at `times`) goes with what it renames. `None`
/// when the word there is not `name` or has no comma beside it.
pub fn delete_list_item(span: &Span, line: &str, name: &str) -> Option<Edit> {
    let chars: Vec<char> = line.chars().collect();
    let start = span.column()? as usize - 1;
    let end = start + name.chars().count();
    let word = |c: &char| c.is_alphanumeric() || *c == '_' || *c == '$';
    let here: String = chars.get(start..end)?.iter().collect();
    if here != name
        || chars.get(end).is_some_and(word)
        || start.checked_sub(1).and_then(|i| chars.get(i)).is_some_and(word)
    {
        return None;
    }
    let start = item_start(&chars, start);
    let blank_after = |from: usize| {
        (from..chars.len())
            .find(|&i| !chars[i].is_whitespace())
            .unwrap_or(chars.len())
    };
    let after = blank_after(end);
    let (from, to) = if chars.get(after) == Some(&',') {
        (start, blank_after(after + 1))
    } else {
        let before = (0..start).rev().find(|&i| !chars[i].is_whitespace())?;
        (chars[before] == ',').then_some((before, end))?
    };
    Some(Edit::replacement(
        span.path(),
        Position::new(span.line(), from as u32 + 1),
        Position::new(span.line(), to as u32 + 1),
        ColumnUnit::Chars,
        "",
    ))
}

/// Where the list item whose name is at `at` begins: at the name it
/// renames when it is an alias (`mul` of `mul as times`), at a `type`
/// before it (TypeScript's `import { type User }`).
fn item_start(chars: &[char], at: usize) -> usize {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    // The word that ends at the last non-blank before `i`, and its start.
    let word_before = |i: usize| -> Option<(usize, String)> {
        let end = (0..i).rev().find(|&j| !chars[j].is_whitespace())? + 1;
        let start = (0..end).rev().take_while(|&j| word(chars[j])).last()?;
        Some((start, chars[start..end].iter().collect()))
    };
    let mut start = at;
    if let Some((as_at, w)) = word_before(start)
        && w == "as"
        && let Some((renamed, _)) = word_before(as_at)
    {
        start = renamed;
    }
    match word_before(start) {
        Some((type_at, w)) if w == "type" => type_at,
        _ => start,
    }
}

/// Deletes the span's whole line, newline included, and the lines its
/// statement goes on over while it leaves a bracket open (`xs := []int{`
/// down to its `}`). A line between blank lines takes some of the blanks
/// below it too, so the blank lines left are as many as the longer of the
/// two runs (gofmt's `import "fmt"` between blank lines leaves one, not
/// two).
pub fn delete_line(span: &Span, source: Option<&str>) -> Edit {
    let line = span.line();
    let (last, extra) = source.map_or((line, 0), |text| {
        let lines: Vec<&str> = text.lines().collect();
        let first = (line as usize).saturating_sub(1);
        let last = statement_end(&lines, first);
        let blank = |i: &usize| lines.get(*i).is_some_and(|l| l.trim().is_empty());
        let above = (0..first).rev().take_while(blank).count();
        let below = (last + 1..lines.len()).take_while(blank).count();
        (last as u32 + 1, above.min(below) as u32)
    });
    Edit::replacement(
        span.path(),
        Position::new(line, 1),
        Position::new(last + 1 + extra, 1),
        ColumnUnit::Chars,
        "",
    )
}

/// The last line (0-based) of the statement that starts on line `first`:
/// the first line at which the brackets it opened are closed again; the
/// line itself when it opens none, or when they never close.
fn statement_end(lines: &[&str], first: usize) -> usize {
    let mut depth = 0;
    for (i, line) in lines.iter().enumerate().skip(first).take(MOST_STATEMENT_LINES) {
        depth += brackets(line, &['(', '[', '{'], &[')', ']', '}']).0;
        if depth <= 0 {
            return i;
        }
    }
    first
}

/// The most lines a statement deleted whole may span.
const MOST_STATEMENT_LINES: usize = 200;

/// How many of `open` less how many of `close` stand in the code of `line`
/// (not in a string, not after `//`), and whether one of `open` does.
pub(super) fn brackets(line: &str, open: &[char], close: &[char]) -> (i32, bool) {
    let code = line.split("//").next().unwrap_or("");
    let (mut depth, mut opened, mut in_string) = (0, false, false);
    for c in code.chars() {
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            c if open.contains(&c) => {
                depth += 1;
                opened = true;
            }
            c if close.contains(&c) => depth -= 1,
            _ => {}
        }
    }
    (depth, opened)
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

/// Inserts `text` before the initializer of the variable the span reads
/// (`orders` of `for (const o of orders)`) or reads a member of (`order`
/// of `order.customer`): after the `=` of its nearest `const`, `let` or
/// `var` declaration at or above the span, or at the next line's code when
/// the `=` ends its line; none when the initializer starts with `text`
/// already (a promise used as its value gets its `await` there).
pub fn at_initializer(span: &Span, source: &str, text: &str) -> Option<Edit> {
    let lines: Vec<&str> = source.lines().collect();
    let index = span.line().checked_sub(1)? as usize;
    let line = lines.get(index)?;
    let at = byte_of(line, span.column()?, span.unit())?;
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let (before, after) = line.split_at_checked(at)?;
    let name = match before.strip_suffix("?.").or_else(|| before.strip_suffix('.')) {
        Some(receiver) => &receiver[receiver.trim_end_matches(word).len()..],
        None => &after[..after.find(|c: char| !word(c)).unwrap_or(after.len())],
    };
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let declaration = regex_automata::meta::Regex::new(&format!(
        r"\b(?:const|let|var)\s+{}\s*(?::[^=;]*)?=\s*",
        regex_syntax::escape(name)
    ))
    .ok()?;
    let (found, end) = (0..=index).rev().find_map(|i| {
        let m = declaration.find(lines[i])?;
        (i < index || m.start() < at).then_some((i, m.end()))
    })?;
    let (found, end) = if end == lines[found].len() {
        let next = found + 1;
        let code = lines.get(next)?;
        (next, code.len() - code.trim_start().len())
    } else {
        (found, end)
    };
    if lines[found][end..].starts_with(text.trim_end()) {
        return None;
    }
    let column = lines[found][..end].chars().count() as u32 + 1;
    Some(Edit::insertion(
        span.path(),
        Position::new(found as u32 + 1, column),
        ColumnUnit::Chars,
        text,
    ))
}

/// Deletes the lines from the span's through the one holding the brace that
/// closes the first `{` at or after the span (braces in strings and `//`
/// comments do not count).
pub fn delete_block(span: &Span, source: &str) -> Option<Edit> {
    let first = span.line() as usize;
    let mut depth = 0i32;
    let mut opened = false;
    for (i, line) in source.lines().enumerate().skip(first - 1) {
        let (change, opens) = brackets(line, &['{'], &['}']);
        depth += change;
        opened |= opens;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The line after deleting `name` at `column` as a list item.
    fn without(line: &str, column: u32, name: &str) -> Option<String> {
        let edit = delete_list_item(&Span::point("a.ts", 1, column), line, name)?;
        let chars: Vec<char> = line.chars().collect();
        let (from, to) = (edit.start().column as usize - 1, edit.end().column as usize - 1);
        Some(chars[..from].iter().chain(&chars[to..]).collect())
    }

    #[test]
    fn await_goes_before_the_initializer_of_the_nearest_declaration() {
        let source = "let order = first();\nconst order =\n    fetch(1);\nuse(order?.items);\nconst done = await fetch(2);\nuse(done.items);\n";
        let at = |line, column| {
            at_initializer(&Span::point("a.ts", line, column), source, "await ")
                .map(|e| (e.start().line, e.start().column))
        };
        // `order` of `order?.items`: the nearest declaration, whose `=`
        // ends its line.
        assert_eq!(at(4, 12), Some((3, 5)));
        // `order` of `use(order` itself.
        assert_eq!(at(4, 5), Some((3, 5)));
        assert_eq!(at(1, 5), Some((1, 13)));
        // Awaited already; and a name not declared.
        assert_eq!(at(6, 10), None);
        assert_eq!(at(6, 1), None);
    }

    #[test]
    fn an_alias_goes_with_the_name_it_renames() {
        let line = "import { add as plus, mul as times } from \"./util\";";
        assert_eq!(
            without(line, 30, "times").as_deref(),
            Some("import { add as plus } from \"./util\";")
        );
        assert_eq!(
            without("from m import a as b, c", 20, "b").as_deref(),
            Some("from m import c")
        );
        assert_eq!(
            without("import { type User, Role } from \"./m\";", 15, "User").as_deref(),
            Some("import { Role } from \"./m\";")
        );
        assert_eq!(
            without("import type { User, Role } from \"./m\";", 21, "Role").as_deref(),
            Some("import type { User } from \"./m\";")
        );
    }

    #[test]
    fn an_item_alone_on_its_line_of_an_import_goes_with_the_line() {
        let lines = |source: &str, line: u32, name: &str| {
            let edit = delete_item(&Span::point("a.ts", line, 3), source, name)?;
            let (from, to) = (edit.start().line as usize - 1, edit.end().line as usize - 1);
            let kept: Vec<&str> = source
                .lines()
                .enumerate()
                .filter(|(i, _)| *i < from || *i >= to)
                .map(|(_, l)| l)
                .collect();
            Some(kept.join("\n"))
        };
        let import = "import {\n  add,\n  mul,\n  PI\n} from \"./util\";";
        assert_eq!(
            lines(import, 3, "mul").as_deref(),
            Some("import {\n  add,\n  PI\n} from \"./util\";")
        );
        assert_eq!(
            lines(import, 4, "PI").as_deref(),
            Some("import {\n  add,\n  mul,\n} from \"./util\";")
        );
        let python = "from typing import (\n    List,\n    Dict,\n)";
        assert_eq!(
            lines(python, 2, "List").as_deref(),
            Some("from typing import (\n    Dict,\n)")
        );
        // The only item, and an item of what is not an import, stay.
        assert_eq!(lines("import {\n  mul,\n} from \"./util\";", 2, "mul"), None);
        assert_eq!(lines("const {\n  a,\n  b,\n} = point;", 2, "a"), None);
    }

    #[test]
    fn every_place_a_name_stands_whole_outside_quotes() {
        let columns = |line: &str, name: &str| -> Vec<u32> { every_column(line, name).iter().map(|c| c.0).collect() };
        assert_eq!(columns("def f(a: list[Acount]) -> Acount:", "Acount"), [15, 27]);
        assert_eq!(columns("print(\"Acount\", Acount, Acounts)", "Acount"), [17]);
        assert_eq!(columns("x = 1", "Acount"), Vec::<u32>::new());
    }

    #[test]
    fn a_line_goes_with_the_lines_its_open_brackets_span() {
        let source = "func f() {\n\txs := []int{\n\t\t1, f(\")\"),\n\t}\n\tcfg := 1\n}\n";
        let end = |line| delete_line(&Span::whole_line("a.go", line), Some(source)).end().line;
        // Lines 2 to 4 go; line 5 alone; so does a line that closes more
        // than it opens (the function's last).
        assert_eq!(end(2), 5);
        assert_eq!(end(5), 6);
        assert_eq!(end(6), 7);
    }

    #[test]
    fn a_name_without_a_column_is_found_whole() {
        // Python gives a line, no column: `value` is the name after `len(`,
        // not the start of `values`.
        let line = "    var = sum((v - m) ** 2 for v in values) / len(value)";
        let at = |target: &str| columns(&Span::whole_line("calc.py", 9), Some(line), Some(target));
        assert_eq!(at("value"), Some((51, 56, ColumnUnit::Chars)));
        assert_eq!(at("values"), Some((37, 43, ColumnUnit::Chars)));
        assert_eq!(at("alue"), None);
        // Punctuation bounds nothing: `) /` is found where it stands.
        assert_eq!(at(") /"), Some((43, 46, ColumnUnit::Chars)));
    }

    #[test]
    fn a_list_item_goes_with_one_comma() {
        let line = r#"import { UserRepo, User, Role } from "./users";"#;
        assert_eq!(
            without(line, 20, "User").as_deref(),
            Some(r#"import { UserRepo, Role } from "./users";"#)
        );
        assert_eq!(
            without(line, 26, "Role").as_deref(),
            Some(r#"import { UserRepo, User } from "./users";"#)
        );
        assert_eq!(
            without(line, 10, "UserRepo").as_deref(),
            Some(r#"import { User, Role } from "./users";"#)
        );
        // Not the word there, a part of a longer word, the only item.
        assert_eq!(without(line, 10, "User"), None);
        assert_eq!(without(line, 20, "Use"), None);
        assert_eq!(without(r#"import { User } from "./users";"#, 10, "User"), None);
    }

    /// The text after deleting line `line` of `text`.
    fn deleting(text: &str, line: u32) -> String {
        let edit = delete_line(&Span::point("a.go", line, 1), Some(text));
        let lines: Vec<&str> = text.lines().collect();
        let (from, to) = (edit.start().line as usize - 1, edit.end().line as usize - 1);
        lines[..from]
            .iter()
            .chain(&lines[to.min(lines.len())..])
            .map(|l| format!("{l}\n"))
            .collect()
    }

    #[test]
    fn a_deleted_line_leaves_the_longer_run_of_blanks_around_it() {
        let go = "package store\n\nimport \"fmt\"\n\ntype Item struct{}\n";
        assert_eq!(deleting(go, 3), "package store\n\ntype Item struct{}\n");
        let py = "import os\n\nimport sys\n\n\ndef f():\n    pass\n";
        assert_eq!(deleting(py, 3), "import os\n\n\ndef f():\n    pass\n");
        // Between code lines, or at the end, only the line goes.
        let grouped = "import (\n\t\"fmt\"\n\t\"os\"\n)\n";
        assert_eq!(deleting(grouped, 3), "import (\n\t\"fmt\"\n)\n");
        assert_eq!(deleting("a\n\nb\n", 3), "a\n\n");
    }
}
