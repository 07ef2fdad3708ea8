//! The shared vocabulary of buildfix: what a build said, and what to change.
//!
//! This crate holds plain value types and no I/O. Every other crate speaks in
//! these terms:
//!
//! - [`Diagnostic`]: one error or warning that a tool printed, with its
//!   [`Span`]s, notes, compiler [`Suggestion`]s and the [`LogRange`] of the
//!   record in the log.
//! - [`Edit`] and [`Fix`]: the text changes that together fix one diagnostic,
//!   with an [`Applicability`] ordered from least to most safe, so that a
//!   policy check is one comparison.
//! - [`Fingerprint`]: a stable 64-bit hash of an error *kind*, identical across
//!   runs, versions and machines.
//!
//! # Example
//!
//! ```
//! use buildfix_core::{Applicability, Diagnostic, Severity, Span, Tool};
//!
//! let mut d = Diagnostic::new(Tool::Rustc, Severity::Error, "cannot find value `hh` in this scope");
//! d.set_code("E0425");
//! d.set_primary(Span::point("src/geometry.rs", 5, 9));
//! assert_eq!(d.primary().unwrap().line(), 5);
//! assert!(Applicability::MachineApplicable >= Applicability::MaybeIncorrect);
//! ```
#![deny(missing_docs)]

mod cluster;
mod diagnostic;
mod edit;
mod fingerprint;
mod span;
mod summary;
mod tool;

pub use cluster::Cluster;
pub use diagnostic::{Diagnostic, LogRange, Severity};
pub use edit::{Applicability, Edit, Fix, FixOrigin, PatternId, Position, Suggestion, written};
pub use fingerprint::{Fingerprint, fnv1a64};
pub use span::{ColumnUnit, Span};
pub use summary::{ReportedTotals, Summary};
pub use tool::Tool;
