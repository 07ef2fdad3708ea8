//! `buildfix run` on real projects with the real compilers: red to green
//! (or to fewer errors), fixes proven by rebuilds, wrong fixes rolled back.

mod common;

use common::project;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, extra: &[&str], build: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .arg("run")
        .arg("--quiet")
        .arg("--root")
        .arg(dir)
        .args(extra)
        .arg("--")
        .args(build)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stats(dir: &Path) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["stats", "--format", "json", "--root"])
        .arg(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn csharp_goes_green_over_iterations_with_mcs() {
    let dir = project("corpus/csharp-errors");
    let sources = |dir: &Path| ["Program.cs", "Util.cs"].map(|f| std::fs::read(dir.join(f)).unwrap());
    let original = sources(dir.path());
    let o = run(dir.path(), &[], &["mcs", "-out:app.exe", "Program.cs", "Util.cs"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("the build passes (2 error(s) at the start"), "{err}");
    // mcs stops at its first errors: it takes several iterations.
    assert!(err.contains("iteration 3:"), "{err}");
    let s = stats(dir.path());
    assert_eq!(s["runs"], 1);
    let fixed: u64 = s["origins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["fixed"].as_u64().unwrap())
        .sum();
    assert!(fixed >= 6, "{s}");
    // Every kept batch is in the journal: `undo --run` takes them all back.
    let undo = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["undo", "--run", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(undo.status.success(), "{}", stderr(&undo));
    let undone = String::from_utf8_lossy(&undo.stdout).matches("undid batch").count();
    assert!(undone >= 3, "{}", String::from_utf8_lossy(&undo.stdout));
    assert_eq!(sources(dir.path()), original);
}

#[test]
fn java_needs_fewer_rebuilds_than_fixes() {
    let dir = project("corpus/java-symbols2");
    let o = run(dir.path(), &[], &["javac", "-d", "out", "src/com/example/App.java"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "one type error needs a person: {err}");
    assert!(err.contains("1 error(s) left that buildfix has no fix for (6 error(s) at the start, 2 build(s), 5 fix(es) kept, 0 rolled back)"), "{err}");
    let app = std::fs::read_to_string(dir.path().join("src/com/example/App.java")).unwrap();
    assert!(
        app.contains("import java.util.List;") && app.contains("names.size() + label"),
        "{app}"
    );
}

/// The Java corpus project built by javac with fixes from the test pattern
/// library `library` (under tests/fixtures); the project and what buildfix
/// said.
fn javac_with_library(library: &str) -> (tempfile::TempDir, String) {
    let dir = project("corpus/java-symbols2");
    let library = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(library);
    let o = run(
        dir.path(),
        &["--patterns", library.to_str().unwrap()],
        &["javac", "-d", "out", "src/com/example/App.java"],
    );
    let err = stderr(&o);
    (dir, err)
}

/// How often fixes from `origin` fixed their error, and how often they were
/// tried, by the learning store.
fn record_of(dir: &Path, origin: &str) -> (Option<u64>, Option<u64>) {
    let s = stats(dir);
    let record = s["origins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["origin"] == origin)
        .unwrap_or_else(|| panic!("no record of {origin}: {s}"));
    (record["fixed"].as_u64(), record["tried"].as_u64())
}

#[test]
fn a_fix_that_makes_things_worse_is_rolled_back_and_the_rest_kept() {
    let (dir, err) = javac_with_library("wrong-patterns");
    assert!(
        err.contains("1 fix(es) caused new errors near their edits; the batch is rolled back"),
        "{err}"
    );
    assert!(
        err.contains("[test.wrong-list-import] (regressed: it caused a new error)"),
        "{err}"
    );
    let app = std::fs::read_to_string(dir.path().join("src/com/example/App.java")).unwrap();
    assert!(!app.contains("java.util.nowhere"), "the wrong import is gone: {app}");
    for kept in [
        "import java.util.ArrayList;",
        "import java.util.Map;",
        "import java.util.HashMap;",
    ] {
        assert!(app.contains(kept), "the other fixes of the batch are kept: {app}");
    }
    assert_eq!(record_of(dir.path(), "test.wrong-list-import"), (Some(0), Some(1)));
}

#[test]
fn a_fix_that_leaves_its_error_in_place_is_rolled_back_and_the_rest_kept() {
    let (dir, err) = javac_with_library("unhelpful-patterns");
    assert!(
        err.contains("iteration 1: 1 fix(es) left their error in place; the batch is rolled back"),
        "{err}"
    );
    assert!(
        err.contains("[test.unhelpful-map-import] (not fixed: the rebuild still reported its error)"),
        "{err}"
    );
    // The retry imports the right Map, with the other three of the batch.
    assert!(err.contains("3 build(s), 4 fix(es) kept, 1 rolled back"), "{err}");
    let app = std::fs::read_to_string(dir.path().join("src/com/example/App.java")).unwrap();
    assert!(!app.contains("java.util.Set"), "the unhelpful import is gone: {app}");
    assert!(
        app.starts_with(
            "package com.example;\n\nimport java.util.ArrayList;\nimport java.util.HashMap;\nimport java.util.List;\nimport java.util.Map;\n\npublic class App {"
        ),
        "{app}"
    );
    assert_eq!(record_of(dir.path(), "test.unhelpful-map-import"), (Some(0), Some(1)));
}

#[test]
fn a_green_build_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.c"), "int main(void) { return 0; }\n").unwrap();
    let o = run(dir.path(), &[], &["gcc", "-c", "ok.c", "-o", "ok.o"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("the build passes (0 error(s) at the start, 1 build(s), 0 fix(es) kept"));
}

#[test]
fn a_command_that_cannot_start_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &[], &["no-such-compiler-here", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot run `no-such-compiler-here x`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_state_directory_that_cannot_be_made_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.c"), "int main(void) { return 0; }\n").unwrap();
    let state = dir.path().join("state");
    std::fs::write(&state, "a file where the directory would go").unwrap();
    let o = run(
        dir.path(),
        &["--state", state.to_str().unwrap()],
        &["gcc", "-c", "ok.c", "-o", "ok.o"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("cannot keep buildfix's state in {}", state.display())),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("(--state DIR keeps it elsewhere)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_dry_run_says_a_fix_is_known_not_that_it_did_not_hold() {
    let dir = project("../../examples/broken-c");
    let gcc = [
        "gcc",
        "-Wall",
        "-Werror=implicit-function-declaration",
        "-c",
        "main.c",
        "-o",
        "main.o",
    ];
    let o = run(dir.path(), &["--dry-run"], &gcc);
    assert_said(
        o.status.code(),
        &stderr(&o),
        1,
        &["the diff above is what a run would try first", "fix known"],
    );
    assert!(!stderr(&o).contains("did not hold"), "{}", stderr(&o));
}

#[test]
fn the_shipped_example_goes_green() {
    let dir = project("../../examples/broken-c");
    let o = run(
        dir.path(),
        &[],
        &[
            "gcc",
            "-Wall",
            "-Werror=implicit-function-declaration",
            "-c",
            "main.c",
            "-o",
            "main.o",
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("the build passes (5 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)"),
        "{err}"
    );
    let main = std::fs::read_to_string(dir.path().join("main.c")).unwrap();
    assert!(
        main.contains("#include <string.h>")
            && main.contains("#include <stdlib.h>")
            && main.contains("square(count) + 1;"),
        "{main}"
    );
    // `git add -A` after the run adds the fixes, not buildfix's state.
    let ignore = std::fs::read_to_string(dir.path().join(".buildfix/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
}

/// `buildfix run [extra] -- cargo [args]` on `dir`, with cargo's target
/// directory in it and without the jobserver of the cargo running the tests.
fn run_cargo(dir: &Path, extra: &[&str], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .arg("run")
        .args(extra)
        .arg("--root")
        .arg(dir)
        .args(["--", "cargo"])
        .args(args)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("CARGO_MAKEFLAGS")
        .output()
        .unwrap()
}

#[test]
fn cargo_goes_green_with_rustc_suggestions_through_injected_json() {
    let dir = project("corpus/rust-resolve");
    for log in ["build.log", "build-json.log", "build-color.log"] {
        std::fs::remove_file(dir.path().join(log)).unwrap();
    }
    let o = run_cargo(dir.path(), &[], &["build", "--offline"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // rustc's errors hide later ones (E0384, E0596): a second iteration fixes those.
    assert!(
        err.contains("the build passes (6 error(s) at the start, 3 build(s), 7 fix(es) kept, 0 rolled back)"),
        "{err}"
    );
    // What the user saw is cargo's rendered text, not its JSON.
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("error[E0425]") && !out.contains("\"reason\":"), "{out}");
}

#[test]
fn cargo_imports_items_of_a_workspace_crate_rustc_does_not_offer() {
    let dir = project("projects/rust-workspace");
    let main = dir.path().join("app/src/main.rs");
    let original = std::fs::read(&main).unwrap();
    let o = run_cargo(dir.path(), &["--quiet"], &["build", "--offline"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("add `use shopcore::money::cents;` [rust.import-from-dependency]"),
        "{err}"
    );
    assert_eq!(
        changes(dir.path(), "app/src/main.rs", &original),
        [
            "+use shopcore::Basket;",
            "+use shopcore::money::cents;",
            "+",
            "-    let s = cents(b.totl());",
            "+    let s = cents(b.total());",
        ]
    );
}

/// `buildfix run --quiet -- cargo build --offline` on a copy of `fixture`:
/// the copy, its exit code, its report, and the lines it changed in
/// `src/main.rs`.
fn cargo_fixing(fixture: &str) -> (tempfile::TempDir, Option<i32>, String, Vec<String>) {
    let dir = project(fixture);
    let original = std::fs::read(dir.path().join("src/main.rs")).unwrap();
    let o = run_cargo(dir.path(), &["--quiet"], &["build", "--offline"]);
    let changed = changes(dir.path(), "src/main.rs", &original);
    (dir, o.status.code(), stderr(&o), changed)
}

#[test]
fn cargo_tries_each_import_rustc_offers_until_one_builds_and_keeps_the_others() {
    let (_dir, code, err, changed) = cargo_fixing("projects/rust-error-imports");
    assert_eq!(code, Some(0), "{err}");
    for said in [
        "the build passes (2 error(s) at the start, 5 build(s), 3 fix(es) kept, 2 rolled back)",
        "consider importing one of these items: `use std::fmt::Error;` [compiler] (regressed: it caused a new error)",
    ] {
        assert!(err.contains(said), "{said}\n{err}");
    }
    assert_eq!(
        changed,
        [
            "+use std::fs::File;",
            "+use std::io::Error;",
            "+use std::io::Read;",
            "+"
        ]
    );
}

#[test]
fn an_error_in_a_path_dependency_outside_the_root_is_said_to_be_there() {
    // The root is `app`; its dependency `dep` sits beside it, and its error
    // is no file of the project's.
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "dep/Cargo.toml",
        "[package]\nname = \"dep\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write("dep/src/lib.rs", "pub fn f() -> u32 {\n    y\n}\n");
    write(
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ndep = { path = \"../dep\" }\n",
    );
    write("app/src/main.rs", "fn main() {\n    println!(\"{}\", dep::f());\n}\n");
    let o = run_cargo(&dir.path().join("app"), &["--quiet"], &["build", "--offline"]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        1,
        &[
            "error[E0425]: cannot find value `y` in this scope — in a file outside the root, which buildfix does not edit, first error in the build",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dep/src/lib.rs")).unwrap(),
        "pub fn f() -> u32 {\n    y\n}\n"
    );
}

#[test]
fn a_derive_joins_the_list_and_a_fix_to_fill_in_is_shown_not_written() {
    let (_dir, code, err, changed) = cargo_fixing("projects/rust-derive-and-match");
    assert_said(
        code,
        &err,
        1,
        &[
            "(4 error(s) at the start, 3 build(s), 4 fix(es) kept, 0 rolled back)",
            ": non-exhaustive patterns: `&Shape::Line(_, _)` not covered — first error in the build",
            "      at src/main.rs:14:11\n",
            "      rustc suggests, with a placeholder to fill in: `, &Shape::Line(_, _) => todo!()`",
        ],
    );
    assert_eq!(changed[..2], ["-#[derive(Clone)]", "+#[derive(Clone, Debug)]"]);
    assert!(!changed.iter().any(|l| l.contains("todo!()")), "{changed:?}");
}

#[test]
fn failed_tests_are_left_where_they_panicked() {
    let dir = project("projects/rust-failing-tests");
    let original = std::fs::read(dir.path().join("src/lib.rs")).unwrap();
    let o = run_cargo(dir.path(), &["--quiet"], &["test", "--offline"]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        1,
        &[
            "5 error(s) left that buildfix has no fix for (5 error(s) at the start, 1 build(s)",
            // Which test panics first varies from run to run.
            "  error: panicked: assertion <type> failed — ",
            "2 occurrences in 1 file\n      first at src/lib.rs:2",
            // The values the assertion compared.
            "failed\n        left: ",
            "      at src/lib.rs:13:5 in tests::takes_the_middle\n",
            "  error: panicked: index out of bounds: the len is 2 but the index is 2 — ",
            "  error: panicked: found Some(1) — ",
            "      at src/lib.rs:33:9 in tests::finds_none_in_odds\n",
        ],
    );
    assert_eq!(std::fs::read(dir.path().join("src/lib.rs")).unwrap(), original);
}

#[test]
fn rustc_imports_go_among_the_use_lines_and_privacy_is_advice() {
    let (dir, code, err, changed) = cargo_fixing("projects/rust-modules");
    assert_said(
        code,
        &err,
        1,
        &[
            "3 error(s) left that buildfix has no fix for (5 error(s) at the start, 2 build(s), 2 fix(es) kept",
            "      `price` is private to the module that defines `Item`: make it `pub(crate)` (or `pub`) there",
            "      `total` is private to the module that defines it",
        ],
    );
    let main = std::fs::read_to_string(dir.path().join("src/main.rs")).unwrap();
    assert!(
        main.starts_with(
            "mod store;\n\nuse crate::store::item::Item;\nuse std::fs::File;\nuse std::io::Read;\nuse store::Store;\n"
        ),
        "{main}"
    );
    assert_eq!(changed.len(), 2);
}

#[test]
fn clippy_lints_made_errors_are_fixed_but_never_with_placeholders() {
    let dir = project("projects/clippy-lints");
    let original = std::fs::read(dir.path().join("src/main.rs")).unwrap();
    let clippy = |apply: &str| {
        let clippy = ["clippy", "--offline", "--", "-D", "warnings"];
        let o = run_cargo(dir.path(), &["--quiet", "--apply", apply], &clippy);
        (o.status.code(), stderr(&o))
    };
    let (code, err) = clippy("maybe");
    assert_said(
        code,
        &err,
        1,
        &[
            "(5 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "1 of them come with a suggestion of unspecified safety: `--apply all` tries those too",
        ],
    );
    // `&Vec<i32>` to `&[i32]` is of unspecified safety; the range loop's
    // `for <item> in &xs` has placeholders, and is never written.
    let (code, err) = clippy("all");
    assert_said(code, &err, 1, &[]);
    assert!(
        err.contains("[clippy::ptr_arg]") && err.contains("1 fix(es) kept, 0 rolled back"),
        "{err}"
    );
    assert_eq!(
        changes(dir.path(), "src/main.rs", &original),
        [
            "-fn total(xs: &Vec<i32>) -> i32 {",
            "+fn total(xs: &[i32]) -> i32 {",
            "-        sum = sum + xs[i];",
            "+        sum += xs[i];",
            "-    return sum;",
            "+    sum",
            "-    if xs.len() == 0 {",
            "+    if xs.is_empty() {",
        ]
    );
}

/// A gcc build of the shipped example whose rebuilds hang: the first build
/// leaves a marker.
const HANGING_REBUILD: [&str; 3] = [
    "sh",
    "-c",
    "gcc -fdiagnostics-parseable-fixits -Wall -Werror=implicit-function-declaration -c main.c -o main.o; \
     r=$?; if [ -f .built ]; then sleep 20; fi; touch .built; exit $r",
];

/// `buildfix run` of [`HANGING_REBUILD`], started in the background.
fn hanging_rebuild(dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["run", "--quiet", "--root"])
        .arg(dir)
        .arg("--")
        .args(HANGING_REBUILD)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until buildfix has written its batch (main.c changed) and the
/// rebuild is under way.
fn wait_for_batch(dir: &Path, original: &[u8]) {
    let start = std::time::Instant::now();
    while std::fs::read(dir.join("main.c")).unwrap() == original || !dir.join(".built").exists() {
        assert!(start.elapsed().as_secs() < 30, "no batch was written");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
}

fn signal(child: &std::process::Child, name: &str) {
    // The shell's own `kill`: no kill binary needed.
    let ok = Command::new("sh")
        .args(["-c", &format!("kill {name} {}", child.id())])
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn sigterm_during_a_rebuild_stops_the_build_and_rolls_the_batch_back() {
    let dir = project("../../examples/broken-c");
    let original = std::fs::read(dir.path().join("main.c")).unwrap();
    let child = hanging_rebuild(dir.path());
    wait_for_batch(dir.path(), &original);
    let started = std::time::Instant::now();
    signal(&child, "-TERM");
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    // The hanging rebuild (its `sleep` included) was stopped, not waited for.
    assert!(started.elapsed().as_secs() < 10, "{err}");
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted with 5 error(s) left"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("main.c")).unwrap(), original);
}

#[test]
fn killed_during_a_batch_then_undo_restores_the_tree_byte_for_byte() {
    let dir = project("../../examples/broken-c");
    let original = std::fs::read(dir.path().join("main.c")).unwrap();
    let mut child = hanging_rebuild(dir.path());
    wait_for_batch(dir.path(), &original);
    signal(&child, "-KILL");
    child.wait().unwrap();
    assert_ne!(std::fs::read(dir.path().join("main.c")).unwrap(), original);
    let out = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["undo", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.path().join("main.c")).unwrap(), original);
}

#[test]
fn timeout_stops_a_hanging_rebuild_and_dry_run_writes_nothing() {
    let dir = project("../../examples/broken-c");
    let original = std::fs::read(dir.path().join("main.c")).unwrap();
    let o = run(dir.path(), &["--dry-run"], &HANGING_REBUILD);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let diff = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(diff.starts_with("diff --git a/main.c b/main.c\n"), "{diff}");
    assert!(diff.contains("+#include <string.h>"), "{diff}");
    assert_eq!(std::fs::read(dir.path().join("main.c")).unwrap(), original);
    assert!(!dir.path().join(".buildfix").exists(), "a dry run wrote state");
    std::fs::remove_file(dir.path().join(".built")).unwrap();

    let started = std::time::Instant::now();
    let o = run(dir.path(), &["--timeout", "2s"], &HANGING_REBUILD);
    let err = stderr(&o);
    assert!(started.elapsed().as_secs() < 12, "{err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("--timeout passed with"), "{err}");
    assert!(
        err.contains("stopped before the rebuild finished; its batch is rolled back"),
        "{err}"
    );
    assert_eq!(std::fs::read(dir.path().join("main.c")).unwrap(), original);
}

/// The lines a run removed and added in `file`, as `-line` and `+line`.
fn changes(dir: &Path, file: &str, original: &[u8]) -> Vec<String> {
    let now = std::fs::read(dir.join(file)).unwrap();
    buildfix_fix::unified_diff(file, original, &now)
        .lines()
        .filter(|l| (l.starts_with('-') || l.starts_with('+')) && !l.starts_with("---") && !l.starts_with("+++"))
        .map(str::to_string)
        .collect()
}

/// Checks a run's exit code and that its report says each of `phrases`.
fn assert_said(code: Option<i32>, err: &str, expected: i32, phrases: &[&str]) {
    assert_eq!(code, Some(expected), "{err}");
    for phrase in phrases {
        assert!(err.contains(phrase), "{phrase:?} is not in:\n{err}");
    }
}

/// [`run_fixing`] with nothing to prepare, whose exit code and stderr are
/// as [`assert_said`] checks them; the lines it changed.
fn fixed(fixture: &str, file: &str, build: &[&str], code: i32, said: &[&str]) -> Vec<String> {
    let (got, err, changed) = run_fixing(fixture, file, build, |_| {});
    assert_said(got, &err, code, said);
    changed
}

/// The lines a run added (of those `run_fixing` returns), without their
/// indentation.
fn added(changed: &[String]) -> Vec<&str> {
    changed
        .iter()
        .filter_map(|l| l.strip_prefix('+'))
        .map(str::trim)
        .collect()
}

/// `buildfix run -- build` on a copy of `fixture` (set up by `prepare`): its
/// exit code, its report, and the lines it changed in `file`.
fn run_fixing(
    fixture: &str,
    file: &str,
    build: &[&str],
    prepare: impl FnOnce(&Path),
) -> (Option<i32>, String, Vec<String>) {
    let dir = project(fixture);
    prepare(dir.path());
    let original = std::fs::read(dir.path().join(file)).unwrap();
    let o = run(dir.path(), &[], build);
    (o.status.code(), stderr(&o), changes(dir.path(), file, &original))
}

#[test]
fn go_build_loses_its_unused_names_and_imports_what_it_uses() {
    let (code, err, changed) = run_fixing("corpus/go-errors", "main.go", &["go", "build", "./..."], |_| {});
    // The other two (a string where an int goes, a value returned from a
    // function that returns none) need a person.
    assert_said(
        code,
        &err,
        1,
        &[
            "2 error(s) left that buildfix has no fix for (5 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
        ],
    );
    assert_eq!(changed, ["-\t\"os\"", "+\t\"fmt\"", "-\tunused := 3"]);
    assert!(err.contains("changed:\n  main.go | +1 -2\n"), "{err}");
}

#[test]
fn recursive_make_fixes_the_files_in_the_directories_make_entered() {
    let dir = project("projects/c-recursive-make");
    let before = |f: &str| std::fs::read(dir.path().join(f)).unwrap();
    let (lib, app) = (before("lib/answer.c"), before("app/main.c"));
    let o = run(dir.path(), &[], &["make"]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "fixed  lib/answer.c:3:12",
            "fixed  app/main.c:6:34",
        ],
    );
    assert_eq!(
        changes(dir.path(), "lib/answer.c", &lib),
        ["-    return cuont;", "+    return count;"]
    );
    assert_eq!(changes(dir.path(), "app/main.c", &app), ["+#include <string.h>"]);
    // Nothing was written at the root, where gcc's paths would point.
    assert!(!dir.path().join("answer.c").exists() && !dir.path().join("main.c").exists());
}

#[test]
fn turbo_runs_tsc_in_each_workspace_package_and_each_package_is_fixed() {
    assert_each_workspace_package_fixed(&["turbo", "run", "build", "--continue"]);
}

#[test]
fn npm_runs_each_workspace_script_and_each_package_is_fixed() {
    assert_each_workspace_package_fixed(&["npm", "run", "build", "--workspaces"]);
}

/// `command` builds both packages of `projects/turbo-shop`, whose tsc runs
/// name `src/index.ts`, each relative to its own directory: the errors of
/// both are fixed, in one batch.
fn assert_each_workspace_package_fixed(command: &[&str]) {
    let dir = project("projects/turbo-shop");
    let before = |f: &str| std::fs::read(dir.path().join(f)).unwrap();
    let (util, web, cart) = (
        before("packages/util/src/index.ts"),
        before("apps/web/src/index.ts"),
        before("apps/web/src/cart.ts"),
    );
    let o = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["run", "--quiet", "--root"])
        .arg(dir.path())
        .arg("--")
        .args(command)
        .env("TURBO_TELEMETRY_DISABLED", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run buildfix: {e}"));
    assert_said(
        o.status.code(),
        &stderr(&o),
        0,
        &["the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changes(dir.path(), "packages/util/src/index.ts", &util),
        ["-  return summ;", "+  return sum;"]
    );
    assert_eq!(
        changes(dir.path(), "apps/web/src/index.ts", &web),
        ["-let count = prices.lenght;", "+let count = prices.length;"]
    );
    assert_eq!(
        changes(dir.path(), "apps/web/src/cart.ts", &cart),
        [
            "-  return Math.rund(price * 100);",
            "+  return Math.round(price * 100);"
        ]
    );
    assert!(!dir.path().join("src").exists());
}

#[test]
fn cmake_configures_once_its_misspelt_source_file_is_found() {
    let (code, err, changed) = run_fixing(
        "projects/cmake-misspelt-source",
        "CMakeLists.txt",
        &["cmake", "-S", ".", "-B", "build"],
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 1 fix(es) kept, 0 rolled back)",
            "[cmake.source-nearest-file]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-add_executable(shapes src/main.c src/geometri.c)",
            "+add_executable(shapes src/main.c src/geometry.c)"
        ]
    );
}

/// `buildfix run -- python3 -m mypy app` on a copy of the mypy fixture
/// project, with `views` for its `app/views.py` when given, as
/// [`run_fixing`] gives it for that file.
fn mypy_fixing(views: Option<&str>) -> (Option<i32>, String, Vec<String>) {
    let build = ["python3", "-m", "mypy", "app"];
    run_fixing("projects/python-mypy", "app/views.py", &build, |dir| {
        if let Some(text) = views {
            std::fs::write(dir.join("app/views.py"), text).unwrap();
        }
    })
}

#[test]
fn mypy_goes_green_with_the_names_it_suggests() {
    let (code, err, changed) = mypy_fixing(None);
    assert_said(
        code,
        &err,
        0,
        &["the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        ["return u.greeting() + str(u.age)", "return models.User(\"guest\", 0)"]
    );
}

#[test]
fn mypy_a_misspelt_name_an_import_lists_beside_the_right_one_leaves_the_list() {
    let views = "from app.models import Usr, User, oldest\n\n\n\
                 def show(users: list[User]) -> str:\n    \
                 return oldest(users).greeting()\n";
    let (code, err, changed) = mypy_fixing(Some(views));
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (1 error(s) at the start, 2 build(s), 1 fix(es) kept, 0 rolled back)",
            "delete `Usr` from the list: it imports `User` already [python.mypy-maybe]",
        ],
    );
    assert_eq!(added(&changed), ["from app.models import User, oldest"]);
}

#[test]
fn mypy_pretty_with_columns_is_fixed_alike() {
    // Its messages wrapped, its code on a line of its own, its snippet
    // indented: the columns are the file's all the same.
    let build = ["python3", "-m", "mypy", "--pretty", "--show-column-numbers", "app"];
    let changed = fixed(
        "projects/python-mypy",
        "app/views.py",
        &build,
        0,
        &["the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        ["return u.greeting() + str(u.age)", "return models.User(\"guest\", 0)"]
    );
}

#[test]
fn a_respelt_import_is_respelt_with_the_other_uses_of_its_old_name() {
    // mypy reports the import only (the name is then of no known type); the
    // annotation that uses the name is respelt with it, not one build later
    // when mypy reports "Name "Usr" is not defined".
    let views = "from app.models import Usr, oldest\n\n\n\
                 def show(users: list[Usr]) -> str:\n    \
                 u = oldest(users)\n    \
                 return u.greting() + str(u.agee)\n";
    let (code, err, changed) = mypy_fixing(Some(views));
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "has no attribute \"Usr\"; maybe \"User\"? — replace `Usr` with `User` [python.mypy-maybe]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "from app.models import User, oldest",
            "def show(users: list[User]) -> str:",
            "return u.greeting() + str(u.age)"
        ]
    );
}

#[test]
fn tsc_imports_two_names_into_one_import_and_respells_members() {
    let (code, err, changed) = run_fixing("projects/ts-order-store", "src/main.ts", &["tsc", "-p", "."], |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (8 error(s) at the start, 2 build(s), 7 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "import { Order, formatMoney, Line } from \"./order\";",
            "order.add({ sku: \"B2\", quantity: 1, price: 1200 });",
            "console.log(formatMoney(order.total));",
            "console.log(`items: ${order.size}`);",
            "console.log(lines.length);"
        ]
    );
}

#[test]
fn javac_goes_green_over_three_builds_with_sorted_imports() {
    let (code, err, changed) = run_fixing(
        "projects/java-shop-cart",
        "src/com/shop/Main.java",
        &[
            "javac",
            "-d",
            "out",
            "src/com/shop/Main.java",
            "src/com/shop/Cart.java",
            "src/com/shop/Product.java",
        ],
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &["the build passes (1 error(s) at the start, 3 build(s), 8 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "import java.util.ArrayList;",
            "import java.util.HashMap;",
            "import java.util.List;",
            "import java.util.Map;",
            "",
            "System.out.println(cart.totalCents());",
            "System.out.println(cart.size());",
            "String label = \"items: \" + cart.size();",
            "System.out.println(label);"
        ]
    );
}

#[test]
fn gxx_gets_the_standard_headers_and_its_fix_its() {
    let (code, err, changed) = run_fixing("projects/cpp-shapes-std", "main.cpp", &["make"], |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (15 error(s) at the start, 3 build(s), 7 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "#include <algorithm>",
            "#include <map>",
            "#include <memory>",
            "#include <vector>",
            "std::cout << s->name() << \"\\n\";",
            "std::cout << \"total \" << total << std::endl;",
            "return 0;"
        ]
    );
}

#[test]
fn a_fix_for_a_file_not_under_the_root_is_said_to_be_so() {
    // The build names a file that is not there (a generated one, or the
    // build ran elsewhere): its fix-it was never tried, so it did not fail.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("elsewhere.c"),
        "int main(void) {\n    int count = 1;\n    return cuont;\n}\n",
    )
    .unwrap();
    let script = "gcc -c elsewhere.c -o /dev/null 2>&1 | sed s/elsewhere.c/gone.c/g\nexit 1\n";
    std::fs::write(dir.path().join("build.sh"), script).unwrap();
    let o = run(dir.path(), &[], &["sh", "build.sh"]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        1,
        &[
            "1 error(s) left that buildfix has no fix for",
            "first error in the build, its suggested fix is for a file not found under the root",
        ],
    );
}

#[test]
fn go_fixes_leave_the_code_as_gofmt_wants_it() {
    let dir = project("projects/go-inventory");
    let original = std::fs::read(dir.path().join("store/store.go")).unwrap();
    let o = run(dir.path(), &[], &["go", "build", "./..."]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        0,
        &["the build passes (1 error(s) at the start, 3 build(s), 5 fix(es) kept, 0 rolled back)"],
    );
    // `import "fmt"` goes with one of the blank lines around it.
    assert_eq!(
        changes(dir.path(), "store/store.go", &original),
        ["-import \"fmt\"", "-"]
    );
    assert_gofmt_finds_nothing(dir.path());
}

#[test]
fn go_tests_that_fail_are_left_in_their_package_s_files() {
    // `go test` names `calc_test.go` in its package's directory, and says
    // which package failed after its tests.
    let dir = project("projects/go-failing-tests");
    let o = run(dir.path(), &[], &["go", "test", "./..."]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        1,
        &[
            "4 error(s) left that buildfix has no fix for (4 error(s) at the start, 1 build(s)",
            "  error: Add(<num>, <num>) = <num>; want <num> — first error in the build, 3 occurrences in 1 file\n      \
             first at calc/calc_test.go:7 in TestAdd: Add(2, 2) = 5; want 4\n",
            "  error: panic: runtime error: index out of range [2] with length 2 — 1 occurrence in 1 file\n      \
             at calc/calc.go:7\n",
        ],
    );
}

#[test]
fn a_java_exception_is_left_in_the_file_its_class_is_in() {
    // The trace names `Cart.java` by its package, `com/example/shop`; the
    // file is under `src/main/java`.
    let dir = project("projects/java-uncaught-exception");
    let build = "javac -d out $(find src -name '*.java') && java -cp out com.example.shop.App";
    let o = run(dir.path(), &[], &["sh", "-c", build]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        1,
        &[
            "  error[java.lang.IndexOutOfBoundsException]: Index 2 out of bounds for length 2 — first error in the build, \
           1 occurrence in 1 file\n      at src/main/java/com/example/shop/Cart.java:25\n",
        ],
    );
}

#[test]
fn c_checks_that_fail_as_the_program_runs_are_left_where_they_failed() {
    let dir = project("projects/c-failing-checks");
    let o = run(dir.path(), &[], &["make", "check"]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        1,
        &[
            "2 error(s) left that buildfix has no fix for (2 error(s) at the start, 1 build(s)",
            "  error: runtime error: signed integer overflow: 2147483647 * 2 cannot be represented in type 'int' — \
             first error in the build, 1 occurrence in 1 file\n      at calc.c:7:36\n",
            "  error: Assertion `add(2, 2) == 4' failed — 1 occurrence in 1 file\n      at calc.c:13\n",
        ],
    );
}

#[test]
fn go_imports_emptied_in_one_batch_leave_no_empty_import_block() {
    // Both imports of the store's block are unused; main lacks two and has
    // one too many, in another package.
    let dir = project("projects/go-two-packages");
    let before = |f: &str| std::fs::read(dir.path().join(f)).unwrap();
    let (store, main) = (before("internal/store/store.go"), before("cmd/shop/main.go"));
    let o = run(dir.path(), &[], &["go", "build", "./..."]);
    assert_said(
        o.status.code(),
        &stderr(&o),
        0,
        &["the build passes (3 error(s) at the start, 3 build(s), 6 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changes(dir.path(), "internal/store/store.go", &store),
        [
            "-import (",
            "-\t\"fmt\"",
            "-\t\"strings\"",
            "-)",
            "-",
            "-\t\ttotal += it.Prise",
            "+\t\ttotal += it.Price",
        ]
    );
    assert_eq!(
        changes(dir.path(), "cmd/shop/main.go", &main),
        ["-\t\"os\"", "+\t\"fmt\"", "+\t\"strings\""]
    );
    assert_gofmt_finds_nothing(dir.path());
}

fn assert_gofmt_finds_nothing(dir: &Path) {
    let gofmt = Command::new("gofmt")
        .arg("-l")
        .arg(".")
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run gofmt: {e}; scripts/install-toolchains.sh installs go"));
    assert!(gofmt.status.success());
    assert_eq!(
        String::from_utf8_lossy(&gofmt.stdout),
        "",
        "gofmt would change these files"
    );
}

#[test]
fn go_selectors_get_the_case_go_names_or_the_nearest_field() {
    let (code, err, changed) = run_fixing("projects/go-selectors", "main.go", &["go", "build", "./..."], |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept"],
    );
    assert!(
        err.contains("[go.selector-case]") && err.contains("[go.selector-typo]"),
        "{err}"
    );
    // An unused value that a call computes: the call stays.
    assert_eq!(
        changed,
        [
            "-\tshown := cfg.Show()",
            "-\tfmt.Println(cfg.name, cfg.show(), cfg.Nme)",
            "+\t_ = cfg.Show()",
            "+\tfmt.Println(cfg.Name, cfg.Show(), cfg.Name)"
        ]
    );
}

#[test]
fn go_imports_a_package_of_its_own_module_and_spells_package_members() {
    let (code, err, changed) = run_fixing(
        "projects/go-module-packages",
        "main.go",
        &["go", "build", "./..."],
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &[
            "add `\"example.com/shop/model\"` [go.import-module-package]",
            // A package of the module has the name in its files; a standard
            // one in the go-exports table.
            "replace `Shot` with `Shout` [go.package-member-typo]",
            "replace `Repet` with `Repeat` [go.package-member-typo]",
            "(5 error(s) at the start, 3 build(s), 7 fix(es) kept, 0 rolled back)",
        ],
    );
    // New imports go into gofmt's groups.
    assert_eq!(
        changed,
        [
            "-\t\"os\"",
            "+\t\"strings\"",
            "+\t\"example.com/shop/model\"",
            "-\t\ttotal += it.Prce",
            "+\t\ttotal += it.Price",
            "-\tunused := 5",
            "-\tfmt.Println(util.Shot(items[0].Name), total, strings.Repet(\"-\", 3))",
            "+\tfmt.Println(util.Shout(items[0].Name), total, strings.Repeat(\"-\", 3))",
        ]
    );
}

#[test]
fn tsc_loses_unused_imports_and_takes_its_spelling_suggestions() {
    let (code, err, changed) = run_fixing("corpus/ts-errors", "src/app.ts", &["tsc", "-p", "."], |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "2 error(s) left that buildfix has no fix for (8 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
        ],
    );
    assert_eq!(
        changed,
        [
            "-import { readFileSync } from \"fs\";",
            "-import * as path from \"path\";",
            // The blank line the imports leave at the top goes with them.
            "-",
            "-  return \"hi \" + user.nmae;",
            "+  return \"hi \" + user.name;",
            "-console.log(greet(u), count, lenght);",
            "+console.log(greet(u), count, length);",
        ]
    );
}

#[test]
fn tsc_imports_from_below_joins_imports_and_keeps_an_import_about_to_be_used() {
    let (code, err, changed) = run_fixing("projects/ts-nested-imports", "src/main.ts", &["tsc", "-p", "."], |_| {});
    // `parseQuantity` is unused only until `parseQuantty` is spelt right:
    // its import is not deleted, and no rebuild is spent finding that out.
    assert_said(
        code,
        &err,
        0,
        &[
            "(7 error(s) at the start, 3 build(s), 8 fix(es) kept, 0 rolled back)",
            // tsc offers no spelling for a name not imported; the module it
            // is misspelt from, imported already, has it.
            "replace `parsePrise` with `parsePrice`, imported from `./lib/parse` [ts.name-typo]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-import { parseQuantity } from \"./lib/parse\";",
            "-import { money } from \"./lib/formatt\";",
            "+import { parseQuantity, parsePrice } from \"./lib/parse\";",
            "+import { money } from \"./lib/format\";",
            "+import { Order, makeOrder } from \"./lib/models\";",
            "-order.quantty = parseQuantty(\"3\");",
            "-console.log(order.customername, money(order.id));",
            "-console.log(parsePrise(\"2.5\"));",
            "-const unused = 3;",
            "+order.quantity = parseQuantity(\"3\");",
            "+console.log(order.customerName, money(order.id));",
            "+console.log(parsePrice(\"2.5\"));",
        ]
    );
}

#[test]
fn a_fix_that_regressed_is_not_tried_again_once_a_kept_fix_moved_its_line() {
    // The unused import goes (a line less above); `User` -> `user` (the
    // parameter's name) is wrong, rolled back, and stays blocked on the line
    // it has moved to: no rebuild is spent trying it again.
    let (code, err, changed) = run_fixing("projects/ts-moved-typo", "src/main.ts", &["tsc", "-p", "."], |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (2 error(s) at the start, 3 build(s), 1 fix(es) kept, 1 rolled back)",
        ],
    );
    assert_eq!(err.matches("[ts.name-typo] (regressed").count(), 1, "{err}");
    // (The blank line below the import, then at the top, goes with it.)
    assert_eq!(changed, ["-import { total } from \"./util\";", "-"]);
}

#[test]
fn a_failed_edit_is_not_tried_again_from_another_origin_or_a_moved_line() {
    // g++ offers the int `count` for the vector `counts` (its fix-it, and
    // the pattern reading its message, propose the same edit). That edit is
    // blamed once; the include kept above it moves its line, and neither
    // proposal of it is tried again.
    let gxx = ["g++", "-std=c++17", "-c", "main.cpp", "-o", "main.o"];
    let (code, err, changed) = run_fixing("projects/cpp-wrong-suggestion", "main.cpp", &gxx, |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (3 error(s) at the start, 3 build(s), 1 fix(es) kept, 1 rolled back)",
        ],
    );
    assert_eq!(err.matches("(regressed").count(), 1, "{err}");
    // What is left has a fix the compiler suggests: it was tried.
    assert!(
        err.contains("did you mean ‘count’? — first error in the build, its suggested fix did not hold"),
        "{err}"
    );
    assert_eq!(changed, ["+#include <string>"]);
}

#[test]
fn an_undeclared_name_that_follows_a_failed_declaration_is_not_respelt() {
    // `vector<int> xs` lacks its `std::`, so g++ says `xs` is undeclared
    // below it and offers `x`: that error waits for the declaration's fix,
    // and goes with it. `cout` takes two iterations: its header, then the
    // `std::` g++ then offers.
    let gxx = ["g++", "-std=c++17", "-c", "main.cpp", "-o", "main.o"];
    let (code, err, changed) = run_fixing("projects/cpp-cascade", "main.cpp", &gxx, |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (10 error(s) at the start, 3 build(s), 7 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "+#include <iostream>",
            "+#include <string>",
            "-    vector<int> xs = {1, 2, 3};",
            "+    std::vector<int> xs = {1, 2, 3};",
            "-    for (auto x : xs) totl += x;",
            "-    cout << w.sise() << name << total << std::endl;",
            "-    return 0",
            "+    for (auto x : xs) total += x;",
            "+    std::cout << w.size() << name << total << std::endl;",
            "+    return 0;",
        ]
    );
}

#[test]
fn clang_gets_the_header_of_a_std_name_not_its_typo_correction() {
    // clang offers `std::end` for `std::endl` without <iostream>; the
    // pattern that knows `endl` goes first and adds the header.
    let clangxx = ["clang++", "-std=c++17", "-c", "main.cpp", "-o", "main.o"];
    let (code, err, changed) = run_fixing("projects/cpp-cascade", "main.cpp", &clangxx, |_| {});
    assert_said(code, &err, 0, &["[cpp.include-not-a-typo]"]);
    assert!(changed.contains(&"+#include <iostream>".to_string()), "{changed:?}");
    assert!(
        changed.contains(&"+    std::cout << w.size() << name << total << std::endl;".to_string()),
        "{changed:?}"
    );
}

#[test]
fn a_misspelt_include_or_module_becomes_the_file_beside_it() {
    let gcc = ["gcc", "-c", "main.c", "-o", "main.o"];
    let (code, err, changed) = run_fixing("projects/misspelt-paths", "main.c", &gcc, |_| {});
    assert_said(code, &err, 0, &["[c.include-nearest-file]"]);
    assert_eq!(changed, ["-#include \"utl.h\"", "+#include \"util.h\""]);
    let python = ["python3", "app.py"];
    let (code, err, changed) = run_fixing("projects/misspelt-paths", "app.py", &python, |_| {});
    assert_said(code, &err, 0, &["[python.module-nearest-file]"]);
    assert_eq!(changed, ["-from utl import total", "+from util import total"]);
}

#[test]
fn a_name_defined_in_a_file_beside_is_imported_from_it() {
    // Python stops at the first NameError: `LIMIT`, on the second run,
    // joins the import the first added.
    let (code, err, changed) = run_fixing("projects/sibling-imports", "app.py", &["python3", "app.py"], |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "(1 error(s) at the start, 3 build(s), 2 fix(es) kept",
            "add `LIMIT` to the import from `util`",
        ],
    );
    assert_eq!(changed, ["+from util import total, LIMIT", "+"]);
}

const JAVA_PACKAGES: [&str; 5] = [
    "javac",
    "-d",
    "out",
    "src/com/acme/util/Strings.java",
    "src/com/acme/app/Main.java",
];

#[test]
fn a_class_of_another_package_of_the_project_is_imported_and_its_method_spelt_right() {
    let main = "src/com/acme/app/Main.java";
    let (code, err, changed) = run_fixing("projects/java-packages", main, &JAVA_PACKAGES, |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "add `import com.acme.util.Strings;` [java.import-project-class]",
            // javac names the class in which it looked: its file has the name.
            "replace `shuot` with `shout` [java.method-typo]",
        ],
    );
    assert_eq!(
        changed,
        [
            "+import com.acme.util.Strings;",
            "+import java.util.ArrayList;",
            "+import java.util.List;",
            "+",
            "-        System.out.println(Strings.shuot(\"total\") + totl(xs));",
            "+        System.out.println(Strings.shout(\"total\") + total(xs));",
        ]
    );
}

#[test]
fn a_fix_whose_error_comes_back_naming_what_it_wrote_is_blamed() {
    // Without the import, `Strings` is taken for a misspelt `String`; javac
    // then asks for `String.shout`, in a note, on the line the fix wrote.
    let dir = project("projects/java-packages");
    let main = dir.path().join("src/com/acme/app/Main.java");
    let original = std::fs::read(&main).unwrap();
    let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typo-only-patterns");
    let o = run(dir.path(), &["--patterns", library.to_str().unwrap()], &JAVA_PACKAGES);
    let err = stderr(&o);
    assert!(
        err.contains("replace `Strings` with `String` [java.variable-typo] (regressed: it caused a new error)"),
        "{err}"
    );
    assert!(err.contains("2 build(s), 0 fix(es) kept, 1 rolled back"), "{err}");
    assert_eq!(std::fs::read(&main).unwrap(), original);
}

#[test]
fn csharp_gets_its_usings_its_own_namespace_and_members_of_other_files() {
    let mcs = ["mcs", "-out:app.exe", "Program.cs", "Item.cs", "Util/Helpers.cs"];
    let (code, err, changed) = run_fixing("projects/csharp-namespaces", "Program.cs", &mcs, |_| {});
    assert_said(
        code,
        &err,
        0,
        &["(1 error(s) at the start, 5 build(s), 9 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            // `System`'s namespaces first, as `dotnet format` sorts them.
            "+using System;",
            "+using System.Collections.Generic;",
            "+using System.IO;",
            "+using System.Linq;",
            "+using System.Text;",
            "+using Shop.Util;",
            "+",
            "-                sb.Append(it.Nmae);",
            "+                sb.Append(it.Name);",
            "-            Console.WriteLine(sb.ToString() + Helpers.Totl(items));",
            "-            File.WriteAllText(\"out.txt\", sb.ToString())",
            "+            Console.WriteLine(sb.ToString() + Helpers.Total(items));",
            "+            File.WriteAllText(\"out.txt\", sb.ToString());",
        ]
    );
}

#[test]
fn typescript_marks_unused_parameters_and_drops_unused_reads() {
    let (code, err, changed) = run_fixing("projects/ts-unused-names", "src/cart.ts", &["tsc", "-p", "."], |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (10 error(s) at the start, 2 build(s), 6 fix(es) kept, 0 rolled back)",
            "error[TS2322]: Type 'string' is not assignable to type 'number'. — ",
        ],
    );
    assert_eq!(
        changed,
        [
            // `formatMoney` stays: the misspelt use is what left it unread.
            "-import { Money, formatMoney } from \"./lib/money\";",
            "-import { readFileSync } from \"fs\";",
            "+import { Money, formatMoney, addMoney } from \"./lib/money\";",
            "-  add(item: Money, note: string): void {",
            "+  add(item: Money, _note: string): void {",
            "-    const count = this.itmes.length;",
            "-    return formatMony(this.total());",
            "+    return formatMoney(this.total());",
        ]
    );
}

#[test]
fn typescript_respells_a_member_without_importing_it() {
    let (code, err, changed) = run_fixing("projects/ts-user-store", "src/main.ts", &["tsc", "-p", "."], |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (7 error(s) at the start, 2 build(s), 6 fix(es) kept, 0 rolled back)",
            "error[TS2339]: Property 'sise' does not exist on type 'UserStore'. — replace `sise` with `size` [ts.property-typo]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-import { UserStore } from \"./user\";",
            "+import { UserStore, displayName } from \"./user\";",
            "-console.log(store.sise);",
            "-const total: number = \"3\";",
            "-function greet(name) {",
            "+console.log(store.size);",
            "+function greet(name: unknown) {",
            "-console.log(greet(\"x\"), u.emial);",
            "+console.log(greet(\"x\"), u?.email);",
        ]
    );
}

#[test]
fn typescript_es_modules_import_by_the_javascript_file_name() {
    let (code, err, changed) = run_fixing("projects/ts-esm-imports", "src/main.ts", &["tsc", "-p", "."], |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "-import { formatPrice } from \"./lib/formt.js\";",
            "+import { CURRENCY } from \"./lib/format.js\";",
            "+import { formatPrice } from \"./lib/format.js\";",
        ]
    );
}

#[test]
fn java_says_how_a_checked_exception_may_be_handled_and_changes_nothing() {
    let javac = ["javac", "-d", "out", "App.java"];
    let (code, err, changed) = run_fixing("projects/java-checked-exception", "App.java", &javac, |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "error: unreported exception IOException; must be caught or declared to be thrown — first error in the build, 1 occurrence in 1 file\n      at App.java:6:32\n",
            "`IOException` is a checked exception: catch it where it is thrown, or add `throws IOException`",
        ],
    );
    assert!(changed.is_empty(), "{changed:?}");
}

#[test]
fn java_spells_a_method_of_its_own_package_and_a_class_of_java_lang() {
    let javac = [
        "javac",
        "-d",
        "out",
        "src/main/java/com/acme/bank/Account.java",
        "src/main/java/com/acme/bank/Bank.java",
    ];
    let bank = "src/main/java/com/acme/bank/Bank.java";
    let (code, err, changed) = run_fixing("projects/java-same-package", bank, &javac, |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (1 error(s) at the start, 3 build(s), 9 fix(es) kept, 0 rolled back)",
            "replace `getBalanse` with `getBalance` [java.method-typo]",
            "replace `Sytem` with `System` [java.class-as-package-typo]",
            "error: incompatible types: int cannot be converted to String",
        ],
    );
    let (imports, edits) = changed.split_at(7);
    assert!(
        imports.iter().all(|l| l.starts_with("+import java.util.") || l == "+"),
        "{imports:?}"
    );
    assert_eq!(
        edits,
        [
            "-            sum += a.getBalanse();",
            "+            sum += a.getBalance();",
            "-        return out",
            "+        return out;",
            "-        Sytem.out.println(b.total());",
            "+        System.out.println(b.total());",
        ]
    );
}

#[test]
fn go_spells_names_from_every_file_of_a_package() {
    let (code, err, changed) = run_fixing(
        "projects/go-package-files",
        "main.go",
        &["go", "build", "./..."],
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (5 error(s) at the start, 4 build(s), 9 fix(es) kept, 0 rolled back)",
            "inventory/store.go:23:15 error: it.Valeu undefined",
        ],
    );
    assert_eq!(
        changed,
        [
            "+\t\"strconv\"",
            "-\ts.Add(inventory.NewItm(\"pen\", 3, 1.5))",
            "-\tfmt.Println(s.Totl())",
            "+\ts.Add(inventory.NewItem(\"pen\", 3, 1.5))",
            "+\tfmt.Println(s.Total())",
            "-\tn, err := strconv.Atoi(\"12\")",
            "+\tn, _ := strconv.Atoi(\"12\")",
        ]
    );
}

#[test]
fn c_under_werror_loses_its_unused_variable_and_keeps_it_deleted() {
    let (code, err, changed) = run_fixing("projects/c-werror-queue", "src/queue.c", &["make", "-k"], |_| {});
    // Deleting `int unused = 0;` takes out `int`; the `expected ‘;’ before
    // ‘int’` that main.c still reports is not its doing.
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (16 error(s) at the start, 3 build(s), 6 fix(es) kept, 0 rolled back)",
            "src/queue.c:21:9 error[-Werror=unused-variable]: unused variable ‘unused’ — delete the line [c.unused-variable]",
        ],
    );
    assert_eq!(
        changed,
        [
            "+#include <stdlib.h>",
            "-    if (q->count == q->capacty) return -1;",
            "+    if (q->count == q->capacity) return -1;",
            "-    int unused = 0;",
        ]
    );
}

