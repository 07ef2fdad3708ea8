//! `buildfix analyze`: parse a log and print what it holds.

use crate::cli::{AnalyzeArgs, ColorChoice, Format};
use crate::fix::JailedSources;
use crate::render;
use crate::render::PatternHit;
use anyhow::{Context, Result, bail};
use buildfix_fix::Jail;
use buildfix_logparse::Analysis;
use buildfix_logparse::{LogSource, ParserBuilder};
use buildfix_patterns::propose;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command; the exit code says whether the log holds errors.
pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    let parser = ParserBuilder::new().tool(args.tool).jobs(args.jobs).build();
    let analysis = parser.parse_source(open_log(args.log.as_deref(), "analyze")?)?;
    let hits = if args.no_patterns {
        Vec::new()
    } else {
        pattern_hits(&analysis, args)?
    };
    let stdout = io::stdout();
    let color = use_color(args.color, stdout.is_terminal());
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Text => render::text::write(&mut out, &analysis, &hits, color)?,
        Format::Json => render::json::write(&mut out, &analysis, &hits)?,
    }
    out.flush()?;
    Ok(if analysis.summary().errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The patterns that match each diagnostic (by index), with the fix each
/// proposes when the source it edits is under `--root`.
fn pattern_hits(analysis: &Analysis, args: &AnalyzeArgs) -> Result<Vec<Vec<PatternHit>>> {
    let set = crate::library::load(args.patterns.as_deref())?;
    let jail =
        Jail::new(&args.root).with_context(|| format!("cannot use {} as the project root", args.root.display()))?;
    let sources = JailedSources::new(&jail);
    Ok(analysis
        .diagnostics()
        .iter()
        .map(|d| {
            set.matches(d)
                .iter()
                .map(|m| PatternHit {
                    id: m.pattern.id.to_string(),
                    action: m.pattern.action.kind.name(),
                    fix: propose(m, d, set.library(), &sources),
                })
                .collect()
        })
        .collect())
}

/// Opens the log named on the command line: a file, or standard input for
/// `-` or when no log is named and input is a pipe.
pub fn open_log(log: Option<&Path>, command: &str) -> Result<LogSource> {
    Ok(match log {
        Some(path) if path != Path::new("-") => LogSource::open(path)?,
        Some(_) => LogSource::stdin(),
        None if io::stdin().is_terminal() => {
            bail!("no build log given: name a file, or pipe a build into `buildfix {command} -`")
        }
        None => LogSource::stdin(),
    })
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}
