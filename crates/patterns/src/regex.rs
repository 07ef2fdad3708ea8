//! The regexes of patterns, built for what they do: match one short message
//! or source line now and then.
//!
//! The syntax and the matches are `regex`'s. What differs is what is built:
//! - only the NFA engines (the PikeVM and the bounded backtracker), not the
//!   lazy DFAs with their reverse NFA and the one-pass DFA, which pay off on
//!   long haystacks;
//! - for a text that is all ASCII, a copy of the regex whose classes are cut
//!   to ASCII. A pattern's `\w` compiles to a large UTF-8 automaton (about
//!   0.1 ms each); cut to ASCII it is one state. On an ASCII text the two
//!   match the same: every character there is ASCII, so a class matches it
//!   exactly when the class's ASCII part does, and a word boundary sees the
//!   same word characters. The full regex is built only when a text that is
//!   not ASCII comes (gcc's ‘quotes’, an identifier in Cyrillic).

use regex_automata::meta;
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A compiled pattern regex.
#[derive(Debug)]
pub(crate) struct PatternRegex {
    hir: Hir,
    /// For texts that are all ASCII.
    ascii: meta::Regex,
    /// For texts whose only other characters are typographic quotes (gcc's
    /// `‘x’`), built when the first comes: small, as its classes are cut
    /// to those characters.
    quoted: OnceLock<meta::Regex>,
    /// For the others, built when the first comes.
    full: OnceLock<meta::Regex>,
}

/// The characters besides ASCII that most compiler messages hold: gcc's
/// quotes. No class of word characters holds them, so word boundaries
/// fall where ASCII's do.
const QUOTES: [char; 4] = ['\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}'];

impl PatternRegex {
    /// Compiles `pattern` (the `regex` crate's syntax) for ASCII texts; the
    /// rest is built when needed (see [`PatternRegex::check`]).
    ///
    /// # Errors
    ///
    /// The syntax error, or the size limit it exceeds, in words.
    pub(crate) fn new(pattern: &str) -> Result<PatternRegex, String> {
        let hir = regex_syntax::parse(pattern).map_err(|e| e.to_string())?;
        let ascii = build(&to_ascii(&hir, &[]))?;
        Ok(PatternRegex {
            hir,
            ascii,
            quoted: OnceLock::new(),
            full: OnceLock::new(),
        })
    }

    /// Builds the regex for texts that are not all ASCII now.
    ///
    /// # Errors
    ///
    /// When it exceeds the size limit.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.full.get().is_none() {
            let _ = self.full.set(build(&self.hir)?);
        }
        Ok(())
    }

    /// The regex that matches `text` as the pattern says.
    fn for_text(&self, text: &str) -> &meta::Regex {
        let valid = "compiled patterns hold valid regexes";
        if text.is_ascii() {
            &self.ascii
        } else if text.chars().all(|c| c.is_ascii() || QUOTES.contains(&c)) {
            self.quoted
                .get_or_init(|| build(&to_ascii(&self.hir, &QUOTES)).expect(valid))
        } else {
            self.full.get_or_init(|| build(&self.hir).expect(valid))
        }
    }

    /// Whether it matches anywhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_match(text)
    }

    /// The named captures of its first match in `text`.
    pub(crate) fn captures(&self, text: &str) -> Option<BTreeMap<String, String>> {
        let re = self.for_text(text);
        let mut caps = re.create_captures();
        re.captures(text, &mut caps);
        caps.is_match().then(|| {
            self.names()
                .filter_map(|name| {
                    let span = caps.get_group_by_name(name)?;
                    Some((name.to_string(), text[span.range()].to_string()))
                })
                .collect()
        })
    }

    /// The names of its capture groups.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.ascii.group_info().all_names().filter_map(|(_, _, name)| name)
    }
}

fn build(hir: &Hir) -> Result<meta::Regex, String> {
    let config = meta::Config::new().hybrid(false).dfa(false).onepass(false);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            Some(limit) => format!("the compiled regex is larger than {limit} bytes"),
            None => e.to_string(),
        })
}

