//! Lines of a log: splitting with memchr, and cleaning what a terminal would
//! not show (CRLF, lone-CR progress bars, ANSI sequences, invalid UTF-8).

use crate::ansi;
use crate::formats::{is_absolute, npm_name_byte};
use buildfix_core::Diagnostic;
use std::borrow::Cow;
use std::cell::Cell;

/// One line of the buffer, cleaned.
pub(crate) struct Line<'a> {
    /// Offset of the first byte of the line.
    pub start: usize,
    /// Offset just past the line terminator (the next line's start).
    pub next: usize,
    /// What a terminal would show, with at most `max_line` bytes of the line.
    pub text: Cow<'a, str>,
    /// Whether the line was longer than the cap and `text` holds only its head.
    pub oversized: bool,
    /// The workspace package whose task printed the line, when a monorepo
    /// runner put it before the line (see [`task_prefix`]).
    pub task: Option<Task>,
}

/// The workspace package whose task printed a line, as a monorepo runner
/// names it before the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Task {
    /// By its name (turbo, lerna): its files are in the directory whose
    /// `package.json` has that name.
    Package(String),
    /// By its directory, relative to where the runner ran (`pnpm -r`): the
    /// task's relative paths are relative to it.
    Directory(String),
}

impl Task {
    /// Says so in `d`: its package, or its relative paths from the
    /// runner's directory (`src/app.ts` in `packages/web` is
    /// `packages/web/src/app.ts`).
    pub fn claim(&self, d: &mut Diagnostic) {
        match self {
            Task::Package(name) => d.set_package(name.as_str()),
            Task::Directory(dir) => d.rename_paths(&mut |path| {
                // `<stdin>` and the like name no file.
                let relative = !is_absolute(path) && !path.starts_with(['\\', '<']);
                relative.then(|| format!("{dir}/{path}"))
            }),
        }
    }
}

impl Line<'_> {
    /// Whether the line shows nothing.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A reading position over a buffer that holds only complete lines (the last
/// one may lack its newline at the end of the log).
///
/// The cursor notes where a reader looked beyond the lines it may take
/// (see [`Looks`]).
#[derive(Clone)]
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    max_line: usize,
    looks: &'a Looks,
}

/// Where a parse asked for lines it could not have.
#[derive(Default)]
pub(crate) struct Looks {
    /// A line past the end of the buffer: in a stream more lines may follow,
    /// so the record must be parsed again once they are there.
    pub past_end: Cell<bool>,
    /// A line above the floor: a scan that could have claimed it (a chunk's
    /// first record, which the previous chunk's scan may leave lines above)
    /// may parse the record otherwise.
    pub past_floor: Cell<bool>,
}

impl<'a> Cursor<'a> {
    /// A cursor at `pos`, which must be a line start, that notes in `looks`
    /// any look past the end of the buffer or above a floor.
    pub fn new(buf: &'a [u8], pos: usize, max_line: usize, looks: &'a Looks) -> Cursor<'a> {
        Cursor {
            buf,
            pos,
            max_line,
            looks,
        }
    }

    fn line_from(&self, start: usize) -> Option<Line<'a>> {
        if start >= self.buf.len() {
            self.looks.past_end.set(true);
            return None;
        }
        let line = line_at(self.buf, start, self.max_line);
        (!line.oversized).then_some(line)
    }

    /// The next line start.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The line at the cursor, without moving. An oversized line ends every
    /// record, so it is never returned here.
    pub fn peek(&self) -> Option<Line<'a>> {
        self.line_from(self.pos)
    }

    /// The line after the one at the cursor, without moving.
    pub fn peek_second(&self) -> Option<Line<'a>> {
        let first = self.peek()?;
        self.line_from(first.next)
    }

    /// Moves past `line`, which must be the line at the cursor.
    pub fn consume(&mut self, line: &Line<'_>) {
        debug_assert_eq!(line.start, self.pos, "consumed a line that is not at the cursor");
        self.pos = line.next;
    }

    /// Takes the line at the cursor.
    pub fn next_line(&mut self) -> Option<Line<'a>> {
        let line = self.peek()?;
        self.pos = line.next;
        Some(line)
    }

    /// The line that ends just before `start`, if it begins at or after `floor`.
    pub fn line_before(&self, start: usize, floor: usize) -> Option<Line<'a>> {
        if start == 0 {
            return None;
        }
        let prev_start = memchr::memrchr(b'\n', &self.buf[..start - 1]).map_or(0, |i| i + 1);
        if start <= floor || prev_start < floor {
            self.looks.past_floor.set(true);
            return None;
        }
        Some(line_at(self.buf, prev_start, self.max_line))
    }
}

