//! The SQLite store: runs, the kinds of error seen, and every fix tried
//! with its outcome. One real database file, in WAL mode, written in one
//! transaction per stage.

use crate::ranking::Observation;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The schema version this build writes; older stores are migrated, newer
/// ones refused.
pub const SCHEMA_VERSION: i64 = 1;

/// The WAL's size, in pages, past which a commit folds it into the
/// database. Each command's first connection reads the whole WAL to rebuild
/// its index: with SQLite's 1,000 pages (4 MB), opening the store took
/// 1.1 ms on average over 50 runs of `buildfix run` on a small project;
/// with 128, 0.6 ms, and a fold every few runs.
const WAL_PAGES: i64 = 128;

const MIGRATIONS: &[&str] = &[r"
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started_at  INTEGER NOT NULL,
    command     TEXT NOT NULL,
    root        TEXT NOT NULL,
    exit_status INTEGER,
    duration_ms INTEGER
);
CREATE TABLE fingerprints (
    fingerprint TEXT PRIMARY KEY,
    tool        TEXT NOT NULL,
    code        TEXT,
    template    TEXT NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    count       INTEGER NOT NULL
);
CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL REFERENCES fingerprints(fingerprint),
    file        TEXT NOT NULL,
    origin      TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('fixed', 'not_fixed', 'regressed', 'rolled_back', 'skipped')),
    reason      TEXT,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    at          INTEGER NOT NULL,
    weight      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX attempts_by_origin ON attempts(origin, fingerprint);
"];

/// The errors of the store; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a buildfix store (damaged, or another program's).
    #[error("{} is not a buildfix store ({why}); use another --state directory, or `buildfix stats --reset` to start a new one", path.display())]
    NotAStore {
        /// The database file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// Written by a newer buildfix: refused, not damaged.
    #[error("{} was written by a newer buildfix (schema {found}, this one reads up to {SCHEMA_VERSION}); upgrade buildfix or use another --state directory", path.display())]
    Newer {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
    },
    /// Any other SQLite failure.
    #[error("{}: {source}", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

/// What became of one fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its diagnostic went away and no new error came.
    Fixed,
    /// Its diagnostic stayed.
    NotFixed,
    /// It brought new errors.
    Regressed,
    /// Taken back with its batch because another fix of the batch regressed;
    /// neither for nor against it in the ranking.
    RolledBack,
    /// Not tried (overlap, stale, unsafe path).
    Skipped,
}

impl Outcome {
    /// The name stored.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Fixed => "fixed",
            Outcome::NotFixed => "not_fixed",
            Outcome::Regressed => "regressed",
            Outcome::RolledBack => "rolled_back",
            Outcome::Skipped => "skipped",
        }
    }

    fn parse(name: &str) -> Option<Outcome> {
        [
            Outcome::Fixed,
            Outcome::NotFixed,
            Outcome::Regressed,
            Outcome::RolledBack,
            Outcome::Skipped,
        ]
        .into_iter()
        .find(|o| o.name() == name)
    }
}

/// A kind of error seen in a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// 16 hex digits.
    pub fingerprint: String,
    /// The tool's name.
    pub tool: String,
    /// The code, if any.
    pub code: Option<String>,
    /// The message template.
    pub template: String,
    /// How many diagnostics of it the run saw.
    pub count: u64,
}

/// One fix tried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The kind of error it was for.
    pub fingerprint: String,
    /// The file it edited.
    pub file: String,
    /// `compiler`, or the pattern's id.
    pub origin: String,
    /// What became of it.
    pub outcome: Outcome,
    /// Why, for skipped ones.
    pub reason: Option<String>,
    /// How long trying it took.
    pub duration: Duration,
}

/// A run's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunId(pub i64);

/// The learning store of one project.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Adds `seen` to the kinds of error known, as seen at `at`: counts add up.
fn upsert_seen(tx: &rusqlite::Transaction<'_>, seen: &[Seen], at: i64) -> rusqlite::Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO fingerprints (fingerprint, tool, code, template, first_seen, last_seen, count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
         ON CONFLICT(fingerprint) DO UPDATE SET last_seen = max(last_seen, ?5), count = count + ?6",
    )?;
    for s in seen {
        upsert.execute(params![s.fingerprint, s.tool, s.code, s.template, at, s.count as i64])?;
    }
    Ok(())
}

/// Puts the database in WAL mode. Two processes creating one database at
/// once can get SQLITE_BUSY from this pragma without SQLite waiting (the
/// busy handler is not called for it): it is tried again for up to a minute.
fn wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

