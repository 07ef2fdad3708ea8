//! `buildfix fix` on real compiler output: triples of (source, compiler
//! output, expected change), each checked by compiling the fixed source
//! again with the real compiler.

mod common;

use buildfix_logparse::Parser;
use common::project;
use std::path::Path;
use std::process::{Command, Output};

fn buildfix(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Errors a compiler run reports, as buildfix itself reads them.
fn errors_of(cmd: &mut Command) -> u64 {
    let out = common::clean_env(cmd)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut log = out.stdout;
    log.extend_from_slice(&out.stderr);
    Parser::new().parse_bytes(&log).summary().errors
}

fn cargo_errors(dir: &Path) -> u64 {
    errors_of(
        common::clean_env(
            Command::new("cargo")
                .args(["build", "--quiet", "--offline"])
                .current_dir(dir),
        )
        .env("CARGO_TARGET_DIR", dir.join("target")),
    )
}

fn gcc_errors(dir: &Path, file: &str, compiler: &str) -> u64 {
    errors_of(Command::new(compiler).args(["-fsyntax-only", file]).current_dir(dir))
}

/// Runs `buildfix fix` (dry run, then for real) and returns the diff it showed.
fn fix(dir: &Path, log: &str, apply: &str) -> String {
    let log = dir.join(log);
    let dry = buildfix(&["fix", log.to_str().unwrap(), "--apply", apply, "--dry-run"], dir);
    assert!(
        dry.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let out = String::from_utf8(dry.stdout).unwrap();
    let diff: String = out
        .lines()
        .take_while(|l| !l.starts_with(|c: char| c.is_alphanumeric()) || l.starts_with("diff"))
        .map(|l| format!("{l}\n"))
        .collect();
    let real = buildfix(&["fix", log.to_str().unwrap(), "--apply", apply], dir);
    assert!(
        real.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&real.stderr)
    );
    diff
}

#[test]
fn rustc_suggestions_from_cargo_json_fix_errors() {
    let dir = project("corpus/rust-resolve");
    let before = cargo_errors(dir.path());
    assert_eq!(before, 6);
    insta::assert_snapshot!("rust-resolve-maybe", fix(dir.path(), "build-json.log", "maybe"));
    let after = cargo_errors(dir.path());
    // The two left were hidden behind the first six (E0384, E0596).
    assert_eq!(after, 2, "fixed source has fewer errors");
}

#[test]
fn machine_applicable_rustc_fixes_only_by_default() {
    let dir = project("corpus/rust-types");
    assert_eq!(cargo_errors(dir.path()), 5);
    insta::assert_snapshot!("rust-types-machine", fix(dir.path(), "build-json.log", "machine"));
    assert_eq!(cargo_errors(dir.path()), 2);
}

#[test]
fn bare_rustc_json_fixes_apply() {
    let dir = project("logs/rustc");
    insta::assert_snapshot!("rustc-bare-maybe", fix(dir.path(), "bare-json.log", "maybe"));
    let fixed = std::fs::read_to_string(dir.path().join("main.rs")).unwrap();
    assert!(fixed.contains("println!(\"{}\", x);") && fixed.contains("let s: String = x.to_string();"));
    assert!(!fixed.contains("use std::collections::HashMap;"));
    let status = Command::new("rustc")
        .args(["--edition=2021", "main.rs", "-o"])
        .arg(dir.path().join("bin"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
}

#[test]
fn gcc_parseable_fixits_fix_errors() {
    let dir = project("corpus/c-undeclared");
    assert_eq!(gcc_errors(dir.path(), "main.c", "gcc"), 3);
    insta::assert_snapshot!("gcc-fixits", fix(dir.path(), "gcc-fixits.log", "machine"));
    assert_eq!(gcc_errors(dir.path(), "main.c", "gcc"), 2);
}

#[test]
fn a_ci_runners_log_fixes_the_same_files_in_a_clone() {
    // The project as cloned, with the source under `src/`; the log names it
    // by the runner's path, fix-its included.
    let dir = common::project_with("corpus/c-undeclared/main.c", "src/main.c");
    let source = common::fixtures().join("corpus/c-undeclared/main.c");
    let log = common::fixtures().join("logs/gcc/runner-paths.log");
    let out = buildfix(&["fix", log.to_str().unwrap(), "--apply", "maybe"], dir.path());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("the log's files under /home/runner/work/app/app/ are read as the files under"),
        "{said}"
    );
    // As the same build's log fixes the project where it was built.
    let here = project("corpus/c-undeclared");
    fix(here.path(), "gcc-fixits.log", "maybe");
    let fixed = std::fs::read_to_string(dir.path().join("src/main.c")).unwrap();
    assert_ne!(fixed, std::fs::read_to_string(&source).unwrap());
    assert_eq!(fixed, std::fs::read_to_string(here.path().join("main.c")).unwrap());
    assert_eq!(gcc_errors(&dir.path().join("src"), "main.c", "gcc"), 1);
    // Nothing was written where the runner's paths point.
    assert!(!Path::new("/home/runner/work/app/app/src/main.c").exists());
}

#[test]
fn a_recursive_makes_log_fixes_the_file_in_the_directory_make_entered() {
    // Saved where the project was built elsewhere: make names that
    // directory, gcc the file relative to it.
    let dir = project("projects/c-recursive-make");
    let log = common::fixtures().join("logs/gcc/recursive-make.log");
    let out = buildfix(&["fix", log.to_str().unwrap(), "--apply", "maybe"], dir.path());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("applied     lib/answer.c:3:12"), "{said}");
    // gcc's "unused variable ‘count’" asks for a deletion that the fix of
    // `cuont` makes wrong.
    assert!(
        said.contains("held        lib/answer.c:2:9 warning[-Wunused-variable]: unused variable ‘count’ (another fix"),
        "{said}"
    );
    let fixed = std::fs::read_to_string(dir.path().join("lib/answer.c")).unwrap();
    assert!(fixed.contains("int count = 42;\n    return count;"), "{fixed}");
    assert!(!dir.path().join("answer.c").exists());
}

#[test]
fn a_meson_builds_log_fixes_the_source_its_build_directory_names_from_above() {
    // ninja ran gcc in `build/`, which names `../src/main.c`; this clone has
    // no `build/` (and the log was written elsewhere).
    let dir = common::project_with("corpus/c-undeclared/main.c", "src/main.c");
    let log = common::fixtures().join("logs/gcc/meson-ninja.log");
    let out = buildfix(&["fix", log.to_str().unwrap(), "--apply", "maybe"], dir.path());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("applied     src/main.c:12:17"), "{said}");
    let fixed = std::fs::read_to_string(dir.path().join("src/main.c")).unwrap();
    assert!(fixed.contains("int count = count + 1;"), "{fixed}");
    assert!(!dir.path().parent().unwrap().join("src/main.c").exists());
}

