//! `buildfix undo`: take back the last batch of fixes.

use crate::cli::UndoArgs;
use crate::config::Config;
use anyhow::{Context, Result};
use buildfix_fix::Journal;
use std::io::{self, Write};
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &UndoArgs) -> Result<ExitCode> {
    let root = args
        .root
        .canonicalize()
        .with_context(|| format!("cannot use {} as the project root", args.root.display()))?;
    let state = args
        .state
        .clone()
        .or(Config::load(&root)?.state)
        .unwrap_or_else(|| root.join(".buildfix"));
    let journal = Journal::new(&state, &root);
    let mut out = io::stdout().lock();
    if args.list {
        let batches = journal.list()?;
        if batches.is_empty() {
            writeln!(out, "no batches recorded in {}", state.join("journal").display())?;
        }
        for b in batches {
            let state = format!("{:?}", b.state).to_lowercase();
            writeln!(
                out,
                "{}  {:<8} {} file(s): {}",
                b.id,
                state,
                b.files.len(),
                b.files.join(", ")
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = journal.undo_last(args.force)?;
    for f in &report.restored {
        writeln!(out, "restored {f}")?;
    }
    for f in &report.untouched {
        writeln!(out, "unchanged {f} (the batch never wrote it)")?;
    }
    writeln!(out, "undid batch {}", report.batch)?;
    Ok(ExitCode::SUCCESS)
}
