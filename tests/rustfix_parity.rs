//! Differential test against the real `cargo fix`: the same crate, fixed by
//! `cargo fix --allow-no-vcs --broken-code` and by `buildfix fix --compat
//! rustfix` on the JSON of one `cargo build`, ends byte-identical.

mod common;

use common::copy_dir;

use std::path::Path;
use std::process::Command;

fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    common::clean_env(Command::new("cargo").args(args).arg("--offline").current_dir(dir))
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap()
}

#[test]
fn buildfix_matches_cargo_fix_byte_for_byte() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects/rustfix-parity");
    let base = tempfile::tempdir().unwrap();
    let (ours, theirs) = (base.path().join("buildfix"), base.path().join("cargo-fix"));
    copy_dir(&fixture, &ours);
    copy_dir(&fixture, &theirs);

    let build = cargo(&ours, &["build", "--message-format=json"]);
    let log = ours.join("build.json");
    std::fs::write(&log, &build.stdout).unwrap();
    let fixed = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["fix", log.to_str().unwrap(), "--compat", "rustfix", "--root"])
        .arg(&ours)
        .output()
        .unwrap();
    assert_eq!(
        fixed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fixed.stdout)
    );

    let cargo_fix = cargo(&theirs, &["fix", "--allow-no-vcs", "--broken-code"]);
    assert!(
        cargo_fix.status.success(),
        "{}",
        String::from_utf8_lossy(&cargo_fix.stderr)
    );

    let (a, b) = (read_tree(&ours.join("src")), read_tree(&theirs.join("src")));
    for ((name, mine), (_, cargos)) in a.iter().zip(&b) {
        assert_eq!(
            String::from_utf8_lossy(mine),
            String::from_utf8_lossy(cargos),
            "{name} differs from cargo fix"
        );
    }
    assert_ne!(a, read_tree(&fixture.join("src")), "the fixture has fixes to apply");
}
