//! A Rust program's or test's panic: `thread 'tests::adds' panicked at
//! src/lib.rs:21:9:` and the message on the lines below (Rust 1.73 and
//! later; later still with the thread's id, `thread 'tests::adds' (26544)
//! panicked at`), or `thread 'main' panicked at 'boom', src/main.rs:2:5`
//! (before).
//! `cargo test` prints one per failed test; the message's first line is the
//! diagnostic's, the rest (`  left: 5`) its notes, and the thread (the
//! test's name) a note too.

use super::{Item, Parsed, diagnostic};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Tool};

/// The most message lines read below a panic's header.
const MESSAGE_LINES: usize = 32;

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let rest = line.text.strip_prefix("thread '")?;
    let (thread, rest) = rest.split_once("' ")?;
    let rest = match rest.strip_prefix('(') {
        Some(id) => id.split_once(") ")?.1,
        None => rest,
    };
    let at = rest.strip_prefix("panicked at ")?;
    let (message, place) = match at.strip_suffix(':') {
        Some(place) => (None, place),
        // Before Rust 1.73: the message quoted, then the place.
        None => {
            let (quoted, place) = at.rsplit_once(", ")?;
            let message = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
            (Some(message.to_string()), place)
        }
    };
    let span = super::span_at(place)?;
    let mut lines = Vec::new();
    if message.is_none() {
        while let Some(next) = cur.peek() {
            let t = next.text.as_ref();
            if t.trim().is_empty() || t.starts_with("note: ") || t == "stack backtrace:" || lines.len() == MESSAGE_LINES
            {
                break;
            }
            cur.consume(&next);
            lines.push(t.to_string());
        }
    }
    let mut lines = lines.into_iter();
    let message = message
        .or_else(|| lines.next())
        .unwrap_or_else(|| "explicit panic".to_string());
    let mut d = diagnostic(Tool::Rustc, Severity::Error, &format!("panicked: {message}"));
    d.set_primary(span);
    d.push_note(format!("thread: {thread}"));
    for more in lines {
        d.push_note(more.trim());
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

#[cfg(test)]
mod tests {
    use crate::formats::described;

    #[test]
    fn a_failed_test_is_an_error_where_it_panicked() {
        let log = "running 2 tests\n\
                   test tests::adds ... FAILED\n\
                   \n\
                   failures:\n\
                   \n\
                   ---- tests::adds stdout ----\n\
                   \n\
                   thread 'tests::adds' (26544) panicked at src/lib.rs:21:9:\n\
                   assertion `left == right` failed\n  left: 5\n right: 4\n\
                   note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
                   thread 'main' panicked at 'index out of bounds', C:\\src\\main.rs:2:5\n\
                   thread 'worker' panicked at src/pool.rs:7:1:\n\
                   \n";
        assert_eq!(
            described(log),
            [
                "src/lib.rs:21:9 panicked: assertion `left == right` failed | thread: tests::adds | left: 5 | right: 4",
                "C:\\src\\main.rs:2:5 panicked: index out of bounds | thread: main",
                "src/pool.rs:7:1 panicked: explicit panic | thread: worker",
            ]
        );
    }
}
