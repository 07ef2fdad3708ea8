//! The change tracker: which files of a project changed since a snapshot.
//!
//! A [`Tracker`] keeps an index of the project's source files (path, size,
//! modification time, blake3 hash) in the store's database, in tables of
//! its own. Walking respects `.gitignore` and skips `target/`,
//! `node_modules/` and `.git/`; a file is hashed again only when its size
//! or modification time moved, and hashing runs in parallel. A snapshot
//! records the tree as a build saw it, so a fix planned against an older
//! version of a file can be refused; the tree of the last green build is
//! kept, to rank errors in files changed since then first. Snapshots are
//! stored as versions of files (a row per file that changed, not per file
//! per snapshot), so taking one costs what changed since the last.
//!
//! A [`ResultCache`] in the same database answers a question asked before
//! (a log's analysis against one tree and pattern library) at once, bounded
//! and least-recently-used first.
//!
//! # Example
//!
//! ```
//! use buildfix_track::{ChangeKind, Tracker};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("main.c"), "int main;").unwrap();
//! let mut t = Tracker::open(&dir.path().join(".buildfix/buildfix.db"), dir.path()).unwrap();
//! let before = t.snapshot().unwrap();
//! std::fs::write(dir.path().join("main.c"), "int main(void) { return 0; }").unwrap();
//! let changes = t.changed_since(before).unwrap();
//! assert_eq!(changes[0].path, "main.c");
//! assert_eq!(changes[0].kind, ChangeKind::Modified);
//! ```
#![deny(missing_docs)]

mod cache;
mod db;
mod index;

pub use cache::{CacheStats, DEFAULT_LIMIT, ResultCache};
pub use index::{Change, ChangeKind, KEPT_SNAPSHOTS, Refresh, SnapshotId, TrackError, Tracker, Tree};
