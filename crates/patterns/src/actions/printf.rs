//! `printf-verb`: the verb of a format string that formats an argument of
//! another type (go vet: "format %s has arg r.Score of wrong type int")
//! becomes one for that type.

use buildfix_core::{ColumnUnit, Edit, Position, Span};

/// Replaces with `verb` the verb `was` of the format string of the call
/// at the span (the first string literal from the span's column of `line`)
/// that formats the argument written `arg`. None when the call is not all
/// on the line, takes `arg` twice, or its format string reorders arguments
/// (`%[2]d`) or takes a width from them (`%*d`).
pub fn printf_verb(span: &Span, line: &str, arg: &str, was: char, verb: char) -> Option<Edit> {
    let chars: Vec<char> = line.chars().collect();
    let from = span.column().map_or(0, |c| c as usize - 1);
    let open = (from..chars.len()).find(|&i| chars[i] == '"' || chars[i] == '`')?;
    let close = string_end(&chars, open)?;
    let args = arguments(&chars, close + 1)?;
    let mut formatting = args.iter().enumerate().filter(|(_, a)| a.as_str() == arg);
    let (k, _) = formatting.next()?;
    if formatting.next().is_some() {
        return None;
    }
    let at = *verbs(&chars[open + 1..close])?.get(k)? + open + 1;
    if chars[at] != was {
        return None;
    }
    let column = at as u32 + 1;
    Some(Edit::replacement(
        span.path(),
        Position::new(span.line(), column),
        Position::new(span.line(), column + 1),
        ColumnUnit::Chars,
        verb.to_string(),
    ))
}

/// Where the string literal opened at `open` closes (a `"` string's
/// escapes skipped, a raw string's not).
fn string_end(chars: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if chars[open] == '"' => i += 1,
            c if c == chars[open] => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The arguments after the format string (from `at`, its closing quote's
/// next), as written, up to the call's closing parenthesis.
fn arguments(chars: &[char], at: usize) -> Option<Vec<String>> {
    let mut args = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    let mut quote = None;
    for &c in &chars[at..] {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') if depth == 0 => {
                args.push(current.trim().to_string());
                // The text before the first comma is the format string's rest.
                return Some(args.split_off(1));
            }
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                args.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    None
}

/// The index in `format` of each verb's letter, in order; None when an
/// argument index or a `*` makes the verbs take arguments out of order.
fn verbs(format: &[char]) -> Option<Vec<usize>> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < format.len() {
        if format[i] != '%' {
            i += 1;
            continue;
        }
        i += 1;
        while i < format.len() && (format[i].is_ascii_digit() || "+-# .".contains(format[i])) {
            i += 1;
        }
        match format.get(i) {
            Some('%') => {}
            Some('[' | '*') => return None,
            Some(c) if c.is_ascii_alphabetic() => found.push(i),
            _ => return None,
        }
        i += 1;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `line` with the verb formatting `arg` made `verb`, the call at `column`.
    fn fixed(line: &str, column: u32, arg: &str, was: char, verb: char) -> Option<String> {
        let edit = printf_verb(&Span::point("main.go", 1, column), line, arg, was, verb)?;
        let mut chars: Vec<char> = line.chars().collect();
        chars[edit.start().column as usize - 1] = verb;
        Some(chars.into_iter().collect())
    }

    #[test]
    fn the_verb_of_the_argument_of_the_wrong_type_changes() {
        let line = "\t\tfmt.Fprintf(&b, \"%s: %s\\n\", r.Name, r.Score)";
        assert_eq!(
            fixed(line, 3, "r.Score", 's', 'd').as_deref(),
            Some("\t\tfmt.Fprintf(&b, \"%s: %d\\n\", r.Name, r.Score)")
        );
        let escaped = "fmt.Printf(\"%-8s \\\"%5.1f%%\\\" %q\\n\", name, f(a, b), tag)";
        assert_eq!(
            fixed(escaped, 1, "tag", 'q', 'v').as_deref(),
            Some("fmt.Printf(\"%-8s \\\"%5.1f%%\\\" %v\\n\", name, f(a, b), tag)")
        );
        // Out of order, or the argument twice: no fix.
        assert_eq!(fixed("fmt.Printf(\"%[2]s %[1]s\", a, b)", 1, "b", 's', 'd'), None);
        assert_eq!(fixed("fmt.Printf(\"%*d\", w, n)", 1, "n", 'd', 'v'), None);
        assert_eq!(fixed("fmt.Printf(\"%s %s\", n, n)", 1, "n", 's', 'd'), None);
        // A call spread over lines has no closing parenthesis on the line.
        assert_eq!(fixed("fmt.Printf(\"%s\",", 1, "n", 's', 'd'), None);
    }
}
