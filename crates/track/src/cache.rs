//! The result cache: what a command answered for one log, tree and pattern
//! library, kept in the store's database so the same question is answered
//! at once the second time.
//!
//! Entries are keyed by a hash the caller builds (the log's content hash,
//! the tree's, the library's, the options). The cache holds at most
//! `limit` bytes of values: its size is kept in a row of its own, updated
//! with every insertion and deletion (never summed over the entries), and
//! the least recently used entries go first.
//!
//! A log's content hash is itself remembered by path, size, modification
//! time and inode, as git's index does, so an unchanged log is not read
//! again to be recognised.

use crate::index::TrackError;
use rusqlite::{Connection, OptionalExtension, params};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const SCHEMA: &str = r"
CREATE TABLE IF NOT EXISTS cache_entries (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    size  INTEGER NOT NULL,
    used  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cache_entries_used ON cache_entries (used);
CREATE TABLE IF NOT EXISTS cache_meta (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    bytes  INTEGER NOT NULL,
    clock  INTEGER NOT NULL,
    hits   INTEGER NOT NULL,
    misses INTEGER NOT NULL
);
INSERT OR IGNORE INTO cache_meta (id, bytes, clock, hits, misses) VALUES (1, 0, 0, 0, 0);
CREATE TABLE IF NOT EXISTS cache_logs (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode    INTEGER NOT NULL,
    hash     TEXT NOT NULL
);
";

/// The default bound on the values cached: 256 MiB.
pub const DEFAULT_LIMIT: u64 = 256 << 20;

/// What the cache holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries.
    pub entries: u64,
    /// Bytes of values, as tracked.
    pub bytes: u64,
    /// The bound.
    pub limit: u64,
    /// Questions answered from the cache, ever.
    pub hits: u64,
    /// Questions that were not.
    pub misses: u64,
}

/// The result cache of one store.
pub struct ResultCache {
    conn: Connection,
    db: PathBuf,
    limit: u64,
}

impl ResultCache {
    /// Opens the cache in the database at `db`, holding at most `limit`
    /// bytes of values.
    ///
    /// # Errors
    ///
    /// When the database cannot be opened.
    pub fn open(db: &Path, limit: u64) -> Result<ResultCache, TrackError> {
        let conn = crate::db::open(db, SCHEMA)?;
        Ok(ResultCache {
            conn,
            db: db.to_path_buf(),
            limit,
        })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> TrackError + '_ {
        |source| TrackError::Sqlite {
            path: self.db.clone(),
            source,
        }
    }

    /// The value cached under `key`, which becomes the most recently used.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub fn get(&mut self, key: &str) -> Result<Option<Vec<u8>>, TrackError> {
        let db = self.db.clone();
        let err = |source| TrackError::Sqlite {
            path: db.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let value: Option<Vec<u8>> = tx
            .query_row("SELECT value FROM cache_entries WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(err)?;
        let counter = if value.is_some() { "hits" } else { "misses" };
        tx.execute(
            &format!("UPDATE cache_meta SET clock = clock + 1, {counter} = {counter} + 1"),
            [],
        )
        .map_err(err)?;
        if value.is_some() {
            tx.execute(
                "UPDATE cache_entries SET used = (SELECT clock FROM cache_meta) WHERE key = ?1",
                params![key],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(value)
    }

    /// Caches `value` under `key`, then evicts the least recently used
    /// entries until the values fit the bound. A value larger than the bound
    /// is not cached.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub fn put(&mut self, key: &str, value: &[u8]) -> Result<(), TrackError> {
        let size = value.len() as u64;
        if size > self.limit {
            return Ok(());
        }
        let (db, limit) = (self.db.clone(), self.limit);
        let err = |source| TrackError::Sqlite {
            path: db.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let old: Option<i64> = tx
            .query_row("SELECT size FROM cache_entries WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(err)?;
        tx.execute(
            "INSERT OR REPLACE INTO cache_entries (key, value, size, used)
             VALUES (?1, ?2, ?3, (SELECT clock FROM cache_meta) + 1)",
            params![key, value, size as i64],
        )
        .map_err(err)?;
        tx.execute(
            "UPDATE cache_meta SET clock = clock + 1, bytes = bytes + ?1 - ?2",
            params![size as i64, old.unwrap_or(0)],
        )
        .map_err(err)?;
        loop {
            let bytes: i64 = tx
                .query_row("SELECT bytes FROM cache_meta", [], |r| r.get(0))
                .map_err(err)?;
            if bytes as u64 <= limit {
                break;
            }
            let (oldest, freed): (String, i64) = tx
                .query_row("SELECT key, size FROM cache_entries ORDER BY used LIMIT 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(err)?;
            tx.execute("DELETE FROM cache_entries WHERE key = ?1", params![oldest])
                .map_err(err)?;
            tx.execute("UPDATE cache_meta SET bytes = bytes - ?1", params![freed])
                .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// What the cache holds.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub fn stats(&self) -> Result<CacheStats, TrackError> {
        let entries: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM cache_entries", [], |r| r.get(0))
            .map_err(self.err())?;
        let (bytes, hits, misses): (i64, i64, i64) = self
            .conn
            .query_row("SELECT bytes, hits, misses FROM cache_meta", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(self.err())?;
        Ok(CacheStats {
            entries: entries as u64,
            bytes: bytes as u64,
            limit: self.limit,
            hits: hits as u64,
            misses: misses as u64,
        })
    }

    /// Empties the cache; returns the bytes freed.
    ///
    /// # Errors
    ///
    /// When the database fails.
    pub fn clean(&mut self) -> Result<u64, TrackError> {
        let freed = self.stats()?.bytes;
        self.conn
            .execute_batch(
                "DELETE FROM cache_entries; DELETE FROM cache_logs;
                 UPDATE cache_meta SET bytes = 0;",
            )
            .map_err(self.err())?;
        Ok(freed)
    }

    /// The blake3 hash of the file at `path`, read again only when its size,
    /// modification time or inode moved since it was last hashed here.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, or the database fails.
    pub fn file_hash(&mut self, path: &Path) -> Result<String, TrackError> {
        let io = |source| TrackError::Read {
            path: path.to_path_buf(),
            source,
        };
        let real = path.canonicalize().map_err(io)?;
        let meta = std::fs::metadata(&real).map_err(io)?;
        let stamp = (
            meta.len() as i64,
            meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
            meta.ino() as i64,
        );
        let key = real.to_string_lossy().into_owned();
        let known: Option<(i64, i64, i64, String)> = self
            .conn
            .query_row(
                "SELECT size, mtime_ns, inode, hash FROM cache_logs WHERE path = ?1",
                params![key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(self.err())?;
        if let Some((size, mtime, inode, hash)) = known
            && (size, mtime, inode) == stamp
        {
            return Ok(hash);
        }
        let mut hasher = blake3::Hasher::new();
        hasher.update_mmap_rayon(&real).map_err(io)?;
        let hash = hasher.finalize().to_hex().to_string();
        self.conn
            .execute(
                "INSERT OR REPLACE INTO cache_logs (path, size, mtime_ns, inode, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![key, stamp.0, stamp.1, stamp.2, hash],
            )
            .map_err(self.err())?;
        Ok(hash)
    }
}