/// The start of the line that contains `offset`.
pub(crate) fn line_start(buf: &[u8], offset: usize) -> usize {
    memchr::memrchr(b'\n', &buf[..offset]).map_or(0, |i| i + 1)
}

/// The line that starts at `start`, cleaned.
pub(crate) fn line_at(buf: &[u8], start: usize, max_line: usize) -> Line<'_> {
    let rest = &buf[start..];
    let (len, next) = match memchr::memchr(b'\n', rest) {
        Some(i) => (i, start + i + 1),
        None => (rest.len(), buf.len()),
    };
    let oversized = len > max_line;
    let raw = &rest[..len.min(max_line)];
    let text = clean(raw);
    let (text, task) = match task_prefix(&text) {
        Some((len, task)) => {
            let rest = match text {
                Cow::Borrowed(t) => Cow::Borrowed(&t[len..]),
                Cow::Owned(mut t) => {
                    t.drain(..len);
                    Cow::Owned(t)
                }
            };
            (rest, Some(task))
        }
        None => (text, None),
    };
    Line {
        start,
        next,
        text,
        oversized,
        task,
    }
}

/// The length of the prefix a monorepo runner puts before each line of a
/// task's output, and the workspace package: turbo's `@shop/web:build: `
/// (the package, its task, a colon), `lerna run --stream`'s `@shop/web: `
/// (a scoped package alone: an unscoped one, `web: `, reads like any
/// `error: `) and `pnpm -r`'s `packages/web build: ` (the package's
/// directory, which has a `/`, and its script). Package names are npm's
/// (`web`, `@scope/web`); a task name has a letter and does not start with
/// a digit, so a path and its line (`main.py:12: `, `12:30: `) is not taken
/// for one.
pub(crate) fn task_prefix(text: &str) -> Option<(usize, Task)> {
    let name_char = npm_name_byte;
    let bytes = text.as_bytes();
    let dir = bytes.iter().take_while(|&&b| name_char(b) || b == b'/').count();
    if dir > 0 && bytes[0] != b'/' && bytes[..dir].contains(&b'/') && bytes.get(dir) == Some(&b' ') {
        let end = task_end(bytes, dir + 1)?;
        return Some((end, Task::Directory(text[..dir].trim_end_matches('/').to_string())));
    }
    let mut i = 0;
    let scoped = bytes.first() == Some(&b'@');
    if scoped {
        i = 1 + bytes[1..].iter().take_while(|&&b| name_char(b)).count();
        if i == 1 || bytes.get(i) != Some(&b'/') {
            return None;
        }
        i += 1;
    }
    let name_start = i;
    i += bytes[i..].iter().take_while(|&&b| name_char(b)).count();
    if i == name_start || !bytes[name_start].is_ascii_alphanumeric() || bytes.get(i) != Some(&b':') {
        return None;
    }
    let package = Task::Package(text[..i].to_string());
    if scoped && matches!(bytes.get(i + 1), None | Some(b' ')) {
        return Some(((i + 2).min(bytes.len()), package));
    }
    Some((task_end(bytes, i + 1)?, package))
}

