//! A message turned into its template: the words that say what kind of
//! error it is, with the particulars (names, types, numbers, paths) replaced
//! by typed placeholders.

/// The template of `message`: quoted text in every quote style (`x`, 'x',
/// "x", ‘x’, “x”, mcs's `x') becomes `<id>` (an identifier), `<path>` or
/// `<type>` (anything else); unquoted numbers become `<num>`, hex `<hex>`,
/// paths `<path>`, and generic types (`List<Item>`) `<type>`. Whitespace is
/// folded to single spaces.
///
/// # Example
///
/// ```
/// use buildfix_sample::template;
///
/// assert_eq!(template("cannot find value `hh` in this scope"), "cannot find value <id> in this scope");
/// assert_eq!(template("expected `String`, found `&str`"), "expected <id>, found <type>");
/// assert_eq!(template("due to 6 previous errors"), "due to <num> previous errors");
/// ```
pub fn template(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let chars: Vec<char> = message.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(close) = closing_quote(c)
            && let Some(end) = find_close(&chars, i + 1, close, c)
        {
            let inner: String = chars[i + 1..end].iter().collect();
            out.push_str(classify_quoted(&inner));
            i = end + 1;
            continue;
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            i += 1;
            continue;
        }
        // An unquoted token: up to the next blank or punctuation that ends words.
        let start = i;
        while i < chars.len()
            && !chars[i].is_whitespace()
            && closing_quote(chars[i]).is_none()
            && !matches!(chars[i], ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}')
        {
            i += 1;
        }
        if i == start {
            out.push(c);
            i += 1;
            continue;
        }
        let token: String = chars[start..i].iter().collect();
        let (body, tail) = split_trailing(&token);
        out.push_str(&classify_bare(body));
        out.push_str(tail);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// The quote that closes one opened by `c`, if `c` opens quotes.
fn closing_quote(c: char) -> Option<char> {
    match c {
        '`' => Some('`'),
        '\'' => Some('\''),
        '"' => Some('"'),
        '‘' => Some('’'),
        '“' => Some('”'),
        _ => None,
    }
}

/// The index of the quote closing one opened at `from - 1`: the usual
/// closer, or for a backtick mcs's `'` (`name'). Quotes do not span more
/// than 200 characters, so an apostrophe in prose does not swallow the rest.
fn find_close(chars: &[char], from: usize, close: char, open: char) -> Option<usize> {
    let limit = (from + 200).min(chars.len());
    (from..limit)
        .find(|&j| chars[j] == close || (open == '`' && chars[j] == '\''))
        .filter(|&j| j > from || open == '"')
}

fn classify_quoted(inner: &str) -> &'static str {
    if is_identifier(inner) {
        "<id>"
    } else if inner.contains('/') || inner.contains('\\') {
        "<path>"
    } else {
        "<type>"
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// Splits trailing punctuation that ends a sentence or a clause off a token.
fn split_trailing(token: &str) -> (&str, &str) {
    let body = token.trim_end_matches(['.', ':', '?', '!']);
    let body = if body.is_empty() { token } else { body };
    (body, &token[body.len()..])
}

fn classify_bare(token: &str) -> String {
    let digits = token.trim_start_matches(['-', '+']);
    if digits.starts_with("0x") && digits.len() > 2 && digits[2..].chars().all(|c| c.is_ascii_hexdigit()) {
        return "<hex>".into();
    }
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().any(|c| c.is_ascii_digit())
    {
        return "<num>".into();
    }
    if token.len() > 1 && (token.contains('/') || token.contains('\\')) && !token.starts_with("//") {
        return "<path>".into();
    }
    if token.contains('<') && token.contains('>') && token.chars().next().is_some_and(char::is_alphanumeric) {
        return "<type>".into();
    }
    // Identifiers with digits in them (`x1234`, `T0`) vary between messages too.
    if token.chars().any(|c| c.is_ascii_digit()) && token.chars().any(char::is_alphabetic) && is_identifier(token) {
        return "<id>".into();
    }
    token.to_string()
}

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn every_quote_style_becomes_a_placeholder() {
        assert_eq!(
            template("The name `Totl' does not exist in the current context"),
            "The name <id> does not exist in the current context"
        );
        assert_eq!(
            template("‘cout’ undeclared (first use in this function); did you mean ‘count’?"),
            "<id> undeclared (first use in this function); did you mean <id>?"
        );
        assert_eq!(
            template("Cannot find name 'lenght'. Did you mean 'length'?"),
            "Cannot find name <id>. Did you mean <id>?"
        );
        assert_eq!(template("imported and not used: \"os\""), "imported and not used: <id>");
        assert_eq!(
            template("Cannot find module './x/y' or its corresponding type declarations."),
            "Cannot find module <path> or its corresponding type declarations."
        );
    }

    #[test]
    fn numbers_hex_paths_and_generics() {
        assert_eq!(
            template("value 0x1f at /usr/lib/x.so line 42"),
            "value <hex> at <path> line <num>"
        );
        assert_eq!(
            template("cannot convert List<Item> to int"),
            "cannot convert <type> to int"
        );
        assert_eq!(template("undefined: x12"), "undefined: <id>");
        assert_eq!(template("  two   spaces  "), "two spaces");
    }
}
