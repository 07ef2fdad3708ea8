//! Project settings: `<root>/buildfix.toml`, overridden by `BUILDFIX_*`
//! environment variables, overridden by flags. `config/buildfix.toml`
//! documents every key with its default.

use crate::cli::ApplyLevel;
use anyhow::{Context, Result, bail};
use buildfix_coordinator::Inject;
use clap::ValueEnum;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The settings of a project, each unset unless the file or the
/// environment sets it.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Where buildfix keeps its state, relative to the root.
    pub state: Option<PathBuf>,
    /// The pattern library, relative to the root.
    pub patterns: Option<PathBuf>,
    /// The most MiB the result cache holds.
    pub cache_mib: Option<u64>,
    /// Threads that parse a saved log; 0 means one per core.
    pub jobs: Option<usize>,
    /// Settings of `buildfix run`.
    #[serde(default)]
    pub run: RunConfig,
}

/// Settings of `buildfix run`.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RunConfig {
    /// The most fix-and-rebuild iterations.
    pub max_iterations: Option<usize>,
    /// How long a run may take, as `--timeout` takes it.
    pub timeout: Option<String>,
    /// The least safe fixes to try: machine, maybe or all.
    pub apply: Option<String>,
    /// The toolchains whose flags buildfix adds to: `cargo`, `cc`.
    pub inject: Option<Vec<String>>,
    /// Whether the build's output is echoed.
    pub quiet: Option<bool>,
}

/// The file's name in the project root.
pub const FILE: &str = "buildfix.toml";

impl Config {
    /// Reads `<root>/buildfix.toml` (when there is one), then the
    /// `BUILDFIX_*` variables of the environment over it. Relative paths
    /// are made relative to `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(FILE);
        let mut config = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).with_context(|| format!("invalid settings in {}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        config.override_with(|name| std::env::var(name).ok())?;
        config.state = config.state.map(|p| root.join(p));
        config.patterns = config.patterns.map(|p| root.join(p));
        config.check()?;
        Ok(config)
    }

    /// Sets what the environment (`var` reads it) sets.
    fn override_with(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<()> {
        if let Some(v) = var("BUILDFIX_STATE") {
            self.state = Some(v.into());
        }
        if let Some(v) = var("BUILDFIX_PATTERNS") {
            self.patterns = Some(v.into());
        }
        if let Some(v) = var("BUILDFIX_CACHE_MIB") {
            self.cache_mib = Some(
                v.parse()
                    .with_context(|| format!("BUILDFIX_CACHE_MIB={v} is not a number"))?,
            );
        }
        if let Some(v) = var("BUILDFIX_JOBS") {
            self.jobs = Some(
                v.parse()
                    .with_context(|| format!("BUILDFIX_JOBS={v} is not a number"))?,
            );
        }
        let run = &mut self.run;
        if let Some(v) = var("BUILDFIX_MAX_ITERATIONS") {
            run.max_iterations = Some(
                v.parse()
                    .with_context(|| format!("BUILDFIX_MAX_ITERATIONS={v} is not a number"))?,
            );
        }
        if let Some(v) = var("BUILDFIX_TIMEOUT") {
            run.timeout = Some(v);
        }
        if let Some(v) = var("BUILDFIX_APPLY") {
            run.apply = Some(v);
        }
        if let Some(v) = var("BUILDFIX_INJECT") {
            run.inject = Some(
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
        }
        if let Some(v) = var("BUILDFIX_QUIET") {
            run.quiet = Some(matches!(v.as_str(), "1" | "true" | "yes"));
        }
        Ok(())
    }

    /// Fails on a value that cannot be used, naming it.
    fn check(&self) -> Result<()> {
        self.timeout()?;
        self.apply()?;
        self.inject()?;
        Ok(())
    }

    /// The bound on the result cache, in bytes (256 MiB unless set).
    pub fn cache_bytes(&self) -> u64 {
        self.cache_mib.map_or(buildfix_track::DEFAULT_LIMIT, |mib| mib << 20)
    }

    /// The run's time limit, if set.
    pub fn timeout(&self) -> Result<Option<Duration>> {
        self.run
            .timeout
            .as_deref()
            .map(|t| crate::cli::parse_duration(t).map_err(|e| anyhow::anyhow!("timeout: {e}")))
            .transpose()
    }

    /// The applicability threshold, if set.
    pub fn apply(&self) -> Result<Option<ApplyLevel>> {
        self.run
            .apply
            .as_deref()
            .map(|a| {
                ApplyLevel::from_str(a, true).map_err(|_| anyhow::anyhow!("apply = \"{a}\": use machine, maybe or all"))
            })
            .transpose()
    }

    /// The toolchains to add flags to (both, unless set).
    pub fn inject(&self) -> Result<Inject> {
        let Some(names) = &self.run.inject else {
            return Ok(Inject::ALL);
        };
        let mut inject = Inject::NONE;
        for name in names {
            match name.as_str() {
                "cargo" => inject.cargo = true,
                "cc" => inject.cc = true,
                other => bail!("inject = [\"{other}\"]: buildfix adds flags to `cargo` and `cc` (gcc and clang)"),
            }
        }
        Ok(inject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_file_is_valid_and_states_the_defaults() {
        let text = include_str!("../config/buildfix.toml");
        let config: Config = toml::from_str(text).unwrap();
        config.check().unwrap();
        assert_eq!(config.run.max_iterations, Some(8));
        assert_eq!(config.apply().unwrap(), Some(ApplyLevel::Maybe));
        assert_eq!(config.inject().unwrap(), Inject::ALL);
        assert_eq!(config.state, Some(PathBuf::from(".buildfix")));
        assert_eq!(config.cache_bytes(), buildfix_track::DEFAULT_LIMIT);
        assert_eq!(config.jobs, Some(0));
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let mut config: Config = toml::from_str("[run]\nmax-iterations = 3\napply = \"all\"\n").unwrap();
        let env = |name: &str| match name {
            "BUILDFIX_MAX_ITERATIONS" => Some("5".to_string()),
            "BUILDFIX_INJECT" => Some("cargo".to_string()),
            "BUILDFIX_JOBS" => Some("1".to_string()),
            _ => None,
        };
        config.override_with(env).unwrap();
        assert_eq!(config.jobs, Some(1));
        assert_eq!(config.run.max_iterations, Some(5));
        assert_eq!(config.apply().unwrap(), Some(ApplyLevel::All));
        assert_eq!(config.inject().unwrap(), Inject { cargo: true, cc: false });
    }

    #[test]
    fn bad_values_are_named() {
        let unknown = toml::from_str::<Config>("[run]\nmax-iteration = 3\n").unwrap_err();
        assert!(
            unknown.to_string().contains("unknown field `max-iteration`"),
            "{unknown}"
        );
        let config: Config = toml::from_str("[run]\ninject = [\"make\"]\n").unwrap();
        assert!(config.check().unwrap_err().to_string().contains("inject = [\"make\"]"));
        let config: Config = toml::from_str("[run]\ntimeout = \"soon\"\n").unwrap();
        assert!(
            config
                .check()
                .unwrap_err()
                .to_string()
                .contains("timeout: `soon` is not a duration")
        );
        let mut config = Config::default();
        let env = |name: &str| (name == "BUILDFIX_MAX_ITERATIONS").then(|| "many".to_string());
        assert!(config.override_with(env).is_err());
    }
}
