//! Where the files a log names are, when the log does not name them as the
//! project root sees them.
//!
//! - A log from another machine. A CI runner's build names files by the
//!   runner's paths (`/home/runner/work/app/app/src/main.c`,
//!   `D:\a\app\app\src\App.cs`); read in a clone of the project, they are
//!   the same files under its root (`src/main.c`).
//! - A compiler that make or ninja ran in another directory (`make -C lib`,
//!   `ninja -C build`) names files relative to it (`answer.c`,
//!   `../src/main.c`).
//! - A task that turbo, lerna or npm ran in a workspace package
//!   (`@shop/web:build: src/index.ts(2,20): error TS2551`, or under npm's
//!   banner `> @shop/web@1.0.0 build`) names files relative to the
//!   package's directory (`apps/web`).
//! - A Java stack trace names a class's file by its package
//!   (`com/example/App.java`), under a source root that it does not name
//!   (`src/main/java`).

use buildfix_core::{Diagnostic, Tool};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The most distinct files sampled to find another machine's root.
const SAMPLED: usize = 1_000;

/// Where the runner's root was, in the log's own spelling
/// (`/home/runner/work/app/app/`), as path components.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ForeignRoot {
    components: Vec<String>,
    windows: bool,
}

impl std::fmt::Display for ForeignRoot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.windows {
            write!(f, "{}\\", self.components.join("\\"))
        } else {
            write!(f, "/{}/", self.components.join("/"))
        }
    }
}

impl ForeignRoot {
    /// The path under the root that `path` names, when it is under this root.
    fn relative(&self, path: &str) -> Option<String> {
        let (windows, parts) = absolute_parts(path)?;
        let rest = parts.strip_prefix(self.components.as_slice())?;
        (windows == self.windows && plain(rest)).then(|| rest.join("/"))
    }
}

/// Renames the files the diagnostics name as the root does not see them to
/// the files they are under `root`: another machine's paths first, then
/// paths relative to the workspace package a task ran in, then to the
/// directories make or ninja entered (`directories`), then a Java trace's
/// paths under their source root. Returns where the other machine's root
/// was, if the log came from one.
pub fn relocate(diagnostics: &mut [Diagnostic], directories: &[String], root: &Path) -> Option<ForeignRoot> {
    let foreign = rebase(diagnostics, root);
    enter_packages(diagnostics, root);
    enter_directories(diagnostics, directories, root);
    enter_source_roots(diagnostics, root);
    foreign
}

/// The most directories looked into for workspace packages or a Java
/// trace's files.
const DIRECTORIES_SEARCHED: usize = 10_000;

/// Renames each relative path that a workspace package's task printed (see
/// [`Diagnostic::package`]) to that file in the package's directory: the
/// one under `root` whose `package.json` is named so, outside
/// `node_modules` and hidden directories. In a workspace (a `package.json`
/// at `root`), a relative path that names no file under `root` and whose
/// package the log does not say (turbo's output grouped by task on CI) is
/// the one package's file of that path, when exactly one has it. Other
/// paths are left alone.
pub(crate) fn enter_packages(diagnostics: &mut [Diagnostic], root: &Path) {
    // After every build of `run`: outside a workspace, and with every file
    // found, nothing is done (each file looked for once).
    let packaged = diagnostics.iter().any(|d| d.package().is_some());
    let workspace = root.join("package.json").is_file();
    if !packaged && !workspace {
        return;
    }
    let Ok(root) = root.canonicalize() else { return };
    let relative = |path: &str| absolute_parts(path).is_none();
    let mut looked = std::collections::HashSet::new();
    let unplaced = diagnostics
        .iter()
        .filter_map(|d| d.primary().map(|p| p.path()))
        .filter(|path| looked.insert(*path))
        .any(|path| relative(path) && !root.join(path).is_file());
    if !packaged && !unplaced {
        return;
    }
    let packages = package_directories(&root);
    for d in diagnostics.iter_mut() {
        let said = d.package().is_some();
        let dirs: Vec<&PathBuf> = match d.package() {
            Some(package) => packages.get(package).into_iter().collect(),
            None if workspace => packages.values().collect(),
            None => continue,
        };
        d.rename_paths(&mut |path| {
            if !relative(path) || (!said && root.join(path).is_file()) {
                return None;
            }
            the_one_file(&root, dirs.iter().copied(), path)
        });
    }
}