/// `hir` with every class cut to ASCII and the characters `also` (none of
/// them word characters), and every word boundary ASCII's: on a text of
/// only those characters, it matches as `hir` does.
fn to_ascii(hir: &Hir, also: &[char]) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut cut = class.clone();
            let kept = std::iter::once(ClassUnicodeRange::new('\0', '\x7f'))
                .chain(also.iter().map(|&c| ClassUnicodeRange::new(c, c)));
            cut.intersect(&ClassUnicode::new(kept));
            Hir::class(Class::Unicode(cut))
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            sub: Box::new(to_ascii(&r.sub, also)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            sub: Box::new(to_ascii(&c.sub, also)),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| to_ascii(s, also)).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(|s| to_ascii(s, also)).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::PatternRegex;
    use std::collections::BTreeMap;

    #[test]
    fn captures_by_name_with_unicode_classes() {
        let re = PatternRegex::new(r"^[‘'](?P<name>\w+)[’'] undeclared(?: (?P<rest>x))?").unwrap();
        let caps = re.captures("‘größe’ undeclared (first use in this function)").unwrap();
        // A group that did not take part is left out.
        assert_eq!(caps.into_iter().collect::<Vec<_>>(), [("name".into(), "größe".into())]);
        assert!(re.captures("‘a b’ undeclared").is_none());
        assert_eq!(re.captures("'ab' undeclared").unwrap()["name"], "ab");
        assert_eq!(re.names().collect::<Vec<_>>(), ["name", "rest"]);
    }

    #[test]
    fn ascii_and_quoted_texts_match_as_with_the_full_regex() {
        let patterns = [
            r"(?P<w>\w+)\b(?P<rest>.*)",
            r"(?i)cannot find (?P<kind>type|value) `(?P<name>[^`]+)`",
            r"\B(?P<x>\d+)\b|(?P<s>\s+)",
            r"^(?P<a>[^:\s][^:]*):(?P<n>\d+)",
        ];
        let texts = [
            "cannot find value `x_1` in this scope",
            "CANNOT FIND TYPE `Ka` here",
            "src/a.rs:12: error",
            "a1 22 b_c\t\n",
            "",
            // gcc's quotes: not word characters, caught by `.` and `\S`.
            "\u{2018}count\u{2019} undeclared; did you mean \u{2018}cout\u{2019}?",
            "\u{201c}a\u{201d}b 1\u{2019}2",
        ];
        for p in patterns {
            let (ours, theirs) = (PatternRegex::new(p).unwrap(), regex::Regex::new(p).unwrap());
            for t in texts {
                assert_eq!(ours.captures(t), reference(&theirs, t), "{p} on {t:?}");
                // Only ASCII and quotes came: the full regex was not built.
                assert!(ours.full.get().is_none());
            }
        }
    }

    /// What `regex` captures: the reference.
    fn reference(re: &regex::Regex, text: &str) -> Option<BTreeMap<String, String>> {
        let caps = re.captures(text)?;
        Some(
            re.capture_names()
                .flatten()
                .filter_map(|n| Some((n.to_string(), caps.name(n)?.as_str().to_string())))
                .collect(),
        )
    }

    #[test]
    fn the_shipped_library_matches_as_regex_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../patterns");
        let lib = crate::compile(&crate::read_sources(&dir).unwrap()).unwrap();
        let mut texts: Vec<String> = lib
            .patterns
            .iter()
            .flat_map(|p| {
                p.examples
                    .iter()
                    .map(|e| e.message.clone())
                    .chain(p.counter_examples.clone())
            })
            .collect();
        // The same messages as a C locale prints them: ASCII quotes.
        let ascii: Vec<String> = texts
            .iter()
            .map(|t| t.replace(['‘', '’'], "'").replace(['“', '”'], "\""))
            .collect();
        texts.extend(ascii);
        let mut checked = 0;
        for p in &lib.patterns {
            for source in std::iter::once(&p.message).chain(&p.line_regex).chain(&p.before_regex) {
                let (ours, theirs) = (PatternRegex::new(source).unwrap(), regex::Regex::new(source).unwrap());
                for t in &texts {
                    assert_eq!(ours.captures(t), reference(&theirs, t), "{} on {t:?}", p.id);
                    checked += usize::from(t.is_ascii());
                }
            }
        }
        assert!(checked > 10_000, "{checked} pairs of a regex and an ASCII text");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let err = PatternRegex::new(r"(?P<name>\w+").unwrap_err();
        assert!(err.contains("unclosed group"), "{err}");
        // Cut to ASCII it fits; in full it does not.
        let huge = PatternRegex::new(r"(?:\w{100}){100}").unwrap();
        assert!(huge.check().unwrap_err().contains("larger than"));
    }
}
