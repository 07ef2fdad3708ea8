//! `swap-import-kind`: a TypeScript name imported as the module's default
//! when it is a named export, or the other way round.

/// The span's line `line` (`import { Wallet, CURRENCY } from "./money";`)
/// with `name` imported the other way: a named import made the default
/// (`import Wallet, { CURRENCY } from "./money";`), the default made a
/// named one (`import { format } from "./money";`). `None` when the line
/// is no such import, imports `name` renamed (`name as other`), or
/// already has a default and `name` is a named one.
pub fn swap_import_kind(line: &str, name: &str) -> Option<String> {
    let indent = super::span::indentation(line);
    let clause_and_rest = line.trim_start().strip_prefix("import ")?;
    let from = clause_and_rest.rfind(" from ")?;
    let (clause, rest) = (clause_and_rest[..from].trim(), &clause_and_rest[from..]);
    if clause.starts_with("type ") || clause.starts_with('*') {
        return None;
    }
    let (default, braces) = match clause.find('{') {
        Some(open) => {
            let default = clause[..open].trim().trim_end_matches(',').trim();
            (default, clause[open + 1..].strip_suffix('}')?)
        }
        None => (clause, ""),
    };
    let mut named: Vec<&str> = braces.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
    let clause = if default == name {
        named.insert(0, name);
        format!("{{ {} }}", named.join(", "))
    } else if default.is_empty() && named.contains(&name) {
        named.retain(|n| *n != name);
        if named.is_empty() {
            name.to_string()
        } else {
            format!("{name}, {{ {} }}", named.join(", "))
        }
    } else {
        return None;
    };
    Some(format!("{indent}import {clause}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::swap_import_kind;

    #[test]
    fn a_named_import_becomes_the_default_and_back() {
        let swapped = |line: &str, name: &str| swap_import_kind(line, name);
        assert_eq!(
            swapped("import { Wallet, CURRENCY } from \"./money\";", "Wallet").as_deref(),
            Some("import Wallet, { CURRENCY } from \"./money\";")
        );
        assert_eq!(
            swapped("import { Wallet } from \"./money\";", "Wallet").as_deref(),
            Some("import Wallet from \"./money\";")
        );
        assert_eq!(
            swapped("import format from \"./money\";", "format").as_deref(),
            Some("import { format } from \"./money\";")
        );
        assert_eq!(
            swapped("  import fmt, { CURRENCY as C } from \"./money\";", "fmt").as_deref(),
            Some("  import { fmt, CURRENCY as C } from \"./money\";")
        );
    }

    #[test]
    fn not_a_renamed_name_nor_a_second_default() {
        assert_eq!(swap_import_kind("import { Wallet as W } from \"./m\";", "Wallet"), None);
        assert_eq!(swap_import_kind("import W, { Wallet } from \"./m\";", "Wallet"), None);
        assert_eq!(swap_import_kind("import type { Wallet } from \"./m\";", "Wallet"), None);
        assert_eq!(swap_import_kind("const Wallet = 1;", "Wallet"), None);
    }
}
