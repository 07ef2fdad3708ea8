//! The command line: every flag documented where it is declared.

use buildfix_core::{Applicability, Tool};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Finds every error in a build log, groups it by cause, and fixes what is mechanical.
///
/// Reads the output of cargo/rustc, gcc/clang, MSBuild/dotnet/mcs, javac/Maven/Gradle,
/// tsc, go, Python and pytest, even mixed in one log; and the tests and
/// checks that fail after a build (cargo test's panics, go test, a Java
/// stack trace, a sanitizer's report, an assert).
#[derive(Parser, Debug)]
#[command(name = "buildfix", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Runs a build and, while it fails, fixes it: every fix proven by a rebuild.
    #[command(after_long_help = RUN_HELP)]
    Run(RunArgs),
    /// Lists every error and warning in a build log, de-duplicated and grouped by file.
    #[command(after_long_help = ANALYZE_HELP)]
    Analyze(AnalyzeArgs),
    /// Explains a failed build in CI: annotations, job summary, SARIF, a patch; edits nothing.
    #[command(after_long_help = CI_HELP)]
    Ci(CiArgs),
    /// Applies the fixes the compilers suggested in a build log to the source tree.
    #[command(after_long_help = FIX_HELP)]
    Fix(FixArgs),
    /// Takes back the last batch of fixes buildfix wrote, or a whole run (--run).
    #[command(after_long_help = UNDO_HELP)]
    Undo(UndoArgs),
    /// Compiles, tests and lists the pattern library (patterns/README.md).
    Patterns(PatternsArgs),
    /// Shows or empties the result cache that answers `analyze` on a log seen before.
    Cache(CacheArgs),
    /// Shows what buildfix learned: runs, fix rates, best and worst fixes, frequent errors.
    #[command(after_long_help = STATS_HELP)]
    Stats(StatsArgs),
}

const CI_HELP: &str = "\
The step after a failing build. It prints a readable report; with --github
(the default when GITHUB_ACTIONS=true) it also annotates the lines of the
pull request, one annotation per kind of error, first errors first (GitHub
shows 10 per level), and appends a Markdown summary of every kind to the
file named by GITHUB_STEP_SUMMARY. Paths are shown relative to --root
(default: GITHUB_WORKSPACE, else the current directory). The tree is never
edited unless --apply is given. docs/ci.md shows every format.

Examples:
  buildfix ci build.log --github --sarif buildfix.sarif --patch buildfix.patch
  buildfix ci build.log --gitlab gl-code-quality.json --junit buildfix.xml
  buildfix ci build.log --summary summary.md --json buildfix.json
  buildfix ci build.log --apply=machine        also fix what is certain

Exit status: 0 when the log holds no error, 1 when it does (the step
explains a failure, it does not hide it; --exit-zero for a report only), 2
on usage or I/O errors.";

/// Arguments of `buildfix ci`.
#[derive(Args, Debug)]
pub struct CiArgs {
    /// The build log to read; `-` reads standard input (the default when it is a pipe).
    #[arg(value_name = "LOG")]
    pub log: Option<PathBuf>,

    /// The repository root: paths are shown relative to it and fixes stay
    /// inside it (default: GITHUB_WORKSPACE when set, else `.`).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Write GitHub Actions annotations (default when GITHUB_ACTIONS=true).
    #[arg(long)]
    pub github: bool,

    /// Append the Markdown job summary to FILE (default under GitHub
    /// Actions: the file named by GITHUB_STEP_SUMMARY).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,

    /// Write SARIF 2.1.0 to FILE, for code scanning.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,

    /// Write the JSON document of `buildfix analyze` to FILE (docs/json.md).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Write GitLab Code Quality JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub gitlab: Option<PathBuf>,

    /// Write JUnit XML to FILE, one test case per kind of error.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Write one self-contained HTML page to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,

    /// Write a `git apply`-able diff of every fix at the --apply level
    /// (default `maybe`) to FILE; the tree is not touched.
    #[arg(long, value_name = "FILE")]
    pub patch: Option<PathBuf>,

    /// Also apply the fixes to the tree, as `buildfix fix` does (`--apply`
    /// takes `maybe`; `--apply=machine` only the certain ones).
    #[arg(long, value_enum, value_name = "LEVEL", num_args = 0..=1, require_equals = true, default_missing_value = "maybe")]
    pub apply: Option<ApplyLevel>,

    /// Where buildfix keeps its undo journal when --apply writes; default `<root>/.buildfix`.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// Exit 0 even when the log holds errors.
    #[arg(long)]
    pub exit_zero: bool,

