//! `buildfix ci` on real compiler output: what it writes, that it never
//! edits unless asked, and that its patch is what `buildfix fix` does.

mod common;

use common::{fixtures, project};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn buildfix(args: &[&str], envs: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_buildfix"));
    cmd.args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_WORKSPACE");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file below `dir` (but buildfix's state) and its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".buildfix") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

/// (project, log): the corpus logs whose fixes land in the shipped sources.
const PROJECTS: &[(&str, &str)] = &[
    ("rust-resolve", "build-json.log"),
    ("rust-types", "build-json.log"),
    ("c-undeclared", "gcc-fixits.log"),
    ("c-undeclared", "clang-fixits.log"),
    ("cpp-templates", "clangxx-fixits.log"),
    ("csharp-errors", "mcs.log"),
    ("java-symbols2", "javac.log"),
    ("ts-errors", "tsc.log"),
    ("python-errors", "run.log"),
    ("go-errors", "build.log"),
];

#[test]
fn the_patch_applies_with_git_apply_and_equals_buildfix_fix_at_the_same_level() {
    let mut patched = 0;
    for &(name, log) in PROJECTS {
        let ci_copy = project(&format!("corpus/{name}"));
        let fix_copy = project(&format!("corpus/{name}"));
        let before = tree(ci_copy.path());
        let patch = ci_copy.path().join("buildfix.patch");
        let log_path = fixtures().join("corpus").join(name).join(log);
        let out = buildfix(
            &["ci", s(&log_path), "--root", s(ci_copy.path()), "--patch", s(&patch)],
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let diff = std::fs::read(&patch).unwrap();
        std::fs::remove_file(&patch).unwrap();
        assert_eq!(tree(ci_copy.path()), before, "{name}/{log}: ci edited the tree");
        assert!(!ci_copy.path().join(".buildfix").exists(), "{name}: ci wrote state");

        let out = buildfix(
            &["fix", s(&log_path), "--root", s(fix_copy.path()), "--apply", "maybe"],
            &[],
        );
        assert!(
            out.status.code() != Some(2),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if diff.is_empty() {
            assert_eq!(
                tree(fix_copy.path()),
                before,
                "{name}/{log}: fix changed what the patch did not"
            );
            continue;
        }
        patched += 1;
        std::fs::write(&patch, &diff).unwrap();
        let git = |args: &[&str]| {
            Command::new("git")
                .args(args)
                .arg(&patch)
                .current_dir(ci_copy.path())
                .output()
                .unwrap()
        };
        let check = git(&["apply", "--check"]);
        assert!(
            check.status.success(),
            "{name}/{log}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        assert!(git(&["apply"]).status.success());
        std::fs::remove_file(&patch).unwrap();
        assert_ne!(tree(ci_copy.path()), before);
        assert_eq!(tree(ci_copy.path()), tree(fix_copy.path()), "{name}/{log}");
    }
    assert!(patched >= 7, "only {patched} logs gave a patch");
}

#[test]
fn exit_status_says_whether_the_log_holds_errors() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.log");
    std::fs::write(&clean, "   Compiling app v0.1.0\n    Finished dev profile\n").unwrap();
    let failing = fixtures().join("corpus/go-errors/build.log");
    let root = ["--root", s(dir.path())];
    let code = |args: &[&str]| buildfix(&[&["ci"], args, &root[..]].concat(), &[]).status.code();
    assert_eq!(code(&[s(&clean)]), Some(0));
    assert_eq!(code(&[s(&failing)]), Some(1));
    assert_eq!(code(&[s(&failing), "--exit-zero"]), Some(0));
    assert_eq!(code(&[s(&dir.path().join("missing.log"))]), Some(2));
    assert_eq!(
        code(&[s(&failing), "--sarif", s(&dir.path().join("no/such/dir/x.sarif"))]),
        Some(2)
    );
    assert_eq!(code(&[s(&failing), "--apply=sometimes"]), Some(2));
}

#[test]
fn under_github_actions_it_annotates_and_appends_the_job_summary() {
    let dir = project("corpus/rust-resolve");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let log = fixtures().join("corpus/rust-resolve/build-json.log");
    let out = buildfix(
        &["ci", s(&log)],
        &[
            ("GITHUB_ACTIONS", Path::new("true")),
            ("GITHUB_STEP_SUMMARY", &summary),
            ("GITHUB_WORKSPACE", dir.path()),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let token = lines[0]
        .strip_prefix("::stop-commands::")
        .expect("commands paused first");
    let resume = lines
        .iter()
        .position(|l| *l == format!("::{token}::"))
        .expect("commands resumed");
    let annotations: Vec<&str> = lines[resume + 1..]
        .iter()
        .copied()
        .filter(|l| l.starts_with("::"))
        .collect();
    // Five kinds of error, one of warning: one annotation each.
    assert_eq!(annotations.len(), 6, "{stdout}");
    assert!(
        annotations[0].starts_with("::error file=src/geometry.rs,line=5,col=9,"),
        "{}",
        annotations[0]
    );
    assert!(
        annotations
            .iter()
            .any(|a| a.contains("suggested fix: consider importing this struct: `use std::collections::HashMap;`"))
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n## buildfix: 6 errors, 3 warnings in 6 kinds\n"),
        "{written}"
    );
    assert!(written.contains(
        "| 1 | error\\[E0425\\]: cannot find value &lt;id&gt; in this scope | 2 | 2 | src/geometry.rs:5:9 |"
    ));
}

#[test]
fn text_quoted_from_the_log_cannot_issue_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("build.log");
    std::fs::write(
        &log,
        "main.c:3:5: error: unknown type name '::add-mask::x'\n::set-output name=a::b\nmain.c:4:1: error: x\n",
    )
    .unwrap();
    let out = buildfix(&["ci", s(&log), "--github", "--root", s(dir.path())], &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let token = lines[0].strip_prefix("::stop-commands::").unwrap();
    assert!(token.len() > 16);
    let resume = lines.iter().position(|l| *l == format!("::{token}::")).unwrap();
    for line in &lines[resume + 1..] {
        if line.starts_with("::") {
            assert!(line.starts_with("::error file=main.c,"), "{line}");
        }
    }
    assert!(lines[..resume].iter().any(|l| l.contains("::add-mask::x")));
}

#[test]
fn a_runners_log_annotates_the_files_of_the_repository() {
    // A log saved on a GitHub runner, read in a clone where the file is.
    let dir = common::project_with("corpus/c-undeclared/main.c", "src/main.c");
    let log = fixtures().join("logs/gcc/runner-paths.log");
    let out = buildfix(&["ci", s(&log), "--github", "--root", s(dir.path())], &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(annotations.len(), 3, "{stdout}");
    assert!(
        annotations[0].starts_with("::error file=src/main.c,line=10,col=5,"),
        "{stdout}"
    );
    assert!(
        annotations.iter().all(|a| a.starts_with("::error file=src/main.c,")),
        "{stdout}"
    );
}

#[test]
fn sarif_of_the_binary_carries_pattern_fixes_and_is_valid() {
    let dir = project("corpus/rust-resolve");
    let sarif = dir.path().join("out.sarif");
    let log = fixtures().join("corpus/rust-resolve/build.log");
    let out = buildfix(&["ci", s(&log), "--root", s(dir.path()), "--sarif", s(&sarif)], &[]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let schema: Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("schemas/sarif-schema-2.1.0.json")).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The human log has no suggestions: every fix is the pattern library's.
    let fixes: Vec<&Value> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("fixes"))
        .collect();
    assert!(fixes.len() >= 4, "{fixes:?}");
    assert!(fixes.iter().any(|f| {
        f[0]["description"]["text"]
            .as_str()
            .unwrap()
            .contains("use std::collections::HashMap;")
    }));
}

#[test]
fn apply_writes_the_fixes_and_undo_takes_them_back() {
    let dir = project("corpus/c-undeclared");
    let before = tree(dir.path());
    let log = fixtures().join("corpus/c-undeclared/gcc-fixits.log");
    let out = buildfix(&["ci", s(&log), "--root", s(dir.path()), "--apply=machine"], &[]);
    assert_eq!(out.status.code(), Some(1), "the log still had errors");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("journal batch"), "{stdout}");
    let after = tree(dir.path());
    assert_ne!(after, before);
    assert!(String::from_utf8_lossy(&after[Path::new("main.c")]).contains("count"));
    let out = buildfix(&["undo", "--root", s(dir.path())], &[]);
    assert!(out.status.success());
    assert_eq!(tree(dir.path()), before);
}

/// The row of the job summary that `buildfix ci` writes for `log` (a
/// fixture) whose text holds `kind`.
fn summary_row(log: &str, kind: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    buildfix(&["ci", s(&fixtures().join(log)), "--summary", s(&summary)], &[]);
    let md = std::fs::read_to_string(&summary).unwrap();
    let row = md.lines().find(|l| l.contains(kind));
    row.unwrap_or_else(|| panic!("no row for {kind} in:\n{md}")).to_string()
}

#[test]
fn the_job_summary_says_what_to_install_when_no_edit_fixes_an_error() {
    let row = summary_row("corpus/ts-errors/tsc.log", "TS2307");
    assert!(
        row.contains("advice:") && row.contains("npm install --save-dev @types/node"),
        "{row}"
    );
}

#[test]
fn the_job_summary_gives_the_advice_of_each_sample_of_a_kind() {
    // `area` is defined nowhere; `sqrt` wants `-lm`: one kind of error.
    let row = summary_row("logs/gcc/link-errors.log", "undefined reference to");
    assert!(
        row.contains("nothing the linker was given defines \\`area\\`")
            && row.contains("<br>advice: \\`sqrt\\` is in the C math library"),
        "{row}"
    );
}
