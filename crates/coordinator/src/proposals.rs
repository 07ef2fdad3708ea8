//! The fixes to propose for a log's diagnostics: the tool's own
//! suggestions, then the pattern library's, most confident first.

use crate::blame::identifiers;
use buildfix_core::{ColumnUnit, Diagnostic, Edit, Fix, Position, Suggestion};
use buildfix_fix::{Jail, Proposal};
use buildfix_patterns::{Language, PatternSet, Sources, add_import, propose};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The confidence above which a pattern's fix goes before the tool's own
/// suggestions (it knows what the tool's typo correction does not).
const ABOVE_THE_TOOL: f64 = 0.95;

/// One proposal per diagnostic that has fixes, in log order: the tool's
/// own suggestions first, then the matching patterns' fixes, most
/// confident first, except that patterns more confident than 0.95 (it
/// knows what the tool's typo correction does not) go first; two patterns
/// proposing the very same edits count once.
pub fn proposals(diagnostics: &[Diagnostic], patterns: Option<&PatternSet>, sources: &dyn Sources) -> Vec<Proposal> {
    diagnostics
        .iter()
        .filter_map(|d| {
            let mut fixes: Vec<Fix> = d
                .suggestions()
                .iter()
                .map(|s| {
                    join_derive(s, sources)
                        .or_else(|| place_use(s, sources))
                        .unwrap_or_else(|| Fix::from_suggestion(s))
                })
                .collect();
            rank_alternatives(&mut fixes, d, sources);
            if let Some(set) = patterns {
                let mut matches = set.matches(d);
                matches.sort_by(|a, b| b.pattern.confidence.total_cmp(&a.pattern.confidence));
                let mut ahead = 0;
                for m in &matches {
                    let Some(fix) = propose(m, d, set.library(), sources) else {
                        continue;
                    };
                    if fixes.iter().any(|f| f.edits() == fix.edits()) {
                        continue;
                    }
                    if m.pattern.confidence > ABOVE_THE_TOOL {
                        fixes.insert(ahead, fix);
                        ahead += 1;
                    } else {
                        fixes.push(fix);
                    }
                }
            }
            (!fixes.is_empty()).then(|| Proposal { label: label(d), fixes })
        })
        .collect()
}

/// rustc's `#[derive(Debug)]`, on a line of its own, for an item that
/// derives already (`#[derive(Clone)]` among the attributes around where
/// it goes), as one more name in that list: `#[derive(Clone, Debug)]`, as a
/// person writes it.
fn join_derive(s: &Suggestion, sources: &dyn Sources) -> Option<Fix> {
    let [e] = s.edits() else { return None };
    let names = e.replacement_text().strip_prefix("#[derive(")?.strip_suffix(")]\n")?;
    if e.start() != e.end() || e.start().column != 1 || names.contains(['(', ')']) {
        return None;
    }
    let text = sources.read(e.path())?;
    let lines: Vec<&str> = text.lines().collect();
    let at = usize::try_from(e.start().line).ok()?.checked_sub(1)?;
    let attribute = |i: &usize| lines.get(*i).is_some_and(|l| l.trim_start().starts_with("#["));
    let above = (0..at).rev().take_while(attribute);
    let below = (at..lines.len()).take_while(attribute);
    let (i, close) = above.chain(below).find_map(|i| {
        let line = lines[i].trim_end();
        let list = line.trim_start().strip_prefix("#[derive(")?.strip_suffix(")]")?;
        (!list.contains([')', '('])).then(|| (i, line.len() - 2))
    })?;
    let close = Position::new(u32::try_from(i + 1).ok()?, u32::try_from(close + 1).ok()?);
    let edit = Edit::insertion(e.path(), close, ColumnUnit::Bytes, format!(", {names}"));
    Some(reshaped(s, edit))
}

/// rustc's `use` for a file's top level, which it puts on the first line
/// (above the file's `mod` lines, or first of its `use` lines), in its
/// sorted place among the file's other `use` lines instead, as rustfmt
/// sorts them. Not one for an inner module (indented).
fn place_use(s: &Suggestion, sources: &dyn Sources) -> Option<Fix> {
    let [e] = s.edits() else { return None };
    let path = e
        .replacement_text()
        .strip_prefix("use ")?
        .trim_end()
        .strip_suffix(';')?;
    if e.start() != e.end() || e.start().column != 1 || path.contains(['{', '\n', ' ']) {
        return None;
    }
    let text = sources.read(e.path())?;
    if !text.lines().any(|l| l.starts_with("use ")) {
        return None;
    }
    // Sorted as rustfmt sorts a block: by path, std's among the others.
    let symbol = path.rsplit("::").next()?;
    let edit = add_import(e.path(), &text, Language::Rust, symbol, path, &|_| false)?;
    Some(reshaped(s, edit))
}

/// The tool's suggestion `s` with `edit` for its own edit.
fn reshaped(s: &Suggestion, edit: Edit) -> Fix {
    Fix::from_suggestion(&Suggestion::new(s.message(), s.applicability(), vec![edit]))
}

