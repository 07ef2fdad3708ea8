//! Where a TypeScript, Python, Go or Java file's code uses a name: a name
//! respelt where the file imports it is respelt wherever the file uses it.

use super::Language;
use super::span::Columns;
use buildfix_core::ColumnUnit;

/// The places (1-based line, columns in characters) where `name` stands
/// whole in the code of `source` (TypeScript, Python, Go or Java): outside
/// strings and comments (but inside a template literal's `${...}`), not as a
/// member (`x.name`), an object literal's key (`{ name: 1 }`) or a
/// keyword argument (`f(name=1)`); in Go, only before a `.` (a package is
/// used by its members). Other languages have none.
pub fn name_uses(source: &str, name: &str, language: Language) -> Vec<(u32, Columns)> {
    let (hash_comments, templates) = match language {
        Language::TypeScript => (false, true),
        Language::Python => (true, false),
        Language::Go | Language::Java => (false, false),
        _ => return Vec::new(),
    };
    let chars: Vec<char> = source.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut found = Vec::new();
    // The depth of braces in each `${` open, innermost last.
    let mut substitutions: Vec<u32> = Vec::new();
    let (mut line, mut line_start) = (1u32, 0usize);
    let mut i = 0;
    // Skips to past `close` (a string's quote, `*/`), counting lines; `\`
    // escapes a character in a quoted string, not in a comment or a Go raw
    // string.
    let skip_past = |i: &mut usize, line: &mut u32, line_start: &mut usize, close: &[char]| {
        let escapes = !matches!(close, ['`'] | ['*', '/']);
        while *i < chars.len() && !chars[*i..].starts_with(close) {
            if escapes && chars[*i] == '\\' {
                *i += 1;
            }
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *line_start = *i + 1;
            }
            *i += 1;
        }
        *i += close.len();
    };
    while i < chars.len() {
        let c = chars[i];
        let rest = &chars[i..];
        match c {
            '\n' => {
                line += 1;
                line_start = i + 1;
                i += 1;
            }
            // A line's comment, up to its newline.
            '#' | '/' if (c == '#') == hash_comments && (c == '#' || rest.get(1) == Some(&'/')) => {
                i += rest.iter().position(|&c| c == '\n').unwrap_or(rest.len());
            }
            '/' if !hash_comments && rest.get(1) == Some(&'*') => {
                i += 2;
                skip_past(&mut i, &mut line, &mut line_start, &['*', '/']);
            }
            // Go's raw string.
            '`' if language == Language::Go => {
                i += 1;
                skip_past(&mut i, &mut line, &mut line_start, &['`']);
            }
            '"' | '\'' => {
                let triple = hash_comments && rest.len() >= 3 && rest[1] == c && rest[2] == c;
                i += if triple { 3 } else { 1 };
                let close = if triple { vec![c; 3] } else { vec![c] };
                skip_past(&mut i, &mut line, &mut line_start, &close);
            }
            // A template literal's text, up to its end or a `${`.
            '`' if templates => i = template_text(&chars, i + 1, &mut line, &mut line_start, &mut substitutions),
            '}' if substitutions.last() == Some(&0) => {
                substitutions.pop();
                i = template_text(&chars, i + 1, &mut line, &mut line_start, &mut substitutions);
            }
            '{' | '}' => {
                if let Some(depth) = substitutions.last_mut() {
                    *depth = if c == '{' { *depth + 1 } else { depth.saturating_sub(1) };
                }
                i += 1;
            }
            c if word(c) => {
                let start = i;
                while i < chars.len() && word(chars[i]) {
                    i += 1;
                }
                if !chars[start..i].iter().copied().eq(name.chars()) {
                    continue;
                }
                let before = chars[..start].iter().rev().find(|c| !c.is_whitespace()).copied();
                let mut after = chars[i..].iter().copied().skip_while(|c| c.is_whitespace());
                let (next, then) = (after.next(), after.next());
                // A member, an object literal's key, a keyword argument:
                // names of something else. Go uses an imported package only
                // by its members (`json.Marshal`; `string` in
                // `map[string]int` is the type).
                let other = before == Some('.')
                    || (language == Language::Go && next != Some('.'))
                    || (!hash_comments && matches!(before, Some('{' | ',')) && next == Some(':'))
                    || (hash_comments && matches!(before, Some('(' | ',')) && next == Some('=') && then != Some('='));
                if !other {
                    let column = (start - line_start) as u32 + 1;
                    found.push((line, (column, column + (i - start) as u32, ColumnUnit::Chars)));
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// Skips a template literal's text from `i` to past its closing backtick,
/// or past a `${`, whose code follows (its depth pushed on
/// `substitutions`); returns where the scan goes on.
fn template_text(
    chars: &[char],
    mut i: usize,
    line: &mut u32,
    line_start: &mut usize,
    substitutions: &mut Vec<u32>,
) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '`' => return i + 1,
            '$' if chars.get(i + 1) == Some(&'{') => {
                substitutions.push(0);
                return i + 2;
            }
            '\n' => {
                *line += 1;
                *line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(source: &str, name: &str, language: Language) -> Vec<(u32, u32)> {
        name_uses(source, name, language)
            .into_iter()
            .map(|(line, (start, ..))| (line, start))
            .collect()
    }

    #[test]
    fn a_name_is_used_in_code_and_template_substitutions_not_in_text_or_as_a_member() {
        let ts = "import { fmt } from \"./u\";\n// fmt here\nconst s = `fmt ${fmt(a)} ${ {b: fmt}.b }`;\nx.fmt(\"fmt\"); /* fmt */ fmt('fmt');\nf({ fmt: 1, a: c ? fmt : fmt });\n";
        assert_eq!(
            lines_of(ts, "fmt", Language::TypeScript),
            [(1, 10), (3, 18), (3, 33), (4, 25), (5, 20), (5, 26)]
        );
        let py = "from m import fmt\n# fmt\ns = \"\"\"fmt\nfmt\"\"\"\nprint(fmt(s), 'fmt', o.fmt, fmt=1, x=fmt == 2)\n";
        assert_eq!(lines_of(py, "fmt", Language::Python), [(1, 15), (5, 7), (5, 38)]);
        let go = "import (\n\t\"string\"\n)\n// string.x\nvar m map[string]int = string.F(`string.y\\`, \"string.z\")\nstring.G()\n";
        assert_eq!(lines_of(go, "string", Language::Go), [(5, 24), (6, 1)]);
        assert!(lines_of("fmt", "fmt", Language::Rust).is_empty());
    }
}