/// The directory of each workspace package under `root`, by its name.
fn package_directories(root: &Path) -> HashMap<String, PathBuf> {
    let mut packages = HashMap::new();
    for dir in directories_under(root) {
        if let Ok(manifest) = std::fs::read(dir.join("package.json"))
            && let Ok(json) = serde_json::from_slice::<serde_json::Value>(&manifest)
            && let Some(name) = json.get("name").and_then(|n| n.as_str())
        {
            packages.entry(name.to_string()).or_insert(dir);
        }
    }
    packages
}

/// `root` and the directories under it, the first [`DIRECTORIES_SEARCHED`] of
/// them, outside `node_modules` and hidden directories.
fn directories_under(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        if found.len() == DIRECTORIES_SEARCHED {
            break;
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let skipped = name.to_str().is_none_or(|n| n.starts_with('.') || n == "node_modules");
                if !skipped && entry.file_type().is_ok_and(|t| t.is_dir()) {
                    pending.push(entry.path());
                }
            }
        }
        found.push(dir);
    }
    found
}

/// Renames each file a Java stack trace names by its class's package
/// (`com/example/App.java`) that is no file under `root` to the one file
/// under `root` whose path ends so (`src/main/java/com/example/App.java`,
/// in whichever source root), when one alone does.
pub(crate) fn enter_source_roots(diagnostics: &mut [Diagnostic], root: &Path) {
    let missing = |d: &Diagnostic| {
        d.tool() == Tool::Java
            && d.primary()
                .is_some_and(|p| absolute_parts(p.path()).is_none() && !root.join(p.path()).is_file())
    };
    if !diagnostics.iter().any(missing) {
        return;
    }
    let Ok(root) = root.canonicalize() else { return };
    let dirs = directories_under(&root);
    find_in(diagnostics.iter_mut().filter(|d| missing(d)), &root, &dirs);
}

/// Renames the files the diagnostics name by another machine's absolute
/// paths to the same files under `root`, and returns where that machine's
/// root was. The root is the one most of the missing files would be found
/// under: each such path is cut, from the left, to its longest tail that
/// names a file under `root`. Paths that exist here are left alone (a system
/// header, or a log from this clone).
pub(crate) fn rebase(diagnostics: &mut [Diagnostic], root: &Path) -> Option<ForeignRoot> {
    let found = foreign_root(diagnostics, root)?;
    let mut rename = |path: &str| found.relative(path).filter(|_| !Path::new(path).exists());
    for d in diagnostics.iter_mut() {
        d.rename_paths(&mut rename);
    }
    Some(found)
}

/// Renames each relative path the diagnostics name that is no file under
/// `root` to the one file it names in a directory make or ninja said they
/// entered (`directories`: absolute, or relative to `root`; another
/// machine's are found here by their tails). A path found in no such
/// directory, or in two, is left alone.
pub(crate) fn enter_directories(diagnostics: &mut [Diagnostic], directories: &[String], root: &Path) {
    if directories.is_empty() {
        return;
    }
    let Ok(root) = root.canonicalize() else { return };
    let dirs: Vec<PathBuf> = directories.iter().filter_map(|d| here(&root, d)).collect();
    find_in(diagnostics.iter_mut(), &root, &dirs);
}

/// Renames each relative path of `diagnostics` that is no file under
/// `root` (canonical) to the one file it names in exactly one of `dirs`;
/// each path is looked for once.
fn find_in<'a>(diagnostics: impl Iterator<Item = &'a mut Diagnostic>, root: &Path, dirs: &[PathBuf]) {
    let mut found: HashMap<String, Option<String>> = HashMap::new();
    let mut locate = |path: &str| -> Option<String> {
        if absolute_parts(path).is_some() {
            return None;
        }
        found
            .entry(path.to_string())
            .or_insert_with(|| {
                if root.join(path).is_file() {
                    return None;
                }
                the_one_file(root, dirs.iter(), path)
            })
            .clone()
    };
    for d in diagnostics {
        d.rename_paths(&mut locate);
    }
}

