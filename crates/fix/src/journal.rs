//! The undo journal: before the first write of a batch, the original bytes
//! of every file it touches are saved under `<state>/journal/<batch>/`
//! (one `originals` file and a manifest of where each file's bytes lie in
//! it, then an `applied` marker once every file is written), so `buildfix
//! undo` can put them back, and a crash mid-batch loses nothing.

use crate::atomic::{write_all_atomic, write_atomic};
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The errors of the journal.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Reading or writing the journal or a project file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The fixed files could not be written (staged beside each file, then
    /// renamed over it: a failure while staging changes nothing).
    #[error("cannot write fixes under {}: {source}", root.display())]
    Write {
        /// The project root.
        root: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A manifest is unreadable.
    #[error("{} is not a buildfix journal manifest: {source}", path.display())]
    Corrupt {
        /// The manifest.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// There is nothing to undo.
    #[error("nothing to undo: no batch of fixes is recorded in {}", dir.display())]
    Empty {
        /// The journal directory.
        dir: PathBuf,
    },
    /// Files changed since buildfix wrote them; undoing would lose that work.
    #[error(
        "not undoing batch {batch}: {} changed since buildfix wrote {}: {}; \
         `buildfix undo --force` restores them anyway",
        if files.len() == 1 { "a file" } else { "files" },
        if files.len() == 1 { "it" } else { "them" },
        files.join(", ")
    )]
    ChangedSince {
        /// The batch.
        batch: String,
        /// The files, relative to the root.
        files: Vec<String>,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Where a batch stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BatchState {
    /// Originals saved; writes may be under way or were cut short.
    Pending,
    /// Every file was written.
    Applied,
    /// Taken back by `buildfix undo`.
    Undone,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    version: u32,
    batch: String,
    created_unix: u64,
    state: BatchState,
    files: Vec<Entry>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    path: String,
    /// Where the original bytes lie in the batch's `originals` file.
    offset: u64,
    len: u64,
    before: String,
    after: String,
}

/// One batch, as `buildfix undo --list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchInfo {
    /// Its id (sortable by time).
    pub id: String,
    /// Seconds since the Unix epoch when it was made.
    pub created_unix: u64,
    /// Where it stands.
    pub state: BatchState,
    /// The files it touched, relative to the root.
    pub files: Vec<String>,
}

/// What undo did to each file of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndoReport {
    /// The batch.
    pub batch: String,
    /// Files put back to their original bytes.
    pub restored: Vec<String>,
    /// Files that already held their original bytes (a batch cut short).
    pub untouched: Vec<String>,
}

/// The journal of one project.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
    root: PathBuf,
}

/// A change to record: a file (relative to the root), its bytes before and after.
pub struct Change<'a> {
    /// The file, relative to the root.
    pub path: &'a str,
    /// Its bytes now.
    pub before: &'a [u8],
    /// Its bytes once the batch is written.
    pub after: &'a [u8],
}

/// The marker of a batch fully written (see [`Journal::commit`]).
const APPLIED: &str = "applied";

fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Journal {
    /// The journal kept in `<state_dir>/journal` for the project at `root`.
    pub fn new(state_dir: &Path, root: &Path) -> Journal {
        Journal {
            dir: state_dir.join("journal"),
            root: root.to_path_buf(),
        }
    }

    /// Saves the originals of a batch and returns its id; call
    /// [`Journal::commit`] once every file is written.
    ///
    /// # Errors
    ///
    /// When the journal cannot be written; nothing of the project was touched.
    pub fn begin(&self, changes: &[Change<'_>]) -> Result<String, JournalError> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let id = format!("{:010}{:09}-{}", now.as_secs(), now.subsec_nanos(), std::process::id());
        let batch_dir = self.dir.join(&id);
        if let Some(state) = self.dir.parent() {
            crate::create_state_dir(state).map_err(io_err(state))?;
        }
        fs::create_dir_all(&batch_dir).map_err(io_err(&batch_dir))?;
        let mut entries = Vec::with_capacity(changes.len());
        let mut originals = Vec::with_capacity(changes.iter().map(|c| c.before.len()).sum());
        for c in changes {
            let (offset, len) = (originals.len() as u64, c.before.len() as u64);
            originals.extend_from_slice(c.before);
            entries.push(Entry {
                path: c.path.to_string(),
                offset,
                len,
                before: hash(c.before),
                after: hash(c.after),
            });
        }
        let manifest = Manifest {
            version: 1,
            batch: id.clone(),
            created_unix: now.as_secs(),
            state: BatchState::Pending,
            files: entries,
        };
        let manifest = serde_json::to_vec_pretty(&manifest).expect("a manifest serialises");
        let originals_path = batch_dir.join("originals");
        let manifest_path = self.manifest_path(&id);
        write_all_atomic(&[(&originals_path, &originals), (&manifest_path, &manifest)]).map_err(io_err(&batch_dir))?;
        // The batch's directory itself is an entry of the journal's.
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err(&self.dir))?;
        Ok(id)
    }

    /// Marks batch `id` as fully written: an empty `applied` file beside its
    /// manifest. It is not synced: a crash that loses it leaves the batch
    /// pending, and undoing a pending batch checks each file's hash anyway.
    ///
    /// # Errors
    ///
    /// When the marker cannot be created.
    pub fn commit(&self, id: &str) -> Result<(), JournalError> {
        let path = self.dir.join(id).join(APPLIED);
        File::create(&path).map(drop).map_err(io_err(&path))
    }

    /// Every batch, newest first.
    ///
    /// # Errors
    ///
    /// When the journal cannot be read.
    pub fn list(&self) -> Result<Vec<BatchInfo>, JournalError> {
        let mut ids = match fs::read_dir(&self.dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(JournalError::Io {
                    path: self.dir.clone(),
                    source: e,
                });
            }
        };
        ids.sort_unstable_by(|a: &String, b| b.cmp(a));
        ids.iter()
            .filter(|id| self.dir.join(id).join("manifest.json").exists())
            .map(|id| {
                let m = self.read_manifest(id)?;
                let files = m.files.iter().map(|f| f.path.clone()).collect();
                Ok(BatchInfo {
                    id: m.batch,
                    created_unix: m.created_unix,
                    state: m.state,
                    files,
                })
            })
            .collect()
    }

    /// Restores the files of the newest batch not yet undone.
    ///
    /// Refuses, changing nothing, when a file changed since buildfix wrote
    /// it, unless `force`.
    ///
    /// # Errors
    ///
    /// [`JournalError::Empty`], [`JournalError::ChangedSince`], or I/O.
    pub fn undo_last(&self, force: bool) -> Result<UndoReport, JournalError> {
        let last = self.list()?.into_iter().find(|b| b.state != BatchState::Undone);
        let Some(batch) = last else {
            return Err(JournalError::Empty { dir: self.dir.clone() });
        };
        self.undo(&batch.id, force)
    }

    /// Restores the files of batch `id`; see [`Journal::undo_last`].
    ///
    /// # Errors
    ///
    /// As [`Journal::undo_last`].
    pub fn undo(&self, id: &str, force: bool) -> Result<UndoReport, JournalError> {
        let mut m = self.read_manifest(id)?;
        let mut plan = Vec::new();
        let mut changed = Vec::new();
        for f in &m.files {
            let target = self.project_path(&f.path)?;
            let now = fs::read(&target).ok().map(|b| hash(&b));
            match now {
                Some(h) if h == f.before => plan.push((f, target, false)),
                Some(h) if h == f.after => plan.push((f, target, true)),
                _ if force => plan.push((f, target, true)),
                _ => changed.push(f.path.clone()),
            }
        }
        if !changed.is_empty() {
            return Err(JournalError::ChangedSince {
                batch: id.to_string(),
                files: changed,
            });
        }
        let stored = self.dir.join(id).join("originals");
        let originals = fs::read(&stored).map_err(io_err(&stored))?;
        let mut report = UndoReport {
            batch: id.to_string(),
            restored: Vec::new(),
            untouched: Vec::new(),
        };
        let mut writes = Vec::new();
        for (f, target, restore) in plan {
            if !restore {
                report.untouched.push(f.path.clone());
                continue;
            }
            let range = usize::try_from(f.offset)
                .ok()
                .zip(usize::try_from(f.offset + f.len).ok());
            let original = range
                .and_then(|(a, b)| originals.get(a..b))
                .ok_or_else(|| JournalError::Io {
                    path: stored.clone(),
                    source: io::Error::new(io::ErrorKind::InvalidData, "the journal's originals are cut short"),
                })?;
            writes.push((target, original));
            report.restored.push(f.path.clone());
        }
        let files: Vec<(&Path, &[u8])> = writes.iter().map(|(p, b)| (p.as_path(), *b)).collect();
        write_all_atomic(&files).map_err(io_err(&self.root))?;
        m.state = BatchState::Undone;
        self.write_manifest(&m)?;
        Ok(report)
    }

    /// A journalled path joined to the root; a manifest is data on disk, so
    /// its paths are checked like any other input.
    fn project_path(&self, path: &str) -> Result<PathBuf, JournalError> {
        let p = Path::new(path);
        if p.components().all(|c| matches!(c, Component::Normal(_))) {
            Ok(self.root.join(p))
        } else {
            let source = io::Error::new(io::ErrorKind::InvalidData, "journalled path leaves the project root");
            Err(JournalError::Io {
                path: p.to_path_buf(),
                source,
            })
        }
    }

    fn manifest_path(&self, id: &str) -> PathBuf {
        self.dir.join(id).join("manifest.json")
    }

    fn read_manifest(&self, id: &str) -> Result<Manifest, JournalError> {
        let path = self.manifest_path(id);
        let bytes = fs::read(&path).map_err(io_err(&path))?;
        let mut m: Manifest =
            serde_json::from_slice(&bytes).map_err(|source| JournalError::Corrupt { path, source })?;
        if m.state == BatchState::Pending && self.dir.join(id).join(APPLIED).exists() {
            m.state = BatchState::Applied;
        }
        Ok(m)
    }

    fn write_manifest(&self, m: &Manifest) -> Result<(), JournalError> {
        let path = self.manifest_path(&m.batch);
        let bytes = serde_json::to_vec_pretty(m).expect("a manifest serialises");
        write_atomic(&path, &bytes).map_err(io_err(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_goes_pending_applied_undone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        fs::create_dir(&root).unwrap();
        fs::write(root.join("a.c"), "old").unwrap();
        let journal = Journal::new(&dir.path().join("state"), &root);
        let id = journal
            .begin(&[Change {
                path: "a.c",
                before: b"old",
                after: b"new",
            }])
            .unwrap();
        let state = || journal.list().unwrap()[0].state;
        assert_eq!(state(), BatchState::Pending);
        fs::write(root.join("a.c"), "new").unwrap();
        journal.commit(&id).unwrap();
        assert_eq!(state(), BatchState::Applied);
        let report = journal.undo_last(false).unwrap();
        assert_eq!(report.restored, ["a.c"]);
        assert_eq!(fs::read_to_string(root.join("a.c")).unwrap(), "old");
        // Undone stays undone, marker or not; nothing is left to undo.
        assert_eq!(state(), BatchState::Undone);
        assert!(matches!(journal.undo_last(false), Err(JournalError::Empty { .. })));
    }
}
