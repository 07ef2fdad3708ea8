//! Matches 1,000,000 diagnostics against 1,000 patterns (the real library
//! plus generated variants of it) and compares, in the same run, with trying
//! every regex on every message in turn; checks both find the same matches.
//! Also times loading the compiled artifact.
//!
//! `cargo bench -p buildfix-patterns --bench matching`
#![allow(clippy::print_stdout)] // a benchmark reports on stdout

use buildfix_core::{Diagnostic, Severity};
use buildfix_patterns::{Library, PatternSet, compile, match_text, prefilter_literals, read_sources};
use regex::Regex;
use std::path::Path;
use std::time::Instant;

const PATTERNS: usize = 1_000;
const DIAGNOSTICS: usize = 1_000_000;
const NAIVE_SAMPLE: usize = 20_000;

/// The real library, grown to PATTERNS by variants that differ in their
/// literal words, as a larger library would.
fn library() -> Library {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../patterns");
    let mut lib = compile(&read_sources(&dir).expect("patterns/ is readable")).expect("the library compiles");
    let real = lib.patterns.clone();
    let mut i = 0;
    while lib.patterns.len() < PATTERNS {
        let mut p = real[i % real.len()].clone();
        p.id = buildfix_core::PatternId::new(format!("{}.variant{i}", p.id));
        p.message = format!("variant{i} {}", p.message.trim_start_matches('^'));
        p.literals = prefilter_literals(&p.message);
        lib.patterns.push(p);
        i += 1;
    }
    lib
}

/// Diagnostics from every example of the library, and as many messages that
/// match no pattern (most of a real log's diagnostics have no pattern).
fn diagnostics(lib: &Library) -> Vec<Diagnostic> {
    let examples: Vec<Diagnostic> = lib
        .patterns
        .iter()
        .filter(|p| !p.id.as_str().contains(".variant"))
        .flat_map(|p| {
            p.examples.iter().map(|e| {
                let mut d = Diagnostic::new(p.tool, Severity::Error, e.message.as_str());
                if let Some(code) = p.codes.first() {
                    d.set_code(code.as_str());
                }
                d
            })
        })
        .collect();
    (0..DIAGNOSTICS)
        .map(|i| {
            if i % 2 == 0 {
                examples[i / 2 % examples.len()].clone()
            } else {
                let tool = examples[i % examples.len()].tool();
                Diagnostic::new(
                    tool,
                    Severity::Error,
                    format!("mismatched types in expression {i}: expected `u{i}`"),
                )
            }
        })
        .collect()
}

fn main() {
    let lib = library();
    let diags = diagnostics(&lib);
    let set = PatternSet::new(lib.clone());

    let start = Instant::now();
    let mut matched = 0usize;
    for d in &diags {
        matched += usize::from(!set.matches(d).is_empty());
    }
    let fast = start.elapsed().as_secs_f64();

    // The reference: every regex on every message, on a sample.
    let regexes: Vec<Regex> = lib.patterns.iter().map(|p| Regex::new(&p.message).unwrap()).collect();
    let start = Instant::now();
    let mut naive_matched = 0usize;
    for d in &diags[..NAIVE_SAMPLE] {
        let text = match_text(d);
        // Every regex runs; the tool and code decide only afterwards.
        let hits: Vec<bool> = regexes.iter().map(|re| re.is_match(&text)).collect();
        let any = lib.patterns.iter().zip(hits).any(|(p, hit)| {
            hit && buildfix_patterns::family(p.tool) == buildfix_patterns::family(d.tool())
                && (p.codes.is_empty() || d.code().is_some_and(|c| p.codes.iter().any(|x| x == c)))
        });
        naive_matched += usize::from(any);
    }
    let naive = start.elapsed().as_secs_f64();
    let fast_sample: usize = diags[..NAIVE_SAMPLE]
        .iter()
        .map(|d| usize::from(!set.matches(d).is_empty()))
        .sum();
    assert_eq!(
        fast_sample, naive_matched,
        "the prefiltered matcher and the naive one disagree"
    );

    let bytes = set.to_artifact();
    let mut load = f64::MAX;
    for _ in 0..20 {
        let start = Instant::now();
        let loaded = PatternSet::from_artifact(&bytes).unwrap();
        load = load.min(start.elapsed().as_secs_f64());
        assert_eq!(loaded.library().patterns.len(), PATTERNS);
    }

    let per_fast = fast / DIAGNOSTICS as f64;
    let per_naive = naive / NAIVE_SAMPLE as f64;
    println!("{PATTERNS} patterns, {DIAGNOSTICS} diagnostics ({matched} matched), one thread");
    println!(
        "prefiltered matcher: {:.0} diagnostics/s ({:.0} ns each), {} regex runs",
        1.0 / per_fast,
        per_fast * 1e9,
        set.regex_runs()
    );
    println!(
        "every regex in turn: {:.0} diagnostics/s ({:.0} ns each, on {NAIVE_SAMPLE})",
        1.0 / per_naive,
        per_naive * 1e9
    );
    println!("speed-up: {:.1}x (target: at least 20x)", per_naive / per_fast);
    println!(
        "artifact: {} bytes, loads in {:.2} ms (target: under 10 ms)",
        bytes.len(),
        load * 1e3
    );
}
