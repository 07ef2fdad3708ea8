//! The result of parsing a log: diagnostics de-duplicated in log order, and
//! the counts a reader checks first.

use crate::formats::Item;
use crate::scan::Record;
use buildfix_core::{Diagnostic, LogRange, ReportedTotals, Severity, Summary, Tool, fnv1a64};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Everything found in one log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    diagnostics: Vec<Diagnostic>,
    summary: Summary,
    reported: BTreeMap<Tool, ReportedTotals>,
    directories: Vec<String>,
}

impl Analysis {
    /// The distinct diagnostics, in the order of their first report.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, to rename the files they name
    /// ([`Diagnostic::rename_paths`]), with the [`directories`](Self::directories)
    /// their relative paths may be relative to.
    pub fn diagnostics_mut(&mut self) -> (&mut [Diagnostic], &[String]) {
        (&mut self.diagnostics, &self.directories)
    }

    /// Takes the diagnostics out.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// The counts.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The totals each tool printed, summed over the log.
    pub fn reported(&self) -> &BTreeMap<Tool, ReportedTotals> {
        &self.reported
    }

    /// The directories make or ninja said they entered, each once, in the
    /// order first entered: the compilers they ran there name files
    /// relative to them.
    pub fn directories(&self) -> &[String] {
        &self.directories
    }
}

/// Folds records, in log order, into an [`Analysis`].
#[derive(Default)]
pub(crate) struct Collector {
    analysis: Analysis,
    /// Where each distinct diagnostic is, by the hash of what makes it distinct.
    index: HashMap<u64, u32>,
    /// Diagnostics whose hash was already taken by a different one.
    collisions: Vec<u32>,
    repeating: HashSet<Tool>,
    scoped: HashMap<(Tool, String), ReportedTotals>,
    /// The package whose script's output this is, by npm's last banner.
    package: Option<String>,
    /// How many diagnostics came before the first banner, if one came.
    unpackaged: Option<usize>,
    progress: Option<crate::ProgressHook>,
}

impl Collector {
    /// Adds the records of a buffer that starts at log offset `base`.
    pub fn add(&mut self, base: u64, records: Vec<Record>) {
        for record in records {
            let range = LogRange::new(base + record.start as u64, base + record.end as u64);
            for item in record.items {
                self.add_item(range, item);
            }
        }
    }

    /// Counts bytes and lines seen.
    pub fn add_extent(&mut self, bytes: u64, lines: u64) {
        self.analysis.summary.bytes += bytes;
        self.analysis.summary.lines += lines;
    }

    /// Says that the first `bytes` of the log are parsed.
    pub fn parsed(&self, bytes: u64) {
        if let Some(hook) = &self.progress {
            (hook.0)(bytes);
        }
    }

    /// A collector telling `progress` how far the parse got.
    pub fn new(progress: Option<crate::ProgressHook>) -> Collector {
        Collector {
            progress,
            ..Collector::default()
        }
    }

    /// The bytes of the log counted so far.
    pub fn bytes(&self) -> u64 {
        self.analysis.summary.bytes
    }

    /// Folds in what `later` collected from a log that follows this one
    /// from `offset` (a build's stderr after its stdout), as one parse of
    /// the two joined gives: its diagnostics, in order, are new ones or
    /// more occurrences of those before; totals a tool printed for one
    /// scope in both count once.
    pub fn absorb(&mut self, offset: u64, later: Collector) {
        let Collector {
            analysis:
                Analysis {
                    diagnostics,
                    summary,
                    mut reported,
                    directories,
                },
            scoped,
            package,
            unpackaged,
            ..
        } = later;
        // Those before `later`'s first banner are of this log's last one.
        let unpackaged = unpackaged.unwrap_or(diagnostics.len());
        // The repeats `later` counted, less those of a repeat block that
        // this log announced (they are not counted).
        let mut repeats = summary.duplicates;
        for (i, mut d) in diagnostics.into_iter().enumerate() {
            if let (true, None, Some(package)) = (i < unpackaged, d.package(), &self.package) {
                d.set_package(package.as_str());
            }
            let range = d.log_range();
            d.set_log_range(LogRange::new(offset + range.start(), offset + range.end()));
            let (tool, count) = (d.tool(), d.count());
            match self.find(&d) {
                Some(i) if !self.repeating.contains(&family(tool)) => {
                    self.analysis.diagnostics[i as usize].add_occurrences(count);
                    self.analysis.summary.duplicates += 1;
                }
                Some(_) => repeats -= u64::from(count - 1),
                None => self.push(d),
            }
        }
        self.analysis.summary.duplicates += repeats;
        for ((tool, scope), t) in scoped {
            // `later` counted all of `t`; what this log saw of it already
            // does not count again.
            let seen = self.scoped.entry((tool, scope)).or_default();
            let known = (t.errors.min(seen.errors), t.warnings.min(seen.warnings));
            seen.errors = seen.errors.max(t.errors);
            seen.warnings = seen.warnings.max(t.warnings);
            let total = reported.entry(tool).or_default();
            total.errors = total.errors.saturating_sub(known.0);
            total.warnings = total.warnings.saturating_sub(known.1);
        }
        for (tool, totals) in reported {
            let total = self.analysis.reported.entry(tool).or_default();
            total.errors += totals.errors;
            total.warnings += totals.warnings;
        }
        for dir in directories {
            self.enter(dir);
        }
        if package.is_some() {
            self.package = package;
        }
        self.add_extent(summary.bytes, summary.lines);
        self.parsed(offset + summary.bytes);
    }

