//! `add-import`: an import placed where each language's conventions put it.
//!
//! After the existing top-level imports (at the sorted position when they
//! are sorted), the standard library's with the standard library's (gofmt's
//! groups, isort's sections); where there are none, after the preamble
//! (shebang, licence comment, `package` line, module docstring, include
//! guard, inner attributes). Never a second time.

use buildfix_core::{ColumnUnit, Edit, Position};

/// The languages `add-import` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// `use a::b::C;`
    Rust,
    /// `import m` or `from m import x`
    Python,
    /// `import a.b.C;`
    Java,
    /// `import a.b.C`
    Kotlin,
    /// `#include <h>`
    C,
    /// `using A.B;`
    CSharp,
    /// `import { x } from "m";`
    TypeScript,
    /// `"pkg"` in `import ( ... )`
    Go,
}

impl Language {
    /// The language of a source file, by its ending.
    pub fn of_path(path: &str) -> Option<Language> {
        let ext = path.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "rs" => Language::Rust,
            "py" | "pyi" => Language::Python,
            "java" => Language::Java,
            "kt" | "kts" => Language::Kotlin,
            "c" | "h" | "cc" | "cpp" | "cxx" | "hpp" | "hh" | "hxx" | "m" | "mm" => Language::C,
            "cs" => Language::CSharp,
            "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" => Language::TypeScript,
            "go" => Language::Go,
            _ => return None,
        })
    }

    /// The import statement for `symbol` from `module`.
    pub fn statement(self, symbol: &str, module: &str) -> String {
        match self {
            Language::Rust => format!("use {module};"),
            Language::Python if module == symbol => format!("import {module}"),
            Language::Python => format!("from {module} import {symbol}"),
            Language::Java => format!("import {module};"),
            Language::Kotlin => format!("import {module}"),
            Language::C if module.starts_with('<') || module.starts_with('"') => format!("#include {module}"),
            Language::C => format!("#include <{module}>"),
            Language::CSharp => format!("using {module};"),
            Language::TypeScript => format!("import {{ {symbol} }} from \"{module}\";"),
            Language::Go => format!("\"{module}\""),
        }
    }

    /// Whether `line` is an import of this language (at the top level).
    pub fn is_import(self, line: &str) -> bool {
        let t = line.trim_end();
        match self {
            Language::Rust => t.starts_with("use ") || t.starts_with("pub use "),
            Language::Python => t.starts_with("import ") || t.starts_with("from "),
            Language::Java | Language::Kotlin | Language::TypeScript => t.starts_with("import "),
            Language::C => t.trim_start().starts_with("#include") || t.trim_start().starts_with("# include"),
            Language::CSharp => t.starts_with("using ") && t.ends_with(';') && !t.contains('('),
            Language::Go => t.starts_with("import "),
        }
    }

    /// Whether `line` is an import of every name of a namespace or module,
    /// naming none of them (C#'s `using Shop.Models;`, Java's
    /// `import shop.model.*;`, Python's `from shop import *`, Rust's
    /// `use shop::*;`): when it fails, a name below that cannot be found
    /// may be one it would have brought.
    pub fn imports_every_name(self, line: &str) -> bool {
        let t = line.trim_end().trim_end_matches(';');
        self.is_import(line)
            && match self {
                Language::CSharp => !t.contains('='),
                Language::Java | Language::Kotlin => t.ends_with(".*"),
                Language::Rust => t.ends_with("::*"),
                Language::Python => t.ends_with("import *"),
                Language::C | Language::Go | Language::TypeScript => false,
            }
    }

    /// Lines that come before any import: shebang, comments, blank lines,
    /// `package`, include guards, inner attributes, docstrings.
    fn is_preamble(self, line: &str) -> bool {
        let t = line.trim();
        if t.is_empty() || t.starts_with("#!") {
            return true;
        }
        let comment = t.starts_with("//") || t.starts_with("/*") || t.starts_with('*') || t.starts_with("*/");
        match self {
            Language::Rust => comment || t.starts_with("#![") || t.starts_with("//!"),
            Language::Python => t.starts_with('#'),
            Language::Java | Language::Kotlin | Language::Go => comment || t.starts_with("package "),
            Language::C => comment || t.starts_with("#pragma once"),
            Language::CSharp | Language::TypeScript => comment,
        }
    }
}