/// The directory `dir` (make's word) is here: itself when it is relative or
/// under `root`; for another machine's (a log saved elsewhere), its longest
/// tail that is a directory under `root`, or else its last part under
/// `root` (a build directory such as meson's `build`, which a clone has not
/// made: `../src/main.c` from there is `src/main.c`). A relative one that is
/// no directory here (a Go package's import path, `example.com/app/calc`)
/// is its longest tail that is one, if any.
fn here(root: &Path, dir: &str) -> Option<PathBuf> {
    let path = root.join(dir);
    match absolute_parts(dir) {
        Some((windows, parts)) if windows || !path.starts_with(root) => {
            if !plain(&parts) {
                return None;
            }
            let k = longest_tail(root, &parts, Path::is_dir).unwrap_or(parts.len() - 1);
            Some(root.join(parts[k..].join("/")))
        }
        None if !path.is_dir() => {
            let parts: Vec<String> = dir.split(['/', '\\']).map(str::to_string).collect();
            let k = plain(&parts)
                .then(|| longest_tail(root, &parts, Path::is_dir))
                .flatten();
            Some(k.map_or(path, |k| root.join(parts[k..].join("/"))))
        }
        _ => Some(path),
    }
}

/// The file under `root` that `path`, relative to each of `dirs`, names in
/// exactly one of them (relative to `root`).
fn the_one_file<'a>(root: &Path, dirs: impl Iterator<Item = &'a PathBuf>, path: &str) -> Option<String> {
    let mut there = dirs
        .filter_map(|d| within(root, &d.join(path)))
        .filter(|rel| root.join(rel).is_file());
    let first = there.next()?;
    there.all(|other| other == first).then_some(first)
}

/// `path` (absolute) relative to `root`, with `.` and `..` worked out
/// without asking the file system, when it is under `root`.
fn within(root: &Path, path: &Path) -> Option<String> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    let joined: PathBuf = std::iter::once(Component::RootDir.as_os_str()).chain(parts).collect();
    let rel = joined.strip_prefix(root).ok()?;
    (!rel.as_os_str().is_empty()).then(|| rel.to_string_lossy().into_owned())
}

/// The root of the machine the log was written on, when its files are
/// under `root` here.
fn foreign_root(diagnostics: &[Diagnostic], root: &Path) -> Option<ForeignRoot> {
    let mut votes: HashMap<ForeignRoot, usize> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let paths = diagnostics.iter().filter_map(|d| d.primary()).map(|s| s.path());
    for path in paths.filter(|p| seen.insert(*p)).take(SAMPLED) {
        let Some((windows, parts)) = absolute_parts(path) else {
            continue;
        };
        if !plain(&parts) || (!windows && Path::new(path).exists()) {
            continue;
        }
        if let Some(k) = longest_tail(root, &parts, Path::is_file) {
            let components = parts[..k].to_vec();
            *votes.entry(ForeignRoot { components, windows }).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| b.0.components.len().cmp(&a.0.components.len()))
        })
        .map(|(root, _)| root)
}

/// Where the longest tail of `parts` (all but the first, all but the first
/// two, ...) that names something `is` under `root` starts.
fn longest_tail(root: &Path, parts: &[String], is: fn(&Path) -> bool) -> Option<usize> {
    (1..parts.len()).find(|&k| is(&root.join(parts[k..].join("/"))))
}

/// The components of an absolute path, and whether it is a Windows one
/// (`C:\x`, `C:/x`); `None` for a relative path.
fn absolute_parts(path: &str) -> Option<(bool, Vec<String>)> {
    let bytes = path.as_bytes();
    let windows =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/');
    if !windows && !path.starts_with('/') {
        return None;
    }
    let parts = path
        .split(if windows { &['\\', '/'][..] } else { &['/'][..] })
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    Some((windows, parts))
}

