//! `rename-member`: a class that misspells a member its interface or
//! abstract base requires (`aera` for `area`) gets the name right.

use super::nearest;
use super::span::brackets;
use buildfix_core::{ColumnUnit, Edit, Position, Span};
use std::collections::HashSet;

/// Words that come before a member's name without being one.
const MODIFIERS: &[&str] = &[
    "public",
    "private",
    "protected",
    "internal",
    "static",
    "readonly",
    "async",
    "override",
    "abstract",
    "virtual",
    "final",
    "sealed",
    "get",
    "set",
    "new",
    "extern",
    "unsafe",
    "synchronized",
    "declare",
];

/// Renames the member of the class declared at `span` whose name is
/// nearest `wanted`: the class's body runs from the first `{` at or after
/// the span's line to the brace closing it, and its members are the names
/// the lines directly in it declare (see [`declared_name`]). None when the
/// class declares `wanted` already (its signature is what differs) or no
/// member is near it. A `modifier` the member's declaration lacks
/// (C#'s `override` of an abstract member) goes in after its access
/// modifier. The member's name comes with the edits.
pub fn rename_member<'a>(
    span: &Span,
    source: &'a str,
    wanted: &str,
    modifier: Option<&str>,
) -> Option<(&'a str, Vec<Edit>)> {
    let members = members(source, span.line() as usize)?;
    if members.iter().any(|m| m.name == wanted) {
        return None;
    }
    let names: HashSet<&str> = members.iter().map(|m| m.name).collect();
    let misspelt = nearest::nearest(wanted, names)?;
    let m = members.iter().find(|m| m.name == misspelt)?;
    let at = |column: usize| Position::new(m.line, column as u32);
    let name_at = m.text[..m.at].chars().count() + 1;
    let end = name_at + m.name.chars().count();
    let mut edits = vec![Edit::replacement(
        span.path(),
        at(name_at),
        at(end),
        ColumnUnit::Chars,
        wanted,
    )];
    let head = &m.text[..m.at];
    if let Some(modifier) = modifier.filter(|w| !head.split_whitespace().any(|h| h == *w)) {
        let indent = head.len() - head.trim_start().len();
        let access = head.split_whitespace().next().filter(|w| ACCESS.contains(w));
        let column = indent + access.map_or(0, |w| w.len() + 1) + 1;
        edits.insert(
            0,
            Edit::insertion(span.path(), at(column), ColumnUnit::Chars, format!("{modifier} ")),
        );
    }
    Some((m.name, edits))
}

/// The methods every Java class inherits from `Object`.
pub const OBJECT_METHODS: &str = "toString equals hashCode clone finalize";

/// `rename-override`: the method declared on the span's line or the first
/// below it that declares one (javac reports `@Override` on its own line)
/// respelt as the nearest of the names in `inherited` (the methods it may
/// override: `Object`'s and its supertypes'), with its old name. None when
/// the method's name is one of them already (its parameters differ).
pub fn rename_override<'a>(span: &Span, source: &str, inherited: &'a str) -> Option<(String, &'a str, Edit)> {
    let (index, line) = source
        .lines()
        .enumerate()
        .skip(span.line().checked_sub(1)? as usize)
        .take(5)
        .find(|(_, l)| l.contains('('))?;
    // Past the annotations before it (`@Override public String tostring()`).
    let mut code = line.trim_start();
    while let Some(annotated) = code.strip_prefix('@') {
        code = annotated
            .trim_start_matches(|c: char| c.is_alphanumeric() || c == '.')
            .trim_start();
    }
    let offset = line.len() - code.len();
    let (at, name) = declared_name(code).filter(|(_, n)| !n.is_empty())?;
    let names = nearest::words(inherited).collect::<HashSet<_>>();
    if names.contains(name) {
        return None;
    }
    let best = nearest::nearest(name, names)?;
    let start = line[..offset + at].chars().count() as u32 + 1;
    let position = |column: u32| Position::new(index as u32 + 1, column);
    let end = start + name.chars().count() as u32;
    let edit = Edit::replacement(span.path(), position(start), position(end), ColumnUnit::Chars, best);
    Some((name.to_string(), best, edit))
}

