//! Every log of the corpus (real compiler output, copied into
//! `tests/fixtures/corpus`): exact counts, snapshots of the records, and the
//! same result on every path through the parser.

mod common;

use buildfix_core::{Severity, Tool};
use common::{dump, fixture, parse_every_way};
use std::collections::BTreeSet;

/// (fixture, errors, warnings): the counts the compiler printed, or, where
/// it prints none (gcc, go, python), the records counted by hand in the log.
const CORPUS: &[(&str, u64, u64)] = &[
    ("corpus/c-undeclared/clang-fixits.log", 3, 1),
    ("corpus/c-undeclared/clang.log", 3, 1),
    ("corpus/c-undeclared/gcc-color.log", 3, 4),
    ("corpus/c-undeclared/gcc-fixits.log", 3, 4),
    ("corpus/c-undeclared/gcc-json.log", 3, 4),
    ("corpus/c-undeclared/gcc-lang-c.log", 3, 4),
    ("corpus/c-undeclared/gcc.log", 3, 4),
    ("corpus/c-undeclared/make.log", 3, 4),
    ("corpus/cpp-templates/clangxx-fixits.log", 8, 0),
    ("corpus/cpp-templates/gxx.log", 10, 0),
    ("corpus/csharp-errors/mcs.log", 2, 0),
    ("corpus/csharp-errors2/mcs.log", 1, 0),
    ("corpus/go-errors/build.log", 5, 0),
    ("corpus/go-errors/vet.log", 1, 0),
    ("corpus/java-symbols/javac.log", 1, 0),
    ("corpus/java-symbols2/javac.log", 6, 0),
    ("corpus/python-errors/pytest.log", 3, 0),
    ("corpus/python-errors/run.log", 1, 0),
    ("corpus/python-errors/syntax.log", 1, 0),
    ("corpus/rust-resolve/build-color.log", 6, 3),
    ("corpus/rust-resolve/build-json.log", 6, 3),
    ("corpus/rust-resolve/build.log", 6, 3),
    ("corpus/rust-types/build-json.log", 5, 0),
    ("corpus/rust-types/build.log", 5, 0),
    ("corpus/ts-errors/tsc-pretty.log", 8, 0),
    ("corpus/ts-errors/tsc.log", 8, 0),
];

/// (fixture, errors, warnings) for the project's own fixtures
/// (`tests/fixtures/logs/README.md` says which are real output).
const LOGS: &[(&str, u64, u64)] = &[
    ("logs/cmake/missing-package.log", 1, 0),
    ("logs/cmake/missing-source.log", 2, 0),
    ("logs/cmake/no-source-dir.log", 1, 0),
    ("logs/cmake/warning-and-error.log", 1, 1),
    ("logs/gcc/include-and-instantiation.log", 2, 0),
    ("logs/gcc/link-errors.log", 6, 0),
    ("logs/gcc/meson-ninja.log", 3, 4),
    ("logs/gcc/recursive-make.log", 1, 2),
    ("logs/gcc/runner-paths.log", 3, 4),
    ("logs/gcc/sanitizers.log", 2, 0),
    ("logs/go/test-failures.log", 4, 0),
    ("logs/gradle/java-and-kotlin.log", 4, 1),
    ("logs/java/uncaught-exception.log", 1, 0),
    ("logs/javac/xlint-warnings.log", 1, 3),
    ("logs/lerna/stream-tsc.log", 3, 0),
    ("logs/maven/compile-failure.log", 2, 1),
    ("logs/mixed/progress-and-crlf.log", 11, 4),
    ("logs/pnpm/recursive-tsc.log", 3, 0),
    ("logs/npm/workspaces-tsc.log", 3, 0),
    ("logs/msbuild/multi-target.log", 3, 2),
    ("logs/mypy/plain.log", 6, 0),
    ("logs/mypy/pretty.log", 6, 0),
    ("logs/python/chained.log", 1, 0),
    ("logs/pytest/collect-syntax-error.log", 1, 0),
    ("logs/pytest/fixture-not-found.log", 2, 0),
    ("logs/pytest/library-frame.log", 1, 0),
    ("logs/rustc/bare-human.log", 2, 1),
    ("logs/rustc/bare-json.log", 2, 1),
    ("logs/rustc/bare-short.log", 2, 1),
    ("logs/rustc/cargo-test-human.log", 3, 0),
    ("logs/rustc/cargo-test-panics.log", 5, 0),
    ("logs/rustc/cargo-test-json.log", 3, 0),
    ("logs/rustc/cargo-test-lib-twice.log", 4, 1),
    ("logs/turbo/grouped-tsc.log", 3, 0),
    ("logs/turbo/workspace-tsc.log", 3, 0),
];