    fn enter(&mut self, dir: String) {
        if !self.analysis.directories.contains(&dir) {
            self.analysis.directories.push(dir);
        }
    }

    fn add_item(&mut self, range: LogRange, item: Item) {
        match item {
            Item::Diagnostic(mut d) => {
                d.set_log_range(range);
                if let (None, Some(package)) = (d.package(), &self.package) {
                    d.set_package(package.as_str());
                }
                self.add_diagnostic(d);
            }
            Item::Totals(t) => {
                let (errors, warnings) = match t.scope {
                    Some(scope) => {
                        let seen = self.scoped.entry((t.tool, scope)).or_default();
                        let grew = (
                            t.errors.saturating_sub(seen.errors),
                            t.warnings.saturating_sub(seen.warnings),
                        );
                        seen.errors = seen.errors.max(t.errors);
                        seen.warnings = seen.warnings.max(t.warnings);
                        grew
                    }
                    None => (t.errors, t.warnings),
                };
                let total = self.analysis.reported.entry(t.tool).or_default();
                total.errors += errors;
                total.warnings += warnings;
            }
            Item::RepeatsFollow(tool) => {
                self.repeating.insert(tool);
            }
            Item::Directory(dir) => self.enter(dir),
            Item::Package(package) => {
                self.unpackaged.get_or_insert(self.analysis.diagnostics.len());
                self.package = Some(package);
            }
        }
    }

    fn add_diagnostic(&mut self, d: Diagnostic) {
        match self.find(&d) {
            Some(i) => {
                if !self.repeating.contains(&family(d.tool())) {
                    self.analysis.diagnostics[i as usize].add_occurrence();
                    self.analysis.summary.duplicates += 1;
                }
            }
            None => self.push(d),
        }
    }

    /// The index of the diagnostic `d` repeats, if any; otherwise `d` is
    /// indexed as the next one.
    fn find(&mut self, d: &Diagnostic) -> Option<u32> {
        let diags = &self.analysis.diagnostics;
        let next = diags.len() as u32;
        match self.index.entry(dedup_key(d)) {
            Entry::Vacant(v) => {
                v.insert(next);
                None
            }
            Entry::Occupied(o) if same(&diags[*o.get() as usize], d) => Some(*o.get()),
            Entry::Occupied(_) => {
                let earlier = self.collisions.iter().copied().find(|&i| same(&diags[i as usize], d));
                if earlier.is_none() {
                    self.collisions.push(next);
                }
                earlier
            }
        }
    }

    /// Adds a diagnostic not seen before.
    fn push(&mut self, d: Diagnostic) {
        let s = &mut self.analysis.summary;
        match d.severity() {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Note | Severity::Help => {}
        }
        s.notes += d.notes().len() as u64;
        self.analysis.diagnostics.push(d);
    }

    pub fn finish(self) -> Analysis {
        self.analysis
    }
}

/// Tools whose repeat blocks cover each other (MSBuild repeats csc's errors).
fn family(tool: Tool) -> Tool {
    match tool {
        Tool::Msbuild => Tool::Csharp,
        other => other,
    }
}

fn dedup_key(d: &Diagnostic) -> u64 {
    let mut bytes = Vec::with_capacity(64 + d.message().len());
    bytes.extend_from_slice(family(d.tool()).name().as_bytes());
    bytes.push(0xff);
    bytes.extend_from_slice(d.code().unwrap_or("").as_bytes());
    bytes.push(0xff);
    bytes.extend_from_slice(d.message().as_bytes());
    if let Some(p) = d.primary() {
        bytes.push(0xff);
        bytes.extend_from_slice(p.path().as_bytes());
        bytes.extend_from_slice(&p.line().to_le_bytes());
        bytes.extend_from_slice(&p.column().unwrap_or(0).to_le_bytes());
    }
    // The same relative path in two workspace packages is two files.
    if let Some(package) = d.package() {
        bytes.push(0xfe);
        bytes.extend_from_slice(package.as_bytes());
    }
    fnv1a64(&bytes)
}

fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    let at = |d: &Diagnostic| d.primary().map(|p| (p.path().to_string(), p.line(), p.column()));
    family(a.tool()) == family(b.tool())
        && a.severity() == b.severity()
        && a.code() == b.code()
        && a.message() == b.message()
        && at(a) == at(b)
        && a.package() == b.package()
}

#[cfg(test)]
mod tests {
    use crate::Parser;

    #[test]
    fn one_error_in_two_workspace_packages_is_two_errors() {
        let log = "@shop/web:build: src/index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n\
                   @shop/api:build: src/index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n\
                   @shop/api:build: src/index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n";
        let analysis = Parser::new().parse_bytes(log.as_bytes());
        let packages: Vec<_> = analysis
            .diagnostics()
            .iter()
            .map(|d| (d.package(), d.count()))
            .collect();
        assert_eq!(packages, [(Some("@shop/web"), 1), (Some("@shop/api"), 2)]);
    }
}
