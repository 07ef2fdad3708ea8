//! `import-from-sibling`: a name a file uses but does not import, defined
//! by the project itself: at the top level of one file beside it (Python)
//! or below it (TypeScript); in Java, C#, Go and C, see `packages`; in
//! Rust, see `crates`. Also the walk of the source tree they share.

use super::imports::Language;
use super::{Sources, packages};
use std::path::Path;

/// Where the project defines a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// As an import names it (`./lib/models`, `com.acme.util.Strings`).
    pub module: String,
    /// The file that defines it, from the root.
    pub path: std::path::PathBuf,
}

/// Where `file` should import `name` from: the one file that defines
/// `name` at its top level, named as an import names it. In Python, a file
/// beside it (`util`); in TypeScript, one beside it or below (`./util`,
/// `./lib/models`), else elsewhere in its project (`../utils/date`),
/// exported; in Java and C#, the package or namespace of
/// the class of the source tree named `name` (see
/// [`packages::java_class`], [`packages::csharp_namespace`]); in Go, the
/// module's package `name` (see [`packages::go_package`]); in C, the
/// header that declares it (see [`packages::c_header`]); in Rust, an item of a crate the file's crate depends on
/// by path (see [`super::crates`]). `None` when no file does, or more than
/// one.
pub fn defining(file: &str, language: Language, name: &str, sources: &dyn Sources) -> Option<Definition> {
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
        )
        .or_else(|| python_project_module(file, name, sources)),
        Language::TypeScript => {
            const EXTENSIONS: [&str; 6] = ["ts", "tsx", "mts", "js", "jsx", "mjs"];
            let esm = sources
                .read(file)
                .is_some_and(|text| relative_specs(&text).any(|spec| JS_EXTENSIONS.iter().any(|e| spec.ends_with(e))));
            // Beside the file or below it; else anywhere in its project
            // (`../utils/date`, from the directory of its tsconfig.json).
            let from = |start: &str| {
                one_module(
                    file,
                    start,
                    true,
                    sources,
                    |dir, entry| {
                        not_own(dir, entry)
                            && entry
                                .rsplit_once('.')
                                .is_some_and(|(stem, ext)| EXTENSIONS.contains(&ext) && !stem.ends_with(".d"))
                    },
                    |dir, entry, text| {
                        // ES modules name the file the compiler writes (`./util.js`).
                        let stem = entry.rsplit_once('.').map_or(entry, |(stem, _)| stem);
                        let module = js_name(entry).filter(|_| esm).unwrap_or_else(|| stem.to_string());
                        let dir = shortest(file, dir)?;
                        defines(language, text, name).then(|| format!("{dir}/{module}"))
                    },
                )
            };
            from(".").or_else(|| {
                let top = project_dir(file, sources, |e| e == "tsconfig.json" || e == "package.json")?;
                (top != ".").then(|| from(&top)).flatten()
            })
        }
        Language::Java => packages::java_class(file, name, sources),
        Language::CSharp => packages::csharp_namespace(file, name, sources),
        Language::Go => packages::go_package(file, name, sources),
        Language::Rust => super::crates::dependency_item(file, name, sources),
        Language::C => packages::c_header(file, name, sources),
        _ => None,
    }
}

/// Files that mark the top directory of a Python project, from which its
/// modules are imported (`python -m pytest` runs there).
const PYTHON_PROJECT: [&str; 7] = [
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "pytest.ini",
    "tox.ini",
    "conftest.py",
    ".git",
];

/// The one module of `file`'s Python project that defines `name`, named by
/// its dotted path from the project's top directory (`shop.models`): the
/// nearest directory up with a [`PYTHON_PROJECT`] file, or else the one
/// above the file's package (the first without `__init__.py`).
fn python_project_module(file: &str, name: &str, sources: &dyn Sources) -> Option<Definition> {
    let listed = |dir: &str| sources.list_beside(file, dir).unwrap_or_default();
    let top = project_dir(file, sources, |e| PYTHON_PROJECT.contains(&e)).or_else(|| {
        (0..6)
            .map(dir_up)
            .find(|dir| !listed(dir).iter().any(|e| e == "__init__.py"))
    })?;
    let own = Path::new(file);
    one_module(
        file,
        &top,
        true,
        sources,
        |dir, entry| entry.ends_with(".py") && beside(file, dir).map(|d| d.join(entry)).as_deref() != Some(own),
        |dir, entry, text| {
            let package = dir
                .strip_prefix(top.as_str())?
                .trim_start_matches('/')
                .replace('/', ".");
            let module = match entry.trim_end_matches(".py") {
                "__init__" => package,
                stem if package.is_empty() => stem.to_string(),
                stem => format!("{package}.{stem}"),
            };
            (defines(Language::Python, text, name) && !module.is_empty()).then_some(module)
        },
    )
}

