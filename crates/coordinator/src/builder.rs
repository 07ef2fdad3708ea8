//! Running the build for the run loop: its log kept under the state
//! directory, its output parsed as it arrives, its tree tracked.

use crate::blame::origin;
use crate::build::{self, BuildOutput, Cancel, Echo};
use crate::run::{Event, FixReport, RunError};
use buildfix_core::Fix;
use buildfix_fix::{FilePlan, Jail, Proposal};
use buildfix_learn::Outcome;
use buildfix_logparse::{Analysis, Parser};
use buildfix_track::{SnapshotId, Tracker, Tree};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

/// The change tracker of a run and what it knows.
pub(crate) struct Tracked {
    pub(crate) tracker: Tracker,
    /// The tree as buildfix knows it: walked once, while the first build
    /// runs, then kept up to date with what buildfix writes and takes back, and
    /// with each file a fix would edit, read again before the fix is
    /// planned. Each build's snapshot records it: a build costs no walk of
    /// the tree, however large. An edit elsewhere is missed until a fix
    /// would touch that file; then it is seen as made during the build,
    /// and the fix is refused, so a miss only ever costs fixes.
    pub(crate) tree: Tree,
    /// The snapshot of the tree as the last build started on it.
    pub(crate) seen: Option<SnapshotId>,
}

/// Walks the tree for `tracker`: what it knows, and the files changed since
/// the last green build, if there was one.
///
/// It runs while the first build does: the build reads the sources the walk
/// reads, and its outputs are files like others. An edit made in the
/// moments before the walk reaches the file is taken as what the first
/// build read; edits made later are seen as made during the build.
pub(crate) fn walk_tree(mut tracker: Tracker) -> Result<(Tracked, Option<Vec<String>>), RunError> {
    let tree = tracker.tree()?;
    let changed_since_green = match tracker.last_green()? {
        Some(green) => Some(tracker.changes(green, &tree)?.into_iter().map(|c| c.path).collect()),
        None => None,
    };
    let tracked = Tracked {
        tracker,
        tree,
        seen: None,
    };
    Ok((tracked, changed_since_green))
}

/// Runs the build, keeps its log under the state directory, parses it.
pub(crate) struct Builder<'a> {
    pub(crate) command: &'a [String],
    pub(crate) shown: build::Shown,
    /// The PATH for the build, when the shims go first on it.
    pub(crate) path: Option<std::ffi::OsString>,
    pub(crate) root: &'a std::path::Path,
    /// Where each build's log is kept, and the run's id that names them.
    pub(crate) logs: Option<(PathBuf, i64)>,
    /// The change tracker and the tree, when tracked.
    pub(crate) tracked: Option<Tracked>,
    pub(crate) cancel: &'a Cancel,
    /// One parser for every build's log (it compiles its formats once).
    pub(crate) parser: Parser,
    /// Where a dry run's logs go (it writes no state).
    pub(crate) scratch: Option<tempfile::TempDir>,
    pub(crate) build_time: Duration,
    pub(crate) builds: usize,
}