    /// Read only this tool's output format.
    #[arg(long, value_name = "NAME")]
    pub tool: Option<Tool>,

    /// The pattern library: a directory of TOML files or a compiled artifact.
    #[arg(long, value_name = "DIR|FILE")]
    pub patterns: Option<PathBuf>,

    /// Do not match the pattern library.
    #[arg(long)]
    pub no_patterns: bool,

    /// When to colour the report; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Samples shown per kind of error.
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub samples: usize,
}

const STATS_HELP: &str = "\
The learning store is a SQLite database in <root>/.buildfix/buildfix.db (or
--state DIR). Every fix tried and whether the rebuild proved it is recorded
there; the fixes that worked most often for a kind of error are tried first.

Examples:
  buildfix stats
  buildfix stats --format json
  buildfix stats --export learned.json         carry it to another machine
  buildfix stats --import learned.json         counts add up
  buildfix stats --reset                       start a new store";

/// Arguments of `buildfix stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    /// The project root.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// Where buildfix keeps its state; default `<root>/.buildfix`.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write everything learned, as counts, to FILE (JSON).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["import", "reset"])]
    pub export: Option<PathBuf>,

    /// Merge an export into this store; counts add up.
    #[arg(long, value_name = "FILE", conflicts_with = "reset")]
    pub import: Option<PathBuf>,

    /// Move the store aside (to buildfix.db.old) and start a new one.
    #[arg(long)]
    pub reset: bool,
}

/// Arguments of `buildfix cache`.
#[derive(Args, Debug)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub command: CacheCommand,

    /// The project root.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    pub root: PathBuf,

    /// Where buildfix keeps its state; default `<root>/.buildfix`.
    #[arg(long, value_name = "DIR", global = true)]
    pub state: Option<PathBuf>,
}

/// What to do with the result cache.
#[derive(Subcommand, Debug)]
pub enum CacheCommand {
    /// Entries, bytes held against the bound, hits and misses.
    Stats,
    /// Empties it.
    Clean,
}

/// Arguments of `buildfix patterns`.
#[derive(Args, Debug)]
pub struct PatternsArgs {
    #[command(subcommand)]
    pub command: PatternsCommand,
}

/// What to do with the pattern library.
#[derive(Subcommand, Debug)]
pub enum PatternsCommand {
    /// Validates a library and writes it as one artifact that loads in milliseconds.
    Compile {
        /// The library (default: the one built into buildfix).
        dir: Option<PathBuf>,
        /// The artifact to write.
        #[arg(short, long, value_name = "FILE", default_value = "patterns.bfp")]
        output: PathBuf,
    },
    /// Runs every example and counter-example; exit status 1 when one fails.
    Test {
        /// The library (default: the one built into buildfix).
        dir: Option<PathBuf>,
    },
    /// Lists id, tool, code, action and confidence of every pattern.
    List {
        /// A library directory or artifact (default: the one built into buildfix).
        dir: Option<PathBuf>,
    },
}

const RUN_HELP: &str = "\
The build's output streams as usual. While it fails, buildfix applies one
batch of fixes (the compilers' own suggestions and the pattern library's),
rebuilds, keeps the batch when every fix in it made its error go away and
none caused a new error near its edit, and otherwise rolls it back from the
undo journal and tries again without the fixes that failed; every outcome
is recorded in .buildfix/buildfix.db. It stops when the build passes, no fix
can be made, --max-iterations is reached or --timeout passes.
Every kept batch can be taken back with `buildfix undo`.

Settings can live in <root>/buildfix.toml (config/buildfix.toml documents
every key); BUILDFIX_* environment variables override the file, and flags
override both.

Ctrl-C (or SIGTERM) stops the build and its children; a batch whose
rebuild had not finished is rolled back, so the tree is always as the last
finished build judged it. A second Ctrl-C quits at once: every write is
atomic and journaled, so even then no file is half-written.

Examples:
  buildfix run -- cargo build
  buildfix run -- make
  buildfix run -- mcs -out:app.exe Program.cs Util.cs
  buildfix run --apply machine -- npx tsc -p .
  buildfix run --dry-run -- go build ./...    show what would change
  buildfix run --timeout 10m -- make

Exit status: 0 when the build ends green, 1 when it still fails, 2 when the
build cannot be run, 130 when interrupted.";