/// The modules that a TypeScript file's `source` imports from by relative
/// path, and their texts (`./models/user`: `models/user.ts`, `.tsx`, or
/// `models/user/index.ts`): their names are the names it is likely to
/// misspell.
pub(super) fn relative_imports(file: &str, source: &str, sources: &dyn Sources) -> Vec<(String, String)> {
    relative_specs(source)
        .filter_map(|spec| module_source(file, spec, sources).map(|(_, text)| (spec.to_string(), text)))
        .collect()
}

/// The file, from the root, and the text of the TypeScript module that
/// `file` names `spec` (`./models/user`: `models/user.ts`, `.tsx`, `.mts`
/// or `models/user/index.ts`; `./util.js` for `./util.ts`).
pub(super) fn module_source(file: &str, spec: &str, sources: &dyn Sources) -> Option<(std::path::PathBuf, String)> {
    let (dir, stem) = spec.rsplit_once('/')?;
    let dir = beside(file, dir)?;
    let stem = JS_EXTENSIONS.iter().find_map(|e| stem.strip_suffix(e)).unwrap_or(stem);
    ["ts", "tsx", "mts"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .chain([dir.join(stem).join("index.ts")])
        .find_map(|path| {
            let text = sources.read(path.to_str()?)?;
            Some((path, text))
        })
}

/// The line (1-based) of the one declaration of `name` at the top level of
/// the TypeScript `source` that is not exported (`function helper(`,
/// `const helper =`, `class Helper`); `None` when there is none, or more.
pub(super) fn top_level_declaration(source: &str, name: &str) -> Option<u32> {
    const KEYWORDS: [&str; 9] = [
        "function",
        "function*",
        "async function",
        "const",
        "let",
        "var",
        "class",
        "interface",
        "type",
    ];
    let declares = |line: &str| {
        let rest = line.strip_prefix("abstract ").unwrap_or(line);
        KEYWORDS.iter().any(|k| {
            rest.strip_prefix(k)
                .and_then(|r| r.strip_prefix(' '))
                .and_then(|r| r.trim_start().strip_prefix(name))
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$'))
        })
    };
    let mut found = source.lines().enumerate().filter(|(_, l)| declares(l));
    match (found.next(), found.next()) {
        (Some((i, _)), None) => u32::try_from(i + 1).ok(),
        _ => None,
    }
}

/// The endings an ES module's import gives a TypeScript file: those of
/// the JavaScript the compiler writes for it.
pub(super) const JS_EXTENSIONS: [&str; 4] = [".js", ".jsx", ".mjs", ".cjs"];

/// The name an ES module imports a source file by: that of the JavaScript
/// file the compiler writes for it (`util.js` for `util.ts` or `util.tsx`,
/// `util.mjs` for `util.mts`); `None` for a declaration file or a file
/// that is not a module's source.
pub(super) fn js_name(entry: &str) -> Option<String> {
    let (stem, ext) = entry.rsplit_once('.')?;
    let js = match ext {
        "ts" if stem.ends_with(".d") => return None,
        "ts" | "tsx" | "js" | "jsx" => "js",
        "mts" | "mjs" => "mjs",
        "cts" | "cjs" => "cjs",
        _ => return None,
    };
    Some(format!("{stem}.{js}"))
}

/// The relative module specifiers a TypeScript `source` imports or
/// re-exports from (`./util`, `../lib/models.js`), as written.
fn relative_specs(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let t = line.trim_start();
        if !(t.starts_with("import ") || t.starts_with("export ")) {
            return None;
        }
        let rest = &t[t.find(" from ")? + 6..];
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let spec = &rest[1..1 + rest[1..].find(quote)?];
        spec.starts_with('.').then_some(spec)
    })
}

/// The modules that a Python file's `source` imports from by a relative
/// path (`from .util import money`, `from ..core.money import cents`), as
/// written, and their texts (`util.py` or `util/__init__.py`).
pub(super) fn python_relative_imports(file: &str, source: &str, sources: &dyn Sources) -> Vec<(String, String)> {
    let specs = source.lines().filter_map(|line| {
        let spec = line.trim_start().strip_prefix("from ")?.split_whitespace().next()?;
        spec.starts_with('.').then_some(spec)
    });
    specs
        .filter_map(|spec| {
            let name = spec.trim_start_matches('.');
            let up = spec.len() - name.len() - 1;
            let mut dir = beside(file, &dir_up(up))?;
            let mut parts: Vec<&str> = name.split('.').filter(|p| !p.is_empty()).collect();
            let last = parts.pop()?;
            for part in parts {
                dir.push(part);
            }
            [dir.join(format!("{last}.py")), dir.join(last).join("__init__.py")]
                .iter()
                .find_map(|path| sources.read(path.to_str()?))
                .map(|text| (spec.to_string(), text))
        })
        .collect()
}

