//! The pattern library as written (TOML files under `patterns/`), and its
//! compiler: every pattern validated, every error reported with its file
//! and line, all at once.

use crate::regex::PatternRegex;
use crate::template;
use buildfix_core::{Applicability, PatternId, Tool};
use regex_syntax::hir::{Hir, HirKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

/// What a pattern does to fix the diagnostic it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Adds an import, `use`, `using`, `#include` where the language puts it.
    AddImport,
    /// Replaces the diagnostic's span (or `target` at it) by `with`, or by
    /// what the knowledge table `table` says for `symbol`.
    ReplaceSpan,
    /// Deletes the span (or `target` at it).
    DeleteSpan,
    /// Deletes `target` at the span as an item of a comma-separated list
    /// (`User` of `import { UserRepo, User, Role }`), with one comma and
    /// the blanks beside it; no fix when it is the list's only item.
    DeleteListItem,
    /// Deletes the span's whole line.
    DeleteLine,
    /// Deletes from the span's line through the line that closes the first
    /// `{` at or after it (a duplicate definition).
    DeleteBlock,
    /// Inserts `text` at `at`.
    InsertText,
    /// Takes the tool's own first suggestion.
    UseCompilerSuggestion,
    /// Replaces `target` at the span by the one identifier of the file
    /// closest to it (a typo the tool did not correct).
    NearestIdentifier,
    /// Replaces the path `target` at the span (an include or a relative
    /// import) by the one file or directory beside it closest to it; in Go,
    /// a package path of the module; in C#, a namespace (`Shop.Modles`) by
    /// the one the project declares closest to it.
    NearestFile,
    /// Imports `symbol` from the one file beside the span's that defines it
    /// at its top level (TypeScript, Python).
    ImportFromSibling,
    /// Exports `symbol` where the TypeScript module `module` (a relative
    /// path from the span's file) declares it at its top level.
    ExportDeclaration,
    /// Makes the verb `target` (`%s`) of the format string of the call at
    /// the span that formats the argument `symbol` (as written) the verb
    /// `with` (`%d`).
    PrintfVerb,
    /// Makes the Rust type `symbol` derive the trait `text`, with the types
    /// of its fields that its file declares.
    AddDerive,
    /// Renames the member of the class declared at the span nearest to
    /// `symbol` (the member its interface or abstract base requires) to it,
    /// adding the modifier `text` when its declaration lacks it.
    RenameMember,
    /// Respells the Java method declared at or below the span (its
    /// `@Override` overrides nothing) as the nearest method of `Object` or
    /// of the types its class extends and implements.
    RenameOverride,
    /// Makes the type `target` of the Go variable `symbol`, declared
    /// `var symbol target` above the span in its function, `with`.
    RetypeDeclaration,
    /// Writes the expression the span points into (the right side of its
    /// line's `=` or `return`) into the conversion `text`, for its `{}`
    /// (`(int) {}`, `Integer.parseInt({})`).
    Convert,
    /// Declares the C function `symbol`, which the file defines below the
    /// span, before the function the span is in.
    AddPrototype,
    /// Imports the TypeScript name `symbol` of the import on the span's
    /// line as the module's default when it is a named import there, and
    /// as a named one when it is the default.
    SwapImportKind,
    /// Makes the C++ member function `symbol` (`Stock::total`) `const`
    /// where the diagnostic's related spans declare it, and where it is
    /// defined out of its class.
    MarkConst,
    /// Makes the TypeScript or JavaScript function the span is in `async`,
    /// its declared return type a `Promise`.
    MakeAsync,
    /// Makes the Java or C# method `symbol`, which the span's file
    /// declares once, `static`.
    MakeStatic,
    /// Says the C or C++ parameter `symbol`, which the function whose
    /// parameter list holds the span does not use, is unused on purpose:
    /// `(void)symbol;` first in its body.
    CastToVoid,
    /// Gives the Python line of the span the indentation of the line it
    /// belongs with: the nearest above indented less (`text =
    /// "enclosing"`), or the one before it (`"previous"`).
    Reindent,
    /// Wraps in Python's `str()` the operands of `+` on the span's line
    /// that stand after (`text = "right"`) or before (`"left"`) a string
    /// literal.
    StringifyOperands,
    /// Edits nothing: says what to do (`text`) about an error whose cause
    /// is outside the sources (a package to install).
    Advise,
}

