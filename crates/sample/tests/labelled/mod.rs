//! A labelled set of diagnostics: known templates filled with random
//! identifiers, numbers and paths. Shared by the accuracy test and the
//! clustering benchmark.

#![allow(dead_code)]

use buildfix_core::{Diagnostic, Severity, Tool};
use std::collections::HashMap;

/// Fifty templates as compilers word them; `{id}`, `{ty}`, `{n}`, `{pkg}`
/// (a dotted name) and `{path}` are filled at random.
pub const TEMPLATES: &[(Tool, Option<&str>, &str)] = &[
    (Tool::Rustc, Some("E0425"), "cannot find value `{id}` in this scope"),
    (Tool::Rustc, Some("E0412"), "cannot find type `{ty}` in this scope"),
    (
        Tool::Rustc,
        Some("E0308"),
        "mismatched types: expected `{ty}`, found `{ty}`",
    ),
    (Tool::Rustc, Some("unused_variables"), "unused variable: `{id}`"),
    (Tool::Rustc, Some("unused_imports"), "unused import: `{ty}`"),
    (
        Tool::Gcc,
        None,
        "‘{id}’ undeclared (first use in this function); did you mean ‘{id}’?",
    ),
    (Tool::Gcc, Some("-Wunused-variable"), "unused variable ‘{id}’"),
    (Tool::Gcc, None, "expected ‘;’ before ‘{id}’"),
    (Tool::Clang, None, "use of undeclared identifier '{id}'"),
    (Tool::Clang, None, "no member named '{id}' in 'struct {id}'"),
    (
        Tool::Csharp,
        Some("CS0103"),
        "The name '{id}' does not exist in the current context",
    ),
    (
        Tool::Csharp,
        Some("CS0246"),
        "The type or namespace name '{id}' could not be found (are you missing a using directive or an assembly reference?)",
    ),
    (
        Tool::Csharp,
        Some("CS1061"),
        "'{ty}' does not contain a definition for '{id}' and no accessible extension method '{id}' accepting a first argument of type '{ty}' could be found (are you missing a using directive or an assembly reference?)",
    ),
    (Tool::Javac, None, "cannot find symbol"),
    (
        Tool::Javac,
        None,
        "incompatible types: possible lossy conversion from double to int",
    ),
    (Tool::Tsc, Some("TS2304"), "Cannot find name '{id}'."),
    (
        Tool::Tsc,
        Some("TS2339"),
        "Property '{id}' does not exist on type '{ty}'.",
    ),
    (
        Tool::Tsc,
        Some("TS2307"),
        "Cannot find module '{path}' or its corresponding type declarations.",
    ),
    (Tool::Go, None, "undefined: {id}"),
    (Tool::Go, None, "imported and not used: \"{path}\""),
    (Tool::Go, None, "{id} declared but not used"),
    (Tool::Python, Some("NameError"), "name '{id}' is not defined"),
    (Tool::Python, Some("KeyError"), "{n}"),
    (Tool::Generic, None, "segment {n} of {path} is corrupt at offset {n}"),
    (
        Tool::Rustc,
        Some("E0599"),
        "no method named `{id}` found for struct `{ty}` in the current scope",
    ),
    (
        Tool::Rustc,
        Some("E0433"),
        "failed to resolve: use of undeclared type `{ty}`",
    ),
    (
        Tool::Rustc,
        Some("E0061"),
        "this function takes {n} arguments but {n} arguments were supplied",
    ),
    (Tool::Rustc, Some("E0382"), "borrow of moved value: `{id}`"),
    (
        Tool::Rustc,
        Some("E0596"),
        "cannot borrow `{id}` as mutable, as it is not declared as mutable",
    ),
    (Tool::Rustc, Some("dead_code"), "function `{id}` is never used"),
    (
        Tool::Gcc,
        Some("-Wimplicit-function-declaration"),
        "implicit declaration of function ‘{id}’",
    ),
    (Tool::Gcc, None, "too many arguments to function ‘{id}’"),
    (Tool::Gcc, None, "‘{ty}’ has no member named ‘{id}’"),
    (Tool::Gcc, Some("-Wunused-parameter"), "unused parameter ‘{id}’"),
    (Tool::Clang, None, "unknown type name '{id}'"),
    (Tool::Clang, None, "'{path}' file not found"),
    (
        Tool::Csharp,
        Some("CS0029"),
        "Cannot implicitly convert type '{ty}' to '{ty}'",
    ),
    (
        Tool::Csharp,
        Some("CS0161"),
        "'{id}': not all code paths return a value",
    ),
    (
        Tool::Csharp,
        Some("CS0168"),
        "The variable '{id}' is declared but never used",
    ),
    (Tool::Javac, None, "package {pkg} does not exist"),
    (Tool::Javac, None, "';' expected"),
    (
        Tool::Tsc,
        Some("TS2322"),
        "Type '{ty}' is not assignable to type '{ty}'.",
    ),
    (
        Tool::Tsc,
        Some("TS2345"),
        "Argument of type '{ty}' is not assignable to parameter of type '{ty}'.",
    ),
    (
        Tool::Tsc,
        Some("TS7006"),
        "Parameter '{id}' implicitly has an 'any' type.",
    ),
    (Tool::Go, None, "missing return"),
    (Tool::Go, None, "too many arguments in call to {pkg}"),
    (Tool::Python, Some("ModuleNotFoundError"), "No module named '{id}'"),
    (
        Tool::Python,
        Some("AttributeError"),
        "'{ty}' object has no attribute '{id}'",
    ),
    (
        Tool::Python,
        Some("TypeError"),
        "{id}() missing {n} required positional argument: '{id}'",
    ),
    (Tool::Kotlin, None, "Unresolved reference: {id}"),
];

