//! Running the build: stdout and stderr read concurrently, echoed live to
//! the caller's sinks, written to the build's log file, and parsed as they
//! arrive, in chunks a bounded channel carries to the parser, so a build
//! that prints gigabytes does not grow memory. The log holds all of stdout,
//! then all of stderr (merged in arrival order, a program's `print` on
//! stdout could land inside its own traceback on stderr: two threads read
//! two pipes); stderr waits in a spill file until stdout is done.

use buildfix_logparse::{Analysis, Parser};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::time::{Duration, Instant};

/// How one build ended.
pub struct BuildOutput {
    /// How the build exited.
    pub status: ExitStatus,
    /// How long it ran: from its start until it exited and its output was
    /// read (parsing what is left after that is buildfix's own time).
    pub elapsed: Duration,
    /// Why it was stopped early, if it was.
    pub interrupted: Option<Interrupt>,
}

/// Why a run stops early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupt {
    /// Ctrl-C or SIGTERM.
    Signal,
    /// The run's deadline passed.
    Timeout,
}

/// When to stop early: a flag a signal handler raises, and a deadline.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    /// Raised (by a signal handler) to stop.
    pub flag: Arc<AtomicBool>,
    /// When the run must end.
    pub deadline: Option<Instant>,
}

impl Cancel {
    /// Why to stop now, if at all.
    pub fn reason(&self) -> Option<Interrupt> {
        if self.flag.load(Ordering::SeqCst) {
            Some(Interrupt::Signal)
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            Some(Interrupt::Timeout)
        } else {
            None
        }
    }
}

/// How often a running build checks whether to stop.
const POLL: Duration = Duration::from_millis(25);
/// How long a stopped build gets to exit after SIGTERM before SIGKILL.
const GRACE: Duration = Duration::from_secs(3);

/// Where the build's output is echoed (the terminal, or nowhere).
pub struct Echo {
    /// Receives the build's stdout.
    pub out: Box<dyn Write + Send>,
    /// Receives the build's stderr.
    pub err: Box<dyn Write + Send>,
}

impl Echo {
    /// Echoes nothing.
    pub fn quiet() -> Echo {
        Echo {
            out: Box::new(io::sink()),
            err: Box::new(io::sink()),
        }
    }
}

/// How the build's output is shown while it runs; the log always keeps it
/// all as printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// As printed.
    Raw,
    /// Cargo JSON on stdout shown as the text it renders to.
    CargoJson,
    /// Without the `fix-it:` lines that an injected
    /// `-fdiagnostics-parseable-fixits` adds.
    WithoutFixits,
}

impl Shown {
    /// What stderr shows: cargo's JSON only ever comes on stdout.
    fn for_stderr(self) -> Shown {
        match self {
            Shown::CargoJson => Shown::Raw,
            other => other,
        }
    }

    /// The shown form of whole lines.
    fn lines(self, lines: &[u8]) -> Vec<u8> {
        match self {
            Shown::Raw => lines.to_vec(),
            Shown::CargoJson => render(lines),
            Shown::WithoutFixits => lines
                .split_inclusive(|&b| b == b'\n')
                .filter(|l| !l.starts_with(b"fix-it:\""))
                .flatten()
                .copied()
                .collect(),
        }
    }
}

/// The toolchains whose commands get flags for machine-readable output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inject {
    /// cargo's build, check, test, run and clippy.
    pub cargo: bool,
    /// gcc and clang called directly.
    pub cc: bool,
}

impl Inject {
    /// Both.
    pub const ALL: Inject = Inject { cargo: true, cc: true };
    /// Neither: commands run as given.
    pub const NONE: Inject = Inject {
        cargo: false,
        cc: false,
    };
}

/// A build command as buildfix runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Injected {
    /// The command.
    pub command: Vec<String>,
    /// How its output is shown.
    pub shown: Shown,
    /// Whether it should find the compiler shims first on its PATH (it may
    /// call gcc or clang itself: make, ninja, a script).
    pub shims: bool,
}

/// The command with machine-readable output asked for, where the tool has
/// it, `which` allows it, and the user did not choose a format. For cargo's
/// `build`, `check`, `test`, `run` and `clippy`,
/// `--message-format=json-diagnostic-rendered-ansi` (or plain `json` without
/// `color`): rustc's suggestions then reach the log, and the echo shows the
/// rendered text, so the user sees what cargo would have printed. For gcc
/// and clang called directly, `-fdiagnostics-parseable-fixits`, which adds a
/// line per fix-it below each diagnostic (not shown, but parsed); any other
/// command gets the same through the compiler shims (see [`crate::shims`]).
pub fn inject(command: &[String], color: bool, which: Inject) -> Injected {
    let (command, shown) = inject_flags(command, color, which);
    let program = command.first().and_then(|p| Path::new(p).file_name());
    let direct = program.is_some_and(|p| p == "cargo" || is_c_compiler(&p.to_string_lossy()));
    let shims = which.cc && !direct;
    let shown = if shims { Shown::WithoutFixits } else { shown };
    Injected { command, shown, shims }
}

