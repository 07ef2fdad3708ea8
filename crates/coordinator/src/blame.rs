//! Judging a batch by its rebuild: which fixes fixed their error, and which
//! caused a new one (by where it is and what it names).

use crate::cascades::{quoted, quoted_identifiers};
use crate::run::{FixReport, is_error};
use buildfix_core::{Diagnostic, Fix, FixOrigin, Tool};
use buildfix_fix::{Outcome as FixOutcome, Plan, Proposal};
use buildfix_learn::{Attempt, Outcome};
use buildfix_logparse::Analysis;
use buildfix_sample::Clusterer;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

pub(crate) fn origin(f: &Fix) -> String {
    match f.origin() {
        FixOrigin::Compiler => "compiler".to_string(),
        FixOrigin::Pattern(id) => id.to_string(),
    }
}

/// One applied fix, judged by the rebuild.
pub(crate) struct Judged {
    pub(crate) report: FixReport,
    fingerprint: String,
    file: String,
    pub(crate) identity: String,
}

/// What a fix does, for blocking one that failed: for each edit, the file,
/// the text it replaces and the text it writes, and the line it is on
/// (`found.` made `found?.` in which line); for an insertion, only in a fix
/// of insertions only (the `;` at the end of which line), not in a fix that
/// also replaces (its import's line may have taken another name since).
/// Not where: a kept batch may have moved its line. Not who proposed it:
/// the compiler and a pattern may propose the same edit, and it fails the
/// same way. `line` gives line `n` (1-based) of
/// a file, without its ending, as the fix's log saw it.
pub(crate) fn identity(f: &Fix, line: &dyn Fn(&str, u32) -> Option<String>) -> String {
    let mut id = String::new();
    let replaces = f.edits().iter().any(|e| e.start() != e.end());
    for e in f.edits() {
        let mut replaced = replaced_text(e, line);
        if e.start() != e.end() || !replaces {
            replaced.push_str(&format!(" at {:?}", line(e.path(), e.start().line).unwrap_or_default()));
        }
        id.push_str(&format!("{}|{replaced:?}|{:?}|", e.path(), e.replacement_text()));
    }
    id
}

/// The text an edit replaces (empty for an insertion); `line` as for
/// [`identity`].
fn replaced_text(e: &buildfix_core::Edit, line: &dyn Fn(&str, u32) -> Option<String>) -> String {
    let (start, end) = (e.start(), e.end());
    let mut replaced = String::new();
    for n in start.line..=end.line {
        let Some(text) = line(e.path(), n) else { break };
        let from = if n == start.line { start.column } else { 1 };
        let to = (n == end.line).then_some(end.column);
        if n > start.line {
            replaced.push('\n');
        }
        replaced.push_str(&columns(&text, from, to, e.unit()));
    }
    replaced
}

