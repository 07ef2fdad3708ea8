//! `nearest-identifier` and `nearest-file`: the identifier of a file, or
//! the file beside it, closest to a misspelt one.

use super::Sources;
use crate::Language;
use std::collections::HashSet;

/// The one identifier in the code of `source` nearest to `name` (see
/// [`nearest`]): not in a string or a comment (`"try %d"` has no name to
/// spell `Retry` by). Of names equally near, the one that the code of
/// `own` (the file being fixed) uses, if it uses only one of them: `printn`
/// is `println` in a file that calls `println`, though `print` is as near.
/// Only names that `may_be` are candidates; with `quoted` (`name` is a
/// string's value: `"admn"` for a type `"admin" | "member"`), the words of
/// strings are candidates too.
pub fn closest<'a>(
    name: &str,
    source: &'a str,
    own: &str,
    quoted: bool,
    may_be: impl Fn(&str) -> bool,
) -> Option<&'a str> {
    let used: HashSet<&str> = code(own).flat_map(words).collect();
    let candidates: HashSet<&str> = if quoted {
        words(source).filter(|w| may_be(w)).collect()
    } else {
        code(source).flat_map(words).filter(|w| may_be(w)).collect()
    };
    nearest_of(name, candidates, |w| used.contains(w))
}

/// The parts of `source` outside double-quoted and backquoted strings
/// (each within one line) and `//` and `/* */` comments.
fn code(source: &str) -> impl Iterator<Item = &str> {
    let bytes = source.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            let rest = &bytes[at..];
            let skip_to = match rest[0] {
                b'"' | b'`' => string_end(rest).map(|end| at + end),
                b'/' if rest.get(1) == Some(&b'/') => {
                    Some(rest.iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i))
                }
                b'/' if rest.get(1) == Some(&b'*') => Some(
                    rest.windows(2)
                        .skip(2)
                        .position(|w| w == b"*/")
                        .map_or(bytes.len(), |i| at + i + 4),
                ),
                _ => None,
            };
            if let Some(end) = skip_to {
                let part = &source[start..at];
                at = end;
                return Some(part);
            }
            at += 1;
        }
        Some(&source[start..])
    })
}

/// Where the string that `rest` opens ends, past its closing quote, when
/// it closes on the same line (`\"` escapes a quote).
fn string_end(rest: &[u8]) -> Option<usize> {
    let quote = rest[0];
    let mut i = 1;
    while let Some(&b) = rest.get(i) {
        match b {
            b'\\' => i += 2,
            b'\n' => return None,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The identifiers (and keywords) of `source`.
pub fn words(source: &str) -> impl Iterator<Item = &str> {
    source
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
}

/// The path to write for `target`, a path that `file` includes or imports
/// and that does not exist: the same path with its last part replaced by
/// the one entry of that directory nearest to it (see [`nearest`]). An
/// entry is compared by its whole name, and only one with the same
/// extension, when `target` names an extension (`utl.h`, never `util.c`),
/// else by its name less its extension (`./utl` for `util.ts`, a module
/// `utl` for `util.py`).
///
/// A C or C++ header named without a directory and with nothing near it
/// beside `file` is looked for in the include directories a project
/// usually has beside its sources (`include`, `../include`): its name is
/// respelt, and the build's include path, which found the header before
/// it was misspelt, finds it there.
pub fn closest_file(file: &str, target: &str, sources: &dyn Sources) -> Option<String> {
    let beside = closest_in(file, target, sources);
    let header_elsewhere = || {
        let c_family = Language::of_path(file) == Some(Language::C) && !target.contains('/');
        INCLUDE_DIRS
            .iter()
            .filter(|_| c_family)
            .find_map(|dir| closest_in(file, &format!("{dir}/{target}"), sources))
            .and_then(|path| path.rsplit_once('/').map(|(_, name)| name.to_string()))
    };
    beside.or_else(header_elsewhere)
}

/// Where a project's headers usually are, relative to a source file.
const INCLUDE_DIRS: [&str; 3] = ["include", "../include", "../../include"];

/// [`closest_file`] in the directory `target` names, beside `file`.
fn closest_in(file: &str, target: &str, sources: &dyn Sources) -> Option<String> {
    let (dir_part, name) = match target.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, target),
    };
    let dir = dir_part.unwrap_or(".");
    let mut entries = sources.list_beside(file, dir)?;
    // An ES module names a TypeScript file by the JavaScript file it
    // becomes (`./util.js` for `util.ts`).
    if Language::of_path(file) == Some(Language::TypeScript)
        && super::sibling::JS_EXTENSIONS.iter().any(|e| name.ends_with(e))
    {
        for e in &mut entries {
            if let Some(js) = super::sibling::js_name(e) {
                *e = js;
            }
        }
    }
    let extension = name.rsplit_once('.').map(|(_, extension)| extension);
    let stems: HashSet<&str> = entries
        .iter()
        .filter(|e| extension.is_none_or(|x| e.rsplit_once('.').is_some_and(|(_, other)| other == x)))
        .map(|e| match e.split_once('.') {
            Some((stem, _)) if extension.is_none() && !stem.is_empty() => stem,
            _ => e.as_str(),
        })
        .collect();
    let best = nearest(name, stems)?;
    Some(dir_part.map_or_else(|| best.to_string(), |d| format!("{d}/{best}")))
}

/// The one candidate nearest to `name` by edit distance (adjacent swaps
/// count once), if it is close enough (at most one edit for names of up to
/// four characters, two beyond) and no other is as near (or as near with
/// the case of `name`'s first letter); `name` itself is not a candidate.
pub(super) fn nearest<'a>(name: &str, candidates: HashSet<&'a str>) -> Option<&'a str> {
    nearest_of(name, candidates, |_| false)
}

