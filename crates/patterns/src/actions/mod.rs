//! Turning a pattern match into a [`Fix`]: each action a small module.

mod asyncness;
mod concat;
mod constness;
mod convert;
mod crates;
mod derive;
mod import_kind;
mod imports;
mod indent;
mod members;
mod nearest;
mod packages;
mod printf;
mod prototype;
mod retype;
mod sibling;
mod span;
mod staticness;
mod unused;
mod uses;

pub use imports::{Language, add_import};

use crate::library::{Action, ActionKind, InsertAt, Library};
use crate::set::Match;
use crate::template::fill;
use buildfix_core::{Diagnostic, Edit, Fix, Span, Tool};
use std::path::Path;

/// Reads a source file by the path the log gives, through the caller's path
/// jail; `None` when it may not or cannot be read.
pub trait Sources {
    /// The text of `path`.
    fn read(&self, path: &str) -> Option<String>;

    /// The names of the entries (files and directories) of directory `dir`,
    /// relative to the directory of the source file `beside`; `None` when it
    /// may not or cannot be listed.
    fn list_beside(&self, beside: &str, dir: &str) -> Option<Vec<String>> {
        let _ = (beside, dir);
        None
    }
}

impl<F: Fn(&str) -> Option<String>> Sources for F {
    fn read(&self, path: &str) -> Option<String> {
        self(path)
    }
}