#[test]
fn monorepo_runners_logs_fix_the_files_of_their_workspace_packages() {
    // Each package's tsc names `src/index.ts`, relative to its own
    // directory; turbo (`@shop/web:build: `) and lerna (`@shop/web: `) put
    // the package before each line, pnpm its directory (`apps/web build: `);
    // npm heads each script's output with a banner (`> @shop/web@1.0.0
    // build`), as turbo's output grouped by task on GitHub Actions shows.
    let logs = [
        "logs/turbo/workspace-tsc.log",
        "logs/lerna/stream-tsc.log",
        "logs/pnpm/recursive-tsc.log",
        "logs/npm/workspaces-tsc.log",
        "logs/turbo/grouped-tsc.log",
    ];
    for log in logs {
        let dir = project("projects/turbo-shop");
        let log = common::fixtures().join(log);
        let out = buildfix(&["fix", log.to_str().unwrap(), "--apply", "maybe"], dir.path());
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("applied     packages/util/src/index.ts:6:10"), "{said}");
        assert!(said.contains("applied     apps/web/src/index.ts:2:20"), "{said}");
        assert!(said.contains("applied 3 fixes to 3 files"), "{said}");
        let read = |file: &str| std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(read("packages/util/src/index.ts").contains("return sum;"));
        assert!(read("apps/web/src/index.ts").contains("let count = prices.length;"));
        assert!(read("apps/web/src/cart.ts").contains("Math.round(price"));
        assert!(!dir.path().join("src").exists());
    }
}

