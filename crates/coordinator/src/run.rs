//! The run loop: build; while red, apply a batch of fixes, rebuild, keep
//! the batch if no fix in it broke something near its edit, roll it back
//! from the journal otherwise, record every outcome, and go on.

use crate::build::{self, BuildOutput, Cancel, Echo, Interrupt};
use crate::proposals::{JailedSources, proposals};
use buildfix_core::{Applicability, Diagnostic, Fix, FixOrigin, Severity};
use buildfix_fix::{FixEngineBuilder, Jail, Outcome as FixOutcome, Plan, Proposal};
use buildfix_learn::{Attempt, Observation, Outcome, Ranking, Seen, Store};
use buildfix_logparse::{Analysis, Parser};
use buildfix_patterns::PatternSet;
use buildfix_sample::Clusterer;
use buildfix_track::{SnapshotId, Tracker};
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
    /// The least safe fixes to apply.
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
    /// An iteration kept nothing.
    NoProgress,
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
    /// A batch was rolled back.
    RolledBack {
        /// The iteration.
        iteration: usize,
        /// Fixes blamed for new errors near their edits.
        blamed: usize,
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
    /// Time spent in builds, and in total.
    pub build_time: Duration,
    /// The whole run's time.
    pub total_time: Duration,
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
    let state = opts.state_dir.clone().unwrap_or_else(|| jail.root().join(".buildfix"));
    let engine = FixEngineBuilder::new(jail.root())
        .state_dir(Some(state.clone()))
        .min_applicability(opts.min_applicability)
        .build()
        .map_err(root_err)?;
    let injected = build::inject(&opts.command, opts.color, opts.inject);
    let mut builder = Builder {
        command: &injected.command,
        shown: injected.shown,
        path: None,
        root: jail.root(),
        logs: None,
        tracker: None,
        cancel: &opts.cancel,
        build_time: Duration::ZERO,
        builds: 0,
    };
    if opts.dry_run {
        let (build, analysis) = builder.build(0, echo, observe)?;
        let errors = errors_of(&analysis);
        let sources = JailedSources::new(&jail);
        let plan = engine.plan(&proposals(&errors, opts.patterns.as_ref(), &sources));
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
            build_time: builder.build_time,
            total_time: started.elapsed(),
            planned: Some(plan.diff()),
            changed_since_green: None,
        });
    }
    let mut store = Store::open(&state.join("buildfix.db"))?;
    let run_id = store.begin_run(&opts.command.join(" "), &jail.root().to_string_lossy())?;
    let logs = state.join("logs");
    let _ = std::fs::create_dir_all(&logs);
    builder.logs = Some((logs, run_id.0));
    if let (true, Some(search)) = (injected.shims, &opts.search_path) {
        builder.path = crate::shims::install(&state.join("shims"), search).map_err(root_err)?;
    }
    let mut tracker = Tracker::open(&state.join("buildfix.db"), jail.root())?;
    let changed_since_green = match tracker.last_green()? {
        Some(green) => Some(tracker.changed_since(green)?.into_iter().map(|c| c.path).collect()),
        None => None,
    };
    builder.tracker = Some((tracker, None));
    let (mut build, mut analysis) = builder.build(0, echo, observe)?;
    // The tree as the build that `analysis` describes started on it.
    let mut planned_against = builder.snapshot();
    let initial_errors = analysis.summary().errors;
    let mut fixes = Vec::new();
    let mut batches = Vec::new();
    let mut blocked: HashSet<String> = HashSet::new();
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
            p.fixes.retain(|f| !blocked.contains(&identity(f)));
        }
        let kinds: HashMap<String, String> = errors
            .iter()
            .map(|d| (crate::proposals::label(d), Clusterer::fingerprint(d).0.to_string()))
            .collect();
        let stale = builder.drop_stale(&mut props, &jail, planned_against)?;
        if !stale.is_empty() {
            let attempts: Vec<Attempt> = stale
                .iter()
                .map(|report| Attempt {
                    fingerprint: kinds.get(&report.diagnostic).cloned().unwrap_or_default(),
                    file: String::new(),
                    origin: report.origin.clone(),
                    outcome: Outcome::Skipped,
                    reason: Some("the file changed while the build ran".into()),
                    duration: Duration::ZERO,
                })
                .collect();
            record(&mut store, run_id, &errors, &attempts)?;
            fixes.extend(stale);
        }
        props.retain(|p| !p.fixes.is_empty());
        rank_by_record(&mut props, &kinds, &store, opts.patterns.as_ref())?;
        let plan = engine.plan(&props);
        if plan.applied() == 0 {
            stop = Stop::NoFixes;
            break;
        }
        let batch = engine.write(&plan)?.expect("a plan that applies fixes changes files");
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
        let blamed: Vec<&Judged> = judged
            .iter()
            .filter(|j| j.report.outcome == Outcome::Regressed)
            .collect();
        let mut attempts = Vec::new();
        if blamed.is_empty() {
            batches.push(batch);
            for j in &judged {
                attempts.push(j.attempt(j.report.outcome));
                fixes.push(j.report.clone());
            }
            let kept_any = judged.iter().any(|j| j.report.outcome == Outcome::Fixed);
            build = after;
            analysis = after_analysis;
            planned_against = builder.snapshot();
            record(&mut store, run_id, &errors, &attempts)?;
            if !kept_any && !build.status.success() {
                stop = Stop::NoProgress;
                break;
            }
        } else {
            engine.journal().undo(&batch, false)?;
            observe(&Event::RolledBack {
                iteration,
                blamed: blamed.len(),
            });
            for j in &judged {
                let outcome = if j.report.outcome == Outcome::Regressed {
                    Outcome::Regressed
                } else {
                    Outcome::RolledBack
                };
                if outcome == Outcome::Regressed {
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
    if let (Stop::Green, Some((tracker, _)), Some(green)) = (stop, &mut builder.tracker, planned_against) {
        tracker.mark_green(green)?;
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
        build_time,
        total_time: started.elapsed(),
        planned: None,
        changed_since_green,
    })
}

/// Orders each proposal's fixes by their record in the learning store on
/// its kind of error (`kinds`: the fingerprint of each diagnostic's label), with their record on every kind and their declared
/// confidence as the prior (the compiler's own fixes: 0.9, or 0.95 when
/// MachineApplicable). Fixes with no record at all keep the order
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
    let mut everywhere: HashMap<String, Vec<Observation>> = HashMap::new();
    for p in props.iter_mut() {
        let Some(kind) = kinds.get(&p.label) else { continue };
        let mut scored = Vec::with_capacity(p.fixes.len());
        let mut any_record = false;
        for f in &p.fixes {
            let origin = origin(f);
            let all = match everywhere.get(&origin) {
                Some(all) => all,
                None => everywhere
                    .entry(origin.clone())
                    .or_insert(store.observations(&origin, None)?),
            };
            let here = store.observations(&origin, Some(kind))?;
            any_record |= !all.is_empty();
            let prior = confidence.get(origin.as_str()).copied().unwrap_or(
                if f.applicability() == Applicability::MachineApplicable {
                    0.95
                } else {
                    0.9
                },
            );
            scored.push(ranking.score_for_kind(prior, all, &here));
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

/// The errors of a build, which the loop fixes (warnings are left alone).
fn errors_of(analysis: &Analysis) -> Vec<Diagnostic> {
    analysis
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .cloned()
        .collect()
}

/// Runs the build, keeps its log under the state directory, parses it.
struct Builder<'a> {
    command: &'a [String],
    shown: build::Shown,
    /// The PATH for the build, when the shims go first on it.
    path: Option<std::ffi::OsString>,
    root: &'a std::path::Path,
    /// Where each build's log is kept, and the run's id that names them.
    logs: Option<(PathBuf, i64)>,
    /// The change tracker, and the tree as the last build started on it.
    tracker: Option<(Tracker, Option<SnapshotId>)>,
    cancel: &'a Cancel,
    build_time: Duration,
    builds: usize,
}

impl Builder<'_> {
    /// Runs build `iteration` (0 for the first), saying so before and after.
    fn build(
        &mut self,
        iteration: usize,
        echo: &mut Echo,
        observe: &mut dyn FnMut(&Event),
    ) -> Result<(BuildOutput, Analysis), RunError> {
        observe(&Event::Building { iteration });
        if let Some((tracker, seen)) = &mut self.tracker {
            *seen = Some(tracker.snapshot()?);
        }
        let out = build::run(
            self.command,
            self.root,
            self.path.as_deref(),
            echo,
            self.shown,
            self.cancel,
        )
        .map_err(|source| RunError::Build {
            command: self.command.join(" "),
            source,
        })?;
        if let Some((dir, run)) = &self.logs {
            let _ = std::fs::write(dir.join(format!("run{run}-build{iteration}.log")), &out.log);
        }
        self.build_time += out.elapsed;
        self.builds += 1;
        let analysis = Parser::new().parse_bytes(&out.log);
        observe(&Event::Built {
            iteration,
            code: out.status.code(),
            errors: analysis.summary().errors,
            elapsed: out.elapsed,
        });
        Ok((out, analysis))
    }

    /// The tree as the last build started on it, when tracked.
    fn snapshot(&self) -> Option<SnapshotId> {
        self.tracker.as_ref().and_then(|(_, seen)| *seen)
    }

    /// Takes out of `props` the fixes that edit a file changed since `seen`,
    /// the tree as the build whose log they come from started on it (an
    /// edit while it ran: the log no longer describes the file), and
    /// reports each.
    fn drop_stale(
        &mut self,
        props: &mut [Proposal],
        jail: &Jail,
        seen: Option<SnapshotId>,
    ) -> Result<Vec<FixReport>, RunError> {
        let (Some((tracker, _)), Some(seen)) = (&mut self.tracker, seen) else {
            return Ok(Vec::new());
        };
        let changed: HashSet<PathBuf> = tracker
            .changed_since(seen)?
            .into_iter()
            .map(|c| jail.root().join(c.path))
            .collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        let touches_changed = |f: &Fix| {
            f.edits()
                .iter()
                .any(|e| jail.resolve(e.path()).is_ok_and(|p| changed.contains(&p)))
        };
        let mut stale = Vec::new();
        for p in props.iter_mut() {
            let (gone, kept): (Vec<Fix>, Vec<Fix>) = std::mem::take(&mut p.fixes)
                .into_iter()
                .partition(|f| touches_changed(f));
            p.fixes = kept;
            stale.extend(gone.into_iter().map(|f| FixReport {
                diagnostic: p.label.clone(),
                message: f.message().to_string(),
                origin: origin(&f),
                outcome: Outcome::Skipped,
            }));
        }
        Ok(stale)
    }
}

fn origin(f: &Fix) -> String {
    match f.origin() {
        FixOrigin::Compiler => "compiler".to_string(),
        FixOrigin::Pattern(id) => id.to_string(),
    }
}

/// One applied fix, judged by the rebuild.
struct Judged {
    report: FixReport,
    fingerprint: String,
    file: String,
    identity: String,
}

/// What tells a fix from every other: its origin and its edits.
fn identity(f: &Fix) -> String {
    format!("{}|{:?}", origin(f), f.edits())
}

impl Judged {
    fn attempt(&self, outcome: Outcome) -> Attempt {
        Attempt {
            fingerprint: self.fingerprint.clone(),
            file: self.file.clone(),
            origin: self.report.origin.clone(),
            outcome,
            reason: None,
            duration: Duration::ZERO,
        }
    }
}

/// Judges each applied fix of a batch: fixed when its diagnostic (the same
/// message in the same file: messages name what they are about, and line
/// numbers move) is reported fewer times; regressed when the rebuild reports an
/// error that was not there before on a line the fix's own edits produced.
///
/// Compilers that stop at their first errors (mcs, javac) report errors
/// that were always there once those are fixed, often a line or two from
/// the fix; only a line the fix wrote is its own doing. A deletion writes
/// no line, so it is never blamed by location.
fn judge(plan: &Plan, props: &[Proposal], errors: &[Diagnostic], before: &Analysis, after: &Analysis) -> Vec<Judged> {
    let reports = |a: &Analysis| -> HashMap<(String, String), u32> {
        let mut m = HashMap::new();
        for d in a.diagnostics().iter().filter(|d| d.severity() == Severity::Error) {
            *m.entry((d.message().to_string(), path(d))).or_default() += d.count();
        }
        m
    };
    let (r_before, r_after) = (reports(before), reports(after));
    let old: HashSet<(String, String)> = before
        .diagnostics()
        .iter()
        .map(|d| (d.message().to_string(), path(d)))
        .collect();
    let fresh: Vec<&Diagnostic> = after
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == Severity::Error && !old.contains(&(d.message().to_string(), path(d))))
        .collect();
    let applied: Vec<(&Proposal, &Fix)> = plan
        .outcomes
        .iter()
        .filter(|o| o.outcome == FixOutcome::Applied)
        .map(|o| (&props[o.proposal], &props[o.proposal].fixes[o.fix]))
        .collect();
    let produced = produced_lines(applied.iter().map(|(_, f)| *f));
    applied
        .iter()
        .enumerate()
        .map(|(i, (p, fix))| {
            let target = errors.iter().find(|d| crate::proposals::label(d) == p.label);
            let fingerprint = target.map_or(String::new(), |d| Clusterer::fingerprint(d).0.to_string());
            let file = fix.edits().first().map_or(String::new(), |e| e.path().to_string());
            let key = target.map_or((String::new(), String::new()), |d| (d.message().to_string(), path(d)));
            let fixed = r_after.get(&key).copied().unwrap_or(0) < r_before.get(&key).copied().unwrap_or(0);
            let names = written_names(fix);
            let removed: Vec<String> = removed_names(plan, fix)
                .into_iter()
                .filter(|n| !names.contains(n))
                .collect();
            let regressed = fresh.iter().any(|d| {
                let on_written_line = d.primary().is_some_and(|s| {
                    produced[i]
                        .iter()
                        .any(|(f, lines)| same_file(s.path(), f) && lines.contains(&s.line()))
                });
                let wrote_it =
                    on_written_line && (names.is_empty() || names.iter().any(|n| d.message().contains(n.as_str())));
                wrote_it || removed.iter().any(|n| quotes(d, n))
            });
            let outcome = if regressed {
                Outcome::Regressed
            } else if fixed {
                Outcome::Fixed
            } else {
                Outcome::NotFixed
            };
            Judged {
                report: FixReport {
                    diagnostic: p.label.clone(),
                    message: fix.message().to_string(),
                    origin: origin(fix),
                    outcome,
                },
                fingerprint,
                file,
                identity: identity(fix),
            }
        })
        .collect()
}

