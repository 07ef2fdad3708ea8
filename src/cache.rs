//! `buildfix cache stats|clean`: the result cache.

use crate::cli::{CacheArgs, CacheCommand};
use crate::config::Config;
use anyhow::{Context, Result};
use buildfix_track::ResultCache;
use std::io::{self, Write};
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &CacheArgs) -> Result<ExitCode> {
    let root = args
        .root
        .canonicalize()
        .with_context(|| format!("cannot use {} as the project root", args.root.display()))?;
    let config = Config::load(&root)?;
    let state = buildfix_fix::state_dir(&root, args.state.as_deref().or(config.state.as_deref()));
    let mut out = io::stdout().lock();
    let db = state.join("buildfix.db");
    if !db.is_file() {
        writeln!(out, "no cache yet in {}", state.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut cache = ResultCache::open(&db, config.cache_bytes())?;
    match args.command {
        CacheCommand::Stats => {
            let s = cache.stats()?;
            writeln!(
                out,
                "{} answers, {:.1} MiB of {:.0} MiB; {} hits, {} misses ({})",
                s.entries,
                s.bytes as f64 / 1_048_576.0,
                s.limit as f64 / 1_048_576.0,
                s.hits,
                s.misses,
                db.display()
            )?;
        }
        CacheCommand::Clean => {
            let freed = cache.clean()?;
            writeln!(out, "emptied the cache: {:.1} MiB freed", freed as f64 / 1_048_576.0)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
