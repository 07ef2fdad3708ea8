//! Every renderer on real compiler output from the corpus: snapshots, the
//! SARIF schema, GitHub's per-step limits and the job summary's size.

use buildfix_core::{Cluster, Diagnostic, Fingerprint, Severity, Span, Summary, Tool};
use buildfix_logparse::{Analysis, ParserBuilder};
use buildfix_report::{Report, github, gitlab, html, json, junit, markdown, sarif, text};
use buildfix_sample::{Clusterer, rank};
use serde_json::Value;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Every log of the corpus.
fn corpus_logs() -> Vec<String> {
    let mut logs = Vec::new();
    for project in std::fs::read_dir(fixtures().join("corpus")).unwrap() {
        let project = project.unwrap().path();
        if !project.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&project).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "log") {
                let name = file.strip_prefix(fixtures()).unwrap().to_string_lossy().into_owned();
                logs.push(name);
            }
        }
    }
    logs.sort();
    assert!(logs.len() >= 26, "the corpus has {} logs", logs.len());
    logs
}

/// A parsed log with what a report needs, owned.
struct Parsed {
    analysis: Analysis,
    clusters: Vec<Cluster>,
    fingerprints: Vec<Fingerprint>,
}

impl Parsed {
    fn new(name: &str) -> Parsed {
        let bytes = std::fs::read(fixtures().join(name)).unwrap();
        Parsed::of(ParserBuilder::new().build().parse_bytes(&bytes))
    }

    fn of(analysis: Analysis) -> Parsed {
        let mut clusterer = Clusterer::new(3);
        for (i, d) in analysis.diagnostics().iter().enumerate() {
            clusterer.add(i, d);
        }
        let mut clusters = clusterer.finish();
        rank(&mut clusters, |_| false, |_| false);
        let fingerprints = analysis
            .diagnostics()
            .iter()
            .map(|d| Clusterer::fingerprint(d).0)
            .collect();
        Parsed {
            analysis,
            clusters,
            fingerprints,
        }
    }

    /// Every diagnostic shown, paths relative to `base`.
    fn report<'a>(&'a self, base: &'a str) -> Report<'a> {
        Report {
            reported: self.analysis.reported(),
            clusters: &self.clusters,
            fingerprints: &self.fingerprints,
            base,
            ..Report::new(self.analysis.diagnostics(), self.analysis.summary())
        }
    }
}

fn render(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// One log per toolchain, rendered in every format.
#[test]
fn every_renderer_on_one_log_per_toolchain() {
    let logs = [
        "corpus/rust-resolve/build-json.log",
        "corpus/c-undeclared/gcc-fixits.log",
        "corpus/cpp-templates/clangxx-fixits.log",
        "corpus/csharp-errors/mcs.log",
        "corpus/java-symbols2/javac.log",
        "corpus/ts-errors/tsc.log",
        "corpus/go-errors/build.log",
        "corpus/python-errors/pytest.log",
    ];
    for name in logs {
        let parsed = Parsed::new(name);
        let report = parsed.report("/tmp/corpus");
        let annotated = github::annotated(&report);
        let all = [
            ("text", render(|o| text::write(o, &report, false))),
            ("json", render(|o| json::write(o, &report))),
            ("github", render(|o| github::write(o, &report))),
            ("markdown", render(|o| markdown::write(o, &report, Some(&annotated)))),
            ("sarif", render(|o| sarif::write(o, &report))),
            ("gitlab", render(|o| gitlab::write(o, &report))),
            ("junit", render(|o| junit::write(o, &report))),
            ("html", render(|o| html::write(o, &report))),
        ];
        let slug = name.trim_start_matches("corpus/").replace(['/', '.'], "-");
        for (format, out) in all {
            insta::assert_snapshot!(format!("{slug}.{format}"), out);
        }
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let path = fixtures().join("schemas/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(validator: &jsonschema::Validator, doc: &Value, name: &str) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: SARIF invalid:\n{}", errors.join("\n"));
}

#[test]
fn sarif_of_every_corpus_log_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    // The validator is strict: it rejects a result without a message.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "x"}]}]});
    assert!(!validator.is_valid(&broken));
    let mut fixes = 0;
    for name in corpus_logs() {
        let parsed = Parsed::new(&name);
        let doc: Value = serde_json::from_str(&render(|o| sarif::write(o, &parsed.report("")))).unwrap();
        assert_valid_sarif(&validator, &doc, &name);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), parsed.analysis.diagnostics().len(), "{name}");
        for (r, d) in results.iter().zip(parsed.analysis.diagnostics()) {
            assert_eq!(r["ruleId"].as_str().unwrap().split('/').next(), Some(d.tool().name()));
            assert_eq!(r["partialFingerprints"]["buildfixKind/v1"].as_str().unwrap().len(), 16);
            fixes += r.get("fixes").map_or(0, |f| f.as_array().unwrap().len());
        }
    }
    // rustc JSON and the clang/gcc fix-it logs carry suggestions.
    assert!(fixes >= 10, "{fixes} fixes in the corpus SARIF");
}

#[test]
fn sarif_tracks_an_error_across_runs_when_lines_move() {
    let log = |line: u32| {
        let mut d = Diagnostic::new(Tool::Rustc, Severity::Error, "cannot find value `x` in this scope");
        d.set_code("E0425");
        d.set_primary(Span::point("src/lib.rs", line, 5));
        d
    };
    let fingerprint = |d: Diagnostic| {
        let diagnostics = [d];
        let fingerprints = [Clusterer::fingerprint(&diagnostics[0]).0];
        let summary = Summary::default();
        let report = Report {
            fingerprints: &fingerprints,
            ..Report::new(&diagnostics, &summary)
        };
        let doc: Value = serde_json::from_str(&render(|o| sarif::write(o, &report))).unwrap();
        doc["runs"][0]["results"][0]["partialFingerprints"].clone()
    };
    assert_eq!(fingerprint(log(3)), fingerprint(log(40)));
    let mut other = log(3);
    other.set_primary(Span::point("src/main.rs", 3, 5));
    assert_ne!(
        fingerprint(log(3))["buildfixResult/v1"],
        fingerprint(other.clone())["buildfixResult/v1"]
    );
    assert_eq!(
        fingerprint(log(3))["buildfixKind/v1"],
        fingerprint(other)["buildfixKind/v1"]
    );
}

