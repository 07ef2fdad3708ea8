//! `make-async`: the TypeScript or JavaScript function an `await` is in,
//! made `async`.

use super::span::byte_of;
use buildfix_core::{ColumnUnit, Edit, Position, Span};

/// The edits that make the function around the span `async`: `async `
/// before `function`, before a method's name or before an arrow
/// function's parameters, and a return type it declares wrapped in
/// `Promise<...>` (an async function returns a promise). `None` when the
/// span is in no function (it reaches a class body or the top level), or
/// the function is `async` already.
pub fn make_async(span: &Span, source: &str) -> Option<Vec<Edit>> {
    let lines: Vec<&str> = source.lines().collect();
    let mut line = usize::try_from(span.line()).ok()?.checked_sub(1)?;
    let mut end = byte_of(lines.get(line)?, span.column()?, span.unit())?;
    let mut depth = 0usize;
    loop {
        let text = &lines[line][..end];
        if let Some(open) = enclosing_open(text, &mut depth) {
            let before = &text[..open];
            let header = if before.trim().is_empty() && line > 0 {
                (line - 1, lines[line - 1])
            } else {
                (line, before)
            };
            match function_header(header.1) {
                Header::Function(edits) => return to_edits(span.path(), header.0, edits),
                Header::Block => {
                    end = open;
                    continue;
                }
                Header::Outside => return None,
            }
        }
        line = line.checked_sub(1)?;
        end = lines[line].len();
    }
}

/// The byte offset of the `{` in `text` that opens the block `text`'s end
/// is in (`depth` blocks closed after `text`, carried between lines), if
/// it opens on this line.
fn enclosing_open(text: &str, depth: &mut usize) -> Option<usize> {
    for (i, c) in text.char_indices().rev() {
        match c {
            '}' => *depth += 1,
            '{' if *depth == 0 => return Some(i),
            '{' => *depth -= 1,
            _ => {}
        }
    }
    None
}

/// What stands before a block's `{`.
enum Header {
    /// A function's header, and the edits (byte offset in it, length
    /// replaced, text) that make it `async`.
    Function(Vec<(usize, usize, String)>),
    /// Another block (`for (...)`, `if`, `try`): the function is further out.
    Block,
    /// A class body, an object's or the top level: no function.
    Outside,
}

/// The words before a block that is not a function's.
const BLOCK_KEYWORDS: [&str; 9] = ["if", "for", "while", "switch", "catch", "else", "try", "finally", "do"];

/// What `header`, the text before a block's `{` on its line (or the line
/// before, when the `{` stands alone), is.
fn function_header(header: &str) -> Header {
    let trimmed = header.trim_end();
    let word = |s: &str| {
        s.rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .next()
            .unwrap_or("")
            .to_string()
    };
    if BLOCK_KEYWORDS.contains(&word(trimmed).as_str()) || trimmed.ends_with(')') && is_block_statement(trimmed) {
        return Header::Block;
    }
    if trimmed.contains("async ") || trimmed.contains("async(") {
        return Header::Outside;
    }
    if let Some(arrow) = trimmed.strip_suffix("=>") {
        let params = arrow.trim_end();
        let (params, returns) = split_return_type(params);
        let start = if params.ends_with(')') {
            match matching_open(params) {
                Some(at) => at,
                None => return Header::Outside,
            }
        } else {
            params.len() - word(params).len()
        };
        let mut edits = vec![(start, 0, "async ".to_string())];
        edits.extend(promised(returns));
        return Header::Function(edits);
    }
    let (params, returns) = split_return_type(trimmed);
    let Some(open) = params.ends_with(')').then(|| matching_open(params)).flatten() else {
        return Header::Outside;
    };
    let name_end = params[..open].trim_end().len();
    let name = word(&params[..name_end]);
    if name.is_empty() || BLOCK_KEYWORDS.contains(&name.as_str()) {
        return Header::Block;
    }
    let name_start = name_end - name.len();
    // `function load(`, `function* items(`; else a method's name.
    let before = params[..name_start].trim_end().trim_end_matches('*').trim_end();
    let at = match before.strip_suffix("function") {
        Some(rest) => rest.len(),
        None => name_start,
    };
    let mut edits = vec![(at, 0, "async ".to_string())];
    edits.extend(promised(returns));
    Header::Function(edits)
}

