//! `import-from-sibling`: a name a file uses but does not import, defined at
//! the top level of one file beside it (Python) or below it (TypeScript),
//! or a class of another package or namespace of the same source tree
//! (Java, C#), or a package of the same Go module.

use super::Sources;
use super::imports::Language;
use std::path::Path;

/// The module `file` should import `name` from: the one file that defines
/// `name` at its top level, named as an import names it. In Python, a file
/// beside it (`util`); in TypeScript, one beside it or below (`./util`,
/// `./lib/models`), exported; in Java and C#, the package or namespace of
/// the class of the source tree named `name` (see [`java_class`],
/// [`csharp_namespace`]); in Go, the module's package `name` (see
/// [`go_package`]); in Rust, an item of a crate the file's crate depends on
/// by path (see [`super::crates`]). `None` when no file does, or more than
/// one.
pub fn defining_module(file: &str, language: Language, name: &str, sources: &dyn Sources) -> Option<String> {
    let own = Path::new(file).file_name()?.to_str()?;
    let not_own = |dir: &str, entry: &str| dir != "." || entry != own;
    match language {
        Language::Python => one_module(
            file,
            ".",
            false,
            sources,
            |dir, entry| not_own(dir, entry) && entry.ends_with(".py"),
            |_, entry, text| defines(language, text, name).then(|| entry.trim_end_matches(".py").to_string()),
        ),
        Language::TypeScript => {
            const EXTENSIONS: [&str; 6] = ["ts", "tsx", "mts", "js", "jsx", "mjs"];
            one_module(
                file,
                ".",
                true,
                sources,
                |dir, entry| {
                    not_own(dir, entry)
                        && entry
                            .rsplit_once('.')
                            .is_some_and(|(stem, ext)| EXTENSIONS.contains(&ext) && !stem.ends_with(".d"))
                },
                |dir, entry, text| {
                    let stem = entry.rsplit_once('.').map_or(entry, |(stem, _)| stem);
                    defines(language, text, name).then(|| format!("{dir}/{stem}"))
                },
            )
        }
        Language::Java => java_class(file, name, sources),
        Language::CSharp => csharp_namespace(file, name, sources),
        Language::Go => go_package(file, name, sources),
        Language::Rust => super::crates::dependency_item(file, name, sources),
        Language::C => c_header(file, name, sources),
        _ => None,
    }
}

/// The import path of the package `name` of `file`'s Go module
/// (`example.com/shop/model`): the one directory named `name`, below the
/// module's root (the nearest directory up with a `go.mod`), whose Go files
/// say `package name`.
fn go_package(file: &str, name: &str, sources: &dyn Sources) -> Option<String> {
    let root = project_dir(file, sources, |e| e == "go.mod")?;
    let go_mod = beside(file, &root)?.join("go.mod");
    let module = sources.read(go_mod.to_str()?)?.lines().find_map(|l| {
        let path = l.trim().strip_prefix("module ")?.trim().trim_matches('"');
        Some(path.to_string())
    })?;
    let in_package = format!("/{name}");
    one_module(
        file,
        &root,
        true,
        sources,
        |dir, entry| dir.ends_with(&in_package) && entry.ends_with(".go") && !entry.ends_with("_test.go"),
        |dir, _, text| {
            let declares = text.lines().any(|l| l.trim() == format!("package {name}"));
            let below = dir.strip_prefix(root.as_str())?;
            declares.then(|| format!("{module}{below}"))
        },
    )
}

/// The most directories searched for a definition: past that, the tree is
/// too large to be sure the one found is the only one.
const MOST_DIRS: usize = 512;

/// Directories that hold no sources to import from: dependencies and
/// build output.
const NOT_SOURCES: [&str; 7] = ["node_modules", "dist", "build", "out", "target", "bin", "obj"];

/// The class `name` as `file` (Java) would import it (`com.acme.util.Strings`):
/// the public class declared in `name.java`, in a package other than the
/// file's own, found under the source root (the directory the file's
/// package path starts from: `src/` for `src/com/acme/app/Main.java` in
/// package `com.acme.app`). `None` when there is none, more than one, or
/// the file's directories do not spell its package.
fn java_class(file: &str, name: &str, sources: &dyn Sources) -> Option<String> {
    let own = java_package(&sources.read(file)?).unwrap_or_default();
    let parts: Vec<&str> = own.split('.').filter(|p| !p.is_empty()).collect();
    let mut dir = Path::new(file).parent().unwrap_or(Path::new(""));
    for part in parts.iter().rev() {
        if dir.file_name()?.to_str()? != *part {
            return None;
        }
        dir = dir.parent().unwrap_or(Path::new(""));
    }
    let wanted = format!("{name}.java");
    one_module(
        file,
        &dir_up(parts.len()),
        true,
        sources,
        |_, entry| entry == wanted,
        |_, _, text| {
            java_package(text)
                .filter(|p| *p != own && declares_type(text, name, &["public "]))
                .map(|p| format!("{p}.{name}"))
        },
    )
}