/// The command with flags added, and how to show its output.
fn inject_flags(command: &[String], color: bool, which: Inject) -> (Vec<String>, Shown) {
    let program = command
        .first()
        .and_then(|p| Path::new(p).file_name())
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    if is_c_compiler(&program) && which.cc {
        let mut out = command.to_vec();
        if !command.iter().any(|a| a == C_FIXITS) {
            out.insert(1, C_FIXITS.to_string());
            return (out, Shown::WithoutFixits);
        }
        return (out, Shown::Raw);
    }
    let sub = command
        .iter()
        .skip(1)
        .find(|a| !a.starts_with('-') && !a.starts_with('+'));
    let takes = sub.is_some_and(|s| {
        matches!(
            s.as_str(),
            "build" | "b" | "check" | "c" | "test" | "t" | "run" | "r" | "clippy"
        )
    });
    if program != "cargo" || !which.cargo || !takes || command.iter().any(|a| a.starts_with("--message-format")) {
        return (command.to_vec(), Shown::Raw);
    }
    let mut out = command.to_vec();
    // Before a `--` that passes arguments on to the program or the tests.
    let at = out.iter().position(|a| a == "--").unwrap_or(out.len());
    let format = if color {
        "--message-format=json-diagnostic-rendered-ansi"
    } else {
        "--message-format=json"
    };
    out.insert(at, format.to_string());
    (out, Shown::CargoJson)
}

/// The flag gcc and clang print machine-readable fix-its with.
pub(crate) const C_FIXITS: &str = "-fdiagnostics-parseable-fixits";

/// Writes `bytes` to `path` and makes it executable, unless it is already.
pub(crate) fn write_executable(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let executable = |m: &std::fs::Metadata| m.permissions().mode() & 0o111 == 0o111;
    if std::fs::metadata(path).is_ok_and(|m| executable(&m)) && std::fs::read(path).is_ok_and(|b| b == bytes) {
        return Ok(());
    }
    // Written beside it and renamed over it: a build running it meanwhile
    // (another run in the same project) never sees it half written.
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    io::Write::write_all(&mut file, bytes)?;
    file.as_file().set_permissions(std::fs::Permissions::from_mode(0o755))?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether `program` names gcc or clang (`gcc`, `g++-13`,
/// `x86_64-linux-gnu-gcc`, `clang++`, `cc`, `c++`).
fn is_c_compiler(program: &str) -> bool {
    let base = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
    let tool = base.rsplit('-').next().unwrap_or(base);
    matches!(tool, "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++")
}

/// Where a build's output goes besides the echo: the log file, and the
/// parser that reads it while the build runs.
pub struct Capture<'a> {
    /// The log file to write (created, or truncated).
    pub log: &'a Path,
    /// The parser.
    pub parser: &'a Parser,
}

/// Runs `command` in `dir`, echoing its output as `shown` says, writing all
/// of it as printed to the log and parsing it as it comes (see the module
/// documentation); returns how it ended and what the parser found. The
/// build runs in a process group of its own; when `cancel` says stop, the
/// whole group (cargo and its rustc, make and its compilers) gets SIGTERM,
/// and SIGKILL after a grace period.
///
/// # Errors
///
/// When the command cannot be started, its output read, or the log
/// written.
pub fn run(
    command: &[String],
    dir: &Path,
    path: Option<&std::ffi::OsStr>,
    echo: &mut Echo,
    shown: Shown,
    cancel: &Cancel,
    capture: &Capture<'_>,
) -> io::Result<(BuildOutput, Analysis)> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no build command"))?;
    let unwritable = |e: io::Error| {
        io::Error::new(
            e.kind(),
            format!("cannot write the build log {}: {e}", capture.log.display()),
        )
    };
    let mut log = BufWriter::new(File::create(capture.log).map_err(unwritable)?);
    let spill_dir = capture.log.parent().unwrap_or(Path::new("."));
    let mut spill = BufWriter::new(tempfile::tempfile_in(spill_dir).map_err(unwritable)?);
    let start = Instant::now();
    let mut cmd = Command::new(program);
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    let mut child = cmd
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()?;
    let group = Pid::from_raw(i32::try_from(child.id()).expect("a process id fits an i32"));
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let (out_sink, err_sink) = (&mut echo.out, &mut echo.err);
    let (done, finished) = mpsc::channel::<()>();
    let (out_tx, out_rx) = mpsc::sync_channel(IN_FLIGHT);
    let (err_tx, err_rx) = mpsc::sync_channel(IN_FLIGHT);
    let (status, elapsed, interrupted, analysis) = std::thread::scope(|s| -> io::Result<_> {
        let watcher = s.spawn(move || watch(group, cancel, &finished));
        let parsed = s.spawn(|| capture.parser.parse_pair(Chunks::new(out_rx), Chunks::new(err_rx)));
        let (to_log, to_spill) = (&mut log, &mut spill);
        let a = s.spawn(move || pump(&mut stdout, out_sink, shown, to_log, &out_tx));
        let b = s.spawn(move || pump(&mut stderr, err_sink, shown.for_stderr(), to_spill, &err_tx));
        let (out, err) = (a.join().expect("reader thread"), b.join().expect("reader thread"));
        let status = child.wait();
        let elapsed = start.elapsed();
        let _ = done.send(());
        let interrupted = watcher.join().expect("watcher thread");
        let analysis = parsed.join().expect("parser thread");
        out?;
        err?;
        Ok((status?, elapsed, interrupted, analysis?))
    })?;
    let mut spill = spill.into_inner().map_err(io::IntoInnerError::into_error)?;
    spill.rewind()?;
    io::copy(&mut spill, &mut log)?;
    log.into_inner().map_err(io::IntoInnerError::into_error)?;
    let out = BuildOutput {
        status,
        elapsed,
        interrupted,
    };
    Ok((out, analysis))
}