/// The types a Java class declared above line `line` (1-based) of `source`
/// extends and implements (`Shape`, `Comparable` of `class Circle extends
/// Shape implements Comparable<Circle> {`).
pub fn supertypes(source: &str, line: u32) -> Vec<String> {
    let above: Vec<&str> = source.lines().take(line as usize).collect();
    let Some(start) = above.iter().rposition(|l| {
        l.split_whitespace()
            .any(|w| matches!(w, "class" | "interface" | "enum" | "record"))
    }) else {
        return Vec::new();
    };
    let declaration = above[start..].join(" ");
    let head = declaration.split('{').next().unwrap_or_default();
    let mut names = Vec::new();
    for part in ["extends", "implements"] {
        if let Some((_, rest)) = head.split_once(&format!(" {part} ")) {
            let rest = rest.split(" implements ").next().unwrap_or_default();
            let types = rest.split(',').map(|t| t.split('<').next().unwrap_or_default().trim());
            let simple = |t: &str| t.rsplit('.').next().unwrap_or(t).to_string();
            names.extend(types.filter(|t| !t.is_empty()).map(simple));
        }
    }
    names
}

/// The access modifiers, which come first in a C# or Java declaration.
const ACCESS: &[&str] = &["public", "protected", "internal", "private"];

/// A member declared in a class body: its name, its line (1-based and
/// its text) and the name's byte offset in it.
struct Member<'a> {
    name: &'a str,
    line: u32,
    text: &'a str,
    at: usize,
}

/// The members declared directly in the body of the class whose
/// declaration is on line `first` (1-based).
fn members(source: &str, first: usize) -> Option<Vec<Member<'_>>> {
    let mut depth = 0;
    let mut opened = false;
    let mut found = Vec::new();
    for (i, line) in source.lines().enumerate().skip(first.checked_sub(1)?) {
        if opened
            && depth == 1
            && let Some((at, name)) = declared_name(line)
        {
            found.push(Member {
                name,
                line: i as u32 + 1,
                text: line,
                at,
            });
        }
        let (change, opens) = brackets(line, &['{'], &['}']);
        depth += change;
        opened |= opens;
        if opened && depth <= 0 {
            return Some(found);
        }
    }
    None
}

