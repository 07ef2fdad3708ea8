//! Planning a batch of fixes against the tree, and writing it.

use crate::atomic::write_all_atomic;
use crate::buffer::{ByteEdit, Conflict, EditBuffer};
use crate::jail::Jail;
use crate::journal::{Change, Journal, JournalError};
use crate::resolve::{LineIndex, line_starts, resolve};
use buildfix_core::{Applicability, Fix};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

/// The fixes proposed for one diagnostic, the preferred one first.
#[derive(Clone, Debug)]
pub struct Proposal {
    /// How to name the diagnostic in reports (`src/main.rs:5:9 error[E0425]`).
    pub label: String,
    /// Its fixes; the first one that passes the policy is taken.
    pub fixes: Vec<Fix>,
}

/// Which fixes of a diagnostic are taken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The first fix that passes the applicability policy; the others are
    /// reported as alternatives.
    #[default]
    Preferred,
    /// Every fix that passes, as rustfix and `cargo fix` do.
    Rustfix,
}

/// What happened to one fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Its edits are in the planned contents.
    Applied,
    /// It is exactly a fix already taken (cargo reports the same diagnostic
    /// for several targets); nothing to do.
    Duplicate,
    /// It was not taken.
    Skipped(Skip),
}

/// Why a fix was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Less safe than the policy allows.
    BelowThreshold(Applicability),
    /// Another fix of the same diagnostic was taken.
    Alternative,
    /// It overlaps a fix already taken.
    Overlap,
    /// A path it names may not be written (outside the root, in `.git`,
    /// not a regular file, missing).
    UnsafePath(String),
    /// The file changed since the log was written.
    Stale(String),
    /// The file could not be read.
    Unreadable(String),
}

impl Skip {
    /// The reason in a few words, for reports.
    pub fn reason(&self) -> String {
        match self {
            Skip::BelowThreshold(a) => format!("{a} is below the --apply threshold"),
            Skip::Alternative => "an alternative to the fix taken".to_string(),
            Skip::Overlap => "overlaps a fix already taken".to_string(),
            Skip::UnsafePath(why) => format!("unsafe path: {why}"),
            Skip::Stale(why) => format!("stale: {why}"),
            Skip::Unreadable(why) => format!("unreadable: {why}"),
        }
    }
}

/// The outcome of one fix of one proposal.
#[derive(Clone, Debug)]
pub struct FixOutcome {
    /// Index of the proposal.
    pub proposal: usize,
    /// Index of the fix within it.
    pub fix: usize,
    /// The file of its first edit, as the log named it.
    pub file: String,
    /// What happened.
    pub outcome: Outcome,
}

/// A file the plan changes.
#[derive(Clone, Debug)]
pub struct FilePlan {
    /// Relative to the root.
    pub path: String,
    real: PathBuf,
    /// Its bytes now.
    pub before: Vec<u8>,
    /// Its bytes after the batch.
    pub after: Vec<u8>,
    /// The lines taken out after the edits, as a formatter would (blank
    /// lines the batch brought to the top, an import block it emptied),
    /// numbered as the edits left them: where an edit's lines end up is
    /// found through them.
    pub tidied: Vec<std::ops::RangeInclusive<u32>>,
}

/// A batch of fixes resolved against the tree: what would change and what
/// was skipped. Nothing is written until [`FixEngine::write`].
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The files that change, in the order first touched.
    pub files: Vec<FilePlan>,
    /// One entry per fix considered.
    pub outcomes: Vec<FixOutcome>,
}

impl Plan {
    /// How many fixes were taken.
    pub fn applied(&self) -> usize {
        self.outcomes.iter().filter(|o| o.outcome == Outcome::Applied).count()
    }

    /// How many fixes were skipped (duplicates are not counted).
    pub fn skipped(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o.outcome, Outcome::Skipped(_)))
            .count()
    }

    /// The unified diff of every change, `git apply`-able.
    pub fn diff(&self) -> String {
        self.files
            .iter()
            .map(|f| crate::diff::unified(&f.path, &f.before, &f.after))
            .collect()
    }
}

/// Configures a [`FixEngine`].
#[derive(Clone, Debug)]
pub struct FixEngineBuilder {
    root: PathBuf,
    state_dir: Option<PathBuf>,
    min: Applicability,
    mode: Mode,
}

impl FixEngineBuilder {
    /// An engine for the project at `root`: MachineApplicable fixes only, the
    /// preferred fix of each diagnostic, state in `<root>/.buildfix`.
    pub fn new(root: impl Into<PathBuf>) -> FixEngineBuilder {
        FixEngineBuilder {
            root: root.into(),
            state_dir: None,
            min: Applicability::MachineApplicable,
            mode: Mode::default(),
        }
    }

    /// Keeps the journal under `dir` instead of `<root>/.buildfix`.
    pub fn state_dir(mut self, dir: Option<PathBuf>) -> FixEngineBuilder {
        self.state_dir = dir;
        self
    }

