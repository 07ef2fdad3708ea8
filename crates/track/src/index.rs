//! The file index and its snapshots.

use rayon::prelude::*;
use rusqlite::{Connection, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The errors of the tracker.
#[derive(Debug, thiserror::Error)]
pub enum TrackError {
    /// The database failed.
    #[error("{}: {source}", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// A snapshot's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnapshotId(pub i64);

/// How a file changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// New since the snapshot.
    Added,
    /// Other content.
    Modified,
    /// Gone.
    Removed,
}

/// A file that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Relative to the root, with `/` separators.
    pub path: String,
    /// How.
    pub kind: ChangeKind,
}

/// What one refresh of the index did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refresh {
    /// Files in the tree.
    pub files: usize,
    /// Files hashed (new, or size or modification time moved).
    pub hashed: usize,
}

const SCHEMA: &str = r"
CREATE TABLE IF NOT EXISTS track_files (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS track_snapshots (
    id       INTEGER PRIMARY KEY,
    taken_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS track_green (
    snapshot INTEGER PRIMARY KEY REFERENCES track_snapshots(id) ON DELETE CASCADE
);
-- Each version of a file: its hash in snapshots `since` up to, not
-- including, `until` (NULL while it is current). A snapshot costs a row per
-- file that changed, not per file.
CREATE TABLE IF NOT EXISTS track_versions (
    path  TEXT NOT NULL,
    hash  TEXT NOT NULL,
    since INTEGER NOT NULL,
    until INTEGER,
    PRIMARY KEY (path, since)
);
-- A row per file per snapshot: the layout before versions.
DROP TABLE IF EXISTS track_snapshot_files;
";

/// Snapshots kept (a run needs the last few); older ones are deleted as new
/// ones are taken, but the last green one, and with them the versions of
/// files that no kept snapshot holds.
pub const KEPT_SNAPSHOTS: i64 = 32;

/// A project's files as they were at one moment: path and content hash.
pub struct Tree {
    files: HashMap<String, String>,
}

impl Tree {
    /// Records that `path` (relative to the root, `/`-separated) now holds
    /// `contents`: a file written since the tree was read.
    pub fn set(&mut self, path: &str, contents: &[u8]) {
        self.files.insert(path.to_string(), hex_hash(contents));
    }

    /// Records that `path` is gone.
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// Whether the tree has `path` (a file ignored, or outside the root, it
    /// does not).
    pub fn knows(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Whether `path` holds exactly `contents` in the tree.
    pub fn holds(&self, path: &str, contents: &[u8]) -> bool {
        self.files.get(path).is_some_and(|h| *h == hex_hash(contents))
    }

    /// One hash of the whole tree: of every file's path and content hash, in
    /// path order.
    pub fn hash(&self) -> String {
        let mut files: Vec<(&String, &String)> = self.files.iter().collect();
        files.sort_unstable();
        let mut hasher = blake3::Hasher::new();
        for (path, hash) in files {
            hasher
                .update(path.as_bytes())
                .update(&[0xff])
                .update(hash.as_bytes())
                .update(&[0xff]);
        }
        hasher.finalize().to_hex().to_string()
    }
}

/// The index of one project.
pub struct Tracker {
    conn: Connection,
    db: PathBuf,
    root: PathBuf,
    last: Refresh,
    /// The newest snapshot this tracker took, and its files: what the next
    /// one differs from, unless another process took one since.
    newest: Option<(i64, HashMap<String, String>)>,
    /// The index as this tracker last read or wrote it, which its next
    /// refresh starts from. A row another process changed since costs at
    /// most a file hashed again: a file is trusted only when its size and
    /// modification time are as this tracker saw them when it hashed it.
    index: Option<Index>,
}

/// Each file's size, modification time and hash, by path.
type Index = HashMap<String, (i64, i64, String)>;

struct Stat {
    path: String,
    size: i64,
    mtime_ns: i64,
}

impl Tracker {
    /// Opens the index kept in the database at `db` for the project at `root`.
    ///
    /// # Errors
    ///
    /// When the database cannot be opened.
    pub fn open(db: &Path, root: &Path) -> Result<Tracker, TrackError> {
        let conn = crate::db::open(db, SCHEMA)?;
        Ok(Tracker {
            conn,
            db: db.to_path_buf(),
            root: root.to_path_buf(),
            last: Refresh::default(),
            newest: None,
            index: None,
        })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> TrackError + '_ {
        |source| TrackError::Sqlite {
            path: self.db.clone(),
            source,
        }
    }

    /// What the last refresh of the index did.
    pub fn last_refresh(&self) -> Refresh {
        self.last
    }

    /// Brings the index up to date with the tree: hashes, in parallel, the
    /// files whose size or modification time moved, and forgets files that
    /// are gone. Returns path and hash of every file.
    fn refresh(&mut self) -> Result<HashMap<String, String>, TrackError> {
        let mut known = match self.index.take() {
            Some(known) => known,
            None => self.read_index()?,
        };
        let stats = self.walk();
        let stale: Vec<&Stat> = stats
            .iter()
            .filter(|s| {
                known
                    .get(&s.path)
                    .is_none_or(|(size, mtime, _)| (*size, *mtime) != (s.size, s.mtime_ns))
            })
            .collect();
        let root = &self.root;
        let hashed: Vec<(&Stat, String)> = stale
            .par_iter()
            .filter_map(|s| {
                std::fs::read(root.join(&s.path))
                    .ok()
                    .map(|bytes| (*s, hex_hash(&bytes)))
            })
            .collect();
        let present: std::collections::HashSet<&str> = stats.iter().map(|s| s.path.as_str()).collect();
        let path = self.db.clone();
        let err = |source| TrackError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut upsert = tx
                .prepare("INSERT OR REPLACE INTO track_files (path, size, mtime_ns, hash) VALUES (?1, ?2, ?3, ?4)")
                .map_err(err)?;
            for (s, hash) in &hashed {
                upsert.execute(params![s.path, s.size, s.mtime_ns, hash]).map_err(err)?;
            }
            let mut delete = tx.prepare("DELETE FROM track_files WHERE path = ?1").map_err(err)?;
            for gone in known.keys().filter(|p| !present.contains(p.as_str())) {
                delete.execute(params![gone]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        self.last = Refresh {
            files: stats.len(),
            hashed: hashed.len(),
        };
        known.retain(|p, _| present.contains(p.as_str()));
        known.extend(
            hashed
                .into_iter()
                .map(|(s, h)| (s.path.clone(), (s.size, s.mtime_ns, h))),
        );
        let current = known.iter().map(|(p, (_, _, h))| (p.clone(), h.clone())).collect();
        self.index = Some(known);
        Ok(current)
    }

    /// The index as the database holds it: path, size, modification time
    /// and hash of every file.
    fn read_index(&self) -> Result<Index, TrackError> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, size, mtime_ns, hash FROM track_files")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Every source file under the root that can be read, with its size and
    /// modification time.
    fn walk(&self) -> Vec<Stat> {
        let mut out = Vec::new();
        let walker = ignore::WalkBuilder::new(&self.root)
            .hidden(false)
            .require_git(false)
            .filter_entry(|e| {
                !matches!(
                    e.file_name().to_str(),
                    Some(".git" | "target" | "node_modules" | ".buildfix")
                )
            })
            .build();
        for entry in walker {
            // A directory that cannot be read (another user's, a database
            // volume) holds nothing buildfix could fix; a file gone since
            // its directory was read was a build's temporary one.
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            let Ok(rel) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i64);
            let path = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(Stat {
                path,
                size: meta.len() as i64,
                mtime_ns,
            });
        }
        out
    }

    /// Records the tree as it is now (a build is about to read it).
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn snapshot(&mut self) -> Result<SnapshotId, TrackError> {
        let tree = self.tree()?;
        self.snapshot_of(&tree)
    }

    /// Records `tree` (read by [`Tracker::tree`], and perhaps [`Tree::set`]
    /// since) as a snapshot: a walk spared when the tree is known.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn snapshot_of(&mut self, tree: &Tree) -> Result<SnapshotId, TrackError> {
        let current = &tree.files;
        let path = self.db.clone();
        let err = |source| TrackError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let newest: Option<i64> = tx
            .query_row("SELECT MAX(id) FROM track_snapshots", [], |r| r.get(0))
            .map_err(err)?;
        let base = match self.newest.take() {
            Some((id, files)) if Some(id) == newest => files,
            _ => {
                let mut stmt = tx
                    .prepare("SELECT path, hash FROM track_versions WHERE until IS NULL")
                    .map_err(err)?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(err)?;
                rows.collect::<Result<_, _>>().map_err(err)?
            }
        };
        tx.execute(
            "INSERT INTO track_snapshots (taken_at) VALUES (strftime('%s','now'))",
            [],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        {
            let mut close = tx
                .prepare("UPDATE track_versions SET until = ?1 WHERE path = ?2 AND until IS NULL")
                .map_err(err)?;
            for (p, h) in &base {
                if current.get(p) != Some(h) {
                    close.execute(params![id, p]).map_err(err)?;
                }
            }
            let mut open = tx
                .prepare("INSERT INTO track_versions (path, hash, since) VALUES (?1, ?2, ?3)")
                .map_err(err)?;
            for (p, h) in current {
                if base.get(p) != Some(h) {
                    open.execute(params![p, h, id]).map_err(err)?;
                }
            }
        }
        // Old snapshots go, and the versions no snapshot left holds: the
        // index stays the size of the tree and its recent changes however
        // many builds ran.
        tx.execute(
            "DELETE FROM track_snapshots WHERE id <= ?1
               AND id != COALESCE((SELECT MAX(snapshot) FROM track_green), 0)",
            params![id - KEPT_SNAPSHOTS],
        )
        .map_err(err)?;
        tx.execute(
            "DELETE FROM track_versions WHERE until <= (SELECT MIN(id) FROM track_snapshots)",
            [],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        self.newest = Some((id, current.clone()));
        Ok(SnapshotId(id))
    }

    /// The tree as it is now: every file and its content hash.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn tree(&mut self) -> Result<Tree, TrackError> {
        Ok(Tree { files: self.refresh()? })
    }

    /// Marks `snapshot` as the tree of a green build; the newest one marked
    /// is kept however old it gets.
    ///
    /// # Errors
    ///
    /// When the database cannot be written.
    pub fn mark_green(&mut self, snapshot: SnapshotId) -> Result<(), TrackError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO track_green (snapshot) VALUES (?1)",
                params![snapshot.0],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// The tree of the last green build, if one was marked.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn last_green(&self) -> Result<Option<SnapshotId>, TrackError> {
        self.conn
            .query_row("SELECT MAX(snapshot) FROM track_green", [], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .map(|id| id.map(SnapshotId))
            .map_err(self.err())
    }

    /// The files that changed since `snapshot`, sorted by path.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn changed_since(&mut self, snapshot: SnapshotId) -> Result<Vec<Change>, TrackError> {
        let tree = self.tree()?;
        self.changes(snapshot, &tree)
    }

    /// The files that differ between `snapshot` and `tree`, sorted by path.
    ///
    /// # Errors
    ///
    /// When the database cannot be read.
    pub fn changes(&self, snapshot: SnapshotId, tree: &Tree) -> Result<Vec<Change>, TrackError> {
        let current = &tree.files;
        // A snapshot deleted (or from before versions) knows no file.
        let read;
        let then: &HashMap<String, String> = match &self.newest {
            Some((id, files)) if *id == snapshot.0 => files,
            _ => {
                read = self.read_snapshot(snapshot)?;
                &read
            }
        };
        let mut out: Vec<Change> = current
            .iter()
            .filter_map(|(p, h)| match then.get(p) {
                None => Some(Change {
                    path: p.clone(),
                    kind: ChangeKind::Added,
                }),
                Some(old) if old != h => Some(Change {
                    path: p.clone(),
                    kind: ChangeKind::Modified,
                }),
                Some(_) => None,
            })
            .chain(then.keys().filter(|p| !current.contains_key(*p)).map(|p| Change {
                path: p.clone(),
                kind: ChangeKind::Removed,
            }))
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// The files of `snapshot` and their hashes, as the database holds them.
    fn read_snapshot(&self, snapshot: SnapshotId) -> Result<HashMap<String, String>, TrackError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT path, hash FROM track_versions
                  WHERE since <= ?1 AND (until IS NULL OR until > ?1)
                    AND EXISTS (SELECT 1 FROM track_snapshots WHERE id = ?1)",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(params![snapshot.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}

/// The content hash the index keeps: blake3, in hex.
fn hex_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}