/// As [`nearest`], but of candidates equally near, the one whose first
/// letter has the case of `name`'s, else the one that is `preferred`, when
/// only one is.
fn nearest_of<'a>(name: &str, candidates: HashSet<&'a str>, preferred: impl Fn(&str) -> bool) -> Option<&'a str> {
    let limit = if name.chars().count() <= 4 { 1 } else { 2 };
    let mut best = usize::MAX;
    let mut at_best = Vec::new();
    for w in candidates.into_iter().filter(|w| *w != name) {
        let d = distance(name, w);
        if d > limit || d > best {
            continue;
        }
        if d < best {
            best = d;
            at_best.clear();
        }
        at_best.push(w);
    }
    // A name's case says what it names: `self.item` is `items`, not the
    // class `Item`.
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    if at_best.iter().any(|w| capital(w) == capital(name)) {
        at_best.retain(|w| capital(w) == capital(name));
    }
    if let [one] = at_best[..] {
        return Some(one);
    }
    let mut chosen = at_best.into_iter().filter(|w| preferred(w));
    match (chosen.next(), chosen.next()) {
        (Some(w), None) => Some(w),
        _ => None,
    }
}

/// Optimal string alignment distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_one_close_identifier() {
        let src = "int count = 1; string Name; int total; cuont;";
        assert_eq!(closest("cuont", src, "", false, |_| true), Some("count"));
        assert_eq!(closest("Nmae", src, "", false, |_| true), Some("Name"));
        assert_eq!(closest("totl", src, "", false, |_| true), Some("total"));
        assert_eq!(closest("zzzzzz", src, "", false, |_| true), None);
        // Two equally near candidates: no guess, unless the file uses one.
        assert_eq!(closest("cat", "bat hat", "", false, |_| true), None);
        assert_eq!(closest("cat", "bat hat", "x = hat", false, |_| true), Some("hat"));
        assert_eq!(closest("cat", "bat hat", "bat(hat)", false, |_| true), None);
        // As near, a name of the same case: `self.item` is `items`, not
        // the class `Item`; `Cat` is `Bat`.
        let src = "class Item: pass\nitems: list[Item] = []";
        assert_eq!(closest("item", src, src, false, |_| true), Some("items"));
        assert_eq!(closest("Cat", "Bat hat", "", false, |_| true), Some("Bat"));
    }

    #[test]
    fn names_in_strings_and_comments_are_no_candidates() {
        let src = "for i := 0; i < cfg.Retries; i++ {\n\tfmt.Printf(\"try %d\\n\", i) // try `again`\n}\n/* retry\n later */ x := `try`";
        assert_eq!(
            code(src).flat_map(words).collect::<Vec<_>>().join(" "),
            "for i i cfg Retries i fmt Printf i x"
        );
        assert_eq!(closest("Retry", src, "", false, |_| true), None);
        // A quote that does not close on its line opens no string.
        assert_eq!(
            code("a \"b\nc\" d").flat_map(words).collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
    }

    #[test]
    fn finds_the_one_close_file_beside_the_importer() {
        struct Listing;
        impl Sources for Listing {
            fn read(&self, _: &str) -> Option<String> {
                None
            }
            fn list_beside(&self, beside: &str, dir: &str) -> Option<Vec<String>> {
                let names: &[&str] = match (beside, dir) {
                    ("src/main.ts", ".") => &["main.ts", "util.ts", "types.d.ts", "lib"],
                    ("src/main.ts", "./lib") => &["strings.ts", "string.ts"],
                    ("main.c", ".") => &["main.c", "util.h", "util.c", "config.h"],
                    ("src/main.c", ".") => &["main.c", "vec.c"],
                    ("src/main.c", "../include") => &["vec.h"],
                    _ => return None,
                };
                Some(names.iter().map(|n| n.to_string()).collect())
            }
        }
        let sources = Listing;
        assert_eq!(
            closest_file("src/main.ts", "./utl", &sources).as_deref(),
            Some("./util")
        );
        assert_eq!(
            closest_file("src/main.ts", "./tpyes", &sources).as_deref(),
            Some("./types")
        );
        assert_eq!(closest_file("main.c", "utl.h", &sources).as_deref(), Some("util.h"));
        assert_eq!(closest_file("main.c", "confg.h", &sources).as_deref(), Some("config.h"));
        // A header is a header: `util.c` is as near to `utl.h` as `util.h`
        // is, and never taken; a header of `../include` is, by its name.
        assert_eq!(closest_file("main.c", "utl.c", &sources).as_deref(), Some("util.c"));
        assert_eq!(closest_file("src/main.c", "vecs.h", &sources).as_deref(), Some("vec.h"));
        assert_eq!(closest_file("src/main.c", "vecs.c", &sources).as_deref(), Some("vec.c"));
        // The nearer of two; two as near (`stringz`: one edit from each), no guess.
        assert_eq!(
            closest_file("src/main.ts", "./lib/strin", &sources).as_deref(),
            Some("./lib/string")
        );
        assert_eq!(closest_file("src/main.ts", "./lib/stringz", &sources), None);
        // Nothing near, or a directory that cannot be listed.
        assert_eq!(closest_file("src/main.ts", "./zzzzzz", &sources), None);
        assert_eq!(closest_file("src/main.ts", "../nowhere/utl", &sources), None);
    }
}
