//! What buildfix says while it works. `buildfix run`: on a terminal, a
//! spinner under each build (its output scrolls above it) with the time and
//! lines so far; elsewhere (CI logs), one plain line per step. Parsing a
//! large log: a bar on a terminal.

use buildfix_coordinator::{Echo, Event};
use buildfix_logparse::ProgressHook;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The progress of one run.
#[derive(Clone)]
pub struct Progress {
    shared: Arc<Shared>,
}

struct Shared {
    /// Whether stderr is a terminal that can show a spinner.
    terminal: bool,
    /// The spinner of the build running, if any.
    bar: Mutex<Option<ProgressBar>>,
    /// Lines the running build printed.
    lines: AtomicU64,
}

impl Progress {
    /// Progress shown on stderr; with a spinner when `terminal`.
    pub fn new(terminal: bool) -> Progress {
        Progress {
            shared: Arc::new(Shared {
                terminal,
                bar: Mutex::new(None),
                lines: AtomicU64::new(0),
            }),
        }
    }

    /// Where the build's output goes: stdout and stderr, written above the
    /// spinner; nowhere when `quiet` (the spinner still counts nothing).
    pub fn echo(&self, quiet: bool) -> Echo {
        if quiet {
            return Echo::quiet();
        }
        Echo {
            out: Box::new(Above {
                shared: Arc::clone(&self.shared),
                inner: io::stdout(),
            }),
            err: Box::new(Above {
                shared: Arc::clone(&self.shared),
                inner: io::stderr(),
            }),
        }
    }

    /// Shows one step of the run.
    pub fn event(&self, event: &Event) {
        let shared = &self.shared;
        let mut bar = shared.bar.lock().unwrap_or_else(|e| e.into_inner());
        if let Event::Building { iteration } = event
            && shared.terminal
        {
            shared.lines.store(0, Ordering::Relaxed);
            let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let what = if *iteration == 0 {
                "build".to_string()
            } else {
                format!("rebuild {iteration}")
            };
            spinner.set_style(
                ProgressStyle::with_template("{spinner} buildfix: {prefix} running {elapsed} · {msg}")
                    .expect("a valid template"),
            );
            spinner.set_prefix(what);
            spinner.set_message("0 lines");
            spinner.enable_steady_tick(Duration::from_millis(100));
            *bar = Some(spinner);
        }
        let Some(line) = describe(event) else { return };
        if let Some(spinner) = bar.take() {
            spinner.finish_and_clear();
        }
        let _ = writeln!(io::stderr(), "buildfix: {line}");
    }
}

/// One step in words; the start of a build goes without saying.
fn describe(event: &Event) -> Option<String> {
    Some(match event {
        Event::Building { .. } => return None,
        Event::Built {
            iteration: 0,
            code,
            errors,
            elapsed,
        } => format!(
            "build exited {}: {errors} error(s) ({:.1} s)",
            code.map_or("by a signal".into(), |c| c.to_string()),
            elapsed.as_secs_f64()
        ),
        Event::Built {
            iteration,
            errors,
            elapsed,
            ..
        } => format!(
            "rebuild {iteration}: {errors} error(s) ({:.1} s)",
            elapsed.as_secs_f64()
        ),
        Event::Applied {
            iteration,
            fixes,
            files,
        } => format!("iteration {iteration}: applying {fixes} fix(es) to {files} file(s), then rebuilding"),
        Event::Abandoned { iteration } => {
            format!("iteration {iteration}: stopped before the rebuild finished; its batch is rolled back")
        }
        Event::RolledBack {
            iteration,
            blamed,
            unhelpful,
        } => {
            let mut why = Vec::new();
            if *blamed > 0 {
                why.push(format!("{blamed} fix(es) caused new errors near their edits"));
            }
            if *unhelpful > 0 {
                why.push(format!("{unhelpful} fix(es) left their error in place"));
            }
            format!(
                "iteration {iteration}: {}; the batch is rolled back and tried again without them",
                why.join(", ")
            )
        }
    })
}

/// A stream of the build's output, written above the spinner.
struct Above<W> {
    shared: Arc<Shared>,
    inner: W,
}

impl<W: Write> Write for Above<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let bar = self.shared.bar.lock().unwrap_or_else(|e| e.into_inner());
        match bar.as_ref() {
            Some(spinner) => {
                let new = buf.iter().filter(|&&b| b == b'\n').count() as u64;
                let lines = self.shared.lines.fetch_add(new, Ordering::Relaxed) + new;
                spinner.suspend(|| self.inner.write_all(buf))?;
                spinner.set_message(format!("{lines} lines"));
            }
            None => self.inner.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A progress bar for parsing a log of `total` bytes (a counter when the
/// size is unknown: a pipe). It shows only once parsing has taken a quarter
/// of a second, so a small log parses without a flicker, and it is cleared
/// when the parse is done.
pub fn parsing(total: Option<u64>) -> ProgressHook {
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
    let template = match total {
        Some(_) => "buildfix: parsing {bytes}/{total_bytes} [{wide_bar}] {bytes_per_sec}, {eta} left",
        None => "{spinner} buildfix: parsing {bytes} ({bytes_per_sec})",
    };
    bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
    let bar = bar.with_finish(ProgressFinish::AndClear);
    let started = Instant::now();
    let shown = AtomicBool::new(false);
    ProgressHook(Arc::new(move |bytes| {
        if !shown.load(Ordering::Relaxed) && started.elapsed() > Duration::from_millis(250) {
            shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_position(bytes);
        if Some(bytes) == total {
            bar.finish_and_clear();
        }
    }))
}
