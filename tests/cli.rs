//! End-to-end tests of the `buildfix` binary on real fixture logs.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn buildfix(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn buildfix_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn text_report_groups_by_file_with_source_and_caret() {
    let log = fixture("corpus/rust-resolve/build.log");
    let o = buildfix(&["analyze", log.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "errors found means exit 1");
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "no colour when stdout is not a terminal");
    let geometry = out.find("src/geometry.rs\n").expect("a group per file");
    let main = out.find("src/main.rs\n").expect("a group per file");
    assert!(geometry < main, "files in the order of their first diagnostic");
    assert!(out.contains("      5:9  error[E0425]: cannot find value `hh` in this scope\n"));
    assert!(
        out.contains("        5 |     w * hh\n          |         ^^\n"),
        "{out}"
    );
    assert!(out.contains("6 errors, 3 warnings"));
    assert!(out.contains("rustc itself reported 6 errors and 3 warnings"));
}

#[test]
fn a_source_line_the_log_does_not_quote_is_read_from_the_file_under_the_root() {
    // cargo test's panics quote no source; the project's file has the line.
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("src")).unwrap();
    std::fs::copy(
        fixture("projects/rust-failing-tests/src/lib.rs"),
        root.path().join("src/lib.rs"),
    )
    .unwrap();
    let log = fixture("logs/rustc/cargo-test-panics.log");
    let analyze = |format: &str| {
        let root = root.path().to_str().unwrap();
        stdout(&buildfix(&[
            "analyze",
            "--no-cache",
            "--root",
            root,
            "--format",
            format,
            log.to_str().unwrap(),
        ]))
    };
    let text = analyze("text");
    assert!(
        text.contains("     22:9  error: panicked: assertion `left == right` failed\n       22 |         assert_eq!(add(2, 2), 4);\n          |         ^\n"),
        "{text}"
    );
    // JSON says what the log said.
    assert!(!analyze("json").contains("assert_eq!(add(2, 2), 4)"));
}

#[test]
fn an_error_no_edit_fixes_gets_advice() {
    // tsc without Node's types: a package to install, not a source to edit.
    let log = fixture("corpus/ts-errors/tsc.log");
    let out = stdout(&buildfix(&["analyze", log.to_str().unwrap()]));
    let advice = "advice: `fs` is Node's, whose types are not installed: npm install --save-dev @types/node [pattern ts.advise-node-types]";
    assert!(out.contains(advice), "{out}");
    // The most specific advice only, and no "fix known" for it.
    assert!(!out.contains("npm install fs"), "{out}");
    let json: Value =
        serde_json::from_slice(&buildfix(&["analyze", "--format", "json", log.to_str().unwrap()]).stdout).unwrap();
    let fs = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("Cannot find module 'fs'"))
        .unwrap();
    assert_eq!(fs["patterns"][0]["action"], "advise");
    assert_eq!(fs["patterns"][0]["fix"], Value::Null);
    assert!(fs["patterns"][0]["advice"].as_str().unwrap().contains("@types/node"));
}

#[test]
fn json_document_has_the_documented_shape() {
    let log = fixture("corpus/ts-errors/tsc-pretty.log");
    let o = buildfix(&["analyze", "--format", "json", log.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["version"], 1);
    let s = &doc["summary"];
    assert_eq!((s["errors"].as_u64(), s["warnings"].as_u64()), (Some(8), Some(0)));
    assert_eq!(s["bytes"], 2315);
    assert_eq!(s["reported"]["tsc"]["errors"], 8);
    let d = &doc["diagnostics"][7];
    assert_eq!(d["tool"], "tsc");
    assert_eq!(d["code"], "TS2552");
    assert_eq!(d["message"], "Cannot find name 'lenght'. Did you mean 'length'?");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("src/app.ts"), Some(12), Some(30))
    );
    assert_eq!(d["end_column"], 36);
    assert_eq!(d["count"], 1);
    let range = d["log_range"].as_array().unwrap();
    assert!(range[0].as_u64() < range[1].as_u64());
}

