//! `buildfix fix`: apply the fixes the compilers suggested in a log.

use crate::analyze::{parse_log, warn_of_missing_files};
use crate::cli::{ApplyLevel, Compat, FixArgs, Format};
use crate::config::Config;
use anyhow::{Context, Result};
use buildfix_coordinator::{JailedSources, followers, plan_holding_back_deletions, proposals};
use buildfix_core::Diagnostic;
use buildfix_fix::{FixEngine, FixEngineBuilder, Jail, Mode, Outcome, Plan, Proposal, Skip};
use buildfix_logparse::ParserBuilder;
use buildfix_patterns::PatternSet;
use serde_json::json;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &FixArgs) -> Result<ExitCode> {
    let config = Config::load(&args.root)?;
    let parser = ParserBuilder::new().tool(args.tool).jobs(config.jobs.unwrap_or(0));
    let analysis = parse_log(args.log.as_deref(), "fix", parser, &args.root)?;
    warn_of_missing_files(analysis.diagnostics(), &args.root);
    let patterns = crate::library::chosen(args.no_patterns, args.patterns.as_deref(), &config)?;
    let mode = match args.compat {
        Compat::Buildfix => Mode::Preferred,
        Compat::Rustfix => Mode::Rustfix,
    };
    let target = Target {
        root: &args.root,
        state: args.state.as_deref().or(config.state.as_deref()),
        level: args.apply,
        mode,
    };
    let Planned {
        engine,
        proposals,
        held,
        plan,
    } = target.plan(analysis.diagnostics(), patterns.as_ref())?;
    let batch = if args.dry_run { None } else { engine.write(&plan)? };
    let mut out = BufWriter::new(io::stdout().lock());
    let report = Report {
        plan: &plan,
        proposals: &proposals,
        held: &held,
        batch: batch.as_deref(),
        dry_run: args.dry_run,
    };
    match args.format {
        Format::Text => report.write_text(&mut out)?,
        Format::Json => report.write_json(&mut out)?,
    }
    out.flush()?;
    Ok(if failures(&plan) + held.len() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where and how fixes are applied.
pub struct Target<'a> {
    /// The project root; nothing outside it is read or written.
    pub root: &'a Path,
    /// The state directory (undo journal), default `<root>/.buildfix`.
    pub state: Option<&'a Path>,
    /// The least safe fixes taken.
    pub level: ApplyLevel,
    /// Which fixes of one diagnostic are taken.
    pub mode: Mode,
}

/// The fixes of a log, planned: the new contents of every file, nothing
/// written yet.
pub struct Planned {
    /// The engine that planned them, and writes them on request.
    pub engine: FixEngine,
    /// The fixes proposed per diagnostic: the tools' and the patterns'.
    pub proposals: Vec<Proposal>,
    /// The diagnostics whose fixes wait, and why: they make sense only once
    /// another is made and the build has run again.
    pub held: Vec<(String, Wait)>,
    /// What would change.
    pub plan: Plan,
}

impl Target<'_> {
    /// Plans the fixes for `diagnostics`; reads the tree, writes nothing.
    pub fn plan(&self, diagnostics: &[Diagnostic], patterns: Option<&PatternSet>) -> Result<Planned> {
        let engine = FixEngineBuilder::new(self.root)
            .state_dir(self.state.map(Path::to_path_buf))
            .min_applicability(self.level.minimum())
            .mode(self.mode)
            .build()
            .with_context(|| format!("cannot use {} as the project root", self.root.display()))?;
        let jail = Jail::new(self.root)?;
        let sources = JailedSources::new(&jail);
        let mut proposals = proposals(diagnostics, patterns, &sources);
        // Nothing rebuilds to prove a fix here: a fix for an error that
        // follows another (g++'s `copy` → `std::copy` when `<memory>` is
        // missing) is not made. `--compat rustfix` takes every fix, as
        // rustfix does.
        let mut held = Vec::new();
        if self.mode == Mode::Preferred {
            let followers = followers(diagnostics, &sources);
            let (waiting, kept): (Vec<Proposal>, Vec<Proposal>) =
                proposals.into_iter().partition(|p| followers.contains(&p.label));
            held = waiting.into_iter().map(|p| (p.label, Wait::FollowsAnError)).collect();
            proposals = kept;
        }
        // An unused name is not deleted where another fix writes it (a
        // misspelt `cuont` becomes `count`, which is then used).
        let plan = match self.mode {
            Mode::Preferred => plan_holding_back_deletions(&engine, &mut proposals, &sources),
            Mode::Rustfix => engine.plan(&proposals),
        };
        // (The plan counts proposals by place: those emptied stay.)
        let emptied = proposals.iter().filter(|p| p.fixes.is_empty());
        held.extend(emptied.map(|p| (p.label.clone(), Wait::NameAboutToBeUsed)));
        Ok(Planned {
            engine,
            proposals,
            held,
            plan,
        })
    }
}

