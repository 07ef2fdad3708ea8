//! A message turned into its template: the words that say what kind of
//! error it is, with the particulars (names, types, numbers, paths) replaced
//! by typed placeholders.

/// Every placeholder a template holds.
pub(crate) const PLACEHOLDERS: [&str; 5] = ["<id>", "<type>", "<path>", "<num>", "<hex>"];

/// The template of `message`: quoted text in every quote style (backticks,
/// 'x', "x", ‘x’, “x”, and mcs's backtick closed by an apostrophe) becomes
/// `<id>` (an identifier), `<path>` or
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
    template_into(message, &mut out);
    out
}

/// Appends the [`template`] of `message` to `out` (no allocation once `out`
/// has room: the clusterer reuses one buffer for every message).
pub(crate) fn template_into(message: &str, out: &mut String) {
    let from = out.len();
    let bytes = message.as_bytes();
    let mut i = 0;
    // Most of a message is words and single spaces, which the template keeps
    // as they are: they are copied in runs, from `copy` up to `i`.
    let mut copy = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            let end = plain_run_end(bytes, i);
            let end = if end > i { end } else { plain_word_end(bytes, i) };
            if end > i {
                i = end;
                continue;
            }
        } else if (b == b' ' && i > 0 && bytes[i - 1] < 0x80 && !char::from(bytes[i - 1]).is_whitespace())
            || matches!(b, b',' | b';' | b'(' | b')' | b'[' | b']' | b'{' | b'}')
        {
            i += 1;
            continue;
        } else if let Some(end) = quoted_name_end(bytes, i) {
            out.push_str(&message[copy..i]);
            out.push_str("<id>");
            i = end;
            copy = i;
            continue;
        }
        out.push_str(&message[copy..i]);
        i = push_item(message, i, out, from);
        copy = i;
    }
    out.push_str(&message[copy..]);
    let trimmed = from + out[from..].trim_end().len();
    out.truncate(trimmed);
}

/// Where the run of plain words from the letter at `i` ends: ASCII words
/// separated by single spaces, which the template keeps as they are. It
/// ends at the start of the first token that needs a closer look (a quote,
/// a digit, a word ending in `.`), or at `i` when that is the token at `i`.
///
/// It reads eight bytes at a time: a message is mostly such words, and
/// reading them byte by byte costs a mispredicted branch at each word's end.
fn plain_run_end(bytes: &[u8], i: usize) -> usize {
    // Where the token being read began, and a high bit where the byte
    // before the chunk is a space (`bytes[i]` is a letter).
    let (mut token, mut j, mut space_before) = (i, i, 0);
    loop {
        let chunk = eight_bytes_at(bytes, j);
        let spaces = bytes_equal_to(chunk, b' ');
        let lone_spaces = spaces & !((spaces << 8) | space_before);
        let other = !(ascii_letters(chunk) | lone_spaces) & HIGH_BITS;
        if other == 0 {
            // All plain: the next chunk's place does not wait for this one's.
            if spaces != 0 {
                token = j + (spaces.ilog2() / 8) as usize + 1;
            }
            space_before = spaces >> 56;
            j += 8;
            continue;
        }
        // The plain bytes up to the first other one.
        let plain = other.trailing_zeros() / 8;
        let spaces_in_plain = spaces & ((1 << (8 * plain)) - 1);
        if spaces_in_plain != 0 {
            token = j + (spaces_in_plain.ilog2() / 8) as usize + 1;
        }
        j += plain as usize;
        break;
    }
    match bytes.get(j) {
        None => j,
        // A word ends at a byte that ends tokens.
        Some(&b) if j > token && b < 0x80 && ENDS_TOKEN[usize::from(b)] => j,
        Some(_) => token,
    }
}