/// Orders the tool's alternatives for one change (edits of the same text:
/// "consider importing one of these constants": `std::f32::consts::PI`,
/// `std::f64::consts::PI`) by
/// how many of the names they write the diagnostic's file already uses
/// (`f64`), keeping the tool's order among equals.
fn rank_alternatives(fixes: &mut [Fix], d: &Diagnostic, sources: &dyn Sources) {
    let place = |f: &Fix| -> Vec<_> {
        f.edits()
            .iter()
            .map(|e| (e.path().to_string(), e.start(), e.end()))
            .collect()
    };
    if fixes.len() < 2 || fixes.iter().any(|f| place(f) != place(&fixes[0])) {
        return;
    }
    let Some(text) = d.primary().and_then(|p| sources.read(p.path())) else {
        return;
    };
    let used: HashSet<String> = identifiers(&text).into_iter().collect();
    fixes.sort_by_cached_key(|f| {
        let written: HashSet<String> = f
            .edits()
            .iter()
            .flat_map(|e| identifiers(e.replacement_text()))
            .collect();
        std::cmp::Reverse(written.iter().filter(|w| used.contains(*w)).count())
    });
}

/// How a diagnostic is named in reports: `src/main.rs:5:9 error[E0425]: message`.
pub fn label(d: &Diagnostic) -> String {
    let at = d.primary().map_or_else(String::new, |p| match p.column() {
        Some(c) => format!("{}:{}:{} ", p.path(), p.line(), c),
        None => format!("{}:{} ", p.path(), p.line()),
    });
    let code = d.code().map(|c| format!("[{c}]")).unwrap_or_default();
    format!("{at}{}{code}: {}", d.severity(), d.message())
}

/// Source files read through the path jail, each once, and directories
/// listed once (a search for where a name is defined walks the same tree
/// for each diagnostic that names it).
pub struct JailedSources<'a> {
    jail: &'a Jail,
    cache: RefCell<HashMap<String, Option<String>>>,
    /// Where each line of a file read starts, once a line of it is asked for.
    line_starts: RefCell<HashMap<String, Vec<usize>>>,
    listings: RefCell<HashMap<Listed, Option<Vec<String>>>>,
}

/// A listing asked for: the directory of the file it was asked beside, and
/// the directory asked for from there.
type Listed = (String, String);

impl<'a> JailedSources<'a> {
    /// Reads files inside `jail` only.
    pub fn new(jail: &'a Jail) -> JailedSources<'a> {
        JailedSources {
            jail,
            cache: RefCell::new(HashMap::new()),
            line_starts: RefCell::new(HashMap::new()),
            listings: RefCell::new(HashMap::new()),
        }
    }

    /// Line `n` (1-based) of a file, without its ending.
    pub fn line(&self, path: &str, n: u32) -> Option<String> {
        let index = (n as usize).checked_sub(1)?;
        self.with_text(path, |text| {
            let text = text?;
            let mut starts = self.line_starts.borrow_mut();
            let starts = starts.entry(path.to_string()).or_insert_with(|| {
                std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .filter(|&i| i < text.len())
                    .collect()
            });
            let start = *starts.get(index)?;
            let end = starts
                .get(index + 1)
                .map_or(text.len() - usize::from(text.ends_with('\n')), |&next| next - 1);
            let line = &text[start..end];
            Some(line.strip_suffix('\r').unwrap_or(line).to_string())
        })
    }

    /// Calls `f` with the text of a file, read once.
    fn with_text<T>(&self, path: &str, f: impl FnOnce(Option<&str>) -> T) -> T {
        let mut cache = self.cache.borrow_mut();
        let text = cache.entry(path.to_string()).or_insert_with(|| {
            self.jail
                .resolve(path)
                .ok()
                .and_then(|p| std::fs::read_to_string(p).ok())
        });
        f(text.as_deref())
    }
}

impl Sources for JailedSources<'_> {
    fn read(&self, path: &str) -> Option<String> {
        self.with_text(path, |text| text.map(str::to_string))
    }

    fn list_beside(&self, beside: &str, dir: &str) -> Option<Vec<String>> {
        let from = beside.rsplit_once('/').map_or("", |(parent, _)| parent);
        let key = (from.to_string(), dir.to_string());
        if let Some(names) = self.listings.borrow().get(&key) {
            return names.clone();
        }
        let names = self.jail.resolve_dir_beside(beside, dir).and_then(|dir| {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .ok()?
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .collect();
            names.sort();
            Some(names)
        });
        self.listings.borrow_mut().insert(key, names.clone());
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_read_as_str_lines_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let texts = ["", "a", "a\n", "\n", "a\nb", "a\r\nb\r\n", "a\n\nc\n", "é\nü"];
        for (i, text) in texts.iter().enumerate() {
            std::fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
        }
        let jail = Jail::new(dir.path()).unwrap();
        let sources = JailedSources::new(&jail);
        for (i, text) in texts.iter().enumerate() {
            let path = format!("{i}.txt");
            for n in 0..5 {
                let want = (n as usize).checked_sub(1).and_then(|k| text.lines().nth(k));
                assert_eq!(sources.line(&path, n).as_deref(), want, "{text:?} line {n}");
            }
        }
    }
}