/// Why the fixes of a diagnostic wait for a rebuild.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The error likely follows another (see [`followers`]).
    FollowsAnError,
    /// The fix takes out a name (an unused variable or import) that another
    /// fix writes.
    NameAboutToBeUsed,
}

/// Fixes at the --apply level that could not be applied.
fn failures(plan: &Plan) -> usize {
    plan.outcomes
        .iter()
        .filter(
            |o| matches!(&o.outcome, Outcome::Skipped(s) if !matches!(s, Skip::BelowThreshold(_) | Skip::Alternative)),
        )
        .count()
}

/// What `buildfix fix` did, ready to print.
#[derive(Clone, Copy)]
struct Report<'a> {
    plan: &'a Plan,
    proposals: &'a [Proposal],
    held: &'a [(String, Wait)],
    batch: Option<&'a str>,
    dry_run: bool,
}

impl Report<'_> {
    fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let Report {
            plan,
            proposals,
            held,
            batch,
            dry_run,
        } = *self;
        if dry_run {
            write!(out, "{}", plan.diff())?;
        }
        let mut files: Vec<&str> = Vec::new();
        for o in &plan.outcomes {
            if !files.contains(&o.file.as_str()) {
                files.push(&o.file);
            }
        }
        for file in files {
            writeln!(out, "{file}")?;
            for o in plan.outcomes.iter().filter(|o| o.file == file) {
                let fix = &proposals[o.proposal].fixes[o.fix];
                let (word, why) = match &o.outcome {
                    Outcome::Applied => (if dry_run { "would apply" } else { "applied" }, String::new()),
                    Outcome::Duplicate => ("duplicate", String::new()),
                    Outcome::Skipped(skip) => ("skipped", format!(" ({})", skip.reason())),
                };
                writeln!(
                    out,
                    "  {word:<11} {} — {}{why}",
                    proposals[o.proposal].label,
                    fix.summary()
                )?;
            }
        }
        for (label, wait) in held {
            let why = match wait {
                Wait::FollowsAnError => "it follows an earlier error: fix that, build, then fix again",
                Wait::NameAboutToBeUsed => "another fix writes the name it takes out: build, then fix again",
            };
            writeln!(out, "  held        {label} ({why})")?;
        }
        let changed = plan.files.len();
        let verb = if dry_run { "would apply" } else { "applied" };
        write!(
            out,
            "{verb} {} to {}",
            plural(plan.applied(), "fix", "fixes"),
            plural(changed, "file", "files")
        )?;
        let skipped = plan.skipped();
        if skipped > 0 {
            write!(out, ", skipped {skipped}")?;
        }
        if !held.is_empty() {
            write!(out, ", held {}", held.len())?;
        }
        writeln!(out)?;
        if let Some(batch) = batch {
            writeln!(out, "journal batch {batch}: `buildfix undo` restores the originals")?;
        }
        Ok(())
    }

    fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        let Report {
            plan,
            proposals,
            held,
            batch,
            dry_run,
        } = *self;
        let fixes: Vec<_> = plan
            .outcomes
            .iter()
            .map(|o| {
                let fix = &proposals[o.proposal].fixes[o.fix];
                let (outcome, reason) = match &o.outcome {
                    Outcome::Applied => ("applied", None),
                    Outcome::Duplicate => ("duplicate", None),
                    Outcome::Skipped(s) => ("skipped", Some(s.reason())),
                };
                json!({
                    "diagnostic": proposals[o.proposal].label,
                    "file": o.file,
                    "message": fix.message(),
                    "applicability": fix.applicability().name(),
                    "outcome": outcome,
                    "reason": reason,
                })
            })
            .collect();
        let doc = json!({
            "version": 1,
            "dry_run": dry_run,
            "batch": batch,
            "applied": plan.applied(),
            "skipped": plan.skipped(),
            "files": plan.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            "fixes": fixes,
            "held": held.iter().map(|(label, _)| label).collect::<Vec<_>>(),
            "diff": dry_run.then(|| plan.diff()),
        });
        serde_json::to_writer(&mut *out, &doc)?;
        writeln!(out)
    }
}

/// `n` and the word for one or for many.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
