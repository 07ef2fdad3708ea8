//! Opening the store's database for the tracker and the cache.

use crate::index::TrackError;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode};
use std::path::Path;
use std::time::{Duration, Instant};

/// Opens (creating) the database at `db` with `schema`: WAL mode, commits
/// without an fsync each (a crashed process loses nothing), foreign keys
/// on, and a minute's patience with other writers.
pub(crate) fn open(db: &Path, schema: &str) -> Result<Connection, TrackError> {
    if let Some(dir) = db.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let err = |source| TrackError::Sqlite {
        path: db.to_path_buf(),
        source,
    };
    let conn = Connection::open(db).map_err(err)?;
    conn.busy_timeout(Duration::from_secs(60)).map_err(err)?;
    // Two processes creating one database at once can get SQLITE_BUSY from
    // this pragma without SQLite waiting: it is tried again.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            done => break done.map_err(err)?,
        }
    }
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
    conn.pragma_update(None, "foreign_keys", "ON").map_err(err)?;
    // A short WAL: each command's first connection reads all of it (the
    // store's connection sets the same).
    conn.pragma_update(None, "wal_autocheckpoint", 128).map_err(err)?;
    // The WAL is folded into the database as it grows, not at every close.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .map_err(err)?;
    conn.execute_batch(schema).map_err(err)?;
    Ok(conn)
}
