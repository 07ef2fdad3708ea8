//! `buildfix undo`: take back the last batch of fixes, or a whole run.

use crate::cli::UndoArgs;
use crate::config::Config;
use anyhow::{Context, Result, bail};
use buildfix_fix::{BatchState, Journal};
use buildfix_learn::Store;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &UndoArgs) -> Result<ExitCode> {
    let root = args
        .root
        .canonicalize()
        .with_context(|| format!("cannot use {} as the project root", args.root.display()))?;
    let given = args.state.clone().or(Config::load(&root)?.state);
    let state = buildfix_fix::state_dir(&root, given.as_deref());
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
    let reports = if args.run {
        let batches = last_run_batches(&journal, &state)?;
        if batches.is_empty() {
            bail!("the last `buildfix run` kept no batch that is not undone already");
        }
        let mut reports = Vec::new();
        for id in batches {
            reports.push(journal.undo(&id, args.force)?);
        }
        reports
    } else {
        vec![journal.undo_last(args.force)?]
    };
    for report in reports {
        for f in &report.restored {
            writeln!(out, "restored {f}")?;
        }
        for f in &report.untouched {
            writeln!(out, "unchanged {f} (the batch never wrote it)")?;
        }
        writeln!(out, "undid batch {}", report.batch)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The batches the last `buildfix run` kept and that are not undone,
/// newest first: those made while it ran (a run killed before it finished
/// owns every batch since it started).
fn last_run_batches(journal: &Journal, state: &Path) -> Result<Vec<String>> {
    let db = state.join("buildfix.db");
    if !db.is_file() {
        bail!("no `buildfix run` recorded in {}", state.display());
    }
    let Some((started, took)) = Store::open(&db)?.last_run()? else {
        bail!("no `buildfix run` recorded in {}", db.display());
    };
    let started = u64::try_from(started).unwrap_or(0);
    let ended = took.map_or(u64::MAX, |d| started + d.as_secs() + 1);
    Ok(journal
        .list()?
        .into_iter()
        .filter(|b| b.state != BatchState::Undone && (started..=ended).contains(&b.created_unix))
        .map(|b| b.id)
        .collect())
}
