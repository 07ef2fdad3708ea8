//! The run loop: build; while red, apply a batch of fixes, rebuild, keep
//! the batch if every fix in it made its error go away and broke nothing
//! near its edit, roll it back from the journal otherwise (to be tried
//! again without the fixes that failed), record every outcome, and go on.

use crate::batch::{
    content_hash, drop_cycles, hold_back_deletions, hold_back_edits_in_deleted_lines, hold_back_followers,
    hold_back_repeated_insertions, plan_holding_back_deletions,
};
use crate::blame::{identity, judge, origin};
use crate::build::{self, Cancel, Echo, Interrupt};
use crate::builder::{Builder, prune_logs, walk_tree};
use crate::proposals::{JailedSources, proposals};
use buildfix_core::{Applicability, Diagnostic, FixOrigin, Severity, Tool};
use buildfix_fix::{FixEngineBuilder, Jail, Proposal};
use buildfix_learn::{Attempt, Observation, Outcome, Ranking, Seen, Store};
use buildfix_logparse::Analysis;
use buildfix_patterns::PatternSet;
use buildfix_sample::Clusterer;
use buildfix_track::Tracker;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How to run.
pub struct RunOptions {
    /// The project root.
    pub root: PathBuf,
    /// The build command and its arguments.
    pub command: Vec<String>,
    /// The most fix-and-rebuild iterations.
    pub max_iterations: usize,
    /// The least safe fixes to apply; never one with placeholders (it does
    /// not compile until a person fills them in), whatever this says.
    pub min_applicability: Applicability,
    /// Where the journal, logs and store go (default `<root>/.buildfix`).
    pub state_dir: Option<PathBuf>,
    /// The pattern library, if patterns are used.
    pub patterns: Option<PatternSet>,
    /// The toolchains asked for machine-readable output (see
    /// [`crate::build::inject`]).
    pub inject: build::Inject,
    /// Whether the rendered output may be coloured (the echo is a terminal).
    pub color: bool,
    /// The PATH the build runs with; the compiler shims go first on it when
    /// the command may call gcc or clang itself (see [`crate::shims`]).
    pub search_path: Option<std::ffi::OsString>,
    /// Build once, plan the fixes, write nothing (not even state).
    pub dry_run: bool,
    /// When to stop early: a signal, or the run's deadline.
    pub cancel: Cancel,
}

/// Why the loop stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The build passed.
    Green,
    /// No fix could be made for the errors left.
    NoFixes,
    /// `max_iterations` ran out.
    Limit,
    /// Ctrl-C or SIGTERM; a batch in flight was rolled back.
    Interrupted,
    /// The deadline passed; a batch in flight was rolled back.
    TimedOut,
    /// A dry run planned its fixes.
    DryRun,
}

impl From<Interrupt> for Stop {
    fn from(why: Interrupt) -> Stop {
        match why {
            Interrupt::Signal => Stop::Interrupted,
            Interrupt::Timeout => Stop::TimedOut,
        }
    }
}

/// What the loop reports as it goes.
#[derive(Clone, Debug)]
pub enum Event {
    /// A build starts.
    Building {
        /// 0 for the first build.
        iteration: usize,
    },
    /// A build ended.
    Built {
        /// 0 for the first build.
        iteration: usize,
        /// Its exit code.
        code: Option<i32>,
        /// Errors found in its output.
        errors: u64,
        /// How long it took.
        elapsed: Duration,
    },
    /// A batch was written.
    Applied {
        /// The iteration.
        iteration: usize,
        /// Fixes in it.
        fixes: usize,
        /// Files it changed.
        files: usize,
    },
    /// A batch was rolled back, to be tried again without the fixes that
    /// failed.
    RolledBack {
        /// The iteration.
        iteration: usize,
        /// Fixes blamed for new errors near their edits.
        blamed: usize,
        /// Fixes whose error the rebuild still reported.
        unhelpful: usize,
    },
    /// The run was stopped during the rebuild that would have judged a
    /// batch; the batch was rolled back.
    Abandoned {
        /// The iteration.
        iteration: usize,
    },
}