const FIX_HELP: &str = "\
Every file is written atomically, after its original is saved in the undo
journal (.buildfix/journal); nothing is written outside --root or into .git,
and a fix whose text moved since the log was written is refused, never
applied at a shifted place. A log saved on another machine (a CI runner's
/home/runner/work/app/app/src/main.c) fixes the same files under --root, and
files a compiler names relative to a directory make or ninja entered are
found there.

Examples:
  cargo build --message-format=json 2>/dev/null | buildfix fix -
  gh run view --log-failed | buildfix fix -    fix a clone from a failed CI job
  buildfix fix build.log --dry-run             show the diff, write nothing
  buildfix fix build.log --apply maybe         also take MaybeIncorrect fixes
  gcc -fdiagnostics-parseable-fixits -c x.c 2>&1 | buildfix fix -

Exit status: 0 when every fix at the --apply level was applied, 1 when some
were skipped (overlap, unsafe path, stale), 2 on errors.";

const UNDO_HELP: &str = "\
Restores the files of the newest batch to their bytes before buildfix wrote
them. A file changed since then is not overwritten unless --force.

Examples:
  buildfix undo
  buildfix undo --run                          the whole last `buildfix run`
  buildfix undo --list";

/// How safe a fix must be to be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ApplyLevel {
    /// MachineApplicable fixes only, as `cargo fix`.
    Machine,
    /// Also MaybeIncorrect fixes.
    Maybe,
    /// Every suggestion, placeholders included.
    All,
}

impl ApplyLevel {
    /// The least safe applicability taken.
    pub fn minimum(self) -> Applicability {
        match self {
            ApplyLevel::Machine => Applicability::MachineApplicable,
            ApplyLevel::Maybe => Applicability::MaybeIncorrect,
            ApplyLevel::All => Applicability::HasPlaceholders,
        }
    }
}

/// Which fixes of one diagnostic are taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Compat {
    /// The first fix that passes --apply; the others are reported.
    Buildfix,
    /// Every fix that passes --apply, as rustfix and `cargo fix`.
    Rustfix,
}

/// Arguments of `buildfix fix`.
#[derive(Args, Debug)]
pub struct FixArgs {
    /// The build log to read; `-` reads standard input (the default when it is a pipe).
    #[arg(value_name = "LOG")]
    pub log: Option<PathBuf>,

    /// The project root that relative paths in the log resolve against; nothing outside it is written.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// The least safe fixes to apply: `machine` (MachineApplicable, as cargo fix),
    /// `maybe` (adds MaybeIncorrect), `all` (every suggestion).
    #[arg(long, value_enum, default_value_t = ApplyLevel::Machine)]
    pub apply: ApplyLevel,

    /// Show the unified diff of what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Which fixes of one diagnostic to take: `rustfix` takes all, as cargo fix does.
    #[arg(long, value_enum, default_value_t = Compat::Buildfix)]
    pub compat: Compat,

    /// Where buildfix keeps its state (the undo journal); default `<root>/.buildfix`.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// Read only this tool's output format.
    #[arg(long, value_name = "NAME")]
    pub tool: Option<Tool>,

    /// The pattern library: a directory of TOML files or a compiled artifact
    /// (default: the one built in).
    #[arg(long, value_name = "DIR|FILE")]
    pub patterns: Option<PathBuf>,

    /// Apply only the compilers' own suggestions, no pattern fixes.
    #[arg(long)]
    pub no_patterns: bool,
}

/// Arguments of `buildfix undo`.
#[derive(Args, Debug)]
pub struct UndoArgs {
    /// The project root.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// Where buildfix keeps its state; default `<root>/.buildfix`.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// List the recorded batches, newest first, instead of undoing.
    #[arg(long)]
    pub list: bool,

    /// Restore files even if they changed since buildfix wrote them.
    #[arg(long)]
    pub force: bool,

    /// Take back every batch the last `buildfix run` kept, newest first.
    #[arg(long, conflicts_with = "list")]
    pub run: bool,
}

const ANALYZE_HELP: &str = "\
Examples:
  buildfix analyze build.log                   read a saved log
  cargo build 2>&1 | buildfix analyze -        read a build's output as it runs
  buildfix analyze --format json ci.log        one JSON document (docs/json.md)
  buildfix analyze --tool gcc make.log         read only gcc's format
  gh run view --log-failed | buildfix analyze -
                                               a failed GitHub job's log

Logs a CI service saved (GitHub Actions, Azure Pipelines, GitLab, Jenkins'
Timestamper), with a time stamp on every line, read as the build printed
them, and so does the output of `docker build` (BuildKit's `#8 0.534 `
before each line).