/// The header `file` (C, C++) would include for `name`, quoted as an
/// include names it (`"util.h"`): the one header of the project (below the
/// nearest directory up with a Makefile, CMakeLists.txt, meson.build or
/// .git, else below the file's own) that declares it (see [`declares_c`]).
/// A header beside the file or below it is named from the file's
/// directory, one under an `include/` directory from there (the build
/// passes `-Iinclude`), any other by its path from the file's directory.
fn c_header(file: &str, name: &str, sources: &dyn Sources) -> Option<String> {
    const MARKS: [&str; 4] = ["Makefile", "CMakeLists.txt", "meson.build", ".git"];
    let project = project_dir(file, sources, |e| MARKS.contains(&e)).unwrap_or_else(|| ".".into());
    one_module(
        file,
        &project,
        true,
        sources,
        |_, entry| [".h", ".hh", ".hpp", ".hxx"].iter().any(|e| entry.ends_with(e)),
        |dir, entry, text| {
            let own = Path::new(file).parent().unwrap_or(Path::new(""));
            let below = beside(file, dir)?
                .strip_prefix(own)
                .ok()
                .map(|p| p.to_string_lossy().into_owned());
            let path = match below {
                Some(below) => format!("{below}/{entry}"),
                None => match dir.rsplit_once("/include") {
                    Some((_, under)) if under.is_empty() || under.starts_with('/') => format!("{under}/{entry}"),
                    _ => format!("{dir}/{entry}"),
                },
            };
            declares_c(text, name).then(|| format!("\"{}\"", path.trim_start_matches('/')))
        },
    )
}

/// Whether a C header declares `name`: a function prototype
/// (`int util_add(int a, int b);`), a macro, a typedef, or a struct, union
/// or enum tag.
fn declares_c(source: &str, name: &str) -> bool {
    let ends_name = |after: &str| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
    source.lines().map(str::trim).any(|line| {
        if let Some(rest) = line.strip_prefix("#define ") {
            return rest.trim_start().strip_prefix(name).is_some_and(ends_name);
        }
        for tag in ["struct ", "union ", "enum "] {
            let rest = line.strip_prefix("typedef ").unwrap_or(line);
            if let Some(after) = rest.strip_prefix(tag).and_then(|r| r.strip_prefix(name))
                && ends_name(after)
                && matches!(after.trim_start().chars().next(), Some('{' | ';') | None)
            {
                return true;
            }
        }
        // `typedef ... name;` or the `} name;` that ends a typedef'd struct.
        if (line.starts_with("typedef ") || line.starts_with('}')) && line.ends_with(&format!(" {name};"))
            || line.ends_with(&format!("}}{name};"))
        {
            return true;
        }
        // A prototype: a type (words and `*`), the name, its parameters.
        line.match_indices(name).any(|(at, _)| {
            let (before, after) = (&line[..at], &line[at + name.len()..]);
            let words: Vec<&str> = before
                .split(|c: char| c.is_whitespace() || c == '*')
                .filter(|w| !w.is_empty())
                .collect();
            after.trim_start().starts_with('(')
                && before.ends_with([' ', '*'])
                && !words.is_empty()
                && words.iter().all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '_'))
                && !matches!(words[0], "return" | "case" | "else" | "do" | "goto")
        })
    })
}

/// The namespace `file` (C#) would name in a `using` for the type `name`:
/// that of the type declared in `name.cs`, found below the directory of
/// the file's project (the nearest one up with a `.csproj`, else the
/// file's own), in a namespace other than the file's.
fn csharp_namespace(file: &str, name: &str, sources: &dyn Sources) -> Option<String> {
    let own = csharp_namespace_of(&sources.read(file)?).unwrap_or_default();
    let project = project_dir(file, sources, |e| e.ends_with(".csproj")).unwrap_or_else(|| ".".into());
    let wanted = format!("{name}.cs");
    one_module(
        file,
        &project,
        true,
        sources,
        |_, entry| entry == wanted,
        |_, _, text| {
            csharp_namespace_of(text).filter(|n| *n != own && declares_type(text, name, &["public ", "internal ", ""]))
        },
    )
}