/// The edit that adds `statement` to `source`, or `None` when the file
/// already has it. `standard` tells the standard library's modules (Go's
/// paths, Python's top-level modules) from others, for grouping.
pub fn add_import(
    path: &str,
    source: &str,
    language: Language,
    symbol: &str,
    module: &str,
    standard: &dyn Fn(&str) -> bool,
) -> Option<Edit> {
    let statement = language.statement(symbol, module);
    let lines: Vec<&str> = source.lines().collect();
    if language == Language::Go {
        return add_go_import(path, &lines, &statement, standard);
    }
    let imports = top_level_imports(&lines, language);
    if lines.iter().any(|l| same_import(l, &statement))
        || (language == Language::TypeScript && ts_has(&lines, symbol, module))
    {
        return None;
    }
    let insert = |line: usize, text: String| {
        Some(Edit::insertion(
            path,
            Position::new(line as u32 + 1, 1),
            ColumnUnit::Chars,
            text,
        ))
    };
    if let Some((line, column)) = imports
        .iter()
        .find_map(|&i| name_list_end(lines[i], language, module).map(|c| (i, c)))
    {
        // `from m import a` or `import { a } from "m"`: `b` joins the list.
        return Some(Edit::insertion(
            path,
            Position::new(line as u32 + 1, column as u32 + 1),
            ColumnUnit::Chars,
            format!(", {symbol}"),
        ));
    }
    let block = if language == Language::Python {
        // isort's sections: the standard library's imports first, each
        // section a run of lines.
        let new_is_standard = standard(module);
        let sections = runs(&imports);
        match sections
            .iter()
            .find(|run| standard(imported_module(language, lines[run[0]])) == new_is_standard)
        {
            Some(run) => run.clone(),
            None if new_is_standard && !imports.is_empty() => {
                return insert(imports[0], format!("{statement}\n\n"));
            }
            None => sections.last().cloned().unwrap_or_default(),
        }
    } else {
        imports
    };
    if let Some(&last) = block.last() {
        // Compare names, not punctuation: `System` sorts before
        // `System.Text`; the standard library's come first (C#'s `System`);
        // as isort and ruff have it, Python's `import m` lines go before its
        // `from m import x` lines.
        let key = |s: &str| {
            let standard = standard(imported_module(language, s));
            let from = language == Language::Python && s.trim_start().starts_with("from ");
            (!standard, from, s.trim().trim_end_matches(';').to_string())
        };
        let keys: Vec<_> = block.iter().map(|&i| key(lines[i])).collect();
        let sorted = keys.windows(2).all(|w| w[0] <= w[1]);
        let before = block.iter().find(|&&i| key(lines[i]) > key(&statement)).copied();
        let at = if sorted { before.unwrap_or(last + 1) } else { last + 1 };
        return insert(at, format!("{statement}\n"));
    }
    let at = preamble_end(&lines, language);
    // Keep a blank line between the new import and the code below it; two
    // before a Python definition, as PEP 8 has it.
    let gap = match lines.get(at).map(|l| l.trim_start()) {
        Some(l)
            if language == Language::Python
                && ["def ", "class ", "async def ", "@"].iter().any(|p| l.starts_with(p)) =>
        {
            "\n\n"
        }
        Some(l) if !l.is_empty() => "\n",
        _ => "",
    };
    let lead = if at > 0
        && lines.get(at - 1).is_some_and(|l| !l.trim().is_empty())
        && needs_gap_above(language, lines[at - 1])
    {
        "\n"
    } else {
        ""
    };
    insert(at, format!("{lead}{statement}\n{gap}"))
}

