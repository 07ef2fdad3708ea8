//! What a formatter would at once do to what a batch left behind:
//!
//! - blank lines the batch brought to the top of a file (it deleted the
//!   imports above them) are taken out;
//! - a Go import block whose every import the batch deleted (`import (`
//!   then `)`) is taken out, with a blank line beside it: gofmt would leave
//!   it as `import ()`, and `gofmt -l` in a CI step would fail on the file.

use std::ops::{Range, RangeInclusive};

/// `after` (a batch's new contents of `path`), tidied where the batch
/// emptied something, and the lines taken out, numbered as in `after`;
/// `before` is the file as it was.
pub(crate) fn tidy(path: &str, before: &[u8], mut after: Vec<u8>) -> (Vec<u8>, Vec<RangeInclusive<u32>>) {
    let mut taken = Vec::new();
    let mut take = |text: &mut Vec<u8>, bytes: Range<usize>, lines_above: u32| {
        let first = lines(&text[..bytes.start]) + 1;
        let count = lines(&text[bytes.clone()]);
        if count > 0 {
            taken.push(first + lines_above..=first + lines_above + count - 1);
        }
        text.drain(bytes);
    };
    let mut above = 0;
    let top = leading_blank_lines(&after);
    if top > leading_blank_lines(before) {
        above = lines(&after[..top]);
        take(&mut after, 0..top, 0);
    }
    if path.ends_with(".go")
        && empty_import_block(before).is_none()
        && let Some(block) = empty_import_block(&after)
    {
        take(&mut after, block, above);
    }
    (after, taken)
}

/// How many lines `text` ends (its newlines).
fn lines(text: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', text).count() as u32
}

/// The length of the blank lines `text` starts with.
fn leading_blank_lines(text: &[u8]) -> usize {
    let blank = text.iter().take_while(|b| b.is_ascii_whitespace()).count();
    // Up to the start of the line the first other byte is on.
    text[..blank].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// The lines of the first import block that holds nothing but blanks, and
/// one blank line after it when one is also before it.
fn empty_import_block(text: &[u8]) -> Option<Range<usize>> {
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

    /// The tidied text alone.
    fn text(path: &str, before: &[u8], after: &[u8]) -> Vec<u8> {
        tidy(path, before, after.to_vec()).0
    }

    #[test]
    fn an_import_block_a_batch_emptied_is_taken_out() {
        let before = b"package store\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\ntype Item struct{}\n";
        let after = b"package store\n\nimport (\n)\n\ntype Item struct{}\n";
        let tidied = (b"package store\n\ntype Item struct{}\n".to_vec(), vec![3..=5]);
        assert_eq!(tidy("store.go", before, after.to_vec()), tidied);
        // Only where the batch emptied it, only in Go, only when empty.
        let kept = b"package store\n\nimport (\n)\n";
        assert_eq!(text("store.go", kept, kept), kept);
        assert_eq!(text("x.py", b"x", b"import (\n)\n"), b"import (\n)\n");
        let commented = b"package a\n\nimport (\n\t// \"fmt\"\n)\n";
        assert_eq!(text("a.go", b"", commented), commented);
        assert_eq!(text("a.go", b"", b"package a\n\nimport (\n\n)"), b"package a\n\n");
    }

    #[test]
    fn blank_lines_a_batch_brought_to_the_top_go() {
        let before = b"import { a } from \"./lib\";\n\n  console.log(1);\n";
        let after = b"\n  console.log(1);\n".to_vec();
        assert_eq!(
            tidy("main.ts", before, after),
            (b"  console.log(1);\n".to_vec(), vec![1..=1])
        );
        // Those the file had stay.
        let blank = b"\n\nx = 1\n";
        assert_eq!(text("a.py", blank, blank), blank);
        assert_eq!(text("a.py", b"", b"\n"), b"");
        // Both at once: the block's lines are numbered as the edits left them.
        let after = b"\n\npackage a\n\nimport (\n)\n\nvar x = 1\n".to_vec();
        assert_eq!(
            tidy("a.go", b"// a\npackage a\n", after),
            (b"package a\n\nvar x = 1\n".to_vec(), vec![1..=2, 5..=7])
        );
    }
}
