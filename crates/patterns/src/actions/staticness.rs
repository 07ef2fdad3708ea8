//! `make-static`: a method of the class called from its static code (Java's
//! and C#'s `main`) without an object, made `static`.

use buildfix_core::{ColumnUnit, Edit, Position};

/// Words that may stand before a method's return type.
const MODIFIERS: [&str; 10] = [
    "public",
    "private",
    "protected",
    "internal",
    "final",
    "synchronized",
    "virtual",
    "override",
    "sealed",
    "unsafe",
];

/// The edit that makes the method `name` that `source` (the file `path`)
/// declares `static`: `static ` after its access modifier, or before its
/// return type. `None` when the file declares no such method, or more
/// than one (overloads), or it is `static` already.
pub fn make_static(path: &str, source: &str, name: &str) -> Option<Edit> {
    let mut found = source
        .lines()
        .enumerate()
        .filter_map(|(i, line)| declaration(line, name).map(|at| (i, at)));
    let (i, at) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let position = Position::new(u32::try_from(i + 1).ok()?, u32::try_from(at + 1).ok()?);
    Some(Edit::insertion(path, position, ColumnUnit::Bytes, "static "))
}

/// Where `static ` goes on `line` when it declares the method `name`
/// (modifiers, a return type, the name and its `(`), not `static` yet.
fn declaration(line: &str, name: &str) -> Option<usize> {
    let code = line.trim_start();
    let indent = line.len() - code.len();
    let head = &code[..code.find('(')?];
    let mut words: Vec<&str> = head.split_whitespace().collect();
    if words.pop()? != name || words.is_empty() || words.contains(&"static") {
        return None;
    }
    let modifiers = words.iter().take_while(|w| MODIFIERS.contains(w)).count();
    let return_type = &words[modifiers..];
    let is_type = |w: &str| w.chars().all(|c| c.is_alphanumeric() || "_<>[],.?".contains(c));
    if return_type.is_empty()
        || !return_type.iter().all(|w| is_type(w))
        || matches!(return_type[0], "return" | "new" | "else" | "throw")
    {
        return None;
    }
    // After the access modifier, as `private static` is written.
    let access = words
        .first()
        .is_some_and(|w| matches!(*w, "public" | "private" | "protected" | "internal"));
    Some(match access {
        true => indent + words[0].len() + 1,
        false => indent,
    })
}

#[cfg(test)]
mod tests {
    use super::make_static;

    const JAVA: &str = "\
public class App {
    private String greet(String name) {
        return \"hi \" + name;
    }
    int twice(int x) { return 2 * x; }
    static int thrice(int x) { return 3 * x; }
    public static void main(String[] args) {
        System.out.println(greet(\"ann\") + twice(2));
        return greet(\"x\");
    }
}
";

    fn made_static(name: &str) -> Option<String> {
        let edit = make_static("App.java", JAVA, name)?;
        let line = JAVA.lines().nth(edit.start().line as usize - 1)?;
        let at = edit.start().column as usize - 1;
        Some(format!("{}static {}", &line[..at], &line[at..]))
    }

    #[test]
    fn static_goes_after_the_access_modifier_or_first() {
        assert_eq!(
            made_static("greet").as_deref(),
            Some("    private static String greet(String name) {")
        );
        assert_eq!(
            made_static("twice").as_deref(),
            Some("    static int twice(int x) { return 2 * x; }")
        );
    }

    #[test]
    fn none_for_a_static_method_or_one_not_declared() {
        assert_eq!(made_static("thrice"), None);
        assert_eq!(made_static("println"), None);
    }
}
