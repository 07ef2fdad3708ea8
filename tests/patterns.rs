//! The pattern library on real projects: for each toolchain, a small
//! broken project, fixed by `buildfix fix --apply maybe` from its real
//! compiler output, then built again with the real compiler, in rounds
//! while the compiler stops at its first errors. A missing compiler fails
//! the test (scripts/install-toolchains.sh installs them).

mod common;

use buildfix_logparse::Parser;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A writable copy of a corpus project.
fn project(name: &str) -> tempfile::TempDir {
    common::project(&format!("corpus/{name}"))
}

/// Runs the build; returns its output (stdout and stderr) and error count.
fn build(dir: &Path, cmd: &[&str]) -> (Vec<u8>, u64) {
    let out = common::clean_env(Command::new(cmd[0]).args(&cmd[1..]).current_dir(dir))
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("GOCACHE", dir.join(".gocache"))
        .env("GOFLAGS", "-mod=mod")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; scripts/install-toolchains.sh installs it", cmd[0]));
    let mut log = out.stdout;
    log.extend_from_slice(&out.stderr);
    let errors = Parser::new().parse_bytes(&log).summary().errors;
    (log, errors)
}

/// Fixes and rebuilds until the build is clean or a round fixes nothing;
/// returns the error count of each build.
fn fix_in_rounds(dir: &Path, cmd: &[&str]) -> Vec<u64> {
    let mut counts = Vec::new();
    for round in 0..5 {
        let (log, errors) = build(dir, cmd);
        counts.push(errors);
        if errors == 0 {
            break;
        }
        let log_path: PathBuf = dir.join(format!(".round{round}.log"));
        std::fs::write(&log_path, &log).unwrap();
        let fix = Command::new(env!("CARGO_BIN_EXE_buildfix"))
            .args(["fix", log_path.to_str().unwrap(), "--apply", "maybe", "--root"])
            .arg(dir)
            .output()
            .unwrap();
        assert!(
            fix.status.code().unwrap() <= 1,
            "{}",
            String::from_utf8_lossy(&fix.stderr)
        );
        if String::from_utf8_lossy(&fix.stdout).contains("applied 0 fixes") {
            break;
        }
    }
    counts
}

