//! `buildfix analyze`: parse a log and print what it holds.

use crate::cli::{AnalyzeArgs, ColorChoice, Format};
use crate::render;
use anyhow::{Result, bail};
use buildfix_logparse::{LogSource, ParserBuilder};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command; the exit code says whether the log holds errors.
pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    let parser = ParserBuilder::new().tool(args.tool).jobs(args.jobs).build();
    let analysis = parser.parse_source(open_log(args.log.as_deref(), "analyze")?)?;
    let stdout = io::stdout();
    let color = use_color(args.color, stdout.is_terminal());
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Text => render::text::write(&mut out, &analysis, color)?,
        Format::Json => render::json::write(&mut out, &analysis)?,
    }
    out.flush()?;
    Ok(if analysis.summary().errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