/// The names a fix takes out of the source: those in the text its edits
/// replace (a deleted `let unused = 1;` takes out `unused`). A new error
/// that quotes one of them (`cannot find value `unused``) is the fix's doing,
/// wherever it is.
fn removed_names(plan: &Plan, fix: &Fix) -> Vec<String> {
    let mut names = Vec::new();
    for e in fix.edits() {
        let Some(file) = plan.files.iter().find(|f| same_file(&f.path, e.path())) else {
            continue;
        };
        let before = String::from_utf8_lossy(&file.before);
        let lines: Vec<&str> = before.split_inclusive('\n').collect();
        let (start, end) = (e.start(), e.end());
        let mut text = String::new();
        for line in start.line..=end.line {
            let Some(l) = lines.get(line as usize - 1) else { break };
            let from = if line == start.line { start.column } else { 1 };
            let to = (line == end.line).then_some(end.column);
            text.push_str(&columns(l, from, to, e.unit()));
        }
        names.extend(identifiers(&text));
    }
    names.sort();
    names.dedup();
    names
}

/// Columns `from..to` (1-based, `to` exclusive; to the end when `None`) of
/// `line`, counted in `unit`.
fn columns(line: &str, from: u32, to: Option<u32>, unit: buildfix_core::ColumnUnit) -> String {
    let (from, to) = (from.max(1) as usize - 1, to.map(|t| t.max(1) as usize - 1));
    match unit {
        buildfix_core::ColumnUnit::Chars => line
            .chars()
            .skip(from)
            .take(to.map_or(usize::MAX, |t| t.saturating_sub(from)))
            .collect(),
        buildfix_core::ColumnUnit::Bytes => {
            let bytes = line.as_bytes();
            let end = to.unwrap_or(bytes.len()).min(bytes.len());
            String::from_utf8_lossy(bytes.get(from.min(end)..end).unwrap_or_default()).into_owned()
        }
    }
}