pub struct Rng(pub u64);

/// xorshift64: the same labelled set on every machine.
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn word(&mut self) -> String {
        const PARTS: &[&str] = &[
            "count", "item", "user", "Map", "buf", "node", "Tree", "x", "val", "parse", "Config", "id",
        ];
        let a = PARTS[(self.next() % PARTS.len() as u64) as usize];
        let b = PARTS[(self.next() % PARTS.len() as u64) as usize];
        match self.next() % 3 {
            0 => a.to_string(),
            1 => format!("{a}_{b}"),
            _ => format!("{a}{}", self.next() % 100),
        }
    }

    pub fn fill(&mut self, template: &str) -> String {
        let mut out = template.to_string();
        while let Some(at) = out.find('{') {
            let end = out[at..].find('}').unwrap() + at;
            let value = match &out[at + 1..end] {
                "id" => self.word(),
                "ty" => match self.next() % 3 {
                    0 => self.word(),
                    1 => format!("Vec<{}>", self.word()),
                    _ => format!("&{}", self.word()),
                },
                "n" => (self.next() % 100_000).to_string(),
                "pkg" => format!("{}.{}", self.word().to_lowercase(), self.word()),
                _ => format!("src/{}/{}.ts", self.word(), self.word()),
            };
            out.replace_range(at..=end, &value);
        }
        out
    }
}

/// The `n`-th diagnostic of the set and its template's index.
pub fn diagnostic(rng: &mut Rng) -> (usize, Diagnostic) {
    let t = (rng.next() % TEMPLATES.len() as u64) as usize;
    let (tool, code, text) = TEMPLATES[t];
    let mut d = Diagnostic::new(tool, Severity::Error, rng.fill(text));
    if let Some(c) = code {
        d.set_code(c);
    }
    (t, d)
}

/// The cluster whose template covers `d`'s: equal, or equal but for `<*>`.
pub fn cluster_of(clusters: &[buildfix_sample::Cluster], d: &Diagnostic) -> usize {
    let t = buildfix_sample::template(d.message());
    let tokens: Vec<&str> = t.split(' ').collect();
    clusters
        .iter()
        .position(|c| {
            let ct: Vec<&str> = c.template.split(' ').collect();
            c.tool == d.tool()
                && c.code.as_deref() == d.code()
                && ct.len() == tokens.len()
                && ct.iter().zip(&tokens).all(|(a, b)| a == b || *a == "<*>")
        })
        .expect("every diagnostic has a cluster")
}

pub fn grouping_accuracy(labels: &[usize], assigned: &[usize]) -> f64 {
    let mut by_label: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut by_cluster: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, (&l, &c)) in labels.iter().zip(assigned).enumerate() {
        by_label.entry(l).or_default().push(i);
        by_cluster.entry(c).or_default().push(i);
    }
    let right = (0..labels.len())
        .filter(|&i| by_label[&labels[i]] == by_cluster[&assigned[i]])
        .count();
    right as f64 / labels.len() as f64
}
