//! The command line: every flag documented where it is declared.

use buildfix_core::Tool;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Finds every error in a build log, groups it by cause, and fixes what is mechanical.
///
/// Reads the output of cargo/rustc, gcc/clang, MSBuild/dotnet/mcs, javac/Maven/Gradle,
/// tsc, go, Python and pytest, even mixed in one log.
#[derive(Parser, Debug)]
#[command(name = "buildfix", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lists every error and warning in a build log, de-duplicated and grouped by file.
    #[command(after_long_help = ANALYZE_HELP)]
    Analyze(AnalyzeArgs),
}

const ANALYZE_HELP: &str = "\
Examples:
  buildfix analyze build.log                   read a saved log
  cargo build 2>&1 | buildfix analyze -        read a build's output as it runs
  buildfix analyze --format json ci.log        one JSON document (docs/json.md)
  buildfix analyze --tool gcc make.log         read only gcc's format

Exit status: 0 when the log holds no error, 1 when it does, 2 when the log
cannot be read or the command line is wrong.";

/// Arguments of `buildfix analyze`.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// The build log to read; `-` reads standard input (the default when it is a pipe).
    #[arg(value_name = "LOG")]
    pub log: Option<PathBuf>,

    /// Output format: `text` for people, `json` for scripts (see docs/json.md).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// When to colour text output; `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Read only this tool's output format instead of detecting it per record
    /// (rustc, gcc, clang, csharp, msbuild, javac, maven, kotlin, tsc, go, python, pytest, generic).
    #[arg(long, value_name = "NAME")]
    pub tool: Option<Tool>,

    /// Parser threads; 0 uses every core.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Grouped by file, with the source line and a caret.
    Text,
    /// One JSON document, version 1.
    Json,
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