/// Eight bytes from `j`, little-endian; past the end, zeros (not plain).
fn eight_bytes_at(bytes: &[u8], j: usize) -> u64 {
    match bytes.get(j..j + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        // The message's last eight bytes, shifted down past those before `j`.
        None if bytes.len() >= 8 && j < bytes.len() => {
            let rest = bytes.len() - j;
            let last = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().expect("eight bytes"));
            last >> (8 * (8 - rest))
        }
        None => {
            let mut padded = [0; 8];
            let rest = bytes.get(j..).unwrap_or_default();
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `chunk` that is an ASCII letter.
fn ascii_letters(chunk: u64) -> u64 {
    // Lower case, with the high bits cleared so that no sum carries into
    // the next byte.
    let lower = (chunk | (0x20 * ONES)) & !HIGH_BITS;
    let from_a = lower + u64::from(0x80 - b'a') * ONES;
    let past_z = lower + u64::from(0x7f - b'z') * ONES;
    from_a & !past_z & !chunk & HIGH_BITS
}

/// The high bit of each byte of `chunk` that equals `b`.
fn bytes_equal_to(chunk: u64, b: u8) -> u64 {
    let diff = chunk ^ (u64::from(b) * ONES);
    !(((diff & !HIGH_BITS) + !HIGH_BITS) | diff) & HIGH_BITS
}

/// Where the plain word at `i` ends (ASCII letters, then perhaps the
/// punctuation that ends a sentence, then the end of the token), or `i`
/// when the token there is not one: the template keeps such a word as it is.
fn plain_word_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    while j < bytes.len() && matches!(bytes[j], b'.' | b':' | b'?' | b'!') {
        j += 1;
    }
    let ends = bytes.get(j).is_none_or(|&b| b < 0x80 && ENDS_TOKEN[usize::from(b)]);
    if ends { j } else { i }
}

/// Where a quoted ASCII name at `i` ends (`'count'`, `‘count’`, mcs's
/// `` `count' ``), past its closing quote: the common case of a quote,
/// which becomes `<id>`, read without decoding a character.
fn quoted_name_end(bytes: &[u8], i: usize) -> Option<usize> {
    const LEFT: &[u8] = "\u{2018}".as_bytes();
    const RIGHT: &[u8] = "\u{2019}".as_bytes();
    let open = match bytes[i] {
        b'\'' | b'"' | b'`' => 1,
        0xe2 if bytes[i..].starts_with(LEFT) => LEFT.len(),
        _ => return None,
    };
    let start = i + open;
    let len = bytes[start..]
        .iter()
        .take_while(|&&b| NAME_BYTE[usize::from(b)])
        .count();
    if len == 0 || len >= 200 || bytes[start].is_ascii_digit() {
        return None;
    }
    let after = start + len;
    let close = match (bytes[i], bytes.get(after)) {
        (b'`', Some(b'`' | b'\'')) | (b'\'', Some(b'\'')) | (b'"', Some(b'"')) => 1,
        (0xe2, _) if bytes[after..].starts_with(RIGHT) => RIGHT.len(),
        _ => return None,
    };
    let end = after + close;
    // A backtick's `'` before a word is a lifetime's (see `find_close`).
    let lifetime = bytes[i] == b'`'
        && bytes[after] == b'\''
        && bytes.get(end).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    (!lifetime).then_some(end)
}

/// The bytes a quoted ASCII name is made of: letters, digits, `_` and `$`.
const NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize || b == b'$' as usize;
        b += 1;
    }
    table
};

/// Appends the template of the item at `i` (a quote, a blank or an
/// unquoted token) to `out`, whose template began at `from`; returns where
/// the next item begins.
fn push_item(message: &str, i: usize, out: &mut String, from: usize) -> usize {
    let b = message.as_bytes()[i];
    let c = if b < 0x80 {
        char::from(b)
    } else {
        message[i..].chars().next().unwrap_or_default()
    };
    let width = c.len_utf8();
    if let Some(close) = closing_quote(c)
        && let Some(end) = find_close(&message[i + width..], close, c)
    {
        let inner = &message[i + width..i + width + end];
        out.push_str(classify_quoted(inner));
        let closer = message[i + width + end..].chars().next().map_or(0, char::len_utf8);
        return i + width + end + closer;
    }
    if c.is_whitespace() {
        if out.len() > from && !out.ends_with(' ') {
            out.push(' ');
        }
        return i + width;
    }
    // An unquoted token: up to the next blank, quote or bracket.
    let (len, plain) = token_len(&message[i..]);
    if len == 0 {
        out.push(c);
        return i + width;
    }
    if plain {
        // Letters only: a word of the message, kept as it is.
        out.push_str(&message[i..i + len]);
        return i + len;
    }
    let (body, tail) = split_trailing(&message[i..i + len]);
    push_bare(out, body);
    out.push_str(tail);
    i + len
}

/// ASCII bytes that end an unquoted token: blanks, opening quotes and
/// brackets.
const ENDS_TOKEN: [bool; 128] = {
    let mut table = [false; 128];
    let ends = b" \t\n\r\x0b\x0c`'\",;()[]{}";
    let mut k = 0;
    while k < ends.len() {
        table[ends[k] as usize] = true;
        k += 1;
    }
    table
};