/// The fix that `m`'s action makes for `d`, if it can make one: the
/// diagnostic has the span it needs, the source is readable, a knowledge
/// table knows the symbol, the import is not already there.
pub fn propose(m: &Match<'_>, d: &Diagnostic, lib: &Library, sources: &dyn Sources) -> Option<Fix> {
    let p = m.pattern;
    let a = &p.action;
    let mut caps = m.captures.clone();
    let span = d.primary()?;
    if !still_as_logged(d, sources) {
        return None;
    }
    // The source line must match the line regex, and the text before the
    // span the `before` regex; what they capture joins what the message's
    // regex captured.
    if m.line.is_some() || m.before.is_some() {
        let line = source_line(d, sources)?;
        if let Some(re) = m.line {
            caps.extend(re.captures(&line)?);
        }
        if let Some(re) = m.before {
            let at = span::byte_of(&line, span.column()?, span.unit())?;
            caps.extend(re.captures(line.get(..at)?)?);
        }
    }
    let get = |t: &Option<String>| t.as_deref().and_then(|t| fill(t, &caps));
    let (message, edits) = match a.kind {
        ActionKind::AddImport | ActionKind::ImportFromSibling => {
            let symbol = get(&a.symbol)?;
            let language = language_of(d.tool(), span.path())?;
            let module = if a.kind == ActionKind::ImportFromSibling {
                sibling::defining(span.path(), language, &symbol, sources)?.module
            } else if let Some(m) = get(&a.module) {
                m
            } else {
                lib.tables.get(a.table.as_deref()?)?.get(&symbol)?.clone()
            };
            // An import of the name from where it is not (javac: "package
            // com.shop.modle does not exist"; Python: "cannot import name
            // 'Mapping' from 'collections'") is replaced where it stands,
            // or, when it imports other names too, loses the name.
            let line = source_line(d, sources).filter(|l| language.is_import(l) && l.contains(symbol.as_str()));
            let statement = language.statement(&symbol, &module);
            let at_name = line.as_deref().and_then(|l| {
                let column = l.find(symbol.as_str()).map(|i| l[..i].chars().count() as u32 + 1)?;
                let name = Span::point(span.path(), span.line(), column);
                span::delete_list_item(&name, l, &symbol)
            });
            if let (Some(line), None) = (&line, &at_name) {
                let whole = (1, line.chars().count() as u32 + 1, buildfix_core::ColumnUnit::Chars);
                return Some(Fix::from_pattern(
                    p.id.clone(),
                    format!("replace the import with `{statement}`"),
                    p.applicability,
                    vec![span::replace(span, whole, &statement)],
                ));
            }
            let source = sources.read(span.path())?;
            let standard = |m: &str| standard_module(language, m, lib);
            let edit = add_import(span.path(), &source, language, &symbol, &module, &standard)?;
            if let Some(taken) = at_name {
                return Some(Fix::from_pattern(
                    p.id.clone(),
                    format!("import `{symbol}` from `{module}` instead"),
                    p.applicability,
                    vec![taken, edit],
                ));
            }
            // An edit inside a line adds the name to an import of its module.
            let message = if edit.start().column > 1 {
                format!("add `{symbol}` to the import from `{module}`")
            } else {
                format!("add `{}`", language.statement(&symbol, &module))
            };
            (message, vec![edit])
        }
        ActionKind::ReplaceSpan => {
            let with = match (get(&a.with), a.table.as_deref()) {
                (Some(with), _) => with,
                (None, Some(table)) => lib.tables.get(table)?.get(&get(&a.symbol)?)?.clone(),
                (None, None) => return None,
            };
            let line = source_line(d, sources);
            let target = get(&a.target);
            let cols = span::columns(span, line.as_deref(), target.as_deref())?;
            let said = match &target {
                Some(t) => format!("replace `{t}` with `{with}`"),
                None => format!("replace with `{with}`"),
            };
            let dropped = target
                .as_deref()
                .and_then(|t| drop_from_import(d, span, cols, line.as_deref(), sources, (t, &with)));
            dropped.unwrap_or_else(|| {
                let mut edits = vec![span::replace(span, cols, &with)];
                if let (Some(t), Some(source)) = (&target, sources.read(span.path())) {
                    edits.extend(respell_uses(d, span, line.as_deref(), &source, (t, &with)));
                }
                (said, edits)
            })
        }
        ActionKind::DeleteSpan => {
            let line = source_line(d, sources);
            let cols = span::columns(span, line.as_deref(), get(&a.target).as_deref())?;
            ("delete it".to_string(), vec![span::replace(span, cols, "")])
        }
        ActionKind::DeleteListItem => {
            let target = get(&a.target)?;
            let edit = span::delete_item(span, &sources.read(span.path())?, &target)?;
            (format!("delete `{target}` from the list"), vec![edit])
        }
        ActionKind::DeleteLine => {
            let edit = span::delete_line(span, sources.read(span.path()).as_deref());
            ("delete the line".to_string(), vec![edit])
        }
        ActionKind::DeleteBlock => {
            let edit = span::delete_block(span, &sources.read(span.path())?)?;
            ("delete the duplicate definition".to_string(), vec![edit])
        }
        ActionKind::InsertText => {
            let text = get(&a.text)?;
            let edit = match a.at? {
                InsertAt::PreviousLineEnd => span::at_previous_line_end(span, &sources.read(span.path())?, &text)?,
                InsertAt::LineEnd => span::at_line_end(span, &source_line(d, sources)?, &text),
                InsertAt::Initializer => span::at_initializer(span, &sources.read(span.path())?, &text)?,
                at => {
                    let target = get(&a.target);
                    let line = source_line(d, sources);
                    let (start, end, unit) = span::columns(span, line.as_deref(), target.as_deref())
                        .or_else(|| span.column().map(|c| (c, c, span.unit())))?;
                    let first_on_line = line.is_some_and(|l| start as usize <= l.len() - l.trim_start().len() + 1);
                    match at {
                        InsertAt::EndOfCode if first_on_line && span.line() > 1 => {
                            span::at_previous_line_end(span, &sources.read(span.path())?, &text)?
                        }
                        InsertAt::After => span::replace(span, (end, end, unit), &text),
                        _ => span::replace(span, (start, start, unit), &text),
                    }
                }
            };
            (format!("insert `{text}`"), vec![edit])
        }
        ActionKind::NearestIdentifier => respell(a, d, span, lib, sources, &get)?,
        ActionKind::NearestFile => {
            let target = get(&a.target)?;
            // Go imports a package of its module by the module's path.
            let best = match language_of(d.tool(), span.path()) {
                Some(Language::Go) => packages::nearest_go_package(span.path(), &target, sources)?,
                // and C# a namespace by its name.
                Some(Language::CSharp) => packages::nearest_csharp_namespace(span.path(), &target, sources)?,
                // and TypeScript a package by its name, as package.json
                // declares it.
                Some(Language::TypeScript) if !target.starts_with('.') => {
                    packages::nearest_npm_package(span.path(), &target, sources)?
                }
                // and Python a module by its dotted path.
                Some(Language::Python) if target.contains('.') => {
                    packages::nearest_python_module(span.path(), &target, sources)?
                }
                _ => nearest::closest_file(span.path(), &target, sources)?,
            };
            let line = source_line(d, sources);
            let cols = span::columns(span, line.as_deref(), Some(&target))?;
            (
                format!("replace `{target}` with `{best}`"),
                vec![span::replace(span, cols, &best)],
            )
        }
        ActionKind::ExportDeclaration => {
            let symbol = get(&a.symbol)?;
            let module = get(&a.module)?;
            let (path, text) = sibling::module_source(span.path(), &module, sources)?;
            let line = sibling::top_level_declaration(&text, &symbol)?;
            let edit = Edit::insertion(
                path.to_str()?,
                buildfix_core::Position::new(line, 1),
                buildfix_core::ColumnUnit::Chars,
                "export ",
            );
            (format!("export `{symbol}` where `{module}` declares it"), vec![edit])
        }
        ActionKind::PrintfVerb => {
            let (arg, with) = (get(&a.symbol)?, get(&a.with)?);
            let was = get(&a.target)?.chars().last()?;
            let verb = with.chars().last()?;
            let edit = printf::printf_verb(span, &source_line(d, sources)?, &arg, was, verb)?;
            (format!("format `{arg}` with `%{verb}`"), vec![edit])
        }
        ActionKind::AddDerive => {
            let (ty, derived) = (get(&a.symbol)?, get(&a.text)?);
            let related: Vec<&str> = d.secondary().iter().map(|s| s.path()).collect();
            let (edits, names) = derive::add_derive(span.path(), &related, &ty, &derived, sources)?;
            (format!("derive `{derived}` for `{}`", names.join("`, `")), edits)
        }
        ActionKind::RenameMember => {
            let wanted = get(&a.symbol)?;
            let source = sources.read(span.path())?;
            let modifier = get(&a.text);
            let (misspelt, edits) = members::rename_member(span, &source, &wanted, modifier.as_deref())?;
            (format!("rename the member `{misspelt}` to `{wanted}`"), edits)
        }
        ActionKind::RenameOverride => {
            let source = sources.read(span.path())?;
            let language = language_of(d.tool(), span.path())?;
            let mut inherited = members::OBJECT_METHODS.to_string();
            for name in members::supertypes(&source, span.line()) {
                let file = match sibling::defining(span.path(), language, &name, sources) {
                    Some(found) => found.path.to_string_lossy().into_owned(),
                    None => Path::new(span.path())
                        .with_file_name(format!("{name}.java"))
                        .to_string_lossy()
                        .into_owned(),
                };
                inherited.push('\n');
                inherited.push_str(&sources.read(&file).unwrap_or_default());
            }
            let (misspelt, best, edit) = members::rename_override(span, &source, &inherited)?;
            (format!("rename the method `{misspelt}` to `{best}`"), vec![edit])
        }
        ActionKind::RetypeDeclaration => {
            let (name, from, to) = (get(&a.symbol)?, get(&a.target)?, get(&a.with)?);
            let edit = retype::retype_declaration(span, &sources.read(span.path())?, &name, &from, &to)?;
            (format!("declare `{name}` as `{to}`"), vec![edit])
        }
        ActionKind::Convert => {
            let conversion = get(&a.text)?;
            let edit = convert::convert_expression(span, &source_line(d, sources)?, &conversion)?;
            (format!("write `{}`", edit.replacement_text()), vec![edit])
        }
        ActionKind::Reindent => {
            let edit = indent::reindent(span, &sources.read(span.path())?, &get(&a.text)?)?;
            let blanks = edit.replacement_text().chars().count();
            (
                format!("indent the line by {blanks}, as the line it belongs with"),
                vec![edit],
            )
        }
        ActionKind::CastToVoid => {
            let name = get(&a.symbol)?;
            let edit = unused::cast_to_void(span, &sources.read(span.path())?, &name)?;
            (format!("say it is unused: `(void){name};`"), vec![edit])
        }
        ActionKind::AddPrototype => {
            let name = get(&a.symbol)?;
            let (prototype, edit) = prototype::add_prototype(span, &sources.read(span.path())?, &name)?;
            (format!("declare `{prototype}` before its first use"), vec![edit])
        }
        ActionKind::SwapImportKind => {
            let name = get(&a.symbol)?;
            let line = source_line(d, sources)?;
            let swapped = import_kind::swap_import_kind(&line, &name)?;
            let whole = (1, line.chars().count() as u32 + 1, buildfix_core::ColumnUnit::Chars);
            (
                format!("write the import as `{}`", swapped.trim()),
                vec![span::replace(span, whole, &swapped)],
            )
        }
        ActionKind::MarkConst => {
            let method = get(&a.symbol)?;
            let edits = constness::mark_const(d.secondary(), &method, sources)?;
            (format!("make `{method}` const"), edits)
        }
        ActionKind::MakeAsync => {
            let edits = asyncness::make_async(span, &sources.read(span.path())?)?;
            ("make the function `async`".to_string(), edits)
        }
        ActionKind::MakeStatic => {
            let name = get(&a.symbol)?;
            let edit = staticness::make_static(span.path(), &sources.read(span.path())?, &name)?;
            (format!("make the method `{name}` static"), vec![edit])
        }
        ActionKind::StringifyOperands => {
            let line = source_line(d, sources)?;
            let right = get(&a.text)? == "right";
            let edits: Vec<Edit> = concat::operands_to_stringify(&line, right)
                .into_iter()
                .map(|(s, e)| {
                    let columns = (s as u32 + 1, e as u32 + 1, buildfix_core::ColumnUnit::Bytes);
                    span::replace(span, columns, &format!("str({})", &line[s..e]))
                })
                .collect();
            if edits.is_empty() {
                return None;
            }
            let written: Vec<String> = edits.iter().map(|e| format!("`{}`", e.replacement_text())).collect();
            (format!("write {}", written.join(", ")), edits)
        }
        ActionKind::Advise => return None,
        ActionKind::UseCompilerSuggestion => {
            let s = d.suggestions().first()?;
            (s.message().to_string(), s.edits().to_vec())
        }
    };
    Some(Fix::from_pattern(p.id.clone(), message, p.applicability, edits))
}

