//! Removal of terminal escape sequences (colours, cursor moves, hyperlinks).

/// Appends `line` to `out` without its escape sequences.
///
/// Handles CSI (`ESC [ ... final`), the string sequences ended by BEL or
/// `ESC \` (OSC `ESC ]`, which hyperlinks use; APC `ESC _`, in which
/// Buildkite stamps each line's time; DCS, SOS and PM) and short escapes
/// (`ESC 7`, `ESC ( B`); an unterminated sequence is dropped to the end of
/// the line, as a terminal would swallow it.
pub(crate) fn strip_into(line: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < line.len() {
        let Some(esc) = memchr::memchr(0x1b, &line[i..]) else {
            out.extend_from_slice(&line[i..]);
            return;
        };
        out.extend_from_slice(&line[i..i + esc]);
        i += esc + 1;
        match line.get(i) {
            Some(b'[') => {
                i += 1;
                while i < line.len() && !(0x40..=0x7e).contains(&line[i]) {
                    i += 1;
                }
                i += 1;
            }
            Some(b']' | b'_' | b'P' | b'X' | b'^') => {
                i += 1;
                while i < line.len() {
                    if line[i] == 0x07 {
                        i += 1;
                        break;
                    }
                    if line[i] == 0x1b && line.get(i + 1) == Some(&b'\\') {
                        i += 2;
                        break;
                    }
                    i += 1;
                }
            }
            // ESC, intermediate bytes (0x20-0x2F), one final byte: `ESC ( B`.
            Some(_) => {
                while i < line.len() && (0x20..=0x2f).contains(&line[i]) {
                    i += 1;
                }
                i += 1;
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strip_into;

    fn strip(s: &[u8]) -> String {
        let mut out = Vec::new();
        strip_into(s, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strips_colours_cursor_moves_hyperlinks_and_time_stamps() {
        assert_eq!(strip(b"\x1b[01m\x1b[Kmain.c:\x1b[m\x1b[K error"), "main.c: error");
        assert_eq!(strip(b"a\x1b[2Kb\x1b[1Gc"), "abc");
        assert_eq!(strip(b"\x1b]8;;file:///x\x07link\x1b]8;;\x1b\\ end"), "link end");
        assert_eq!(strip(b"tail\x1b["), "tail");
        assert_eq!(strip(b"x\x1b(By"), "xy");
        assert_eq!(
            strip(b"\x1b_bk;t=1795515180062\x07main.c:1:1: error"),
            "main.c:1:1: error"
        );
        assert_eq!(strip(b"\x1bPq#0\x1b\\done"), "done");
    }
}