#[test]
fn rust_takes_the_import_among_alternatives_that_fits_the_file() {
    // rustc offers `std::f32::consts::PI` first; geometry.rs works in f64.
    let cargo = ["cargo", "test", "--lib", "--no-run", "--offline"];
    let (code, err, changed) = run_fixing("logs/rustc/shapes", "src/geometry.rs", &cargo, |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "consider importing one of these constants: `use std::f64::consts::PI;` [compiler]",
            // Inside `assert_eq!`, at the call.
            "fixed  src/lib.rs:19:9 error[E0369]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-#[derive(Debug, Clone, Copy)]",
            "+use std::f64::consts::PI;",
            "+",
            "+#[derive(Debug, Clone, Copy, PartialEq)]"
        ]
    );
}

#[test]
fn a_new_error_where_the_old_one_was_sends_the_run_to_the_next_alternative() {
    // geometry.rs names its numbers `Real` (= f64): neither alternative is
    // familiar, so rustc's first, `std::f32::consts::PI`, goes first and
    // leaves a mismatched type where `PI` was.
    let realise = |dir: &Path| {
        let edit = |file: &str, f: &dyn Fn(String) -> String| {
            let path = dir.join(file);
            std::fs::write(&path, f(std::fs::read_to_string(&path).unwrap())).unwrap();
        };
        edit("src/geometry.rs", &|t| {
            format!("use crate::Real;\n\n{}", t.replace("f64", "Real"))
        });
        edit("src/lib.rs", &|t| {
            t.replace("pub mod geometry;", "pub mod geometry;\n\npub type Real = f64;")
                .replace("as f64", "as Real")
        });
    };
    let cargo = ["cargo", "test", "--lib", "--no-run", "--offline"];
    let (code, err, _) = run_fixing("logs/rustc/shapes", "src/geometry.rs", &cargo, realise);
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (3 error(s) at the start, 3 build(s), 3 fix(es) kept, 1 rolled back)",
            "fixed  src/geometry.rs:38:9 error[E0425]: cannot find value `PI` in this scope — consider importing one of these constants: `use std::f64::consts::PI;` [compiler]",
            "undone src/geometry.rs:38:9 error[E0425]: cannot find value `PI` in this scope — consider importing one of these constants: `use std::f32::consts::PI;` [compiler] (regressed: it caused a new error)",
        ],
    );
}