/// `nearest-identifier`: the fix's message and edits for `d`, whose span is
/// `span`; `get` fills the action's templates.
fn respell(
    a: &Action,
    d: &Diagnostic,
    span: &Span,
    lib: &Library,
    sources: &dyn Sources,
    get: &dyn Fn(&Option<String>) -> Option<String>,
) -> Option<(String, Vec<Edit>)> {
    let target = get(&a.target)?;
    let own = sources.read(span.path())?;
    // A name of a module a TypeScript or Python file imports from
    // by a relative path, not imported yet.
    let language = language_of(d.tool(), span.path());
    let imported = match language {
        Some(Language::TypeScript) => sibling::relative_imports(span.path(), &own, sources),
        Some(Language::Python) => sibling::python_relative_imports(span.path(), &own, sources),
        _ => Vec::new(),
    };
    // A knowledge table may list a module's names (Go's `fmt`), or
    // the message (pytest's available fixtures).
    let listed = match (a.table.as_deref(), get(&a.symbol)) {
        (Some(table), Some(key)) => lib.tables.get(table).and_then(|t| t.get(&key)),
        _ => None,
    };
    let given = get(&a.text);
    let named = Named {
        file: get(&a.names_from),
        type_or_package: get(&a.names_of),
        listed: listed.map(String::as_str).or(given.as_deref()),
    };
    let source = names_near(d, &own, &named, &imported, sources);
    // A capitalised Go name is exported, and is spelt by an exported
    // name only: `sort.String` is `sort.Strings`, not the file's `string`.
    let exported = language == Some(Language::Go) && target.starts_with(char::is_uppercase);
    let line = source_line(d, sources);
    let cols = span::columns(span, line.as_deref(), Some(&target))?;
    // What stands before the name: a quote makes it a string's value,
    // spelt by the words of strings too; a `.`, a member.
    let before = line
        .as_deref()
        .and_then(|l| l.chars().nth((cols.0 as usize).checked_sub(2)?));
    let quoted = matches!(before, Some('"' | '\''));
    let may_be = |w: &str| !exported || w.starts_with(char::is_uppercase);
    let best = nearest::closest(&target, &source, &own, quoted, may_be)?;
    if let Some(dropped) = drop_from_import(d, span, cols, line.as_deref(), sources, (&target, best)) {
        return Some(dropped);
    }
    let parameter = (language == Some(Language::Python))
        .then(|| span::python_parameter_uses(span, &own, &target))
        .flatten();
    let mut edits = match (parameter, span.column(), line.as_deref()) {
        (Some(uses), ..) => uses
            .into_iter()
            .map(|(at, cols)| span::replace(&at, cols, best))
            .collect(),
        (None, None, Some(l)) => span::every_column(l, &target)
            .into_iter()
            .map(|at| span::replace(span, at, best))
            .collect(),
        _ => Vec::new(),
    };
    if edits.is_empty() {
        edits.push(span::replace(span, cols, best));
    }
    edits.extend(respell_uses(d, span, line.as_deref(), &own, (&target, best)));
    let mut message = format!("replace `{target}` with `{best}`");
    // A name only an imported module has is imported with it; not
    // a member (`store.size`), which its object brings, nor a string.
    let member = before == Some('.');
    let module = if quoted || member || nearest::words(&own).any(|w| w == best) {
        None
    } else {
        imported
            .iter()
            .find(|(_, text)| nearest::words(text).any(|w| w == best))
    };
    match module {
        Some((spec, _)) => {
            let import = add_import(span.path(), &own, language?, best, spec, &|_| false)?;
            edits.push(import);
            message.push_str(&format!(", imported from `{spec}`"));
        }
        None if a.imported_only => return None,
        None => {}
    }
    Some((message, edits))
}