impl Builder<'_> {
    /// Runs build `iteration` (0 for the first), saying so before and after.
    pub(crate) fn build(
        &mut self,
        iteration: usize,
        echo: &mut Echo,
        observe: &mut dyn FnMut(&Event),
    ) -> Result<(BuildOutput, Analysis), RunError> {
        observe(&Event::Building { iteration });
        self.record_snapshot()?;
        let build_err = |source| RunError::Build {
            command: self.command.join(" "),
            source,
        };
        let log = match &self.logs {
            Some((dir, run)) => dir.join(format!("run{run}-build{iteration}.log")),
            None => match &self.scratch {
                Some(dir) => dir.path().join("build.log"),
                None => self
                    .scratch
                    .insert(tempfile::tempdir().map_err(build_err)?)
                    .path()
                    .join("build.log"),
            },
        };
        let capture = build::Capture {
            log: &log,
            parser: &self.parser,
        };
        let (out, mut analysis) = build::run(
            self.command,
            self.root,
            self.path.as_deref(),
            echo,
            self.shown,
            self.cancel,
            &capture,
        )
        .map_err(build_err)?;
        // `make -C lib`: files named relative to the directory make entered;
        // a build in a container: files named by the container's paths.
        let (diagnostics, directories) = analysis.diagnostics_mut();
        buildfix_fix::relocate(diagnostics, directories, self.root);
        self.build_time += out.elapsed;
        self.builds += 1;
        observe(&Event::Built {
            iteration,
            code: out.status.code(),
            errors: analysis.summary().errors,
            elapsed: out.elapsed,
        });
        Ok((out, analysis))
    }

    /// Records the snapshot of the tree as a build starts on it (the first
    /// build's once its walk is done, see [`walk_tree`]), when tracked.
    pub(crate) fn record_snapshot(&mut self) -> Result<(), RunError> {
        if let Some(t) = &mut self.tracked {
            t.seen = Some(t.tracker.snapshot_of(&t.tree)?);
        }
        Ok(())
    }

    /// The tree as the last build started on it, when tracked.
    pub(crate) fn snapshot(&self) -> Option<SnapshotId> {
        self.tracked.as_ref().and_then(|t| t.seen)
    }

    /// Records in the tree the files a batch wrote.
    pub(crate) fn wrote(&mut self, files: &[FilePlan]) {
        if let Some(t) = &mut self.tracked {
            for f in files {
                t.tree.set(&f.path, &f.after);
            }
        }
    }

    /// Records in the tree the files of a batch taken back.
    pub(crate) fn undid(&mut self, files: &[FilePlan]) {
        if let Some(t) = &mut self.tracked {
            for f in files {
                t.tree.set(&f.path, &f.before);
            }
        }
    }

    /// Takes out of `props` the fixes that edit a file changed since the
    /// build whose log they come from started (an edit while it ran: the
    /// log no longer describes the file), and reports each. Each file the
    /// fixes would edit is read and compared with the tree.
    pub(crate) fn drop_stale(&mut self, props: &mut [Proposal], jail: &Jail) -> Vec<FixReport> {
        let Some(Tracked { tree, .. }) = &mut self.tracked else {
            return Vec::new();
        };
        let mut read = HashSet::new();
        let mut changed = HashSet::new();
        let edited = props.iter().flat_map(|p| &p.fixes).flat_map(|f| f.edits());
        for real in edited.filter_map(|e| jail.resolve(e.path()).ok()) {
            if !read.insert(real.clone()) {
                continue;
            }
            let rel = jail.relative(&real).to_string_lossy().into_owned();
            // A file the tracker does not follow (ignored) is not judged.
            if !tree.knows(&rel) {
                continue;
            }
            match std::fs::read(&real) {
                Ok(bytes) if tree.holds(&rel, &bytes) => {}
                Ok(bytes) => {
                    tree.set(&rel, &bytes);
                    changed.insert(real);
                }
                Err(_) => {
                    tree.remove(&rel);
                    changed.insert(real);
                }
            }
        }
        if changed.is_empty() {
            return Vec::new();
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
                message: f.summary(),
                origin: origin(&f),
                outcome: Outcome::Skipped,
            }));
        }
        stale
    }
}

/// The runs whose build logs are kept: the newest.
const KEPT_RUN_LOGS: i64 = 16;

/// Deletes the build logs (`run<N>-build<M>.log`) of runs older than the
/// newest [`KEPT_RUN_LOGS`] up to `run`, so a build that prints gigabytes
/// does not fill the disk over many runs. Other files are left alone.
pub(crate) fn prune_logs(dir: &std::path::Path, run: i64) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let run_of = name
            .to_str()
            .and_then(|n| n.strip_prefix("run"))
            .and_then(|n| n.split_once("-build"))
            .filter(|(_, rest)| rest.ends_with(".log"))
            .and_then(|(id, _)| id.parse::<i64>().ok());
        if run_of.is_some_and(|id| id <= run - KEPT_RUN_LOGS) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_of_all_but_the_newest_runs_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        for run in 1..=20 {
            for build in 0..2 {
                std::fs::write(dir.path().join(format!("run{run}-build{build}.log")), "x").unwrap();
            }
        }
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        std::fs::write(dir.path().join("run3-build0.txt"), "mine").unwrap();
        prune_logs(dir.path(), 21);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        // Runs 6 to 20 stay, and with run 21 about to log, 16 runs' logs.
        let mut expected: Vec<String> = (6..=20)
            .flat_map(|run| (0..2).map(move |build| format!("run{run}-build{build}.log")))
            .collect();
        expected.extend(["notes.txt".to_string(), "run3-build0.txt".to_string()]);
        expected.sort();
        assert_eq!(left, expected);
    }
}
