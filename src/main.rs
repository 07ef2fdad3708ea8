//! `buildfix`: finds every error in a build log, groups it by cause, and
//! fixes what is mechanical.

mod analyze;
mod cache;
mod ci;
mod cli;
mod config;
mod fix;
mod library;
mod patterns_cmd;
mod progress;
mod run;
mod stats;
mod undo;

use clap::Parser as _;
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Run(args) => run::run(&args),
        cli::Command::Analyze(args) => analyze::run(&args),
        cli::Command::Cache(args) => cache::run(&args),
        cli::Command::Ci(args) => ci::run(&args),
        cli::Command::Fix(args) => fix::run(&args),
        cli::Command::Undo(args) => undo::run(&args),
        cli::Command::Patterns(args) => patterns_cmd::run(&args),
        cli::Command::Stats(args) => stats::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = io::stderr().lock();
            // Errors that quote their cause in their own message are not
            // followed by it again.
            let mut said = err.to_string();
            let _ = write!(stderr, "buildfix: error: {said}");
            for cause in err.chain().skip(1).map(ToString::to_string) {
                if !said.contains(&cause) {
                    let _ = write!(stderr, ": {cause}");
                    said.push_str(&cause);
                }
            }
            let _ = writeln!(stderr);
            ExitCode::from(2)
        }
    }
}

/// A reader that closed the pipe (`buildfix analyze log | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
