use crate::Tool;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The 64-bit FNV-1a hash of `bytes`.
///
/// The algorithm is fixed (offset basis `0xcbf29ce484222325`, prime
/// `0x100000001b3`) so a hash computed today equals one computed by another
/// version on another machine; std's `DefaultHasher` promises neither.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_extend(0xcbf2_9ce4_8422_2325, bytes)
}

fn fnv1a64_extend(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A stable identity of an error *kind*: the tool, its code and the message
/// template (the message with identifiers, numbers and paths replaced by
/// placeholders).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// Hashes `tool`, `code` and `template`, each followed by a 0xFF byte
    /// (which UTF-8 never contains) so that no two triples share an input.
    pub fn of(tool: Tool, code: Option<&str>, template: &str) -> Fingerprint {
        let mut h = fnv1a64_extend(0xcbf2_9ce4_8422_2325, tool.name().as_bytes());
        h = fnv1a64_extend(h, &[0xff]);
        h = fnv1a64_extend(h, code.unwrap_or("").as_bytes());
        h = fnv1a64_extend(h, &[0xff]);
        h = fnv1a64_extend(h, template.as_bytes());
        Fingerprint(h)
    }

    /// The raw value.
    pub fn value(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Fingerprint {
    /// Sixteen lowercase hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_published_test_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn fingerprint_is_golden_and_separates_fields() {
        let f = Fingerprint::of(Tool::Rustc, Some("E0425"), "cannot find value <ident> in this scope");
        assert_eq!(f.to_string().len(), 16);
        assert_eq!(
            f,
            Fingerprint::of(Tool::Rustc, Some("E0425"), "cannot find value <ident> in this scope")
        );
        assert_ne!(
            Fingerprint::of(Tool::Rustc, Some("E04"), "25x"),
            Fingerprint::of(Tool::Rustc, Some("E0425"), "x")
        );
        assert_ne!(
            f,
            Fingerprint::of(Tool::Gcc, Some("E0425"), "cannot find value <ident> in this scope")
        );
    }
}