impl ActionKind {
    /// The name used in pattern files.
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::AddImport => "add-import",
            ActionKind::ReplaceSpan => "replace-span",
            ActionKind::DeleteSpan => "delete-span",
            ActionKind::DeleteListItem => "delete-list-item",
            ActionKind::DeleteLine => "delete-line",
            ActionKind::DeleteBlock => "delete-block",
            ActionKind::InsertText => "insert-text",
            ActionKind::UseCompilerSuggestion => "use-compiler-suggestion",
            ActionKind::NearestIdentifier => "nearest-identifier",
            ActionKind::NearestFile => "nearest-file",
            ActionKind::ImportFromSibling => "import-from-sibling",
            ActionKind::ExportDeclaration => "export-declaration",
            ActionKind::RenameMember => "rename-member",
            ActionKind::RenameOverride => "rename-override",
            ActionKind::RetypeDeclaration => "retype-declaration",
            ActionKind::Convert => "convert",
            ActionKind::AddPrototype => "add-prototype",
            ActionKind::SwapImportKind => "swap-import-kind",
            ActionKind::MarkConst => "mark-const",
            ActionKind::MakeAsync => "make-async",
            ActionKind::MakeStatic => "make-static",
            ActionKind::StringifyOperands => "stringify-operands",
            ActionKind::CastToVoid => "cast-to-void",
            ActionKind::Reindent => "reindent",
            ActionKind::AddDerive => "add-derive",
            ActionKind::PrintfVerb => "printf-verb",
            ActionKind::Advise => "advise",
        }
    }
}

/// Where `insert-text` inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InsertAt {
    /// At the span's start.
    Before,
    /// At the span's end.
    After,
    /// At the end of the line before the span's line, past trailing blanks
    /// (gcc reports a missing `;` at the next token).
    PreviousLineEnd,
    /// At the end of the span's line, before trailing blanks.
    LineEnd,
    /// Where the code before the span ends: at the span's start, or, when
    /// only blanks come before the span on its line, at the end of the last
    /// line before it with code (mcs and csc report a missing `;` at the
    /// `}` on the next line; the `;` goes after the statement it ends).
    EndOfCode,
    /// Before the initializer of the variable the span reads or reads a
    /// member of, at its nearest declaration (`const order = ` above
    /// `order.customer`: tsc's "Did you forget to use 'await'?").
    Initializer,
}

/// A fix action with its parameters (templates over the message's captures).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Which action.
    pub kind: ActionKind,
    /// add-import: the name to import; nearest-identifier: the entry of
    /// `table` to take names from; rename-member: the member's name;
    /// add-derive: the type; printf-verb: the argument, as written.
    #[serde(default)]
    pub symbol: Option<String>,
    /// add-import: the module to import from; looked up in `table` when
    /// absent. export-declaration: the module that declares the symbol.
    #[serde(default)]
    pub module: Option<String>,
    /// add-import: the knowledge table mapping symbols to modules;
    /// nearest-identifier: one whose entry for `symbol` lists more names.
    #[serde(default)]
    pub table: Option<String>,
    /// replace-span: the new text; printf-verb: the new verb (`%d`).
    #[serde(default)]
    pub with: Option<String>,
    /// replace-span, delete-span, insert-text, nearest-identifier: the text
    /// to find at the span when the tool gives no end column; printf-verb:
    /// the verb to replace (`%s`).
    #[serde(default)]
    pub target: Option<String>,
    /// insert-text: the text; advise: the advice; rename-member: a
    /// modifier the member's declaration must have (`override`);
    /// add-derive: the trait; nearest-identifier: more names to choose
    /// from (pytest's list of fixtures, a union of strings).
    #[serde(default)]
    pub text: Option<String>,
    /// insert-text: where.
    #[serde(default)]
    pub at: Option<InsertAt>,
    /// nearest-identifier: another file whose names are candidates too
    /// (the module an import names).
    #[serde(default)]
    pub names_from: Option<String>,
    /// nearest-identifier: a type the project defines (`Item`,
    /// `com.acme.Helpers`), whose file's names are candidates too (found as
    /// `import-from-sibling` finds a definition).
    #[serde(default)]
    pub names_of: Option<String>,
    /// nearest-identifier: only a name that a module the file imports from
    /// by a relative path has and the file does not (`percent` of Python's
    /// `from .util import money`), which the fix imports too.
    #[serde(default)]
    pub imported_only: bool,
}