#[test]
fn json_carries_compiler_suggestions() {
    let log = fixture("corpus/rust-resolve/build-json.log");
    let o = buildfix(&["analyze", "--format=json", log.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let unused = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unused_imports")
        .unwrap();
    let s = &unused["suggestions"][0];
    assert_eq!(s["applicability"], "MachineApplicable");
    assert_eq!(s["edits"][0]["replacement"], "");
    assert_eq!(
        (s["edits"][0]["line"].as_u64(), s["edits"][0]["end_line"].as_u64()),
        (Some(1), Some(2))
    );
}

#[test]
fn reads_standard_input() {
    let log = std::fs::read(fixture("corpus/go-errors/build.log")).unwrap();
    let o = buildfix_stdin(&["analyze", "-", "--format", "json"], &log);
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["summary"]["errors"], 5);
}

/// The diagnostics of a JSON document, without where in the log each was.
fn diagnostics_of(o: &Output) -> Vec<Value> {
    let doc: Value = serde_json::from_str(&stdout(o)).unwrap();
    let mut all = doc["diagnostics"].as_array().unwrap().clone();
    for d in &mut all {
        d.as_object_mut().unwrap().remove("log_range");
    }
    all
}

/// Checks that `log` gives the diagnostics `plain` (those of `name`), piped
/// and read from a file.
fn assert_reads_as(log: &[u8], plain: &[Value], name: &str) {
    let piped = buildfix_stdin(&["analyze", "--format", "json", "-"], log);
    assert_eq!(diagnostics_of(&piped), plain, "{name}, piped");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("build.log");
    std::fs::write(&file, log).unwrap();
    let read = buildfix(&["analyze", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(diagnostics_of(&read), plain, "{name}, from a file");
}

#[test]
fn a_log_saved_by_a_ci_service_reads_as_the_build_printed_it() {
    let logs = [
        "corpus/c-undeclared/gcc-fixits.log",
        "corpus/c-undeclared/gcc-color.log",
        "corpus/rust-resolve/build-json.log",
        "corpus/ts-errors/tsc-pretty.log",
        "corpus/python-errors/pytest.log",
    ];
    for name in logs {
        let path = fixture(name);
        let plain = diagnostics_of(&buildfix(&["analyze", "--format", "json", path.to_str().unwrap()]));
        assert!(!plain.is_empty(), "{name}");
        let text = std::fs::read_to_string(&path).unwrap();
        // GitHub's saved log, and `gh run view --log`, which names job and step.
        let github: String = text
            .lines()
            .map(|l| format!("2026-11-24T10:00:01.1234567Z {l}\n"))
            .collect();
        let gh_cli: String = text
            .lines()
            .map(|l| format!("build\tRun make\t2026-11-24T10:00:01.1234567Z {l}\n"))
            .collect();
        // `docker build` in GitHub Actions: BuildKit's step and seconds too.
        let docker: String = text
            .lines()
            .map(|l| format!("2026-11-24T10:00:01.1234567Z #8 12.07 {l}\n"))
            .collect();
        for stamped in [github, gh_cli, docker] {
            assert_reads_as(stamped.as_bytes(), &plain, name);
        }
    }
}

#[test]
fn a_log_saved_in_utf16_or_with_a_byte_order_mark_reads_as_the_build_printed_it() {
    for name in ["logs/msbuild/multi-target.log", "corpus/c-undeclared/gcc-fixits.log"] {
        let path = fixture(name);
        let plain = diagnostics_of(&buildfix(&["analyze", "--format", "json", path.to_str().unwrap()]));
        assert!(!plain.is_empty(), "{name}");
        let text = std::fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
        // As Windows PowerShell 5 saves `dotnet build > build.log`, in either
        // byte order, and as UTF-8 with a mark.
        let little: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let marked: Vec<u8> = "\u{feff}".bytes().chain(text.bytes()).collect();
        for saved in [little, big, marked] {
            assert_reads_as(&saved, &plain, name);
        }
    }
}

#[test]
fn a_clean_log_exits_zero() {
    let o = buildfix_stdin(&["analyze"], b"   Compiling app v0.1.0\n    Finished `dev` profile\n");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("0 errors, 0 warnings"));
}

#[test]
fn colour_is_forced_with_always_and_off_with_never() {
    let log = fixture("corpus/go-errors/build.log");
    let coloured = buildfix(&["analyze", "--color", "always", log.to_str().unwrap()]);
    assert!(stdout(&coloured).contains("\x1b[1;31merror"));
    let plain = buildfix(&["analyze", "--color", "never", log.to_str().unwrap()]);
    assert!(!stdout(&plain).contains('\x1b'));
}

#[test]
fn unreadable_inputs_get_one_clear_line_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.log");
    let o = buildfix(&["analyze", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).starts_with("buildfix: error: cannot open "));

    let o = buildfix(&["analyze", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory, not a build log"));

    let gz = dir.path().join("build.log.gz");
    std::fs::write(&gz, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03").unwrap();
    let o = buildfix(&["analyze", gz.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("looks like a gzip archive, not a build log; try: zcat"),
        "{}",
        stderr(&o)
    );

    let exe = buildfix(&["analyze", env!("CARGO_BIN_EXE_buildfix")]);
    assert_eq!(exe.status.code(), Some(2));
    assert!(stderr(&exe).contains("looks like an ELF executable"));
}

#[test]
fn usage_errors_exit_two() {
    let o = buildfix(&["analyze", "--format", "xml", "x.log"]);
    assert_eq!(o.status.code(), Some(2));
    let o = buildfix(&["analyze", "--tool", "fortran", "x.log"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown tool `fortran`"));
}

#[test]
fn an_empty_file_and_a_proc_file_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.log");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(buildfix(&["analyze", empty.to_str().unwrap()]).status.code(), Some(0));
    // /proc files report size 0 and cannot be mapped: they are streamed.
    let o = buildfix(&["analyze", "--format", "json", "/proc/self/status"]);
    assert_eq!(o.status.code(), Some(0));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(doc["summary"]["bytes"].as_u64().unwrap() > 100);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // Far more output than a pipe buffers, so the write really fails.
    let log: String = (1..=20_000)
        .map(|i| format!("src/a.ts({i},1): error TS2304: Cannot find name 'x{i}'.\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    std::fs::write(&path, log).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["analyze", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn many_diagnostics_are_shown_as_ranked_clusters() {
    // 300 errors of three kinds; the first error of the build is of the rarest kind.
    let mut log = String::from("src/a.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\n");
    for i in 0..200 {
        log.push_str(&format!(
            "src/f{}.ts({i},5): error TS2304: Cannot find name 'x{i}'.\n",
            i % 7
        ));
    }
    for i in 0..99 {
        log.push_str(&format!(
            "src/g.ts({i},1): error TS6133: 'v{i}' is declared but its value is never read.\n"
        ));
    }
    let o = buildfix_stdin(&["analyze", "-", "--format", "json"], log.as_bytes());
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let clusters = doc["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 3);
    assert_eq!(clusters[0]["code"], "TS2322", "the build's first error ranks first");
    assert_eq!(clusters[0]["reasons"][0], "first error in the build");
    assert_eq!(
        (clusters[1]["code"].as_str(), clusters[1]["count"].as_u64()),
        (Some("TS2304"), Some(200))
    );
    assert_eq!(clusters[1]["files"], 7);
    assert_eq!(clusters[1]["template"], "Cannot find name <id>.");
    assert_eq!(clusters[1]["fingerprint"].as_str().unwrap().len(), 16);
    let shown = doc["diagnostics"].as_array().unwrap().len();
    assert_eq!(shown, 1 + 3 + 3, "only the samples are listed");
    assert_eq!(doc["summary"]["omitted"].as_u64(), Some(300 - shown as u64));
    for c in clusters {
        for s in c["samples"].as_array().unwrap() {
            assert_eq!(doc["diagnostics"][s.as_u64().unwrap() as usize]["code"], c["code"]);
        }
    }
    let text = stdout(&buildfix_stdin(&["analyze", "-", "--color", "never"], log.as_bytes()));
    assert!(text.starts_with("300 diagnostics of 3 kinds"), "{text}");
    assert!(
        text.contains("[2] error[TS2304]: Cannot find name <id>.\n    fix known · 200 occurrences in 7 files\n"),
        "{text}"
    );
    let all = stdout(&buildfix_stdin(
        &["analyze", "-", "--format", "json", "--expand", "1000"],
        log.as_bytes(),
    ));
    let doc: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 300);
}

#[test]
fn a_log_read_from_a_pipe_is_analysed_not_cached() {
    // `buildfix analyze <(make 2>&1)` in a project with a state directory.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".buildfix")).unwrap();
    let log = fixture("corpus/c-undeclared/gcc.log");
    let pipe = root.join("build.pipe");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let writer = {
        let (pipe, log) = (pipe.clone(), log.clone());
        std::thread::spawn(move || std::fs::write(pipe, std::fs::read(log).unwrap()).unwrap())
    };
    let r = root.to_str().unwrap();
    let piped = buildfix(&["analyze", "--color", "never", "--root", r, pipe.to_str().unwrap()]);
    writer.join().unwrap();
    let file = buildfix(&[
        "analyze",
        "--color",
        "never",
        "--no-cache",
        "--root",
        r,
        log.to_str().unwrap(),
    ]);
    assert_eq!(
        (piped.status.code(), stdout(&piped)),
        (file.status.code(), stdout(&file)),
        "{}",
        stderr(&piped)
    );
    let stats = stdout(&buildfix(&["cache", "stats", "--root", r]));
    assert!(stats.starts_with("0 answers,"), "{stats}");
}

#[test]
fn a_log_seen_before_against_the_same_tree_is_answered_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let log = root.join("gcc.log");
    std::fs::copy(fixture("corpus/c-undeclared/gcc.log"), &log).unwrap();
    std::fs::copy(fixture("corpus/c-undeclared/main.c"), root.join("main.c")).unwrap();
    let r = root.to_str().unwrap();
    let analyze = |extra: &[&str]| {
        buildfix(
            &[
                &["analyze", "--color", "never", "--root", r, log.to_str().unwrap()],
                extra,
            ]
            .concat(),
        )
    };
    let stats = || stdout(&buildfix(&["cache", "stats", "--root", r]));
    // Without a state directory, nothing is written.
    let first = analyze(&[]);
    assert!(!root.join(".buildfix").exists());
    std::fs::create_dir(root.join(".buildfix")).unwrap();
    let miss = analyze(&[]);
    let hit = analyze(&[]);
    assert_eq!((hit.status.code(), stdout(&hit)), (miss.status.code(), stdout(&miss)));
    assert_eq!(
        (miss.status.code(), stdout(&miss)),
        (first.status.code(), stdout(&first))
    );
    assert!(
        stats().starts_with("1 answers,") && stats().contains("1 hits, 1 misses"),
        "{}",
        stats()
    );
    // Other options, another question.
    analyze(&["--format", "json"]);
    assert!(stats().contains("1 hits, 2 misses"), "{}", stats());
    analyze(&["--no-cache"]);
    assert!(stats().contains("1 hits, 2 misses"), "{}", stats());
    // A source file changed: the pattern fixes read it, so the answer is new.
    std::fs::write(root.join("main.c"), "int main(void) { return 0; }\n").unwrap();
    let changed = analyze(&[]);
    assert!(stats().contains("1 hits, 3 misses"), "{}", stats());
    assert_ne!(stdout(&changed), stdout(&hit));
    let cleaned = stdout(&buildfix(&["cache", "clean", "--root", r]));
    assert!(cleaned.starts_with("emptied the cache"), "{cleaned}");
    assert!(stats().starts_with("0 answers, 0.0 MiB of 256 MiB"), "{}", stats());
}

#[test]
fn analyze_lists_a_diagnostic_s_fixes_in_the_order_fix_tries_them() {
    // `xs.length` on a List<int>: `Count`, from the table of other
    // languages' names, is likelier right than the nearest name in the
    // file (`Length`), and is listed first, as `fix` and `run` try it.
    let root = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("projects/csharp-members-from-other-languages/Stats.cs"),
        root.path().join("Stats.cs"),
    )
    .unwrap();
    let mcs = Command::new("mcs")
        .args(["-out:app.exe", "Stats.cs"])
        .current_dir(root.path())
        .output()
        .expect("mcs runs");
    let log = root.path().join("build.log");
    std::fs::write(&log, [mcs.stdout, mcs.stderr].concat()).unwrap();
    let r = root.path().to_str().unwrap();
    let text = stdout(&buildfix(&[
        "analyze",
        "--no-cache",
        "--root",
        r,
        log.to_str().unwrap(),
    ]));
    let at = |fix: &str| text.find(fix).unwrap_or_else(|| panic!("{fix} not in:\n{text}"));
    assert!(
        at("replace `length` with `Count` (MaybeIncorrect) [pattern csharp.member-from-other-language]")
            < at("replace `length` with `Length` (MaybeIncorrect) [pattern csharp.member-typo]"),
        "{text}"
    );
}
