//! The learning store: buildfix gets better with use.
//!
//! Every run, the kinds of error it saw, and every fix it tried with its
//! outcome go to a real SQLite database in the project
//! (`.buildfix/buildfix.db`): [`Store`]. [`Ranking`] turns a fix origin's
//! record into a success estimate, with the pattern's declared confidence as
//! a Beta prior (one lucky success does not outrank a long record) and old
//! outcomes decaying.
//!
//! The store is in WAL mode with a busy timeout, so concurrent buildfix
//! processes both succeed; each stage is one transaction, so a crash loses
//! at most the stage in flight; a damaged or foreign file, or one from a
//! newer buildfix, is refused with a clear error, never damaged further.
//!
//! # Example
//!
//! ```
//! use buildfix_learn::{Attempt, Outcome, Ranking, Seen, Store};
//! use std::time::Duration;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(&dir.path().join("buildfix.db")).unwrap();
//! let run = store.begin_run("cargo build", "/work/app").unwrap();
//! let seen = Seen { fingerprint: "125dfcfb958c1727".into(), tool: "rustc".into(), code: Some("E0425".into()), template: "cannot find value <id> in this scope".into(), count: 3 };
//! let tried = Attempt { fingerprint: seen.fingerprint.clone(), file: "src/main.rs".into(), origin: "rust.import-from-table".into(), outcome: Outcome::Fixed, reason: None, duration: Duration::ZERO };
//! store.record(Some(run), &[seen], &[tried]).unwrap();
//! let record = store.observations("rust.import-from-table", None).unwrap();
//! assert!(Ranking::default().score(0.5, record) > 0.5);
//! ```
#![deny(missing_docs)]

mod ranking;
mod store;

pub use ranking::{Observation, Ranking};
pub use store::{
    Attempt, DayRate, Export, ExportedOutcome, OriginRecord, Outcome, RunId, SCHEMA_VERSION, Seen, Stats, Store,
    StoreError, now,
};
