//! Errors that likely follow from another error, whose fixes wait for a
//! rebuild without it: past a parse error, the compiler's reading of the
//! rest of its line is unreliable, and a declaration it could not read
//! leaves its name undeclared wherever the name is used below.
//!
//! g++ on `std::unique_ptr<Inventory> copy = ...;` without `<memory>`
//! reports the missing member, then "expected primary-expression", then
//! "‘copy’ was not declared; did you mean ‘std::copy’?" there and at each
//! use of `copy`: once `<memory>` is included, those errors are gone, and
//! `std::copy` would have been wrong.

use crate::blame::{columns, identifiers_of_at_least, reads_like_syntax_error};
use crate::proposals::label;
use buildfix_core::{ColumnUnit, Diagnostic, Tool};
use buildfix_patterns::Language;
use std::collections::{HashMap, HashSet};

/// The labels (see [`label`]) of the errors that follow another: those
/// after a parse error earlier on their line (for gcc and clang, a parse
/// error after any error on its line, and an unknown name after another
/// kind of error), those about a name (the first they quote) that a
/// follower is about, that an earlier import with an error names, that
/// such an import's error quotes (the spelling tsc suggests for it) when
/// they say it is unknown, or, for gcc and clang, that an earlier line
/// with an error declares after the error's column (no error there quotes
/// it; in a header, wherever the name is), and tsc's implicit `any`s of
/// arrow functions in a file where a module or a name is not found.
/// `line` reads a line of a file (1-based).
pub(crate) fn cascades(errors: &[Diagnostic], line: &dyn Fn(&str, u32) -> Option<String>) -> HashSet<String> {
    let mut by_line: HashMap<(&str, u32), Vec<&Diagnostic>> = HashMap::new();
    for d in errors {
        if let Some(p) = d.primary() {
            by_line.entry((p.path(), p.line())).or_default().push(d);
        }
    }
    // The names each file's failed lines leave undeclared, and the first
    // line that leaves each.
    let mut undeclared: HashMap<(&str, String), u32> = HashMap::new();
    // The names errors on import lines quote or write as their fix, and
    // the first such line.
    let mut suggested: HashMap<(&str, String), u32> = HashMap::new();
    // The names failed lines of C and C++ headers leave undeclared.
    let mut in_headers: HashSet<String> = HashSet::new();
    let mut out = HashSet::new();
    for (&(path, n), here) in &by_line {
        let column = |d: &Diagnostic| d.primary().and_then(|p| p.column()).unwrap_or(0);
        let quoted_here: HashSet<String> = here.iter().flat_map(|d| quoted_identifiers(d.message())).collect();
        let parse_error = here
            .iter()
            .filter(|d| reads_like_syntax_error(d))
            .map(|d| column(d))
            .min();
        let first = here.iter().map(|d| column(d)).min().unwrap_or(0);
        let first_is_unknown_name = here
            .iter()
            .filter(|d| column(d) == first)
            .all(|d| reads_like_unknown_name(d));
        let c_family = here.iter().all(|d| matches!(d.tool(), Tool::Gcc | Tool::Clang));
        for d in here {
            // clang, after `std::map<...> counts;` without `<map>`: "expected
            // ';' at end of declaration list" before `counts`.
            let parse_error_after_another = c_family && reads_like_syntax_error(d) && column(d) > first;
            // clang, after `std::vector<Square> shapes;` without `<vector>`:
            // "use of undeclared identifier 'shapes'" where it is declared.
            // (Two misspelt names on a line are two errors of their own.)
            let unknown_after_another =
                c_family && !first_is_unknown_name && reads_like_unknown_name(d) && column(d) > first;
            if parse_error.is_some_and(|c| column(d) > c) || parse_error_after_another || unknown_after_another {
                out.insert(label(d));
                if let Some(name) = subject(d) {
                    note_first(&mut undeclared, (path, name), n);
                }
            }
        }
        // g++ reads `std::unique_ptr<T> copy` without `<memory>` as an
        // expression: other compilers declare the name all the same. An
        // import that failed (javac's `import com.shop.modle.Product;`)
        // leaves its names undeclared in every language.
        let Some(text) = line(path, n) else { continue };
        let language = Language::of_path(path);
        if language.is_some_and(|l| l.imports_every_name(&text)) {
            note_first(&mut undeclared, (path, EVERY_NAME.to_string()), n);
        }
        let import = language.is_some_and(|l| l.is_import(&text));
        if import {
            // The names an import's error spells for it (tsc: "has no
            // exported member named 'formatPrise'. Did you mean
            // 'formatPrice'?"): such a name unknown below is unknown only
            // until the import is respelt.
            // rustc suggests it as a fix: "a similar name exists in the
            // module: `Account`".
            let fixes = here
                .iter()
                .flat_map(|d| d.suggestions())
                .flat_map(|s| s.edits())
                .map(|e| e.replacement_text().to_string())
                .filter(|text| is_identifier(text));
            for name in quoted_here.iter().cloned().chain(fixes) {
                note_first(&mut suggested, (path, name), n);
            }
        }
        let from = if import {
            1
        } else if c_family {
            first
        } else {
            continue;
        };
        let unit = here[0].primary().map_or(ColumnUnit::Bytes, |p| p.unit());
        // Every name, one-letter ones too: an error quoting it is matched
        // by the whole name.
        // A C or C++ header's declaration is seen by every file including
        // it, and a class's member above it in the class.
        let header = c_family && is_header(path);
        for name in identifiers_of_at_least(&columns(&text, from, None, unit), 1) {
            if !quoted_here.contains(&name) {
                if header {
                    in_headers.insert(name.clone());
                }
                note_first(&mut undeclared, (path, name), n);
            }
        }
    }
    // tsc: an arrow function's parameter, typed by a module or a name that
    // cannot be found, is "implicitly any"; once they are found, it may
    // well be an error of its own (`l.quantity` for `l.qty`), which `: any`
    // would hide.
    let unresolved: HashSet<&str> = errors
        .iter()
        .filter(|d| leaves_types_unknown(d))
        .filter_map(|d| d.primary().map(|p| p.path()))
        .collect();
    for d in errors.iter().filter(|d| is_implicit_any(d)) {
        let Some(p) = d.primary().filter(|p| unresolved.contains(p.path())) else {
            continue;
        };
        let rest = line(p.path(), p.line()).map(|text| columns(&text, p.column().unwrap_or(1), None, p.unit()));
        if rest.is_some_and(|rest| rest.contains("=>")) {
            out.insert(label(d));
        }
    }
    for d in errors {
        let Some(p) = d.primary() else { continue };
        let above = |names: &HashMap<(&str, String), u32>, name: String| {
            names.get(&(p.path(), name)).is_some_and(|&at| at < p.line())
        };
        let unknown_name_imported = |name: &str| {
            reads_like_unknown_name(d)
                && (above(&undeclared, EVERY_NAME.to_string()) || above(&suggested, name.to_string()))
        };
        let c_family = matches!(d.tool(), Tool::Gcc | Tool::Clang);
        if subject(d).is_some_and(|name| {
            unknown_name_imported(&name) || (c_family && in_headers.contains(&name)) || above(&undeclared, name)
        }) {
            out.insert(label(d));
        }
    }
    out
}