/// Where the prefix ends when a task's name starts at `start`: past the
/// name, its colon and a space.
fn task_end(bytes: &[u8], start: usize) -> Option<usize> {
    let task = &bytes[start..];
    let len = task
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b))
        .count();
    let task = &task[..len];
    // The task ends at its own colon: `build:prod: ` is the task `build:prod`.
    let task = task.strip_suffix(b":")?;
    let after = start + len;
    let task_like = task.first().is_some_and(u8::is_ascii_alphabetic) && !task.contains(&b'.');
    (task_like && matches!(bytes.get(after), None | Some(b' '))).then_some(after + usize::from(after < bytes.len()))
}

/// What a terminal shows of one raw line, without the time stamp a CI
/// service's saved log puts before it.
pub(crate) fn clean(raw: &[u8]) -> Cow<'_, str> {
    // A UTF-8 byte order mark before the log's first line shows nothing.
    let raw = raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw);
    let raw = &raw[ci_prefix_len(raw)..];
    let mut raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    // A lone CR returns the cursor: only the last segment stays visible.
    if let Some(cr) = memchr::memrchr(b'\r', raw) {
        raw = &raw[cr + 1..];
    }
    if memchr::memchr(0x1b, raw).is_some() {
        let mut out = Vec::with_capacity(raw.len());
        ansi::strip_into(raw, &mut out);
        return Cow::Owned(match String::from_utf8(out) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        });
    }
    match std::str::from_utf8(raw) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(raw),
    }
}

/// Whether `line` (a log's first) begins with the prefix a CI service
/// writes (see [`ci_prefix_len`]).
pub(crate) fn is_stamped(line: &[u8]) -> bool {
    ci_prefix_len(line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line)) > 0
}

/// The length of the prefix a CI service writes before each line of a log
/// it keeps: GitHub's and Azure's UTC time stamp
/// (`2026-11-24T10:00:01.1234567Z `), after the job and the step when `gh run
/// view --log` prints it (`build<TAB>Run make<TAB>2026-...Z `), and GitLab's
/// time stamp with its stream (`2026-11-24T10:00:01.123456Z 00O `, `00E+ `
/// for a continued line), Jenkins' bracketed time stamp, and the step and
/// seconds Docker's BuildKit puts before a build step's output
/// (`#8 0.534 `). 0 when the line has none.
pub(crate) fn ci_prefix_len(raw: &[u8]) -> usize {
    let stamped = stamp_len(raw).unwrap_or_else(|| gh_cli_len(raw));
    stamped + buildkit_len(&raw[stamped..]).unwrap_or(0)
}

/// The length of the job, the step and the time stamp `gh run view --log`
/// puts before each line (each of the first two ended by a tab), or 0.
fn gh_cli_len(raw: &[u8]) -> usize {
    let Some(tab) = memchr::memchr(b'\t', raw) else {
        return 0;
    };
    let Some(second) = memchr::memchr(b'\t', &raw[tab + 1..]) else {
        return 0;
    };
    let after = tab + 1 + second + 1;
    stamp_len(&raw[after..]).map_or(0, |len| after + len)
}

/// The length of BuildKit's `#<step> <seconds> ` at the start of `raw`.
fn buildkit_len(raw: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        raw.get(from..)
            .map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count())
    };
    let step = digits(1);
    if raw.first() != Some(&b'#') || step == 0 || raw.get(1 + step) != Some(&b' ') {
        return None;
    }
    let at = 2 + step;
    let whole = digits(at);
    let fraction = match raw.get(at + whole) {
        Some(b'.') => 1 + digits(at + whole + 1),
        _ => 0,
    };
    let end = at + whole + fraction;
    (whole > 0 && fraction > 1 && raw.get(end) == Some(&b' ')).then_some(end + 1)
}

/// The length of an RFC 3339 UTC time stamp at the start of `raw`, with the
/// space after it and a GitLab stream tag (`00O `) if there is one; or of
/// Jenkins' bracketed one (`[2026-11-24T10:00:01.123Z] `).
fn stamp_len(raw: &[u8]) -> Option<usize> {
    if raw.first() == Some(&b'[') {
        let end = 1 + utc_len(&raw[1..])?;
        return (raw.get(end..end + 2) == Some(b"] ")).then_some(end + 2);
    }
    let mut i = utc_len(raw)?;
    if raw.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    let tag = raw
        .get(i..i + 3)
        .filter(|t| t[..2].iter().all(u8::is_ascii_hexdigit) && matches!(t[2], b'O' | b'E'));
    if tag.is_some() {
        let plus = usize::from(raw.get(i + 3) == Some(&b'+'));
        if raw.get(i + 3 + plus) == Some(&b' ') {
            i += 4 + plus;
        }
    }
    Some(i)
}

