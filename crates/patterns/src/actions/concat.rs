//! `stringify-operands`: Python's `"total: " + total`, where `total` is a
//! number, written `"total: " + str(total)`.

/// The byte ranges of `line` to wrap in `str()`: each name, member or call
/// (`total`, `order.count`, `len(items)`) joined by a `+` to a string
/// literal before it (`right`: "can only concatenate str (not "int") to
/// str") or after it ("unsupported operand type(s) for +: 'int' and
/// 'str'"); not one that is a `str(...)` already.
pub fn operands_to_stringify(line: &str, right: bool) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut wrap = Vec::new();
    let mut quote = None;
    for (i, &c) in bytes.iter().enumerate() {
        match (quote, c) {
            (Some(q), _) if c == q && bytes[i - 1] != b'\\' => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'+') if bytes.get(i + 1) != Some(&b'=') => {
                let left = line[..i].trim_end();
                let right_from = i + 1 + (line[i + 1..].len() - line[i + 1..].trim_start().len());
                let right_operand = operand_len(&line[right_from..]).map(|len| (right_from, right_from + len));
                let left_start = left.len() - operand_back(left);
                let left = (left_start < left.len()).then_some((left_start, left.len()));
                let string = |r: Option<(usize, usize)>| r.is_some_and(|(s, _)| matches!(bytes[s], b'"' | b'\''));
                let (this, other) = if right {
                    (right_operand, left)
                } else {
                    (left, right_operand)
                };
                if let Some((s, e)) = this
                    && string(other)
                    && !string(this)
                    && !line[s..e].starts_with("str(")
                {
                    wrap.push((s, e));
                }
            }
            _ => {}
        }
    }
    wrap
}

/// The length of the operand `rest` starts with: a string literal, or a
/// name or member chain with the calls and indexes after it; `None` for
/// anything else.
fn operand_len(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let first = *bytes.first()?;
    if matches!(first, b'"' | b'\'') {
        return Some(rest[1..].find(first as char)? + 2);
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
    let mut i = bytes.iter().take_while(|&&b| word(b)).count();
    if i == 0 {
        return None;
    }
    while matches!(bytes.get(i), Some(b'(' | b'[')) {
        i += balanced_len(&rest[i..])?;
        i += bytes[i..].iter().take_while(|&&b| word(b)).count();
    }
    Some(i)
}

/// The length of the operand `before` ends with, read backwards as
/// [`operand_len`] reads forwards; 0 for anything else.
fn operand_back(before: &str) -> usize {
    let bytes = before.as_bytes();
    match bytes.last() {
        Some(&q @ (b'"' | b'\'')) => before[..before.len() - 1]
            .rfind(q as char)
            .map_or(0, |at| before.len() - at),
        _ => {
            let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.';
            let mut end = bytes.len();
            loop {
                end -= bytes[..end].iter().rev().take_while(|b| word(b)).count();
                if end == 0 || !matches!(bytes[end - 1], b')' | b']') {
                    break;
                }
                // A call's or index's brackets: back to their opening one.
                let mut depth = 0usize;
                let open = (0..end).rev().find(|&j| {
                    match bytes[j] {
                        b')' | b']' => depth += 1,
                        b'(' | b'[' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                });
                match open {
                    Some(j) if j > 0 && word(&bytes[j - 1]) => end = j,
                    _ => return 0,
                }
            }
            bytes.len() - end
        }
    }
}

/// The length of the bracketed group `rest` starts with.
fn balanced_len(rest: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::operands_to_stringify;

    fn stringified(line: &str) -> String {
        let right = !line.starts_with("line");
        let mut out = line.to_string();
        for (s, e) in operands_to_stringify(line, right).into_iter().rev() {
            out.replace_range(s..e, &format!("str({})", &line[s..e]));
        }
        out
    }

    #[test]
    fn names_members_and_calls_beside_a_string_are_wrapped() {
        assert_eq!(
            stringified("print(\"total: \" + total)"),
            "print(\"total: \" + str(total))"
        );
        assert_eq!(
            stringified("msg = \"n=\" + n + \" items\" + str(n)"),
            "msg = \"n=\" + str(n) + \" items\" + str(n)"
        );
        // The operands before strings ("unsupported operand type(s)").
        assert_eq!(
            stringified("line = order.id + ': ' + len(order.items)"),
            "line = str(order.id) + ': ' + len(order.items)"
        );
        assert_eq!(stringified("line = items[0] + \"!\""), "line = str(items[0]) + \"!\"");
    }

    #[test]
    fn nothing_beside_no_string() {
        assert_eq!(stringified("total = a + b"), "total = a + b");
        assert_eq!(stringified("s += \"x\""), "s += \"x\"");
    }
}