/// The runs of consecutive line numbers in `lines` (sorted).
fn runs(lines: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in lines {
        match out.last_mut() {
            Some(run) if run.last() == Some(&(i - 1)) => run.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

/// The module a Python import line imports from (`os.path` in `import
/// os.path` and in `from os.path import join`), the namespace of a C#
/// `using`; any other line as it is.
fn imported_module(language: Language, line: &str) -> &str {
    let t = line.trim();
    match language {
        Language::Python => {
            let rest = t
                .strip_prefix("from ")
                .or_else(|| t.strip_prefix("import "))
                .unwrap_or(t);
            rest.split([' ', ',']).next().unwrap_or("")
        }
        Language::CSharp => t.strip_prefix("using ").unwrap_or(t).trim_end_matches(';').trim(),
        _ => t,
    }
}

fn needs_gap_above(language: Language, line: &str) -> bool {
    let t = line.trim();
    matches!(language, Language::Java | Language::Kotlin) && t.starts_with("package ")
        || t.ends_with("*/")
        || t.starts_with("\"\"\"")
}

/// Where a name joins `line`'s list of names imported from `module` (the
/// character after its last name), when `line` is one: Python's `from m
/// import a, b` and TypeScript's `import { a, b } from "m";`, on one line.
fn name_list_end(line: &str, language: Language, module: &str) -> Option<usize> {
    let end = match language {
        Language::Python => {
            let names = line.strip_prefix(&format!("from {module} import "))?;
            if names.trim().is_empty() || names.contains(['(', '\\', '#', '*']) {
                return None;
            }
            line.trim_end().len()
        }
        Language::TypeScript => {
            let (names, from) = line.strip_prefix("import {")?.split_once('}')?;
            let from = from.trim().trim_end_matches(';');
            if names.trim().is_empty() || (from != format!("from \"{module}\"") && from != format!("from '{module}'")) {
                return None;
            }
            line[..line.find('}')?].trim_end().len()
        }
        _ => return None,
    };
    Some(line[..end].chars().count())
}

fn same_import(line: &str, statement: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    norm(line) == norm(statement)
}

/// TypeScript: an import of `symbol` from `module` already there.
fn ts_has(lines: &[&str], symbol: &str, module: &str) -> bool {
    lines.iter().any(|l| {
        l.starts_with("import ")
            && (l.contains(&format!("\"{module}\"")) || l.contains(&format!("'{module}'")))
            && l.split(|c: char| !c.is_alphanumeric() && c != '_' && c != '$')
                .any(|w| w == symbol)
    })
}

/// Indices of the import lines at the top level of the file: for C, outside
/// conditional blocks (an include guard around the whole file does not count).
fn top_level_imports(lines: &[&str], language: Language) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let guard = language == Language::C && has_include_guard(lines);
    let mut in_docstring = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if language == Language::Python && (t.starts_with("\"\"\"") || t.starts_with("'''")) {
            let quotes = &t[..3];
            let closes_here = t.len() > 3 && t[3..].contains(quotes);
            if !closes_here {
                in_docstring = !in_docstring;
            }
            continue;
        }
        if in_docstring {
            continue;
        }
        if language == Language::C {
            if t.starts_with("#if") {
                depth += 1;
            } else if t.starts_with("#endif") {
                depth -= 1;
            }
        }
        let level = if guard { 1 } else { 0 };
        if language.is_import(line)
            && (language != Language::C || depth == level)
            && !line.starts_with(char::is_whitespace)
        {
            out.push(i);
        }
    }
    out
}

fn has_include_guard(lines: &[&str]) -> bool {
    let mut code = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("/*") && !l.starts_with('*'));
    matches!((code.next(), code.next()), (Some(a), Some(b)) if a.starts_with("#ifndef ") && b.starts_with("#define "))
}

/// The line index after the preamble, past a Python docstring and `from
/// __future__` imports, a C include guard's `#define`.
fn preamble_end(lines: &[&str], language: Language) -> usize {
    let mut i = 0;
    // A licence header is a leading block comment.
    while i < lines.len() && language.is_preamble(lines[i]) {
        i += 1;
    }
    if language == Language::Python && i < lines.len() {
        let t = lines[i].trim_start();
        if t.starts_with("\"\"\"") || t.starts_with("'''") {
            let quotes = &t[..3];
            if !(t.len() > 3 && t[3..].contains(quotes)) {
                i += 1;
                while i < lines.len() && !lines[i].contains(quotes) {
                    i += 1;
                }
            }
            i += 1;
        }
    }
    if language == Language::C && has_include_guard(lines) {
        while i < lines.len() && !lines[i].trim_start().starts_with("#define ") {
            i += 1;
        }
        i += 1;
    }
    i.min(lines.len())
}

fn add_go_import(path: &str, lines: &[&str], spec: &str, standard: &dyn Fn(&str) -> bool) -> Option<Edit> {
    if lines
        .iter()
        .any(|l| l.trim() == spec || l.trim() == format!("import {spec}"))
    {
        return None;
    }
    let at = |line: usize, text: String| {
        Some(Edit::insertion(
            path,
            Position::new(line as u32 + 1, 1),
            ColumnUnit::Chars,
            text,
        ))
    };
    if let Some(open) = lines.iter().position(|l| l.trim() == "import (") {
        let close = open + lines[open..].iter().position(|l| l.trim() == ")")?;
        // gofmt's groups, split by blank lines: the standard library's
        // first, then paths with a domain (`example.com/shop/model`).
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        for (i, line) in lines.iter().enumerate().take(close).skip(open + 1) {
            match (line.trim().is_empty(), groups.last_mut()) {
                (true, Some(group)) if !group.is_empty() => groups.push(Vec::new()),
                (false, Some(group)) => group.push(i),
                _ => {}
            }
        }
        let standard = |spec: &str| standard(spec.trim_matches('"'));
        let entries = groups
            .iter()
            .find(|g| g.first().is_some_and(|&i| standard(lines[i].trim()) == standard(spec)))
            .or(groups.last())?;
        let sorted = entries.windows(2).all(|w| lines[w[0]].trim() <= lines[w[1]].trim());
        let end = entries.last().map_or(close, |&i| i + 1);
        let pos = if sorted {
            entries
                .iter()
                .find(|&&i| lines[i].trim() > spec)
                .copied()
                .unwrap_or(end)
        } else {
            end
        };
        return at(pos, format!("\t{spec}\n"));
    }
    if let Some(last) = lines.iter().rposition(|l| l.starts_with("import ")) {
        return at(last + 1, format!("import {spec}\n"));
    }
    let package = lines.iter().position(|l| l.starts_with("package "))?;
    at(package + 1, format!("\nimport {spec}\n"))
}