#[test]
fn a_workspace_log_naming_no_package_fixes_the_files_one_package_alone_has() {
    // turbo's output grouped by task without npm's banners (as a package
    // manager that prints none shows it): `src/cart.ts` is in one package
    // only, `src/index.ts` in both, and is said to be missing rather than
    // guessed.
    let dir = project("projects/turbo-shop");
    let grouped = std::fs::read_to_string(common::fixtures().join("logs/turbo/grouped-tsc.log")).unwrap();
    let unnamed: String = grouped
        .lines()
        .filter(|l| !l.starts_with("> "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(unnamed.len(), grouped.len());
    let log = dir.path().join("grouped.log");
    std::fs::write(&log, unnamed).unwrap();
    let out = buildfix(&["fix", log.to_str().unwrap(), "--apply", "maybe"], dir.path());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("applied 1 fix to 1 file"), "{said}");
    let read = |file: &str| std::fs::read_to_string(dir.path().join(file)).unwrap();
    assert!(read("apps/web/src/cart.ts").contains("Math.round(price"));
    assert!(read("apps/web/src/index.ts").contains("prices.lenght"));
    let warned = String::from_utf8_lossy(&out.stderr);
    assert!(
        warned.contains("1 file that errors name is not under") && warned.contains("(src/index.ts)"),
        "{warned}"
    );
}

#[test]
fn clang_parseable_fixits_fix_errors() {
    let dir = project("corpus/c-undeclared");
    insta::assert_snapshot!("clang-fixits", fix(dir.path(), "clang-fixits.log", "machine"));
    // The missing `;` is in; gcc now sees the rest of the function.
    let fixed = std::fs::read_to_string(dir.path().join("main.c")).unwrap();
    assert!(fixed.contains("square(p.y);\n"));
    assert!(gcc_errors(dir.path(), "main.c", "gcc") < 3);
}

#[test]
fn gcc_json_fixits_fix_errors() {
    let dir = project("corpus/c-undeclared");
    insta::assert_snapshot!("gcc-json", fix(dir.path(), "gcc-json.log", "machine"));
    assert_eq!(gcc_errors(dir.path(), "main.c", "gcc"), 2);
}

#[test]
fn clangxx_fixits_fix_cpp_errors() {
    let dir = project("corpus/cpp-templates");
    let before = gcc_errors(dir.path(), "main.cpp", "g++");
    insta::assert_snapshot!("clangxx-fixits", fix(dir.path(), "clangxx-fixits.log", "machine"));
    let after = gcc_errors(dir.path(), "main.cpp", "g++");
    assert!(after < before, "{after} errors after, {before} before");
}

#[test]
fn a_crafted_log_cannot_write_outside_the_root_or_into_git() {
    let base = tempfile::tempdir().unwrap();
    let root = base.path().join("project");
    let outside = base.path().join("outside");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("dir.c")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    for (path, text) in [
        (root.join("ok.c"), "int a\n"),
        (root.join(".git/config"), "[core]\n"),
        (outside.join("secret.c"), "secret\n"),
    ] {
        std::fs::write(path, text).unwrap();
    }
    std::os::unix::fs::symlink(outside.join("secret.c"), root.join("link.c")).unwrap();
    let secret = outside.join("secret.c");
    let targets = [
        "../outside/secret.c".to_string(),
        secret.to_str().unwrap().to_string(),
        "link.c".to_string(),
        ".git/config".to_string(),
        ".GIT/config".to_string(),
        "sub/../.git/config".to_string(),
        "dir.c".to_string(),
        "/dev/null".to_string(),
        "missing.c".to_string(),
    ];
    let mut log = String::from("ok.c:1:6: error: expected ';'\nfix-it:\"ok.c\":{1:6-1:6}:\";\"\n");
    for t in &targets {
        log.push_str(&format!("{t}:1:1: error: x\nfix-it:\"{t}\":{{1:1-1:2}}:\"PWNED\"\n"));
    }
    let log_path = base.path().join("evil.log");
    std::fs::write(&log_path, log).unwrap();
    let out = buildfix(&["fix", log_path.to_str().unwrap(), "--format", "json"], &root);
    assert_eq!(out.status.code(), Some(1), "refused fixes make the exit status 1");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["applied"], 1);
    assert_eq!(report["skipped"], targets.len());
    for fix in report["fixes"].as_array().unwrap().iter().skip(1) {
        let reason = fix["reason"].as_str().unwrap();
        assert!(reason.starts_with("unsafe path:"), "{fix}");
    }
    assert_eq!(std::fs::read_to_string(root.join("ok.c")).unwrap(), "int a;\n");
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "secret\n");
    assert_eq!(std::fs::read_to_string(root.join(".git/config")).unwrap(), "[core]\n");
    assert!(
        std::fs::symlink_metadata(root.join("link.c"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    use std::os::unix::fs::FileTypeExt;
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device(), "/dev/null is still a device");
}

#[test]
fn directories_and_foreign_paths_in_a_crafted_log_lead_nowhere_outside_the_root() {
    let base = tempfile::tempdir().unwrap();
    let root = base.path().join("project");
    let outside = base.path().join("outside");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(root.join(".git/config"), "[core]\n").unwrap();
    std::fs::write(outside.join("secret.c"), "secret\n").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("away")).unwrap();
    let fix_it = |path: &str| format!("{path}:1:1: error: x\nfix-it:\"{path}\":{{1:1-1:2}}:\"PWNED\"\n");
    let mut log = String::new();
    // make "entering" the directory outside, the root's parent, .git, and a
    // link out of the root; another machine's path ending in .git/config.
    for dir in [outside.to_str().unwrap(), "..", ".git", "away"] {
        log.push_str(&format!("make[1]: Entering directory '{dir}'\n"));
    }
    log.push_str(&format!("ninja: Entering directory `{}'\n", base.path().display()));
    for path in [
        "secret.c",
        "../outside/secret.c",
        "config",
        "/home/runner/work/p/p/.git/config",
    ] {
        log.push_str(&fix_it(path));
    }
    let log_path = base.path().join("evil.log");
    std::fs::write(&log_path, log).unwrap();
    let out = buildfix(&["fix", log_path.to_str().unwrap(), "--format", "json"], &root);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["applied"], 0, "{report}");
    // Each was taken to the file it would be here, and refused there.
    let fixes = report["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 4, "{report}");
    for fix in fixes {
        assert!(fix["reason"].as_str().unwrap().starts_with("unsafe path:"), "{fix}");
    }
    assert_eq!(std::fs::read_to_string(outside.join("secret.c")).unwrap(), "secret\n");
    assert_eq!(std::fs::read_to_string(root.join(".git/config")).unwrap(), "[core]\n");
}

