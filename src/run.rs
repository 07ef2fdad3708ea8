//! `buildfix run -- <build command>`: the build, fixed while it fails.

use crate::cli::{ApplyLevel, RunArgs};
use crate::config::Config;
use crate::progress::Progress;
use anyhow::Result;
use buildfix_coordinator::{Cancel, Event, FixReport, Inject, RunOptions, Stop, run as run_loop};
use buildfix_core::{Applicability, Severity};
use buildfix_learn::Outcome;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Runs the command.
pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let config = Config::load(&args.root)?;
    let patterns = crate::library::chosen(args.no_patterns, args.patterns.as_deref(), &config)?;
    let max_iterations = args.max_iterations.or(config.run.max_iterations).unwrap_or(8);
    let timeout = args.timeout.or(config.timeout()?);
    let opts = RunOptions {
        root: args.root.clone(),
        command: args.command.clone(),
        max_iterations,
        min_applicability: args.apply.or(config.apply()?).unwrap_or(ApplyLevel::Maybe).minimum(),
        state_dir: args.state.clone().or(config.state.clone()),
        patterns,
        inject: if args.no_inject { Inject::NONE } else { config.inject()? },
        color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        dry_run: args.dry_run,
        search_path: std::env::var_os("PATH"),
        cancel: Cancel {
            flag: interrupt_flag()?,
            deadline: timeout.map(|t| Instant::now() + t),
        },
    };
    let progress = Progress::new(io::stderr().is_terminal());
    let mut echo = progress.echo(args.quiet || config.run.quiet == Some(true));
    let mut say = |event: &Event| progress.event(event);
    let report = run_loop(&opts, &mut echo, &mut say)?;
    let mut err = io::stderr().lock();
    if let Some(diff) = &report.planned {
        let mut out = io::stdout().lock();
        write!(out, "{diff}")?;
        out.flush()?;
    }
    let kept: Vec<_> = report.fixes.iter().filter(|f| f.outcome == Outcome::Fixed).collect();
    // A fix rolled back with its batch is not listed when its error was
    // fixed on a retry (by it, or by another fix ranked first then).
    let kept_again = |f: &FixReport| kept.iter().any(|k| k.diagnostic == f.diagnostic);
    let rolled: Vec<_> = report
        .fixes
        .iter()
        .filter(|f| match f.outcome {
            Outcome::Regressed | Outcome::NotFixed => true,
            Outcome::RolledBack => !kept_again(f),
            Outcome::Fixed | Outcome::Skipped => false,
        })
        .collect();
    let left = report.last.summary().errors;
    let verdict = match report.stop {
        Stop::Green => "the build passes".to_string(),
        Stop::NoFixes if left == 0 => {
            "the build fails, but its output holds no error buildfix reads (the log is under .buildfix/logs; \
             its last lines are below)"
                .to_string()
        }
        Stop::NoFixes => format!("{left} error(s) left that buildfix has no fix for"),
        Stop::Limit => format!("{left} error(s) left after {max_iterations} iterations"),
        Stop::Interrupted => format!("interrupted with {left} error(s) left"),
        Stop::TimedOut => format!("--timeout passed with {left} error(s) left"),
        Stop::DryRun => format!("{left} error(s); the diff above is what a run would try first (nothing written)"),
    };
    writeln!(
        err,
        "\nbuildfix: {verdict} ({} error(s) at the start, {} build(s), {} fix(es) kept, {} rolled back)",
        report.initial_errors,
        report.builds,
        kept.len(),
        rolled.len()
    )?;
    if report.stop == Stop::NoFixes && left == 0 {
        // What the build said last, which `--quiet` kept from view.
        let state = buildfix_fix::state_dir(&args.root, opts.state_dir.as_deref());
        for line in last_lines(&state.join("logs"), 5) {
            writeln!(err, "  | {line}")?;
        }
    }
    let root = args.root.canonicalize()?;
    let within = format!("{}/", root.display());
    // Python's tracebacks name files by absolute path: shown from the root.
    let at = |f: &FixReport| {
        f.diagnostic
            .strip_prefix(within.as_str())
            .unwrap_or(&f.diagnostic)
            .to_string()
    };
    for f in &kept {
        writeln!(err, "  fixed  {} — {} [{}]", at(f), f.message, f.origin)?;
    }
    for f in &rolled {
        let why = match f.outcome {
            Outcome::Regressed => "regressed: it caused a new error",
            Outcome::NotFixed => "not fixed: the rebuild still reported its error",
            _ => "rolled back with its batch",
        };
        writeln!(err, "  undone {} — {} [{}] ({why})", at(f), f.message, f.origin)?;
    }
    for f in report.fixes.iter().filter(|f| f.outcome == Outcome::Skipped) {
        writeln!(
            err,
            "  stale  {} — {} [{}] (the file changed while the build ran; rebuild to retry)",
            at(f),
            f.message,
            f.origin
        )?;
    }
    if !report.changed.is_empty() {
        let width = report
            .changed
            .iter()
            .map(|(p, _, _)| p.chars().count())
            .max()
            .unwrap_or(0);
        writeln!(err, "changed:")?;
        for (path, added, removed) in &report.changed {
            writeln!(err, "  {path:<width$} | +{added} -{removed}")?;
        }
    }
    match report.batches.len() {
        0 => {}
        1 => writeln!(err, "`buildfix undo` takes the batch back")?,
        n => writeln!(
            err,
            "`buildfix undo --run` takes back all {n} batches (`buildfix undo` the last one)"
        )?,
    }
    if left > 0 {
        let changed = crate::analyze::Changed::of(&root, report.changed_since_green.iter().flatten().cloned());
        let clusters = crate::analyze::clusters(report.last.diagnostics(), None, 3, &changed);
        writeln!(err, "left, by cause:")?;
        // A fix known for an error left was tried, unless it is below
        // `--apply` (warnings are not fixed), its file is not here, or the
        // run was a dry one.
        let known_fix = |c: &buildfix_core::Cluster| {
            let d = &report.last.diagnostics()[c.first];
            let taken: Vec<_> = d
                .suggestions()
                .iter()
                .filter(|s| s.applicability() >= opts.min_applicability)
                .collect();
            if opts.dry_run || d.severity() != Severity::Error || taken.is_empty() {
                return None;
            }
            let here = |s: &&buildfix_core::Suggestion| s.edits().iter().all(|e| root.join(e.path()).is_file());
            Some(if taken.iter().any(here) {
                "its suggested fix did not hold"
            } else {
                "its suggested fix is for a file not found under the root"
            })
        };
        for c in clusters.iter().take(10) {
            let code = c.code.as_deref().map(|c| format!("[{c}]")).unwrap_or_default();
            let first = &report.last.diagnostics()[c.first];
            let mut reasons: Vec<&str> = c
                .reasons
                .iter()
                .map(|r| match r.as_str() {
                    buildfix_sample::FIX_KNOWN => known_fix(c).unwrap_or(r),
                    r => r,
                })
                .collect();
            // A path dependency's source, a system header: not the project's.
            if first
                .primary()
                .is_some_and(|p| std::path::Path::new(p.path()).is_absolute() && !p.path().starts_with(&within))
            {
                reasons.insert(0, "in a file outside the root, which buildfix does not edit");
            }
            // A cause seen once is said in its own words.
            let kind = if c.count == 1 { first.message() } else { &c.template };
            writeln!(err, "  {}{code}: {kind} — {}", c.severity, reasons.join(", "))?;
            writeln!(err, "      {}", first_occurrence(first, c.count, &within))?;
            // A failed test's values (`left: 5`, `right: 4`).
            if let Some((_, said)) = failed_test(first) {
                for note in said.iter().take(4) {
                    writeln!(err, "        {note}")?;
                }
            }
            // What the library advises for the samples: one cause may need
            // more than one thing done (`sqrt` wants `-lm`, `area` a file).
            let mut advice: Vec<String> = Vec::new();
            for &i in &c.samples {
                let said = opts
                    .patterns
                    .as_ref()
                    .and_then(|set| set.advice(&report.last.diagnostics()[i]));
                advice.extend(said.filter(|a| !advice.contains(a)));
            }
            for a in &advice {
                writeln!(err, "      {a}")?;
            }
            if let Some(text) = to_fill_in(first).filter(|_| advice.is_empty()) {
                writeln!(
                    err,
                    "      {} suggests, with a placeholder to fill in: {text}",
                    first.tool()
                )?;
            }
        }
        let below = report
            .last
            .diagnostics()
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .filter(|d| {
                let safety = d.suggestions().iter().map(|s| s.applicability()).max();
                safety.is_some_and(|a| a == Applicability::Unspecified && a < opts.min_applicability)
            })
            .count();
        if below > 0 {
            writeln!(
                err,
                "{below} of them come with a suggestion of unspecified safety: `--apply all` tries those too, each \
                 proven by a rebuild"
            )?;
        }
    }
    // From the start of the command: loading the configuration and the
    // patterns, parsing what a build printed after it exited, this summary.
    let total = started.elapsed();
    writeln!(
        err,
        "buildfix's own time: {:.3} s of {:.3} s",
        total.saturating_sub(report.build_time).as_secs_f64(),
        total.as_secs_f64()
    )?;
    Ok(match report.stop {
        Stop::Green => ExitCode::SUCCESS,
        Stop::Interrupted => ExitCode::from(130),
        _ => ExitCode::from(1),
    })
}

