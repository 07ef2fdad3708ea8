//! A Java exception's stack trace: a program's uncaught one (`Exception in
//! thread "main" java.lang.IllegalStateException: empty`) or a failed
//! test's as Maven's Surefire prints it (`org.opentest4j.AssertionFailedError:
//! expected: <4> but was: <5>`), then its frames (`\tat
//! com.example.App.main(App.java:4)`). An error at the first frame outside
//! the JDK and the test frameworks, in the file its class's package names
//! (`com/example/App.java`, under a source root); the exception's class is
//! its code.

use super::{Item, MOST_TRACE_LINES, Parsed, diagnostic, num};
use crate::line::{Cursor, Line};
use buildfix_core::{Severity, Span, Tool};

/// Packages whose frames are the JDK's, a test framework's or a build
/// tool's, not the project's.
const LIBRARIES: [&str; 10] = [
    "java.",
    "javax.",
    "jdk.",
    "sun.",
    "com.sun.",
    "org.junit.",
    "junit.",
    "org.opentest4j.",
    "org.apache.maven.",
    "org.gradle.",
];

pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let text = line.text.as_ref();
    let (thread, thrown) = match text.strip_prefix("Exception in thread \"") {
        Some(rest) => {
            let (thread, thrown) = rest.split_once("\" ")?;
            (Some(thread), thrown)
        }
        None => (None, text),
    };
    let (class, message) = match thrown.split_once(": ") {
        Some((class, message)) => (class, Some(message)),
        None => (thrown.trim_end(), None),
    };
    if !is_throwable(class) {
        return None;
    }
    // A line that only names an exception is a trace's when frames follow.
    if thread.is_none() && !cur.peek().is_some_and(|l| l.text.starts_with("\tat ")) {
        return None;
    }
    let mut d = diagnostic(Tool::Java, Severity::Error, message.unwrap_or(class));
    d.set_code(class);
    if let Some(thread) = thread {
        d.push_note(format!("thread: {thread}"));
    }
    let mut site = None;
    for _ in 0..MOST_TRACE_LINES {
        let Some(next) = cur.peek() else { break };
        let t = next.text.as_ref();
        if !(t.starts_with('\t') || t.starts_with("Caused by: ")) {
            break;
        }
        cur.consume(&next);
        if site.is_none() {
            site = t.trim_start().strip_prefix("at ").and_then(frame_site);
        }
        if let Some(cause) = t.strip_prefix("Caused by: ") {
            d.push_note(format!("caused by: {cause}"));
        }
    }
    if let Some(span) = site {
        d.set_primary(span);
    }
    Some(Parsed::one(line, Item::Diagnostic(d)))
}

/// Whether `class` is a qualified or simple Java class name that names an
/// exception or an error (`java.lang.IllegalStateException`, `AssertionError`).
fn is_throwable(class: &str) -> bool {
    let simple = class.rsplit('.').next().unwrap_or(class);
    let named = ["Exception", "Error", "Throwable"].iter().any(|s| simple.ends_with(s));
    let identifier = |part: &str| {
        part.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    named && class.split('.').all(identifier)
}

/// Where the frame `com.example.App.main(App.java:4)` is, when it is the
/// project's: the file in its package's directory (`com/example/App.java`).
fn frame_site(frame: &str) -> Option<Span> {
    let (method, place) = frame.strip_suffix(')')?.split_once('(')?;
    // A module's frames name it first: `java.base/java.util.Objects...`.
    let method = method.rsplit('/').next().unwrap_or(method);
    if LIBRARIES.iter().any(|p| method.starts_with(p)) {
        return None;
    }
    let (file, line) = place.rsplit_once(':')?;
    let class = method.rsplit_once('.')?.0;
    let package = class.rsplit_once('.').map_or("", |(package, _)| package);
    let path = match package {
        "" => file.to_string(),
        package => format!("{}/{file}", package.replace('.', "/")),
    };
    Some(Span::whole_line(path, num(line)?))
}

#[cfg(test)]
mod tests {
    use crate::formats::described;

    #[test]
    fn a_trace_is_an_error_at_the_project_s_first_frame() {
        let log = "Exception in thread \"main\" java.lang.IllegalStateException: no prices\n\
                   \tat java.base/java.util.Objects.requireNonNull(Objects.java:233)\n\
                   \tat com.example.shop.Cart.total(Cart.java:14)\n\
                   \tat com.example.shop.App.main(App.java:5)\n\
                   Caused by: java.io.IOException: gone\n\
                   \t... 2 more\n\
                   [ERROR] adds  Time elapsed: 0.01 s  <<< FAILURE!\n\
                   org.opentest4j.AssertionFailedError: expected: <4> but was: <5>\n\
                   \tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n\
                   \tat CalcTest.adds(CalcTest.java:12)\n\
                   \n\
                   java.lang.IllegalStateException: said in prose, with no frames\n";
        assert_eq!(
            described(log),
            [
                "com/example/shop/Cart.java:14 [java.lang.IllegalStateException] no prices | thread: main | caused by: java.io.IOException: gone",
                "CalcTest.java:12 [org.opentest4j.AssertionFailedError] expected: <4> but was: <5>",
            ]
        );
    }
}