/// The most directories searched for a definition: past that, the tree is
/// too large to be sure the one found is the only one.
const MOST_DIRS: usize = 512;

/// Directories that hold no sources to import from: dependencies and
/// build output.
const NOT_SOURCES: [&str; 7] = ["node_modules", "dist", "build", "out", "target", "bin", "obj"];

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

/// The directory `dir` (from `file`'s, as `list_beside` takes it) by the
/// shortest relative path from `file`'s: `../utils`, not `../../src/utils`
/// for `src/app/main.ts`; `.` or `./lib` below it.
fn shortest(file: &str, dir: &str) -> Option<String> {
    let target = beside(file, dir)?;
    let from = Path::new(file).parent().unwrap_or(Path::new(""));
    let common = from
        .components()
        .zip(target.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from.components().count() - common;
    let first = if ups == 0 { vec!["."; 1] } else { vec![".."; ups] };
    let rest = target.components().skip(common).map(|c| c.as_os_str().to_str());
    let parts: Option<Vec<&str>> = first.into_iter().map(Some).chain(rest).collect();
    Some(parts?.join("/"))
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
pub(super) fn dir_up(up: usize) -> String {
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
) -> Option<Definition> {
    let found = modules(file, start, deep, sources, wants, module_of)?;
    let last = found.last()?;
    found.iter().all(|d| d.module == last.module).then(|| last.clone())
}

/// Every module that `module_of` finds, as for [`one_module`], in the
/// order the files are read; `None` when the tree is too large to tell.
pub(super) fn modules(
    file: &str,
    start: &str,
    deep: bool,
    sources: &dyn Sources,
    wants: impl Fn(&str, &str) -> bool,
    module_of: impl Fn(&str, &str, &str) -> Option<String>,
) -> Option<Vec<Definition>> {
    // Directories to list: as `list_beside` takes them, and as paths.
    let mut dirs = vec![(start.to_string(), beside(file, start)?)];
    let mut listed = 0;
    let mut found = Vec::new();
    while let Some((dir, path)) = dirs.pop() {
        listed += 1;
        if listed > MOST_DIRS {
            return None;
        }
        for entry in sources.list_beside(file, &dir).unwrap_or_default() {
            if wants(&dir, &entry) {
                let text = sources.read(path.join(&entry).to_str()?);
                if let Some(module) = text.and_then(|text| module_of(&dir, &entry, &text)) {
                    found.push(Definition {
                        module,
                        path: path.join(&entry),
                    });
                }
            } else if deep && !entry.contains('.') && !NOT_SOURCES.contains(&entry.as_str()) {
                dirs.push((format!("{dir}/{entry}"), path.join(&entry)));
            }
        }
    }
    Some(found)
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
pub(super) mod tests {
    use super::*;

    /// Files by path from the root, listed as directories hold them.
    pub(in crate::actions) struct Tree(pub(in crate::actions) &'static [(&'static str, &'static str)]);

    impl Sources for Tree {
        fn read(&self, path: &str) -> Option<String> {
            self.0
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, text)| text.to_string())
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
    fn python_relative_imports_are_read_from_their_files() {
        let project = Tree(&[
            ("shop/core/__init__.py", "def cents(x):\n    return x\n"),
            ("shop/report/util.py", "def money(x):\n    return x\n"),
            ("shop/report/render.py", ""),
        ]);
        let source = "import os\nfrom .util import money\nfrom ..core import cents\nfrom .missing import x\n";
        let found = python_relative_imports("shop/report/render.py", source, &project);
        let specs: Vec<&str> = found.iter().map(|(spec, _)| spec.as_str()).collect();
        assert_eq!(specs, [".util", "..core"]);
        assert!(found[1].1.contains("def cents"));
    }

    #[test]
    fn a_python_name_is_imported_from_the_project_by_its_dotted_path() {
        let project = Tree(&[
            ("pyproject.toml", ""),
            ("shop/__init__.py", "VERSION = \"1\"\n"),
            ("shop/models/__init__.py", ""),
            ("shop/models/item.py", "class Item:\n    pass\n"),
            ("shop/report.py", "def render(items):\n    return Item\n"),
            ("tests/test_report.py", "def test_render():\n    assert render([])\n"),
        ]);
        let find = |file, name| defining(file, Language::Python, name, &project).map(|d| d.module);
        // From the directory that marks the project, wherever the file is.
        assert_eq!(
            find("tests/test_report.py", "Item").as_deref(),
            Some("shop.models.item")
        );
        assert_eq!(find("tests/test_report.py", "render").as_deref(), Some("shop.report"));
        assert_eq!(find("shop/report.py", "Item").as_deref(), Some("shop.models.item"));
        // A package's own names are in its `__init__.py`.
        assert_eq!(find("tests/test_report.py", "VERSION").as_deref(), Some("shop"));
        // Without a mark, from above the file's package.
        let unmarked = Tree(&[
            ("shop/__init__.py", ""),
            ("shop/models.py", "class Item:\n    pass\n"),
            ("shop/sub/__init__.py", ""),
            ("shop/sub/report.py", "x = Item\n"),
        ]);
        let found = defining("shop/sub/report.py", Language::Python, "Item", &unmarked).map(|d| d.module);
        assert_eq!(found.as_deref(), Some("shop.models"));
    }

    #[test]
    fn a_name_is_imported_from_the_one_file_beside_that_defines_it() {
        let ts = Tree(&[
            ("src/main.ts", "console.log(VERSION, total([1]));\n"),
            (
                "src/util.ts",
                "export function total(xs: number[]) { return 0; }\nexport const VERSION = \"1\";\n",
            ),
            ("src/types.d.ts", "export const VERSION: string;\n"),
            ("src/other.ts", "const total = 3;\nexport { total as sum };\n"),
        ]);
        let find = |name| defining("src/main.ts", Language::TypeScript, name, &ts).map(|d| d.module);
        assert_eq!(find("VERSION").as_deref(), Some("./util"));
        assert_eq!(find("total").as_deref(), Some("./util"));
        assert_eq!(find("tot"), None);
        let py = Tree(&[
            ("app.py", "print(total([1]))\n"),
            (
                "util.py",
                "LIMIT: int = 3\n\ndef total(xs):\n    inner = 1\n    return sum(xs)\n",
            ),
            ("more.py", "class Widget:\n    pass\nif total == 3:\n    pass\n"),
        ]);
        let find = |name| defining("app.py", Language::Python, name, &py).map(|d| d.module);
        assert_eq!(find("total").as_deref(), Some("util"));
        assert_eq!(find("LIMIT").as_deref(), Some("util"));
        assert_eq!(find("Widget").as_deref(), Some("more"));
        // Not at the top level, or only compared: not defined there.
        assert_eq!(find("inner"), None);
        // Two files define it: no guess.
        let two = Tree(&[("a.py", ""), ("b.py", "def f():\n    pass\n"), ("c.py", "f = 1\n")]);
        assert_eq!(defining("a.py", Language::Python, "f", &two), None);
    }

    #[test]
    fn a_typescript_export_is_imported_from_below_not_from_dependencies() {
        let ts = Tree(&[
            ("web/main.ts", "const o: Order = makeOrder();\n"),
            (
                "web/lib/models.ts",
                "export interface Order {}\nexport function makeOrder() {}\n",
            ),
            ("web/node_modules/m/index.ts", "export interface Order {}\n"),
            ("web/lib/deep/more.ts", "export const makeOrder = 1;\n"),
        ]);
        let find = |name| defining("web/main.ts", Language::TypeScript, name, &ts).map(|d| d.module);
        assert_eq!(find("Order").as_deref(), Some("./lib/models"));
        assert_eq!(find("makeOrder"), None);
    }

    #[test]
    fn a_typescript_declaration_to_export_is_the_one_at_the_top_level() {
        let source = "function helper(x: number) {\n  const helperFn = 1;\n}\nexport const k = 1;\nclass Cart {}\n";
        assert_eq!(top_level_declaration(source, "helper"), Some(1));
        assert_eq!(top_level_declaration(source, "Cart"), Some(5));
        // Exported already, indented, a longer name, or none.
        assert_eq!(top_level_declaration(source, "k"), None);
        assert_eq!(top_level_declaration(source, "helperFn"), None);
        assert_eq!(top_level_declaration(source, "help"), None);
        assert_eq!(top_level_declaration("let a = 1;\nlet a = 2;\n", "a"), None);
    }

    #[test]
    fn a_typescript_export_elsewhere_in_the_project_is_imported_by_the_shortest_path() {
        let ts = Tree(&[
            ("tsconfig.json", "{}"),
            (
                "src/app/main.ts",
                "console.log(formatDate(EPOCH));
",
            ),
            (
                "src/utils/date.ts",
                "export function formatDate() {}
export const EPOCH = 0;
",
            ),
            (
                "src/utils/old/date.ts",
                "export const EPOCH = 0;
",
            ),
            (
                "dist/utils/date.ts",
                "export function formatDate() {}
",
            ),
        ]);
        let find = |name| defining("src/app/main.ts", Language::TypeScript, name, &ts).map(|d| d.module);
        assert_eq!(find("formatDate").as_deref(), Some("../utils/date"));
        // Two files export it: no guess.
        assert_eq!(find("EPOCH"), None);
        assert_eq!(
            shortest("src/app/main.ts", "../../src/app/lib").as_deref(),
            Some("./lib")
        );
        assert_eq!(shortest("main.ts", "./lib").as_deref(), Some("./lib"));
    }
}