#[test]
fn typescript_drops_one_name_of_an_import_and_types_a_parameter_any_when_unknown_fails() {
    let (code, err, changed) = run_fixing("projects/ts-strict-app", "src/app.ts", &["tsc", "-p", "."], |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (9 error(s) at the start, 4 build(s), 8 fix(es) kept, 1 rolled back)",
            "delete `User` from the list [ts.unused-import-name]",
            // `u: unknown` made `u.name` an error: "'u' is of type 'unknown'".
            "insert `: unknown` [ts.implicit-any] (regressed: it caused a new error)",
            "insert `: any` [ts.implicit-any-explicit]",
            "error[TS18048]: 'ann' is possibly 'undefined'. — replace `ann.` with `ann?.` [ts.optional-chain]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-import { UserRepo, User, Role } from \"./users\";",
            "-import { format } from \"./format\";",
            "+import { UserRepo, Role } from \"./users\";",
            "+import { formatUser } from \"./format\";",
            "-repo.add({ id: 2, name: \"Bob\", emial: \"bob@example.com\" });",
            "+repo.add({ id: 2, name: \"Bob\", email: \"bob@example.com\" });",
            "-function greet(u) {",
            "+function greet(u: any) {",
            "-console.log(ann.name.toUpperCase());",
            "-console.log(repo.all().map(u => u.nmae));",
            "-const role: Role = Role.Admn;",
            "+console.log(ann?.name.toUpperCase());",
            "+console.log(repo.all().map(u => u.name));",
            "+const role: Role = Role.Admin;",
        ]
    );
}

