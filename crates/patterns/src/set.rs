//! The compiled, immutable matcher: patterns indexed by tool and code, an
//! aho-corasick prefilter over their literals, and regexes compiled on
//! first use.

use crate::library::{ActionKind, Library, Pattern};
use crate::regex::PatternRegex;
use crate::template::fill;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use buildfix_core::{Diagnostic, Tool};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// A pattern that matched a diagnostic, with the message's captures.
#[derive(Clone, Debug)]
pub struct Match<'a> {
    /// The pattern.
    pub pattern: &'a Pattern,
    /// Its named captures.
    pub captures: BTreeMap<String, String>,
    /// Its source line regex, compiled.
    pub(crate) line: Option<&'a PatternRegex>,
    /// Its regex for the line before the span, compiled.
    pub(crate) before: Option<&'a PatternRegex>,
}

impl Match<'_> {
    /// What the pattern says to do, when it is an `advise` pattern.
    pub fn advice(&self) -> Option<String> {
        let a = &self.pattern.action;
        (a.kind == ActionKind::Advise).then(|| fill(a.text.as_deref()?, &self.captures))?
    }
}

/// The library, ready to match. Cheap to clone and share across threads.
#[derive(Clone)]
pub struct PatternSet {
    inner: Arc<Inner>,
}

struct Inner {
    lib: Library,
    regexes: Vec<OnceLock<PatternRegex>>,
    /// Each pattern's source line regex, compiled when it first matches.
    lines: Vec<OnceLock<PatternRegex>>,
    befores: Vec<OnceLock<PatternRegex>>,
    prefilter: Option<AhoCorasick>,
    /// For each prefilter literal, the pattern it belongs to.
    owner: Vec<usize>,
    by_tool: HashMap<Tool, Vec<usize>>,
    regex_runs: AtomicU64,
}

/// Tools whose diagnostics share message texts, so one pattern serves both.
pub fn family(tool: Tool) -> Tool {
    match tool {
        Tool::Clang => Tool::Gcc,
        Tool::Msbuild => Tool::Csharp,
        Tool::Maven => Tool::Javac,
        Tool::Pytest => Tool::Python,
        other => other,
    }
}

/// The text patterns match: the message, then each note on its own line.
pub fn match_text(d: &Diagnostic) -> String {
    let mut text = d.message().to_string();
    for note in d.notes() {
        text.push('\n');
        text.push_str(note);
    }
    text
}