    /// Takes fixes at least as safe as `min`.
    pub fn min_applicability(mut self, min: Applicability) -> FixEngineBuilder {
        self.min = min;
        self
    }

    /// Chooses which fixes of a diagnostic are taken.
    pub fn mode(mut self, mode: Mode) -> FixEngineBuilder {
        self.mode = mode;
        self
    }

    /// Builds the engine.
    ///
    /// # Errors
    ///
    /// When the root cannot be resolved.
    pub fn build(self) -> io::Result<FixEngine> {
        let jail = Jail::new(&self.root)?;
        let state = crate::state_dir(jail.root(), self.state_dir.as_deref());
        let journal = Journal::new(&state, jail.root());
        Ok(FixEngine {
            jail,
            journal,
            min: self.min,
            mode: self.mode,
        })
    }
}

/// Applies fixes to one project tree.
#[derive(Clone, Debug)]
pub struct FixEngine {
    jail: Jail,
    journal: Journal,
    min: Applicability,
    mode: Mode,
}

/// The files a plan edits, by their path relative to the root, and the
/// path each edit names resolved to that one (`./stock.h` and `stock.h`,
/// as two tools print it, are one file).
struct Files {
    states: HashMap<String, FileState>,
    rel_of: HashMap<String, String>,
}

struct FileState {
    rel: String,
    real: PathBuf,
    starts: Vec<usize>,
    buffer: EditBuffer,
    order: usize,
}

impl FixEngine {
    /// The project's journal.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Resolves every proposal against the tree as it is, in order, and
    /// computes the new contents. Reads files (in parallel); writes nothing.
    pub fn plan(&self, proposals: &[Proposal]) -> Plan {
        let (mut files, unreachable) = self.read_files(proposals);
        let mut outcomes = Vec::new();
        for (p, proposal) in proposals.iter().enumerate() {
            let mut taken = false;
            for (f, fix) in proposal.fixes.iter().enumerate() {
                let outcome = if fix.applicability() < self.min {
                    Outcome::Skipped(Skip::BelowThreshold(fix.applicability()))
                } else if taken && self.mode == Mode::Preferred {
                    Outcome::Skipped(Skip::Alternative)
                } else {
                    let o = self.take(fix, &mut files, &unreachable);
                    taken |= o == Outcome::Applied || o == Outcome::Duplicate;
                    o
                };
                let file = fix.edits().first().map_or_else(String::new, |e| e.path().to_string());
                outcomes.push(FixOutcome {
                    proposal: p,
                    fix: f,
                    file,
                    outcome,
                });
            }
        }
        let mut changed: Vec<FileState> = files.states.into_values().filter(|s| s.buffer.is_changed()).collect();
        changed.sort_by_key(|s| s.order);
        // What rustfix would write, byte for byte, in its mode.
        let tidy = |s: &FileState| match self.mode {
            Mode::Preferred => crate::tidy::tidy(&s.rel, s.buffer.original(), s.buffer.contents()),
            Mode::Rustfix => (s.buffer.contents(), Vec::new()),
        };
        let files = changed
            .into_par_iter()
            .map(|s| {
                let (after, tidied) = tidy(&s);
                FilePlan {
                    after,
                    tidied,
                    before: s.buffer.original().to_vec(),
                    path: s.rel,
                    real: s.real,
                }
            })
            .collect();
        Plan { files, outcomes }
    }

    /// Reads, in parallel, every file that an eligible fix names, once
    /// however many ways it is named.
    fn read_files(&self, proposals: &[Proposal]) -> (Files, HashMap<String, Skip>) {
        let mut names: Vec<&str> = proposals
            .iter()
            .flat_map(|p| &p.fixes)
            .filter(|f| f.applicability() >= self.min)
            .flat_map(|f| f.edits().iter().map(|e| e.path()))
            .collect();
        let mut seen = std::collections::HashSet::new();
        names.retain(|n| seen.insert(*n));
        let read: Vec<(String, Result<FileState, Skip>)> = names
            .par_iter()
            .enumerate()
            .map(|(order, name)| (name.to_string(), self.read_one(name, order)))
            .collect();
        let mut files = Files {
            states: HashMap::new(),
            rel_of: HashMap::new(),
        };
        let mut bad = HashMap::new();
        for (name, r) in read {
            match r {
                Ok(state) => {
                    files.rel_of.insert(name, state.rel.clone());
                    files.states.entry(state.rel.clone()).or_insert(state);
                }
                Err(skip) => {
                    bad.insert(name, skip);
                }
            }
        }
        (files, bad)
    }