/// The names a fix takes out of the source and does not write back: those
/// in the text its edits replace (a deleted `let unused = 1;` takes out
/// `unused`), not keywords (`int`, `let`), which no code declares; `line`
/// as for [`identity`]. A new error that quotes one of them (`cannot find
/// value `unused``) is the fix's doing, wherever it is.
pub(crate) fn taken_out(f: &Fix, line: &dyn Fn(&str, u32) -> Option<String>) -> Vec<String> {
    let written = written_names(f);
    let mut names: Vec<String> = f
        .edits()
        .iter()
        .flat_map(|e| identifiers(&replaced_text(e, line)))
        .filter(|n| !written.contains(n) && !KEYWORDS.contains(&n.as_str()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether a fix takes a glob import out (`use super::*;`, `import
/// java.util.*;`, `from m import *`): it may bring any name, so the names
/// it takes out cannot be listed (TypeScript's `import * as path` brings
/// one); `line` as for [`identity`].
pub(crate) fn takes_out_glob(f: &Fix, line: &dyn Fn(&str, u32) -> Option<String>) -> bool {
    f.edits().iter().any(|e| {
        replaced_text(e, line).lines().map(str::trim).any(|t| {
            t.contains("::*")
                || t.starts_with("import ") && t.trim_end_matches(';').ends_with(".*")
                || t.starts_with("from ") && t.ends_with(" import *")
        })
    })
}

impl Judged {
    pub(crate) fn attempt(&self, outcome: Outcome) -> Attempt {
        Attempt {
            fingerprint: self.fingerprint.clone(),
            file: self.file.clone(),
            origin: self.report.origin.clone(),
            outcome,
            reason: None,
            duration: Duration::ZERO,
        }
    }
}

/// Judges each applied fix of a batch: fixed when its diagnostic (the same
/// message and notes in the same file: javac names the missing symbol in a
/// note) is reported fewer times, or no longer on its line (moved by the
/// batch's edits above it); regressed when the rebuild reports an error
/// that was not there before (by message and notes) on a line the fix's
/// own edits produced, or one that quotes a name the fix took out (a
/// respelling takes out no name its own error quotes: that name was
/// missing, and its other uses are the next errors to fix).
///
/// A new error quoting a path or a generic type a fix wrote
/// (`std::fmt::Error`, `Promise<string>`) is that fix's, wherever it
/// stands. A new error that begins where a fix wrote text in a line is the
/// fix's too, whatever it says; so is any new error on a line a fix wrote
/// no new name in (`b.items?.length`: "Type 'number | undefined' is not
/// assignable to type 'number'").
///
/// A fix is also blamed for a new error in a file it edited that quotes a
/// name one of its insertions brought into the file (`'u' is of type
/// 'unknown'` after `u: unknown`), unless its own error quotes that name;
/// and a fix that only deletes, for a new parse error from the line before
/// where it took text out to three lines after.
///
/// A fix of a diagnostic that has another fix to try also counts as
/// regressed when a new error appears on its diagnostic's line (rustc's
/// `std::f32::consts::PI` where `std::f64::consts::PI` was wanted): the
/// other is tried.
///
/// Compilers that stop at their first errors (mcs, javac) report errors
/// that were always there once those are fixed, often a line or two from
/// the fix; only a line the fix wrote is its own doing. A deletion writes
/// no line; it, like any fix, is blamed for a new error anywhere that
/// quotes a name it took out.
pub(crate) fn judge(
    plan: &Plan,
    props: &[Proposal],
    errors: &[Diagnostic],
    before: &Analysis,
    after: &Analysis,
) -> Vec<Judged> {
    let reports = |a: &Analysis| -> HashMap<(String, String), u32> {
        let mut m = HashMap::new();
        for d in a.diagnostics().iter().filter(|d| is_error(d)) {
            *m.entry((said(d), path(d))).or_default() += d.count();
        }
        m
    };
    let (r_before, r_after) = (reports(before), reports(after));
    let lines_after: HashSet<(String, String, u32)> = after
        .diagnostics()
        .iter()
        .filter(|d| is_error(d))
        .filter_map(|d| d.primary().map(|s| (said(d), s.path().to_string(), s.line())))
        .collect();
    let old: HashSet<(String, String)> = before.diagnostics().iter().map(|d| (said(d), path(d))).collect();
    let fresh: Vec<(&Diagnostic, String)> = after
        .diagnostics()
        .iter()
        .filter(|d| is_error(d))
        .map(|d| (d, said(d)))
        .filter(|(d, text)| !old.contains(&(text.clone(), path(d))))
        .collect();
    let applied: Vec<(&Proposal, &Fix)> = plan
        .outcomes
        .iter()
        .filter(|o| o.outcome == FixOutcome::Applied)
        .map(|o| (&props[o.proposal], &props[o.proposal].fixes[o.fix]))
        .collect();
    // Whether a fix's diagnostic has another fix to try after it.
    let alternative: Vec<bool> = plan
        .outcomes
        .iter()
        .filter(|o| o.outcome == FixOutcome::Applied)
        .map(|o| o.fix + 1 < props[o.proposal].fixes.len())
        .collect();
    let produced = produced_lines(applied.iter().map(|(_, f)| *f), &plan.files);
    // The blocks that lines a fix wrote open (a method's body below the
    // header it made `static`), in the files as the batch left them.
    let bodies: Vec<Vec<(&str, std::ops::RangeInclusive<u32>)>> = if fresh.is_empty() {
        vec![Vec::new(); applied.len()]
    } else {
        // Each file after the batch, decoded and cut into lines once.
        let texts: Vec<(&str, std::borrow::Cow<'_, str>)> = plan
            .files
            .iter()
            .map(|f| (f.path.as_str(), String::from_utf8_lossy(&f.after)))
            .collect();
        let after: Vec<(&str, Vec<&str>)> = texts.iter().map(|(p, t)| (*p, t.lines().collect())).collect();
        produced
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .filter_map(|(file, range)| {
                        let (path, lines) = after.iter().find(|(p, _)| same_file(p, file))?;
                        Some((*path, block_opened(lines, *range.end())?))
                    })
                    .collect()
            })
            .collect()
    };
    // Each file as it was before the batch, in lines, decoded once.
    let texts: Vec<(&str, std::borrow::Cow<'_, str>)> = plan
        .files
        .iter()
        .map(|f| (f.path.as_str(), String::from_utf8_lossy(&f.before)))
        .collect();
    // Where each line of each file went.
    let line_maps: Vec<(&str, Vec<u32>)> = plan
        .files
        .iter()
        .map(|f| (f.path.as_str(), buildfix_fix::line_map(&f.before, &f.after)))
        .collect();
    let originals: Vec<(&str, Vec<&str>)> = texts
        .iter()
        .map(|(path, text)| (*path, text.split_inclusive('\n').collect()))
        .collect();
    let line_before = |path: &str, n: u32| {
        let (_, lines) = originals.iter().find(|(p, _)| same_file(p, path))?;
        let line = lines.get((n as usize).checked_sub(1)?)?;
        Some(line.trim_end_matches(['\n', '\r']).to_string())
    };
    let labels: Vec<String> = errors.iter().map(crate::proposals::label).collect();
    let mut by_label: HashMap<&str, &Diagnostic> = HashMap::new();
    for (label, d) in labels.iter().zip(errors) {
        by_label.entry(label.as_str()).or_insert(d);
    }
    // A respelling (`Usr` → `User`) of the name its own error says is not
    // there takes out nothing that worked: the other uses of that name,
    // which the compiler passed over while it was missing, are errors to
    // fix next, not ones the respelling caused.
    let removed: Vec<Vec<String>> = applied
        .iter()
        .map(|(p, fix)| {
            let own = by_label.get(p.label.as_str());
            let respelt = !written_names(fix).is_empty();
            let mut names = taken_out(fix, &line_before);
            names.retain(|n| !(respelt && own.is_some_and(|d| quotes(d, n))));
            names
        })
        .collect();
    // For each fix, the names its insertions bring into a file that had
    // none of them (`unknown` in `u: unknown`), with the file. Not those
    // of a replacement: `Crt` respelt `Cart` lets the compiler check
    // `cart.totl()` ("Property 'totl' does not exist on type 'Cart'").
    // Not the names its own error quotes: an import of `HashMap` lets the
    // compiler check `map.inser(..)`, and "no method named `inser` found
    // for struct `HashMap`" was there all along. Only wanted when the
    // rebuild reported a new error; each file's names are read once.
    let mut had: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut brought: Vec<Vec<(&str, String)>> = vec![Vec::new(); applied.len()];
    for (k, (p, fix)) in applied.iter().enumerate().filter(|_| !fresh.is_empty()) {
        let target = by_label.get(p.label.as_str());
        for e in fix.edits().iter().filter(|e| e.start() == e.end()) {
            let Some(file) = texts.iter().position(|(path, _)| same_file(path, e.path())) else {
                continue;
            };
            let had = had
                .entry(file)
                .or_insert_with(|| identifiers(&texts[file].1).into_iter().collect());
            let new = identifiers(e.replacement_text())
                .into_iter()
                .filter(|n| !had.contains(n) && !target.is_some_and(|d| quotes(d, n)));
            brought[k].extend(new.map(|n| (e.path(), n)));
        }
    }
    // Where each fix that only deletes closed its file up after the batch
    // (the line now after what it took out): a parse error new just there
    // is its doing, a statement cut short (`xs := []int{` without its
    // elements). A deletion writes no line to blame it by otherwise.
    let seams: Vec<Vec<(&str, u32)>> = applied
        .iter()
        .map(|(_, fix)| {
            if fix.edits().iter().any(|e| !e.replacement_text().is_empty()) {
                return Vec::new();
            }
            let seam = |e: &buildfix_core::Edit| {
                let (path, map) = line_maps.iter().find(|(path, _)| same_file(path, e.path()))?;
                Some((*path, *map.get(e.start().line as usize - 1)?))
            };
            fix.edits().iter().filter_map(seam).collect()
        })
        .collect();
    // The paths and generic types each fix wrote (`std::fmt::Error` of
    // `use std::fmt::Error;`, `Promise<string>`), and for each new error,
    // the fixes that wrote one it quotes ("`?` couldn't convert the error
    // to `std::fmt::Error`", "Type 'Promise<string>' is not assignable to
    // type 'string'" where the function is called): theirs, wherever it
    // stands.
    let written_paths: Vec<Vec<&str>> = applied
        .iter()
        .map(|(_, fix)| {
            let tokens = fix.edits().iter().flat_map(|e| {
                e.replacement_text()
                    .split(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '{' | '}' | '(' | ')'))
            });
            tokens
                .filter(|t| t.contains("::") || t.contains('<') && t.ends_with('>'))
                .collect()
        })
        .collect();
    let path_writers = quoting_fixes(&fresh, &written_paths);
    // For each new error, the fixes that took out a name it quotes.
    let takers = quoting_fixes(&fresh, &removed);
    applied
        .iter()
        .enumerate()
        .map(|(i, (p, fix))| {
            let target = by_label.get(p.label.as_str()).copied();
            let fingerprint = target.map_or(String::new(), |d| Clusterer::fingerprint(d).0.to_string());
            let file = fix.edits().first().map_or(String::new(), |e| e.path().to_string());
            let key = target.map_or((String::new(), String::new()), |d| (said(d), path(d)));
            let rarer = r_after.get(&key).copied().unwrap_or(0) < r_before.get(&key).copied().unwrap_or(0);
            // Where its diagnostic's line is after the batch.
            let line_after = target.and_then(Diagnostic::primary).map(|s| {
                let line = line_maps
                    .iter()
                    .find(|(path, _)| same_file(path, s.path()))
                    .and_then(|(_, map)| map.get(s.line() as usize - 1).copied())
                    .unwrap_or(s.line());
                (s.path(), line)
            });
            let moved_off =
                line_after.is_some_and(|(path, line)| !lines_after.contains(&(key.0.clone(), path.to_string(), line)));
            let fixed = rarer || moved_off;
            // A new error where its error was, when the tool offered
            // another way (`std::f32::consts::PI` or `std::f64::...`): the
            // other way is tried. Not one about a name that another error
            // of that line was about: that one's successor (once `cout`'s
            // header is in, "did you mean ‘std::cout’?"); nor one about the
            // name its own error was about, which the compiler now knows
            // and checks further (`File` imported: "no method named
            // `read_to_string` found for struct `File`").
            let displaced = alternative[i]
                && line_after.is_some_and(|(path, line)| {
                    // Not one another fix wrote the path of.
                    let here: Vec<&Diagnostic> = fresh
                        .iter()
                        .zip(&path_writers)
                        .filter(|(_, writers)| writers.iter().all(|&k| k == i))
                        .map(|((d, _), _)| *d)
                        .filter(|d| {
                            d.primary()
                                .is_some_and(|s| same_file(s.path(), path) && s.line() == line)
                        })
                        .collect();
                    // Rare: the other errors are looked at only then.
                    let own_names = target.map_or(Vec::new(), |t| quoted_identifiers(t.message()));
                    let successor =
                        |d: &Diagnostic| neighbours_quote(d, target, errors) || own_names.iter().any(|n| quotes(d, n));
                    !here.is_empty() && here.iter().any(|d| !successor(d))
                });
            // A parse error fixed lets the compiler check the rest: what it
            // finds then on the fixed line was there all along, unless the
            // parser complains again.
            let fixes_syntax = target.is_some_and(reads_like_syntax_error);
            // The names it wrote that the text it replaced did not hold:
            // none for `?.` put into `b.items.length`. Only wanted when
            // the rebuild reported a new error.
            let mut names = Vec::new();
            if !fresh.is_empty() {
                let replaced: HashSet<String> = fix
                    .edits()
                    .iter()
                    .flat_map(|e| identifiers(&replaced_text(e, &line_before)))
                    .collect();
                names = written_names(fix);
                names.retain(|n| !replaced.contains(n));
            }
            let regressed = fresh.iter().enumerate().any(|(k, (d, text))| {
                if path_writers[k].contains(&i) {
                    return true;
                }
                let takers = &takers[k];
                // An error quoting a name that fixes took out is theirs
                // alone, even on a line another fix wrote.
                if !takers.is_empty() {
                    return takers.contains(&i);
                }
                // An error in a file quoting a name the fix brought into it
                // ("'u' is of type 'unknown'").
                let quotes_brought = d
                    .primary()
                    .is_some_and(|s| brought[i].iter().any(|(f, n)| same_file(s.path(), f) && quotes(d, n)));
                let on_written_line = d.primary().is_some_and(|s| {
                    produced[i]
                        .iter()
                        .any(|(f, lines)| same_file(s.path(), f) && lines.contains(&s.line()))
                });
                // Where the text it wrote in a line begins: an error about
                // that text (tsc's `length` for `lenght`, the DOM's number:
                // "This expression is not callable").
                let at_written_text = on_written_line
                    && d.primary().is_some_and(|s| {
                        fix.edits().iter().any(|e| {
                            let text = e.replacement_text();
                            !text.is_empty() && !text.contains('\n') && s.column() == Some(e.start().column)
                        })
                    });
                let cut_short = reads_like_syntax_error(d)
                    && d.primary().is_some_and(|s| {
                        seams[i].iter().any(|&(f, at)| {
                            same_file(s.path(), f) && (at.saturating_sub(1)..=at + 3).contains(&s.line())
                        })
                    });
                // In a block a line it wrote opens, an error naming a name
                // it wrote ("non-static variable calls cannot be referenced
                // from a static context").
                let in_body = d.primary().is_some_and(|s| {
                    bodies[i]
                        .iter()
                        .any(|(f, lines)| same_file(s.path(), f) && lines.contains(&s.line()))
                });
                let names_written = !names.is_empty() && names.iter().any(|n| text.contains(n.as_str()));
                // On a line it wrote: a parse error, or an error naming
                // a name it wrote (anything, if it wrote only punctuation,
                // or names that were there).
                quotes_brought
                    || cut_short
                    || at_written_text
                    || in_body && names_written
                    || on_written_line
                        && (reads_like_syntax_error(d) || !fixes_syntax && (names.is_empty() || names_written))
            });
            let outcome = if regressed || displaced {
                Outcome::Regressed
            } else if fixed {
                Outcome::Fixed
            } else {
                Outcome::NotFixed
            };
            Judged {
                report: FixReport {
                    diagnostic: p.label.clone(),
                    message: fix.summary(),
                    origin: origin(fix),
                    outcome,
                },
                fingerprint,
                file,
                identity: identity(fix, &line_before),
            }
        })
        .collect()
}

/// For each new error, the fixes (indices into `names`, each fix's names)
/// one of whose names it quotes.
fn quoting_fixes<S: AsRef<str>>(fresh: &[(&Diagnostic, String)], names: &[Vec<S>]) -> Vec<Vec<usize>> {
    fresh
        .iter()
        .map(|(d, _)| {
            (0..names.len())
                .filter(|&k| names[k].iter().any(|n| quotes(d, n.as_ref())))
                .collect()
        })
        .collect()
}

/// Whether `d` quotes a name that an error on `target`'s line other than
/// `target` quoted: that error's successor, not a new one.
fn neighbours_quote(d: &Diagnostic, target: Option<&Diagnostic>, errors: &[Diagnostic]) -> bool {
    let Some(at) = target.and_then(Diagnostic::primary) else {
        return false;
    };
    errors
        .iter()
        .filter(|e| {
            Some(*e) != target
                && e.primary()
                    .is_some_and(|p| p.path() == at.path() && p.line() == at.line())
        })
        .flat_map(|e| quoted_identifiers(e.message()))
        .any(|n| quotes(d, &n))
}

/// What an error says, to know it again in the next build: its message and
/// notes, less what gcc and clang say of other things than the error: the
/// scope they name above the first error in a function only (`In function
/// ‘main’`), which moves to whichever error comes first once an earlier
/// one is fixed, and another name they offer for its name (`‘strdup’ ...;
/// did you mean ‘strcmp’?`, clang's notes `did you mean 'strcmp'?` and
/// `'strcmp' declared here`), which a header included brings: the error
/// is the same. Not the name itself, qualified (`‘cout’ ...; did you mean
/// ‘std::cout’?`): the header did bring it.
fn said(d: &Diagnostic) -> String {
    let c_family = matches!(d.tool(), Tool::Gcc | Tool::Clang);
    let message = d.message();
    let subject = quoted(message).into_iter().next().unwrap_or_default();
    let another_name = |offer: &str| {
        let offered = quoted(offer).into_iter().next().unwrap_or_default();
        c_family && offered.rsplit("::").next() != Some(subject)
    };
    let of_other_things = |note: &str| {
        let offer = note.strip_prefix("note: ").unwrap_or(note);
        let scope = (note.starts_with("In ") || note.starts_with("At ")) && !note.starts_with("In file included from");
        (c_family && scope)
            || ((offer.starts_with("did you mean ") || offer.ends_with(" declared here")) && another_name(offer))
    };
    let mut text = match message.split_once("; did you mean ") {
        Some((error, offer)) if another_name(offer) => error.to_string(),
        _ => message.to_string(),
    };
    for note in d.notes().iter().filter(|n| !of_other_things(n)) {
        text.push('\n');
        text.push_str(note);
    }
    text
}

/// Whether an error reads like a parser's (`expected one of ...`, `';'
/// expected`, `syntax error: ...`, mcs's `Unexpected symbol`, javac's
/// `illegal start of expression`, gcc's `... before ‘=’ token`, Python's
/// SyntaxError). On a line a fix
/// wrote, such an error is the fix's doing whatever it names: no earlier
/// error hides one, as parsing comes first.
pub(crate) fn reads_like_syntax_error(d: &Diagnostic) -> bool {
    let m = d.message().to_lowercase();
    d.code() == Some("SyntaxError")
        || ["expected ", "syntax error", "unexpected token", "unexpected symbol", "illegal start of "]
            .iter()
            .any(|start| m.starts_with(start))
        || m.trim_end_matches('.').ends_with(" expected")
        // gcc: "qualified-id in declaration before ‘=’ token"
        || (m.contains(" before ") && m.ends_with(" token"))
}

/// Columns `from..to` (1-based, `to` exclusive; to the end when `None`) of
/// `line`, counted in `unit`.
pub(crate) fn columns(line: &str, from: u32, to: Option<u32>, unit: buildfix_core::ColumnUnit) -> String {
    let (from, to) = (from.max(1) as usize - 1, to.map(|t| t.max(1) as usize - 1));
    match unit {
        buildfix_core::ColumnUnit::Chars => line
            .chars()
            .skip(from)
            .take(to.map_or(usize::MAX, |t| t.saturating_sub(from)))
            .collect(),
        buildfix_core::ColumnUnit::Bytes => {
            let bytes = line.as_bytes();
            let end = to.unwrap_or(bytes.len()).min(bytes.len());
            String::from_utf8_lossy(bytes.get(from.min(end)..end).unwrap_or_default()).into_owned()
        }
    }
}

/// The identifiers of `text` of two characters or more (one-letter names
/// would be found in too many places to tell anything).
pub(crate) fn identifiers(text: &str) -> Vec<String> {
    identifiers_of_at_least(text, 2)
}

/// The identifiers of `text` of `shortest` characters or more.
pub(crate) fn identifiers_of_at_least(text: &str, shortest: usize) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().count() >= shortest && w.starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// Keywords and built-in type names of the languages buildfix reads, which
/// a deletion cannot take out of scope (`int` in `int unused = 0;`).
const KEYWORDS: [&str; 48] = [
    "auto", "bool", "boolean", "break", "byte", "case", "char", "class", "const", "continue", "def", "default",
    "double", "else", "enum", "false", "final", "float", "fn", "for", "func", "if", "import", "int", "let", "long",
    "mut", "new", "null", "private", "pub", "public", "return", "short", "signed", "static", "string", "struct",
    "switch", "this", "true", "unsigned", "use", "val", "var", "void", "volatile", "while",
];

/// Whether the diagnostic quotes `name`, in any of the compilers' quote
/// styles, in its message or notes.
fn quotes(d: &Diagnostic, name: &str) -> bool {
    let quoted = [
        format!("`{name}`"),
        format!("`{name}'"),
        format!("'{name}'"),
        format!("\u{2018}{name}\u{2019}"),
        format!("\"{name}\""),
    ];
    std::iter::once(d.message())
        .chain(d.notes().iter().map(String::as_str))
        .any(|text| quoted.iter().any(|q| text.contains(q.as_str())))
}

/// The names a fix writes (identifiers of two characters or more). A new
/// error on a line the fix wrote is its doing when it names one of them,
/// or, for a fix that writes only punctuation (a `;`), whatever it says: an
/// error that names something else was there all along, hidden until the
/// compiler got past the fixed one.
pub(crate) fn written_names(f: &Fix) -> Vec<String> {
    let mut names: Vec<String> = f
        .edits()
        .iter()
        .flat_map(|e| identifiers(e.replacement_text()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// For each fix, the lines of the rebuilt files its edits wrote (line
/// numbers after every edit of the batch), per file.
fn produced_lines<'a>(
    fixes: impl Iterator<Item = &'a Fix>,
    files: &[buildfix_fix::FilePlan],
) -> Vec<Vec<(String, std::ops::RangeInclusive<u32>)>> {
    let fixes: Vec<&Fix> = fixes.collect();
    // Every edit of the batch, by file, in file order, with its fix.
    let mut by_file: HashMap<&str, Vec<(usize, &buildfix_core::Edit)>> = HashMap::new();
    for (i, f) in fixes.iter().enumerate() {
        for e in f.edits() {
            by_file.entry(e.path()).or_default().push((i, e));
        }
    }
    let mut out = vec![Vec::new(); fixes.len()];
    for (file, mut edits) in by_file {
        edits.sort_by_key(|(_, e)| (e.start(), e.end()));
        let mut shift: i64 = 0;
        let mut k = 0;
        while k < edits.len() {
            let e = edits[k].1;
            let start = (i64::from(e.start().line) + shift).max(1) as u32;
            // Whole lines inserted at one line start merge into one sorted
            // block, as the edit buffer writes them.
            let group = edits[k..]
                .iter()
                .take_while(|(_, o)| o.start() == e.start() && o.end() == e.start())
                .count();
            let texts: Vec<&[u8]> = edits[k..k + group]
                .iter()
                .map(|(_, o)| o.replacement_text().as_bytes())
                .collect();
            if let Some((block, at)) = (group > 1 && e.start().column == 1)
                .then(|| buildfix_fix::merge_line_insertions(&texts))
                .flatten()
            {
                for ((i, _), line) in edits[k..k + group].iter().zip(at) {
                    let line = start + line as u32;
                    out[*i].push((file.to_string(), line..=line));
                }
                shift += block.iter().filter(|&&b| b == b'\n').count() as i64;
                k += group;
                continue;
            }
            let text = e.replacement_text();
            let new_lines = text.matches('\n').count() as i64;
            if !text.is_empty() {
                let last = if text.ends_with('\n') { new_lines - 1 } else { new_lines };
                out[edits[k].0].push((file.to_string(), start..=start + last.max(0) as u32));
            }
            shift += new_lines - i64::from(e.end().line - e.start().line);
            k += 1;
        }
    }
    // Lines taken out after the edits (blank lines at the top, an emptied
    // import block) move the lines below them up.
    for (file, lines) in out.iter_mut().flatten() {
        let Some(plan) = files.iter().find(|f| same_file(&f.path, file)) else {
            continue;
        };
        let up = |line: u32| {
            let gone: u32 = plan
                .tidied
                .iter()
                .filter(|t| *t.end() < line)
                .map(|t| t.end() - t.start() + 1)
                .sum();
            line - gone
        };
        *lines = up(*lines.start())..=up(*lines.end());
    }
    out
}

/// The lines of the block that line `n` (1-based) of `lines` opens, with
/// its `{` at its end or alone on the next line: from the line after the
/// `{` to the one with the `}` closing it.
fn block_opened(lines: &[&str], n: u32) -> Option<std::ops::RangeInclusive<u32>> {
    let at = usize::try_from(n).ok()?.checked_sub(1)?;
    let open = if lines.get(at)?.trim_end().ends_with('{') {
        at
    } else if lines.get(at + 1)?.trim() == "{" {
        at + 1
    } else {
        return None;
    };
    let mut depth = 0i64;
    for (i, line) in lines.iter().enumerate().skip(open) {
        depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
        if depth <= 0 {
            return Some(u32::try_from(open + 2).ok()?..=u32::try_from(i + 1).ok()?);
        }
    }
    None
}

fn path(d: &Diagnostic) -> String {
    d.primary().map_or(String::new(), |p| p.path().to_string())
}

/// Whether two paths from logs name the same file (one may be absolute or
/// `./`-prefixed).
pub(crate) fn same_file(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches("./"), b.trim_start_matches("./"));
    a == b || a.ends_with(&format!("/{b}")) || b.ends_with(&format!("/{a}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use buildfix_core::{Applicability, ColumnUnit, Edit, Position, Suggestion};
    use buildfix_fix::FixEngineBuilder;
    use buildfix_logparse::Parser;

    fn python(dir: &std::path::Path) -> Analysis {
        let out = std::process::Command::new("python3")
            .arg("app.py")
            .current_dir(dir)
            .output()
            .expect("python3 runs");
        Parser::new().parse_bytes(&out.stderr)
    }

    #[test]
    fn a_deletion_takes_out_the_names_it_declares_not_keywords() {
        let deletion = fix((2, 1), (3, 1), "");
        let line = |_: &str, n: u32| {
            ["int main(void) {", "    int unused = count;"]
                .get(n as usize - 1)
                .map(|l| l.to_string())
        };
        assert_eq!(taken_out(&deletion, &line), ["count", "unused"]);
    }

    #[test]
    fn a_glob_import_taken_out_is_known_in_every_language_that_has_one() {
        let deletion = fix((1, 1), (2, 1), "");
        let takes_glob = |text: &str| takes_out_glob(&deletion, &|_: &str, _| Some(text.to_string()));
        assert!(takes_glob("    use super::*;"));
        assert!(takes_glob("import java.util.*;"));
        assert!(takes_glob("import kotlin.math.*"));
        assert!(takes_glob("from shop.models import *"));
        // One name each.
        assert!(!takes_glob("import * as path from \"path\";"));
        assert!(!takes_glob("use std::collections::HashMap;"));
        assert!(!takes_glob("let x = a.*b;"));
    }

    #[test]
    fn a_failed_fix_is_known_again_after_its_import_line_changed() {
        let respell_and_import = Fix::from_suggestion(&Suggestion::new(
            "test",
            Applicability::MaybeIncorrect,
            vec![
                Edit::replacement(
                    "a.ts",
                    Position::new(3, 7),
                    Position::new(3, 11),
                    ColumnUnit::Chars,
                    "size",
                ),
                Edit::insertion("a.ts", Position::new(1, 19), ColumnUnit::Chars, ", size"),
            ],
        ));
        let before = ["import { UserStore } from \"./user\";", "", "store.sise;"];
        let after = ["import { UserStore, show } from \"./user\";", "", "store.sise;"];
        let id = |lines: [&'static str; 3]| {
            identity(&respell_and_import, &move |_: &str, n: u32| {
                lines.get(n as usize - 1).map(|l| l.to_string())
            })
        };
        assert_eq!(id(before), id(after));
        // A `;` at the end of another line is another fix.
        let semicolon = |n| fix((n, 5), (n, 5), ";");
        let line = |_: &str, n: u32| ["a()", "b()"].get(n as usize - 1).map(|l| l.to_string());
        assert_ne!(identity(&semicolon(1), &line), identity(&semicolon(2), &line));
    }

    #[test]
    fn gcc_says_the_same_error_whichever_error_of_its_function_comes_first() {
        let first = "src/main.c: In function ‘main’:\n\
                     src/main.c:6:25: error: expected ‘;’ before ‘int’\n";
        let later = "src/main.c:4:23: error: implicit declaration of function ‘queue_new’\n\
                     src/main.c:6:25: error: expected ‘;’ before ‘int’\n";
        let said_last = |log: &str| said(Parser::new().parse_bytes(log.as_bytes()).diagnostics().last().unwrap());
        assert_eq!(said_last(first), said_last(later));
        assert_eq!(said_last(first), "expected ‘;’ before ‘int’");
    }

    fn fix(start: (u32, u32), end: (u32, u32), text: &str) -> Fix {
        let (start, end) = (Position::new(start.0, start.1), Position::new(end.0, end.1));
        Fix::from_suggestion(&Suggestion::new(
            "test",
            Applicability::MachineApplicable,
            vec![Edit::replacement("app.py", start, end, ColumnUnit::Chars, text)],
        ))
    }

    /// How the run judges a batch of a deletion (of lines `deleted`) and a
    /// respelling (`respelt`: its place and text) of the one error Python
    /// reports on `source` (as `app.py`); and what Python reports after it.
    fn judged_on_python(
        source: &str,
        deleted: ((u32, u32), (u32, u32)),
        respelt: ((u32, u32), (u32, u32), &str),
    ) -> (Vec<Outcome>, Analysis) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.py"), source).unwrap();
        let before = python(dir.path());
        let errors: Vec<Diagnostic> = before.diagnostics().to_vec();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let props = vec![
            Proposal {
                label: "delete the line".into(),
                fixes: vec![fix(deleted.0, deleted.1, "")],
            },
            Proposal {
                label: crate::proposals::label(&errors[0]),
                fixes: vec![fix(respelt.0, respelt.1, respelt.2)],
            },
        ];
        let engine = FixEngineBuilder::new(dir.path()).build().unwrap();
        let plan = engine.plan(&props);
        assert_eq!(plan.applied(), 2);
        engine.write(&plan).unwrap();
        let after = python(dir.path());
        let judged = judge(&plan, &props, &errors, &before, &after);
        (judged.iter().map(|j| j.report.outcome).collect(), after)
    }

    #[test]
    fn an_error_quoting_a_name_a_fix_took_out_is_that_fix_alone() {
        // One fix deletes the import, another spells the name it imports:
        // `name 'json' is not defined`, on the line the spelling fix wrote.
        let source = "import json\nprint(jsn.dumps({}))\n";
        let (outcomes, _) = judged_on_python(source, ((1, 1), (2, 1)), ((2, 7), (2, 10), "json"));
        assert_eq!(outcomes, [Outcome::Regressed, Outcome::Fixed]);
    }

    #[test]
    fn a_deletion_that_cuts_a_statement_short_is_blamed_for_the_parse_error_there() {
        // One fix deletes the first line of a statement of two lines, another
        // spells the name the error is about: "unmatched ')'" where the
        // deleted line was.
        let source = "values = (1 +\n2)\nprint(valu)\n";
        let (outcomes, after) = judged_on_python(source, ((1, 1), (2, 1)), ((3, 7), (3, 11), "values"));
        let said: Vec<&str> = after.diagnostics().iter().map(Diagnostic::message).collect();
        assert!(said[0].contains("unmatched"), "{said:?}");
        assert_eq!(outcomes, [Outcome::Regressed, Outcome::Fixed]);
    }
}
