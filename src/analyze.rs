//! `buildfix analyze`: parse a log, cluster it, and print what it holds.

use crate::cli::{AnalyzeArgs, ColorChoice, ReportFormat};
use crate::config::Config;
use anyhow::{Context, Result, bail};
use buildfix_coordinator::JailedSources;
use buildfix_core::{Diagnostic, Severity};
use buildfix_fix::Jail;
use buildfix_logparse::{Analysis, LogSource, ParserBuilder};
use buildfix_patterns::{PatternSet, propose};
use buildfix_report::{self as render, PatternHit, Report};
use buildfix_sample::{Cluster, Clusterer, rank};
use buildfix_track::{ResultCache, Tracker, Tree};
use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs the command; the exit code says whether the log holds errors.
pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    let config = Config::load(&args.root)?;
    let patterns = crate::library::chosen(args.no_patterns, args.patterns.as_deref(), &config)?;
    let color = use_color(args.color, io::stdout().is_terminal());
    let tracked = Tracked::open(&args.root, config.state.as_deref())?;
    let untracked = Changed::default();
    let changed = tracked.as_ref().map_or(&untracked, |t| &t.changed);
    let mut cache = match (&args.log, &tracked) {
        // Only a file can be read twice (hashed, then parsed): not a pipe
        // such as `<(make 2>&1)`.
        (Some(log), Some(tracked))
            if log != Path::new("-") && !args.no_cache && std::fs::metadata(log).is_ok_and(|m| m.is_file()) =>
        {
            Some(cached(args, log, tracked, &config, patterns.as_ref(), color)?)
        }
        _ => None,
    };
    let answer = match &mut cache {
        Some((cache, key)) => cache.get(key)?,
        None => None,
    };
    let answer = match answer {
        Some(answer) => answer,
        None => {
            let jobs = args.jobs.or(config.jobs).unwrap_or(0);
            let fresh = report(args, jobs, patterns.as_ref(), color, changed)?;
            if let Some((cache, key)) = &mut cache {
                cache.put(key, &fresh)?;
            }
            fresh
        }
    };
    // The first byte is the exit code; the rest is the report.
    let (code, report) = answer.split_first().context("an empty cached answer")?;
    let mut out = io::stdout().lock();
    out.write_all(report)?;
    out.flush()?;
    Ok(ExitCode::from(*code))
}

/// The report on the log, as bytes after its exit code.
fn report(
    args: &AnalyzeArgs,
    jobs: usize,
    patterns: Option<&PatternSet>,
    color: bool,
    changed: &Changed,
) -> Result<Vec<u8>> {
    let parser = ParserBuilder::new().tool(args.tool).jobs(jobs);
    let mut analysis = parse_log(args.log.as_deref(), "analyze", parser, &args.root)?;
    let clusters = clusters(analysis.diagnostics(), patterns, args.samples, changed);
    let shown = shown(analysis.diagnostics().len(), &clusters, args.expand);
    if args.format != ReportFormat::Json {
        quote_sources(analysis.diagnostics_mut().0, &shown, &args.root);
    }
    let hits = match patterns {
        Some(set) => pattern_hits(analysis.diagnostics(), &shown, set, &args.root)?,
        None => shown.iter().map(|_| Vec::new()).collect(),
    };
    let view = Report {
        reported: analysis.reported(),
        clusters: &clusters,
        shown: &shown,
        hits: &hits,
        clustered: shown.len() < analysis.diagnostics().len(),
        ..Report::new(analysis.diagnostics(), analysis.summary())
    };
    let mut out = vec![u8::from(analysis.summary().errors > 0)];
    match args.format {
        ReportFormat::Text => render::text::write(&mut out, &view, color)?,
        ReportFormat::Json => render::json::write(&mut out, &view)?,
        ReportFormat::Html => render::html::write(&mut out, &view)?,
    }
    Ok(out)
}

/// Gives each shown diagnostic whose log quotes no source line (tsc's and
/// go's errors, a test's failure) its line as the file under `root` reads,
/// for people to see where it is. JSON keeps what the log said.
fn quote_sources(diagnostics: &mut [Diagnostic], shown: &[usize], root: &Path) {
    let Ok(jail) = Jail::new(root) else { return };
    let sources = JailedSources::new(&jail);
    for &i in shown {
        let d = &mut diagnostics[i];
        let Some(span) = d.primary().filter(|_| d.source_line().is_none()) else {
            continue;
        };
        if let Some(line) = sources.line(span.path(), span.line()) {
            d.set_source_line(line);
        }
    }
}