#[test]
fn python_imports_a_moved_name_from_its_new_module_and_keeps_the_rest() {
    let (code, err, changed) = run_fixing(
        "projects/python-moved-import",
        "tool.py",
        &["python3", "tool.py"],
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "import `Mapping` from `collections.abc` instead [python.collections-abc]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-from collections import Mapping, OrderedDict",
            "+from collections import OrderedDict",
            "+from collections.abc import Mapping",
            "-    print(os.path.joinn(\"x\", \"y\"))",
            "+    print(os.path.join(\"x\", \"y\"))",
        ]
    );
}

#[test]
fn cpp_leaves_a_name_whose_declaration_failed_and_keeps_a_fix_beside_a_changed_line() {
    // `v` is declared by the line that uses `vector`: the error of its
    // use waits, and goes with `std::vector`.
    let (code, err, changed) = run_fixing("projects/cpp-class-stack", "main.cpp", &["make", "-k"], |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (8 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "-    vector<int> v = {1, 2, 3};",
            "+    std::vector<int> v = {1, 2, 3};",
            "-    s.pusj(3);",
            "+    s.push(3);",
        ]
    );
}

#[test]
fn cpp_qualifies_a_name_whose_header_is_read_rather_than_include_it() {
    let (code, err, changed) = run_fixing("projects/cpp-std-names", "main.cpp", &["make", "-k"], |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (10 error(s) at the start, 2 build(s), 5 fix(es) kept, 0 rolled back)",
            "main.cpp:10:5 error: ‘string’ was not declared in this scope — replace `string` with `std::string` [cpp.std-alternative]",
        ],
    );
    assert_eq!(
        changed,
        [
            "+#include <memory>",
            "+#include <vector>",
            "-        cout << s->name() << \" \" << s->area() << std::endl;",
            "+        std::cout << s->name() << \" \" << s->area() << std::endl;",
            "-    string label = \"done\";",
            "+    std::string label = \"done\";",
        ]
    );
}

#[test]
fn go_spells_a_struct_literal_field_and_takes_no_name_from_a_string() {
    let (code, err, changed) = run_fixing(
        "projects/go-struct-fields",
        "main.go",
        &["go", "build", "./..."],
        |_| {},
    );
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (4 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `Nmae` with `Name` [go.struct-literal-field-typo]",
            "error: cfg.Retry undefined (type *Config has no field or method Retry)",
        ],
    );
    assert_eq!(
        changed,
        [
            "+\t\"strconv\"",
            "-\treturn &Config{Nmae: \"svc\", Retries: 3}, nil",
            "+\treturn &Config{Name: \"svc\", Retries: 3}, nil",
            "-\tvar total int",
        ]
    );
}

#[test]
fn python_calls_datetime_now_through_the_class() {
    let (code, err, changed) = run_fixing("projects/python-datetime", "app.py", &["python3", "app.py"], |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "+import datetime",
            "-    event[\"at\"] = datetime.now().isoformat()",
            "+    event[\"at\"] = datetime.datetime.now().isoformat()",
        ]
    );
}

#[test]
fn python_spells_a_name_of_a_relatively_imported_module_not_as_python_guesses() {
    let (code, err, changed) = run_fixing(
        "projects/python-relative-imports",
        "shop/report.py",
        &["python3", "main.py"],
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `utils` with `util` [python.relative-module-nearest-file]",
            "replace `percnt` with `percent`, imported from `.util` [python.name-of-imported-module]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-from .utils import money",
            "+from .util import money, percent",
            "-    lines.append(f\"tax: {percnt(0.2)}\")",
            "+    lines.append(f\"tax: {percent(0.2)}\")",
        ]
    );
}

#[test]
fn typescript_imports_a_class_of_the_project_before_taking_tscs_guess() {
    let (code, err, changed) = run_fixing(
        "projects/ts-class-of-sibling",
        "src/main.ts",
        &["tsc", "-p", "."],
        |_| {},
    );
    // The import lets tsc check `cart.totl()`: an error that quotes `Cart`,
    // which is not the import's doing.
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "add `import { Cart } from \"./cart\";` [ts.import-from-sibling]",
        ],
    );
    assert_eq!(
        changed,
        [
            "+import { Cart } from \"./cart\";",
            "+",
            "-console.log(cart.totl());",
            "+console.log(cart.total());",
        ]
    );
}

#[test]
fn c_under_werror_with_clang_reads_the_warning_in_its_code() {
    // clang names the warning `[-Werror,-Wunused-variable]`.
    let make = ["make", "-k", "CC=clang"];
    let (code, err, changed) = run_fixing("projects/c-werror-queue", "src/queue.c", &make, |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "src/queue.c:21:9 error[-Werror,-Wunused-variable]: unused variable 'unused' — delete the line [c.unused-variable]",
        ],
    );
    assert!(err.contains("the build passes (12 error(s) at the start"), "{err}");
    assert_eq!(
        changed.last().map(String::as_str),
        Some("-    int unused = 0;"),
        "{changed:?}"
    );
}

#[test]
fn what_the_linker_cannot_find_is_told_apart_and_explained() {
    let (code, err, changed) = run_fixing("projects/c-link-errors", "main.c", &["make"], |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "2 error(s) left that buildfix has no fix for (2 error(s) at the start, 1 build(s), 0 fix(es) kept",
            "  error[ld]: undefined reference to <id> — first error in the build, 2 occurrences in 1 file\n",
            "main.c:7: undefined reference to `area'\n",
            "      nothing the linker was given defines `area`: add the source file or library that defines it",
            "      `sqrt` is in the C math library: link with `-lm`",
        ],
    );
    assert!(!err.contains("ld returned"), "{err}");
    assert!(changed.is_empty(), "{changed:?}");
}

#[test]
fn what_is_left_because_a_package_is_missing_says_what_to_install() {
    let use_fs = |dir: &Path| {
        let cart = dir.join("src/cart.ts");
        let text = std::fs::read_to_string(&cart).unwrap().replace(
            "import { readFileSync } from \"fs\";",
            "import { readFileSync } from \"fs\";\nexport const config = readFileSync(\"x\");",
        );
        std::fs::write(&cart, text).unwrap();
    };
    let (code, err, _) = run_fixing("projects/ts-unused-names", "src/cart.ts", &["tsc", "-p", "."], use_fs);
    assert_said(
        code,
        &err,
        1,
        &[
            "  error[TS2307]: Cannot find module 'fs' or its corresponding type declarations. — first error in the build, 1 occurrence in 1 file\n      at src/cart.ts:2:30\n      `fs` is Node's, whose types are not installed: npm install --save-dev @types/node\n",
        ],
    );
}

#[test]
fn java_spells_methods_of_jdk_classes_as_the_file_spells_them() {
    let javac = ["javac", "-d", "out", "App.java"];
    let (code, err, changed) = run_fixing("projects/java-jdk-members", "App.java", &javac, |_| {});
    // `printn` is as near to `print` as to `println`: the file calls `println`.
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (3 error(s) at the start, 3 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `printn` with `println` [java.method-typo]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-        names.ad(\"bob\");",
            "+        names.add(\"bob\");",
            "-            System.out.printn(n.toUppercase());",
            "+            System.out.println(n.toUpperCase());",
        ]
    );
}

#[test]
fn go_spells_methods_of_standard_library_types() {
    let (code, err, changed) = run_fixing(
        "projects/go-stdlib-methods",
        "main.go",
        &["go", "build", "./..."],
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &["the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "sb.WriteString(\"x\")",
            "wg.Add(1)",
            "wg.Wait()",
            "fmt.Println(time.Since(start).Seconds())",
        ]
    );
}

#[test]
fn csharp_spells_members_of_dotnet_types() {
    let mcs = ["mcs", "-out:p.exe", "Program.cs"];
    let (code, err, changed) = run_fixing("projects/csharp-dotnet-members", "Program.cs", &mcs, |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "names.Add(\"ann\");",
            "sb.Append(\"x\");",
            "Console.WriteLine(names.Count);",
            "Console.WriteLine(\"done\".ToUpper());",
        ]
    );
}

#[test]
fn csharp_respells_a_namespace_of_the_project_and_waits_for_it() {
    let mcs = [
        "mcs",
        "-out:shop.exe",
        "Program.cs",
        "Models/Product.cs",
        "Services/Cart.cs",
    ];
    let (code, err, changed) = run_fixing("projects/csharp-namespace-typo", "Services/Cart.cs", &mcs, |_| {});
    // `Product`, unknown below the misspelt `using`, waits for it rather
    // than getting a second `using Shop.Models;`.
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (1 error(s) at the start, 4 build(s), 5 fix(es) kept, 0 rolled back)",
            "replace `Shop.Modles` with `Shop.Models` [csharp.namespace-typo]",
            "Program.cs:13:29 error[CS0246]",
            "add `using System.Collections.Generic;` [csharp.missing-using]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-using Shop.Modles;",
            "+using Shop.Models;",
            // The `;` ends the statement, not the `}` mcs reports it at.
            "-            items.Add(p)",
            "+            items.Add(p);",
            "-                total += p.Totl();",
            "+                total += p.Total();",
        ]
    );
}

