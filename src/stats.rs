//! `buildfix stats`: what the learning store holds.

use crate::cli::{Format, StatsArgs};
use crate::config::Config;
use anyhow::{Context, Result};
use buildfix_learn::{Export, Stats, Store};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The store's file for a root and an optional state directory.
pub fn store_path(root: &std::path::Path, state: Option<&std::path::Path>) -> PathBuf {
    buildfix_fix::state_dir(root, state).join("buildfix.db")
}

/// Runs the command.
pub fn run(args: &StatsArgs) -> Result<ExitCode> {
    let configured = Config::load(&args.root)?.state;
    let path = store_path(&args.root, args.state.as_deref().or(configured.as_deref()));
    let mut out = io::stdout().lock();
    if args.reset {
        let old = path.with_extension("db.old");
        for suffix in ["", "-wal", "-shm"] {
            let (from, to) = (
                PathBuf::from(format!("{}{suffix}", path.display())),
                PathBuf::from(format!("{}{suffix}", old.display())),
            );
            if from.exists() {
                std::fs::rename(&from, &to).with_context(|| format!("cannot move {} aside", from.display()))?;
            }
        }
        Store::open(&path)?;
        writeln!(
            out,
            "started a new store at {} (the old one is {})",
            path.display(),
            old.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut store = Store::open(&path)?;
    if let Some(file) = &args.export {
        let export = store.export()?;
        let json = serde_json::to_vec_pretty(&export)?;
        buildfix_fix::write_atomic(file, &json).with_context(|| format!("cannot write {}", file.display()))?;
        writeln!(
            out,
            "exported {} kinds of error and {} outcome counts to {}",
            export.fingerprints.len(),
            export.outcomes.len(),
            file.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(file) = &args.import {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let export: Export = serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not a buildfix stats export", file.display()))?;
        store.import(&export)?;
        writeln!(
            out,
            "imported {} kinds of error and {} outcome counts from {}",
            export.fingerprints.len(),
            export.outcomes.len(),
            file.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let stats = store.stats()?;
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &stats)?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &stats)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn rate(fixed: i64, tried: i64) -> String {
    if tried == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * fixed as f64 / tried as f64)
    }
}

fn write_text(out: &mut impl Write, s: &Stats) -> io::Result<()> {
    writeln!(out, "{} runs recorded", s.runs)?;
    if !s.fix_rate.is_empty() {
        writeln!(out, "\nfix rate by day (fixes the rebuild proved / fixes tried):")?;
        for d in &s.fix_rate {
            writeln!(
                out,
                "  {}  {:>5}  {}/{}",
                d.day,
                rate(d.fixed, d.tried),
                d.fixed,
                d.tried
            )?;
        }
    }
    let mut origins = s.origins.clone();
    origins.sort_by(|a, b| {
        (b.fixed * a.tried.max(1))
            .cmp(&(a.fixed * b.tried.max(1)))
            .then(b.tried.cmp(&a.tried))
    });
    if !origins.is_empty() {
        writeln!(out, "\nbest fixes first (origin, rate, proved/tried):")?;
        for o in &origins {
            writeln!(
                out,
                "  {:<40} {:>5}  {}/{}",
                o.origin,
                rate(o.fixed, o.tried),
                o.fixed,
                o.tried
            )?;
        }
    }
    if !s.frequent.is_empty() {
        writeln!(out, "\nmost frequent kinds of error:")?;
        for k in &s.frequent {
            let code = k.code.as_deref().map(|c| format!("[{c}]")).unwrap_or_default();
            writeln!(out, "  {:>7}  {}{code}: {}", k.count, k.tool, k.template)?;
        }
    }
    Ok(())
}