fn file(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn csharp_with_mcs_goes_green_over_rounds() {
    let dir = project("csharp-errors2");
    let counts = fix_in_rounds(dir.path(), &["mcs", "-out:app.exe", "Program.cs", "Util.cs"]);
    assert_eq!(counts.last(), Some(&0), "error counts per round: {counts:?}");
    assert!(counts.len() > 2, "mcs stops early, so it takes rounds: {counts:?}");
    let program = file(dir.path(), "Program.cs");
    for using in [
        "using System.Collections.Generic;",
        "using System.Linq;",
        "using System.Text;",
    ] {
        assert!(program.contains(using), "{program}");
    }
    assert!(program.contains("Console.WriteLine(Total(items));") && program.contains("sb.Append(first.Name);"));
}

#[test]
fn csharp_duplicates_and_syntax_errors_go_green_too() {
    let dir = project("csharp-errors");
    let counts = fix_in_rounds(dir.path(), &["mcs", "-out:app.exe", "Program.cs", "Util.cs"]);
    assert_eq!(counts.last(), Some(&0), "error counts per round: {counts:?}");
    let program = file(dir.path(), "Program.cs");
    assert_eq!(
        program.matches("public class Item").count(),
        1,
        "the duplicate type is gone: {program}"
    );
    let util = file(dir.path(), "Util.cs");
    assert_eq!(
        util.matches("Twice(int x)").count(),
        1,
        "the duplicate member is gone: {util}"
    );
    assert!(util.contains("return \"n=\" + x; }"), "{util}");
}

#[test]
fn java_with_javac_imports_and_typos() {
    let dir = project("java-symbols2");
    let counts = fix_in_rounds(dir.path(), &["javac", "-d", "out", "src/com/example/App.java"]);
    assert_eq!(counts[0], 6);
    // Left: `String label = total;`, a type error no pattern may guess.
    assert_eq!(counts.last(), Some(&1), "{counts:?}");
    let app = file(dir.path(), "src/com/example/App.java");
    for import in ["List", "ArrayList", "Map", "HashMap"] {
        assert!(app.contains(&format!("\nimport java.util.{import};\n")), "{app}");
    }
    assert!(app.contains("System.out.println(names.size() + label);"));
}

#[test]
fn go_imports_and_unused_names() {
    let dir = project("go-errors");
    let counts = fix_in_rounds(dir.path(), &["go", "build", "./..."]);
    assert_eq!(counts[0], 5);
    assert!(counts.last().unwrap() < &5, "{counts:?}");
    let main = file(dir.path(), "main.go");
    assert!(
        main.contains("import (\n\t\"fmt\"\n\t\"strings\"\n)") && !main.contains("unused := 3"),
        "{main}"
    );
}

#[test]
fn typescript_with_tsc_typos_and_unused_imports() {
    let dir = project("ts-errors");
    let counts = fix_in_rounds(dir.path(), &["tsc", "-p", ".", "--pretty", "false"]);
    assert_eq!(counts[0], 8);
    // Left: two type errors (`count: number = "three"`, a missing property).
    assert_eq!(counts.last(), Some(&2), "{counts:?}");
    let app = file(dir.path(), "src/app.ts");
    assert!(
        !app.contains("import ") && app.contains("user.name") && app.contains(", length);"),
        "{app}"
    );
}

#[test]
fn python_imports_from_tracebacks_even_with_runner_paths() {
    let dir = project("python-errors");
    // The saved log names /home/runner/work/corpus/python-errors/app.py: a CI path.
    let log = dir.path().join("run.log");
    let fix = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["fix", log.to_str().unwrap(), "--apply", "maybe", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(fix.status.code(), Some(0), "{}", String::from_utf8_lossy(&fix.stdout));
    assert!(file(dir.path(), "app.py").starts_with("import os\nimport sys\n"));
    // Then each run shows the next missing import.
    let counts = fix_in_rounds(dir.path(), &["python3", "app.py", "missing.json"]);
    assert_eq!(counts, [1, 1], "{counts:?}");
    assert!(file(dir.path(), "app.py").starts_with("import json\nimport os\nimport sys\n"));
    let (log, _) = build(dir.path(), &["python3", "app.py", "missing.json"]);
    let err = String::from_utf8_lossy(&log);
    assert!(err.contains("FileNotFoundError") && !err.contains("NameError"), "{err}");
}

#[test]
fn c_with_gcc_semicolon_and_did_you_mean() {
    let dir = project("c-undeclared");
    let counts = fix_in_rounds(dir.path(), &["gcc", "-Wall", "-c", "main.c", "-o", "main.o"]);
    assert_eq!(counts[0], 3);
    // Left: `p.z`, a field that does not exist.
    assert_eq!(counts.last(), Some(&1), "{counts:?}");
}

#[test]
fn c_under_werror_from_logs_without_fix_its() {
    // gcc's own spellings ("did you mean ‘capacity’?") and notes, no
    // -fdiagnostics-parseable-fixits: the patterns do it all.
    let dir = common::project("projects/c-werror-queue");
    let counts = fix_in_rounds(dir.path(), &["make", "-k"]);
    assert_eq!(counts.first(), Some(&16));
    assert_eq!(counts.last(), Some(&0), "{counts:?}");
    assert!(file(dir.path(), "src/queue.c").contains("q->count == q->capacity"));
}

#[test]
fn cpp_with_clang_and_gxx_includes() {
    let dir = project("cpp-templates");
    let counts = fix_in_rounds(dir.path(), &["clang++", "-fsyntax-only", "main.cpp"]);
    assert_eq!(counts.last(), Some(&0), "clang++ error counts per round: {counts:?}");
    let main = file(dir.path(), "main.cpp");
    assert!(
        main.contains("#include <unordered_map>") && main.contains("#include <vector>"),
        "{main}"
    );
    let (_, gxx) = build(dir.path(), &["g++", "-fsyntax-only", "main.cpp"]);
    assert_eq!(gxx, 0);
}

#[test]
fn rust_human_output_imports_and_unused_imports() {
    let dir = project("rust-resolve");
    let counts = fix_in_rounds(dir.path(), &["cargo", "build", "--offline"]);
    assert_eq!(counts[0], 6);
    assert!(counts.last().unwrap() < &6, "{counts:?}");
    let main = file(dir.path(), "src/main.rs");
    assert!(
        main.starts_with("use std::collections::HashMap;\n") && !main.contains("use std::io::Read;"),
        "{main}"
    );
}

#[test]
fn the_built_in_library_passes_its_examples() {
    let out = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["patterns", "test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let summary = String::from_utf8_lossy(&out.stdout);
    let n: usize = summary.split_whitespace().next().unwrap().parse().unwrap();
    assert!(n >= 80, "the library holds {n} patterns");
}
