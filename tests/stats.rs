//! The learning store with real processes: two writing at once both
//! succeed; one killed mid-transaction leaves a usable store holding what
//! was committed.

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};

fn buildfix(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .arg("stats")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

/// An export of `n` outcome counts of one kind of error.
fn export(n: usize) -> Value {
    let outcomes: Vec<Value> = (0..n)
        .map(|i| json!({"origin": format!("pattern.{}", i % 50), "fingerprint": "125dfcfb958c1727", "outcome": "fixed", "count": 1, "last_at": 1_700_000_000 + i}))
        .collect();
    json!({
        "version": 1,
        "fingerprints": [{"fingerprint": "125dfcfb958c1727", "tool": "rustc", "code": "E0425", "template": "cannot find value <id> in this scope", "count": 1}],
        "outcomes": outcomes,
    })
}

fn fixed_total(root: &Path) -> u64 {
    let out = buildfix(root, &["--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    stats["origins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["fixed"].as_u64().unwrap())
        .sum()
}

#[test]
fn two_processes_writing_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("learned.json");
    std::fs::write(&file, export(20_000).to_string()).unwrap();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_buildfix"))
            .args(["stats", "--root"])
            .arg(dir.path())
            .arg("--import")
            .arg(&file)
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    assert_eq!(fixed_total(dir.path()), 40_000);
}

#[test]
fn a_writer_killed_mid_transaction_leaves_a_usable_store() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.json");
    std::fs::write(&small, export(100).to_string()).unwrap();
    assert!(
        buildfix(dir.path(), &["--import", small.to_str().unwrap()])
            .status
            .success()
    );
    let big = dir.path().join("big.json");
    std::fs::write(&big, export(300_000).to_string()).unwrap();
    let mut outcomes = Vec::new();
    for delay_ms in [50, 150, 300, 600] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_buildfix"))
            .args(["stats", "--root"])
            .arg(dir.path())
            .arg("--import")
            .arg(&big)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        // The store opens, and holds whole imports only: never part of one.
        let total = fixed_total(dir.path());
        assert_eq!(
            (total - 100) % 300_000,
            0,
            "after a kill at {delay_ms} ms the store holds {total}"
        );
        outcomes.push(total);
    }
    assert!(outcomes.iter().all(|&t| t >= 100));
}
