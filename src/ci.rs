//! `buildfix ci`: explain a failed build where CI shows it, without editing
//! the tree unless asked.

use crate::analyze::{self, parse_log, use_color};
use crate::cli::{ApplyLevel, CiArgs};
use crate::config::Config;
use crate::fix::{Planned, Target, plural};
use anyhow::{Context, Result};
use buildfix_fix::Mode;
use buildfix_logparse::ParserBuilder;
use buildfix_report::{Report, github, gitlab, html, json, junit, markdown, sarif, text};
use buildfix_sample::Clusterer;
use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Diagnostics beyond which people see the clusters' samples.
const EXPAND: usize = 50;

/// Runs the command.
pub fn run(args: &CiArgs) -> Result<ExitCode> {
    let in_github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let root = args
        .root
        .clone()
        .or_else(|| std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."));
    let base = fs::canonicalize(&root).with_context(|| format!("cannot use {} as the root", root.display()))?;
    let base = base.to_string_lossy();
    let config = Config::load(&root)?;
    let parser = ParserBuilder::new().tool(args.tool).jobs(config.jobs.unwrap_or(0));
    let analysis = parse_log(args.log.as_deref(), "ci", parser, &root)?;
    analyze::warn_of_missing_files(analysis.diagnostics(), &root);
    let diagnostics = analysis.diagnostics();
    let patterns = crate::library::chosen(args.no_patterns, args.patterns.as_deref(), &config)?;
    let changed = analyze::Changed::since_green(&root, args.state.as_deref().or(config.state.as_deref()))?;
    let clusters = analyze::clusters(diagnostics, patterns.as_ref(), args.samples, &changed);
    let shown = analyze::shown(diagnostics.len(), &clusters, sarif::MAX_RESULTS);
    let hits = match &patterns {
        Some(set) => analyze::pattern_hits(diagnostics, &shown, set, &root)?,
        None => shown.iter().map(|_| Vec::new()).collect(),
    };
    let fingerprints: Vec<_> = shown
        .iter()
        .map(|&i| Clusterer::fingerprint(&diagnostics[i]).0)
        .collect();
    let report = Report {
        reported: analysis.reported(),
        clusters: &clusters,
        shown: &shown,
        hits: &hits,
        fingerprints: &fingerprints,
        clustered: diagnostics.len() > EXPAND,
        base: &base,
        ..Report::new(diagnostics, analysis.summary())
    };
    let github = args.github || in_github;
    let annotated = github.then(|| github::annotated(&report));

    write_file(args.sarif.as_deref(), |out| sarif::write(out, &report))?;
    write_file(args.json.as_deref(), |out| json::write(out, &report))?;
    write_file(args.gitlab.as_deref(), |out| gitlab::write(out, &report))?;
    write_file(args.junit.as_deref(), |out| junit::write(out, &report))?;
    write_file(args.html.as_deref(), |out| html::write(out, &report))?;
    let summary = args.summary.clone().or_else(|| {
        in_github
            .then(|| std::env::var_os("GITHUB_STEP_SUMMARY").map(PathBuf::from))
            .flatten()
    });
    if let Some(path) = summary {
        let mut doc = Vec::new();
        markdown::write(&mut doc, &report, annotated.as_ref())?;
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(&doc))
            .with_context(|| format!("cannot append the job summary to {}", path.display()))?;
    }

    let applied = if args.patch.is_some() || args.apply.is_some() {
        let target = Target {
            root: &root,
            state: args.state.as_deref().or(config.state.as_deref()),
            level: args.apply.unwrap_or(ApplyLevel::Maybe),
            mode: Mode::Preferred,
        };
        let Planned { engine, plan, .. } = target.plan(diagnostics, patterns.as_ref())?;
        write_file(args.patch.as_deref(), |out| out.write_all(plan.diff().as_bytes()))?;
        match args.apply {
            Some(_) => Some((plan.applied(), plan.files.len(), engine.write(&plan)?)),
            None => None,
        }
    } else {
        None
    };

    let stdout = io::stdout();
    let color = use_color(args.color, stdout.is_terminal());
    let mut out = BufWriter::new(stdout.lock());
    if let Some(annotated) = &annotated {
        // The report quotes the log: GitHub must not read commands in it.
        let resume = github::stop_commands(&mut out, &token())?;
        text::write(&mut out, &report, color)?;
        writeln!(out, "{resume}")?;
        github::write(&mut out, &report)?;
        let left_out: u64 = annotated.left_out.iter().sum();
        if left_out > 0 {
            writeln!(
                out,
                "{left_out} more kinds are not annotated (GitHub shows {} per level); the job summary lists them.",
                github::PER_LEVEL
            )?;
        }
    } else {
        text::write(&mut out, &report, color)?;
    }
    if let Some((fixes, files, batch)) = applied {
        match batch {
            Some(batch) => writeln!(
                out,
                "applied {} to {}; journal batch {batch}: `buildfix undo` restores the originals",
                plural(fixes, "fix", "fixes"),
                plural(files, "file", "files")
            )?,
            None => writeln!(out, "no fix could be applied")?,
        }
    }
    out.flush()?;
    Ok(if analysis.summary().errors > 0 && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Renders into memory, then writes `path` whole (when a path is given).
fn write_file(path: Option<&Path>, render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> Result<()> {
    let Some(path) = path else { return Ok(()) };
    let mut doc = Vec::new();
    render(&mut doc)?;
    fs::write(path, doc).with_context(|| format!("cannot write {}", path.display()))
}

/// A token no log can guess (std's hasher keys are random per process):
/// it ends GitHub's pause of commands.
fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    format!("buildfix-{:016x}", h.finish())
}
