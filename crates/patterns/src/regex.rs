//! The regexes of patterns, built for what they do: match one short message
//! or source line now and then.
//!
//! The syntax and the matches are `regex`'s. What differs is what is built:
//! only the NFA engines (the PikeVM and the bounded backtracker), not the
//! lazy DFAs with their reverse NFA and the one-pass DFA, which pay off on
//! long haystacks. A pattern's `\w` compiles to a large UTF-8 automaton, so
//! building it once instead of three times makes a pattern about 2.5x
//! cheaper to load, and every `buildfix run` loads a few.

use regex_automata::meta;
use std::collections::BTreeMap;

/// A compiled pattern regex.
#[derive(Clone, Debug)]
pub(crate) struct PatternRegex(meta::Regex);

impl PatternRegex {
    /// Compiles `pattern` (the `regex` crate's syntax).
    ///
    /// # Errors
    ///
    /// The syntax error, or the size limit it exceeds, in words.
    pub(crate) fn new(pattern: &str) -> Result<PatternRegex, String> {
        let config = meta::Config::new().hybrid(false).dfa(false).onepass(false);
        meta::Builder::new()
            .configure(config)
            .build(pattern)
            .map(PatternRegex)
            .map_err(|e| match (e.syntax_error(), e.size_limit()) {
                (Some(syntax), _) => syntax.to_string(),
                (None, Some(limit)) => format!("the compiled regex is larger than {limit} bytes"),
                (None, None) => e.to_string(),
            })
    }

    /// Whether it matches anywhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }

    /// The named captures of its first match in `text`.
    pub(crate) fn captures(&self, text: &str) -> Option<BTreeMap<String, String>> {
        let mut caps = self.0.create_captures();
        self.0.captures(text, &mut caps);
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
        self.0.group_info().all_names().filter_map(|(_, _, name)| name)
    }
}

#[cfg(test)]
mod tests {
    use super::PatternRegex;

    #[test]
    fn captures_by_name_with_unicode_classes() {
        let re = PatternRegex::new(r"^[‘'](?P<name>\w+)[’'] undeclared(?: (?P<rest>x))?").unwrap();
        let caps = re.captures("‘größe’ undeclared (first use in this function)").unwrap();
        // A group that did not take part is left out.
        assert_eq!(caps.into_iter().collect::<Vec<_>>(), [("name".into(), "größe".into())]);
        assert!(re.captures("‘a b’ undeclared").is_none());
        assert_eq!(re.names().collect::<Vec<_>>(), ["name", "rest"]);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let err = PatternRegex::new(r"(?P<name>\w+").unwrap_err();
        assert!(err.contains("unclosed group"), "{err}");
        let err = PatternRegex::new(r"(?:\w{100}){100}").unwrap_err();
        assert!(err.contains("larger than"), "{err}");
    }
}
