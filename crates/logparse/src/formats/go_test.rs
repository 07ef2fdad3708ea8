//! `go test`'s failures: a failed test (`--- FAIL: TestAdd (0.00s)`) and
//! what it logged (`    calc_test.go:7: Add(2, 2) = 5; want 4`, the file
//! named in its package's directory), each an error; and a panic (a test's
//! or a program's: `panic: runtime error: ...`, then the goroutines'
//! stacks), an error at the first frame outside the runtime and `testing`.
//! The line that ends a package's tests, `FAIL\texample.com/app/calc`,
//! says which directory those files are in, as make's "Entering directory"
//! does.

use super::{Item, MOST_TRACE_LINES, Parsed, diagnostic, num, span_at};
use crate::line::{Cursor, Line};
use buildfix_core::{Diagnostic, Severity, Span, Tool};

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    if let Some(rest) = line.text.strip_prefix("--- FAIL: ") {
        return Some(Parsed::at(line, failed_test(rest, cur)));
    }
    // `FAIL\texample.com/app/calc\t0.004s` after a package's failed tests:
    // the files they named are in that package's directory.
    if let Some(rest) = line.text.strip_prefix("FAIL\t") {
        let package = rest.split('\t').next().filter(|p| !p.is_empty() && !p.contains(' '))?;
        return Some(Parsed::one(line, Item::Directory(package.to_string())));
    }
    let message = line.text.strip_prefix("panic: ")?;
    let message = message.strip_suffix(" [recovered]").unwrap_or(message);
    let mut d = diagnostic(Tool::Go, Severity::Error, &format!("panic: {message}"));
    if let Some(span) = panic_site(cur) {
        d.set_primary(span);
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// The errors test `header` (`TestAdd (0.00s)`) and its subtests logged,
/// from the indented lines below it.
fn failed_test(header: &str, cur: &mut Cursor<'_>) -> Vec<Item> {
    let name = |h: &str| h.rsplit_once(" (").map_or(h, |(name, _)| name).to_string();
    let mut test = name(header);
    let mut errors: Vec<Diagnostic> = Vec::new();
    for _ in 0..MOST_TRACE_LINES {
        let Some(next) = cur.peek().filter(|l| l.text.starts_with([' ', '\t'])) else {
            break;
        };
        cur.consume(&next);
        let t = next.text.trim();
        if let Some(sub) = t.strip_prefix("--- FAIL: ") {
            test = name(sub);
        } else if let Some((path, line, said)) = logged(t) {
            let mut d = diagnostic(Tool::Go, Severity::Error, said);
            d.set_primary(Span::whole_line(path, line));
            d.push_note(format!("test: {test}"));
            errors.push(d);
        } else if let Some(d) = errors.last_mut().filter(|_| !t.is_empty()) {
            // A message of more than one line.
            d.push_note(t);
        }
    }
    // A test that panicked: the panic below says where.
    let panicked = cur.peek().is_some_and(|l| l.text.starts_with("panic: "));
    if errors.is_empty() && !panicked {
        let mut d = diagnostic(Tool::Go, Severity::Error, &format!("test {test} failed"));
        d.push_note(format!("test: {test}"));
        errors.push(d);
    }
    errors.into_iter().map(Item::Diagnostic).collect()
}

/// `calc_test.go:7: Add(2, 2) = 5; want 4`: the file, the line and what
/// the test said.
fn logged(t: &str) -> Option<(&str, u32, &str)> {
    let (path, rest) = t.split_once(".go:")?;
    let (line, said) = rest.split_once(": ")?;
    (!path.is_empty() && !path.contains(' ')).then_some(())?;
    Some((&t[..path.len() + 3], num(line)?, said))
}

/// Where a panic happened: the first frame of its stacks outside the
/// runtime and `testing`, whose source line (`\t/src/calc/calc.go:7 +0x1b`)
/// follows its function. Reads the stacks up to the first line that is
/// none of theirs.
fn panic_site(cur: &mut Cursor<'_>) -> Option<Span> {
    let mut site = None;
    let mut ours = false;
    for _ in 0..MOST_TRACE_LINES {
        let Some(next) = cur.peek() else { break };
        let t = next.text.as_ref();
        let stack_line = if t.trim().is_empty() {
            cur.peek_second().is_some_and(|l| l.text.starts_with("goroutine "))
        } else {
            t.starts_with('\t') || t.starts_with("goroutine ") || is_frame(t)
        };
        if !stack_line {
            break;
        }
        cur.consume(&next);
        if let Some(source) = t.strip_prefix('\t') {
            if ours && site.is_none() {
                // `/src/calc/calc.go:7 +0x1b`
                site = source.split(" +0x").next().and_then(span_at);
            }
        } else if is_frame(t) {
            let library = ["runtime.", "testing.", "panic(", "created by "];
            ours = !library.iter().any(|p| t.starts_with(p));
        }
    }
    site
}

/// Whether a line names a frame's function (`example.com/m/calc.Middle(...)`,
/// `panic({0x518be0, 0xc00001a1e0})`, `created by testing.(*T).Run`).
fn is_frame(t: &str) -> bool {
    let called = t
        .split_once('(')
        .is_some_and(|(function, _)| !function.is_empty() && !function.contains(' '));
    t.starts_with("created by ") || (called && t.ends_with(')'))
}

#[cfg(test)]
mod tests {
    use crate::Parser;
    use crate::formats::described;

    #[test]
    fn failed_tests_and_a_panic_are_errors_where_they_failed() {
        let log = "--- FAIL: TestAdd (0.00s)\n    calc_test.go:7: Add(2, 2) = 5; want 4\n        and more\n\
                   --- FAIL: TestTable (0.00s)\n    --- FAIL: TestTable/case#01 (0.00s)\n        calc_test.go:15: Add(0, 0) = 1\n\
                   --- FAIL: TestQuiet (0.00s)\n\
                   --- FAIL: TestMiddle (0.00s)\n\
                   panic: runtime error: index out of range [2] with length 2 [recovered]\n\
                   \tpanic: runtime error: index out of range [2] with length 2\n\n\
                   goroutine 10 [running]:\n\
                   testing.tRunner.func1.2({0x518be0, 0xc00001a1e0})\n\t/usr/lib/go/src/testing/testing.go:1396 +0x24e\n\
                   panic({0x518be0, 0xc00001a1e0})\n\t/usr/lib/go/src/runtime/panic.go:884 +0x212\n\
                   example.com/gt/calc.Middle(...)\n\t/src/gt/calc/calc.go:7\n\
                   example.com/gt/calc.TestMiddle(0xc00009a1a0?)\n\t/src/gt/calc/calc_test.go:22 +0x1b\n\
                   created by testing.(*T).Run\n\t/usr/lib/go/src/testing/testing.go:1493 +0x35f\n\
                   FAIL\texample.com/gt/calc\t0.004s\n";
        assert_eq!(
            described(log),
            [
                "calc_test.go:7 Add(2, 2) = 5; want 4 | test: TestAdd | and more",
                "calc_test.go:15 Add(0, 0) = 1 | test: TestTable/case#01",
                "test TestQuiet failed | test: TestQuiet",
                "/src/gt/calc/calc.go:7 panic: runtime error: index out of range [2] with length 2",
            ]
        );
        let analysis = Parser::new().parse_bytes(log.as_bytes());
        assert_eq!(
            analysis.diagnostics()[3].log_range().end() as usize,
            log.find("FAIL\t").unwrap()
        );
        assert_eq!(analysis.directories(), ["example.com/gt/calc"]);
    }
}
