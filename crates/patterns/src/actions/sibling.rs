//! `import-from-sibling`: a name a file uses but does not import, defined at
//! the top level of one file beside it (TypeScript, Python).

use super::Sources;
use super::imports::Language;
use std::path::Path;

/// The module `file` should import `name` from: the one file beside it, in
/// its language, that defines `name` at its top level (exported, in
/// TypeScript), named as an import names it (`./util` in TypeScript, `util`
/// in Python). `None` when no file does, or more than one.
pub fn defining_module(file: &str, language: Language, name: &str, sources: &dyn Sources) -> Option<String> {
    let (extensions, prefix): (&[&str], &str) = match language {
        Language::TypeScript => (&["ts", "tsx", "mts", "js", "jsx", "mjs"], "./"),
        Language::Python => (&["py"], ""),
        _ => return None,
    };
    let path = Path::new(file);
    let own = path.file_name()?.to_str()?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut found = None;
    for entry in sources.list_beside(file, ".")? {
        let Some((stem, extension)) = entry.rsplit_once('.') else {
            continue;
        };
        if entry == own || !extensions.contains(&extension) || stem.ends_with(".d") {
            continue;
        }
        let Some(text) = sources.read(dir.join(&entry).to_str()?) else {
            continue;
        };
        if defines(language, &text, name) {
            if found.is_some() {
                return None;
            }
            found = Some(format!("{prefix}{stem}"));
        }
    }
    found
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
}