/// Whether `header`, ending in `)`, is a statement's (`for (...)`).
fn is_block_statement(header: &str) -> bool {
    matching_open(header).is_some_and(|open| {
        let before = header[..open].trim_end();
        BLOCK_KEYWORDS.iter().any(|k| {
            before.ends_with(k)
                && !before[..before.len() - k.len()].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.')
        })
    })
}

/// `header` split before a declared return type (`(a: number): string`):
/// the part up to the parameters' `)`, and the type with its offset.
fn split_return_type(header: &str) -> (&str, Option<(usize, &str)>) {
    let Some(close) = header.rfind(')') else {
        return (header, None);
    };
    let rest = &header[close + 1..];
    match rest.trim_start().strip_prefix(':') {
        Some(ty) => {
            let ty = ty.trim();
            let at = header.len() - rest.len() + rest.find(ty).unwrap_or(0);
            (&header[..=close], (!ty.is_empty()).then_some((at, ty)))
        }
        None => (header, None),
    }
}

/// The edit wrapping a declared return type in `Promise<...>`, unless it
/// is one.
fn promised(returns: Option<(usize, &str)>) -> Option<(usize, usize, String)> {
    let (at, ty) = returns?;
    (!ty.starts_with("Promise<")).then(|| (at, ty.len(), format!("Promise<{ty}>")))
}

/// The offset of the `(` matching the `)` that `text` ends with.
fn matching_open(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn to_edits(path: &str, line: usize, edits: Vec<(usize, usize, String)>) -> Option<Vec<Edit>> {
    let line = u32::try_from(line + 1).ok()?;
    edits
        .into_iter()
        .map(|(at, len, text)| {
            let start = Position::new(line, u32::try_from(at + 1).ok()?);
            let end = Position::new(line, u32::try_from(at + len + 1).ok()?);
            Some(Edit::replacement(path, start, end, ColumnUnit::Bytes, text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::make_async;
    use buildfix_core::Span;

    const SOURCE: &str = "\
export function load(id: string): string {
  await delay(10);
  return id;
}

const run = (ids: string[]) => {
  for (const id of ids) {
    if (id) {
      await delay(1);
    }
  }
};

class Loader {
  static fetch(id: string)
  {
    await delay(5);
  }
  items = ids.map(id => {
    await delay(id);
  });
}
await delay(0);
";

    /// The lines the edits for the `await` at `line`, `column` change.
    fn made_async(line: u32, column: u32) -> Option<Vec<String>> {
        let edits = make_async(&Span::point("a.ts", line, column), SOURCE)?;
        let mut lines: Vec<String> = SOURCE.lines().map(str::to_string).collect();
        for e in edits.iter().rev() {
            let l = &mut lines[e.start().line as usize - 1];
            let (start, end) = (e.start().column as usize - 1, e.end().column as usize - 1);
            l.replace_range(start..end, e.replacement_text());
        }
        let mut changed: Vec<String> = edits
            .iter()
            .map(|e| lines[e.start().line as usize - 1].clone())
            .collect();
        changed.dedup();
        Some(changed)
    }

    #[test]
    fn a_function_a_method_and_an_arrow_are_made_async() {
        assert_eq!(
            made_async(2, 3).unwrap(),
            ["export async function load(id: string): Promise<string> {"]
        );
        assert_eq!(made_async(9, 7).unwrap(), ["const run = async (ids: string[]) => {"]);
        assert_eq!(made_async(17, 5).unwrap(), ["  static async fetch(id: string)"]);
        assert_eq!(made_async(20, 5).unwrap(), ["  items = ids.map(async id => {"]);
    }

    #[test]
    fn none_at_the_top_level() {
        assert_eq!(made_async(23, 1), None);
    }
}