/// Whether a path's components stay where they are: none is `.` or `..`.
fn plain(parts: &[String]) -> bool {
    !parts.is_empty() && parts.iter().all(|p| p != "." && p != "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use buildfix_core::{Severity, Span, Tool};

    fn at(path: &str) -> Diagnostic {
        let mut d = Diagnostic::new(Tool::Gcc, Severity::Error, "x");
        d.set_primary(Span::point(path, 1, 1));
        d
    }

    fn paths(ds: &[Diagnostic]) -> Vec<&str> {
        ds.iter().map(|d| d.primary().unwrap().path()).collect()
    }

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/net")).unwrap();
        for f in ["src/main.c", "src/net/io.c", "main.c"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        dir
    }

    #[test]
    fn a_runners_paths_name_the_files_under_the_root() {
        let dir = project();
        let mut ds = vec![
            at("/home/runner/work/app/app/src/main.c"),
            at("/home/runner/work/app/app/src/net/io.c"),
            at("/home/runner/work/app/app/src/gone.c"),
            at("/usr/include/stdio.h"),
            at("src/main.c"),
        ];
        let found = rebase(&mut ds, dir.path()).unwrap();
        assert_eq!(found.to_string(), "/home/runner/work/app/app/");
        assert_eq!(
            paths(&ds),
            [
                "src/main.c",
                "src/net/io.c",
                "src/gone.c",
                "/usr/include/stdio.h",
                "src/main.c"
            ]
        );
    }

    #[test]
    fn a_packages_task_names_files_in_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        for (package, name) in [("apps/web", "@shop/web"), ("packages/util", "@shop/util"), ("", "shop")] {
            let at = dir.path().join(package);
            std::fs::create_dir_all(at.join("src")).unwrap();
            std::fs::write(at.join("package.json"), format!(r#"{{"name": "{name}"}}"#)).unwrap();
            std::fs::write(at.join("src/index.ts"), "").unwrap();
            if !package.is_empty() {
                std::fs::write(at.join("src/both.ts"), "").unwrap();
            }
        }
        std::fs::write(dir.path().join("apps/web/src/app.ts"), "").unwrap();
        // A copy in node_modules is no workspace package.
        let copy = dir.path().join("node_modules/@shop/web");
        std::fs::create_dir_all(&copy).unwrap();
        std::fs::write(copy.join("package.json"), r#"{"name": "@shop/web"}"#).unwrap();
        let of = |package: &str, path: &str| {
            let mut d = at(path);
            d.set_package(package);
            d
        };
        let mut ds = vec![
            of("@shop/web", "src/index.ts"),
            of("@shop/util", "src/index.ts"),
            of("@shop/util", "src/gone.ts"),
            of("@shop/api", "src/index.ts"),
            of("@shop/util", "/elsewhere/src/index.ts"),
            at("src/index.ts"),
            // Where the log does not say the package: the one package that
            // has the file, if one alone has it.
            at("src/app.ts"),
            at("src/both.ts"),
            at("src/gone.ts"),
        ];
        enter_packages(&mut ds, dir.path());
        assert_eq!(
            paths(&ds),
            [
                "apps/web/src/index.ts",
                "packages/util/src/index.ts",
                "src/gone.ts",
                "src/index.ts",
                "/elsewhere/src/index.ts",
                "src/index.ts",
                "apps/web/src/app.ts",
                "src/both.ts",
                "src/gone.ts"
            ]
        );
    }

    #[test]
    fn windows_paths_are_read_too() {
        let dir = project();
        let mut ds = vec![at(r"D:\a\app\app\src\main.c"), at(r"D:\a\app\app\main.c")];
        let found = rebase(&mut ds, dir.path()).unwrap();
        assert_eq!(found.to_string(), r"D:\a\app\app\");
        assert_eq!(paths(&ds), ["src/main.c", "main.c"]);
    }

    #[test]
    fn the_root_most_files_agree_on_wins() {
        let dir = project();
        // `main.c` alone would take `/build/x/` for the root; two files agree
        // on `/ci/app/`, and `/build/x/main.c` is not under it.
        let mut ds = vec![
            at("/ci/app/src/main.c"),
            at("/ci/app/src/net/io.c"),
            at("/build/x/main.c"),
        ];
        assert_eq!(rebase(&mut ds, dir.path()).unwrap().to_string(), "/ci/app/");
        assert_eq!(paths(&ds), ["src/main.c", "src/net/io.c", "/build/x/main.c"]);
    }

    fn with_fix(path: &str) -> Diagnostic {
        let mut d = at(path);
        let edit = buildfix_core::Edit::insertion(
            path,
            buildfix_core::Position::new(1, 1),
            buildfix_core::ColumnUnit::Chars,
            "x",
        );
        d.push_suggestion(buildfix_core::Suggestion::new(
            "x",
            buildfix_core::Applicability::MachineApplicable,
            vec![edit],
        ));
        d
    }

    #[test]
    fn files_are_found_in_the_directories_make_and_ninja_entered() {
        let dir = project();
        let root = dir.path().canonicalize().unwrap();
        let lib = root.join("src/net").to_string_lossy().into_owned();
        // make -C src/net (absolute), ninja -C build (relative to the root).
        std::fs::create_dir(root.join("build")).unwrap();
        let directories = [lib, "build".to_string()];
        let mut ds = vec![with_fix("io.c"), at("../src/main.c"), at("main.c"), at("gone.c")];
        enter_directories(&mut ds, &directories, dir.path());
        assert_eq!(paths(&ds), ["src/net/io.c", "src/main.c", "main.c", "gone.c"]);
        assert_eq!(ds[0].suggestions()[0].edits()[0].path(), "src/net/io.c");
    }

    #[test]
    fn directories_another_machine_entered_are_found_by_their_tails() {
        let dir = project();
        for entered in ["/home/runner/work/app/app/src/net", r"D:\a\app\app\src\net"] {
            let mut ds = vec![at("io.c")];
            enter_directories(&mut ds, &[entered.to_string()], dir.path());
            assert_eq!(paths(&ds), ["src/net/io.c"], "{entered}");
        }
        // meson's build directory, which this clone has not made.
        let mut ds = vec![at("../src/main.c")];
        enter_directories(&mut ds, &["/home/runner/work/app/app/build".to_string()], dir.path());
        assert_eq!(paths(&ds), ["src/main.c"]);
        // A Go package's import path, whose tail is its directory.
        let mut ds = vec![at("io.c")];
        enter_directories(&mut ds, &["example.com/app/src/net".to_string()], dir.path());
        assert_eq!(paths(&ds), ["src/net/io.c"]);
    }

    #[test]
    fn a_java_trace_s_files_are_found_under_their_source_root() {
        let dir = project();
        for f in [
            "app/src/main/java/com/example/App.java",
            "app/src/test/java/com/example/AppTest.java",
            "lib/src/main/java/Util.java",
            "lib/src/test/java/Util.java",
        ] {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let java = |path: &str| {
            let mut d = Diagnostic::new(Tool::Java, Severity::Error, "x");
            d.set_primary(Span::whole_line(path, 3));
            d
        };
        let mut ds = vec![
            java("com/example/App.java"),
            java("com/example/AppTest.java"),
            java("Util.java"),
            java("com/example/Gone.java"),
            at("com/example/App.java"),
        ];
        enter_source_roots(&mut ds, dir.path());
        assert_eq!(
            paths(&ds),
            [
                "app/src/main/java/com/example/App.java",
                "app/src/test/java/com/example/AppTest.java",
                // In two source roots: left alone, as one not found.
                "Util.java",
                "com/example/Gone.java",
                // Not a trace's.
                "com/example/App.java",
            ]
        );
    }

    #[test]
    fn a_file_in_two_entered_directories_or_outside_the_root_is_left_alone() {
        let dir = project();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("src/io.c"), "").unwrap();
        let directories = [
            root.join("src").to_string_lossy().into_owned(),
            root.join("src/net").to_string_lossy().into_owned(),
        ];
        let mut ds = vec![at("io.c"), at("../../outside.c")];
        enter_directories(&mut ds, &directories, dir.path());
        assert_eq!(paths(&ds), ["io.c", "../../outside.c"]);
    }

    #[test]
    fn nothing_is_renamed_when_no_file_is_found_or_a_path_climbs() {
        let dir = project();
        let mut ds = vec![
            at("/elsewhere/other.c"),
            at("/x/../../src/main.c"),
            at("relative/main.c"),
        ];
        assert_eq!(rebase(&mut ds, dir.path()), None);
        assert_eq!(
            paths(&ds),
            ["/elsewhere/other.c", "/x/../../src/main.c", "relative/main.c"]
        );
    }
}