/// The result cache of the project and the key of this question: the
/// log's content, the tree's, the pattern library's, the files changed since
/// the last green build, and every option that shapes the answer.
fn cached(
    args: &AnalyzeArgs,
    log: &Path,
    tracked: &Tracked,
    config: &Config,
    patterns: Option<&PatternSet>,
    color: bool,
) -> Result<(ResultCache, String)> {
    let mut cache = ResultCache::open(&tracked.db, config.cache_bytes())?;
    let log_hash = cache.file_hash(log)?;
    let library = patterns.map_or([0; 32], |set| set.library().source_hash);
    let question = format!(
        "analyze {} log={log_hash} tree={} root={} patterns={} changed={} format={:?} color={color} tool={:?} expand={} samples={}",
        env!("CARGO_PKG_VERSION"),
        tracked.tree.hash(),
        tracked.changed.root,
        library.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        tracked.changed.digest(),
        args.format,
        args.tool,
        args.expand,
        args.samples,
    );
    Ok((cache, blake3::hash(question.as_bytes()).to_hex().to_string()))
}

/// A project buildfix keeps state for: its database, its tree as it is now,
/// and the files changed since the last green build, from one walk.
struct Tracked {
    db: PathBuf,
    tree: Tree,
    changed: Changed,
}

impl Tracked {
    /// The project at `root`, when its state directory exists; `None`
    /// elsewhere, where nothing is written.
    fn open(root: &Path, state: Option<&Path>) -> Result<Option<Tracked>> {
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot use {} as the project root", root.display()))?;
        let state = buildfix_fix::state_dir(&root, state);
        if !state.is_dir() {
            return Ok(None);
        }
        let db = state.join("buildfix.db");
        let mut tracker = Tracker::open(&db, &root)?;
        let tree = tracker.tree()?;
        let files = match tracker.last_green()? {
            Some(green) => tracker.changes(green, &tree)?.into_iter().map(|c| c.path).collect(),
            None => Vec::new(),
        };
        Ok(Some(Tracked {
            db,
            tree,
            changed: Changed::of(&root, files),
        }))
    }
}

/// The log's clusters, ranked for fixing; errors in the `changed` files
/// (since the last green build) first. The patterns are matched once per
/// cluster (on its first diagnostic), not once per diagnostic.
pub fn clusters(
    diagnostics: &[Diagnostic],
    patterns: Option<&PatternSet>,
    samples: usize,
    changed: &Changed,
) -> Vec<Cluster> {
    let mut clusterer = Clusterer::new(samples);
    for (i, d) in diagnostics.iter().enumerate() {
        clusterer.add(i, d);
    }
    let mut clusters = clusterer.finish();
    let known: Vec<bool> = clusters
        .iter()
        .map(|c| patterns.is_some_and(|set| set.knows_a_fix(&diagnostics[c.first])))
        .collect();
    let known_by_first: std::collections::HashMap<usize, bool> = clusters.iter().map(|c| c.first).zip(known).collect();
    let in_changed_file = |c: &Cluster| {
        c.samples
            .iter()
            .any(|&i| diagnostics[i].primary().is_some_and(|p| changed.contains(p.path())))
    };
    rank(&mut clusters, |c| known_by_first[&c.first], in_changed_file);
    clusters
}

/// The files changed since the last green build that `buildfix run`
/// recorded, as paths relative to the root; empty when none was recorded.
#[derive(Default)]
pub struct Changed {
    root: String,
    files: HashSet<String>,
}

impl Changed {
    /// The files `buildfix run` would rank first in `root`, read from the
    /// store in the state directory, if there is one (nothing is created).
    pub fn since_green(root: &Path, state: Option<&Path>) -> Result<Changed> {
        Ok(Tracked::open(root, state)?.map_or_else(Changed::default, |t| t.changed))
    }

    /// `files` (relative to `root`).
    pub fn of(root: &Path, files: impl IntoIterator<Item = String>) -> Changed {
        Changed {
            root: format!("{}/", root.to_string_lossy().trim_end_matches('/')),
            files: files.into_iter().collect(),
        }
    }

    /// One hash of the set of files.
    pub fn digest(&self) -> String {
        let mut files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        files.sort_unstable();
        blake3::hash(files.join("\n").as_bytes()).to_hex().to_string()
    }

    /// Whether `path`, as a log names it (relative, `./`-prefixed, or
    /// absolute under the root), is one of the changed files.
    pub fn contains(&self, path: &str) -> bool {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        !self.files.is_empty() && self.files.contains(relative.trim_start_matches("./"))
    }
}

/// The diagnostics shown: all of the `count` when they are at most `limit`,
/// else the clusters' samples; in log order.
pub fn shown(count: usize, clusters: &[Cluster], limit: usize) -> Vec<usize> {
    if count <= limit {
        return (0..count).collect();
    }
    let mut shown: Vec<usize> = clusters.iter().flat_map(|c| c.samples.iter().copied()).collect();
    shown.sort_unstable();
    shown
}

