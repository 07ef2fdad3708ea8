//! Import placement, per language: after existing imports (sorted where
//! the file is sorted), never above a shebang, licence header, `package`,
//! docstring or include guard, never duplicated.

use buildfix_core::Edit;
use buildfix_patterns::{Language, add_import};

/// The file after the edit.
fn apply(source: &str, edit: &Edit) -> String {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let at = edit.start().line as usize - 1;
    assert_eq!(edit.start().column, 1, "imports go at the start of a line");
    let mut out: String = lines[..at.min(lines.len())].concat();
    out.push_str(edit.replacement_text());
    out.push_str(&lines[at.min(lines.len())..].concat());
    out
}

/// Whether a module is the standard library's, as the pattern library
/// tells: for Go, a path without a domain; for C#, `System`'s namespaces;
/// otherwise, a few of Python's modules.
fn standard(language: Language) -> fn(&str) -> bool {
    match language {
        Language::Go => |m| !m.split('/').next().unwrap_or("").contains('.'),
        Language::CSharp => |m| m.split('.').next() == Some("System"),
        _ => |m| ["os", "sys", "json", "collections"].contains(&m.split('.').next().unwrap_or("")),
    }
}

fn added(language: Language, path: &str, source: &str, symbol: &str, module: &str) -> String {
    let edit = add_import(path, source, language, symbol, module, &standard(language)).expect("an import is added");
    apply(source, &edit)
}

#[test]
fn rust_after_existing_uses_in_sorted_place() {
    let src = "use std::fmt;\nuse std::io;\n\nfn main() {}\n";
    let out = added(Language::Rust, "a.rs", src, "HashMap", "std::collections::HashMap");
    assert_eq!(
        out,
        "use std::collections::HashMap;\nuse std::fmt;\nuse std::io;\n\nfn main() {}\n"
    );
}

#[test]
fn rust_without_uses_goes_below_inner_docs_and_attributes() {
    let src = "//! The crate.\n#![deny(missing_docs)]\n\nfn main() {}\n";
    let out = added(Language::Rust, "a.rs", src, "HashMap", "std::collections::HashMap");
    assert_eq!(
        out,
        "//! The crate.\n#![deny(missing_docs)]\n\nuse std::collections::HashMap;\n\nfn main() {}\n"
    );
}

#[test]
fn unsorted_imports_get_the_new_one_last() {
    let src = "use std::io;\nuse std::fmt;\nfn main() {}\n";
    let out = added(Language::Rust, "a.rs", src, "HashMap", "std::collections::HashMap");
    assert_eq!(
        out,
        "use std::io;\nuse std::fmt;\nuse std::collections::HashMap;\nfn main() {}\n"
    );
}

#[test]
fn python_never_above_shebang_or_docstring() {
    let src = "#!/usr/bin/env python3\n\"\"\"Tool.\n\nLonger text.\n\"\"\"\n\ndef main():\n    pass\n";
    let out = added(Language::Python, "t.py", src, "json", "json");
    assert_eq!(
        out,
        "#!/usr/bin/env python3\n\"\"\"Tool.\n\nLonger text.\n\"\"\"\n\nimport json\n\ndef main():\n    pass\n"
    );
}

#[test]
fn python_from_imports_follow_plain_imports_as_isort_sorts_them() {
    let src = "import os\nimport sys\n\nx = 1\n";
    let out = added(Language::Python, "t.py", src, "defaultdict", "collections");
    assert_eq!(
        out,
        "import os\nimport sys\nfrom collections import defaultdict\n\nx = 1\n"
    );
    let src = "from collections import OrderedDict\n\nx = 1\n";
    let out = added(Language::Python, "t.py", src, "json", "json");
    assert_eq!(out, "import json\nfrom collections import OrderedDict\n\nx = 1\n");
}

#[test]
fn java_after_package_with_a_blank_line() {
    let src = "package com.example;\n\npublic class App {}\n";
    let out = added(Language::Java, "App.java", src, "List", "java.util.List");
    assert_eq!(
        out,
        "package com.example;\n\nimport java.util.List;\n\npublic class App {}\n"
    );
}

