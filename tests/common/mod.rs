//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The project's fixture directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies a directory tree, making every file writable (fixtures may be
/// read-only where they were copied from).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            let mut perms = std::fs::metadata(&target).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms).unwrap();
        }
    }
}

/// A writable copy of the fixture project `name` (below `tests/fixtures`).
pub fn project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join(name), dir.path());
    dir
}

/// A project whose one file is `at` (`src/main.c`), a copy of the fixture
/// file `source`: a clone laid out otherwise than where a log was written.
pub fn project_with(source: &str, at: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join(at);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(fixtures().join(source), to).unwrap();
    dir
}

/// Gives a nested build a clean environment: the variables `cargo test`
/// sets for this test (jobserver, package metadata, build-script output)
/// make a nested `cargo fix` fail, and belong to no build under test.
pub fn clean_env(cmd: &mut std::process::Command) -> &mut std::process::Command {
    let keep = [
        "PATH",
        "HOME",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUSTUP_TOOLCHAIN",
        "TMPDIR",
        "LANG",
        "LC_ALL",
    ];
    cmd.env_clear()
        .envs(std::env::vars().filter(|(k, _)| keep.contains(&k.as_str())))
        .stdin(std::process::Stdio::null())
}