/// A word per kind, in letters (digits would be taken for particulars).
fn word(k: usize) -> String {
    let letter = |n: usize| char::from(b'a' + n as u8);
    format!("x{}{}", letter(k / 26), letter(k % 26))
}

/// A log of `kinds` error kinds and `kinds` warning kinds, `each` of every kind.
fn many_kinds(kinds: usize, each: usize) -> Parsed {
    let mut log = String::new();
    for i in 0..each {
        for k in 0..kinds {
            let w = word(k);
            log.push_str(&format!(
                "src/f{i}.c:{}:3: error: {w} 'v{i}' is {w} | 100% <b>\n",
                k + 1
            ));
            log.push_str(&format!("src/f{i}.c:{}:3: warning: {w} `w{i}` unused {w}\n", k + 1));
        }
    }
    Parsed::of(ParserBuilder::new().build().parse_bytes(log.as_bytes()))
}

#[test]
fn github_annotates_one_per_kind_at_most_ten_per_level_first_errors_first() {
    let parsed = many_kinds(14, 5);
    let report = parsed.report("");
    assert_eq!(parsed.clusters.len(), 28);
    let out = render(|o| github::write(o, &report));
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("::error ")).collect();
    let warnings = out.lines().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!((errors.len(), warnings), (10, 10), "{out}");
    assert_eq!(out.lines().count(), 20);
    // The build's first error is annotated first, standing for its kind.
    assert!(
        errors[0].starts_with(
            "::error file=src/f0.c,line=1,col=3,title=gcc · 5 of this kind in 5 files::xaa 'v0' is xaa | 100%25 <b>"
        ),
        "{}",
        errors[0]
    );
    let annotated = github::annotated(&report);
    assert_eq!(annotated.left_out, [4, 4, 0]);
    let summary = render(|o| markdown::write(o, &report, Some(&annotated)));
    assert!(summary.contains("20 kinds are annotated on the code, the other 8 are listed here"));
    assert_eq!(summary.matches("\n| ").count(), 1 + 28, "{summary}");
}

#[test]
fn github_escapes_what_a_message_or_path_holds() {
    let mut d = Diagnostic::new(
        Tool::Gcc,
        Severity::Error,
        "expected ',' or ':' at 100%\r\nnext line: naïve 名前",
    );
    d.set_primary(Span::point("/w/src/a,b:c.c", 7, 2));
    let diagnostics = [d];
    let summary = Summary::default();
    let report = Report::new(&diagnostics, &summary).base("/w");
    assert_eq!(
        render(|o| github::write(o, &report)),
        "::error file=src/a%2Cb%3Ac.c,line=7,col=2,title=gcc::expected ',' or ':' at 100%25%0D%0Anext line: naïve 名前\n"
    );
}

#[test]
fn the_job_summary_stays_under_a_mebibyte_however_large_the_log() {
    let parsed = many_kinds(300, 40);
    assert_eq!(parsed.analysis.diagnostics().len(), 24_000);
    let report = parsed.report("");
    let summary = render(|o| markdown::write(o, &report, Some(&github::annotated(&report))));
    assert!(summary.len() < 1 << 20, "{} bytes", summary.len());
    assert!(summary.contains(&format!("\n{} more kinds are not listed", 600 - markdown::MAX_ROWS)));
}

#[test]
fn sarif_keeps_within_code_scannings_results_per_run() {
    let parsed = many_kinds(300, 10);
    assert_eq!(parsed.analysis.diagnostics().len(), 6_000);
    let doc: Value = serde_json::from_str(&render(|o| sarif::write(o, &parsed.report("")))).unwrap();
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), sarif::MAX_RESULTS);
    assert_eq!(doc["runs"][0]["properties"]["omitted"], 1_000);
    assert_valid_sarif(&sarif_validator(), &doc, "6,000 diagnostics");
}

#[test]
fn junit_is_one_test_case_per_kind_failing_for_errors() {
    let parsed = many_kinds(3, 2);
    let out = render(|o| junit::write(o, &parsed.report("")));
    assert_eq!(out.matches("<testcase ").count(), 6);
    assert_eq!(out.matches("<failure ").count(), 3);
    assert!(out.contains(r#"<testsuites name="buildfix" tests="6" failures="3">"#));
    assert!(out.contains("xaa &apos;v0&apos; is xaa | 100% &lt;b&gt;"), "{out}");
}

#[test]
fn gitlab_fingerprints_are_unique_and_stable() {
    let parsed = many_kinds(5, 4);
    let doc: Value = serde_json::from_str(&render(|o| gitlab::write(o, &parsed.report("")))).unwrap();
    let issues = doc.as_array().unwrap();
    assert_eq!(issues.len(), 40);
    let fingerprints: std::collections::HashSet<&str> =
        issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fingerprints.len(), 40);
    let again: Value = serde_json::from_str(&render(|o| gitlab::write(o, &parsed.report("")))).unwrap();
    assert_eq!(doc, again);
    assert_eq!(issues[0]["severity"], "critical");
    assert_eq!(issues[0]["location"]["path"], "src/f0.c");
}