    fn read_one(&self, name: &str, order: usize) -> Result<FileState, Skip> {
        let real = self.jail.resolve(name).map_err(|r| Skip::UnsafePath(r.to_string()))?;
        let bytes = std::fs::read(&real).map_err(|e| Skip::Unreadable(format!("{name}: {e}")))?;
        let rel = self.jail.relative(&real).to_string_lossy().into_owned();
        Ok(FileState {
            rel,
            real,
            starts: line_starts(&bytes),
            buffer: EditBuffer::new(bytes),
            order,
        })
    }

    /// Resolves and applies one fix, all or nothing across its files.
    fn take(&self, fix: &Fix, files: &mut Files, unreachable: &HashMap<String, Skip>) -> Outcome {
        let mut per_file: Vec<(String, Vec<ByteEdit>)> = Vec::new();
        for edit in fix.edits() {
            if let Some(skip) = unreachable.get(edit.path()) {
                return Outcome::Skipped(skip.clone());
            }
            let Some((rel, state)) = files
                .rel_of
                .get(edit.path())
                .and_then(|rel| files.states.get_key_value(rel))
            else {
                return Outcome::Skipped(Skip::Unreadable(edit.path().to_string()));
            };
            let index = LineIndex::new(state.buffer.original(), &state.starts);
            let byte_edit = match resolve(edit, &index) {
                Ok(b) => b,
                Err(stale) => return Outcome::Skipped(Skip::Stale(format!("{}: {stale}", edit.path()))),
            };
            match per_file.iter_mut().find(|(p, _)| p == rel) {
                Some((_, edits)) => edits.push(byte_edit),
                None => per_file.push((rel.clone(), vec![byte_edit])),
            }
        }
        // Edits identical to ones already taken, or lines another fix
        // inserts, are there already; the rest must fit.
        for (path, edits) in &mut per_file {
            let buffer = &files.states[path.as_str()].buffer;
            edits.retain(|e| !buffer.contains(e) && !buffer.inserts_already(e));
            if let Err(conflict) = buffer.check(edits) {
                return Outcome::Skipped(match conflict {
                    Conflict::Overlap { .. } => Skip::Overlap,
                    e @ Conflict::OutOfBounds { .. } => Skip::Stale(e.to_string()),
                });
            }
        }
        if per_file.iter().all(|(_, edits)| edits.is_empty()) {
            return Outcome::Duplicate;
        }
        for (path, edits) in per_file {
            let applied = files.states.get_mut(&path).map(|state| state.buffer.apply(&edits));
            debug_assert!(matches!(applied, Some(Ok(()))), "checked edits apply");
        }
        Outcome::Applied
    }

    /// Writes a plan: journals the originals, then replaces every file
    /// atomically, in parallel. Returns the batch id, or `None` when the
    /// plan changes nothing.
    ///
    /// # Errors
    ///
    /// When the journal or a file cannot be written. Files already written
    /// stay written and the batch stays in the journal as pending, so
    /// `buildfix undo` restores them.
    pub fn write(&self, plan: &Plan) -> Result<Option<String>, JournalError> {
        if plan.files.is_empty() {
            return Ok(None);
        }
        let changes: Vec<Change<'_>> = plan
            .files
            .iter()
            .map(|f| Change {
                path: &f.path,
                before: &f.before,
                after: &f.after,
            })
            .collect();
        let batch = self.journal.begin(&changes)?;
        let files: Vec<(&Path, &[u8])> = plan
            .files
            .iter()
            .map(|f| (f.real.as_path(), f.after.as_slice()))
            .collect();
        write_all_atomic(&files).map_err(|source| JournalError::Write {
            root: self.jail.root().to_path_buf(),
            source,
        })?;
        self.journal.commit(&batch)?;
        Ok(Some(batch))
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        self.jail.root()
    }
}

#[cfg(test)]
mod tests {
    use super::{FixEngineBuilder, Proposal};
    use buildfix_core::{Applicability, ColumnUnit, Edit, Fix, Position, Suggestion};

    #[test]
    fn a_file_named_two_ways_is_edited_once_with_every_fix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.c"), "int x = 1;\nint y = 2;\n").unwrap();
        let set = |path: &str, line: u32, to: &str| Proposal {
            label: format!("{path}:{line}"),
            fixes: vec![Fix::from_suggestion(&Suggestion::new(
                "set",
                Applicability::MachineApplicable,
                vec![Edit::replacement(
                    path,
                    Position::new(line, 9),
                    Position::new(line, 10),
                    ColumnUnit::Bytes,
                    to,
                )],
            ))],
        };
        // clang names a header's note `./a.c`; its error, `a.c`.
        let props = [set("a.c", 1, "3"), set("./a.c", 2, "4")];
        let engine = FixEngineBuilder::new(dir.path()).build().unwrap();
        let plan = engine.plan(&props);
        assert_eq!(plan.applied(), 2);
        assert_eq!(plan.files.len(), 1);
        assert_eq!(plan.files[0].after, b"int x = 3;\nint y = 4;\n");
    }
}
