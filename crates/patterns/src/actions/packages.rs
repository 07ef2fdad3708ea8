//! Where the project itself defines a name, in languages whose imports
//! name a package, a namespace or a header: a Java class of another
//! package, a C# type of another namespace, a package of the Go module, a
//! C header.

use super::Sources;
use super::sibling::{Definition, beside, dir_up, modules, one_module, project_dir};
use std::collections::HashSet;
use std::path::Path;

/// The import path of the package `name` of `file`'s Go module
/// (`example.com/shop/model`): the one directory named `name`, below the
/// module's root (the nearest directory up with a `go.mod`), whose Go files
/// say `package name`.
pub(super) fn go_package(file: &str, name: &str, sources: &dyn Sources) -> Option<Definition> {
    let (root, module) = go_module(file, sources)?;
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

/// The directory of the `go.mod` above `file` (as `list_beside` takes it)
/// and the module path it declares.
fn go_module(file: &str, sources: &dyn Sources) -> Option<(String, String)> {
    let root = project_dir(file, sources, |e| e == "go.mod")?;
    let go_mod = beside(file, &root)?.join("go.mod");
    let module = sources.read(go_mod.to_str()?)?.lines().find_map(|l| {
        let path = l.trim().strip_prefix("module ")?.trim().trim_matches('"');
        Some(path.to_string())
    })?;
    Some((root, module))
}

/// The text of the other Go files of `file`'s package (its directory),
/// tests only when `file` is one.
pub(super) fn go_package_files(file: &str, sources: &dyn Sources) -> Vec<String> {
    let path = Path::new(file);
    let own = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let test = own.ends_with("_test.go");
    let dir = path.parent().unwrap_or(Path::new(""));
    let entries = sources.list_beside(file, ".").unwrap_or_default();
    entries
        .iter()
        .filter(|e| *e != own && e.ends_with(".go") && (test || !e.ends_with("_test.go")))
        .filter_map(|e| sources.read(dir.join(e).to_str()?))
        .collect()
}

/// The import path of the module's package nearest to `path`, a package
/// of `file`'s module that does not exist (`example.com/shop/utl` for the
/// directory `util`; see [`super::nearest::closest_file`]).
pub(super) fn nearest_go_package(file: &str, path: &str, sources: &dyn Sources) -> Option<String> {
    let (root, module) = go_module(file, sources)?;
    let rest = path.strip_prefix(module.as_str())?.strip_prefix('/')?;
    let from_file = if root == "." {
        rest.to_string()
    } else {
        format!("{root}/{rest}")
    };
    let best = super::nearest::closest_file(file, &from_file, sources)?;
    let best_rest = if root == "." {
        best.as_str()
    } else {
        best.strip_prefix(&format!("{root}/"))?
    };
    Some(format!("{module}/{best_rest}"))
}

/// The dotted module nearest to `dotted`, a module that does not exist
/// (`app.helpers` for `app.helper`): its last part respelt as the nearest
/// module or package of the directory the rest names, looked for from
/// `file`'s directory (where a script imports from) and each directory up
/// (the project's root, where `python -m` and pytest import from); see
/// [`super::nearest::closest_file`].
pub(super) fn nearest_python_module(file: &str, dotted: &str, sources: &dyn Sources) -> Option<String> {
    let path = dotted.replace('.', "/");
    dirs_up(file).find_map(|from| {
        let best = super::nearest::closest_file(file, &format!("{from}/{path}"), sources)?;
        Some(best.strip_prefix(&format!("{from}/"))?.replace('/', "."))
    })
}

/// The package nearest to `name`, a package that a TypeScript file imports
/// and that cannot be found (`chalkis`), among the dependencies that the
/// nearest `package.json` up from `file` declares (`chalk`); see
/// [`super::nearest::nearest`].
pub(super) fn nearest_npm_package(file: &str, name: &str, sources: &dyn Sources) -> Option<String> {
    let manifest = dirs_up(file).find_map(|up| sources.read(beside(file, &format!("{up}/package.json"))?.to_str()?))?;
    let declared = npm_dependencies(&manifest);
    super::nearest::nearest(name, declared.into_iter().collect()).map(str::to_string)
}

/// `file`'s directory and each one up to the root, as `list_beside` takes
/// them (`.`, `..`, `../..`).
fn dirs_up(file: &str) -> impl Iterator<Item = String> {
    let depth = Path::new(file).parent().map_or(0, |p| p.components().count());
    (0..=depth).map(dir_up)
}

/// The names that a `package.json`'s `dependencies`, `devDependencies` and
/// `peerDependencies` declare: the keys of those objects.
fn npm_dependencies(manifest: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for section in ["\"dependencies\"", "\"devDependencies\"", "\"peerDependencies\""] {
        let Some(at) = manifest.find(section) else { continue };
        let rest = &manifest[at + section.len()..];
        let Some(body) = rest
            .trim_start()
            .strip_prefix(':')
            .and_then(|r| r.trim_start().strip_prefix('{'))
        else {
            continue;
        };
        let body = &body[..body.find('}').unwrap_or(body.len())];
        // Each entry is `"name": "version"`: the keys are every other string.
        names.extend(body.split('"').skip(1).step_by(4));
    }
    names
}

/// The texts of the project's headers that the C or C++ file `file`, whose
/// text is `own`, includes by quotes (`#include "vec.h"`), found beside it.
pub(super) fn c_included_headers(file: &str, own: &str, sources: &dyn Sources) -> Vec<String> {
    own.lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix('#')?.trim_start().strip_prefix("include")?;
            let name = rest.trim().strip_prefix('"')?.split('"').next()?;
            sources.read(beside(file, name)?.to_str()?)
        })
        .collect()
}