#[test]
fn counts_match_what_the_compilers_reported() {
    for &(name, errors, warnings) in CORPUS.iter().chain(LOGS) {
        let analysis = parse_every_way(&fixture(name));
        let s = analysis.summary();
        assert_eq!((s.errors, s.warnings), (errors, warnings), "{name}");
        // Where a tool printed totals, they agree with every report found
        // (MSBuild counts each target framework's report of one error).
        for (tool, t) in analysis.reported() {
            let reports = |sev| -> u64 {
                let of_tool = analysis.diagnostics().iter().filter(|d| d.severity() == sev);
                of_tool
                    .filter(|d| family(d.tool()) == family(*tool))
                    .map(|d| u64::from(d.count()))
                    .sum()
            };
            assert_eq!(t.errors, reports(Severity::Error), "{name}: {tool}'s own error total");
            if *tool != Tool::Pytest && *tool != Tool::Maven {
                assert_eq!(
                    t.warnings,
                    reports(Severity::Warning),
                    "{name}: {tool}'s own warning total"
                );
            }
        }
    }
}

/// Tools whose totals cover each other's diagnostics.
fn family(tool: Tool) -> Tool {
    match tool {
        Tool::Msbuild => Tool::Csharp,
        Tool::Gcc => Tool::Clang,
        other => other,
    }
}

#[test]
fn snapshots_of_every_fixture_log() {
    for &(name, _, _) in CORPUS.iter().chain(LOGS) {
        let analysis = parse_every_way(&fixture(name));
        let snapshot = name
            .trim_start_matches("corpus/")
            .trim_end_matches(".log")
            .replace('/', "__");
        insta::assert_snapshot!(snapshot, dump(&analysis));
    }
}

fn locations(name: &str) -> BTreeSet<(String, u32, Option<u32>, Option<String>)> {
    parse_every_way(&fixture(name))
        .diagnostics()
        .iter()
        .map(|d| {
            let p = d.primary().expect("every rustc diagnostic here has a span");
            (p.path().to_string(), p.line(), p.column(), d.code().map(str::to_string))
        })
        .collect()
}

#[test]
fn cargo_human_and_json_output_agree() {
    for project in ["rust-resolve", "rust-types"] {
        let human = locations(&format!("corpus/{project}/build.log"));
        let json = locations(&format!("corpus/{project}/build-json.log"));
        assert_eq!(human, json, "{project}");
        assert!(!human.is_empty());
    }
    assert_eq!(
        locations("corpus/rust-resolve/build.log"),
        locations("corpus/rust-resolve/build-color.log")
    );
}

#[test]
fn an_error_in_a_std_macro_is_where_the_crate_calls_it_and_alternatives_stay_apart() {
    // `assert_eq!` on a type without `PartialEq`: rustc's JSON puts the
    // primary span in `/rustc/.../macros/mod.rs`, its human output where
    // src/lib.rs calls the macro.
    let json = locations("logs/rustc/cargo-test-json.log");
    assert_eq!(locations("logs/rustc/cargo-test-human.log"), json);
    assert!(
        json.contains(&("src/lib.rs".into(), 19, Some(9), Some("E0369".into()))),
        "{json:?}"
    );
    // "consider importing one of these constants": two fixes, one each.
    let analysis = parse_every_way(&fixture("logs/rustc/cargo-test-json.log"));
    let pi = analysis
        .diagnostics()
        .iter()
        .find(|d| d.code() == Some("E0425"))
        .unwrap();
    let fixes: Vec<(&str, usize)> = pi
        .suggestions()
        .iter()
        .map(|s| (s.message(), s.edits().len()))
        .collect();
    assert_eq!(
        fixes,
        [
            (
                "consider importing one of these constants: `use std::f32::consts::PI;`",
                1
            ),
            (
                "consider importing one of these constants: `use std::f64::consts::PI;`",
                1
            ),
        ]
    );
}

#[test]
fn cargo_waiting_for_its_other_jobs_is_no_warning() {
    let log = "error[E0425]: cannot find value `PI` in this scope\n --> src/geometry.rs:36:9\n\n\
               warning: build failed, waiting for other jobs to finish...\n";
    let s = parse_every_way(log.as_bytes()).summary().clone();
    assert_eq!((s.errors, s.warnings), (1, 0));
}

#[test]
fn a_log_mixing_toolchains_parses_fully() {
    let parts = [
        "corpus/c-undeclared/gcc.log",
        "corpus/java-symbols2/javac.log",
        "corpus/python-errors/run.log",
        "corpus/ts-errors/tsc.log",
        "corpus/rust-resolve/build-json.log",
    ];
    let mut log = Vec::new();
    let mut expected = 0;
    for p in parts {
        log.extend_from_slice(&fixture(p));
        expected += CORPUS.iter().find(|c| c.0 == p).unwrap().1;
    }
    let analysis = parse_every_way(&log);
    assert_eq!(analysis.summary().errors, expected);
    let tools: BTreeSet<Tool> = analysis.diagnostics().iter().map(|d| d.tool()).collect();
    assert_eq!(
        tools,
        [Tool::Rustc, Tool::Gcc, Tool::Javac, Tool::Tsc, Tool::Python].into()
    );
}

