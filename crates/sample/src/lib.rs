//! Error sampling: 100,000 diagnostics read like 20 causes.
//!
//! - [`template()`] turns a message into its kind (particulars replaced by
//!   typed placeholders); with the tool and code it gives a stable
//!   [`buildfix_core::Fingerprint`].
//! - [`Clusterer`] groups a stream of diagnostics by fingerprint, merging
//!   templates that differ in one value-like token as they come, in memory
//!   bounded by clusters x K samples (plus the distinct files).
//! - [`rank`] orders clusters for fixing and says why.
//!
//! It does not match patterns or render; callers pass what they know.
//!
//! # Example
//!
//! ```
//! use buildfix_core::{Diagnostic, Severity, Tool};
//! use buildfix_sample::Clusterer;
//!
//! let mut c = Clusterer::new(3);
//! for (i, name) in ["a", "b", "c"].iter().enumerate() {
//!     let d = Diagnostic::new(Tool::Rustc, Severity::Error, format!("cannot find value `{name}` in this scope"));
//!     c.add(i, &d);
//! }
//! let clusters = c.finish();
//! assert_eq!(clusters.len(), 1);
//! assert_eq!((clusters[0].count, clusters[0].template.as_str()), (3, "cannot find value <id> in this scope"));
//! ```
#![deny(missing_docs)]

mod cluster;
mod recent;
mod template;

pub use buildfix_core::Cluster;
pub use cluster::{Clusterer, FIX_KNOWN, rank};
pub use template::template;