impl Action {
    fn templates(&self) -> impl Iterator<Item = &str> {
        [
            &self.symbol,
            &self.module,
            &self.with,
            &self.target,
            &self.text,
            &self.names_from,
            &self.names_of,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
    }

    fn check(&self) -> Result<(), String> {
        let need = |field: &Option<String>, name: &str| {
            field
                .as_ref()
                .map(|_| ())
                .ok_or_else(|| format!("action {} needs `{name}`", self.kind.name()))
        };
        match self.kind {
            ActionKind::AddImport => {
                need(&self.symbol, "symbol")?;
                if self.module.is_none() && self.table.is_none() {
                    return Err("action add-import needs `module` or `table`".into());
                }
                Ok(())
            }
            ActionKind::ImportFromSibling
            | ActionKind::RenameMember
            | ActionKind::AddPrototype
            | ActionKind::SwapImportKind
            | ActionKind::MarkConst
            | ActionKind::MakeStatic
            | ActionKind::CastToVoid => need(&self.symbol, "symbol"),
            ActionKind::ExportDeclaration => need(&self.symbol, "symbol").and_then(|()| need(&self.module, "module")),
            ActionKind::Advise => need(&self.text, "text"),
            ActionKind::Reindent => match self.text.as_deref() {
                Some("enclosing" | "previous") => Ok(()),
                _ => Err("action reindent needs `text` = \"enclosing\" or \"previous\"".to_string()),
            },
            ActionKind::StringifyOperands => match self.text.as_deref() {
                Some("right" | "left") => Ok(()),
                _ => Err("action stringify-operands needs `text` = \"right\" or \"left\"".to_string()),
            },
            ActionKind::Convert => match &self.text {
                Some(t) if t.contains("{}") => Ok(()),
                _ => Err("action convert needs `text` with `{}` where the expression goes".to_string()),
            },
            ActionKind::AddDerive => need(&self.symbol, "symbol").and_then(|()| need(&self.text, "text")),
            ActionKind::PrintfVerb | ActionKind::RetypeDeclaration => need(&self.symbol, "symbol")
                .and_then(|()| need(&self.target, "target"))
                .and_then(|()| need(&self.with, "with")),
            ActionKind::ReplaceSpan => need(&self.with, "with")
                .or_else(|_| need(&self.table, "with` or `table").and_then(|()| need(&self.symbol, "symbol"))),
            ActionKind::NearestIdentifier | ActionKind::NearestFile | ActionKind::DeleteListItem => {
                need(&self.target, "target")
            }
            ActionKind::InsertText => {
                need(&self.text, "text")?;
                self.at
                    .map(|_| ())
                    .ok_or_else(|| "action insert-text needs `at`".to_string())
            }
            ActionKind::DeleteSpan
            | ActionKind::DeleteLine
            | ActionKind::DeleteBlock
            | ActionKind::RenameOverride
            | ActionKind::MakeAsync
            | ActionKind::UseCompilerSuggestion => Ok(()),
        }
    }
}

/// A real diagnostic message a pattern must match, with the captures it
/// must produce.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The message (with notes after newlines, as matched).
    pub message: String,
    /// Captures the match must produce.
    #[serde(default)]
    pub captures: BTreeMap<String, String>,
}

/// One compiled pattern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    /// Its stable id.
    pub id: PatternId,
    /// The tool whose diagnostics it reads.
    pub tool: Tool,
    /// The codes it applies to; empty for any.
    pub codes: Vec<String>,
    /// The message regex, with named captures.
    pub message: String,
    /// The prior probability that its fix works.
    pub confidence: f64,
    /// How safe its fix is.
    pub applicability: Applicability,
    /// What it does.
    pub action: Action,
    /// A regex the primary source line must match for the fix to apply.
    pub line_regex: Option<String>,
    /// A regex the text of that line before the span must match.
    pub before_regex: Option<String>,
    /// Messages it must match.
    pub examples: Vec<Example>,
    /// Messages it must not match.
    pub counter_examples: Vec<String>,
    /// Literals one of which every match contains; `None` when the regex
    /// has no such literal and the pattern is always a candidate.
    pub literals: Option<Vec<String>>,
    /// The file it is written in.
    pub file: String,
    /// The line of its `id`.
    pub line: u32,
}

/// A compiled library.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Library {
    /// The patterns, in file and then file order.
    pub patterns: Vec<Pattern>,
    /// Knowledge tables: table name, symbol, module.
    pub tables: BTreeMap<String, BTreeMap<String, String>>,
    /// A hash of every source file, to tell a stale artifact.
    pub source_hash: [u8; 32],
}