/// The length of `2026-11-24T10:00:01.1234567Z` (the fraction optional) at
/// the start of `raw`.
fn utc_len(raw: &[u8]) -> Option<usize> {
    const SHAPE: &[u8; 19] = b"0000-00-00T00:00:00";
    let head = raw.get(..SHAPE.len())?;
    let fits = head
        .iter()
        .zip(SHAPE)
        .all(|(&b, &s)| if s == b'0' { b.is_ascii_digit() } else { b == s });
    if !fits {
        return None;
    }
    let mut i = SHAPE.len();
    if raw.get(i) == Some(&b'.') {
        i += 1 + raw[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    }
    (raw.get(i) == Some(&b'Z')).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_crlf_progress_bars_ansi_and_bad_utf8() {
        assert_eq!(clean(b"main.c:1:1: error: x\r"), "main.c:1:1: error: x");
        assert_eq!(clean(b" 10%\r 50%\rerror: done"), "error: done");
        assert_eq!(clean(b"\x1b[1m\x1b[91merror\x1b[0m: y"), "error: y");
        assert_eq!(clean(b"bad \xff byte"), "bad \u{fffd} byte");
        assert_eq!(clean(b"nul\0byte"), "nul\0byte");
        assert_eq!(
            clean("\u{feff}Program.cs(1,1): error".as_bytes()),
            "Program.cs(1,1): error"
        );
    }

    #[test]
    fn drops_the_time_stamps_of_saved_ci_logs() {
        let error = "main.c:3:5: error: x";
        for line in [
            "2026-11-24T10:00:01.1234567Z main.c:3:5: error: x",
            "2026-11-24T10:00:01Z main.c:3:5: error: x",
            "build\tRun make\t2026-11-24T10:00:01.1234567Z main.c:3:5: error: x",
            "2026-11-24T10:00:01.123456Z 00O main.c:3:5: error: x",
            "2026-11-24T10:00:01.123456Z 01E+ main.c:3:5: error: x",
            "2026-11-24T10:00:01.1234567Z \x1b[31mmain.c:3:5: error: x\x1b[0m\r",
            "#8 0.534 main.c:3:5: error: x",
            "[2026-11-24T10:00:01.123Z] main.c:3:5: error: x",
            "2026-11-24T10:00:01.1234567Z #12 10.05 main.c:3:5: error: x",
        ] {
            assert_eq!(clean(line.as_bytes()), error, "{line:?}");
        }
        // What only looks like one stays.
        for line in [
            "2026-11-24 10:00:01 main.c:3:5: error: x",
            "2026-11-24T10:00:01.12 main.c:3:5: error: x",
            "a\tb\tmain.c:3:5: error: x",
            "#8 [build 3/4] RUN make",
            "#8 5 main.c:3:5: error: x",
            "[2026-11-24T10:00:01.123Z]main.c:3:5: error: x",
            "[2026-11-24 10:00:01] main.c:3:5: error: x",
            "2026-11-24T10:00:01Z",
        ] {
            assert_eq!(clean(line.as_bytes()), line, "{line:?}");
        }
        // A tag only counts with its space.
        assert_eq!(clean(b"2026-11-24T10:00:01Z 00Oops"), "00Oops");
    }

    #[test]
    fn reads_the_package_a_monorepo_runner_puts_before_each_line() {
        let at = |line: &str| {
            let line = line_at(line.as_bytes(), 0, 1000);
            let package = match line.task {
                Some(Task::Package(name)) => Some(name),
                _ => None,
            };
            (line.text.into_owned(), package)
        };
        let error = "src/index.ts(6,10): error TS2552: Cannot find name 'summ'.";
        for (line, package) in [
            ("@shop/util:build: ", "@shop/util"),
            ("web:build: ", "web"),
            ("web:build:prod: ", "web"),
            ("\x1b[36mweb:check-types: \x1b[0m", "web"),
        ] {
            assert_eq!(
                at(&format!("{line}{error}")),
                (error.to_string(), Some(package.to_string())),
                "{line:?}"
            );
        }
        assert_eq!(at("@shop/util:build:"), (String::new(), Some("@shop/util".to_string())));
        assert_eq!(
            at(&format!("@shop/util: {error}")),
            (error.to_string(), Some("@shop/util".to_string()))
        );
        assert_eq!(at("@shop/util:"), (String::new(), Some("@shop/util".to_string())));
        // Paths and lines, times, words and C++ names are no prefix.
        for line in [
            "main.py:12: error: x",
            "main.o:main.c:(.text+0x1f): undefined reference to `f'",
            "12:30: x",
            "app/x.py:3: error: x",
            "./main.go:3:4: x",
            "std::vector: x",
            "clang: error: linker command failed",
            "error: x",
            "@:build: x",
            "a.b:c.d: x",
            "web:9lives: x",
            "web:build:x",
            "web: src/index.ts(6,10): error TS2552: x",
            "@shop/util:: x",
        ] {
            assert_eq!(at(line), (line.to_string(), None), "{line:?}");
        }
    }

    #[test]
    fn pnpm_puts_the_package_directory_before_each_line_and_paths_are_read_from_it() {
        let log = "Scope: 2 of 3 workspace projects\n\
                   packages/lib build$ tsc -p .\n\
                   packages/lib build: src/index.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n\
                   packages/lib build: Failed\n\
                   native/addon/ build:types: src/addon.c:3:5: error: 'cuont' undeclared (first use in this function)\n\
                   tools/gen build: /abs/gen.go:3:4: undefined: x\n\
                   src/app.ts(1,1): error TS2304: Cannot find name 'x'.\n";
        let analysis = crate::Parser::new().parse_bytes(log.as_bytes());
        let paths: Vec<&str> = analysis
            .diagnostics()
            .iter()
            .map(|d| d.primary().unwrap().path())
            .collect();
        assert_eq!(
            paths,
            [
                "packages/lib/src/index.ts",
                "native/addon/src/addon.c",
                "/abs/gen.go",
                "src/app.ts"
            ]
        );
        // A directory needs its `/`, and a script its colon.
        for line in [
            "My Project/src/app.ts(1,1): error TS2304: x",
            "lib build: src/a.c:1:1: error: x",
            "/abs/lib build: src/a.c:1:1: error: x",
            "packages/lib build$ tsc -p .",
        ] {
            assert_eq!(line_at(line.as_bytes(), 0, 1000).task, None, "{line:?}");
        }
    }

    #[test]
    fn cursor_walks_forwards_and_back() {
        let buf = b"one\ntwo\r\nthree";
        let looks = Looks::default();
        let mut c = Cursor::new(buf, 0, 100, &looks);
        assert_eq!(c.next_line().unwrap().text, "one");
        let two = c.next_line().unwrap();
        assert_eq!(two.text, "two");
        let three = c.next_line().unwrap();
        assert_eq!((three.text.as_ref(), three.next), ("three", buf.len()));
        assert!(!looks.past_end.get());
        assert!(c.next_line().is_none());
        assert!(looks.past_end.get());
        assert_eq!(c.line_before(three.start, 0).unwrap().text, "two");
        assert!(!looks.past_floor.get());
        assert!(c.line_before(three.start, three.start).is_none());
        assert!(looks.past_floor.get());
        assert_eq!(line_start(buf, 6), 4);
    }

    #[test]
    fn oversized_lines_keep_only_their_head() {
        let buf = b"abcdefgh\nx";
        let l = line_at(buf, 0, 3);
        assert_eq!((l.text.as_ref(), l.oversized, l.next), ("abc", true, 9));
    }
}
