//! Logs in UTF-16: Windows PowerShell 5 writes `dotnet build > build.log` as
//! UTF-16 with a byte order mark. Such a log is read through a transcoder to
//! UTF-8, in bounded memory like any stream.

use std::io::{self, Cursor, ErrorKind, Read};

/// The byte order of a UTF-16 log, from the mark at its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Utf16 {
    /// `FF FE`.
    Little,
    /// `FE FF`.
    Big,
}

impl Utf16 {
    /// The byte order that `head` (the first bytes of a log) marks, if any.
    pub(crate) fn marked(head: &[u8]) -> Option<Utf16> {
        match head {
            [0xff, 0xfe, ..] => Some(Utf16::Little),
            [0xfe, 0xff, ..] => Some(Utf16::Big),
            _ => None,
        }
    }

    fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Utf16::Little => u16::from_le_bytes(pair),
            Utf16::Big => u16::from_be_bytes(pair),
        }
    }
}

/// `reader` as UTF-8: transcoded when it starts with a UTF-16 byte order
/// mark (which is dropped), as it is otherwise.
///
/// # Errors
///
/// When reading its first bytes fails.
pub(crate) fn utf8<'a>(mut reader: impl Read + 'a) -> io::Result<Box<dyn Read + 'a>> {
    let mut head = [0u8; 2];
    let mut got = 0;
    while got < head.len() {
        match reader.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(match Utf16::marked(&head[..got]) {
        Some(order) => Box::new(Utf16Reader::new(reader, order)),
        None => Box::new(Cursor::new(head[..got].to_vec()).chain(reader)),
    })
}

/// Reads UTF-16 (its byte order mark already read) as UTF-8. An unpaired
/// surrogate, or an odd byte at the end, reads as U+FFFD.
pub(crate) struct Utf16Reader<R> {
    inner: R,
    order: Utf16,
    /// Bytes read but not yet decoded: an odd byte, or a high surrogate
    /// whose pair is still to come.
    input: Vec<u8>,
    output: Vec<u8>,
    /// How much of `output` was handed out.
    taken: usize,
    ended: bool,
}

impl<R: Read> Utf16Reader<R> {
    pub(crate) fn new(inner: R, order: Utf16) -> Utf16Reader<R> {
        Utf16Reader {
            inner,
            order,
            input: Vec::new(),
            output: Vec::new(),
            taken: 0,
            ended: false,
        }
    }

    /// Reads one chunk and decodes what of it can be decoded.
    fn decode_more(&mut self) -> io::Result<()> {
        self.output.clear();
        self.taken = 0;
        let mut chunk = [0u8; 32 * 1024];
        let n = loop {
            match self.inner.read(&mut chunk) {
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                read => break read?,
            }
        };
        if n == 0 {
            self.ended = true;
            if !self.input.is_empty() {
                self.output.extend_from_slice("\u{fffd}".as_bytes());
                self.input.clear();
            }
            return Ok(());
        }
        self.input.extend_from_slice(&chunk[..n]);
        let units: Vec<u16> = self
            .input
            .chunks_exact(2)
            .map(|pair| self.order.unit([pair[0], pair[1]]))
            .collect();
        // A high surrogate at the end waits for its pair.
        let whole = match units.last() {
            Some(0xd800..=0xdbff) => units.len() - 1,
            _ => units.len(),
        };
        let mut utf8 = [0u8; 4];
        for c in char::decode_utf16(units[..whole].iter().copied()) {
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            self.output.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
        self.input.drain(..whole * 2);
        Ok(())
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.taken == self.output.len() {
            if self.ended {
                return Ok(0);
            }
            self.decode_more()?;
        }
        let n = buf.len().min(self.output.len() - self.taken);
        buf[..n].copy_from_slice(&self.output[self.taken..self.taken + n]);
        self.taken += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte at a time, to split every pair.
    struct Trickle(Vec<u8>, usize);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some(&b) = self.0.get(self.1) else { return Ok(0) };
            buf[0] = b;
            self.1 += 1;
            Ok(1)
        }
    }

    fn encoded(text: &str, order: Utf16) -> Vec<u8> {
        let mut bytes = match order {
            Utf16::Little => vec![0xff, 0xfe],
            Utf16::Big => vec![0xfe, 0xff],
        };
        for u in text.encode_utf16() {
            bytes.extend(match order {
                Utf16::Little => u.to_le_bytes(),
                Utf16::Big => u.to_be_bytes(),
            });
        }
        bytes
    }

    fn read_all(bytes: Vec<u8>) -> String {
        let mut out = String::new();
        utf8(Trickle(bytes, 0)).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn utf16_in_either_order_reads_as_utf8() {
        let text = "Program.cs(3,5): error CS0103: The name ‘x’ 🦀 does not exist\r\n";
        for order in [Utf16::Little, Utf16::Big] {
            assert_eq!(read_all(encoded(text, order)), text);
        }
    }

    #[test]
    fn other_text_is_read_as_it_is() {
        for text in ["main.c:1:1: error: x\n", "e", ""] {
            assert_eq!(read_all(text.as_bytes().to_vec()), text);
        }
    }

    #[test]
    fn a_broken_end_reads_as_a_replacement_character() {
        let mut odd = encoded("ab", Utf16::Little);
        odd.push(b'c');
        assert_eq!(read_all(odd), "ab\u{fffd}");
        let mut lone = encoded("a", Utf16::Little);
        lone.extend([0x3d, 0xd8]);
        assert_eq!(read_all(lone), "a\u{fffd}");
    }
}
