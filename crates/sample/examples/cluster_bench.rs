//! Clustering benchmark: writes a labelled set for Drain3 to read, clusters
//! it and reports throughput and grouping accuracy, or streams many
//! generated diagnostics through the clusterer. `scripts/bench-sample.sh`
//! runs it beside Drain3.
//!
//! ```sh
//! cluster_bench write 1000000 set.tsv   # label, tool, code, message per line
//! cluster_bench cluster set.tsv         # buildfix's accuracy and speed on it, and
//                                       # the time to fetch each code and message
//! cluster_bench stream 10000000         # throughput; measure memory outside
//! cluster_bench repeats 1000000         # a renamed type: few messages, many places
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)] // a benchmark reports

#[path = "../tests/labelled/mod.rs"]
mod labelled;

use buildfix_core::{Diagnostic, Severity, Span, Tool};
use buildfix_sample::Clusterer;
use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let n = |i: usize| args.get(i).and_then(|s| s.parse::<usize>().ok()).unwrap_or(1_000_000);
    match args.get(1).map(String::as_str) {
        Some("write") => {
            let mut out = BufWriter::new(std::fs::File::create(&args[3])?);
            let mut rng = labelled::Rng(0x9e37_79b9_7f4a_7c15);
            for _ in 0..n(2) {
                let (t, d) = labelled::diagnostic(&mut rng);
                writeln!(out, "{t}\t{}\t{}\t{}", d.tool(), d.code().unwrap_or(""), d.message())?;
            }
            out.flush()
        }
        Some("cluster") => {
            let file = std::io::BufReader::new(std::fs::File::open(&args[2])?);
            let mut labels = Vec::new();
            let mut diags = Vec::new();
            for line in file.lines() {
                let line = line?;
                let mut f = line.splitn(4, '\t');
                let (label, tool, code, message) = (
                    f.next().unwrap(),
                    f.next().unwrap(),
                    f.next().unwrap(),
                    f.next().unwrap(),
                );
                let mut d = Diagnostic::new(tool.parse::<Tool>().unwrap(), Severity::Error, message);
                d.set_code(code);
                labels.push(label.parse::<usize>().unwrap());
                diags.push(d);
            }
            let start = Instant::now();
            let templated: usize = diags.iter().map(|d| buildfix_sample::template(d.message()).len()).sum();
            let template_secs = start.elapsed().as_secs_f64();
            let start = Instant::now();
            let mut clusterer = Clusterer::new(3);
            for (i, d) in diags.iter().enumerate() {
                clusterer.add(i, d);
            }
            let clusters = clusterer.finish();
            let secs = start.elapsed().as_secs_f64();
            eprintln!("templates alone: {template_secs:.3} s ({templated} bytes); clustering: {secs:.3} s");
            // The least any clusterer must do: fetch each diagnostic's code
            // and message from memory (here, their first bytes).
            let start = Instant::now();
            let fetched: usize = diags
                .iter()
                .map(|d| usize::from(d.message().as_bytes()[0]) + d.code().map_or(0, |c| usize::from(c.as_bytes()[0])))
                .sum();
            let fetch_secs = std::hint::black_box(start.elapsed().as_secs_f64());
            eprintln!("fetching each code and message: {fetch_secs:.3} s ({fetched})");
            let assigned: Vec<usize> = diags.iter().map(|d| labelled::cluster_of(&clusters, d)).collect();
            let accuracy = labelled::grouping_accuracy(&labels, &assigned);
            println!(
                "buildfix {} {secs:.3} {accuracy:.4} {} {fetch_secs:.4}",
                diags.len(),
                clusters.len()
            );
            Ok(())
        }
        Some("stream") => {
            let mut rng = labelled::Rng(0x2545_f491_4f6c_dd1d);
            let total = n(2);
            let start = Instant::now();
            let mut clusterer = Clusterer::new(3);
            for i in 0..total {
                let (_, d) = labelled::diagnostic(&mut rng);
                clusterer.add(i, &d);
            }
            let clusters = clusterer.finish();
            println!("stream {total} {:.3} {}", start.elapsed().as_secs_f64(), clusters.len());
            Ok(())
        }
        Some("repeats") => {
            // What a renamed type or a dependency upgrade prints: the same
            // few messages in many files and lines.
            let messages = [
                "cannot find type `Widget` in this scope",
                "cannot find value `widget_count` in this scope",
                "unused import: `crate::widgets::Widget`",
            ];
            let total = n(2);
            let diags: Vec<Diagnostic> = (0..total)
                .map(|i| {
                    let mut d = Diagnostic::new(Tool::Rustc, Severity::Error, messages[i % messages.len()]);
                    d.set_code("E0412");
                    d.set_primary(Span::point(
                        format!("src/module{}.rs", i % 500),
                        (i % 900 + 1) as u32,
                        5,
                    ));
                    d
                })
                .collect();
            let start = Instant::now();
            let mut clusterer = Clusterer::new(3);
            for (i, d) in diags.iter().enumerate() {
                clusterer.add(i, d);
            }
            let clusters = clusterer.finish();
            println!(
                "repeats {total} {:.3} {}",
                start.elapsed().as_secs_f64(),
                clusters.len()
            );
            Ok(())
        }
        _ => {
            println!("usage: cluster_bench write N FILE | cluster FILE | stream N | repeats N");
            Ok(())
        }
    }
}