/// Where a pattern says the right spelling of a name may be, besides the
/// diagnostic's own file: the file `names_from` names, the type or package
/// `names_of` names, and the names a knowledge table lists.
struct Named<'a> {
    file: Option<String>,
    type_or_package: Option<String>,
    listed: Option<&'a str>,
}

/// The text whose names the misspelt name of `d` is compared with: its
/// file (`own`), the files its related spans are in (mcs points at the type
/// whose member is misspelt), the modules a TypeScript file imports from
/// (`imported`), every file of a Go file's package, the project's headers a
/// C or C++ file includes, and what `named` says,
/// where a type's file is found as `import-from-sibling` finds it, else
/// beside the file (`Account.java` beside `Bank.java`), with all the files
/// of a Go package.
fn names_near(
    d: &Diagnostic,
    own: &str,
    named: &Named<'_>,
    imported: &[(String, String)],
    sources: &dyn Sources,
) -> String {
    let Some(span) = d.primary() else {
        return own.to_string();
    };
    let language = language_of(d.tool(), span.path());
    let type_file = named.type_or_package.as_deref().and_then(|t| {
        let t = t.rsplit('.').next()?;
        match sibling::defining(span.path(), language?, t, sources) {
            Some(found) => Some(found.path.to_string_lossy().into_owned()),
            None => {
                let own = Path::new(span.path());
                let extension = own.extension()?.to_str()?;
                Some(own.with_file_name(format!("{t}.{extension}")).to_str()?.to_string())
            }
        }
    });
    let mut texts: Vec<String> = named.listed.map(str::to_string).into_iter().collect();
    texts.extend(imported.iter().map(|(_, text)| text.clone()));
    match language {
        Some(Language::Go) => texts.extend(packages::go_package_files(span.path(), sources)),
        Some(Language::C) => texts.extend(packages::c_included_headers(span.path(), own, sources)),
        _ => {}
    }
    let mut read = vec![span.path()];
    let others = d.secondary().iter().map(|s| s.path());
    for other in others.chain(named.file.as_deref()).chain(type_file.as_deref()) {
        if !read.contains(&other)
            && let Some(text) = sources.read(other)
        {
            texts.push(text);
            read.push(other);
        }
    }
    let elsewhere = |f: &&str| Path::new(f).parent() != Path::new(span.path()).parent();
    if let Some(other) = type_file.as_deref().filter(|f| f.ends_with(".go")).filter(elsewhere) {
        texts.extend(packages::go_package_files(other, sources));
    }
    let mut source = own.to_string();
    for text in texts {
        source.push('\n');
        source.push_str(&text);
    }
    source
}

