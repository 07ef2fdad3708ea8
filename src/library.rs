//! Which pattern library a command uses: the one built in, a directory of
//! TOML files, or a compiled artifact.

use anyhow::{Context, Result, bail};
use buildfix_patterns::{Library, PatternSet, compile, read_sources};
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/patterns.rs"));
}

/// The library a command uses: none with `--no-patterns` (`off`), else the
/// one `--patterns` names, else the one buildfix.toml names, else the one
/// built in.
pub fn chosen(off: bool, flag: Option<&Path>, config: &crate::config::Config) -> Result<Option<PatternSet>> {
    if off {
        return Ok(None);
    }
    load(flag.or(config.patterns.as_deref())).map(Some)
}

/// The built-in library, compiled when buildfix was built.
const BUILTIN_ARTIFACT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/patterns.bfp"));

/// The sources of the built-in library.
pub fn builtin_sources() -> Vec<(String, String)> {
    embedded::SOURCES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// Compiles sources, turning problems into one error that lists them all.
pub fn compile_or_report(sources: &[(String, String)], what: &str) -> Result<Library> {
    compile(sources).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        anyhow::anyhow!("{} problem(s) in {what}:\n{}", problems.len(), list.join("\n"))
    })
}

/// The library at `path` (a directory of TOML files or an artifact), or the
/// built-in one.
pub fn load(path: Option<&Path>) -> Result<PatternSet> {
    match path {
        None => PatternSet::from_artifact(BUILTIN_ARTIFACT).context("the built-in pattern library"),
        Some(p) if p.is_dir() => {
            let sources = read_sources(p).with_context(|| format!("cannot read {}", p.display()))?;
            if sources.is_empty() {
                bail!("{} holds no pattern files (*.toml)", p.display());
            }
            Ok(PatternSet::new(compile_or_report(&sources, &p.display().to_string())?))
        }
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            PatternSet::from_artifact(&bytes).with_context(|| format!("cannot load {}", p.display()))
        }
    }
}
