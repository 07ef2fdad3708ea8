//! The result cache on a real database file.

use buildfix_track::ResultCache;

fn open(dir: &std::path::Path, limit: u64) -> ResultCache {
    ResultCache::open(&dir.join(".buildfix/buildfix.db"), limit).unwrap()
}

#[test]
fn answers_what_was_put_and_counts_hits_and_misses() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path(), 1000);
    assert_eq!(c.get("a").unwrap(), None);
    c.put("a", b"answer").unwrap();
    assert_eq!(c.get("a").unwrap().as_deref(), Some(&b"answer"[..]));
    c.put("a", b"new answer").unwrap();
    let s = c.stats().unwrap();
    assert_eq!((s.entries, s.bytes, s.hits, s.misses), (1, 10, 1, 1));
    // A second handle (another process) sees the same.
    assert_eq!(
        open(dir.path(), 1000).get("a").unwrap().as_deref(),
        Some(&b"new answer"[..])
    );
}

#[test]
fn the_least_recently_used_go_first_and_the_size_is_tracked() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = open(dir.path(), 300);
    for key in ["a", "b", "c"] {
        c.put(key, &[0u8; 100]).unwrap();
    }
    c.get("a").unwrap(); // "b" is now the least recently used
    c.put("d", &[0u8; 100]).unwrap();
    assert!(c.get("b").unwrap().is_none());
    for key in ["a", "c", "d"] {
        assert!(c.get(key).unwrap().is_some(), "{key}");
    }
    assert_eq!(c.stats().unwrap().bytes, 300);
    // Too large for the bound: not cached, nothing evicted.
    c.put("huge", &[0u8; 301]).unwrap();
    assert!(c.get("huge").unwrap().is_none());
    assert_eq!(c.stats().unwrap().entries, 3);
    assert_eq!(c.clean().unwrap(), 300);
    let s = c.stats().unwrap();
    assert_eq!((s.entries, s.bytes), (0, 0));
}

#[test]
fn a_file_is_hashed_again_only_when_it_moved() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("build.log");
    std::fs::write(&log, "error: one\n").unwrap();
    let mut c = open(dir.path(), 1000);
    let first = c.file_hash(&log).unwrap();
    assert_eq!(first, blake3::hash(b"error: one\n").to_hex().to_string());
    assert_eq!(c.file_hash(&log).unwrap(), first);
    std::fs::write(&log, "error: two\n").unwrap();
    assert_ne!(c.file_hash(&log).unwrap(), first);
    assert!(c.file_hash(&dir.path().join("missing.log")).is_err());
}