/// Whether a tsc error says a module, a name or an export cannot be found:
/// what it would have typed is `any` in the rest of the file.
fn leaves_types_unknown(d: &Diagnostic) -> bool {
    d.tool() == Tool::Tsc
        && matches!(
            d.code(),
            Some("TS2304" | "TS2305" | "TS2307" | "TS2503" | "TS2552" | "TS2694" | "TS2724")
        )
}

/// Whether a tsc error says a parameter or a destructured name is
/// implicitly `any`.
fn is_implicit_any(d: &Diagnostic) -> bool {
    d.tool() == Tool::Tsc && matches!(d.code(), Some("TS7006" | "TS7031"))
}

/// Whether `path` is a C or C++ header.
fn is_header(path: &str) -> bool {
    [".h", ".hh", ".hpp", ".hxx"].iter().any(|ext| path.ends_with(ext))
}

/// The name noted for a failed import of every name of a namespace
/// (`using Shop.Models;`): any name below it that cannot be found.
const EVERY_NAME: &str = "*";

/// Whether an error says a name cannot be found (mcs, csc, javac, tsc,
/// Python, Go, rustc, gcc and clang phrasings).
fn reads_like_unknown_name(d: &Diagnostic) -> bool {
    const PHRASES: [&str; 8] = [
        "could not be found",
        "does not exist in the current context",
        "cannot find",
        "is not defined",
        "undefined",
        "undeclared",
        "was not declared",
        "unresolved",
    ];
    let message = d.message().to_lowercase();
    PHRASES.iter().any(|p| message.contains(p))
}