#[test]
fn names_misspelt_against_a_module_or_a_class_of_the_project_are_spelt_right() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"];
    let (code, err, changed) = run_fixing("projects/python-package", "shop/report.py", &pytest, |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "(1 error(s) at the start, 5 build(s), 4 fix(es) kept, 0 rolled back)",
            // Python names files by absolute path; the summary from the root.
            "  fixed  shop/report.py:1 error[ImportError]:",
            "replace `totl` with `total` [python.import-name-typo]",
            "replace `prise` with `price` [python.attribute-typo]",
            // The test beside the package imports from the package below.
            "test_report.py:5 error[NameError]: name 'Item' is not defined — add `from shop.models import Item` \
             [python.import-from-sibling]",
        ],
    );
    assert_eq!(
        changed,
        [
            // The standard library's section goes first, as isort has it.
            "-from shop.models import Item, totl",
            "+import json",
            "+",
            "+from shop.models import Item, total",
            "-    lines = [f\"{i.name}: {i.prise}\" for i in items]",
            "+    lines = [f\"{i.name}: {i.price}\" for i in items]",
        ]
    );
}

#[test]
fn pytest_goes_green_with_the_imports_its_tracebacks_ask_for() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"];
    let (code, err, changed) = run_fixing("projects/pytest-imports", "calc.py", &pytest, |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept"],
    );
    // Two imports added by two fixes of one batch form one sorted block.
    assert_eq!(changed, ["+import json", "+import math", "+", "+"]);
}

#[test]
fn pytest_a_line_indented_to_no_level_takes_the_indentation_of_the_line_it_belongs_with() {
    let dir = project("projects/python-indentation");
    let read = |file: &str| std::fs::read(dir.path().join(file)).unwrap();
    let (calc, totals) = (read("calc.py"), read("totals.py"));
    let o = run(
        dir.path(),
        &[],
        &["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
    );
    assert_said(
        o.status.code(),
        &stderr(&o),
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "calc.py:13 error[IndentationError]: unindent does not match any outer indentation level — indent the line by 4, as the line it belongs with [python.unindent-to-enclosing]",
            "totals.py:10 error[IndentationError]: unexpected indent — indent the line by 4, as the line it belongs with [python.unexpected-indent]",
        ],
    );
    assert_eq!(changes(dir.path(), "calc.py", &calc), ["-     else:", "+    else:"]);
    assert_eq!(
        changes(dir.path(), "totals.py", &totals),
        ["-        return total(xs) / n", "+    return total(xs) / n"]
    );
}

#[test]
fn pytest_methods_called_by_other_languages_names_are_written_as_python_names_them() {
    let changed = fixed(
        "projects/pytest-methods-from-other-languages",
        "words.py",
        &["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        0,
        &[
            "the build passes (3 error(s) at the start, 3 build(s), 5 fix(es) kept, 0 rolled back)",
            "'list' object has no attribute 'push' — replace `push` with `append` [python.method-from-other-language]",
            "'set' object has no attribute 'push' — replace `push` with `add` [python.method-from-other-language]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "out.append(w.upper())",
            "return text.strip().replace(\"  \", \" \")",
            "seen.add(i.lower())",
        ]
    );
}

#[test]
fn pytest_a_misspelt_attribute_is_spelt_by_the_field_not_the_class_as_near() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"];
    let dir = project("projects/pytest-shop-cart");
    let read = |file: &str| std::fs::read(dir.path().join(file)).unwrap();
    let (cart, receipt) = (read("shop/cart.py"), read("tests/test_receipt.py"));
    let o = run(dir.path(), &[], &pytest);
    let (code, err) = (o.status.code(), stderr(&o));
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 5 fix(es) kept, 0 rolled back)",
            "replace `totl` with `total` [python.name-typo]",
            "add `import json` [python.import-stdlib]",
            "replace `cheapst` with `cheapest` [python.attribute-typo]",
            "replace `format_prise` with `format_price` [python.import-name-typo]",
        ],
    );
    assert_eq!(
        added(&changes(dir.path(), "shop/cart.py", &cart)),
        ["lines = [f\"{i.sku} x{i.quantity}\" for i in self.items]"]
    );
    // The import respelt, and with it every use of the name.
    assert_eq!(
        added(&changes(dir.path(), "tests/test_receipt.py", &receipt)),
        [
            "from shop.discount import format_price",
            "lines = [format_price(Decimal(p)) for p in (\"2\", \"1234.5\")]",
            "assert format_price(Decimal(0)) == \"$0.00\"",
        ]
    );
}

#[test]
fn python_a_misspelt_module_of_the_package_or_the_standard_library_is_respelt() {
    let changed = fixed(
        "projects/python-module-typos",
        "app/main.py",
        &["python3", "-m", "app.main"],
        0,
        &[
            "the build passes (1 error(s) at the start, 4 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `app.helper` with `app.helpers` [python.dotted-module-nearest-file]",
            "replace `colections` with `collections` [python.stdlib-module-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "from app.helpers import slug",
            "from app import helpers",
            "import collections",
            "print(slug(\"Hello World\"), helpers.slug(\"x\"), os.getcwd(), collections.Counter(\"aab\"))",
        ]
    );
}

#[test]
fn pytest_puts_a_plain_import_above_the_from_imports_as_isort_does() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"];
    let dir = project("projects/python-inventory");
    let o = run(dir.path(), &[], &pytest);
    assert_said(
        o.status.code(),
        &stderr(&o),
        0,
        &["the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)"],
    );
    let core = std::fs::read_to_string(dir.path().join("inventory/core.py")).unwrap();
    assert!(
        core.starts_with("import json\nfrom dataclasses import dataclass\n\n\n@dataclass"),
        "{core}"
    );
}

#[test]
fn python_syntax_errors_are_fixed_one_run_at_a_time() {
    let (code, err, changed) = run_fixing("projects/python-syntax", "app.py", &["python3", "app.py", "x"], |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "[python.close-paren]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-def parse(args)",
            "+def parse(args):",
            "-    print(\"items:\", len(items)",
            "+    print(\"items:\", len(items))",
        ]
    );
}

#[test]
fn a_python_program_goes_green_one_traceback_at_a_time() {
    let config = |dir: &Path| std::fs::write(dir.join("config.json"), "{}\n").unwrap();
    let (code, err, changed) = run_fixing(
        "corpus/python-errors",
        "app.py",
        &["python3", "app.py", "config.json"],
        config,
    );
    // Python stops at its first error: each import takes a run of its own.
    assert_said(
        code,
        &err,
        0,
        &["the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept"],
    );
    assert_eq!(changed, ["+import json", "+import os"]);
}

#[test]
fn a_failing_build_without_errors_buildfix_reads_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &[],
        &[
            "sh",
            "-c",
            "echo 'npm error could not determine executable to run'; exit 1",
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the build fails, but its output holds no error buildfix reads"),
        "{err}"
    );
    // What it printed last, shown under the verdict.
    assert!(
        err.contains("rolled back)\n  | npm error could not determine executable to run\n"),
        "{err}"
    );
}

#[test]
fn buildfix_toml_sets_the_state_dir_and_the_environment_overrides_it() {
    let dir = project("../../examples/broken-c");
    let original = std::fs::read(dir.path().join("main.c")).unwrap();
    std::fs::write(
        dir.path().join("buildfix.toml"),
        "state = \"build/buildfix-state\"\n[run]\nmax-iterations = 4\n",
    )
    .unwrap();
    let gcc = [
        "gcc",
        "-Wall",
        "-Werror=implicit-function-declaration",
        "-c",
        "main.c",
        "-o",
        "main.o",
    ];
    let with_env = |key: &str, value: &str| {
        Command::new(env!("CARGO_BIN_EXE_buildfix"))
            .args(["run", "--quiet", "--root"])
            .arg(dir.path())
            .arg("--")
            .args(gcc)
            .env(key, value)
            .output()
            .unwrap()
    };
    let o = with_env("BUILDFIX_MAX_ITERATIONS", "0");
    assert!(
        stderr(&o).contains("5 error(s) left after 0 iterations"),
        "{}",
        stderr(&o)
    );
    let o = with_env("BUILDFIX_UNRELATED", "1");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("build/buildfix-state/buildfix.db").is_file());
    assert!(!dir.path().join(".buildfix").exists());
    // `undo` reads the same file, so it finds the journal there.
    let o = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["undo", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.path().join("main.c")).unwrap(), original);

    std::fs::write(dir.path().join("buildfix.toml"), "[run]\nmax-iteration = 4\n").unwrap();
    let o = run(dir.path(), &[], &gcc);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid settings in ") && stderr(&o).contains("unknown field `max-iteration`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_fix_that_regressed_before_is_not_tried_first_again() {
    let state = tempfile::tempdir().unwrap();
    let library = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wrong-patterns");
    let attempt = || {
        let dir = project("corpus/java-symbols2");
        let o = run(
            dir.path(),
            &[
                "--patterns",
                library.to_str().unwrap(),
                "--state",
                state.path().to_str().unwrap(),
            ],
            &["javac", "-d", "out", "src/com/example/App.java"],
        );
        stderr(&o)
    };
    // The wrong pattern declares the higher confidence: it goes first, and
    // its regression costs a rebuild.
    let first = attempt();
    assert!(first.contains("[test.wrong-list-import] (regressed"), "{first}");
    assert!(first.contains("3 build(s), 4 fix(es) kept"), "{first}");
    // Its record in the store now ranks the right import first.
    let second = attempt();
    assert!(!second.contains("test.wrong-list-import"), "{second}");
    assert!(second.contains("2 build(s), 4 fix(es) kept, 0 rolled back"), "{second}");
}

/// Runs gcc on the C corpus project with the test pattern library
/// `library` (under tests/fixtures), and checks that the fix of `pattern` is
/// blamed and undone, and the file left as it was.
fn assert_blamed_and_undone(library: &str, pattern: &str) {
    let dir = project("corpus/c-undeclared");
    let original = std::fs::read(dir.path().join("main.c")).unwrap();
    let library = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(library);
    let o = run(
        dir.path(),
        &["--no-inject", "--patterns", library.to_str().unwrap()],
        &["gcc", "-Wall", "-c", "main.c", "-o", "main.o"],
    );
    let err = stderr(&o);
    assert!(err.contains(&format!("[{pattern}] (regressed")), "{err}");
    assert!(err.contains("0 fix(es) kept, 1 rolled back"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("main.c")).unwrap(), original);
}

#[test]
fn a_deletion_that_takes_out_a_name_still_used_is_blamed_and_undone() {
    // The wrong pattern deletes `int count = cout + 1;`, and with it the
    // `count` that the next line returns: gcc then says `count` is
    // undeclared, a line the deletion did not write.
    assert_blamed_and_undone("wrong-patterns", "test.delete-undeclared-line");
}

#[test]
fn a_fix_that_writes_code_that_does_not_parse_is_blamed() {
    // The wrong pattern writes `count)`: gcc's error there names nothing the
    // fix wrote, but a parse error on a line a fix wrote is its doing.
    assert_blamed_and_undone("syntax-breaking-patterns", "test.unopened-parenthesis");
}

#[test]
fn a_file_edited_while_the_build_ran_gets_no_fix_planned_from_that_build() {
    let dir = project("../../examples/broken-c");
    let original = std::fs::read_to_string(dir.path().join("main.c")).unwrap();
    // Someone adds a line at the top of main.c while the build runs: the
    // fix-its of the log now point one line too high.
    let build = [
        "sh",
        "-c",
        "gcc -fdiagnostics-parseable-fixits -Wall -Werror=implicit-function-declaration -c main.c -o main.o; \
         r=$?; sed -i '1i // edited during the build' main.c; exit $r",
    ];
    let o = run(dir.path(), &["--max-iterations", "1"], &build);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("(the file changed while the build ran; rebuild to retry)"),
        "{err}"
    );
    assert!(!err.contains("fixed "), "{err}");
    let now = std::fs::read_to_string(dir.path().join("main.c")).unwrap();
    assert_eq!(now, format!("// edited during the build\n{original}"));
}

#[test]
fn errors_in_files_changed_since_the_last_green_build_are_ranked_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("shared.h"), "int twice(int x);\n").unwrap();
    std::fs::write(
        root.join("a.c"),
        "#include \"shared.h\"\nint a(void) { return twice(1); }\n",
    )
    .unwrap();
    std::fs::write(root.join("b.c"), "int b(int y) { return y + 1; }\n").unwrap();
    let gcc = ["gcc", "-c", "a.c", "b.c"];
    let o = run(root, &[], &gcc);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Then shared.h loses `twice` (a.c fails first, unchanged) and b.c gets a
    // typo of its own.
    std::fs::write(root.join("shared.h"), "int double_it(int x);\n").unwrap();
    std::fs::write(root.join("b.c"), "int b(int y) { return z + 1; }\n").unwrap();
    let failed = Command::new("gcc")
        .args(["-Werror=implicit-function-declaration", "-c", "a.c", "b.c"])
        .current_dir(root)
        .output()
        .unwrap();
    let log = root.join("build.log");
    std::fs::write(&log, &failed.stderr).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["analyze", "--format", "json", "--no-patterns", "--root"])
        .arg(root)
        .arg(&log)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let clusters = doc["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 2, "{doc}");
    let first = &clusters[0];
    assert!(first["template"].as_str().unwrap().contains("undeclared"), "{doc}");
    assert_eq!(
        first["reasons"][0], "in a file changed since the last green build",
        "{doc}"
    );
    assert_eq!(clusters[1]["reasons"][0], "first error in the build", "{doc}");
}

#[test]
fn c_includes_the_project_header_that_declares_a_name() {
    let (code, err, changed) = run_fixing("projects/c-project-header", "src/main.c", &["make"], |_| {});
    assert_said(code, &err, 0, &["add `#include \"util.h\"` [c.include-project-header]"]);
    assert_eq!(changed, ["+#include \"util.h\"", "+#include <string.h>"]);
}

#[test]
fn make_gets_gcc_fix_its_through_the_compiler_shims() {
    let dir = project("corpus/c-undeclared");
    let original = std::fs::read(dir.path().join("main.c")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["run", "--root"])
        .arg(dir.path())
        .args(["--", "make", "main"])
        .output()
        .unwrap();
    let (out, err) = (String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The Makefile's own flags still apply (-Wall -Wextra warn), and gcc's
    // fix-it for `cout` reached buildfix without being shown.
    assert!(err.contains("unused variable"), "{err}");
    assert!(
        err.contains("fixed  main.c:12:17 error: ‘cout’ undeclared (first use in this function); did you mean ‘count’? — apply the compiler's fix-it: `count` [compiler]"),
        "{err}"
    );
    assert!(!out.contains("fix-it:\"") && !err.contains("fix-it:\""), "{out}{err}");
    // `printf` and `strdup` called undeclared (warnings of gcc 12, errors
    // of GCC 14) get their headers.
    assert_eq!(
        changes(dir.path(), "main.c", &original),
        [
            "+#include <string.h>",
            "+#include <stdio.h>",
            "-    int total = square(p.x) + square(p.y)",
            "+    int total = square(p.x) + square(p.y);",
            "-    int count = cout + 1;",
            "+    int count = count + 1;",
        ]
    );
}

#[test]
fn cpp_errors_that_follow_a_missing_header_wait_for_it() {
    // `copy` is not respelt `std::copy`, nor `counts` `const`: those errors
    // follow the missing headers, and are gone once they are included.
    let (code, err, changed) = run_fixing("projects/cpp-missing-headers", "main.cpp", &["make"], |_| {});
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (14 error(s) at the start, 2 build(s), 5 fix(es) kept, 0 rolled back)",
            "— add `#include <algorithm>` [cpp.include-not-member-of-std]",
        ],
    );
    assert_eq!(
        changed,
        [
            "+#include <algorithm>",
            "+#include <map>",
            "+#include <memory>",
            "+#include <vector>",
            "-    std::cout << inv.totl() << std::endl;",
            "+    std::cout << inv.total() << std::endl;",
        ]
    );
    // A dry run shows that batch, not the respellings that wait.
    let dir = project("projects/cpp-missing-headers");
    let o = run(dir.path(), &["--dry-run"], &["make"]);
    let diff = String::from_utf8_lossy(&o.stdout);
    assert!(diff.contains("+#include <memory>"), "{diff}");
    assert!(!diff.contains("std::copy"), "{diff}");
}