#[test]
fn java_below_a_licence_header() {
    let src = "/*\n * Licensed under MIT.\n */\npackage a;\n\nclass B {}\n";
    let out = added(Language::Java, "B.java", src, "Map", "java.util.Map");
    assert!(
        out.starts_with("/*\n * Licensed under MIT.\n */\npackage a;\n\nimport java.util.Map;\n"),
        "{out}"
    );
}

#[test]
fn c_include_after_includes_and_outside_conditional_blocks() {
    let src = "#include <stdio.h>\n#ifdef _WIN32\n#include <windows.h>\n#endif\n\nint main(void) { return 0; }\n";
    let out = added(Language::C, "m.c", src, "strlen", "<string.h>");
    assert_eq!(
        out,
        "#include <stdio.h>\n#include <string.h>\n#ifdef _WIN32\n#include <windows.h>\n#endif\n\nint main(void) { return 0; }\n"
    );
}

#[test]
fn c_include_inside_an_include_guard_after_its_define() {
    let src = "/* util.h */\n#ifndef UTIL_H\n#define UTIL_H\n\nint f(void);\n\n#endif\n";
    let out = added(Language::C, "util.h", src, "size_t", "<stddef.h>");
    assert_eq!(
        out,
        "/* util.h */\n#ifndef UTIL_H\n#define UTIL_H\n#include <stddef.h>\n\nint f(void);\n\n#endif\n"
    );
}

#[test]
fn csharp_using_before_the_namespace() {
    let src = "using System;\n\nnamespace Inventory\n{\n}\n";
    let out = added(Language::CSharp, "P.cs", src, "List", "System.Collections.Generic");
    assert_eq!(
        out,
        "using System;\nusing System.Collections.Generic;\n\nnamespace Inventory\n{\n}\n"
    );
}

#[test]
fn csharp_system_usings_come_first() {
    let src = "using System;\nusing Shop.Models;\nusing Shop.Services;\n\nnamespace Shop\n{\n}\n";
    let out = added(Language::CSharp, "P.cs", src, "List", "System.Collections.Generic");
    assert!(
        out.starts_with("using System;\nusing System.Collections.Generic;\nusing Shop.Models;\n"),
        "{out}"
    );
    let out = added(Language::CSharp, "P.cs", src, "Cart", "Shop.Orders");
    assert!(
        out.starts_with("using System;\nusing Shop.Models;\nusing Shop.Orders;\nusing Shop.Services;\n"),
        "{out}"
    );
}

#[test]
fn typescript_named_and_namespace_imports() {
    let src = "import { a } from \"./a\";\n\nconsole.log(a);\n";
    let out = added(Language::TypeScript, "x.ts", src, "readFileSync", "fs");
    assert_eq!(
        out,
        "import { a } from \"./a\";\nimport { readFileSync } from \"fs\";\n\nconsole.log(a);\n"
    );
    assert!(
        add_import(
            "x.ts",
            "import { readFileSync, x } from 'fs';\n",
            Language::TypeScript,
            "readFileSync",
            "fs",
            &standard(Language::TypeScript)
        )
        .is_none()
    );
}

#[test]
fn go_into_the_import_block_in_sorted_place() {
    let src = "package main\n\nimport (\n\t\"os\"\n\t\"strings\"\n)\n\nfunc main() {}\n";
    let out = added(Language::Go, "m.go", src, "fmt", "fmt");
    assert_eq!(
        out,
        "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\nfunc main() {}\n"
    );
}

#[test]
fn go_into_its_group_standard_library_or_module() {
    let src = "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/shop/util\"\n)\n";
    let std = added(Language::Go, "m.go", src, "strings", "strings");
    assert_eq!(
        std,
        "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n\n\t\"example.com/shop/util\"\n)\n"
    );
    let module = added(Language::Go, "m.go", src, "model", "example.com/shop/model");
    assert_eq!(
        module,
        "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/shop/model\"\n\t\"example.com/shop/util\"\n)\n"
    );
}

#[test]
fn go_without_imports_after_the_package_line() {
    let src = "package main\n\nfunc main() {}\n";
    let out = added(Language::Go, "m.go", src, "fmt", "fmt");
    assert_eq!(out, "package main\n\nimport \"fmt\"\n\nfunc main() {}\n");
}