/// One fix and what became of it.
#[derive(Clone, Debug)]
pub struct FixReport {
    /// The diagnostic it was for.
    pub diagnostic: String,
    /// What it did.
    pub message: String,
    /// `compiler` or the pattern id.
    pub origin: String,
    /// What became of it.
    pub outcome: Outcome,
}

/// What a run did.
pub struct RunReport {
    /// Why it stopped.
    pub stop: Stop,
    /// Errors of the first build.
    pub initial_errors: u64,
    /// The last build's analysis.
    pub last: Analysis,
    /// Builds run, the first included.
    pub builds: usize,
    /// Every fix tried.
    pub fixes: Vec<FixReport>,
    /// Journal batches kept (`buildfix undo` takes each back).
    pub batches: Vec<String>,
    /// Every file the kept batches changed, with the lines added and removed
    /// from before the run to its end, in the order first changed.
    pub changed: Vec<(String, usize, usize)>,
    /// Time spent in builds, each from its start until it exited.
    pub build_time: Duration,
    /// In a dry run, the unified diff of the fixes planned.
    pub planned: Option<String>,
    /// The files changed since the last green build (relative to the
    /// root), when a green build was recorded.
    pub changed_since_green: Option<Vec<String>>,
}

/// The errors of a run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The build could not be started.
    #[error("cannot run `{command}`: {source}")]
    Build {
        /// The command.
        command: String,
        /// Why.
        source: std::io::Error,
    },
    /// The project root is unusable.
    #[error("cannot use {} as the project root: {source}", root.display())]
    Root {
        /// The root.
        root: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The state directory cannot be written.
    #[error("cannot keep buildfix's state in {}: {source} (--state DIR keeps it elsewhere)", dir.display())]
    State {
        /// The state directory.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The journal failed.
    #[error(transparent)]
    Journal(#[from] buildfix_fix::JournalError),
    /// The learning store failed.
    #[error(transparent)]
    Store(#[from] buildfix_learn::StoreError),
    /// The change tracker failed.
    #[error(transparent)]
    Track(#[from] buildfix_track::TrackError),
}

/// Runs the loop. The build's output goes to `echo`; progress to `observe`.
///
/// # Errors
///
/// When the build cannot start, or the journal or store fail. The tree is
/// then as the last completed step left it: every batch written is in the
/// journal.
pub fn run(opts: &RunOptions, echo: &mut Echo, observe: &mut dyn FnMut(&Event)) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let root_err = |source| RunError::Root {
        root: opts.root.clone(),
        source,
    };
    let jail = Jail::new(&opts.root).map_err(root_err)?;
    let state = buildfix_fix::state_dir(jail.root(), opts.state_dir.as_deref());
    let engine = FixEngineBuilder::new(jail.root())
        .state_dir(Some(state.clone()))
        .min_applicability(opts.min_applicability.max(Applicability::Unspecified))
        .build()
        .map_err(root_err)?;
    let injected = build::inject(&opts.command, opts.color, opts.inject);
    let mut builder = Builder {
        command: &injected.command,
        shown: injected.shown,
        path: None,
        root: jail.root(),
        logs: None,
        tracked: None,
        cancel: &opts.cancel,
        // Small buffers: a build printing nothing but diagnostics holds a
        // buffer's worth of them before they fold into their counts.
        parser: buildfix_logparse::ParserBuilder::new().stream_buffer(1 << 20).build(),
        scratch: None,
        build_time: Duration::ZERO,
        builds: 0,
    };
    if opts.dry_run {
        let (build, analysis) = builder.build(0, echo, observe)?;
        let errors = errors_of(&analysis);
        let sources = JailedSources::new(&jail);
        // The batch the run would apply first, shaped as it would be.
        let mut props = proposals(&errors, opts.patterns.as_ref(), &sources);
        hold_back_followers(&mut props, &errors, &sources);
        let plan = plan_holding_back_deletions(&engine, &mut props, &sources);
        let stop = match build.interrupted {
            Some(why) => Stop::from(why),
            None if build.status.success() => Stop::Green,
            None => Stop::DryRun,
        };
        return Ok(RunReport {
            stop,
            initial_errors: analysis.summary().errors,
            last: analysis,
            builds: 1,
            fixes: Vec::new(),
            batches: Vec::new(),
            changed: Vec::new(),
            build_time: builder.build_time,
            planned: Some(plan.diff()),
            changed_since_green: None,
        });
    }
    let logs = state.join("logs");
    buildfix_fix::create_state_dir(&state)
        .and_then(|()| std::fs::create_dir_all(&logs))
        .map_err(|source| RunError::State {
            dir: state.clone(),
            source,
        })?;
    let mut store = Store::open(&state.join("buildfix.db"))?;
    let run_id = store.begin_run(&opts.command.join(" "), &jail.root().to_string_lossy())?;
    prune_logs(&logs, run_id.0);
    builder.logs = Some((logs, run_id.0));
    if let (true, Some(search)) = (injected.shims, &opts.search_path) {
        builder.path = crate::shims::install(&state.join("shims"), search).map_err(root_err)?;
    }
    let tracker = Tracker::open(&state.join("buildfix.db"), jail.root())?;
    // The tree is walked while the first build runs, which reads the same
    // sources: a walk of a large tree costs no time a build does not take.
    let (first, walked) = std::thread::scope(|s| {
        let walk = s.spawn(|| walk_tree(tracker));
        let first = builder.build(0, echo, observe);
        (first, walk.join())
    });
    let (tracked, changed_since_green) = walked.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    builder.tracked = Some(tracked);
    builder.record_snapshot()?;
    let (mut build, mut analysis) = first?;
    // The tree as the build that `analysis` describes started on it.
    let mut planned_against = builder.snapshot();
    let initial_errors = analysis.summary().errors;
    let mut fixes = Vec::new();
    let mut batches = Vec::new();
    // Each file the kept batches wrote: as it was, and as it is.
    let mut written: Vec<(String, Vec<u8>, Vec<u8>)> = Vec::new();
    let mut blocked: HashSet<String> = HashSet::new();
    // Every content each written file had at the start of a batch.
    let mut earlier: HashSet<(String, u64)> = HashSet::new();
    let mut stop = Stop::Limit;
    for iteration in 1..=opts.max_iterations {
        if let Some(why) = build.interrupted.or_else(|| opts.cancel.reason()) {
            stop = why.into();
            break;
        }
        if build.status.success() {
            stop = Stop::Green;
            break;
        }
        let errors = errors_of(&analysis);
        let sources = JailedSources::new(&jail);
        let mut props = proposals(&errors, opts.patterns.as_ref(), &sources);
        for p in &mut props {
            p.fixes
                .retain(|f| blocked.is_empty() || !blocked.contains(&identity(f, &|path, n| sources.line(path, n))));
        }
        let kinds: HashMap<String, String> = errors
            .iter()
            .map(|d| (crate::proposals::label(d), Clusterer::fingerprint(d).0.to_string()))
            .collect();
        let stale = builder.drop_stale(&mut props, &jail);
        let mut attempts = skipped(&stale, &kinds, "the file changed while the build ran");
        fixes.extend(stale);
        props.retain(|p| !p.fixes.is_empty());
        hold_back_followers(&mut props, &errors, &sources);
        rank_by_record(&mut props, &kinds, &store, opts.patterns.as_ref())?;
        let plan = loop {
            let plan = engine.plan(&props);
            let cycles = drop_cycles(&mut props, &plan, &earlier, &mut blocked, &sources);
            if !cycles.is_empty() {
                attempts.extend(skipped(&cycles, &kinds, "it would put a file back as it was before"));
            } else if !hold_back_deletions(&mut props, &plan, &sources)
                && !hold_back_repeated_insertions(&mut props, &plan)
                && !hold_back_edits_in_deleted_lines(&mut props, &plan)
            {
                break plan;
            }
        };
        earlier.extend(plan.files.iter().map(|f| (f.path.clone(), content_hash(&f.before))));
        if plan.applied() == 0 {
            record(&mut store, run_id, &errors, &attempts)?;
            stop = Stop::NoFixes;
            break;
        }
        let batch = engine.write(&plan)?.expect("a plan that applies fixes changes files");
        builder.wrote(&plan.files);
        observe(&Event::Applied {
            iteration,
            fixes: plan.applied(),
            files: plan.files.len(),
        });
        let (after, after_analysis) = builder.build(iteration, echo, observe)?;
        if let Some(why) = after.interrupted {
            // Unjudged: the tree goes back to what the last build saw.
            engine.journal().undo(&batch, false)?;
            observe(&Event::Abandoned { iteration });
            stop = why.into();
            break;
        }
        let judged = judge(&plan, &props, &errors, &analysis, &after_analysis);
        let count = |outcome| judged.iter().filter(|j| j.report.outcome == outcome).count();
        let (blamed, unhelpful) = (count(Outcome::Regressed), count(Outcome::NotFixed));
        if blamed + unhelpful == 0 {
            batches.push(batch);
            for f in &plan.files {
                match written.iter_mut().find(|(path, _, _)| *path == f.path) {
                    Some((_, _, after)) => after.clone_from(&f.after),
                    None => written.push((f.path.clone(), f.before.clone(), f.after.clone())),
                }
            }
            for j in &judged {
                attempts.push(j.attempt(j.report.outcome));
                fixes.push(j.report.clone());
            }
            build = after;
            analysis = after_analysis;
            planned_against = builder.snapshot();
            record(&mut store, run_id, &errors, &attempts)?;
        } else {
            engine.journal().undo(&batch, false)?;
            builder.undid(&plan.files);
            observe(&Event::RolledBack {
                iteration,
                blamed,
                unhelpful,
            });
            for j in &judged {
                let outcome = match j.report.outcome {
                    Outcome::Fixed => Outcome::RolledBack,
                    failed => failed,
                };
                if outcome != Outcome::RolledBack {
                    blocked.insert(j.identity.clone());
                }
                attempts.push(j.attempt(outcome));
                fixes.push(FixReport {
                    outcome,
                    ..j.report.clone()
                });
            }
            record(&mut store, run_id, &errors, &attempts)?;
            // The tree is back to the state `analysis` describes; the next
            // iteration tries again without the blamed fixes.
        }
    }
    if stop == Stop::Limit && build.status.success() {
        stop = Stop::Green;
    }
    if let (Stop::Green, Some(tracked), Some(green)) = (stop, &mut builder.tracked, planned_against) {
        tracked.tracker.mark_green(green)?;
    }
    store.finish_run(run_id, build.status.code(), started.elapsed())?;
    let (builds, build_time) = (builder.builds, builder.build_time);
    Ok(RunReport {
        stop,
        initial_errors,
        last: analysis,
        builds,
        fixes,
        batches,
        changed: written
            .iter()
            .map(|(path, before, after)| {
                let (added, removed) = buildfix_fix::line_changes(before, after);
                (path.clone(), added, removed)
            })
            .collect(),
        build_time,
        planned: None,
        changed_since_green,
    })
}

/// What the learning store records of fixes skipped for `reason`.
fn skipped(reports: &[FixReport], kinds: &HashMap<String, String>, reason: &str) -> Vec<Attempt> {
    reports
        .iter()
        .map(|report| Attempt {
            fingerprint: kinds.get(&report.diagnostic).cloned().unwrap_or_default(),
            file: String::new(),
            origin: report.origin.clone(),
            outcome: Outcome::Skipped,
            reason: Some(reason.into()),
            duration: Duration::ZERO,
        })
        .collect()
}

/// Orders each proposal's fixes by their record in the learning store on
/// its kind of error (`kinds`: the fingerprint of each diagnostic's label), with their record on every kind and their declared
/// confidence as the prior (the compiler's own fixes: 0.9, or 0.95 when
/// MachineApplicable, and their record on this kind only). Fixes with no record at all keep the order
/// [`proposals`] gave them.
fn rank_by_record(
    props: &mut [Proposal],
    kinds: &HashMap<String, String>,
    store: &Store,
    patterns: Option<&PatternSet>,
) -> Result<(), RunError> {
    let confidence: HashMap<&str, f64> = patterns.map_or_else(HashMap::new, |set| {
        set.library()
            .patterns
            .iter()
            .map(|p| (p.id.as_str(), p.confidence))
            .collect()
    });
    let ranking = Ranking::default();
    // Each origin's record everywhere, read once; its score on a kind (with
    // a prior), and whether it has a record there, worked out once.
    let mut everywhere: HashMap<String, Vec<Observation>> = HashMap::new();
    let mut scores: HashMap<(String, String, u64), (f64, bool)> = HashMap::new();
    for p in props.iter_mut() {
        let Some(kind) = kinds.get(&p.label) else { continue };
        let mut scored = Vec::with_capacity(p.fixes.len());
        let mut any_record = false;
        for f in &p.fixes {
            let origin = origin(f);
            // The compiler's fixes are no one rule: how they did on other
            // kinds of error says nothing of this kind (gcc's spellings
            // kept do not make its `qsort` for `std::sort` likelier).
            let all = match everywhere.get(&origin) {
                Some(all) => all,
                None if matches!(f.origin(), FixOrigin::Compiler) => everywhere.entry(origin.clone()).or_default(),
                None => everywhere
                    .entry(origin.clone())
                    .or_insert(store.observations(&origin, None)?),
            };
            any_record |= !all.is_empty();
            let prior = confidence.get(origin.as_str()).copied().unwrap_or(
                if f.applicability() == Applicability::MachineApplicable {
                    0.95
                } else {
                    0.9
                },
            );
            let key = (origin.clone(), kind.clone(), prior.to_bits());
            let (score, here_too) = match scores.get(&key) {
                Some(&scored) => scored,
                None => {
                    let here = store.observations(&origin, Some(kind))?;
                    let scored = (ranking.score_for_kind(prior, all, &here), !here.is_empty());
                    *scores.entry(key).or_insert(scored)
                }
            };
            any_record |= here_too;
            scored.push(score);
        }
        if any_record {
            let mut order: Vec<usize> = (0..p.fixes.len()).collect();
            order.sort_by(|&a, &b| scored[b].total_cmp(&scored[a]));
            let fixes = std::mem::take(&mut p.fixes);
            p.fixes = order.into_iter().map(|i| fixes[i].clone()).collect();
        }
    }
    Ok(())
}

/// The errors of a build, which the loop fixes (warnings are left alone,
/// but for those [`is_error`] counts).
fn errors_of(analysis: &Analysis) -> Vec<Diagnostic> {
    analysis.diagnostics().iter().filter(|d| is_error(d)).cloned().collect()
}

/// The warnings of gcc and clang for what C forbids, which GCC 14 makes
/// errors: a function called undeclared (it links to nothing, `undefined
/// reference to`, or returns an `int`), a type left out, an integer taken
/// as a pointer.
const C_CONSTRAINT_WARNINGS: [&str; 6] = [
    "-Wimplicit-function-declaration",
    "-Wimplicit-int",
    "-Wint-conversion",
    "-Wincompatible-pointer-types",
    "-Wreturn-mismatch",
    "-Wdeclaration-missing-parameter-type",
];

/// Whether the loop fixes `d`, and blames a fix that causes it: an error,
/// or a C compiler's warning for what the language forbids (see
/// [`C_CONSTRAINT_WARNINGS`]).
pub(crate) fn is_error(d: &Diagnostic) -> bool {
    match d.severity() {
        Severity::Error => true,
        Severity::Warning => {
            matches!(d.tool(), Tool::Gcc | Tool::Clang) && d.code().is_some_and(|c| C_CONSTRAINT_WARNINGS.contains(&c))
        }
        _ => false,
    }
}

/// Records the kinds of error a build saw and the fixes tried for them
/// (nothing when none was).
fn record(
    store: &mut Store,
    run: buildfix_learn::RunId,
    errors: &[Diagnostic],
    attempts: &[Attempt],
) -> Result<(), RunError> {
    if attempts.is_empty() {
        return Ok(());
    }
    let mut seen: HashMap<String, Seen> = HashMap::new();
    for d in errors {
        let (fp, template) = Clusterer::fingerprint(d);
        seen.entry(fp.to_string())
            .or_insert_with(|| Seen {
                fingerprint: fp.to_string(),
                tool: d.tool().name().to_string(),
                code: d.code().map(str::to_string),
                template,
                count: 0,
            })
            .count += u64::from(d.count());
    }
    let seen: Vec<Seen> = seen.into_values().collect();
    let known: HashSet<&str> = seen.iter().map(|s| s.fingerprint.as_str()).collect();
    let attempts: Vec<Attempt> = attempts
        .iter()
        .filter(|a| known.contains(a.fingerprint.as_str()))
        .cloned()
        .collect();
    store.record(Some(run), &seen, &attempts)?;
    Ok(())
}
