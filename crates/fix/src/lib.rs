//! Applies fixes to a source tree, safely.
//!
//! `buildfix-fix` takes the fixes proposed for a log's diagnostics (the
//! compilers' own suggestions, and later the pattern library's) and applies
//! them the way `cargo fix` does, for every toolchain:
//!
//! - [`EditBuffer`]: each fix applies all or nothing; an edit overlapping
//!   one already applied is refused, and flagged when it is an exact
//!   duplicate; insertions at one point keep their order.
//! - [`FixEngine`]: resolves each edit against the file as it is now (a fix
//!   whose text moved is refused as stale, never applied at a shifted
//!   place), keeps every path inside the project root and out of `.git`
//!   ([`Jail`]), and plans the new contents ([`Plan`]) before anything is
//!   written.
//! - [`Journal`]: before a batch is written, the originals are saved, every
//!   file is replaced atomically, and `buildfix undo` takes the batch back.
//!
//! It does not parse logs or decide which fixes to propose.
//!
//! # Example
//!
//! ```
//! use buildfix_fix::{ByteEdit, EditBuffer};
//!
//! let mut buf = EditBuffer::new(b"let x = cout;".to_vec());
//! buf.apply(&[ByteEdit::new(8..12, "count")]).unwrap();
//! assert!(buf.apply(&[ByteEdit::new(10..11, "!")]).is_err()); // overlaps
//! assert_eq!(buf.contents(), b"let x = count;");
//! ```
#![deny(missing_docs)]

mod atomic;
mod buffer;
mod diff;
mod engine;
mod jail;
mod journal;
mod located;
mod resolve;
mod state;
mod tidy;

pub use atomic::{write_all_atomic, write_atomic};
pub use buffer::{ByteEdit, Conflict, EditBuffer, merge_line_insertions};
pub use diff::{line_changes, line_map, unified as unified_diff};
pub use engine::{FilePlan, FixEngine, FixEngineBuilder, FixOutcome, Mode, Outcome, Plan, Proposal, Skip};
pub use jail::{Jail, Refusal};
pub use journal::{BatchInfo, BatchState, Change, Journal, JournalError, UndoReport};
pub use located::{ForeignRoot, relocate};
pub use resolve::{LineIndex, Stale, line_starts, resolve};
pub use state::{create_state_dir, state_dir};