/// The directory `dir` (from `file`'s, as `list_beside` takes it) as a
/// path from the root, without `..`; `None` above the root.
pub(super) fn beside(file: &str, dir: &str) -> Option<std::path::PathBuf> {
    let mut path = Path::new(file).parent().unwrap_or(Path::new("")).to_path_buf();
    for part in dir.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                if !path.pop() {
                    return None;
                }
            }
            _ => path.push(part),
        }
    }
    Some(path)
}

/// The nearest directory at or above `file`'s (six levels at most) with an
/// entry that `marks` a project (`go.mod`, `Cargo.toml`), as `list_beside`
/// takes it.
pub(super) fn project_dir(file: &str, sources: &dyn Sources, marks: impl Fn(&str) -> bool) -> Option<String> {
    (0..6).map(dir_up).find(|dir| {
        let listed = sources.list_beside(file, dir).unwrap_or_default();
        listed.iter().any(|e| marks(e))
    })
}

/// The directory `up` levels above a file's, as `list_beside` takes it.
fn dir_up(up: usize) -> String {
    if up == 0 {
        ".".to_string()
    } else {
        vec![".."; up].join("/")
    }
}

/// The one module that `module_of` finds in the files of the directory
/// `start` (from `file`'s, as `list_beside` takes it) and, when `deep`, of
/// the directories below it, that `wants` (given the directory, as `list_beside` takes it, and
/// the file's name) asks to read; `module_of` is given the same and the
/// file's text. `None` when no file gives one, files give different ones,
/// or the tree is too large to tell.
pub(super) fn one_module(
    file: &str,
    start: &str,
    deep: bool,
    sources: &dyn Sources,
    wants: impl Fn(&str, &str) -> bool,
    module_of: impl Fn(&str, &str, &str) -> Option<String>,
) -> Option<String> {
    // Directories to list: as `list_beside` takes them, and as paths.
    let mut dirs = vec![(start.to_string(), beside(file, start)?)];
    let mut listed = 0;
    let mut one = None;
    while let Some((dir, path)) = dirs.pop() {
        listed += 1;
        if listed > MOST_DIRS {
            return None;
        }
        for entry in sources.list_beside(file, &dir).unwrap_or_default() {
            if wants(&dir, &entry) {
                let text = sources.read(path.join(&entry).to_str()?);
                if let Some(module) = text.and_then(|text| module_of(&dir, &entry, &text)) {
                    if one.as_ref().is_some_and(|one| *one != module) {
                        return None;
                    }
                    one = Some(module);
                }
            } else if deep && !entry.contains('.') && !NOT_SOURCES.contains(&entry.as_str()) {
                dirs.push((format!("{dir}/{entry}"), path.join(&entry)));
            }
        }
    }
    one
}

/// The package a Java source declares (`package com.acme.util;`).
fn java_package(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("package ")?;
        Some(rest.split(';').next()?.trim().to_string())
    })
}