/// Whether `module` is the standard library's: a Go path without a domain
/// (`strings`, not `example.com/shop/model`), a Python module the `python`
/// table imports from, C#'s `System` namespaces.
fn standard_module(language: Language, module: &str, lib: &Library) -> bool {
    let top = |m: &str| m.split(['.', '/']).next().unwrap_or("").to_string();
    match language {
        Language::Go => !module.split('/').next().unwrap_or("").contains('.'),
        Language::CSharp => top(module) == "System",
        Language::Python => lib
            .tables
            .get("python")
            .is_some_and(|t| t.values().any(|m| top(m) == top(module))),
        _ => false,
    }
}

/// Whether the file's line still reads as the log quoted it (blanks aside:
/// tools expand tabs and Python strips indentation). A file edited since
/// the build gets no pattern fix placed by the log's line numbers.
fn still_as_logged(d: &Diagnostic, sources: &dyn Sources) -> bool {
    let (Some(span), Some(quoted)) = (d.primary(), d.source_line()) else {
        return true;
    };
    let Some(text) = sources.read(span.path()) else {
        return true;
    };
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    text.lines()
        .nth(span.line() as usize - 1)
        .is_some_and(|now| squash(now) == squash(quoted))
}

/// The primary line's text: as the log quoted it, or read from the file.
fn source_line(d: &Diagnostic, sources: &dyn Sources) -> Option<String> {
    let span = d.primary()?;
    let from_file = || {
        sources
            .read(span.path())?
            .lines()
            .nth(span.line() as usize - 1)
            .map(str::to_string)
    };
    match d.source_line() {
        // Python and pytest show the line stripped of its indentation.
        Some(l) if !matches!(d.tool(), Tool::Python | Tool::Pytest) => Some(l.to_string()),
        _ => from_file(),
    }
}

