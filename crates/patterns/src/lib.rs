//! The pattern library: fixes for the errors compilers do not fix themselves.
//!
//! Patterns are plain TOML under `patterns/` (see `patterns/README.md`): a
//! tool, optional codes, a message regex with named captures, a fix action,
//! a prior confidence, and real messages it must and must not match.
//!
//! - [`compile`] validates a library (every problem at once, with file and
//!   line) into a [`Library`]; [`test()`] runs its examples.
//! - [`PatternSet`]: the immutable matcher: patterns indexed by tool and
//!   code, an aho-corasick prefilter over the literals every match of each
//!   regex must contain, regexes compiled on first use; it serialises to a versioned
//!   artifact.
//! - [`propose`] turns a match into a [`buildfix_core::Fix`] through its
//!   action (`add-import` knows each language's import placement).
//!
//! It does not read logs or write files.
//!
//! # Example
//!
//! ```
//! use buildfix_patterns::{PatternSet, compile};
//! use buildfix_core::{Diagnostic, Severity, Tool};
//!
//! let toml = r#"
//! [[pattern]]
//! id = "go.undefined"
//! tool = "go"
//! message = 'undefined: (?P<name>\w+)'
//! confidence = 0.5
//! action = { kind = "add-import", symbol = "${name}", module = "${name}" }
//! examples = [{ message = "undefined: fmt", captures = { name = "fmt" } }]
//! "#;
//! let set = PatternSet::new(compile(&[("go.toml".into(), toml.into())]).unwrap());
//! let d = Diagnostic::new(Tool::Go, Severity::Error, "undefined: strings");
//! assert_eq!(set.matches(&d)[0].captures["name"], "strings");
//! ```
#![deny(missing_docs)]

mod actions;
mod library;
mod regex;
mod set;
mod template;

pub use actions::{Language, Sources, add_import, propose};
pub use library::{
    Action, ActionKind, Example, Failure, InsertAt, Library, Pattern, Problem, compile, prefilter_literals,
    read_sources, test,
};
pub use set::{ArtifactError, Match, PatternSet, family, match_text};