/// The first namespace a C# source declares (`namespace Shop.Util` or
/// `namespace Shop.Util;`).
fn csharp_namespace_of(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("namespace ")?;
        let name = rest.split([';', '{']).next()?.trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// Whether a Java or C# source declares a type `name` (a class, interface,
/// enum, record or struct) with one of the `access` modifiers, at the
/// start of a line (blanks aside).
fn declares_type(source: &str, name: &str, access: &[&str]) -> bool {
    const MODIFIERS: [&str; 8] = [
        "final ",
        "abstract ",
        "sealed ",
        "non-sealed ",
        "strictfp ",
        "static ",
        "partial ",
        "readonly ",
    ];
    const KINDS: [&str; 6] = ["class ", "interface ", "enum ", "record ", "@interface ", "struct "];
    source.lines().any(|line| {
        let line = line.trim_start();
        access.iter().filter_map(|a| line.strip_prefix(a)).any(|mut rest| {
            while let Some(m) = MODIFIERS.iter().find(|m| rest.starts_with(*m)) {
                rest = rest[m.len()..].trim_start();
            }
            KINDS
                .iter()
                .find_map(|k| rest.strip_prefix(k))
                .and_then(|r| r.trim_start().strip_prefix(name))
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$'))
        })
    })
}

/// Whether `source` defines `name` at its top level: `export const name`,
/// `export function name`, `export class name`... in TypeScript; `def name`,
/// `class name`, `name = ...` in Python.
fn defines(language: Language, source: &str, name: &str) -> bool {
    let named = |rest: &str| {
        rest.strip_prefix(name)
            .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$'))
    };
    source.lines().any(|line| match language {
        Language::TypeScript => {
            let Some(mut rest) = line.strip_prefix("export ") else {
                return false;
            };
            const KEYWORDS: [&str; 13] = [
                "default ",
                "declare ",
                "async ",
                "abstract ",
                "const ",
                "let ",
                "var ",
                "function* ",
                "function ",
                "class ",
                "interface ",
                "type ",
                "enum ",
            ];
            while let Some(k) = KEYWORDS.iter().find(|k| rest.starts_with(*k)) {
                rest = rest[k.len()..].trim_start();
            }
            named(rest)
        }
        Language::Python => {
            let rest = ["async def ", "def ", "class "]
                .iter()
                .find_map(|k| line.strip_prefix(k))
                .unwrap_or(line);
            named(rest) && {
                let after = rest[name.len()..].trim_start();
                rest.len() < line.len() || after.starts_with('=') && !after.starts_with("==") || after.starts_with(':')
            }
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Beside(&'static [(&'static str, &'static str)]);

    impl Sources for Beside {
        fn read(&self, path: &str) -> Option<String> {
            self.0
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, text)| text.to_string())
        }

        fn list_beside(&self, _: &str, dir: &str) -> Option<Vec<String>> {
            (dir == ".").then(|| {
                self.0
                    .iter()
                    .map(|(p, _)| p.rsplit('/').next().unwrap().to_string())
                    .collect()
            })
        }
    }

    #[test]
    fn a_name_is_imported_from_the_one_file_beside_that_defines_it() {
        let ts = Beside(&[
            ("src/main.ts", "console.log(VERSION, total([1]));\n"),
            (
                "src/util.ts",
                "export function total(xs: number[]) { return 0; }\nexport const VERSION = \"1\";\n",
            ),
            ("src/types.d.ts", "export const VERSION: string;\n"),
            ("src/other.ts", "const total = 3;\nexport { total as sum };\n"),
        ]);
        let find = |name| defining_module("src/main.ts", Language::TypeScript, name, &ts);
        assert_eq!(find("VERSION").as_deref(), Some("./util"));
        assert_eq!(find("total").as_deref(), Some("./util"));
        assert_eq!(find("tot"), None);
        let py = Beside(&[
            ("app.py", "print(total([1]))\n"),
            (
                "util.py",
                "LIMIT: int = 3\n\ndef total(xs):\n    inner = 1\n    return sum(xs)\n",
            ),
            ("more.py", "class Widget:\n    pass\nif total == 3:\n    pass\n"),
        ]);
        let find = |name| defining_module("app.py", Language::Python, name, &py);
        assert_eq!(find("total").as_deref(), Some("util"));
        assert_eq!(find("LIMIT").as_deref(), Some("util"));
        assert_eq!(find("Widget").as_deref(), Some("more"));
        // Not at the top level, or only compared: not defined there.
        assert_eq!(find("inner"), None);
        // Two files define it: no guess.
        let two = Beside(&[("a.py", ""), ("b.py", "def f():\n    pass\n"), ("c.py", "f = 1\n")]);
        assert_eq!(defining_module("a.py", Language::Python, "f", &two), None);
    }

    /// Files by path from the root, listed as directories hold them.
    struct Tree(&'static [(&'static str, &'static str)]);

    impl Sources for Tree {
        fn read(&self, path: &str) -> Option<String> {
            Beside(self.0).read(path)
        }

        fn list_beside(&self, beside: &str, dir: &str) -> Option<Vec<String>> {
            let mut at: Vec<&str> = beside.split('/').collect();
            at.pop();
            for part in dir.split('/') {
                match part {
                    "." => {}
                    ".." => {
                        at.pop()?;
                    }
                    _ => at.push(part),
                }
            }
            let prefix = at.iter().map(|p| format!("{p}/")).collect::<String>();
            let mut names: Vec<String> = self
                .0
                .iter()
                .filter_map(|(p, _)| p.strip_prefix(prefix.as_str()))
                .map(|rest| rest.split('/').next().unwrap().to_string())
                .collect();
            names.sort();
            names.dedup();
            (!names.is_empty()).then_some(names)
        }
    }

    #[test]
    fn each_language_finds_the_one_place_of_the_source_tree_defining_a_name() {
        const MAIN: &str = "package com.acme.app;\nclass Main {}\n";
        let tree = Tree(&[
            ("src/com/acme/app/Main.java", MAIN),
            (
                "src/com/acme/app/Local.java",
                "package com.acme.app;\npublic class Local {}\n",
            ),
            (
                "src/com/acme/util/Strings.java",
                "package com.acme.util;\n\npublic final class Strings {}\n",
            ),
            (
                "src/com/acme/util/Hidden.java",
                "package com.acme.util;\nclass Hidden {}\n",
            ),
            (
                "src/com/acme/io/Strings2.java",
                "package com.acme.io;\npublic class Strings2 {}\n",
            ),
            ("src/org/x/Twice.java", "package org.x;\npublic interface Twice {}\n"),
            ("src/org/y/Twice.java", "package org.y;\npublic enum Twice { A }\n"),
        ]);
        let find = |name| defining_module("src/com/acme/app/Main.java", Language::Java, name, &tree);
        assert_eq!(find("Strings").as_deref(), Some("com.acme.util.Strings"));
        // Same package (nothing to import), not public, or two of them.
        assert_eq!(find("Local"), None);
        assert_eq!(find("Hidden"), None);
        assert_eq!(find("Twice"), None);
        // C#: below the project's directory, in another namespace.
        let cs = Tree(&[
            ("app/App.csproj", ""),
            ("app/src/Program.cs", "namespace Shop\n{\n    class Program {}\n}\n"),
            (
                "app/Util/Helpers.cs",
                "namespace Shop.Util\n{\n    public static class Helpers {}\n}\n",
            ),
            (
                "app/Util/Item.cs",
                "namespace Shop;\n\ninternal record Item(string Name);\n",
            ),
        ]);
        let find = |name| defining_module("app/src/Program.cs", Language::CSharp, name, &cs);
        assert_eq!(find("Helpers").as_deref(), Some("Shop.Util"));
        assert_eq!(find("Item"), None);
        // TypeScript: beside or below, not in dependencies.
        let ts = Tree(&[
            ("web/main.ts", "const o: Order = makeOrder();\n"),
            (
                "web/lib/models.ts",
                "export interface Order {}\nexport function makeOrder() {}\n",
            ),
            ("web/node_modules/m/index.ts", "export interface Order {}\n"),
            ("web/lib/deep/more.ts", "export const makeOrder = 1;\n"),
        ]);
        let find = |name| defining_module("web/main.ts", Language::TypeScript, name, &ts);
        assert_eq!(find("Order").as_deref(), Some("./lib/models"));
        assert_eq!(find("makeOrder"), None);
        // Go: a package of the module.
        let go = Tree(&[
            ("svc/go.mod", "module example.com/shop\n\ngo 1.19\n"),
            ("svc/cmd/main.go", "package main\n"),
            ("svc/internal/model/item.go", "package model\n"),
            ("svc/internal/model/price.go", "package model\n"),
            ("svc/internal/model/item_test.go", "package model_test\n"),
            ("svc/util/util.go", "package helpers\n"),
        ]);
        let find = |name| defining_module("svc/cmd/main.go", Language::Go, name, &go);
        assert_eq!(find("model").as_deref(), Some("example.com/shop/internal/model"));
        assert_eq!(find("util"), None);
        // C: a header that declares it, named from `include/`.
        let c = Tree(&[
            ("lib/Makefile", ""),
            ("lib/src/main.c", "int main(void) { return util_add(1, 2); }\n"),
            (
                "lib/include/util.h",
                "int util_add(int a, int b);\ntypedef struct { int x; } point_t;\n",
            ),
            (
                "lib/include/more/calls.h",
                "static int f(void) { return util_add(1, 2); }\n#define MAX(a, b) a\n",
            ),
            ("lib/src/shapes.h", "struct shape {\n    int sides;\n};\n"),
        ]);
        let find = |name| defining_module("lib/src/main.c", Language::C, name, &c);
        assert_eq!(find("util_add").as_deref(), Some("\"util.h\""));
        assert_eq!(find("point_t").as_deref(), Some("\"util.h\""));
        assert_eq!(find("MAX").as_deref(), Some("\"more/calls.h\""));
        assert_eq!(find("shape").as_deref(), Some("\"shapes.h\""));
        assert_eq!(find("sides"), None);
        // Directories that do not spell the package: no guess.
        let moved = Tree(&[
            ("src/app/Main.java", MAIN),
            ("src/util/Strings.java", "package util;\npublic class Strings {}\n"),
        ]);
        assert_eq!(
            defining_module("src/app/Main.java", Language::Java, "Strings", &moved),
            None
        );
    }
}
