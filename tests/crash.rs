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

#[test]
fn killed_mid_batch_every_file_is_old_or_new_and_undo_restores_all() {
    // How long an uninterrupted batch takes here.
    let probe = tempfile::tempdir().unwrap();
    let log = setup(probe.path());
    let start = Instant::now();
    assert!(fix(probe.path(), &log).status().unwrap().success());
    let full = start.elapsed();
    assert_eq!(count_new(probe.path()), FILES);

    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut outcomes = Vec::new();
    for round in 0..12 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Spread the kill points over the whole run, and a little past it.
        let delay = full.mul_f64((seed % 1100) as f64 / 1000.0);
        let dir = tempfile::tempdir().unwrap();
        let log = setup(dir.path());
        let mut child = fix(dir.path(), &log).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let changed = count_new(dir.path());
        let undo = undo(dir.path());
        let stderr = String::from_utf8_lossy(&undo.stderr);
        if !undo.status.success() {
            // Killed before the journal was complete: then no file was written yet.
            assert!(stderr.contains("nothing to undo"), "round {round}: {stderr}");
            assert_eq!(changed, 0, "round {round}: files written before the journal");
        }
        assert_eq!(count_new(dir.path()), 0, "round {round}: undo restores every file");
        outcomes.push((delay, changed));
    }
    eprintln!("kill points (delay, files written): {outcomes:?}");
    // The kill points did fall before and after writes began.
    assert!(outcomes.iter().any(|&(_, n)| n == 0), "{outcomes:?}");
    assert!(outcomes.iter().any(|&(_, n)| n > 0), "{outcomes:?}");
}