/// A problem in the library, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// The line (1-based), 0 when the whole file is concerned.
    pub line: u32,
    /// The pattern, when known.
    pub id: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(id) = &self.id {
            write!(f, "{id}: ")?;
        }
        f.write_str(&self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    pattern: Vec<PatternToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternToml {
    id: toml::Spanned<String>,
    tool: String,
    #[serde(default)]
    code: Codes,
    message: String,
    confidence: f64,
    #[serde(default)]
    applicability: Option<String>,
    action: Action,
    #[serde(default)]
    line: Option<String>,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    counter_examples: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(untagged)]
enum Codes {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableToml {
    symbols: BTreeMap<String, String>,
}

/// Compiles the sources `(file name, text)`: `*.toml` pattern files, and
/// knowledge tables under `knowledge/`. Returns every problem found, not
/// only the first.
///
/// # Errors
///
/// The problems, each with its file and line.
pub fn compile(sources: &[(String, String)]) -> Result<Library, Vec<Problem>> {
    let mut lib = Library::default();
    let mut problems = Vec::new();
    let mut hasher = blake3::Hasher::new();
    let mut sorted: Vec<&(String, String)> = sources.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in &sorted {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
        hasher.update(&[0]);
        if let Some(table) = name.strip_prefix("knowledge/").and_then(|n| n.strip_suffix(".toml")) {
            match toml::from_str::<TableToml>(text) {
                Ok(t) => {
                    lib.tables.insert(table.to_string(), t.symbols);
                }
                Err(e) => problems.push(toml_problem(name, text, &e)),
            }
        }
    }
    lib.source_hash = *hasher.finalize().as_bytes();
    let mut ids = HashSet::new();
    for (name, text) in sorted.iter().filter(|(n, _)| !n.starts_with("knowledge/")) {
        let file: FileToml = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(toml_problem(name, text, &e));
                continue;
            }
        };
        for p in file.pattern {
            let line = line_of(text, p.id.span().start);
            let id = p.id.get_ref().clone();
            let problem = |message: String| Problem {
                file: name.clone(),
                line,
                id: Some(id.clone()),
                message,
            };
            let duplicate = !ids.insert(id.clone());
            if duplicate {
                problems.push(problem("duplicate id".into()));
            }
            match build(p, name, line, &lib.tables) {
                Ok(pattern) if !duplicate => lib.patterns.push(pattern),
                Ok(_) => {}
                Err(errs) => problems.extend(errs.into_iter().map(problem)),
            }
        }
    }
    if problems.is_empty() { Ok(lib) } else { Err(problems) }
}

/// Reads every `*.toml` under `dir` (and `dir/knowledge`) as sources for [`compile`].
///
/// # Errors
///
/// When the directory cannot be read.
pub fn read_sources(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for sub in ["", "knowledge"] {
        let d = dir.join(sub);
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let path = e?.path();
            if path.extension().is_some_and(|x| x == "toml") {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name = if sub.is_empty() { name } else { format!("{sub}/{name}") };
                out.push((name, std::fs::read_to_string(&path)?));
            }
        }
    }
    Ok(out)
}

fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

fn toml_problem(name: &str, text: &str, e: &toml::de::Error) -> Problem {
    let line = e.span().map_or(0, |s| line_of(text, s.start));
    Problem {
        file: name.to_string(),
        line,
        id: None,
        message: e.message().to_string(),
    }
}

