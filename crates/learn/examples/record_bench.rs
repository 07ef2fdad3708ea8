//! Records 100,000 attempts in one transaction and compares, in the same
//! run, with writing the same rows as JSON lines to a file and syncing it
//! (the least a durable record costs).
//!
//! `cargo run --release -p buildfix-learn --example record_bench`
#![allow(clippy::print_stdout)] // a benchmark reports on stdout

use buildfix_learn::{Attempt, Outcome, Seen, Store};
use std::io::Write;
use std::time::{Duration, Instant};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let kinds: Vec<Seen> = (0..20)
        .map(|i| Seen {
            fingerprint: format!("{i:016x}"),
            tool: "rustc".into(),
            code: None,
            template: format!("kind {i}"),
            count: 5000,
        })
        .collect();
    let tries: Vec<Attempt> = (0..100_000)
        .map(|i| Attempt {
            fingerprint: format!("{:016x}", i % 20),
            file: format!("src/f{}.rs", i % 300),
            origin: format!("pattern.{}", i % 7),
            outcome: if i % 3 == 0 { Outcome::NotFixed } else { Outcome::Fixed },
            reason: None,
            duration: Duration::from_millis(2),
        })
        .collect();
    let mut best_store = f64::MAX;
    let mut best_file = f64::MAX;
    for round in 0..3 {
        let mut store = Store::open(&dir.path().join(format!("b{round}.db"))).unwrap();
        let start = Instant::now();
        store.record(None, &kinds, &tries).unwrap();
        best_store = best_store.min(start.elapsed().as_secs_f64());
        assert_eq!(store.observations("pattern.0", None).unwrap().len(), 14_286);

        let start = Instant::now();
        let mut f = std::io::BufWriter::new(std::fs::File::create(dir.path().join(format!("b{round}.jsonl"))).unwrap());
        for a in &tries {
            writeln!(
                f,
                r#"{{"fingerprint":"{}","file":"{}","origin":"{}","outcome":"{}"}}"#,
                a.fingerprint,
                a.file,
                a.origin,
                a.outcome.name()
            )
            .unwrap();
        }
        f.into_inner().unwrap().sync_all().unwrap();
        best_file = best_file.min(start.elapsed().as_secs_f64());
    }
    println!("100,000 attempts in one transaction: {:.3} s (best of 3)", best_store);
    println!("the same rows as JSON lines, synced:   {:.3} s", best_file);
    println!("ratio store / file: {:.1}x", best_store / best_file);
}