fn note_first<'a>(names: &mut HashMap<(&'a str, String), u32>, key: (&'a str, String), line: u32) {
    let at = names.entry(key).or_insert(line);
    *at = (*at).min(line);
}

/// What a diagnostic is about: the first identifier its message quotes
/// (`copy` in "‘copy’ was not declared; did you mean ‘std::copy’?",
/// `items` in "‘struct Inventory’ has no member named ‘items’"), or the
/// symbol javac names in a note (`symbol:   class Product`).
fn subject(d: &Diagnostic) -> Option<String> {
    quoted_identifiers(d.message()).into_iter().next().or_else(|| {
        d.notes().iter().find_map(|note| {
            let symbol = note.trim_start().strip_prefix("symbol:")?.split_whitespace().nth(1)?;
            let name = symbol.split('(').next()?;
            (!name.is_empty()).then(|| name.to_string())
        })
    })
}

/// The identifiers a message quotes, in any of the compilers' quote styles
/// (`‘x’`, `'x'`, `` `x` ``, `"x"`, mcs's `` `x' ``).
pub(crate) fn quoted_identifiers(message: &str) -> Vec<String> {
    quoted(message)
        .into_iter()
        .filter(|name| is_identifier(name))
        .map(str::to_string)
        .collect()
}

/// Whether `name` is one identifier.
pub(crate) fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_alphabetic() || c == '_') && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The texts a message quotes, in any of the compilers' quote styles.
pub(crate) fn quoted(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find(['\u{2018}', '\'', '`', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('\'');
        let inner = &rest[open + quote.len_utf8()..];
        // mcs closes a backtick with an apostrophe (`Product').
        let close: &[char] = match quote {
            '\u{2018}' => &['\u{2019}'],
            '`' => &['`', '\''],
            _ => &[quote],
        };
        let Some(end) = inner.find(close) else { break };
        out.push(&inner[..end]);
        let closer = inner[end..].chars().next().map_or(1, char::len_utf8);
        rest = &inner[end + closer..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use buildfix_core::{Severity, Span};

    fn error(line: u32, column: u32, message: &str) -> Diagnostic {
        let mut d = Diagnostic::new(Tool::Gcc, Severity::Error, message);
        d.set_primary(Span::point("main.cpp", line, column));
        d
    }

    /// What g++ 12 reports on a declaration whose type's header is missing
    /// (main.cpp below), and the labels of the errors that follow it.
    fn followers(errors: &[Diagnostic]) -> Vec<String> {
        let source = [
            "struct Inventory {",
            "    std::map<std::string, int> counts;",
            "    void add(const std::string &name) { counts[name] += 1; }",
            "};",
            "int main() {",
            "    std::unique_ptr<Inventory> copy = std::make_unique<Inventory>();",
            "    copy->add(\"pear\");",
            "    return totl(copy);",
            "    std::sort(copy);",
            "}",
        ];
        followers_in(&source, errors)
    }

    /// The labels of the errors that follow another in a file of `source`'s
    /// lines, sorted.
    fn followers_in(source: &[&str], errors: &[Diagnostic]) -> Vec<String> {
        let line = |_: &str, n: u32| source.get(n as usize - 1).map(|s| s.to_string());
        let mut labels: Vec<String> = cascades(errors, &line).into_iter().collect();
        labels.sort();
        labels
    }

    #[test]
    fn errors_past_a_parse_error_and_uses_of_what_it_declared_follow_it() {
        let errors = [
            error(2, 10, "‘map’ in namespace ‘std’ does not name a template type"),
            error(3, 41, "‘counts’ was not declared in this scope; did you mean ‘const’?"),
            error(6, 10, "‘unique_ptr’ is not a member of ‘std’"),
            error(6, 30, "expected primary-expression before ‘>’ token"),
            error(
                6,
                32,
                "‘copy’ was not declared in this scope; did you mean ‘std::copy’?",
            ),
            error(7, 5, "‘copy’ was not declared in this scope; did you mean ‘std::copy’?"),
            error(6, 44, "‘make_unique’ is not a member of ‘std’"),
            error(8, 12, "‘totl’ was not declared in this scope"),
            // About `sort`, not `std`, which the follower above quotes too.
            error(9, 10, "‘sort’ is not a member of ‘std’; did you mean ‘qsort’?"),
        ];
        assert_eq!(
            followers(&errors),
            [
                "main.cpp:3:41 error: ‘counts’ was not declared in this scope; did you mean ‘const’?",
                "main.cpp:6:30 error: expected primary-expression before ‘>’ token",
                "main.cpp:6:32 error: ‘copy’ was not declared in this scope; did you mean ‘std::copy’?",
                "main.cpp:6:44 error: ‘make_unique’ is not a member of ‘std’",
                "main.cpp:7:5 error: ‘copy’ was not declared in this scope; did you mean ‘std::copy’?",
            ]
        );
    }

    #[test]
    fn uses_of_a_one_letter_name_whose_declaration_failed_follow_it() {
        let source = [
            "int main() {",
            "    vector<int> v = {1, 2, 3};",
            "    return v.size();",
            "}",
        ];
        let errors = [
            error(2, 5, "‘vector’ was not declared in this scope"),
            error(2, 12, "expected primary-expression before ‘int’"),
            error(3, 12, "‘v’ was not declared in this scope"),
        ];
        assert_eq!(
            followers_in(&source, &errors),
            [
                "main.cpp:2:12 error: expected primary-expression before ‘int’",
                "main.cpp:3:12 error: ‘v’ was not declared in this scope",
            ]
        );
    }

    #[test]
    fn a_parse_error_after_another_error_on_its_line_follows_it() {
        // clang, without `<map>`: its `;` would go before `counts`.
        let mut errors = [
            error(2, 10, "no template named 'map' in namespace 'std'; did you mean 'max'?"),
            error(2, 31, "expected ';' at end of declaration list"),
        ];
        for e in &mut errors {
            e.set_tool(Tool::Clang);
        }
        assert_eq!(
            followers(&errors),
            ["main.cpp:2:31 error: expected ';' at end of declaration list"]
        );
    }

    #[test]
    fn a_name_unknown_after_another_error_on_its_line_and_its_uses_follow_it() {
        // clang 14 on a declaration without `<vector>`: `shapes` is not
        // declared, and `Shape` is a near name that a fix would take.
        let source = [
            "struct Shape {};",
            "int main() {",
            "    std::vector<Shape> shapes;",
            "    shapes.push_back(Shape());",
            "    int total = cuont + shapes.size();",
            "}",
        ];
        let mut errors = [
            error(3, 10, "no member named 'vector' in namespace 'std'"),
            error(3, 17, "'Shape' does not refer to a value"),
            error(3, 24, "use of undeclared identifier 'shapes'"),
            error(4, 5, "use of undeclared identifier 'shapes'"),
            error(5, 17, "use of undeclared identifier 'cuont'"),
            error(5, 25, "use of undeclared identifier 'shapes'"),
        ];
        for e in &mut errors {
            e.set_tool(Tool::Clang);
        }
        assert_eq!(
            followers_in(&source, &errors),
            [
                "main.cpp:3:24 error: use of undeclared identifier 'shapes'",
                "main.cpp:4:5 error: use of undeclared identifier 'shapes'",
                "main.cpp:5:25 error: use of undeclared identifier 'shapes'",
            ]
        );
    }

    #[test]
    fn implicit_anys_in_a_file_that_misses_a_module_follow_it() {
        // `Order` comes from a misspelt module: the callback's parameters
        // are `any`, and typed they show `l.quantity` (for `l.qty`).
        let tsc = |path: &str, line, column, code: &str, message: &str| {
            let mut d = Diagnostic::new(Tool::Tsc, Severity::Error, message);
            d.set_code(code);
            d.set_primary(Span::point(path, line, column));
            d
        };
        let source = [
            "import { formatPrice, Order } from \"./lib/formatt.js\";",
            "function greet(l) { return l; }",
            "function total(order: Order): number {",
            "  return order.lines.reduce((sum, l) => sum + l.cents * l.quantity, 0);",
            "}",
        ];
        let any = "Parameter 'l' implicitly has an 'any' type.";
        let errors = [
            tsc(
                "src/main.ts",
                1,
                36,
                "TS2307",
                "Cannot find module './lib/formatt.js' or its corresponding type declarations.",
            ),
            tsc("src/main.ts", 4, 35, "TS7006", any),
            // A function's own parameter has no type to wait for.
            tsc("src/main.ts", 2, 16, "TS7006", any),
            // Nor has one in a file where every name is found.
            tsc("src/other.ts", 4, 35, "TS7006", any),
        ];
        assert_eq!(
            followers_in(&source, &errors),
            ["src/main.ts:4:35 error[TS7006]: Parameter 'l' implicitly has an 'any' type."]
        );
    }

    #[test]
    fn a_use_of_the_spelling_an_import_error_suggests_follows_it() {
        let tsc = |line, column, code: &str, message: &str| {
            let mut d = Diagnostic::new(Tool::Tsc, Severity::Error, message);
            d.set_code(code);
            d.set_primary(Span::point("src/main.ts", line, column));
            d
        };
        let errors = [
            tsc(
                1,
                26,
                "TS2724",
                "'\"./store\"' has no exported member named 'formatPrise'. Did you mean 'formatPrice'?",
            ),
            tsc(
                3,
                13,
                "TS2552",
                "Cannot find name 'formatPrice'. Did you mean 'formatPrise'?",
            ),
            tsc(4, 13, "TS2552", "Cannot find name 'totl'. Did you mean 'total'?"),
        ];
        let source = [
            "import { Store, Product, formatPrise } from \"./store\";",
            "",
            "console.log(formatPrice(1));",
            "console.log(totl);",
        ];
        assert_eq!(
            followers_in(&source, &errors),
            ["src/main.ts:3:13 error[TS2552]: Cannot find name 'formatPrice'. Did you mean 'formatPrise'?"]
        );
    }

    #[test]
    fn uses_of_a_class_whose_import_failed_follow_it() {
        let javac = |line, column, message: &str, symbol: &str| {
            let mut d = Diagnostic::new(Tool::Javac, Severity::Error, message);
            d.set_primary(Span::point("Main.java", line, column));
            if !symbol.is_empty() {
                d.push_note(format!("symbol:   {symbol}"));
            }
            d
        };
        let errors = [
            javac(1, 22, "package com.shop.modle does not exist", ""),
            javac(3, 9, "cannot find symbol", "class Product"),
            javac(4, 13, "cannot find symbol", "method getNmae()"),
        ];
        let source = [
            "import com.shop.modle.Product;",
            "",
            "        Product p = make();",
            "        p.getNmae();",
        ];
        assert_eq!(
            followers_in(&source, &errors),
            ["Main.java:3:9 error: cannot find symbol"]
        );
    }

    #[test]
    fn unknown_names_below_a_failed_using_of_a_whole_namespace_follow_it() {
        let mcs = |line, column, code: &str, message: &str| {
            let mut d = Diagnostic::new(Tool::Csharp, Severity::Error, message);
            d.set_code(code);
            d.set_primary(Span::point("Services/Cart.cs", line, column));
            d
        };
        let errors = [
            mcs(
                2,
                12,
                "CS0234",
                "The type or namespace name `Modles' does not exist in the namespace `Shop'. \
                 Are you missing an assembly reference?",
            ),
            mcs(
                8,
                22,
                "CS0246",
                "The type or namespace name `Product' could not be found. \
                 Are you missing `Shop.Models' using directive?",
            ),
            mcs(9, 13, "CS0029", "Cannot implicitly convert type `int' to `string'"),
        ];
        let source = ["using System;", "using Shop.Modles;"];
        let labels = followers_in(&source, &errors);
        assert_eq!(labels.len(), 1, "{labels:?}");
        assert!(labels[0].starts_with("Services/Cart.cs:8:22"), "{labels:?}");
    }

    #[test]
    fn two_misspelt_names_on_one_line_follow_nothing() {
        // Both are errors of their own: neither follows a parse error, and
        // the line quotes both.
        let errors = [
            error(8, 12, "‘totl’ was not declared in this scope"),
            error(8, 17, "‘copy’ was not declared in this scope"),
            error(7, 5, "‘copy’ was not declared in this scope"),
        ];
        assert!(followers(&errors).is_empty());
    }

    #[test]
    fn quoted_identifiers_in_every_style() {
        assert_eq!(
            quoted_identifiers("‘copy’ was not declared; did you mean ‘std::copy’? 'a' `b` \"c\" `d'"),
            ["copy", "a", "b", "c", "d"]
        );
    }
}