/// The last `n` non-blank lines of the newest build log in `dir` (read
/// from its last 64 KiB, however long it is).
fn last_lines(dir: &std::path::Path, n: usize) -> Vec<String> {
    use std::io::{Read, Seek, SeekFrom};
    let newest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max();
    let Some((_, path)) = newest else { return Vec::new() };
    let mut tail = Vec::new();
    if let Ok(mut f) = std::fs::File::open(&path) {
        let len = f.metadata().map_or(0, |m| m.len());
        let _ = f.seek(SeekFrom::Start(len.saturating_sub(64 * 1024)));
        let _ = f.read_to_end(&mut tail);
    }
    let text = String::from_utf8_lossy(&tail);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// Where a cause left first shows, and what it says there when it shows
/// more than once (the cause's template hides the names).
fn first_occurrence(d: &buildfix_core::Diagnostic, count: u64, root: &str) -> String {
    let at = d.primary().map_or_else(
        || "(no location)".to_string(),
        |p| {
            let path = p.path().strip_prefix(root).unwrap_or(p.path());
            let column = p.column().map(|c| format!(":{c}")).unwrap_or_default();
            format!("{path}:{}{column}", p.line())
        },
    );
    let at = match failed_test(d) {
        Some((test, _)) => format!("{at} in {test}"),
        None => at,
    };
    if count > 1 {
        format!("first at {at}: {}", d.message())
    } else {
        format!("at {at}")
    }
}

/// The test that `d` is the failure of (its `test: ` note, or a `thread: `
/// other than `main`: Rust runs each test in a thread of its name), and its
/// other notes.
fn failed_test(d: &buildfix_core::Diagnostic) -> Option<(&str, Vec<&str>)> {
    let test = d.notes().iter().find_map(|n| {
        n.strip_prefix("test: ")
            .or_else(|| n.strip_prefix("thread: ").filter(|&t| t != "main"))
    })?;
    let said = d
        .notes()
        .iter()
        .filter(|n| !n.starts_with("test: ") && !n.starts_with("thread: "))
        .map(String::as_str)
        .collect();
    Some((test, said))
}

/// What a compiler suggests for `d` with placeholders in it (rustc's
/// `todo!()` arm for a missing match case), on one line: a person's start.
fn to_fill_in(d: &buildfix_core::Diagnostic) -> Option<String> {
    d.suggestions()
        .iter()
        .find(|s| s.applicability() == Applicability::HasPlaceholders)
        .and_then(|s| buildfix_core::written(s.edits()))
}

/// A flag raised by Ctrl-C and SIGTERM; a second signal quits at once.
fn interrupt_flag() -> Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    let raised = Arc::clone(&flag);
    ctrlc::set_handler(move || {
        if raised.swap(true, Ordering::SeqCst) {
            // Every write is atomic and journaled: quitting now loses nothing.
            #[allow(clippy::exit)]
            std::process::exit(130);
        }
        let _ = writeln!(
            io::stderr(),
            "buildfix: stopping (Ctrl-C again quits at once; `buildfix undo` takes back kept batches)"
        );
    })?;
    Ok(flag)
}