/// Chunks of output the readers may hold for the parser before they wait
/// for it (each the whole lines of one 64 KiB read, or of a long line up to
/// [`MAX_PENDING`]).
const IN_FLIGHT: usize = 64;

/// The most of a line without its end held back for the echo; past it the
/// line goes on as it came.
const MAX_PENDING: usize = 1 << 20;

/// The chunks a channel brings, read as one stream.
struct Chunks {
    from: Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
}

impl Chunks {
    fn new(from: Receiver<Vec<u8>>) -> Chunks {
        Chunks {
            from,
            chunk: Vec::new(),
            at: 0,
        }
    }
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.from.recv() {
                Ok(chunk) => (self.chunk, self.at) = (chunk, 0),
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Until the build ends (`finished` hears of it), checks `cancel`; when it
/// says stop, terminates the build's process group and says why.
fn watch(group: Pid, cancel: &Cancel, finished: &mpsc::Receiver<()>) -> Option<Interrupt> {
    loop {
        match finished.recv_timeout(POLL) {
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            _ => return None,
        }
        if let Some(why) = cancel.reason() {
            let _ = killpg(group, Signal::SIGTERM);
            if finished.recv_timeout(GRACE).is_err() {
                let _ = killpg(group, Signal::SIGKILL);
            }
            return Some(why);
        }
    }
}

/// Copies one stream to its echo, to `log` and to the parser, in whole
/// lines (a last line without a newline gets one).
fn pump(
    from: &mut impl Read,
    echo: &mut Box<dyn Write + Send>,
    shown: Shown,
    log: &mut impl Write,
    parser: &SyncSender<Vec<u8>>,
) -> io::Result<()> {
    let mut buf = [0u8; 64 * 1024];
    let mut pending = Vec::new();
    // A log that cannot be written (a full disk) is reported when the
    // build ends: the pipe is still drained, or the build would block.
    let mut failed = None;
    let mut keep = |lines: Vec<u8>| {
        if failed.is_none() {
            match log.write_all(&lines) {
                // The parser cannot fail on these chunks.
                Ok(()) => drop(parser.send(lines)),
                Err(e) => failed = Some(io::Error::new(e.kind(), format!("cannot write the build's log: {e}"))),
            }
        }
    };
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        pending.extend_from_slice(&buf[..n]);
        if shown == Shown::Raw {
            show(echo, &buf[..n]);
        }
        if let Some(last) = pending.iter().rposition(|&b| b == b'\n') {
            let rest = pending.split_off(last + 1);
            let lines = std::mem::replace(&mut pending, rest);
            if shown != Shown::Raw {
                show(echo, &shown.lines(&lines));
            }
            keep(lines);
        } else if pending.len() > MAX_PENDING {
            // Part of a very long line: shown as it came.
            if shown != Shown::Raw {
                show(echo, &pending);
            }
            keep(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        if pending.last() != Some(&b'\n') {
            pending.push(b'\n');
        }
        if shown != Shown::Raw {
            show(echo, &shown.lines(&pending));
        }
        keep(pending);
    }
    failed.map_or(Ok(()), Err)
}

/// Writes to the echo; a reader that went away (a closed terminal) does not
/// stop the build.
fn show(echo: &mut Box<dyn Write + Send>, bytes: &[u8]) {
    let _ = echo.write_all(bytes).and_then(|()| echo.flush());
}

/// What a terminal shows for cargo's JSON lines: the rendered text of
/// compiler messages, nothing for other JSON, other lines as they are.
fn render(lines: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.len() / 4);
    for line in lines.split_inclusive(|&b| b == b'\n') {
        if !line.starts_with(b"{") {
            out.extend_from_slice(line);
            continue;
        }
        let rendered = serde_json::from_slice::<serde_json::Value>(line).ok().and_then(|v| {
            v.pointer("/message/rendered")
                .and_then(|r| r.as_str())
                .map(str::to_string)
        });
        if let Some(text) = rendered {
            out.extend_from_slice(text.as_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inject_all(command: &[String], color: bool) -> (Vec<String>, Shown) {
        inject_flags(command, color, Inject::ALL)
    }

    #[test]
    fn builds_that_call_compilers_themselves_get_the_shims() {
        let make = strings(&["make", "-j2"]);
        let injected = inject(&make, false, Inject::ALL);
        assert_eq!(
            (injected.command, injected.shown, injected.shims),
            (make.clone(), Shown::WithoutFixits, true)
        );
        assert!(!inject(&make, false, Inject { cargo: true, cc: false }).shims);
        assert!(!inject(&strings(&["cargo", "build"]), false, Inject::ALL).shims);
        assert!(!inject(&strings(&["/usr/bin/gcc", "-c", "a.c"]), false, Inject::ALL).shims);
    }

    #[test]
    fn only_the_chosen_toolchains_get_flags() {
        let cargo = strings(&["cargo", "build"]);
        let gcc = strings(&["gcc", "-c", "a.c"]);
        let only_cc = Inject { cargo: false, cc: true };
        assert_eq!(inject_flags(&cargo, false, only_cc), (cargo.clone(), Shown::Raw));
        assert_eq!(inject_flags(&gcc, false, only_cc).1, Shown::WithoutFixits);
        assert_eq!(inject_flags(&gcc, false, Inject::NONE), (gcc.clone(), Shown::Raw));
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cargo_builds_get_json_messages_unless_a_format_is_chosen() {
        let (cmd, shown) = inject_all(&strings(&["cargo", "build", "--release"]), true);
        assert_eq!(shown, Shown::CargoJson);
        assert_eq!(
            cmd,
            strings(&[
                "cargo",
                "build",
                "--release",
                "--message-format=json-diagnostic-rendered-ansi"
            ])
        );
        let (cmd, _) = inject_all(&strings(&["cargo", "+nightly", "test", "--", "--nocapture"]), false);
        assert_eq!(
            cmd,
            strings(&[
                "cargo",
                "+nightly",
                "test",
                "--message-format=json",
                "--",
                "--nocapture"
            ])
        );
        assert_eq!(
            inject_all(&strings(&["cargo", "build", "--message-format=short"]), true).1,
            Shown::Raw
        );
        assert_eq!(inject_all(&strings(&["cargo", "fmt"]), true).1, Shown::Raw);
        assert_eq!(inject_all(&strings(&["make"]), true).1, Shown::Raw);
    }

    #[test]
    fn c_compilers_get_parseable_fixits_once() {
        for cc in [
            "gcc",
            "/usr/bin/g++-13",
            "x86_64-linux-gnu-gcc",
            "clang++",
            "cc",
            "clang-18",
        ] {
            let (cmd, shown) = inject_all(&strings(&[cc, "-c", "main.c"]), true);
            assert_eq!(cmd, strings(&[cc, C_FIXITS, "-c", "main.c"]), "{cc}");
            assert_eq!(shown, Shown::WithoutFixits);
        }
        // Asked for by the user: left as given, and shown.
        let given = strings(&["gcc", C_FIXITS, "-c", "main.c"]);
        assert_eq!(inject_all(&given, true), (given, Shown::Raw));
        for other in ["make", "gccgo-wrapper", "javac", "tcc"] {
            assert_eq!(
                inject_all(&strings(&[other, "x.c"]), true).0,
                strings(&[other, "x.c"]),
                "{other}"
            );
        }
    }

    #[test]
    fn json_lines_show_as_their_rendered_text() {
        let lines = b"{\"reason\":\"compiler-message\",\"message\":{\"rendered\":\"error: x\\n\"}}\n{\"reason\":\"build-finished\"}\nplain\n";
        assert_eq!(render(lines), b"error: x\nplain\n");
    }

    #[test]
    fn injected_fixit_lines_are_not_shown() {
        let lines = b"main.c:3:1: note: include\nfix-it:\"main.c\":{3:1-3:1}:\"#include <stdlib.h>\\n\"\ncc1: done";
        assert_eq!(
            Shown::WithoutFixits.lines(lines),
            b"main.c:3:1: note: include\ncc1: done"
        );
        assert_eq!(Shown::Raw.lines(lines), lines);
    }
}