#[test]
fn a_header_two_fixes_add_at_different_places_goes_in_once() {
    let (code, err, changed) = run_fixing("projects/c-two-fixes-one-header", "main.c", &["make"], |_| {});
    assert_said(
        code,
        &err,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (7 error(s) at the start, 4 build(s), 5 fix(es) kept, 1 rolled back)",
            // `<string.h>` declares `strdup` in a POSIX build, not under
            // -std=c11: the error stays, gcc now offering `strcmp`.
            "undone main.c:8:18 error[-Werror=implicit-function-declaration]: implicit declaration of function ‘strdup’ — add `#include <string.h>` [c.include-for-implicit-declaration-table] (not fixed: the rebuild still reported its error)",
        ],
    );
    assert_eq!(
        changed,
        [
            "+#include \"list.h\"",
            "+#include <stdbool.h>",
            "+#include <stdlib.h>",
            "-    printf(\"%d items, first %d\\n\", lenght(list), list->valeu);",
            "+    printf(\"%d items, first %d\\n\", length(list), list->value);",
        ]
    );
}

#[test]
fn clang_errors_that_follow_a_missing_header_wait_for_it_too() {
    // clang reads `std::map<std::string, int> counts;` without `<map>` as a
    // declaration missing its `;` before `counts`: that fix-it waits, and
    // goes with the header.
    let clangxx = ["make", "CXX=clang++"];
    let (code, err, changed) = run_fixing("projects/cpp-missing-headers", "main.cpp", &clangxx, |_| {});
    assert_said(
        code,
        &err,
        0,
        &["the build passes (13 error(s) at the start, 2 build(s), 5 fix(es) kept, 0 rolled back)"],
    );
    assert!(!changed.iter().any(|l| l.contains("int>;")), "{changed:?}");
}

#[test]
fn clang_spells_a_member_as_the_header_that_declares_its_struct() {
    // clang offers no spelling for `list->valeu`; `struct node` is declared
    // in `list.h`, which has `value`.
    let (code, err, changed) = run_fixing(
        "projects/c-two-fixes-one-header",
        "main.c",
        &["make", "CC=clang"],
        |_| {},
    );
    assert_said(
        code,
        &err,
        1,
        &[
            "(7 error(s) at the start, 4 build(s), 5 fix(es) kept, 1 rolled back)",
            "no member named 'valeu' in 'struct node' — replace `valeu` with `value` [clang.member-typo]",
        ],
    );
    assert!(
        changed.contains(&"+    printf(\"%d items, first %d\\n\", length(list), list->value);".to_string()),
        "{changed:?}"
    );
}

#[test]
fn mcs_a_misspelt_namespace_of_the_class_library_is_respelt() {
    let changed = fixed(
        "projects/csharp-library-namespaces",
        "App.cs",
        &["mcs", "-out:app.exe", "App.cs"],
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `Colections` with `Collections` [csharp.library-namespace-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        ["using System.Collections.Generic;", "using System.Text;"]
    );
}

#[test]
fn javac_a_misspelt_jdk_import_is_respelt_with_the_file_s_uses_of_it() {
    let changed = fixed(
        "projects/java-jdk-import-typos",
        "App.java",
        &["javac", "-d", "out", "App.java"],
        0,
        &[
            "the build passes (6 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "package java.utils does not exist — replace the import with `import java.util.List;` [java.import-jdk-package-typo]",
            "replace `IOExeption` with `IOException` [java.import-jdk-class-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "import java.util.List;",
            "import java.util.ArrayList;",
            "import java.io.IOException;",
            "public static void main(String[] args) throws IOException {",
            "List<String> xs = new ArrayList<>();",
        ]
    );
}

#[test]
fn javac_a_misspelt_override_is_respelt_as_the_method_it_overrides() {
    let javac = ["javac", "-d", "out", "Point.java", "Shape.java", "Circle.java"];
    let changed = fixed(
        "projects/java-misspelt-overrides",
        "Circle.java",
        &javac,
        1,
        &[
            "1 error(s) left that buildfix has no fix for (6 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
            "Point.java:10:5 error: method does not override or implement a method from a supertype — rename the method `hashcode` to `hashCode` [java.misspelt-override]",
            "rename the method `descibe` to `describe` [java.misspelt-override]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "@Override public String describe() { return \"circle \" + r; }",
            "public int compareTo(Circle o) { return Double.compare(r, o.r); }",
        ]
    );
}

#[test]
fn javac_an_import_from_a_misspelt_package_is_replaced_where_it_stands() {
    // The class is imported from where the project has it, on the import's
    // own line; javac's errors for `Product` below wait for it, and go.
    let javac = [
        "javac",
        "-d",
        "out",
        "src/com/shop/model/Product.java",
        "src/com/shop/app/Main.java",
    ];
    let (code, err, changed) = run_fixing(
        "projects/java-package-typo",
        "src/com/shop/app/Main.java",
        &javac,
        |_| {},
    );
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (4 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace the import with `import com.shop.model.Product;` [java.import-package-typo]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-import com.shop.modle.Product;",
            "+import com.shop.model.Product;",
            "-            System.out.println(p.getNmae());",
            "+            System.out.println(p.getName());",
        ]
    );
}

#[test]
fn go_respells_a_misspelt_package_of_its_own_module() {
    // go looks for a module that provides `example.com/shop/utl`; the
    // module has `util`.
    let misspell = |dir: &Path| {
        let main = dir.join("main.go");
        let text = std::fs::read_to_string(&main).unwrap();
        std::fs::write(
            &main,
            text.replace("\"example.com/shop/util\"", "\"example.com/shop/utl\""),
        )
        .unwrap();
    };
    let (code, err, changed) = run_fixing(
        "projects/go-module-packages",
        "main.go",
        &["go", "build", "./..."],
        misspell,
    );
    assert_said(
        code,
        &err,
        0,
        &["replace `example.com/shop/utl` with `example.com/shop/util` [go.import-module-package-typo]"],
    );
    assert!(
        changed.contains(&"+\t\"example.com/shop/util\"".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed.iter().any(|l| l.starts_with('+') && l.contains("utl")),
        "{changed:?}"
    );
}

#[test]
fn clang_a_name_whose_declaration_a_missing_header_broke_is_not_respelt() {
    let clangxx = ["clang++", "-std=c++17", "-c", "main.cpp", "-o", "main.o"];
    let changed = fixed(
        "projects/cpp-vector-of-structs",
        "main.cpp",
        &clangxx,
        0,
        &["the build passes (9 error(s) at the start, 3 build(s), 3 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "+#include <map>",
            "+#include <vector>",
            "-    for (const auto& s : shapes) total += s.aera();",
            "+    for (const auto& s : shapes) total += s.area();",
        ]
    );
}

#[test]
fn typescript_implicit_anys_wait_for_the_module_that_types_them() {
    let changed = fixed(
        "projects/ts-misspelt-module",
        "src/main.ts",
        &["tsc", "-p", "."],
        1,
        &[
            "1 error(s) left that buildfix has no fix for (6 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "error[TS2339]: Property 'quantity' does not exist on type",
        ],
    );
    assert_eq!(
        changed,
        [
            "-import { formatPrice, Order } from \"./lib/formatt.js\";",
            "+import { formatPrice, Order } from \"./lib/format.js\";",
            "-  console.log(o.id, formatPrise(total(o)));",
            "+  console.log(o.id, formatPrice(total(o)));",
            "-const unused = 3;",
        ]
    );
}

#[test]
fn pytest_respells_a_name_found_whole_on_a_line_without_columns() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"];
    let changed = fixed(
        "projects/python-stats",
        "calc.py",
        &pytest,
        0,
        &["the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "-    return totl / len(values)",
            "+    return total / len(values)",
            "-    var = sum((v - m) ** 2 for v in values) / len(value)",
            "+    var = sum((v - m) ** 2 for v in values) / len(values)",
        ]
    );
}

#[test]
fn a_misspelt_header_is_respelt_from_the_include_directory_not_a_source_beside_it() {
    let changed = fixed(
        "projects/c-header-in-include-dir",
        "src/main.c",
        &["make"],
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `vecs.h` with `vec.h` [c.include-nearest-file]",
        ],
    );
    assert_eq!(changed, ["-#include \"vecs.h\"", "+#include \"vec.h\""]);
}

#[test]
fn typescript_imports_from_elsewhere_in_the_project_by_the_shortest_path() {
    let changed = fixed(
        "projects/ts-import-from-elsewhere",
        "src/app/main.ts",
        &["tsc", "-p", "."],
        0,
        &["the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "import { EPOCH, formatDate } from \"../utils/date\";",
            "",
            "return `${this.title} (${formatDate(this.at)})`;",
            "console.log(r.render());",
        ]
    );
}

#[test]
fn javac_a_respelt_import_is_not_imported_again_for_the_uses_below_it() {
    let javac = [
        "javac",
        "-d",
        "out",
        "src/main/java/com/acme/model/Customer.java",
        "src/main/java/com/acme/app/App.java",
    ];
    let changed = fixed(
        "projects/java-misspelt-import",
        "src/main/java/com/acme/app/App.java",
        &javac,
        0,
        &["the build passes (5 error(s) at the start, 3 build(s), 3 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "import com.acme.model.Customer;",
            "System.out.println(c.getName());",
            "String s = String.join(\",\", \"a\");",
        ]
    );
}

#[test]
fn mcs_a_property_called_as_a_method_is_read_as_the_property() {
    let mcs = ["mcs", "-out:app.exe", "Models/Order.cs", "Services/Billing.cs"];
    let changed = fixed(
        "projects/csharp-billing",
        "Services/Billing.cs",
        &mcs,
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 4 fix(es) kept, 0 rolled back)",
            "replace `Count()` with `Count` [csharp.property-called]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "using Shop.Models;",
            "foreach (var o in orders) s += o.Total;",
            "Console.WriteLine(b.Sum(new List<Order>()));",
            "Console.WriteLine(x.Count);",
        ]
    );
}

#[test]
fn cargo_a_glob_import_stays_while_a_respelling_in_its_file_may_use_it() {
    let cargo = ["cargo", "test", "--offline"];
    let changed = fixed(
        "projects/rust-test-glob-import",
        "src/lib.rs",
        &cargo,
        0,
        &["the build passes (2 error(s) at the start, 2 build(s), 1 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "-        assert_eq!(cuont(&[\"a\", \"b\", \"a\"]), 2);",
            "+        assert_eq!(count(&[\"a\", \"b\", \"a\"]), 2);",
        ]
    );
}

#[test]
fn go_an_unused_variable_goes_with_the_lines_its_literal_spans() {
    let changed = fixed(
        "projects/go-unused-literals",
        "main.go",
        &["go", "build", "./..."],
        0,
        &["the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "-\txs := []int{",
            "-\t\t1,",
            "-\t\t2,",
            "-\t}",
            "-\tcfg := map[string]int{\"a\": 1}",
        ]
    );
}

#[test]
fn typescript_a_member_read_without_this_gets_it() {
    let changed = fixed(
        "projects/ts-class-members",
        "src/shape.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (5 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
            "replace `radius` with `this.radius` [ts.did-you-mean-member]",
            "rename the member `nmae` to `name` [ts.misspelt-interface-member]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "return Math.PI * this.radius * this.radius;",
            "name = \"square\";",
            "console.log(shapes.map((s) => s.area()));",
        ]
    );
}

#[test]
fn mcs_a_linq_method_misspelt_on_a_query_is_spelt_as_linq_spells_it() {
    let changed = fixed(
        "projects/csharp-linq-typos",
        "Program.cs",
        &["mcs", "-out:app.exe", "Program.cs"],
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 4 fix(es) kept, 0 rolled back)",
            "replace `ToLst` with `ToList` [csharp.member-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "var sorted = xs.OrderBy(x => x).ToList();",
            "Console.WriteLine(sorted.Count);",
            "Console.WriteLine(Math.Sqrt(4.0));",
        ]
    );
}

#[test]
fn typescript_exports_a_name_its_module_declares_but_keeps_to_itself() {
    let changed = fixed(
        "projects/ts-export-local",
        "src/m.ts",
        &["tsc", "-p", "."],
        0,
        &["the build passes (1 error(s) at the start, 2 build(s), 1 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "-function helper(x: number): number {",
            "+export function helper(x: number): number {",
        ]
    );
}

#[test]
fn tsc_a_class_gets_the_name_of_a_member_its_interface_or_base_requires() {
    let changed = fixed(
        "projects/ts-interface-members",
        "src/shapes.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "rename the member `aera` to `area` [ts.misspelt-interface-member]",
            "rename the member `volum` to `volume` [ts.misspelt-abstract-member]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-  aera(): number {",
            "+  area(): number {",
            "-  volum(): number {",
            "+  volume(): number {",
        ]
    );
}

#[test]
fn javac_a_class_gets_the_name_of_a_method_its_interface_requires() {
    let javac = [
        "javac",
        "-d",
        "out",
        "src/shapes/Main.java",
        "src/shapes/Shape.java",
        "src/shapes/Square.java",
    ];
    let changed = fixed(
        "projects/java-interface-members",
        "src/shapes/Square.java",
        &javac,
        0,
        &["rename the member `aera` to `area` [java.misspelt-abstract-method]"],
    );
    assert_eq!(changed, ["-    public double aera() {", "+    public double area() {"]);
}

#[test]
fn mcs_a_class_gets_the_names_of_the_members_it_must_have_and_overrides_what_is_abstract() {
    let changed = fixed(
        "projects/csharp-interface-members",
        "Shapes.cs",
        &["mcs", "-out:app.exe", "Shapes.cs"],
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `Volme` with `Volume` [csharp.misspelt-override]",
            "rename the member `Nmae` to `Name` [csharp.misspelt-interface-member]",
            "rename the member `Volumee` to `Volume` [csharp.misspelt-abstract-member]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "public string Name",
            "public override double Volume()",
            "public override double Volume()",
        ]
    );
}

#[test]
fn go_an_exported_name_is_spelt_by_an_exported_name() {
    let changed = fixed(
        "projects/go-exported-names",
        "main.go",
        &["go", "build", "./..."],
        0,
        &["replace `String` with `Strings` [go.package-member-typo]"],
    );
    assert_eq!(changed, ["-\tsort.String(out)", "+\tsort.Strings(out)"]);
}

#[test]
fn pytest_respells_a_standard_name_and_each_use_on_a_line_without_columns() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"];
    let changed = fixed(
        "projects/python-bank",
        "bank/report.py",
        &pytest,
        0,
        &[
            "the build passes (1 error(s) at the start, 5 build(s), 5 fix(es) kept, 0 rolled back)",
            "replace `OrderedDic` with `OrderedDict` [python.import-name-typo]",
        ],
    );
    assert_eq!(
        changed,
        [
            "-from bank.account import Acount",
            "+from bank.account import Account",
            "-    return \"\\n\".join(lines) + f\"\\ntotal: {totl}\"",
            "+    return \"\\n\".join(lines) + f\"\\ntotal: {total}\"",
            "-def largest(accounts: list[Acount]) -> Acount:",
            "+def largest(accounts: list[Account]) -> Account:",
        ]
    );
}