/// Where `target` would be respelt `with` in an import's list that imports
/// `with` already (`from shop.models import Usr, User`): `target` taken
/// out of the list instead, and what that says. Not when the file uses
/// `target` elsewhere: those uses are respelt next, as the import's own.
fn drop_from_import(
    d: &Diagnostic,
    span: &Span,
    (start, _, unit): span::Columns,
    line: Option<&str>,
    sources: &dyn Sources,
    (target, with): (&str, &str),
) -> Option<(String, Vec<Edit>)> {
    let line = line?;
    let import = language_of(d.tool(), span.path()).is_some_and(|l| l.is_import(line));
    if !import || unit != buildfix_core::ColumnUnit::Chars || !span::stands_whole(line, with) {
        return None;
    }
    let used_elsewhere = sources
        .read(span.path())?
        .lines()
        .filter(|l| *l != line)
        .any(|l| span::stands_whole(l, target));
    if used_elsewhere {
        return None;
    }
    let at = Span::point(span.path(), span.line(), start);
    let edit = span::delete_list_item(&at, line, target)?;
    Some((
        format!("delete `{target}` from the list: it imports `{with}` already"),
        vec![edit],
    ))
}

/// The edits that respell `target` as `with` wherever the file (whose
/// text is `source`) uses it, when the span's `line` imports it, alone or
/// within an import spread over lines (a Go `import ( ... )` block too):
/// in TypeScript, Python, Go and Java the import binds the name for the
/// whole file; see [`uses::name_uses`].
fn respell_uses(
    d: &Diagnostic,
    span: &Span,
    line: Option<&str>,
    source: &str,
    (target, with): (&str, &str),
) -> Vec<Edit> {
    let (Some(language), Some(line)) = (language_of(d.tool(), span.path()), line) else {
        return Vec::new();
    };
    if !(language.is_import(line) || span::in_spread_import(source, span.line())) {
        return Vec::new();
    }
    uses::name_uses(source, target, language)
        .into_iter()
        .filter(|&(l, _)| l != span.line())
        .map(|(l, cols)| span::replace(&Span::point(span.path(), l, 1), cols, with))
        .collect()
}

fn language_of(tool: Tool, path: &str) -> Option<Language> {
    Language::of_path(path).or(match tool {
        Tool::Rustc => Some(Language::Rust),
        Tool::Gcc | Tool::Clang => Some(Language::C),
        Tool::Csharp => Some(Language::CSharp),
        Tool::Javac | Tool::Maven | Tool::Java => Some(Language::Java),
        Tool::Kotlin => Some(Language::Kotlin),
        Tool::Tsc => Some(Language::TypeScript),
        Tool::Go => Some(Language::Go),
        Tool::Python | Tool::Pytest | Tool::Mypy => Some(Language::Python),
        Tool::Msbuild | Tool::Cmake | Tool::Generic => None,
    })
}