#[test]
fn a_diagnostic_printed_twice_is_reported_once_with_a_count() {
    // cargo prints the same warning for the lib and the test target.
    let once = fixture("corpus/rust-resolve/build.log");
    let mut twice = once.clone();
    twice.extend_from_slice(&once);
    let a = parse_every_way(&once);
    let b = parse_every_way(&twice);
    assert_eq!(a.diagnostics().len(), b.diagnostics().len());
    assert!(b.diagnostics().iter().all(|d| d.count() == 2));
    assert_eq!(b.summary().duplicates, a.diagnostics().len() as u64);
}

#[test]
fn forcing_a_tool_reads_only_its_format() {
    let mut log = fixture("corpus/c-undeclared/gcc.log");
    log.extend_from_slice(&fixture("corpus/go-errors/build.log"));
    let only_go = buildfix_logparse::ParserBuilder::new()
        .tool(Some(Tool::Go))
        .build()
        .parse_bytes(&log);
    assert_eq!(only_go.summary().errors, 5);
    assert!(only_go.diagnostics().iter().all(|d| d.tool() == Tool::Go));
}

#[test]
fn progress_is_told_as_the_parse_goes_up_to_the_whole_log() {
    use buildfix_logparse::{ParserBuilder, ProgressHook};
    use std::sync::{Arc, Mutex};
    let mut log = Vec::new();
    for _ in 0..50 {
        log.extend_from_slice(&fixture("corpus/java-symbols2/javac.log"));
    }
    let told = Arc::new(Mutex::new(Vec::new()));
    let hook = {
        let told = Arc::clone(&told);
        ProgressHook(Arc::new(move |bytes| told.lock().unwrap().push(bytes)))
    };
    let parser = ParserBuilder::new()
        .chunk_size(4096)
        .stream_buffer(4096)
        .progress(Some(hook))
        .build();
    let in_memory = parser.parse_bytes(&log);
    let streamed = parser.parse_reader(log.as_slice()).unwrap();
    assert_eq!(in_memory.summary(), streamed.summary());
    assert_eq!(in_memory.summary().bytes, log.len() as u64);
    // Each parse tells its progress in order, ending at the log's size.
    let told = told.lock().unwrap().clone();
    let split = told.iter().position(|&b| b == log.len() as u64).unwrap() + 1;
    for part in [&told[..split], &told[split..]] {
        assert!(part.len() > 5, "{part:?}");
        assert!(part.is_sorted(), "{part:?}");
        assert_eq!(part.last(), Some(&(log.len() as u64)));
    }
}

#[test]
fn two_streams_parse_as_the_two_joined() {
    use buildfix_logparse::ParserBuilder;
    use common::Trickle;
    let logs: Vec<Vec<u8>> = CORPUS
        .iter()
        .chain(LOGS)
        .map(|(name, _, _)| {
            let mut log = fixture(name);
            if log.last().is_some_and(|&b| b != b'\n') {
                log.push(b'\n');
            }
            log
        })
        .collect();
    let parser = ParserBuilder::new().stream_buffer(97).build();
    // Each log as a build's stdout, the next as its stderr; each twice (its
    // diagnostics, totals and repeat blocks again); and each alone on
    // either side.
    for (i, first) in logs.iter().enumerate() {
        let second = &logs[(i + 1) % logs.len()];
        for (a, b) in [
            (first.as_slice(), second.as_slice()),
            (first, first),
            (first, &[][..]),
            (&[][..], first),
        ] {
            let joined = [a, b].concat();
            let expected = dump(&parser.parse_bytes(&joined));
            let (first, second) = (Trickle { data: a, step: 5 }, Trickle { data: b, step: 3 });
            let pair = parser.parse_pair(first, second).unwrap();
            assert_eq!(dump(&pair), expected, "log {i}");
        }
    }
}

#[test]
fn npm_banners_after_a_ci_services_prefix_name_their_packages() {
    let plain = fixture("logs/npm/workspaces-tsc.log");
    let packages = |log: &[u8]| -> Vec<Option<String>> {
        let analysis = parse_every_way(log);
        analysis
            .diagnostics()
            .iter()
            .map(|d| d.package().map(str::to_string))
            .collect()
    };
    let want = packages(&plain);
    assert_eq!(want.len(), 3);
    assert!(want.iter().all(Option::is_some), "{want:?}");
    // GitHub's and GitLab's time stamps, and `gh run view --log`'s job and step.
    for prefix in [
        "2026-11-24T10:00:01.1234567Z ",
        "2026-11-24T10:00:01.123456Z 00O ",
        "build\tRun npm run build --workspaces\t2026-11-24T10:00:01.1234567Z ",
    ] {
        let stamped: Vec<u8> = plain
            .split_inclusive(|&b| b == b'\n')
            .flat_map(|line| [prefix.as_bytes(), line].concat())
            .collect();
        assert_eq!(packages(&stamped), want, "{prefix:?}");
    }
}