/// The identifiers of `text` of two characters or more.
fn identifiers(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().count() >= 2 && w.starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// Whether the diagnostic quotes `name`, in any of the compilers' quote
/// styles, in its message or notes.
fn quotes(d: &Diagnostic, name: &str) -> bool {
    let quoted = [
        format!("`{name}`"),
        format!("`{name}'"),
        format!("'{name}'"),
        format!("\u{2018}{name}\u{2019}"),
        format!("\"{name}\""),
    ];
    std::iter::once(d.message())
        .chain(d.notes().iter().map(String::as_str))
        .any(|text| quoted.iter().any(|q| text.contains(q.as_str())))
}

/// The names a fix writes (identifiers of two characters or more). A new
/// error on a line the fix wrote is its doing when it names one of them,
/// or, for a fix that writes only punctuation (a `;`), whatever it says: an
/// error that names something else was there all along, hidden until the
/// compiler got past the fixed one.
fn written_names(f: &Fix) -> Vec<String> {
    let mut names: Vec<String> = f
        .edits()
        .iter()
        .flat_map(|e| identifiers(e.replacement_text()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// For each fix, the lines of the rebuilt files its edits wrote (line
/// numbers after every edit of the batch), per file.
fn produced_lines<'a>(fixes: impl Iterator<Item = &'a Fix>) -> Vec<Vec<(String, std::ops::RangeInclusive<u32>)>> {
    let fixes: Vec<&Fix> = fixes.collect();
    // Every edit of the batch, by file, in file order, with its fix.
    let mut by_file: HashMap<&str, Vec<(usize, &buildfix_core::Edit)>> = HashMap::new();
    for (i, f) in fixes.iter().enumerate() {
        for e in f.edits() {
            by_file.entry(e.path()).or_default().push((i, e));
        }
    }
    let mut out = vec![Vec::new(); fixes.len()];
    for (file, mut edits) in by_file {
        edits.sort_by_key(|(_, e)| (e.start(), e.end()));
        let mut shift: i64 = 0;
        let mut k = 0;
        while k < edits.len() {
            let e = edits[k].1;
            let start = (i64::from(e.start().line) + shift).max(1) as u32;
            // Whole lines inserted at one line start merge into one sorted
            // block, as the edit buffer writes them.
            let group = edits[k..]
                .iter()
                .take_while(|(_, o)| o.start() == e.start() && o.end() == e.start())
                .count();
            let texts: Vec<&[u8]> = edits[k..k + group]
                .iter()
                .map(|(_, o)| o.replacement_text().as_bytes())
                .collect();
            if let Some((block, at)) = (group > 1 && e.start().column == 1)
                .then(|| buildfix_fix::merge_line_insertions(&texts))
                .flatten()
            {
                for ((i, _), line) in edits[k..k + group].iter().zip(at) {
                    let line = start + line as u32;
                    out[*i].push((file.to_string(), line..=line));
                }
                shift += block.iter().filter(|&&b| b == b'\n').count() as i64;
                k += group;
                continue;
            }
            let text = e.replacement_text();
            let new_lines = text.matches('\n').count() as i64;
            if !text.is_empty() {
                let last = if text.ends_with('\n') { new_lines - 1 } else { new_lines };
                out[edits[k].0].push((file.to_string(), start..=start + last.max(0) as u32));
            }
            shift += new_lines - i64::from(e.end().line - e.start().line);
            k += 1;
        }
    }
    out
}

fn path(d: &Diagnostic) -> String {
    d.primary().map_or(String::new(), |p| p.path().to_string())
}

/// Whether two paths from logs name the same file (one may be absolute or
/// `./`-prefixed).
fn same_file(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches("./"), b.trim_start_matches("./"));
    a == b || a.ends_with(&format!("/{b}")) || b.ends_with(&format!("/{a}"))
}

/// Records the kinds of error a build saw and the fixes tried for them.
fn record(
    store: &mut Store,
    run: buildfix_learn::RunId,
    errors: &[Diagnostic],
    attempts: &[Attempt],
) -> Result<(), RunError> {
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