/// The length in bytes of the unquoted token `rest` starts with, and
/// whether it is all ASCII letters (a plain word, kept as it is).
fn token_len(rest: &str) -> (usize, bool) {
    let bytes = rest.as_bytes();
    let mut plain = true;
    let mut j = 0;
    while j < bytes.len() {
        let b = bytes[j];
        if b < 0x80 {
            if ENDS_TOKEN[usize::from(b)] {
                return (j, plain);
            }
            plain &= b.is_ascii_alphabetic();
            j += 1;
            continue;
        }
        let ch = rest[j..].chars().next().unwrap_or_default();
        if ch.is_whitespace() || closing_quote(ch).is_some() {
            return (j, plain);
        }
        plain = false;
        j += ch.len_utf8();
    }
    (j, plain)
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

/// The byte offset in `rest` (the text after an opening quote) of the quote
/// closing it: the usual closer, or for a backtick mcs's `'` (`name'), but
/// not a Rust lifetime's (`` `Iter<'_, T>` ``: a word follows it).
/// Quotes do not span more than 200 bytes, so an apostrophe in prose does
/// not swallow the rest; only `""` may be empty.
fn find_close(rest: &str, close: char, open: char) -> Option<usize> {
    let window = &rest[..floor_boundary(rest, 200)];
    let end = if open == '`' {
        let bytes = window.as_bytes();
        let lifetime = |i: usize| {
            bytes
                .get(i + 1)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        };
        (0..bytes.len()).find(|&i| bytes[i] == b'`' || (bytes[i] == b'\'' && !lifetime(i)))?
    } else {
        window.find(close)?
    };
    (end > 0 || open == '"').then_some(end)
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
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

/// Appends an unquoted token, or the placeholder it stands for.
fn push_bare(out: &mut String, token: &str) {
    // Most tokens are plain words: nothing to replace.
    if token.bytes().all(|b| b.is_ascii_alphabetic()) {
        out.push_str(token);
        return;
    }
    let digits = token.trim_start_matches(['-', '+']);
    let placeholder =
        if digits.starts_with("0x") && digits.len() > 2 && digits[2..].chars().all(|c| c.is_ascii_hexdigit()) {
            Some("<hex>")
        } else if !digits.is_empty()
            && digits.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && digits.bytes().any(|c| c.is_ascii_digit())
        {
            Some("<num>")
        } else if token.len() > 1 && (token.contains('/') || token.contains('\\')) && !token.starts_with("//") {
            Some("<path>")
        } else if token.contains('<') && token.contains('>') && token.chars().next().is_some_and(char::is_alphanumeric)
        {
            Some("<type>")
        } else if token.bytes().any(|c| c.is_ascii_digit())
            && token.chars().any(char::is_alphabetic)
            && is_identifier(token)
        {
            // Identifiers with digits in them (`x1234`, `T0`) vary between messages too.
            Some("<id>")
        } else {
            None
        };
    out.push_str(placeholder.unwrap_or(token));
}

#[cfg(test)]
mod tests {
    use super::{push_item, template};

    /// The template read item by item, with none of the fast paths.
    fn item_by_item(message: &str) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < message.len() {
            i = push_item(message, i, &mut out, 0);
        }
        out.trim_end().to_string()
    }

    #[test]
    fn the_fast_paths_change_no_template() {
        let pieces = [
            "a",
            "Foo",
            "x1",
            "_y",
            " ",
            "  ",
            "\t",
            "\n",
            "`",
            "'",
            "\"",
            "\u{2018}",
            "\u{2019}",
            "\u{201c}",
            "\u{201d}",
            "0x1f",
            "42",
            "-3",
            ".",
            ":",
            "?",
            "!",
            ",",
            ";",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            "<",
            ">",
            "List<T>",
            "/",
            "\\",
            "src/a.rs",
            "\u{e9}",
            "\u{a0}",
            "\u{3000}",
            "$",
            "::",
            "x.y",
            "1.2",
            // Runs of plain words longer than the eight bytes read at a time.
            "cannot find ",
            "declared but not used",
            " in this scope",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let message: String = (0..next() % 12)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(template(&message), item_by_item(&message), "{message:?}");
        }
    }

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
            template("`Cloned<std::slice::Iter<'_, Order>>` is not an iterator"),
            "<type> is not an iterator"
        );
        assert_eq!(
            template("`Foo' does not contain a definition for `Bar'"),
            "<id> does not contain a definition for <id>"
        );
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