#[test]
fn tsc_an_unused_name_goes_with_its_line_of_an_import_and_an_alias_with_its_name() {
    let changed = fixed(
        "projects/ts-multiline-imports",
        "src/main.ts",
        &["tsc", "-p", "."],
        0,
        &["the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        changed,
        [
            "-  mul,",
            "-  PI,",
            "-import { add as plus, mul as times } from \"./util\";",
            "+import { add as plus } from \"./util\";",
        ]
    );
}

#[test]
fn gcc_a_misspelt_name_of_std_is_spelt_as_the_standard_library_spells_it() {
    let changed = fixed(
        "projects/cpp-std-typos",
        "main.cpp",
        &["g++", "-c", "main.cpp", "-o", "main.o"],
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `stio` with `stoi` [cpp.std-member-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        ["int n = std::stoi(digits);", "std::string s = std::to_string(n + 1);"]
    );
}

#[test]
fn cargo_a_type_derives_the_traits_its_uses_need_with_the_types_of_its_fields() {
    let dir = project("projects/rust-derives");
    let model = dir.path().join("src/model.rs");
    let original = std::fs::read(&model).unwrap();
    let o = run_cargo(dir.path(), &["--quiet"], &["build", "--offline"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("derive `Clone` for `Order`, `Line` [rust.derive-clone-for-method]")
            && err.contains("derive `Debug` for `Order`, `Line` [rust.derive-debug]"),
        "{err}"
    );
    assert_eq!(
        changes(dir.path(), "src/model.rs", &original),
        ["+#[derive(Clone, Debug)]", "+#[derive(Clone, Debug)]"]
    );
}

#[test]
fn tsc_a_property_of_an_object_literal_is_respelt_and_a_name_that_cannot_be_called_rolled_back() {
    let changed = fixed(
        "projects/ts-literal-typos",
        "src/main.ts",
        &["tsc", "-p", "."],
        1,
        &[
            "1 error(s) left that buildfix has no fix for (2 error(s) at the start, 3 build(s), 1 fix(es) kept, 1 rolled back)",
            "replace `nmae` with `name` [ts.object-literal-property-typo]",
            "replace `lenght` with `length` [ts.did-you-mean-name] (regressed: it caused a new error)",
        ],
    );
    assert_eq!(
        added(&changed),
        ["return { name: name, email: `${name}@example.com` };"]
    );
}

#[test]
fn gcc_and_clang_get_the_headers_of_posix_functions_they_name_no_header_for() {
    for cc in ["CC=gcc", "CC=clang"] {
        let changed = fixed(
            "projects/c-posix-headers",
            "tail.c",
            &["make", cc],
            0,
            &[
                "the build passes",
                "add `#include <unistd.h>` [c.include-for-implicit-declaration-table]",
            ],
        );
        assert_eq!(
            added(&changed),
            ["#include <string.h>", "#include <strings.h>", "#include <unistd.h>"],
            "{cc}"
        );
    }
}

#[test]
fn clang_a_misspelt_call_is_spelt_by_the_project_header_the_file_includes() {
    let changed = fixed(
        "projects/c-header-names",
        "main.c",
        &["make", "CC=clang"],
        0,
        &[
            "the build passes (1 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `vec_summ` with `vec_sum` [c.implicit-declaration-nearest]",
            "no member named 'lne' in 'Vec' — replace `lne` with `len` [clang.member-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        ["#include <stdlib.h>", "printf(\"%.1f %zu\\n\", vec_sum(&v), v.len);"]
    );
}

#[test]
fn gcc_a_function_called_undeclared_is_fixed_as_the_error_it_is_in_c() {
    let changed = fixed(
        "projects/c-implicit-declarations",
        "main.c",
        &["make"],
        0,
        &[
            "the build passes (1 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
            "implicit declaration of function ‘malloc’ — include ‘<stdlib.h>’ or provide a declaration of ‘malloc’: `#include <stdlib.h>` [compiler]",
            "‘Queue’ has no member named ‘item’; did you mean ‘items’?",
        ],
    );
    assert_eq!(
        added(&changed),
        ["#include \"stats.h\"", "printf(\"left %d\\n\", queue_len(q));"]
    );
}

#[test]
fn tsc_a_misspelt_package_is_spelt_as_package_json_declares_it_not_installed() {
    let changed = fixed(
        "projects/ts-package-typos",
        "src/main.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `left-pad-t` with `left-pad-ts` [ts.package-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "import { red } from \"chalkish\";",
            "import { pad } from \"left-pad-ts\";"
        ]
    );
}

#[test]
fn tsc_an_es_module_import_gets_the_extension_nodenext_wants() {
    let changed = fixed(
        "projects/ts-nodenext-imports",
        "src/lib/stats.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (3 error(s) at the start, 3 build(s), 4 fix(es) kept, 0 rolled back)",
            "replace `./parse` with `./parse.js` [ts.import-extension]",
            "replace `./lib/stat.js` with `./lib/stats.js` [ts.module-nearest-file]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "import { Row } from \"./parse.js\";",
            "return [...rows].sort((a, b) => b.score - a.score)[0];"
        ]
    );
}

#[test]
fn tsc_a_name_imported_misspelt_is_respelt_wherever_the_file_uses_it() {
    let changed = fixed(
        "projects/ts-renamed-export",
        "src/cart.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `formatPrices` with `formatPrice` [ts.did-you-mean-export]",
        ],
    );
    // Not the comment, nor the object literal's key or the member.
    assert_eq!(
        added(&changed),
        [
            "formatPrice,",
            "const rows = lines.map((l) => `${l.name}: ${formatPrice(l.cents)}`);",
            "return [...rows, `${labels.formatPrices}: ${formatPrice(sum(lines.map((l) => l.cents)))}`].join(\"\\n\");",
        ]
    );
}

#[test]
fn tsc_a_promise_used_as_its_value_is_awaited_where_its_variable_takes_it() {
    let changed = fixed(
        "projects/ts-missing-await",
        "src/report.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (4 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "Property 'customer' does not exist on type 'Promise<Invoice>'. — insert `await ` [ts.missing-await-member]",
            "must have a '[Symbol.iterator]()' method that returns an iterator. — insert `await ` [ts.missing-await-value]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "const invoice = await fetchInvoice(id);",
            "const rate: number = await fetchRate();",
            "const open = await fetchOpen();",
        ]
    );
}

#[test]
fn go_a_standard_import_path_misspelt_is_respelt_with_its_package_s_uses() {
    let changed = fixed(
        "projects/go-stdlib-imports",
        "main.go",
        &["go", "build", "./..."],
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `string` with `strings` [go.stdlib-import-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "\"strings\"",
            "\"encoding/json\"",
            "data, _ := json.Marshal(map[string]int{\"a\": 1})",
        ]
    );
}

#[test]
fn go_vet_a_verb_for_another_type_is_made_the_argument_s_and_a_redeclaration_assigns() {
    let changed = fixed(
        "projects/go-vet-report",
        "main.go",
        &["go", "vet", "./..."],
        1,
        &[
            "1 error(s) left that buildfix has no fix for (1 error(s) at the start, 3 build(s), 3 fix(es) kept, 0 rolled back)",
            "format `r.Score` with `%d` [go.vet-printf-verb-int]",
            "replace `:=` with `=` [go.no-new-variables]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "fmt.Fprintf(&b, \"%s: %d\\n\", r.Name, r.Score)",
            "count = len(rows)",
            "fmt.Printf(\"%d rows\", count)",
        ]
    );
}

#[test]
fn pytest_a_misspelt_fixture_is_respelt_where_the_test_declares_and_uses_it() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"];
    let changed = fixed(
        "projects/pytest-fixture-typos",
        "tests/test_api.py",
        &pytest,
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `clent` with `client` [pytest.fixture-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "def test_client_name(client):",
            "assert client[\"name\"] == \"test-client\"",
            "def test_database_empty(database):",
            "assert database == []",
        ]
    );
}

#[test]
fn a_local_variable_declared_again_is_assigned_instead_in_java_and_csharp() {
    let changed = fixed(
        "projects/java-redeclared",
        "src/app/Main.java",
        &["javac", "-d", "out", "src/app/Main.java"],
        0,
        &["the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "count = count + 1;",
            "System.out.println(label.length());",
            "System.out.println(n.toUpperCase());",
            "System.out.println(back.size());",
        ]
    );
    let changed = fixed(
        "projects/csharp-redeclared",
        "Program.cs",
        &["mcs", "-out:app.exe", "Program.cs"],
        0,
        &["replace `int count` with `count` [csharp.redeclared-variable]"],
    );
    assert_eq!(
        changed,
        ["-        int count = count + 1;", "+        count = count + 1;"]
    );
}

#[test]
fn tsc_a_misspelt_string_of_a_union_is_spelt_as_the_union_spells_it() {
    let changed = fixed(
        "projects/ts-string-unions",
        "src/main.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `admn` with `admin` [ts.string-literal-typo-argument]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "let level: \"low\" | \"high\" = \"high\";",
            "console.log(greet(\"ann\", \"admin\"), level);",
        ]
    );
}

#[test]
fn a_misspelt_override_is_respelt_by_gcc_and_by_clang_not_unmarked() {
    for (compiler, pattern) in [
        ("g++", "cpp.misspelt-override"),
        ("clang++", "cpp.misspelt-override-clang"),
    ] {
        let changed = fixed(
            "projects/cpp-misspelt-override",
            "shapes.hpp",
            &[compiler, "-std=c++17", "-c", "main.cpp", "-o", "main.o"],
            0,
            &[&format!("replace `aera` with `area` [{pattern}]")],
        );
        assert_eq!(
            added(&changed),
            ["double area() const override { return side_ * side_; }"],
            "{compiler}"
        );
    }
}

#[test]
fn the_compiler_s_fixes_kept_elsewhere_do_not_put_its_guess_before_a_header() {
    let changed = fixed(
        "projects/cpp-inventory",
        "inventory.cpp",
        &["make"],
        0,
        &["the build passes (6 error(s) at the start, 3 build(s), 7 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(changed, ["+#include <algorithm>"]);
}

#[test]
fn mypy_a_name_it_suggests_an_import_for_is_imported() {
    let changed = fixed(
        "projects/python-mypy-imports",
        "pkg/app.py",
        &["python3", "-m", "mypy", "--no-incremental", "pkg"],
        0,
        &[
            "the build passes (4 error(s) at the start, 3 build(s), 4 fix(es) kept, 0 rolled back)",
            "add `Dict` to the import from `typing` [python.mypy-import-suggested]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "from typing import Optional, Dict",
            "from pkg.models import Item, total",
            "def cheapest(items: list[Item]) -> Optional[Item]:",
            "return min(items, key=lambda i: i.price)",
            "print(total(items), cheapest(items))",
        ]
    );
}

#[test]
fn cargo_a_module_is_declared_and_imported_as_its_file_is_named() {
    let (_dir, code, err, changed) = cargo_fixing("projects/rust-module-typos");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("the build passes (3 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)"),
        "{err}"
    );
    assert_eq!(
        changed,
        [
            "-mod modle;",
            "+mod model;",
            "-use crate::utils::double;",
            "+use crate::util::double;",
        ]
    );
}

#[test]
fn tsc_a_default_import_of_a_named_export_and_the_reverse_are_rewritten() {
    let changed = fixed(
        "projects/ts-import-kinds",
        "src/main.ts",
        &["tsc", "-p", "."],
        0,
        &["the build passes (2 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)"],
    );
    assert_eq!(
        added(&changed),
        [
            "import { Store } from './store';",
            "import makeStore, { FACTORY_VERSION } from \"./factory\";"
        ]
    );
}

#[test]
fn python_a_misspelt_keyword_argument_is_spelt_as_the_function_s_parameter() {
    let changed = fixed(
        "projects/python-keyword-typos",
        "order.py",
        &["python3", "order.py"],
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `itmes` with `items` [python.keyword-argument-typo]",
        ],
    );
    assert_eq!(
        added(&changed),
        ["print(make_order(customer=\"ann\", items=[1, 2], discount=5))"]
    );
}

#[test]
fn mcs_a_misspelt_named_argument_is_spelt_as_the_method_s_parameter() {
    let changed = fixed(
        "projects/csharp-named-arguments",
        "Program.cs",
        &["mcs", "-out:app.exe", "Program.cs", "Pricing.cs"],
        0,
        &["replace `prise` with `price` [csharp.named-argument-typo]"],
    );
    assert_eq!(
        added(&changed),
        ["Console.WriteLine(Pricing.Total(price: 2, quantity: 3));"]
    );
}

#[test]
fn gcc_a_size_t_is_printed_with_zu_not_the_long_gcc_offers() {
    let changed = fixed(
        "projects/c-printf-formats",
        "main.c",
        &["gcc", "-Wall", "-Werror", "-c", "main.c", "-o", "main.o"],
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `%d` with `%zu` [c.printf-size-t]",
        ],
    );
    assert_eq!(
        added(&changed),
        ["printf(\"%ld items, %zu bytes, avg %f\\n\", total, n, avg);"]
    );
}

#[test]
fn cargo_derives_clone_for_a_value_used_after_a_move_then_clones_it() {
    let (_dir, code, err, changed) = cargo_fixing("projects/rust-moved-values");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("borrow of moved value: `accounts` — derive `Clone` for `Account` [rust.derive-clone-for-move]"),
        "{err}"
    );
    assert_eq!(
        changed,
        [
            "+use std::io::Write;",
            "-#[derive(Debug)]",
            "+#[derive(Debug, Clone)]",
            "-    accounts.iter().map(|a| a.name).collect()",
            "+    accounts.iter().map(|a| a.name.clone()).collect()",
            "-    let counts = HashMap::new();",
            "+    let mut counts = HashMap::new();",
            "-    let t: i32 = total(&accounts);",
            "-    let owned = accounts;",
            "+    let t: i32 = total(&accounts).try_into().unwrap();",
            "+    let owned = accounts.clone();",
            "-    let label: String = \"total\";",
            "+    let label: String = \"total\".to_string();",
        ]
    );
}

#[test]
fn go_an_int_where_an_int64_is_wanted_is_converted_or_declared_int64() {
    let changed = fixed(
        "projects/go-number-types",
        "main.go",
        &["go", "build", "./..."],
        0,
        &[
            "the build passes (6 error(s) at the start, 2 build(s), 5 fix(es) kept, 0 rolled back)",
            "replace `n` with `int64(n)` [go.numeric-conversion]",
            "declare `sum` as `int64` [go.retype-accumulator]",
            "replace `name` with `Name` [go.selector-case]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "return Entry{Name: strings.TrimSpace(parts[0]), Amount: int64(n)}, nil",
            "var sum int64",
            "sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })",
            "fmt.Println(\"done\")",
            "_ = len(entries)",
        ]
    );
}

#[test]
fn go_a_length_asked_for_as_other_languages_ask_is_len() {
    let changed = fixed(
        "projects/go-lengths-from-other-languages",
        "main.go",
        &["go", "build", "./..."],
        0,
        &[
            "the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
            "replace `counts.size()` with `len(counts)` [go.len-call-from-other-language]",
            "replace `name.length` with `len(name)` [go.len-from-other-language]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "fmt.Println(len(words), len(counts), len(name))",
            "fmt.Println(len(strings.Split(\"a,b\", \",\")))",
        ]
    );
}

#[test]
fn go_the_integer_operand_of_an_operation_with_a_float_is_converted_on_either_side() {
    let changed = fixed(
        "projects/go-float-and-integer",
        "main.go",
        &["go", "build", "./..."],
        1,
        &[
            "1 error(s) left that buildfix has no fix for (3 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "replace `count` with `float64(count)` [go.integer-operand-of-float]",
            "replace `len(b.prices)` with `float64(len(b.prices))` [go.integer-operand-of-float-left]",
            "invalid operation: whole + count (mismatched types int64 and int) — first error in the build",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "fmt.Println(\"average:\", b.Total()/float64(count))",
            "if float64(len(b.prices)) > limit {",
        ]
    );
}

#[test]
fn javac_and_mcs_a_number_in_quotes_where_a_number_goes_loses_its_quotes() {
    let changed = fixed(
        "projects/java-numbers-in-quotes",
        "Settings.java",
        &["javac", "-d", "out", "Settings.java"],
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `\"10000000000\"` with `10000000000L` [java.long-in-quotes]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "private static final int PORT = 8080;",
            "double rate = 0.25;",
            "long limit = 10000000000L;",
        ]
    );
    let changed = fixed(
        "projects/csharp-numbers-in-quotes",
        "Settings.cs",
        &["mcs", "-out:settings.exe", "Settings.cs"],
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `\"8080\"` with `8080` [csharp.number-in-quotes]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "const int Port = 8080;",
            "double rate = 0.25;",
            "long limit = 10000000000;"
        ]
    );
}

