//! Golden fingerprints: fixed values, stable across runs, versions and
//! machines; the same kind of error with other names, files and lines
//! hashes alike, and different kinds differ.

use buildfix_core::{Diagnostic, Severity, Tool};
use buildfix_logparse::Parser;
use buildfix_sample::Clusterer;
use std::collections::HashMap;

fn fp(tool: Tool, code: Option<&str>, message: &str) -> String {
    let mut d = Diagnostic::new(tool, Severity::Error, message);
    if let Some(c) = code {
        d.set_code(c);
    }
    Clusterer::fingerprint(&d).0.to_string()
}

#[test]
fn golden_values_do_not_change() {
    // FNV-1a (64-bit) of `tool 0xFF code 0xFF template`, computed apart from
    // this code (a few lines of Python); the values are part of the JSON
    // format, so a change here breaks users.
    assert_eq!(
        fp(Tool::Rustc, Some("E0425"), "cannot find value `hh` in this scope"),
        "125dfcfb958c1727"
    );
    assert_eq!(
        fp(
            Tool::Csharp,
            Some("CS0103"),
            "The name `Totl' does not exist in the current context"
        ),
        "ed11b5bc46261fb0"
    );
    assert_eq!(fp(Tool::Go, None, "undefined: fmt"), "758945cc04553230");
}

#[test]
fn same_kind_other_particulars_same_fingerprint() {
    let pairs = [
        (
            Tool::Rustc,
            Some("E0425"),
            "cannot find value `hh` in this scope",
            "cannot find value `cout` in this scope",
        ),
        (
            Tool::Gcc,
            None,
            "‘cout’ undeclared (first use in this function); did you mean ‘count’?",
            "‘x1’ undeclared (first use in this function); did you mean ‘x2’?",
        ),
        (
            Tool::Clang,
            None,
            "use of undeclared identifier 'coutns'; did you mean 'counts'?",
            "use of undeclared identifier 'a'; did you mean 'b'?",
        ),
        (
            Tool::Csharp,
            Some("CS0246"),
            "The type or namespace name `List' could not be found. Are you missing `System.Collections.Generic' using directive?",
            "The type or namespace name `StringBuilder' could not be found. Are you missing `System.Text' using directive?",
        ),
        (
            Tool::Tsc,
            Some("TS2339"),
            "Property 'nmae' does not exist on type 'User'.",
            "Property 'x' does not exist on type 'Point'.",
        ),
        (
            Tool::Tsc,
            Some("TS2741"),
            "Property 'age' is missing in type '{ name: string; }' but required in type 'User'.",
            "Property 'id' is missing in type '{ x: number; }' but required in type 'Row'.",
        ),
        (
            Tool::Javac,
            None,
            "incompatible types: int cannot be converted to String",
            "incompatible types: int cannot be converted to String",
        ),
        (
            Tool::Go,
            None,
            "cannot use \"x\" (untyped string constant) as int value in variable declaration",
            "cannot use \"y\" (untyped string constant) as int value in variable declaration",
        ),
        (
            Tool::Python,
            Some("NameError"),
            "name 'os' is not defined",
            "name 'json' is not defined",
        ),
        (
            Tool::Rustc,
            Some("E0308"),
            "mismatched types: expected `u32`, found `i32` at line 12",
            "mismatched types: expected `u64`, found `u32` at line 981",
        ),
    ];
    for (tool, code, a, b) in pairs {
        assert_eq!(fp(tool, code, a), fp(tool, code, b), "{a} / {b}");
    }
}

#[test]
fn different_kinds_differ() {
    let kinds = [
        (Tool::Rustc, Some("E0425"), "cannot find value `hh` in this scope"),
        (Tool::Rustc, Some("E0412"), "cannot find value `hh` in this scope"),
        (Tool::Rustc, Some("E0425"), "cannot find type `hh` in this scope"),
        (Tool::Gcc, Some("E0425"), "cannot find value `hh` in this scope"),
        (
            Tool::Tsc,
            Some("TS6133"),
            "'x' is declared but its value is never read.",
        ),
        (Tool::Tsc, Some("TS2304"), "Cannot find name 'x'."),
        (Tool::Go, None, "imported and not used: \"os\""),
    ];
    let mut seen = HashMap::new();
    for k in kinds {
        assert!(seen.insert(fp(k.0, k.1, k.2), k).is_none(), "{k:?} collides");
    }
}

#[test]
fn every_corpus_log_clusters_its_repeated_kinds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus");
    // java-symbols2: four classes javac cannot find (imports missing) form
    // one kind; the variable it cannot find (a misspelt name) is another.
    let log = std::fs::read(root.join("java-symbols2/javac.log")).unwrap();
    let analysis = Parser::new().parse_bytes(&log);
    let mut c = Clusterer::new(3);
    for (i, d) in analysis.diagnostics().iter().enumerate() {
        c.add(i, d);
    }
    let clusters = c.finish();
    let counts: Vec<(u64, &str)> = clusters.iter().map(|c| (c.count, c.template.as_str())).collect();
    assert_eq!(
        counts,
        [
            (4, "cannot find class symbol"),
            (1, "incompatible types: int cannot be converted to String"),
            (1, "cannot find variable symbol"),
        ]
    );
    assert_eq!(
        clusters[0].samples,
        [0, 1, 2],
        "the first occurrence and then spread, at most K"
    );
}