#[test]
fn a_fix_whose_text_moved_is_refused_as_stale() {
    let dir = project("corpus/rust-resolve");
    // Someone edited the file after the build: line 5 is now line 6.
    let geometry = dir.path().join("src/geometry.rs");
    let text = std::fs::read_to_string(&geometry).unwrap();
    std::fs::write(&geometry, format!("// a new first line\n{text}")).unwrap();
    let out = buildfix(
        &[
            "fix",
            dir.path().join("build-json.log").to_str().unwrap(),
            "--apply",
            "maybe",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stale: Vec<&serde_json::Value> = report["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["reason"].as_str().is_some_and(|r| r.starts_with("stale:")))
        .collect();
    assert_eq!(stale.len(), 2, "both fixes in the edited file are refused: {report}");
    assert!(stale.iter().all(|f| f["file"] == "src/geometry.rs"));
    assert_eq!(
        std::fs::read_to_string(&geometry).unwrap(),
        format!("// a new first line\n{text}")
    );
}

#[test]
fn undo_restores_the_tree_and_refuses_files_changed_since() {
    let dir = project("corpus/rust-resolve");
    let original = std::fs::read(dir.path().join("src/main.rs")).unwrap();
    fix(dir.path(), "build-json.log", "maybe");
    assert_ne!(std::fs::read(dir.path().join("src/main.rs")).unwrap(), original);
    let list = buildfix(&["undo", "--list"], dir.path());
    assert!(String::from_utf8_lossy(&list.stdout).contains("applied  2 file(s): src/geometry.rs, src/main.rs"));
    // A later edit by hand is not overwritten...
    std::fs::write(dir.path().join("src/geometry.rs"), "// edited by hand\n").unwrap();
    let refused = buildfix(&["undo"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("src/geometry.rs"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_ne!(
        std::fs::read(dir.path().join("src/main.rs")).unwrap(),
        original,
        "nothing restored when one file is refused"
    );
    // ...unless forced.
    let forced = buildfix(&["undo", "--force"], dir.path());
    assert_eq!(
        forced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(std::fs::read(dir.path().join("src/main.rs")).unwrap(), original);
    let again = buildfix(&["undo"], dir.path());
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing to undo"));
}

#[test]
fn fixes_of_errors_that_follow_a_missing_header_are_held() {
    // g++ reads `std::unique_ptr<Inventory> copy = ...` without `<memory>`
    // as an expression, calls `copy` undeclared and offers `std::copy`;
    // with no rebuild to prove it, that fix is held, not made.
    let dir = project("projects/cpp-missing-headers");
    let out = common::clean_env(
        Command::new("g++")
            .args([
                "-fdiagnostics-parseable-fixits",
                "-std=c++17",
                "-fsyntax-only",
                "main.cpp",
            ])
            .current_dir(dir.path()),
    )
    .output()
    .expect("g++ runs");
    std::fs::write(dir.path().join("g++.log"), &out.stderr).unwrap();
    let o = buildfix(&["fix", dir.path().join("g++.log").to_str().unwrap()], dir.path());
    let report = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{report}");
    assert!(
        report.contains(
            "  held        main.cpp:25:32 error: ‘copy’ was not declared in this scope; did you mean ‘std::copy’? \
             (it follows an earlier error: fix that, build, then fix again)"
        ),
        "{report}"
    );
    assert!(
        report.contains("main.cpp:9:9 error: ‘counts’ was not declared"),
        "{report}"
    );
    let fixed = std::fs::read_to_string(dir.path().join("main.cpp")).unwrap();
    assert!(fixed.contains("std::unique_ptr<Inventory> copy = "), "{fixed}");
    assert!(fixed.contains("counts[name] += 1;"), "{fixed}");
    // What is not held is made: `totl` is spelt `total`.
    assert!(fixed.contains("inv.total()"), "{fixed}");
}
