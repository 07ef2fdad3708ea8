//! What a formatter would at once do to what a batch left behind: a Go
//! import block whose every import the batch deleted (`import (` then `)`)
//! is taken out, with a blank line beside it. gofmt would leave it as
//! `import ()`, and `gofmt -l` in a CI step would fail on the file.

/// `after` (a batch's new contents of `path`), tidied where the batch
/// emptied something; `before` is the file as it was.
pub(crate) fn tidy(path: &str, before: &[u8], after: Vec<u8>) -> Vec<u8> {
    if !path.ends_with(".go") || empty_import_block(before).is_some() {
        return after;
    }
    match empty_import_block(&after) {
        Some(block) => {
            let mut out = after;
            out.drain(block);
            out
        }
        None => after,
    }
}

/// The lines of the first import block that holds nothing but blanks, and
/// one blank line after it when one is also before it.
fn empty_import_block(text: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut line = 0;
    while line < text.len() {
        let next = memchr::memchr(b'\n', &text[line..]).map_or(text.len(), |i| line + i + 1);
        if text[line..next].trim_ascii_end() == b"import (" {
            let blank = text[next..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            let close = next + blank;
            let rest = &text[close..];
            if rest.first() == Some(&b')')
                && rest[1..]
                    .iter()
                    .take_while(|&&b| b != b'\n')
                    .all(u8::is_ascii_whitespace)
            {
                let mut end = memchr::memchr(b'\n', rest).map_or(text.len(), |i| close + i + 1);
                let blank_before = line >= 2 && text[..line].ends_with(b"\n\n");
                if blank_before && text[end..].starts_with(b"\n") {
                    end += 1;
                }
                return Some(line..end);
            }
        }
        line = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn an_import_block_a_batch_emptied_is_taken_out() {
        let before = b"package store\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\ntype Item struct{}\n";
        let after = b"package store\n\nimport (\n)\n\ntype Item struct{}\n".to_vec();
        assert_eq!(
            tidy("store.go", before, after),
            b"package store\n\ntype Item struct{}\n"
        );
        // Only where the batch emptied it, only in Go, only when empty.
        let kept = b"package store\n\nimport (\n)\n".to_vec();
        assert_eq!(tidy("store.go", &kept, kept.clone()), kept);
        let other = b"import (\n)\n".to_vec();
        assert_eq!(tidy("x.py", b"", other.clone()), other);
        let commented = b"package a\n\nimport (\n\t// \"fmt\"\n)\n".to_vec();
        assert_eq!(tidy("a.go", b"", commented.clone()), commented);
        let at_end = b"package a\n\nimport (\n\n)".to_vec();
        assert_eq!(tidy("a.go", b"", at_end), b"package a\n\n");
    }
}
