//! The run loop: a red build turned green, every fix proven by a rebuild.
//!
//! [`run()`] builds; while the build is red it plans one batch of fixes (the
//! compilers' suggestions and the pattern library's, through
//! [`proposals()`]), writes it through the fix engine's journal, rebuilds, and
//! judges every fix: fixed when its error became rarer in its file or left
//! its line, not fixed otherwise, regressed when a new error appears on a
//! line it wrote or quotes a name it took out. A batch with a fix that
//! failed is rolled back from the journal and tried again without it;
//! every outcome goes to the learning store. A batch never puts a file back
//! as it was before; a deletion of a name another fix of the batch writes,
//! and an error that follows another (see `cascades`), wait for a later
//! batch. It stops when the build is
//! green, no fix can be made, or the iteration limit is reached.
//!
//! A [`Cancel`] (raised by Ctrl-C or SIGTERM, or a deadline) stops the
//! build's whole process group; a batch whose rebuild was stopped is rolled
//! back, so the tree is always as a finished build judged it.
//!
//! Each diagnostic's fixes are tried in the order of their record in the
//! learning store on its kind of error (a fix that regressed there before
//! goes after one that worked).
//!
//! The build's output is echoed, written to its log and parsed as it
//! arrives, in bounded memory (see `build`).
//!
//! A failed batch is not bisected by rebuilds: a rebuild cannot tell an
//! error a fix caused from one it uncovered (javac and mcs stop at their
//! first errors). A fix is blamed for a new error on a line it wrote that
//! names what it wrote, or for a new error anywhere that quotes a name it
//! took out.
#![deny(missing_docs)]

mod batch;
mod blame;
mod build;
mod builder;
mod cascades;
mod proposals;
mod run;
pub mod shims;

pub use batch::{followers, plan_holding_back_deletions};
pub use build::{BuildOutput, Cancel, Echo, Inject, Injected, Interrupt, inject};
pub use proposals::{JailedSources, label, proposals};
pub use run::{Event, FixReport, RunError, RunOptions, RunReport, Stop, run};