fn build(
    p: PatternToml,
    file: &str,
    line: u32,
    tables: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<Pattern, Vec<String>> {
    let mut errs = Vec::new();
    let tool = p.tool.parse::<Tool>().map_err(|e| e.to_string());
    let regex = PatternRegex::new(&p.message)
        .and_then(|re| re.check().map(|()| re))
        .map_err(|e| format!("bad message regex: {e}"));
    let source_regex = |r: &Option<String>| {
        r.as_deref()
            .map(|l| PatternRegex::new(l).and_then(|re| re.check().map(|()| re)))
    };
    let (line_regex, before_regex) = (source_regex(&p.line), source_regex(&p.before));
    for (name, re) in [("line", &line_regex), ("before", &before_regex)] {
        if let Some(Err(e)) = re {
            errs.push(format!("bad {name} regex: {e}"));
        }
    }
    if let Ok(re) = &regex {
        let line_names = line_regex
            .iter()
            .chain(&before_regex)
            .flatten()
            .flat_map(PatternRegex::names);
        let defined: HashSet<&str> = re.names().chain(line_names).collect();
        for t in p.action.templates() {
            for name in template::names(t) {
                if !defined.contains(name) {
                    errs.push(format!(
                        "the action uses ${{{name}}}, which neither the message regex nor a source regex captures"
                    ));
                }
            }
        }
    }
    if let Err(e) = p.action.check() {
        errs.push(e);
    }
    if let Some(t) = &p.action.table
        && !tables.contains_key(t)
    {
        errs.push(format!("unknown knowledge table `{t}`"));
    }
    if !(0.0..=1.0).contains(&p.confidence) {
        errs.push(format!("confidence {} is not between 0 and 1", p.confidence));
    }
    let applicability = match p.applicability.as_deref() {
        None => Applicability::MaybeIncorrect,
        Some(a @ ("MachineApplicable" | "MaybeIncorrect" | "HasPlaceholders" | "Unspecified")) => {
            Applicability::from_rustc(a)
        }
        Some(other) => {
            errs.push(format!("unknown applicability `{other}`"));
            Applicability::Unspecified
        }
    };
    if p.examples.is_empty() {
        errs.push("a pattern needs at least one example".into());
    }
    let tool = match (tool, regex) {
        (Ok(t), Ok(_)) if errs.is_empty() => t,
        (t, r) => {
            errs.extend(t.err());
            errs.extend(r.err());
            return Err(errs);
        }
    };
    let codes = match p.code {
        Codes::None => Vec::new(),
        Codes::One(c) => vec![c],
        Codes::Many(cs) => cs,
    };
    Ok(Pattern {
        id: PatternId::new(p.id.into_inner()),
        tool,
        codes,
        literals: prefilter_literals(&p.message),
        message: p.message,
        confidence: p.confidence,
        applicability,
        action: p.action,
        line_regex: p.line,
        before_regex: p.before,
        examples: p.examples,
        counter_examples: p.counter_examples,
        file: file.to_string(),
        line,
    })
}

/// Literals one of which every match of `pattern` contains, found in the
/// regex itself (its syntax tree, parsed by `regex-syntax`): the longest
/// literal run that every match must hold, or one literal per branch of an
/// alternation. `None` when there is no such set of literals of at least
/// three bytes, and the pattern is then a candidate for every diagnostic.
pub fn prefilter_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let lits = required(&hir)?;
    let out: Vec<String> = lits.into_iter().filter_map(|l| String::from_utf8(l).ok()).collect();
    (!out.is_empty() && out.iter().all(|l| l.len() >= 3)).then_some(out)
}

/// Sets of literals one of which every match of `hir` contains.
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(parts) => {
            // The part whose shortest literal is longest filters best.
            parts
                .iter()
                .filter_map(required)
                .max_by_key(|set| set.iter().map(Vec::len).min().unwrap_or(0))
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(required(b)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// An example or counter-example that does not behave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The pattern's file.
    pub file: String,
    /// The pattern's line.
    pub line: u32,
    /// The pattern.
    pub id: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}: {}", self.file, self.line, self.id, self.message)
    }
}

/// Runs every example and counter-example of the library.
pub fn test(lib: &Library) -> Vec<Failure> {
    let mut out = Vec::new();
    for p in &lib.patterns {
        let re = PatternRegex::new(&p.message).expect("compiled patterns hold valid regexes");
        let fail = |message: String| Failure {
            file: p.file.clone(),
            line: p.line,
            id: p.id.to_string(),
            message,
        };
        for ex in &p.examples {
            match re.captures(&ex.message) {
                None => out.push(fail(format!("example does not match: {:?}", ex.message))),
                Some(caps) => {
                    for (name, want) in &ex.captures {
                        if caps.get(name) != Some(want) {
                            out.push(fail(format!(
                                "example {:?}: capture {name} is {:?}, not {want:?}",
                                ex.message,
                                caps.get(name)
                            )));
                        }
                    }
                }
            }
            if let Some(lits) = &p.literals
                && !lits.iter().any(|l| ex.message.contains(l.as_str()))
            {
                out.push(fail(format!("example {:?} escapes the prefilter", ex.message)));
            }
        }
        for counter in &p.counter_examples {
            if re.is_match(counter) {
                out.push(fail(format!("counter-example matches: {counter:?}")));
            }
        }
    }
    out
}