#[test]
fn an_import_already_there_is_not_added_again() {
    for (lang, path, src, sym, module) in [
        (
            Language::Rust,
            "a.rs",
            "use std::collections::HashMap;\n",
            "HashMap",
            "std::collections::HashMap",
        ),
        (Language::Python, "a.py", "import json\n", "json", "json"),
        (
            Language::Java,
            "A.java",
            "import java.util.List;\n",
            "List",
            "java.util.List",
        ),
        (Language::C, "a.c", "#include <string.h>\n", "strlen", "<string.h>"),
        (
            Language::CSharp,
            "a.cs",
            "using System.Text;\n",
            "StringBuilder",
            "System.Text",
        ),
        (
            Language::Go,
            "a.go",
            "package a\n\nimport (\n\t\"fmt\"\n)\n",
            "fmt",
            "fmt",
        ),
    ] {
        assert!(
            add_import(path, src, lang, sym, module, &standard(lang)).is_none(),
            "{path}"
        );
    }
}

#[test]
fn python_keeps_two_blank_lines_above_a_definition() {
    let src = "def main():\n    return json.dumps(1)\n";
    let out = added(Language::Python, "t.py", src, "json", "json");
    assert_eq!(out, "import json\n\n\ndef main():\n    return json.dumps(1)\n");
    let src = "x = json.dumps(1)\n";
    assert_eq!(
        added(Language::Python, "t.py", src, "json", "json"),
        "import json\n\nx = json.dumps(1)\n"
    );
}

/// The file after an edit that inserts within a line (columns in chars).
fn inserted(source: &str, edit: &Edit) -> String {
    let mut lines: Vec<String> = source.split_inclusive('\n').map(str::to_string).collect();
    let line = &mut lines[edit.start().line as usize - 1];
    let at = line
        .char_indices()
        .nth(edit.start().column as usize - 1)
        .map_or(line.len(), |(i, _)| i);
    line.insert_str(at, edit.replacement_text());
    lines.concat()
}

#[test]
fn a_name_joins_a_one_line_import_from_its_module() {
    let py = "from util import total  \n\nprint(total, LIMIT)\n";
    let edit = add_import(
        "a.py",
        py,
        Language::Python,
        "LIMIT",
        "util",
        &standard(Language::Python),
    )
    .unwrap();
    assert_eq!(
        inserted(py, &edit),
        "from util import total, LIMIT  \n\nprint(total, LIMIT)\n"
    );
    let ts = "import { total } from \"./util\";\nconsole.log(VERSION);\n";
    let edit = add_import(
        "a.ts",
        ts,
        Language::TypeScript,
        "VERSION",
        "./util",
        &standard(Language::TypeScript),
    )
    .unwrap();
    assert_eq!(
        inserted(ts, &edit),
        "import { total, VERSION } from \"./util\";\nconsole.log(VERSION);\n"
    );
    // Another module, a list in parentheses, a comment: a line of its own.
    for src in [
        "from other import x\n",
        "from util import (\n    total,\n)\n",
        "from util import total  # the sum\n",
    ] {
        let edit = add_import(
            "a.py",
            src,
            Language::Python,
            "LIMIT",
            "util",
            &standard(Language::Python),
        )
        .unwrap();
        assert_eq!(edit.start().column, 1, "{src}");
    }
    let elsewhere = "import { total } from \"./other\";\n";
    let edit = add_import(
        "a.ts",
        elsewhere,
        Language::TypeScript,
        "VERSION",
        "./util",
        &standard(Language::TypeScript),
    )
    .unwrap();
    assert_eq!(edit.start().column, 1);
}

#[test]
fn python_puts_the_standard_library_in_its_own_section_first() {
    // As isort does: a section of the standard library's imports, then the
    // project's, a blank line between.
    let local_only = "from shop.cart import Cart\n\n\ndef f():\n    return json.dumps(1)\n";
    assert_eq!(
        added(Language::Python, "r.py", local_only, "json", "json"),
        "import json\n\nfrom shop.cart import Cart\n\n\ndef f():\n    return json.dumps(1)\n"
    );
    let both = "import os\n\nfrom shop.cart import Cart\n";
    assert_eq!(
        added(Language::Python, "r.py", both, "json", "json"),
        "import json\nimport os\n\nfrom shop.cart import Cart\n"
    );
    assert_eq!(
        added(Language::Python, "r.py", both, "Item", "shop.item"),
        "import os\n\nfrom shop.cart import Cart\nfrom shop.item import Item\n"
    );
}
