//! The store on real database files in temporary directories.

use buildfix_learn::{Attempt, Export, Outcome, Ranking, SCHEMA_VERSION, Seen, Store, StoreError};
use std::time::Duration;

fn seen(fp: &str, count: u64) -> Seen {
    Seen {
        fingerprint: fp.into(),
        tool: "rustc".into(),
        code: Some("E0425".into()),
        template: "cannot find value <id> in this scope".into(),
        count,
    }
}

fn attempt(fp: &str, origin: &str, outcome: Outcome) -> Attempt {
    Attempt {
        fingerprint: fp.into(),
        file: "src/main.rs".into(),
        origin: origin.into(),
        outcome,
        reason: None,
        duration: Duration::from_millis(3),
    }
}

#[test]
fn records_survive_reopening_and_rank_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("buildfix.db");
    {
        let mut store = Store::open(&path).unwrap();
        let run = store.begin_run("cargo build", "/w").unwrap();
        let tries = [
            attempt("aa", "good", Outcome::Fixed),
            attempt("aa", "good", Outcome::Fixed),
            attempt("aa", "bad", Outcome::Regressed),
            attempt("aa", "bad", Outcome::NotFixed),
            attempt("aa", "bad", Outcome::Skipped),
        ];
        store.record(Some(run), &[seen("aa", 4)], &tries).unwrap();
        store.finish_run(run, Some(0), Duration::from_secs(2)).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let r = Ranking::default();
    let good = r.score(0.5, store.observations("good", Some("aa")).unwrap());
    let bad = r.score(0.5, store.observations("bad", Some("aa")).unwrap());
    assert!(good > 0.5 && bad < 0.5, "{good} {bad}");
    assert_eq!(
        store.observations("bad", None).unwrap().len(),
        2,
        "skipped attempts are no outcome"
    );
    let stats = store.stats().unwrap();
    assert_eq!(stats.runs, 1);
    assert_eq!(stats.frequent[0].count, 4);
    assert_eq!((stats.fix_rate[0].fixed, stats.fix_rate[0].tried), (2, 4));
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("buildfix.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::Newer { found: 99, .. }) => {}
        other => panic!("{:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "a newer store is not touched");
}

#[test]
fn damaged_and_foreign_files_get_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x42; 8192]).unwrap();
    let err = Store::open(&garbage).err().expect("garbage is refused");
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
    assert!(err.to_string().contains("buildfix stats --reset"), "{err}");

    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE customers (id INTEGER)")
        .unwrap();
    let err = Store::open(&foreign)
        .err()
        .expect("another program's database is refused");
    assert!(err.to_string().contains("another program's tables"), "{err}");
}

#[test]
fn exports_merge_by_adding_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(&dir.path().join("a.db")).unwrap();
    a.record(
        None,
        &[seen("aa", 3)],
        &[
            attempt("aa", "p", Outcome::Fixed),
            attempt("aa", "p", Outcome::NotFixed),
        ],
    )
    .unwrap();
    let export = a.export().unwrap();
    let json = serde_json::to_string(&export).unwrap();
    let back: Export = serde_json::from_str(&json).unwrap();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    b.record(None, &[seen("aa", 1)], &[attempt("aa", "p", Outcome::Fixed)])
        .unwrap();
    b.import(&back).unwrap();
    let merged = b.export().unwrap();
    assert_eq!(merged.fingerprints[0].count, 4);
    let fixed = merged.outcomes.iter().find(|o| o.outcome == Outcome::Fixed).unwrap();
    assert_eq!(fixed.count, 2);
    assert_eq!(
        b.observations("p", Some("aa"))
            .unwrap()
            .iter()
            .map(|o| o.weight)
            .sum::<f64>(),
        3.0
    );
}

#[test]
fn a_hundred_thousand_attempts_go_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("buildfix.db")).unwrap();
    let kinds: Vec<Seen> = (0..20).map(|i| seen(&format!("{i:016x}"), 5000)).collect();
    let tries: Vec<Attempt> = (0..100_000)
        .map(|i| {
            attempt(
                &format!("{:016x}", i % 20),
                &format!("pattern.{}", i % 7),
                if i % 3 == 0 { Outcome::NotFixed } else { Outcome::Fixed },
            )
        })
        .collect();
    store.record(None, &kinds, &tries).unwrap();
    assert_eq!(store.observations("pattern.0", None).unwrap().len(), 14_286);
}
