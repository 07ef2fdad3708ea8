//! The pattern compiler reports every problem at once with its file and
//! line; artifacts round-trip and refuse other versions; the prefilter
//! keeps regexes from running on diagnostics they cannot match.

use buildfix_core::{Diagnostic, Severity, Tool};
use buildfix_patterns::{ArtifactError, PatternSet, compile, test};

fn src(name: &str, text: &str) -> (String, String) {
    (name.to_string(), text.to_string())
}

const GOOD: &str = r#"
[[pattern]]
id = "go.undefined"
tool = "go"
message = 'undefined: (?P<name>\w+)'
confidence = 0.5
action = { kind = "add-import", symbol = "${name}", module = "${name}" }
examples = [{ message = "undefined: fmt", captures = { name = "fmt" } }]
"#;

#[test]
fn every_problem_is_reported_with_file_and_line() {
    let bad = r#"
[[pattern]]
id = "a.bad-regex"
tool = "go"
message = 'undefined: (?P<name>\w+'
confidence = 0.5
action = { kind = "delete-line" }
examples = [{ message = "x" }]

[[pattern]]
id = "a.unknown-capture"
tool = "go"
message = 'undefined: (?P<name>\w+)'
confidence = 1.5
action = { kind = "replace-span", with = "${other}" }
examples = [{ message = "undefined: x" }]

[[pattern]]
id = "go.undefined"
tool = "fortran"
message = 'x'
confidence = 0.5
action = { kind = "add-import", symbol = "x", table = "nowhere" }
examples = []
"#;
    let problems = compile(&[src("go.toml", GOOD), src("more.toml", bad)]).unwrap_err();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let has = |needle: &str| text.iter().any(|t| t.contains(needle));
    assert!(has("more.toml:3: a.bad-regex: bad message regex"), "{text:#?}");
    assert!(
        has("more.toml:11: a.unknown-capture: the action uses ${other}"),
        "{text:#?}"
    );
    assert!(
        has("more.toml:11: a.unknown-capture: confidence 1.5 is not between 0 and 1"),
        "{text:#?}"
    );
    assert!(has("more.toml:19: go.undefined: duplicate id"), "{text:#?}");
    assert!(has("more.toml:19: go.undefined: unknown tool `fortran`"), "{text:#?}");
    assert!(
        has("more.toml:19: go.undefined: unknown knowledge table `nowhere`"),
        "{text:#?}"
    );
    assert!(
        has("more.toml:19: go.undefined: a pattern needs at least one example"),
        "{text:#?}"
    );
}

#[test]
fn unknown_actions_and_fields_are_located() {
    let typo = "[[pattern]]\nid = \"x\"\ntool = \"go\"\nmessage = 'x'\nconfidence = 0.5\naction = { kind = \"add-imprt\" }\nexamples = [{ message = \"x\" }]\n";
    let problems = compile(&[src("typo.toml", typo)]).unwrap_err();
    assert_eq!(problems[0].file, "typo.toml");
    assert_eq!(problems[0].line, 6, "{problems:?}");
    assert!(problems[0].message.contains("add-imprt"), "{problems:?}");
}

#[test]
fn examples_that_do_not_match_are_failures() {
    let text = GOOD.replace("captures = { name = \"fmt\" }", "captures = { name = \"os\" }")
        + "counter_examples = [\"undefined: y\"]\n";
    let lib = compile(&[src("go.toml", &text)]).unwrap();
    let failures: Vec<String> = test(&lib).iter().map(ToString::to_string).collect();
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(
        failures[0].starts_with("go.toml:3: go.undefined: example \"undefined: fmt\": capture name"),
        "{failures:#?}"
    );
    assert!(failures[1].contains("counter-example matches"));
}

#[test]
fn artifacts_round_trip_and_refuse_other_bytes() {
    let lib = compile(&[src("go.toml", GOOD)]).unwrap();
    let hash = lib.source_hash;
    let set = PatternSet::new(lib);
    let bytes = set.to_artifact();
    let back = PatternSet::from_artifact(&bytes).unwrap();
    assert_eq!(back.library(), set.library());
    assert_eq!(back.library().source_hash, hash);
    assert_eq!(
        PatternSet::from_artifact(b"not an artifact").err(),
        Some(ArtifactError::NotAnArtifact)
    );
    // A changed source changes the hash: a stale artifact can be told.
    let changed = compile(&[src("go.toml", &GOOD.replace("0.5", "0.6"))]).unwrap();
    assert_ne!(changed.source_hash, hash);
}

#[test]
fn the_prefilter_skips_regexes_that_cannot_match() {
    let set = PatternSet::new(compile(&[src("go.toml", GOOD)]).unwrap());
    let other = Diagnostic::new(Tool::Go, Severity::Error, "imported and not used: \"os\"");
    assert!(set.matches(&other).is_empty());
    assert_eq!(
        set.regex_runs(),
        0,
        "no literal of the pattern occurs, so its regex never runs"
    );
    let rust = Diagnostic::new(Tool::Rustc, Severity::Error, "undefined: fmt");
    assert!(
        set.matches(&rust).is_empty(),
        "another tool's patterns are not even candidates"
    );
    assert_eq!(set.regex_runs(), 0);
    let hit = Diagnostic::new(Tool::Go, Severity::Error, "undefined: fmt");
    assert_eq!(set.matches(&hit)[0].captures["name"], "fmt");
    assert_eq!(set.regex_runs(), 1);
}
