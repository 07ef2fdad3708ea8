//! `add-derive`: a type of the project that lacks a trait its use needs
//! (`Clone` for `.clone()`, `Debug` for `{:?}`) derives it, and so do the
//! types of its fields that the same file defines, which the derive needs.

use super::Sources;
use super::span::brackets;
use buildfix_core::{ColumnUnit, Edit, Position};
use std::collections::HashSet;

/// The edits that make `ty` derive `derived`, and the names of the types
/// they make derive it (`ty` first). `ty` is looked for in `file`, the
/// files of `related` and the other `.rs` files beside `file`, and must be
/// declared (`struct` or `enum`) in one of them only. None when it derives
/// `derived` already, or is an enum that cannot derive `Default`.
pub fn add_derive(
    file: &str,
    related: &[&str],
    ty: &str,
    derived: &str,
    sources: &dyn Sources,
) -> Option<(Vec<Edit>, Vec<String>)> {
    let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let beside = sources.list_beside(file, ".").unwrap_or_default();
    let beside = beside.iter().filter(|n| n.ends_with(".rs")).map(|n| {
        if dir.is_empty() {
            n.clone()
        } else {
            format!("{dir}/{n}")
        }
    });
    let mut seen = HashSet::new();
    let mut defining = std::iter::once(file.to_string())
        .chain(related.iter().map(|p| p.to_string()))
        .chain(beside)
        .filter(|p| seen.insert(p.clone()))
        .filter_map(|p| Some((sources.read(&p)?, p)))
        .filter(|(text, _)| declaration(&text.lines().collect::<Vec<_>>(), ty).is_some());
    let (text, path) = defining.next()?;
    if defining.next().is_some() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut done = HashSet::new();
    let mut edits = Vec::new();
    let mut names = Vec::new();
    derive_in(&path, &lines, ty, derived, &mut done, &mut edits, &mut names);
    (!edits.is_empty() && names.first().is_some_and(|n| n == ty)).then_some((edits, names))
}

/// Adds to `edits` what makes `ty`, declared in `lines`, derive `derived`,
/// then the same for the types of its fields that `lines` declare.
fn derive_in(
    path: &str,
    lines: &[&str],
    ty: &str,
    derived: &str,
    done: &mut HashSet<String>,
    edits: &mut Vec<Edit>,
    names: &mut Vec<String>,
) {
    if !done.insert(ty.to_string()) {
        return;
    }
    let Some((at, is_enum)) = declaration(lines, ty) else {
        return;
    };
    if is_enum && derived == "Default" {
        return;
    }
    // None when it derives it already.
    let Some(edit) = derive_edit(path, lines, at, derived) else {
        return;
    };
    edits.push(edit);
    names.push(ty.to_string());
    for field_type in field_types(lines, at) {
        derive_in(path, lines, field_type, derived, done, edits, names);
    }
}

/// The line (0-based) of `lines` that declares the struct or enum `ty`,
/// and whether it is an enum.
fn declaration(lines: &[&str], ty: &str) -> Option<(usize, bool)> {
    lines.iter().enumerate().find_map(|(i, line)| {
        let mut words = line
            .trim_start()
            .split(|c: char| c.is_whitespace() || c == '{' || c == '(' || c == '<' || c == ';');
        let mut word = words.next()?;
        if word.starts_with("pub") {
            word = words.next()?;
        }
        let is_enum = match word {
            "struct" => false,
            "enum" => true,
            _ => return None,
        };
        (words.find(|w| !w.is_empty())? == ty).then_some((i, is_enum))
    })
}

/// The edit that adds `derived` to the derive of the declaration on line
/// `at`: into its `#[derive(...)]` (one line, among the attributes above
/// it), else a new `#[derive(...)]` right above it. None when it derives
/// `derived` already.
fn derive_edit(path: &str, lines: &[&str], at: usize, derived: &str) -> Option<Edit> {
    let attributes = (0..at).rev().take_while(|&i| {
        let l = lines[i].trim_start();
        l.starts_with("#[") || l.starts_with("///") || l.starts_with("//")
    });
    for i in attributes {
        let line = lines[i].trim_end();
        let Some(list) = line
            .trim_start()
            .strip_prefix("#[derive(")
            .and_then(|l| l.strip_suffix(")]"))
        else {
            continue;
        };
        if list.split(',').any(|d| d.trim() == derived) {
            return None;
        }
        let close = line[..line.len() - 2].chars().count() as u32 + 1;
        let at = Position::new(i as u32 + 1, close);
        return Some(Edit::insertion(path, at, ColumnUnit::Chars, format!(", {derived}")));
    }
    let declared = lines[at];
    let indent = super::span::indentation(declared);
    let line_start = Position::new(at as u32 + 1, 1);
    Some(Edit::insertion(
        path,
        line_start,
        ColumnUnit::Chars,
        format!("{indent}#[derive({derived})]\n"),
    ))
}