/// The name a line of a class body declares, and its byte offset: the
/// last word before the first `(`, `=`, `:`, `;`, `?` or `{` (or the
/// line's end: a C# property whose `{` is on the next line), when only
/// modifiers and a type come before it (`public double aera() {`,
/// `aera(): number {`, `name = "x";`, `string Name { get; }`,
/// `public List<String> items = new ArrayList<>();`).
fn declared_name(line: &str) -> Option<(usize, &str)> {
    let code = line.split("//").next().unwrap_or("");
    let stop = code.find(['(', '=', ':', ';', '?', '{']).unwrap_or(code.len());
    let head = code[..stop].trim_end();
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    if !head
        .chars()
        .all(|c| is_name(c) || matches!(c, ' ' | '\t' | '<' | '>' | '[' | ']' | ',' | '.'))
    {
        return None;
    }
    let start = head.rfind(|c: char| !is_name(c)).map_or(0, |i| i + 1);
    let name = &head[start..];
    let first = name.chars().next()?;
    (!first.is_numeric() && !MODIFIERS.contains(&name)).then_some((start, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_is_respelt_as_an_inherited_method_below_its_annotation() {
        let source = "class Circle extends geo.Shape\n        implements Comparable<Circle>, Cloneable {\n    @Override\n    @Deprecated public int hashcode() {\n    @Override public boolean equals(Circle o) {\n";
        assert_eq!(supertypes(source, 3), ["Shape", "Comparable", "Cloneable"]);
        let at = |line| {
            rename_override(&Span::point("C.java", line, 5), source, OBJECT_METHODS)
                .map(|(old, new, e)| (old, new, e.start().line, e.start().column))
        };
        assert_eq!(at(3), Some(("hashcode".to_string(), "hashCode", 4, 28)));
        // Its name is right: its parameters are what differ.
        assert_eq!(at(5), None);
    }

    /// The source after renaming the member of the class on line `line`
    /// nearest `wanted`.
    fn renamed(source: &str, line: u32, wanted: &str) -> Option<String> {
        renamed_with(source, line, wanted, None)
    }

    /// As [`renamed`], adding `modifier` where it lacks.
    fn renamed_with(source: &str, line: u32, wanted: &str, modifier: Option<&str>) -> Option<String> {
        let (_, edits) = rename_member(&Span::point("a.ts", line, 1), source, wanted, modifier)?;
        let mut lines: Vec<String> = source.lines().map(str::to_string).collect();
        // Right to left, so that each edit's columns still hold.
        for edit in edits.iter().rev() {
            let l = &mut lines[edit.start().line as usize - 1];
            let chars: Vec<char> = l.chars().collect();
            let (from, to) = (edit.start().column as usize - 1, edit.end().column as usize - 1);
            *l = chars[..from].iter().collect::<String>()
                + edit.replacement_text()
                + &chars[to..].iter().collect::<String>();
        }
        Some(lines.join("\n"))
    }

    #[test]
    fn the_misspelt_method_of_the_class_gets_the_name_required() {
        let ts = "class Circle {\n  area(): number { return 1; }\n}\nclass Square implements Shape {\n  name = \"square\";\n  aera(): number {\n    const arae = 2;\n    return arae;\n  }\n}\n";
        let fixed = renamed(ts, 4, "area").unwrap();
        assert!(fixed.contains("  area(): number {\n    const arae = 2;"), "{fixed}");
        let java = "class Square implements Shape {\n    private final double side;\n    public double aera() { return side * side; }\n}\n";
        assert!(renamed(java, 1, "area").unwrap().contains("public double area() {"));
        let cs = "class Square : IShape\n{\n    public string Nmae { get { return \"x\"; } }\n}\n";
        assert!(renamed(cs, 1, "Name").unwrap().contains("public string Name { get"));
        let allman =
            "class Square : IShape\n{\n    public string Nmae\n    {\n        get { return \"x\"; }\n    }\n}\n";
        assert!(
            renamed(allman, 1, "Name")
                .unwrap()
                .contains("    public string Name\n    {")
        );
    }

    #[test]
    fn a_modifier_the_declaration_lacks_goes_in_after_its_access() {
        let cs = "class Ball : Solid\n{\n    public double Volumee()\n    {\n        return 4.0;\n    }\n}\n";
        let fixed = renamed_with(cs, 1, "Volume", Some("override")).unwrap();
        assert!(fixed.contains("    public override double Volume()\n"), "{fixed}");
        let has = "class Ball : Solid\n{\n    protected override int Sise() { return 1; }\n}\n";
        let fixed = renamed_with(has, 1, "Size", Some("override")).unwrap();
        assert!(fixed.contains("    protected override int Size() {"), "{fixed}");
    }

    #[test]
    fn no_rename_when_the_member_is_there_or_nothing_is_near() {
        let declared = "class Square implements Shape {\n  area(x: number): number { return x; }\n  aera(): number { return 1; }\n}\n";
        assert_eq!(renamed(declared, 1, "area"), None);
        let far = "class Square implements Shape {\n  size(): number { return 1; }\n}\n";
        assert_eq!(renamed(far, 1, "area"), None);
        // A name used inside a method is not a member.
        let inner =
            "class Square implements Shape {\n  size(): number {\n    let aera = 1;\n    return aera;\n  }\n}\n";
        assert_eq!(renamed(inner, 1, "area"), None);
    }

    #[test]
    fn what_a_line_of_a_class_body_declares() {
        assert_eq!(
            declared_name("  private readonly radius: number;"),
            Some((19, "radius"))
        );
        assert_eq!(declared_name("    private int count;"), Some((16, "count")));
        assert_eq!(
            declared_name("    public List<String> items = new ArrayList<>();"),
            Some((24, "items"))
        );
        assert_eq!(declared_name("  static async load(id: string) {"), Some((15, "load")));
        assert_eq!(declared_name("  @Override"), None);
        assert_eq!(declared_name("  // aera(): number"), None);
        assert_eq!(declared_name("  }"), None);
    }
}