#[test]
fn javac_members_called_by_other_languages_names_are_written_as_java_names_them() {
    let changed = fixed(
        "projects/java-members-from-other-languages",
        "Stats.java",
        &["javac", "-d", "out", "Stats.java"],
        0,
        &[
            "the build passes (6 error(s) at the start, 2 build(s), 6 fix(es) kept, 0 rolled back)",
            "replace `length` with `size()` [java.field-from-other-language]",
            "replace `size()` with `length` [java.array-length]",
            "replace `push` with `add` [java.method-from-other-language]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "for (int i = 0; i < xs.size(); i++) {",
            "for (int i = 0; i < words.length; i++) {",
            "if (words[i].length() > best) best = words[i].length();",
            "xs.add(3);",
            "System.out.println(s.length());",
            "System.out.println(s.toUpperCase());",
        ]
    );
}

#[test]
fn javac_a_number_or_text_for_a_number_is_converted_around_the_whole_expression() {
    let changed = fixed(
        "projects/java-conversions",
        "Ledger.java",
        &["javac", "-d", "out", "Ledger.java"],
        0,
        &[
            "the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
            "Ledger.java:33:33 error: incompatible types: possible lossy conversion from long to int — write `(int) Math.round(l.total() * 1.1)` [java.lossy-conversion-cast]",
            "write `Integer.parseInt(arg.trim())` [java.parse-int]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "return (int) sum;",
            "int whole = (int) (total() * rate);",
            "int n = Integer.parseInt(arg.trim());",
            "int rounded = (int) Math.round(l.total() * 1.1);",
        ]
    );
}

#[test]
fn mcs_members_called_by_other_languages_names_are_written_as_csharp_names_them() {
    let changed = fixed(
        "projects/csharp-members-from-other-languages",
        "Stats.cs",
        &["mcs", "-out:app.exe", "Stats.cs"],
        0,
        &[
            "the build passes (7 error(s) at the start, 2 build(s), 7 fix(es) kept, 0 rolled back)",
            "replace `size()` with `Length` [csharp.array-length-call]",
            "replace `len()` with `Length` [csharp.call-from-other-language]",
            "replace `has` with `ContainsKey` [csharp.member-from-other-language]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "for (int i = 0; i < xs.Count; i++)",
            "for (int i = 0; i < words.Length; i++)",
            "if (words[i].Length > best) best = words[i].Length;",
            "xs.Add(3);",
            "Console.WriteLine(s.Length);",
            "Console.WriteLine(ages.ContainsKey(\"ann\"));",
            "Console.WriteLine(s.ToUpper());",
        ]
    );
}

#[test]
fn mcs_a_number_or_text_for_a_number_is_converted_around_the_whole_expression() {
    let changed = fixed(
        "projects/csharp-conversions",
        "Meter.cs",
        &["mcs", "-out:meter.exe", "Meter.cs"],
        0,
        &[
            "the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
            "write `(float) level` [csharp.numeric-cast]",
            "write `int.Parse(Environment.GetEnvironmentVariable(\"COPIES\") ?? \"1\")` [csharp.parse-number]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "int p = (int) (used / total * 100);",
            "float shown = (float) level;",
            "int seconds = (int) (Ticks() / TimeSpan.TicksPerSecond);",
            "int copies = int.Parse(Environment.GetEnvironmentVariable(\"COPIES\") ?? \"1\");",
        ]
    );
}

#[test]
fn tsc_a_member_of_a_value_possibly_undefined_is_read_through_optional_chaining_where_that_types() {
    let changed = fixed(
        "projects/ts-optional-chains",
        "src/main.ts",
        &["tsc", "-p", "."],
        1,
        &[
            "2 error(s) left that buildfix has no fix for (4 error(s) at the start, 4 build(s), 2 fix(es) kept, 2 rolled back)",
            "src/main.ts:10:13 error[TS18048]: 'found' is possibly 'undefined'. — replace `found.` with `found?.` [ts.optional-chain]",
            "src/main.ts:11:26 error[TS18048]: 'found.tags' is possibly 'undefined'. — replace `found.tags.` with `found.tags?.` [ts.optional-chain] (regressed: it caused a new error)",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "return p.name + \" \" + p.tags?.join(\",\");",
            "console.log(found?.name, inv.total());",
        ]
    );
}

#[test]
fn rustc_a_misspelt_import_is_respelt_and_its_uses_are_not_imported_again() {
    let (_dir, code, err, changed) = cargo_fixing("projects/rust-misspelt-import");
    assert_said(
        code,
        &err,
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 1 fix(es) kept, 0 rolled back)",
            "src/main.rs:3:5 error[E0432]: unresolved import `model::Acount` — a similar name exists in the module: `Account` [compiler]",
        ],
    );
    assert_eq!(added(&changed), ["use model::Account;"]);
}

#[test]
fn tsc_a_misspelt_import_is_respelt_and_its_uses_wait_and_a_variable_gets_no_underscore() {
    let changed = fixed(
        "projects/ts-import-spelling-and-locals",
        "src/main.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (6 error(s) at the start, 2 build(s), 2 fix(es) kept, 0 rolled back)",
            "src/main.ts:1:17 error[TS2724]: '\"./store\"' has no exported member named 'formatPrise'. Did you mean 'formatPrice'? — replace `formatPrise` with `formatPrice` [ts.did-you-mean-export]",
            "src/main.ts:12:25 error[TS2552]: Cannot find name 'totl'. Did you mean 'total'? — replace `totl` with `total` [ts.did-you-mean-name]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "import { Store, formatPrice } from \"./store\";",
            "console.log(formatPrice(total));",
        ]
    );
}

#[test]
fn tsc_a_number_in_quotes_where_a_number_goes_loses_its_quotes() {
    let changed = fixed(
        "projects/ts-numbers-in-quotes",
        "src/main.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (3 error(s) at the start, 2 build(s), 3 fix(es) kept, 0 rolled back)",
            "replace `'3'` with `3` [ts.number-in-quotes]",
        ],
    );
    assert_eq!(
        added(&changed),
        ["port: 8080,", "retries: 3,", "let timeout: number = 30;"]
    );
}

#[test]
fn tsc_members_called_by_other_languages_names_are_written_as_javascript_names_them() {
    let changed = fixed(
        "projects/ts-members-from-other-languages",
        "src/main.ts",
        &["tsc", "-p", "."],
        0,
        &[
            "the build passes (12 error(s) at the start, 2 build(s), 12 fix(es) kept, 0 rolled back)",
            "replace `count()` with `length` [ts.array-call-from-other-language]",
            "replace `upper()` with `toUpperCase()` [ts.string-call-from-other-language]",
            "replace `containsKey` with `has` [ts.member-from-other-language]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "scores.push(7);",
            "console.log(scores.length, scores.length);",
            "console.log(full.toUpperCase(), full.length, full.includes(\"Ada\"));",
            "ages.set(\"ada\", 36);",
            "console.log(ages.has(\"ada\"), ages.size);",
            "tags.add(\"math\");",
            "console.log(tags.has(\"math\"), tags.size);",
        ]
    );
}

#[test]
fn pytest_a_module_that_does_not_parse_is_fixed_where_its_syntax_error_is() {
    let pytest = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"];
    let dir = project("projects/pytest-syntax-errors");
    let read = |file: &str| std::fs::read(dir.path().join(file)).unwrap();
    let (grades, tests) = (read("grades.py"), read("test_grades.py"));
    let o = run(dir.path(), &[], &pytest);
    assert_said(
        o.status.code(),
        &stderr(&o),
        0,
        &[
            "the build passes (1 error(s) at the start, 4 build(s), 3 fix(es) kept, 0 rolled back)",
            "test_grades.py:19 error[SyntaxError]: Missing parentheses in call to 'print'. Did you mean print(...)? — replace `print \"done\"` with `print(\"done\")` [python.print-call]",
            "grades.py:26 error[SyntaxError]: expected ':' — insert `:` [python.missing-colon]",
        ],
    );
    assert_eq!(added(&changes(dir.path(), "grades.py", &grades)), ["elif avg >= 80:"]);
    assert_eq!(
        added(&changes(dir.path(), "test_grades.py", &tests)),
        [
            "from grades import Student, by_grade, top, average",
            "assert average(s) == 93",
            "print(\"done\")",
        ]
    );
}

#[test]
fn gcc_and_clang_spell_a_system_header_and_declare_a_function_defined_below_its_call() {
    for cc in ["CC=gcc", "CC=clang"] {
        let changed = fixed(
            "projects/c-headers-and-prototypes",
            "main.c",
            &["make", cc],
            0,
            &[
                "the build passes (1 error(s) at the start, 3 build(s), 4 fix(es) kept, 0 rolled back)",
                "replace `strng` with `string` [",
                "declare `int area(struct point p);` before its first use [c.prototype-for-later-definition]",
            ],
        );
        assert_eq!(
            added(&changed),
            [
                "#include <string.h>",
                "};",
                "return abs(a.x - b.x) + abs(a.y - b.y);",
                "int area(struct point p);",
                "",
            ],
            "{cc}"
        );
    }
}

#[test]
fn gcc_and_clang_mark_members_const_where_declared_and_defined_and_spell_container_members_as_cpp_does() {
    for cxx in ["CXX=g++", "CXX=clang++"] {
        let dir = project("projects/cpp-const-and-container-names");
        let read = |file: &str| std::fs::read(dir.path().join(file)).unwrap();
        let (header, source, main) = (read("stock.h"), read("stock.cpp"), read("main.cpp"));
        let o = run(dir.path(), &[], &["make", cxx]);
        assert_said(
            o.status.code(),
            &stderr(&o),
            0,
            &[
                "the build passes (6 error(s) at the start, 2 build(s), 6 fix(es) kept, 0 rolled back)",
                "make `Stock::total` const [",
                "replace `push` with `push_back` [",
            ],
        );
        assert_eq!(
            added(&changes(dir.path(), "stock.h", &header)),
            ["int total() const;", "size_t kinds() const { return counts.size(); }"],
            "{cxx}"
        );
        assert_eq!(
            added(&changes(dir.path(), "stock.cpp", &source)),
            [
                "if (!counts.count(name)) {",
                "names.push_back(name);",
                "int Stock::total() const {",
                "return counts.count(name);",
            ],
            "{cxx}"
        );
        assert_eq!(
            added(&changes(dir.path(), "main.cpp", &main)),
            ["std::cout << label << \" (\" << label.length() << \")\\n\";"],
            "{cxx}"
        );
    }
}

#[test]
fn gcc_and_clang_say_an_unused_parameter_is_unused_first_in_its_function() {
    for cc in ["CC=gcc", "CC=clang"] {
        let dir = project("projects/c-unused-parameters");
        let original = std::fs::read(dir.path().join("main.c")).unwrap();
        let o = run(dir.path(), &[], &["make", cc]);
        assert_said(
            o.status.code(),
            &stderr(&o),
            1,
            &[
                "1 error(s) left that buildfix has no fix for (5 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
                "say it is unused: `(void)argv;` [c.unused-parameter]",
            ],
        );
        assert_eq!(
            added(&changes(dir.path(), "main.c", &original)),
            [
                "(void)unused_flag;",
                "(void)argc;",
                "(void)argv;",
                "printf(\"%ld %s\\n\", big, grade(95));",
            ],
            "{cc}"
        );
    }
}

#[test]
fn gcc_and_clang_leave_uses_of_a_member_whose_header_declaration_failed_to_the_rebuild() {
    for (cxx, errors) in [("CXX=g++", 15), ("CXX=clang++", 12)] {
        let dir = project("projects/cpp-member-of-a-failed-header");
        let read = |file: &str| std::fs::read(dir.path().join(file)).unwrap();
        let (header, source, main) = (read("inventory.h"), read("inventory.cpp"), read("main.cpp"));
        let o = run(dir.path(), &[], &["make", cxx]);
        assert_said(
            o.status.code(),
            &stderr(&o),
            0,
            &[&format!(
                "the build passes ({errors} error(s) at the start, 3 build(s), 7 fix(es) kept, 0 rolled back)"
            )],
        );
        assert_eq!(
            added(&changes(dir.path(), "inventory.h", &header)),
            ["#include <vector>"],
            "{cxx}"
        );
        assert_eq!(
            added(&changes(dir.path(), "inventory.cpp", &source)),
            [
                "#include <algorithm>",
                "for (const auto& p : products) v += p.price * p.stock;"
            ],
            "{cxx}"
        );
        assert_eq!(
            added(&changes(dir.path(), "main.cpp", &main)),
            [
                "#include <iostream>",
                "#include <map>",
                "std::cout << inv.value() << std::endl;",
                "std::string s = std::to_string(inv.size());",
            ],
            "{cxx}"
        );
    }
}

#[test]
fn tsc_a_function_with_an_await_is_made_async_unless_its_promise_breaks_a_caller() {
    let changed = fixed(
        "projects/ts-await-outside-async",
        "src/main.ts",
        &["tsc", "-p", "."],
        1,
        &[
            "1 error(s) left that buildfix has no fix for (4 error(s) at the start, 3 build(s), 3 fix(es) kept, 1 rolled back)",
            "src/main.ts:11:3 error[TS1308]: 'await' expressions are only allowed within async functions and at the top levels of modules. — make the function `async` [ts.make-function-async] (regressed: it caused a new error)",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "export async function load(id: string) {",
            "const run = async (ids: string[]) => {",
            "static async fetch(id: string) {",
        ]
    );
}

#[test]
fn go_a_value_where_a_pointer_is_wanted_takes_its_address_and_the_reverse() {
    let changed = fixed(
        "projects/go-pointers",
        "main.go",
        &["go", "build", "./..."],
        0,
        &[
            "the build passes (4 error(s) at the start, 2 build(s), 4 fix(es) kept, 0 rolled back)",
            "replace `p` with `*p` [go.dereference]",
            "main.go:24:7 error: cannot use b (variable of type Buf) as type io.Writer in argument to dump: — replace `b` with `&b` [go.address-of]",
        ],
    );
    assert_eq!(
        added(&changed),
        ["fmt.Println(run(&c), show(*p))", "dump(&b)", "var cfg *Config = &c",]
    );
}

#[test]
fn javac_and_mcs_make_a_method_static_for_main_unless_its_body_uses_the_object() {
    for (fixture, file, build, kept) in [
        (
            "projects/java-static-context",
            "App.java",
            &["javac", "-d", "out", "App.java"][..],
            [
                "private static String greet(String name) {",
                "static int twice(int x) { return 2 * x; }",
            ],
        ),
        (
            "projects/csharp-static-context",
            "App.cs",
            &["mcs", "-out:app.exe", "App.cs"][..],
            [
                "static string Greet(string name) { return \"hi \" + name; }",
                "private static int Twice(int x)",
            ],
        ),
    ] {
        let changed = fixed(
            fixture,
            file,
            build,
            1,
            &[
                "1 error(s) left that buildfix has no fix for (3 error(s) at the start, 3 build(s), 2 fix(es) kept, 1 rolled back)",
                "static [",
                "(regressed: it caused a new error)",
            ],
        );
        assert_eq!(added(&changed), kept, "{fixture}");
    }
}

#[test]
fn python_a_number_joined_to_text_is_written_as_text() {
    let changed = fixed(
        "projects/python-number-as-text",
        "app.py",
        &["python3", "app.py"],
        0,
        &[
            "the build passes (1 error(s) at the start, 3 build(s), 2 fix(es) kept, 0 rolled back)",
            "write `str(order.oid)` [python.concatenate-number-before-text]",
            "write `str(order.oid)`, `str(len(order.items))` [python.concatenate-number-after-text]",
        ],
    );
    assert_eq!(
        added(&changed),
        [
            "return \"order \" + str(order.oid) + \": \" + str(len(order.items)) + \" items\"",
            "return str(order.oid) + \" (\" + str(len(order.items)) + \")\"",
        ]
    );
}

#[test]
fn cargo_a_collection_method_called_by_another_language_s_name_is_spelt_as_rust_spells_it() {
    let (_dir, code, err, changed) = cargo_fixing("projects/rust-collection-methods");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("replace `has` with `contains_key` [rust.collection-method-from-other-language]"),
        "{err}"
    );
    assert_eq!(
        added(&changed),
        [
            "v.push(2);",
            "m.insert(\"a\", 1);",
            "let h = m.contains_key(\"a\");",
            "s.insert(1);",
            "let c = s.contains(&1);",
        ]
    );
}
