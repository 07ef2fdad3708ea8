//! What a C or C++ program built with checks prints when one fails as it
//! runs: UBSan's `main.c:5:7: runtime error: signed integer overflow: ...`;
//! a sanitizer's report (`==24300==ERROR: AddressSanitizer:
//! heap-buffer-overflow on address ...`, its stacks' frames `    #0 0x55d2
//! in main /src/main.c:7`, then `SUMMARY: AddressSanitizer: ...`), an
//! error at the first frame of the program's own; and a failed `assert`
//! (`calc: calc.c:8: main: Assertion `add(2, 2) == 4' failed.`).

use super::{Item, MOST_TRACE_LINES, Parsed, diagnostic, span_at};
use crate::line::{Cursor, Line};
use buildfix_core::{Diagnostic, Severity, Span, Tool};

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    let d = if let Some((place, said)) = text.split_once(": runtime error: ") {
        let mut d = diagnostic(Tool::Generic, Severity::Error, &format!("runtime error: {said}"));
        d.set_primary(span_at(place)?);
        d
    } else if let Some(report) = sanitizer_report(text, "ERROR: ") {
        let mut d = diagnostic(Tool::Generic, Severity::Error, &report);
        if let Some(span) = first_own_frame(cur) {
            d.set_primary(span);
        }
        d
    } else if let Some(summary) = sanitizer_report(text, "SUMMARY: ") {
        // A summary whose report was not read (ThreadSanitizer's is a
        // warning): `... data race /src/x.c:5 in f`.
        let placed = summary
            .rsplit_once(" in ")
            .and_then(|(before, _)| before.rsplit_once(' '))
            .and_then(|(kind, place)| Some((kind, span_at(place)?)));
        let (kind, span) = placed.map_or((summary.as_str(), None), |(kind, span)| (kind, Some(span)));
        let mut d = diagnostic(Tool::Generic, Severity::Error, kind);
        if let Some(span) = span {
            d.set_primary(span);
        }
        d
    } else {
        failed_assertion(text)?
    };
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// What a sanitizer's `==24300==ERROR: AddressSanitizer: heap-buffer-overflow
/// on address 0x60...` (after `lead`) says: the sanitizer and the kind of
/// error.
fn sanitizer_report(text: &str, lead: &str) -> Option<String> {
    let rest = match text.strip_prefix("==") {
        Some(pid) => pid.split_once("==")?.1,
        None => text,
    };
    let (sanitizer, kind) = rest.strip_prefix(lead)?.split_once(": ")?;
    if !sanitizer.ends_with("Sanitizer") || sanitizer.contains(' ') {
        return None;
    }
    let kind = kind.split(" on address ").next().unwrap_or(kind);
    Some(format!("{sanitizer}: {kind}"))
}

/// The first frame of the report's stacks in the program's own code (not
/// the sanitizer's interceptors or the C library's, whose paths are
/// relative to their build: `../sysdeps/...`), reading the report up to
/// and with its summary.
fn first_own_frame(cur: &mut Cursor<'_>) -> Option<Span> {
    let mut site = None;
    for _ in 0..MOST_TRACE_LINES {
        let Some(next) = cur.peek() else { break };
        cur.consume(&next);
        let t = next.text.trim_start();
        if t.starts_with("SUMMARY: ") {
            break;
        }
        if site.is_none() && t.starts_with('#') {
            site = t.split_once(" in ").and_then(|(_, rest)| {
                let place = rest.rsplit(' ').next()?;
                let own = !place.starts_with("../") && !place.contains("/libsanitizer/") && !place.starts_with('(');
                own.then(|| span_at(place)).flatten()
            });
        }
    }
    site
}

/// `calc: calc.c:8: main: Assertion `add(2, 2) == 4' failed.`
fn failed_assertion(text: &str) -> Option<Diagnostic> {
    let (before, expression) = text.strip_suffix("' failed.")?.rsplit_once(": Assertion `")?;
    let (_program, rest) = before.split_once(": ")?;
    let (place, function) = rest.split_once(": ")?;
    let mut d = diagnostic(
        Tool::Generic,
        Severity::Error,
        &format!("Assertion `{expression}' failed"),
    );
    d.set_primary(span_at(place)?);
    d.push_note(format!("in {function}"));
    Some(d)
}

#[cfg(test)]
mod tests {
    use crate::formats::described;

    #[test]
    fn sanitizers_and_assertions_are_errors_where_they_failed() {
        let log = "ub.c:5:7: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'\n\
                   =================================================================\n\
                   ==24300==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000020 at pc 0x555d293c12a1\n\
                   WRITE of size 4 at 0x602000000020 thread T0\n\
                   \x20   #0 0x7f7660cb89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n\
                   \x20   #1 0x555d293c12a0 in main /src/ub.c:7\n\
                   \x20   #2 0x7f7660245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58\n\
                   \n\
                   SUMMARY: AddressSanitizer: heap-buffer-overflow /src/ub.c:7 in main\n\
                   Shadow bytes around the buggy address:\n\
                   SUMMARY: ThreadSanitizer: data race /src/race.c:12:5 in worker\n\
                   calc: calc.c:8: int main(void): Assertion `add(2, 2) == 4' failed.\n";
        assert_eq!(
            described(log),
            [
                "ub.c:5:7 runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'",
                "/src/ub.c:7 AddressSanitizer: heap-buffer-overflow",
                "/src/race.c:12:5 ThreadSanitizer: data race",
                "calc.c:8 Assertion `add(2, 2) == 4' failed | in int main(void)",
            ]
        );
    }
}
