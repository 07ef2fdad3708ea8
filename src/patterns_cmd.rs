//! `buildfix patterns compile|test|list`.

use crate::cli::{PatternsArgs, PatternsCommand};
use crate::library::{builtin_sources, compile_or_report};
use anyhow::{Context, Result};
use buildfix_patterns::{PatternSet, read_sources, test};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &PatternsArgs) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match &args.command {
        PatternsCommand::Compile { dir, output } => {
            let (sources, what) = sources(dir.as_deref())?;
            let lib = compile_or_report(&sources, &what)?;
            let failures = test(&lib);
            if !failures.is_empty() {
                for f in &failures {
                    writeln!(io::stderr(), "{f}")?;
                }
                anyhow::bail!("{} example(s) failed; not writing the artifact", failures.len());
            }
            let n = lib.patterns.len();
            let bytes = PatternSet::new(lib).to_artifact();
            std::fs::write(output, &bytes).with_context(|| format!("cannot write {}", output.display()))?;
            writeln!(
                out,
                "compiled {n} patterns from {what} into {} ({} bytes)",
                output.display(),
                bytes.len()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        PatternsCommand::Test { dir } => {
            let (sources, what) = sources(dir.as_deref())?;
            let lib = compile_or_report(&sources, &what)?;
            let failures = test(&lib);
            for f in &failures {
                writeln!(out, "FAIL {f}")?;
            }
            let examples: usize = lib
                .patterns
                .iter()
                .map(|p| p.examples.len() + p.counter_examples.len())
                .sum();
            writeln!(
                out,
                "{} patterns, {examples} examples and counter-examples: {} failed",
                lib.patterns.len(),
                failures.len()
            )?;
            Ok(if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        PatternsCommand::List { dir } => {
            let set = crate::library::load(dir.as_deref())?;
            let header = ["ID", "TOOL", "CODE", "ACTION"];
            writeln!(
                out,
                "{:<40} {:<8} {:<24} {:<24} CONFIDENCE",
                header[0], header[1], header[2], header[3]
            )?;
            for p in &set.library().patterns {
                let code = if p.codes.is_empty() {
                    "*".to_string()
                } else {
                    p.codes.join(",")
                };
                writeln!(
                    out,
                    "{:<40} {:<8} {:<24} {:<24} {:.2}",
                    p.id.as_str(),
                    p.tool.name(),
                    code,
                    p.action.kind.name(),
                    p.confidence
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn sources(dir: Option<&Path>) -> Result<(Vec<(String, String)>, String)> {
    match dir {
        None => Ok((builtin_sources(), "the built-in library".to_string())),
        Some(d) => Ok((
            read_sources(d).with_context(|| format!("cannot read {}", d.display()))?,
            d.display().to_string(),
        )),
    }
}