impl Store {
    /// Opens (creating and migrating as needed) the store at `path`.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotAStore`] for a damaged or foreign file,
    /// [`StoreError::Newer`] for a newer schema, and SQLite failures.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let err = |source: rusqlite::Error| classify(path, source);
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(Duration::from_secs(60)).map_err(err)?;
        wal(&conn).map_err(err)?;
        // In WAL mode, NORMAL keeps every commit through a crash of the
        // process (a power loss may take the newest ones): no fsync per commit.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(err)?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_PAGES).map_err(err)?;
        // The WAL is not folded into the database at every close (three
        // fsyncs per command); a commit folds it past WAL_PAGES.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |source: rusqlite::Error| classify(&path, source);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(err)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer { path, found: version });
        }
        if version == 0 {
            let tables: i64 = tx
                .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| {
                    r.get(0)
                })
                .map_err(err)?;
            if tables > 0 {
                return Err(StoreError::NotAStore {
                    path,
                    why: "it holds another program's tables".into(),
                });
            }
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(None, "user_version", i as i64 + 1).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |source| classify(&self.path, source)
    }

    /// Records the start of a run.
    ///
    /// # Errors
    ///
    /// SQLite failures.
    pub fn begin_run(&mut self, command: &str, root: &str) -> Result<RunId, StoreError> {
        self.conn
            .execute(
                "INSERT INTO runs (started_at, command, root) VALUES (?1, ?2, ?3)",
                params![now(), command, root],
            )
            .map_err(self.err())?;
        Ok(RunId(self.conn.last_insert_rowid()))
    }

    /// When the newest run started (seconds since the Unix epoch) and, if
    /// it finished, how long it took.
    ///
    /// # Errors
    ///
    /// SQLite failures.
    pub fn last_run(&self) -> Result<Option<(i64, Option<Duration>)>, StoreError> {
        self.conn
            .query_row(
                "SELECT started_at, duration_ms FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?)),
            )
            .optional()
            .map(|run| run.map(|(at, ms)| (at, ms.map(|ms| Duration::from_millis(ms.max(0) as u64)))))
            .map_err(self.err())
    }

    /// Records how a run ended.
    ///
    /// # Errors
    ///
    /// SQLite failures.
    pub fn finish_run(&mut self, run: RunId, exit_status: Option<i32>, duration: Duration) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE runs SET exit_status = ?1, duration_ms = ?2 WHERE id = ?3",
                params![exit_status, duration.as_millis() as i64, run.0],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Records what one stage of a run saw and tried, in one transaction.
    ///
    /// # Errors
    ///
    /// SQLite failures; nothing of the stage is then recorded.
    pub fn record(&mut self, run: Option<RunId>, seen: &[Seen], attempts: &[Attempt]) -> Result<(), StoreError> {
        let at = now();
        let path = self.path.clone();
        let err = |source: rusqlite::Error| classify(&path, source);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        {
            upsert_seen(&tx, seen, at).map_err(err)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO attempts (run_id, fingerprint, file, origin, outcome, reason, duration_ms, at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for a in attempts {
                insert
                    .execute(params![
                        run.map(|r| r.0),
                        a.fingerprint,
                        a.file,
                        a.origin,
                        a.outcome.name(),
                        a.reason,
                        a.duration.as_millis() as i64,
                        at
                    ])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// The outcomes of fixes from `origin` (on one kind of error, or on
    /// all), for ranking; skipped attempts and fixes rolled back for another
    /// fix's fault are not outcomes.
    ///
    /// # Errors
    ///
    /// SQLite failures.
    pub fn observations(&self, origin: &str, fingerprint: Option<&str>) -> Result<Vec<Observation>, StoreError> {
        let now = now();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT outcome, at, weight FROM attempts
                 WHERE origin = ?1 AND (?2 IS NULL OR fingerprint = ?2)
                   AND outcome NOT IN ('skipped', 'rolled_back')",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(params![origin, fingerprint], |r| {
                let outcome: String = r.get(0)?;
                let at: i64 = r.get(1)?;
                let weight: i64 = r.get(2)?;
                Ok(Observation {
                    success: outcome == "fixed",
                    age_secs: (now - at).max(0) as f64,
                    weight: weight as f64,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// What was learned, for `buildfix stats`.
    ///
    /// # Errors
    ///
    /// SQLite failures.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let c = &self.conn;
        let e = self.err();
        let runs: i64 = c.query_row("SELECT count(*) FROM runs", [], |r| r.get(0)).map_err(&e)?;
        let fix_rate = self
            .rates("date(at, 'unixepoch')", "ORDER BY key DESC LIMIT 14")?
            .into_iter()
            .map(|(day, fixed, tried)| DayRate { day, fixed, tried })
            .collect();
        let origins = self
            .rates("origin", "ORDER BY key")?
            .into_iter()
            .map(|(origin, fixed, tried)| OriginRecord { origin, fixed, tried })
            .collect();
        let kinds = self.kinds("ORDER BY count DESC, fingerprint LIMIT 10")?;
        Ok(Stats {
            runs: runs as u64,
            fix_rate,
            origins,
            frequent: kinds,
        })
    }

    /// Everything learned, as counts, to carry to another machine.
    ///
    /// # Errors
    ///
    /// SQLite failures.
    pub fn export(&self) -> Result<Export, StoreError> {
        let e = self.err();
        let fingerprints = self.kinds("ORDER BY fingerprint")?;
        let mut out = self
            .conn
            .prepare(
                "SELECT origin, fingerprint, outcome, sum(weight), max(at) FROM attempts
                 WHERE outcome != 'skipped' GROUP BY origin, fingerprint, outcome ORDER BY origin, fingerprint, outcome",
            )
            .map_err(&e)?;
        let outcomes = out
            .query_map([], |r| {
                let outcome: String = r.get(2)?;
                Ok(ExportedOutcome {
                    origin: r.get(0)?,
                    fingerprint: r.get(1)?,
                    outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Skipped),
                    count: r.get::<_, i64>(3)? as u64,
                    last_at: r.get(4)?,
                })
            })
            .map_err(&e)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&e)?;
        Ok(Export {
            version: 1,
            fingerprints,
            outcomes,
        })
    }

    /// Merges an export into this store: counts add up.
    ///
    /// # Errors
    ///
    /// SQLite failures; nothing is then merged.
    pub fn import(&mut self, export: &Export) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |source: rusqlite::Error| classify(&path, source);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        {
            upsert_seen(&tx, &export.fingerprints, now()).map_err(err)?;
            let mut insert = tx
                .prepare(
                    "INSERT INTO attempts (run_id, fingerprint, file, origin, outcome, at, weight)
                     VALUES (NULL, ?1, '', ?2, ?3, ?4, ?5)",
                )
                .map_err(err)?;
            for o in &export.outcomes {
                insert
                    .execute(params![
                        o.fingerprint,
                        o.origin,
                        o.outcome.name(),
                        o.last_at,
                        o.count as i64
                    ])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Fixes proved and tried, grouped by the SQL expression `key`, in the
    /// order `order` gives; skipped attempts are not tries.
    fn rates(&self, key: &str, order: &str) -> Result<Vec<(String, i64, i64)>, StoreError> {
        let sql = format!(
            "SELECT {key} AS key, sum(weight * (outcome = 'fixed')), sum(weight) FROM attempts
             WHERE outcome != 'skipped' GROUP BY key {order}"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Kinds of error recorded, in the order `order` (an SQL clause) gives.
    fn kinds(&self, order: &str) -> Result<Vec<Seen>, StoreError> {
        let sql = format!("SELECT fingerprint, tool, code, template, count FROM fingerprints {order}");
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Seen {
                    fingerprint: r.get(0)?,
                    tool: r.get(1)?,
                    code: r.get(2)?,
                    template: r.get(3)?,
                    count: r.get::<_, i64>(4)? as u64,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The schema version of the open store.
    ///
    /// # Errors
    ///
    /// SQLite failures.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .optional()
            .map(|v| v.unwrap_or(0))
            .map_err(self.err())
    }
}

fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::NotAStore {
            path: path.to_path_buf(),
            why: "the file is damaged or is not SQLite".into(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// The fix rate of one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayRate {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Fixes the rebuild proved.
    pub fixed: i64,
    /// Fixes tried.
    pub tried: i64,
}

/// The record of one fix origin (`compiler` or a pattern).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OriginRecord {
    /// `compiler`, or the pattern's id.
    pub origin: String,
    /// Fixes the rebuild proved.
    pub fixed: i64,
    /// Fixes tried.
    pub tried: i64,
}

/// What `buildfix stats` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Runs recorded.
    pub runs: u64,
    /// Fix rate per day, newest first (14 days at most).
    pub fix_rate: Vec<DayRate>,
    /// Each origin's record.
    pub origins: Vec<OriginRecord>,
    /// The most frequent kinds of error.
    pub frequent: Vec<Seen>,
}

/// Counts of one origin's outcomes on one kind of error, for export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedOutcome {
    /// `compiler`, or the pattern's id.
    pub origin: String,
    /// The kind of error.
    pub fingerprint: String,
    /// The outcome.
    pub outcome: Outcome,
    /// How many times.
    pub count: u64,
    /// When last (seconds since the epoch).
    pub last_at: i64,
}

/// What `buildfix stats --export` writes and `--import` reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// The format's version.
    pub version: u32,
    /// The kinds of error seen, with counts.
    pub fingerprints: Vec<Seen>,
    /// The outcomes, with counts.
    pub outcomes: Vec<ExportedOutcome>,
}