/// The class `name` as `file` (Java) would import it (`com.acme.util.Strings`):
/// the public class declared in `name.java`, in a package other than the
/// file's own, found under the source root (the directory the file's
/// package path starts from: `src/` for `src/com/acme/app/Main.java` in
/// package `com.acme.app`). `None` when there is none, more than one, or
/// the file's directories do not spell its package.
pub(super) fn java_class(file: &str, name: &str, sources: &dyn Sources) -> Option<Definition> {
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
pub(super) fn c_header(file: &str, name: &str, sources: &dyn Sources) -> Option<Definition> {
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
    let (typedef_end, struct_end) = (format!(" {name};"), format!("}}{name};"));
    source
        .lines()
        .map(str::trim)
        .filter(|line| line.contains(name))
        .any(|line| {
            if let Some(rest) = line.strip_prefix("#define ") {
                return rest.trim_start().strip_prefix(name).is_some_and(ends_name);
            }
            let rest = line.strip_prefix("typedef ").unwrap_or(line);
            for tag in ["struct ", "union ", "enum "] {
                if let Some(after) = rest.strip_prefix(tag).and_then(|r| r.strip_prefix(name))
                    && ends_name(after)
                    && matches!(after.trim_start().chars().next(), Some('{' | ';') | None)
                {
                    return true;
                }
            }
            // `typedef ... name;` or the `} name;` that ends a typedef'd struct.
            if (line.starts_with("typedef ") || line.starts_with('}')) && line.ends_with(&typedef_end)
                || line.ends_with(&struct_end)
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
/// the file's project (see [`csharp_project`]), in a namespace other than
/// the file's.
pub(super) fn csharp_namespace(file: &str, name: &str, sources: &dyn Sources) -> Option<Definition> {
    let own = csharp_namespace_of(&sources.read(file)?).unwrap_or_default();
    let project = csharp_project(file, &own, sources);
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

/// The namespace nearest to `target` (`Shop.Modles`), a namespace that
/// `file` (C#) names and that does not exist: `target` with its last part
/// replaced by the one nearest to it (see [`super::nearest`]) among the
/// namespaces that the sources of the file's project (as for
/// [`csharp_namespace`]) declare in the same parent (`Shop.Models`).
pub(super) fn nearest_csharp_namespace(file: &str, target: &str, sources: &dyn Sources) -> Option<String> {
    let (parent, name) = target.rsplit_once('.')?;
    let own = csharp_namespace_of(&sources.read(file)?).unwrap_or_default();
    let project = csharp_project(file, &own, sources);
    let declared = modules(
        file,
        &project,
        true,
        sources,
        |_, entry| entry.ends_with(".cs"),
        |_, _, text| csharp_namespace_of(text),
    )?;
    let children: HashSet<&str> = declared
        .iter()
        .filter_map(|d| d.module.strip_prefix(parent)?.strip_prefix('.')?.split('.').next())
        .collect();
    let best = super::nearest::nearest(name, children)?;
    Some(format!("{parent}.{best}"))
}

/// The directory of `file`'s C# project, as `list_beside` takes it: the
/// nearest one up with a `.csproj` or `.sln`, else the one that the
/// file's namespace `own` starts from (`Services/` spells the `Services`
/// of `Shop.Services`), else the file's own.
fn csharp_project(file: &str, own: &str, sources: &dyn Sources) -> String {
    if let Some(dir) = project_dir(file, sources, |e| e.ends_with(".csproj") || e.ends_with(".sln")) {
        return dir;
    }
    let mut dir = Path::new(file).parent().unwrap_or(Path::new(""));
    let mut up = 0;
    for part in own.rsplit('.') {
        if dir.file_name().and_then(|n| n.to_str()) != Some(part) {
            break;
        }
        up += 1;
        dir = dir.parent().unwrap_or(Path::new(""));
    }
    dir_up(up)
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

#[cfg(test)]
mod tests {
    use super::super::imports::Language;
    use super::super::sibling::defining;
    use super::super::sibling::tests::Tree;
    use super::npm_dependencies;

    #[test]
    fn the_dependencies_of_a_package_json_are_the_keys_of_its_dependency_objects() {
        let manifest = r#"{ "name": "app", "version": "1.0.0",
          "dependencies": { "chalk": "^5.0.0", "@scope/left-pad": "1.x" },
          "devDependencies": {"typescript":"5.9.0"}, "scripts": { "build": "tsc" } }"#;
        assert_eq!(npm_dependencies(manifest), ["chalk", "@scope/left-pad", "typescript"]);
    }

    #[test]
    fn java_csharp_go_and_c_find_the_one_place_of_the_source_tree_defining_a_name() {
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
        let find = |name| defining("src/com/acme/app/Main.java", Language::Java, name, &tree).map(|d| d.module);
        assert_eq!(find("Strings").as_deref(), Some("com.acme.util.Strings"));
        let strings = defining("src/com/acme/app/Main.java", Language::Java, "Strings", &tree).unwrap();
        assert_eq!(strings.path, std::path::Path::new("src/com/acme/util/Strings.java"));
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
        let find = |name| defining("app/src/Program.cs", Language::CSharp, name, &cs).map(|d| d.module);
        assert_eq!(find("Helpers").as_deref(), Some("Shop.Util"));
        assert_eq!(find("Item"), None);
        // Go: a package of the module.
        let go = Tree(&[
            ("svc/go.mod", "module example.com/shop\n\ngo 1.19\n"),
            ("svc/cmd/main.go", "package main\n"),
            ("svc/internal/model/item.go", "package model\n"),
            ("svc/internal/model/price.go", "package model\n"),
            ("svc/internal/model/item_test.go", "package model_test\n"),
            ("svc/util/util.go", "package helpers\n"),
        ]);
        let find = |name| defining("svc/cmd/main.go", Language::Go, name, &go).map(|d| d.module);
        assert_eq!(find("model").as_deref(), Some("example.com/shop/internal/model"));
        assert_eq!(find("util"), None);
        // A misspelt package of the module, from a file below its root.
        let near = |path| super::nearest_go_package("svc/cmd/main.go", path, &go);
        assert_eq!(
            near("example.com/shop/internal/modle").as_deref(),
            Some("example.com/shop/internal/model")
        );
        assert_eq!(near("example.com/shop/utl").as_deref(), Some("example.com/shop/util"));
        assert_eq!(near("example.com/other/utl"), None);
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
        let find = |name| defining("lib/src/main.c", Language::C, name, &c).map(|d| d.module);
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
        assert_eq!(defining("src/app/Main.java", Language::Java, "Strings", &moved), None);
    }
}