/// The patterns that match each shown diagnostic, the most confident first
/// (the order `fix` and `run` try them in), with the fix each proposes
/// when the source it edits is under `--root`.
pub fn pattern_hits(
    diagnostics: &[Diagnostic],
    shown: &[usize],
    set: &PatternSet,
    root: &Path,
) -> Result<Vec<Vec<PatternHit>>> {
    let jail = Jail::new(root).with_context(|| format!("cannot use {} as the project root", root.display()))?;
    let sources = JailedSources::new(&jail);
    Ok(shown
        .iter()
        .map(|&i| {
            let d = &diagnostics[i];
            let mut matches = set.matches(d);
            matches.sort_by(|a, b| b.pattern.confidence.total_cmp(&a.pattern.confidence));
            matches
                .iter()
                .map(|m| PatternHit {
                    id: m.pattern.id.to_string(),
                    action: m.pattern.action.kind.name(),
                    fix: propose(m, d, set.library(), &sources),
                    advice: m.advice(),
                })
                .collect()
        })
        .collect())
}

/// Parses the log named on the command line (see [`open_log`]), with a
/// progress bar on a terminal when it takes a while. Files named by another
/// machine's paths, or relative to a directory make entered, are renamed to
/// the same files under `root` ([`buildfix_fix::relocate`]).
pub fn parse_log(log: Option<&Path>, command: &str, parser: ParserBuilder, root: &Path) -> Result<Analysis> {
    let source = open_log(log, command)?;
    let total = match &source {
        LogSource::Mapped { map, .. } => Some(map.len() as u64),
        LogSource::Stream { .. } => None,
    };
    let hook = io::stderr().is_terminal().then(|| crate::progress::parsing(total));
    let mut analysis = parser.progress(hook).build().parse_source(source)?;
    let (diagnostics, directories) = analysis.diagnostics_mut();
    if let Some(found) = buildfix_fix::relocate(diagnostics, directories, root) {
        eprintln!(
            "buildfix: the log's files under {found} are read as the files under {}",
            root.display()
        );
    }
    Ok(analysis)
}

/// The most distinct files looked for by [`warn_of_missing_files`].
const LOOKED_FOR: usize = 1_000;

/// Says so when errors name files (by relative paths) that are not under
/// `root`: no fix can be made to them, and a user who sees nothing fixed
/// learns why.
pub fn warn_of_missing_files(diagnostics: &[Diagnostic], root: &Path) {
    let mut seen = HashSet::new();
    let missing: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .filter_map(|d| d.primary().map(|p| p.path()))
        .filter(|path| seen.insert(*path))
        .take(LOOKED_FOR)
        .filter(|path| !path.starts_with('<') && Path::new(path).is_relative() && !root.join(path).exists())
        .collect();
    let (files, are, them, more) = match missing.len() {
        1 => ("file", "is", "it", ""),
        _ => ("files", "are", "them", ", ..."),
    };
    if let Some(first) = missing.first() {
        eprintln!(
            "buildfix: {} {files} that errors name {are} not under {} ({first}{more}): fixes to {them} cannot be made",
            missing.len(),
            root.canonicalize().as_deref().unwrap_or(root).display()
        );
    }
}

/// Opens the log named on the command line: a file, or standard input for
/// `-` or when no log is named and input is a pipe.
fn open_log(log: Option<&Path>, command: &str) -> Result<LogSource> {
    Ok(match log {
        Some(path) if path != Path::new("-") => LogSource::open(path)?,
        Some(_) => LogSource::stdin(),
        None if io::stdin().is_terminal() => {
            bail!("no build log given: name a file, or pipe a build into `buildfix {command} -`")
        }
        None => LogSource::stdin(),
    })
}

pub fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::clusters;
    use buildfix_core::{Diagnostic, Severity, Span, Tool};

    #[test]
    fn patterns_are_matched_once_per_cluster_not_once_per_diagnostic() {
        let set = crate::library::load(None).unwrap();
        // Twenty kinds: four with codes the library's patterns read.
        let kinds = [
            ("cannot find type `{}` in this scope", "E0412"),
            ("unused import: `{}`", "unused_imports"),
            ("unused variable: `{}`", "unused_variables"),
            ("mismatched types", "E0308"),
        ];
        let mut diagnostics = Vec::new();
        for i in 0..100_000 {
            let kind = i % 20;
            let (text, code) = kinds[kind % kinds.len()];
            let mut d = Diagnostic::new(Tool::Rustc, Severity::Error, text.replace("{}", &format!("name{i}")));
            d.set_code(if kind < 4 {
                code.to_string()
            } else {
                format!("E1{kind:03}")
            });
            d.set_primary(Span::point(format!("src/f{}.rs", i % 97), 1 + (i % 500) as u32, 1));
            diagnostics.push(d);
        }
        let clusters = clusters(&diagnostics, Some(&set), 3, &super::Changed::default());
        assert_eq!(clusters.len(), 20);
        assert_eq!(clusters.iter().map(|c| c.count).sum::<u64>(), 100_000);
        assert!(clusters.iter().all(|c| c.samples.len() == 3));
        // One `matches` per cluster: the regexes of the candidate patterns
        // run once per cluster, not once per diagnostic.
        let runs = set.regex_runs();
        assert!(
            (4..=40).contains(&runs),
            "{runs} regex runs for 20 clusters of 100,000 diagnostics"
        );
    }
}
