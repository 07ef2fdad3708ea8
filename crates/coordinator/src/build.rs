//! Running the build: stdout and stderr read concurrently, echoed live to
//! the caller's sinks, and kept (merged in arrival order) for parsing.

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What one build printed and how it ended.
pub struct BuildOutput {
    /// stdout and stderr, merged in the order they arrived.
    pub log: Vec<u8>,
    /// How the build exited.
    pub status: ExitStatus,
    /// How long it took.
    pub elapsed: Duration,
}

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

/// Runs `command` in `dir`.
///
/// # Errors
///
/// When the command cannot be started or its output read.
pub fn run(command: &[String], dir: &Path, echo: &mut Echo) -> io::Result<BuildOutput> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no build command"))?;
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let (out_sink, err_sink) = (&mut echo.out, &mut echo.err);
    std::thread::scope(|s| -> io::Result<()> {
        let a = s.spawn(|| pump(&mut stdout, out_sink, &log));
        let b = s.spawn(|| pump(&mut stderr, err_sink, &log));
        a.join().expect("reader thread")?;
        b.join().expect("reader thread")
    })?;
    let status = child.wait()?;
    let log = Arc::try_unwrap(log)
        .map(|m| m.into_inner().unwrap_or_default())
        .unwrap_or_default();
    Ok(BuildOutput {
        log,
        status,
        elapsed: start.elapsed(),
    })
}

/// Copies one stream to its echo and, whole lines at a time, to the log.
fn pump(from: &mut impl Read, echo: &mut Box<dyn Write + Send>, log: &Mutex<Vec<u8>>) -> io::Result<()> {
    let mut buf = [0u8; 64 * 1024];
    let mut pending = Vec::new();
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        // A reader that went away (a closed terminal) does not stop the build.
        let _ = echo.write_all(&buf[..n]).and_then(|()| echo.flush());
        pending.extend_from_slice(&buf[..n]);
        if let Some(last) = pending.iter().rposition(|&b| b == b'\n') {
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            log.extend(pending.drain(..=last));
        }
    }
    let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
    log.extend_from_slice(&pending);
    if !pending.is_empty() && pending.last() != Some(&b'\n') {
        log.push(b'\n');
    }
    Ok(())
}
