//! Crash safety: `buildfix fix` killed at points spread over a large batch
//! leaves every file either old or new, and `buildfix undo` restores the
//! originals byte for byte.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const FILES: usize = 400;

fn old_text(i: usize) -> String {
    format!(
        "int value_{i} = {i};\n{}",
        "/* padding to make the file a few KiB */\n".repeat(80)
    )
}

fn new_text(i: usize) -> String {
    old_text(i).replacen("int", "long", 1)
}

/// A project of FILES files and a gcc fix-it log that changes every one.
fn setup(dir: &Path) -> std::path::PathBuf {
    let mut log = String::new();
    for i in 0..FILES {
        std::fs::write(dir.join(format!("f{i}.c")), old_text(i)).unwrap();
        log.push_str(&format!(
            "f{i}.c:1:1: error: use long\nfix-it:\"f{i}.c\":{{1:1-1:4}}:\"long\"\n"
        ));
    }
    let log_path = dir.join("build.log");
    std::fs::write(&log_path, log).unwrap();
    log_path
}

fn undo(root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .arg("undo")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn fix(root: &Path, log: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_buildfix"));
    c.args(["fix", log.to_str().unwrap(), "--root"])
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// How many files are new; panics if one is neither old nor new.
fn count_new(root: &Path) -> usize {
    (0..FILES)
        .filter(|&i| {
            let text = std::fs::read_to_string(root.join(format!("f{i}.c"))).unwrap();
            assert!(
                text == old_text(i) || text == new_text(i),
                "f{i}.c is torn: {:?}",
                &text[..40]
            );
            text == new_text(i)
        })
        .count()
}

/// When to kill the batch, by what can be seen on disk.
#[derive(Clone, Copy, Debug)]
enum KillAt {
    /// Right after the process starts, before any journal.
    Start,
    /// As soon as the journal's manifest exists: writes are about to begin.
    JournalWritten,
    /// As soon as the first file holds its new text: renames under way.
    FirstFileNew,
    /// Never: the batch completes.
    Never,
}

fn journal_written(root: &Path) -> bool {
    std::fs::read_dir(root.join(".buildfix/journal"))
        .map(|d| d.flatten().any(|e| e.path().join("manifest.json").exists()))
        .unwrap_or(false)
}

/// Polls until `ready` or the child exits; true if it is still running.
fn wait_until(child: &mut std::process::Child, ready: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while Instant::now() < deadline {
        if ready() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    panic!("the batch neither progressed nor ended in 30 s");
}

#[test]
fn killed_mid_batch_every_file_is_old_or_new_and_undo_restores_all() {
    let plan = [
        KillAt::Start,
        KillAt::JournalWritten,
        KillAt::FirstFileNew,
        KillAt::Never,
    ];
    let mut outcomes = Vec::new();
    for round in 0..12 {
        let when = plan[round % plan.len()];
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let log = setup(root);
        let mut child = fix(root, &log).spawn().unwrap();
        let running = match when {
            KillAt::Start => true,
            KillAt::JournalWritten => wait_until(&mut child, || journal_written(root)),
            KillAt::FirstFileNew => wait_until(&mut child, || {
                std::fs::read_to_string(root.join("f0.c")).is_ok_and(|t| t == new_text(0))
            }),
            KillAt::Never => false,
        };
        if running {
            let _ = child.kill();
        }
        child.wait().unwrap();
        let changed = count_new(root);
        let undo = undo(root);
        let stderr = String::from_utf8_lossy(&undo.stderr);
        if !undo.status.success() {
            // Killed before the journal was complete: then no file was written yet.
            assert!(stderr.contains("nothing to undo"), "round {round} ({when:?}): {stderr}");
            assert_eq!(changed, 0, "round {round} ({when:?}): files written before the journal");
        }
        assert_eq!(count_new(root), 0, "round {round} ({when:?}): undo restores every file");
        outcomes.push((when, changed));
    }
    eprintln!("kill points (milestone, files written of {FILES}): {outcomes:?}");
    assert!(
        outcomes
            .iter()
            .any(|&(w, n)| matches!(w, KillAt::FirstFileNew) && n > 0),
        "{outcomes:?}"
    );
    assert!(
        outcomes.iter().any(|&(w, n)| matches!(w, KillAt::Never) && n == FILES),
        "{outcomes:?}"
    );
}
