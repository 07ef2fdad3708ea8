//! `import-from-sibling` in Rust: a public item of a crate that the file's
//! crate depends on by path (a workspace member), which rustc does not
//! offer to import.

use super::Sources;
use super::sibling::{Definition, beside, one_module, project_dir};

/// The path `file` would `use` for `name` (`shopcore::money::cents`): the
/// one public item of that name (a struct, enum, trait, function, type,
/// constant...) declared at the top level of a module of a crate that
/// `file`'s crate depends on by `path`, in that crate's `src/`. Whether a
/// file's module is public is not checked: the rebuild tells.
pub(super) fn dependency_item(file: &str, name: &str, sources: &dyn Sources) -> Option<Definition> {
    let krate = project_dir(file, sources, |e| e == "Cargo.toml")?;
    let manifest = sources.read(beside(file, &krate)?.join("Cargo.toml").to_str()?)?;
    let mut found: Option<Definition> = None;
    for (dependency, path) in path_dependencies(&manifest) {
        let src = format!("{krate}/{path}/src");
        let item = one_module(
            file,
            &src,
            true,
            sources,
            // Binaries (`main.rs`, `src/bin/`) export nothing.
            |dir, entry| {
                let below = &dir[src.len()..];
                entry.ends_with(".rs") && entry != "main.rs" && below != "/bin" && !below.starts_with("/bin/")
            },
            |dir, entry, text| {
                let mut path = vec![dependency.replace('-', "_")];
                path.extend(
                    dir[src.len()..]
                        .split('/')
                        .filter(|p| !p.is_empty())
                        .map(str::to_string),
                );
                if !matches!(entry, "lib.rs" | "mod.rs") {
                    path.push(entry.trim_end_matches(".rs").to_string());
                }
                path.extend(inline_modules_of(text, name)?);
                path.push(name.to_string());
                Some(path.join("::"))
            },
        );
        if let Some(item) = item {
            if found.as_ref().is_some_and(|f| f.module != item.module) {
                return None;
            }
            found = Some(item);
        }
    }
    found
}

/// The dependencies a manifest takes by path, and their paths:
/// `shopcore = { path = "../core" }` in `[dependencies]` or
/// `[dev-dependencies]`.
fn path_dependencies(manifest: &str) -> Vec<(String, String)> {
    let mut section = "";
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        if !matches!(section, "[dependencies]" | "[dev-dependencies]") {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let Some(at) = value.find("path") else { continue };
        let quoted = value[at..].split('"').nth(1);
        if let Some(path) = quoted.filter(|p| !p.is_empty()) {
            out.push((key.trim().to_string(), path.trim_end_matches('/').to_string()));
        }
    }
    out
}

/// The inline modules (`pub mod money { ... }`) around the public item
/// `name` declared in `source` at a module's top level: empty for one at the
/// file's top level; `None` when it declares none (an item in an `impl` or
/// a function does not count, nor one in a private module).
fn inline_modules_of(source: &str, name: &str) -> Option<Vec<String>> {
    if !source.contains(name) {
        return None;
    }
    const KINDS: [&str; 12] = [
        "struct ",
        "enum ",
        "trait ",
        "fn ",
        "type ",
        "const ",
        "static ",
        "union ",
        "async fn ",
        "unsafe fn ",
        "const fn ",
        "mod ",
    ];
    // The modules open at this point: name (None if private), and the
    // brace depth inside them.
    let mut open: Vec<(Option<String>, usize)> = Vec::new();
    let mut depth = 0;
    for line in source.lines() {
        let code = code_of(line);
        let trimmed = code.trim_start();
        let at_module_level = depth == open.last().map_or(0, |(_, d)| *d);
        if at_module_level && let Some(rest) = trimmed.strip_prefix("pub ") {
            let rest = KINDS.iter().find_map(|k| rest.strip_prefix(k));
            let named = rest.and_then(|r| r.strip_prefix(name));
            if named.is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
                && open.iter().all(|(m, _)| m.is_some())
            {
                return Some(open.iter().filter_map(|(m, _)| m.clone()).collect());
            }
        }
        let module = trimmed
            .strip_prefix("pub mod ")
            .map(Some)
            .or_else(|| trimmed.strip_prefix("mod ").map(|_| None))
            .filter(|_| at_module_level && code.trim_end().ends_with('{'));
        for c in code.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if open.last().is_some_and(|(_, d)| depth < *d) {
                        open.pop();
                    }
                }
                _ => {}
            }
        }
        if let Some(module) = module {
            let name = module.map(|r| r.trim_end_matches('{').trim().to_string());
            open.push((name, depth));
        }
    }
    None
}

/// A line of Rust without its comment and the text of its string and
/// character literals (braces in them do not open blocks).
fn code_of(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            _ if in_string => {}
            '/' if chars.peek() == Some(&'/') => break,
            '\'' if matches!(chars.clone().nth(1), Some('\'')) => {
                // A character literal such as '{'.
                chars.next();
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_item_is_found_in_its_module_not_in_an_impl_or_a_private_module() {
        let source = "pub mod money {\n    pub fn cents(x: u32) -> String {\n        format!(\"{}\", '{')\n    }\n}\n\npub struct Basket;\n\nimpl Basket {\n    pub fn total(&self) {}\n}\n\nmod hidden {\n    pub fn secret() {}\n}\n";
        assert_eq!(inline_modules_of(source, "cents"), Some(vec!["money".to_string()]));
        assert_eq!(inline_modules_of(source, "Basket"), Some(vec![]));
        assert_eq!(inline_modules_of(source, "total"), None);
        assert_eq!(inline_modules_of(source, "secret"), None);
        assert_eq!(inline_modules_of(source, "money"), Some(vec![]));
    }

    #[test]
    fn path_dependencies_are_read_from_the_manifest() {
        let manifest = "[package]\nname = \"app\"\n\n[dependencies]\nserde = \"1\"\nshop-core = { path = \"../core/\", version = \"0.1\" }\n\n[build-dependencies]\ngen = { path = \"../gen\" }\n";
        assert_eq!(
            path_dependencies(manifest),
            [("shop-core".to_string(), "../core".to_string())]
        );
    }
}