Exit status: 0 when the log holds no error, 1 when it does, 2 when the log
cannot be read or the command line is wrong.";

/// Arguments of `buildfix run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The build command and its arguments, after `--`.
    #[arg(required = true, last = true, value_name = "COMMAND")]
    pub command: Vec<String>,

    /// The project root, where the build runs and fixes are written.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// The least safe fixes to try; each is proven by a rebuild, so `maybe`
    /// (MachineApplicable and MaybeIncorrect) is the default. `all` adds the
    /// suggestions of unspecified safety, but never one with placeholders:
    /// it does not compile until a person fills them in.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub apply: Option<ApplyLevel>,

    /// The most fix-and-rebuild iterations [default: 8].
    #[arg(long, value_name = "N")]
    pub max_iterations: Option<usize>,

    /// Do not echo the build's output.
    #[arg(long, short)]
    pub quiet: bool,

    /// Where buildfix keeps its state; default `<root>/.buildfix`.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// The pattern library: a directory of TOML files or a compiled artifact.
    #[arg(long, value_name = "DIR|FILE")]
    pub patterns: Option<PathBuf>,

    /// Apply only the compilers' own suggestions, no pattern fixes.
    #[arg(long)]
    pub no_patterns: bool,

    /// Build once, show the diff of the fixes planned, write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Stop after this long (`90s`, `10m`, `1h`; plain numbers are seconds):
    /// the build is stopped and a batch not yet judged is rolled back.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Run the command exactly as given. By default buildfix adds
    /// `--message-format=json-diagnostic-rendered-ansi` to cargo's build,
    /// check, test, run and clippy (unless a format is given), so rustc's own
    /// suggestions reach it, and shows the rendered text as cargo would; and
    /// `-fdiagnostics-parseable-fixits` to gcc and clang: on the command line
    /// when the command is the compiler, else through wrappers put first on
    /// the build's PATH (.buildfix/shims), so make, ninja or a script get it
    /// too; each wrapper writes its compiler's messages in one piece, so
    /// `make -j` does not interleave them. The fix-it lines are kept out of
    /// what you see.
    #[arg(long)]
    pub no_inject: bool,
}

/// Arguments of `buildfix analyze`.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// The build log to read; `-` reads standard input (the default when it is a pipe).
    #[arg(value_name = "LOG")]
    pub log: Option<PathBuf>,

    /// Output format: `text` for people, `json` for scripts (see docs/json.md), `html` for a page.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// When to colour text output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Read only this tool's output format instead of detecting it per record
    /// (rustc, gcc, clang, csharp, msbuild, javac, maven, kotlin, tsc, go, python, pytest, cmake, generic).
    #[arg(long, value_name = "NAME")]
    pub tool: Option<Tool>,

    /// Parser threads; 0 uses every core (default: `jobs` in buildfix.toml,
    /// else 0).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// The project root, where pattern fixes read the sources they edit.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// The pattern library: a directory of TOML files or a compiled artifact
    /// (default: the one built in).
    #[arg(long, value_name = "DIR|FILE")]
    pub patterns: Option<PathBuf>,

    /// Do not match the pattern library.
    #[arg(long)]
    pub no_patterns: bool,

    /// Show every diagnostic when there are at most N; beyond, show clusters
    /// (one per kind of error, ranked for fixing) with a few samples each.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub expand: usize,

    /// Samples shown per cluster.
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub samples: usize,

    /// Neither read nor fill the result cache. By default, a log file seen
    /// before against the same tree and pattern library is answered from
    /// the cache in the state directory (`buildfix cache stats`).
    #[arg(long)]
    pub no_cache: bool,
}

/// `90s`, `10m`, `1h`, `1.5h` or plain seconds.
pub(crate) fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit {
        "" | "s" => Some(1.0),
        "m" | "min" => Some(60.0),
        "h" => Some(3600.0),
        _ => None,
    };
    match (number.parse::<f64>(), scale) {
        (Ok(n), Some(scale)) if n.is_finite() && n > 0.0 => Ok(std::time::Duration::from_secs_f64(n * scale)),
        _ => Err(format!("`{text}` is not a duration such as 90s, 10m or 1h")),
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Grouped by file, with the source line and a caret.
    Text,
    /// One JSON document, version 1.
    Json,
}

/// Formats of `buildfix analyze`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Grouped by file, with the source line and a caret.
    Text,
    /// One JSON document, version 1.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// When to colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}
