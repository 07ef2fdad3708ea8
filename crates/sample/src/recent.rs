//! The messages seen lately and the cluster each went to: the same error
//! reported in many places (a renamed type: 100,000 times "cannot find type
//! \`Foo\` in this scope") costs a hash and a comparison, not a template.

use buildfix_core::{Diagnostic, Tool};
use std::hash::BuildHasher;

/// Slots in the table: a bounded memory of a few hundred KiB at most.
const SLOTS: usize = 4096;

/// One slot; its strings keep their capacity when the slot is reused.
#[derive(Default)]
struct Entry {
    hash: u64,
    tool: Option<Tool>,
    code: Option<String>,
    message: String,
    cluster: usize,
}

/// Lookups in a trial of the table; and messages it then rests for, when
/// fewer than one in four of the trial's were found in it (below that, a
/// lookup costs more than finding the message saves).
const TRIAL: u32 = 1024;
const REST: u32 = 1 << 16;

/// A direct-mapped table from (tool, code, message) to a cluster.
///
/// A log whose messages rarely repeat (each names other things) would pay
/// for the table on every message and gain little: the table is used
/// while it finds at least one message in four, and otherwise rests for
/// 65,536 messages before it is tried again.
pub(crate) struct Recent {
    slots: Vec<Entry>,
    hasher: foldhash::fast::RandomState,
    tried: u32,
    found: u32,
    resting: u32,
}

impl Recent {
    pub(crate) fn new() -> Recent {
        Recent {
            slots: (0..SLOTS).map(|_| Entry::default()).collect(),
            hasher: foldhash::fast::RandomState::default(),
            tried: 0,
            found: 0,
            resting: 0,
        }
    }

    /// Whether to look the next message up (see [`Recent`]).
    pub(crate) fn in_use(&mut self) -> bool {
        if self.resting > 0 {
            self.resting -= 1;
            return false;
        }
        true
    }

    /// Counts a lookup, and whether it found the message.
    pub(crate) fn note(&mut self, found: bool) {
        self.tried += 1;
        self.found += u32::from(found);
        if self.tried == TRIAL {
            if self.found * 4 < TRIAL {
                self.resting = REST;
            }
            (self.tried, self.found) = (0, 0);
        }
    }

    /// The hash that [`Recent::get`] and [`Recent::put`] take, of `d`'s
    /// tool and code and the `text` its kind is read from (its message).
    pub(crate) fn hash(&self, d: &Diagnostic, text: &str) -> u64 {
        self.hasher.hash_one((d.tool(), d.code(), text))
    }

    /// The cluster `d` went to, if it is remembered.
    pub(crate) fn get(&self, hash: u64, d: &Diagnostic, text: &str) -> Option<usize> {
        let e = &self.slots[hash as usize % SLOTS];
        (e.hash == hash && e.tool == Some(d.tool()) && e.code.as_deref() == d.code() && e.message == text)
            .then_some(e.cluster)
    }

    /// Remembers that `d` went to `cluster`, in place of what its slot held.
    pub(crate) fn put(&mut self, hash: u64, d: &Diagnostic, text: &str, cluster: usize) {
        let e = &mut self.slots[hash as usize % SLOTS];
        (e.hash, e.tool, e.cluster) = (hash, Some(d.tool()), cluster);
        match (&mut e.code, d.code()) {
            (Some(kept), Some(code)) => {
                kept.clear();
                kept.push_str(code);
            }
            (kept, code) => *kept = code.map(str::to_string),
        }
        e.message.clear();
        e.message.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use buildfix_core::Severity;

    #[test]
    fn it_rests_while_messages_do_not_repeat() {
        let mut recent = Recent::new();
        for _ in 0..TRIAL {
            assert!(recent.in_use());
            recent.note(true);
        }
        // One in three found: still in use.
        for k in 0..TRIAL {
            assert!(recent.in_use());
            recent.note(k % 3 == 0);
        }
        for k in 0..TRIAL {
            assert!(recent.in_use());
            recent.note(k % 5 == 0);
        }
        // One in five found: it rests, then is tried again.
        assert_eq!((0..REST).filter(|_| recent.in_use()).count(), 0);
        assert!(recent.in_use());
    }

    #[test]
    fn a_message_is_remembered_with_its_tool_and_code() {
        let mut recent = Recent::new();
        let mut d = Diagnostic::new(Tool::Rustc, Severity::Error, "cannot find type `Foo` in this scope");
        d.set_code("E0412");
        let text = d.message();
        let hash = recent.hash(&d, text);
        assert_eq!(recent.get(hash, &d, text), None);
        recent.put(hash, &d, text, 7);
        assert_eq!(recent.get(hash, &d, text), Some(7));
        // The same words from another tool, or under another code, are not
        // the same message.
        let other_tool = Diagnostic::new(Tool::Gcc, Severity::Error, d.message());
        assert_eq!(recent.get(recent.hash(&other_tool, text), &other_tool, text), None);
        let mut other_code = d.clone();
        other_code.set_code("E0425");
        assert_eq!(recent.get(recent.hash(&other_code, text), &other_code, text), None);
        // A message in the same slot takes it over.
        recent.put(hash, &other_code, text, 9);
        assert_eq!(recent.get(hash, &d, text), None);
        assert_eq!(recent.get(hash, &other_code, text), Some(9));
    }
}