impl PatternSet {
    /// Builds the matcher over `lib`. Regexes are compiled when first needed.
    pub fn new(lib: Library) -> PatternSet {
        let mut literals = Vec::new();
        let mut owner = Vec::new();
        let mut by_tool: HashMap<Tool, Vec<usize>> = HashMap::new();
        for (i, p) in lib.patterns.iter().enumerate() {
            by_tool.entry(family(p.tool)).or_default().push(i);
            for l in p.literals.iter().flatten() {
                literals.push(l.clone());
                owner.push(i);
            }
        }
        let prefilter = (!literals.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                // Messages are short: a contiguous NFA searches them about as
                // fast as a DFA, and builds in a fraction of its time (the
                // build is paid by every command that loads the library).
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&literals)
                .expect("literals are plain strings")
        });
        let regexes = lib.patterns.iter().map(|_| OnceLock::new()).collect();
        let lines = lib.patterns.iter().map(|_| OnceLock::new()).collect();
        let befores = lib.patterns.iter().map(|_| OnceLock::new()).collect();
        PatternSet {
            inner: Arc::new(Inner {
                lib,
                regexes,
                lines,
                befores,
                prefilter,
                owner,
                by_tool,
                regex_runs: AtomicU64::new(0),
            }),
        }
    }

    /// The library it matches.
    pub fn library(&self) -> &Library {
        &self.inner.lib
    }

    /// How many times a regex ran since the set was built (for tests and
    /// benchmarks of the prefilter and of caching).
    pub fn regex_runs(&self) -> u64 {
        self.inner.regex_runs.load(Ordering::Relaxed)
    }

    /// What the first matching `advise` pattern says to do about `d`.
    pub fn advice(&self, d: &Diagnostic) -> Option<String> {
        self.matches(d).iter().find_map(Match::advice)
    }

    /// Whether a pattern that can fix `d` matches it (`advise` fixes
    /// nothing).
    pub fn knows_a_fix(&self, d: &Diagnostic) -> bool {
        self.matches(d)
            .iter()
            .any(|m| m.pattern.action.kind != ActionKind::Advise)
    }

    /// Every pattern matching `d`, in library order.
    pub fn matches(&self, d: &Diagnostic) -> Vec<Match<'_>> {
        let inner = &*self.inner;
        let Some(candidates) = inner.by_tool.get(&family(d.tool())) else {
            return Vec::new();
        };
        let text = match_text(d);
        let mut hit = vec![false; inner.lib.patterns.len()];
        if let Some(ac) = &inner.prefilter {
            for m in ac.find_overlapping_iter(&text) {
                hit[inner.owner[m.pattern().as_usize()]] = true;
            }
        }
        candidates
            .iter()
            .filter(|&&i| {
                let p = &inner.lib.patterns[i];
                (p.codes.is_empty() || d.code().is_some_and(|c| p.codes.iter().any(|x| same_code(x, c))))
                    && (p.literals.is_none() || hit[i])
            })
            .filter_map(|&i| {
                let p = &inner.lib.patterns[i];
                let re = inner.regexes[i]
                    .get_or_init(|| PatternRegex::new(&p.message).expect("compiled patterns hold valid regexes"));
                inner.regex_runs.fetch_add(1, Ordering::Relaxed);
                let captures = re.captures(&text)?;
                Some(Match {
                    pattern: p,
                    captures,
                    line: compiled(&p.line_regex, &inner.lines[i]),
                    before: compiled(&p.before_regex, &inner.befores[i]),
                })
            })
            .collect()
    }

    /// The set as a versioned artifact (postcard), for `patterns compile -o`.
    pub fn to_artifact(&self) -> Vec<u8> {
        let artifact = Artifact {
            magic: MAGIC,
            version: ARTIFACT_VERSION,
            library: self.inner.lib.clone(),
        };
        postcard::to_stdvec(&artifact).expect("a library serialises")
    }

    /// Loads an artifact written by [`PatternSet::to_artifact`].
    ///
    /// # Errors
    ///
    /// When the bytes are not an artifact of this version.
    pub fn from_artifact(bytes: &[u8]) -> Result<PatternSet, ArtifactError> {
        let head: (u32, u32) = postcard::take_from_bytes(bytes)
            .map(|(h, _)| h)
            .map_err(|_| ArtifactError::NotAnArtifact)?;
        if head.0 != MAGIC {
            return Err(ArtifactError::NotAnArtifact);
        }
        if head.1 != ARTIFACT_VERSION {
            return Err(ArtifactError::Version {
                found: head.1,
                expected: ARTIFACT_VERSION,
            });
        }
        let a: Artifact = postcard::from_bytes(bytes).map_err(|_| ArtifactError::NotAnArtifact)?;
        Ok(PatternSet::new(a.library))
    }
}

/// The regex `source` of a pattern, compiled once into `cell`.
fn compiled<'a>(source: &Option<String>, cell: &'a OnceLock<PatternRegex>) -> Option<&'a PatternRegex> {
    let source = source.as_deref()?;
    Some(cell.get_or_init(|| PatternRegex::new(source).expect("compiled patterns hold valid regexes")))
}

/// Whether a diagnostic's code `code` is the pattern's `wanted`: the same,
/// or a warning made an error by `-Werror`: gcc's `-Werror=unused-variable`
/// and clang's `-Werror,-Wunused-variable` for `-Wunused-variable`.
fn same_code(wanted: &str, code: &str) -> bool {
    code.split(',').any(|part| {
        part == wanted
            || part
                .strip_prefix("-Werror=")
                .is_some_and(|warning| wanted.strip_prefix("-W") == Some(warning))
    })
}

const MAGIC: u32 = 0x4246_5054; // "BFPT"
// 2: `delete-list-item`, `end-of-code` and `imported_only`; 3: `before`,
// `cast-to-void` and `reindent`.
const ARTIFACT_VERSION: u32 = 3;

#[derive(Serialize, Deserialize)]
struct Artifact {
    magic: u32,
    version: u32,
    library: Library,
}

/// Why an artifact cannot be loaded.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArtifactError {
    /// Not a pattern artifact, or a damaged one.
    #[error("not a buildfix pattern artifact (or a damaged one)")]
    NotAnArtifact,
    /// Written by another version of buildfix.
    #[error(
        "pattern artifact version {found}, this buildfix reads version {expected}: run `buildfix patterns compile` again"
    )]
    Version {
        /// The artifact's version.
        found: u32,
        /// This build's.
        expected: u32,
    },
}

#[cfg(test)]
mod tests {
    use super::same_code;

    #[test]
    fn a_warning_made_an_error_keeps_its_code() {
        for code in [
            "-Wunused-variable",
            "-Werror=unused-variable",
            "-Werror,-Wunused-variable",
        ] {
            assert!(same_code("-Wunused-variable", code), "{code}");
        }
        assert!(!same_code("-Wunused-variable", "-Werror=unused-function"));
        assert!(!same_code("-Wunused", "-Wunused-variable"));
    }
}