/// The capitalised names in the body of the declaration on line `at` (its
/// fields' types and variants' payloads), but for the standard library's
/// containers, which derive what their contents do.
fn field_types<'a>(lines: &[&'a str], at: usize) -> Vec<&'a str> {
    const STD: &[&str] = &[
        "Vec", "Option", "Box", "String", "HashMap", "BTreeMap", "HashSet", "BTreeSet", "Rc", "Arc", "Self",
    ];
    let mut depth = 0;
    let mut body = Vec::new();
    for line in &lines[at..] {
        body.push(*line);
        let (change, _) = brackets(line, &['{', '('], &['}', ')']);
        depth += change;
        if depth <= 0 && (line.contains('}') || line.trim_end().ends_with(';')) {
            break;
        }
    }
    let mut names = Vec::new();
    // The declaration line holds the type's own name and generics before
    // its body (`struct Wrapper(Inner);` all on it).
    let first = body[0].find(['{', '(']).map_or("", |b| &body[0][b..]);
    for line in std::iter::once(first).chain(body.iter().skip(1).copied()) {
        let code = line.split("//").next().unwrap_or("");
        let words = code.split(|c: char| !(c.is_alphanumeric() || c == '_'));
        for w in words.filter(|w| w.starts_with(char::is_uppercase) && !STD.contains(w)) {
            if !names.contains(&w) {
                names.push(w);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source of `main.rs` after deriving `derived` for `ty`.
    fn derived(source: &str, ty: &str, derived: &str) -> Option<String> {
        let read = |p: &str| (p == "src/main.rs").then(|| source.to_string());
        let (edits, _) = add_derive("src/main.rs", &[], ty, derived, &read)?;
        let mut lines: Vec<String> = source.lines().map(|l| format!("{l}\n")).collect();
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| std::cmp::Reverse((e.start().line, e.start().column)));
        for e in sorted {
            let l = &mut lines[e.start().line as usize - 1];
            let at: usize = l.chars().take(e.start().column as usize - 1).map(char::len_utf8).sum();
            l.insert_str(at, e.replacement_text());
        }
        Some(lines.concat())
    }

    #[test]
    fn a_type_derives_the_trait_with_the_types_of_its_fields() {
        let source = "struct Line {\n    sku: String,\n}\n\n#[derive(Debug)]\npub struct Order {\n    lines: Vec<Line>,\n    note: Option<String>,\n}\n";
        assert_eq!(
            derived(source, "Order", "Clone").unwrap(),
            "#[derive(Clone)]\nstruct Line {\n    sku: String,\n}\n\n#[derive(Debug, Clone)]\npub struct Order {\n    lines: Vec<Line>,\n    note: Option<String>,\n}\n"
        );
        // Deriving it already: nothing to do.
        assert_eq!(derived(source, "Order", "Debug"), None);
        let tuple = "    enum Shape {\n        Dot(Point),\n    }\n    struct Point(i32, i32);\n";
        assert_eq!(
            derived(tuple, "Shape", "PartialEq").unwrap(),
            "    #[derive(PartialEq)]\n    enum Shape {\n        Dot(Point),\n    }\n    #[derive(PartialEq)]\n    struct Point(i32, i32);\n"
        );
        assert_eq!(derived(tuple, "Shape", "Default"), None);
        // A tuple struct's fields on its declaration's line.
        let wrapper = "struct Wrapper(Inner);\nstruct Inner;\n";
        assert_eq!(
            derived(wrapper, "Wrapper", "Debug").unwrap(),
            "#[derive(Debug)]\nstruct Wrapper(Inner);\n#[derive(Debug)]\nstruct Inner;\n"
        );
        assert_eq!(derived(source, "Missing", "Clone"), None);
    }
}
