//! Clusters: diagnostics grouped by fingerprint as they stream past, with
//! exact counts and at most K samples each; a template not seen before
//! joins a cluster whose template differs from it in one value-like token
//! (in the manner of Drain's token tree), so memory follows the kinds of
//! error, not the values in them; merges that only the whole set shows
//! happen at the end.

use crate::recent::Recent;
use crate::template::{PLACEHOLDERS, template, template_into};
use buildfix_core::{Applicability, Cluster, Diagnostic, Fingerprint, Severity, Tool};
use foldhash::{HashMap as FastMap, HashSet as FastSet};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// What the clusterer keeps per cluster while streaming: bounded by K
/// samples and the distinct files.
///
/// Files are told apart by a 64-bit hash of their path: 8 bytes each, and
/// no string comparison per diagnostic. Two paths of one cluster would
/// have to collide to be counted as one (for 100,000 files, a chance of
/// about 3 in 10^10).
struct Building {
    cluster: Cluster,
    /// Its template's tokens (split once, not per message that joins it).
    tokens: Vec<Box<str>>,
    file_set: FastSet<u64>,
    /// The file of the diagnostic that joined last: a log reports a file's
    /// errors together, so most diagnostics need no look in the set.
    last_file: u64,
    /// The file of each sample, in the samples' order.
    sample_files: Vec<u64>,
}

/// The most keys kept: past this many, a template that joined a cluster is
/// searched for again each time it is seen (see [`Clusterer::join_near`]).
const REMEMBERED_KEYS: usize = 1 << 14;

/// Groups diagnostics into clusters as they come, in bounded memory.
pub struct Clusterer {
    k: usize,
    building: Vec<Building>,
    /// Each cluster's tool, code and template, separated by NULs (the bytes
    /// its fingerprint hashes, less the separators' encoding): the key is
    /// built in one reused buffer, so a message of a known kind allocates
    /// nothing, and the stable fingerprint is computed once per cluster.
    by_key: FastMap<Box<str>, usize>,
    key: String,
    /// Where each token of the template in the key buffer ends.
    token_ends: Vec<usize>,
    /// The clusters of each tool and template length, where a template
    /// not seen before looks for one it is a merge away from.
    by_shape: FastMap<(Tool, usize), Vec<usize>>,
    /// Messages seen lately, and their cluster.
    recent: Recent,
    /// Hashes the paths of files.
    paths: foldhash::fast::RandomState,
}

impl Clusterer {
    /// A clusterer keeping at most `k` samples per cluster (at least 1).
    pub fn new(k: usize) -> Clusterer {
        Clusterer {
            k: k.max(1),
            building: Vec::new(),
            by_key: FastMap::default(),
            key: String::new(),
            token_ends: Vec::new(),
            by_shape: FastMap::default(),
            recent: Recent::new(),
            paths: foldhash::fast::RandomState::default(),
        }
    }

    /// The fingerprint of a diagnostic: tool, code and message template.
    pub fn fingerprint(d: &Diagnostic) -> (Fingerprint, String) {
        let t = template(&kind_text(d));
        (Fingerprint::of(d.tool(), d.code(), &t), t)
    }

    /// Adds diagnostic number `index`.
    pub fn add(&mut self, index: usize, d: &Diagnostic) {
        let text = kind_text(d);
        let slot = if self.recent.in_use() {
            let hash = self.recent.hash(d, &text);
            let found = self.recent.get(hash, d, &text);
            self.recent.note(found.is_some());
            found.unwrap_or_else(|| {
                let slot = self.cluster_for(index, d, &text);
                self.recent.put(hash, d, &text, slot);
                slot
            })
        } else {
            self.cluster_for(index, d, &text)
        };
        let file = self.paths.hash_one(d.primary().map_or("", |p| p.path()));
        let b = &mut self.building[slot];
        let c = &mut b.cluster;
        c.count += u64::from(d.count());
        c.severity = c.severity.max(d.severity());
        c.has_suggestion |= d
            .suggestions()
            .iter()
            .any(|s| s.applicability() > Applicability::HasPlaceholders);
        let new_file = (c.files == 0 || b.last_file != file) && b.file_set.insert(file);
        b.last_file = file;
        if new_file {
            c.files += 1;
        }
        // A file seen before once the samples are full is sampled already
        // or will never be (see `sample`).
        if new_file || c.samples.len() < self.k {
            sample(c, &mut b.sample_files, self.k, index, file);
        }
    }

    /// The cluster of diagnostic `index`, whose [`kind_text`] is `text`, by
    /// its template: one with the same key, one a merge away, or a new one.
    fn cluster_for(&mut self, index: usize, d: &Diagnostic, text: &str) -> usize {
        self.key.clear();
        self.key.push_str(d.tool().name());
        self.key.push('\0');
        self.key.push_str(d.code().unwrap_or(""));
        self.key.push('\0');
        let template_at = self.key.len();
        template_into(text, &mut self.key);
        if let Some(&slot) = self.by_key.get(self.key.as_str()) {
            return slot;
        }
        match self.join_near(d.tool(), d.code(), template_at) {
            Some((slot, remember)) => {
                if remember && self.by_key.len() < REMEMBERED_KEYS {
                    self.by_key.insert(self.key.as_str().into(), slot);
                }
                slot
            }
            None => self.open(index, d, template_at),
        }
    }

    /// A new cluster for diagnostic `index`, whose template is in the key
    /// buffer from `at`; its number.
    fn open(&mut self, index: usize, d: &Diagnostic, at: usize) -> usize {
        let slot = self.building.len();
        let template = self.key[at..].to_string();
        self.by_key.insert(self.key.as_str().into(), slot);
        self.by_shape
            .entry((d.tool(), template.split(' ').count()))
            .or_default()
            .push(slot);
        self.building.push(Building {
            tokens: template.split(' ').map(Box::from).collect(),
            cluster: Cluster {
                fingerprint: Fingerprint::of(d.tool(), d.code(), &template),
                tool: d.tool(),
                code: d.code().map(str::to_string),
                template,
                severity: d.severity(),
                count: 0,
                files: 0,
                samples: Vec::new(),
                first: index,
                has_suggestion: false,
                reasons: Vec::new(),
            },
            file_set: FastSet::default(),
            last_file: 0,
            sample_files: Vec::new(),
        });
        slot
    }

    /// The cluster that the template in the key buffer (from `at`) joins, a
    /// merge away from it (see [`merge_groups`]; a token merged already,
    /// `<*>`, takes any value that may be merged), with that cluster's
    /// template generalised, and whether the template's key is worth
    /// keeping: it is when it differs from the cluster's only by
    /// placeholders where the cluster has `<*>` (`<id>` where it had
    /// `<type>`), since a cluster has few of those. A kind whose unquoted
    /// values vary (`package org.junit does not exist`) costs this search
    /// per message, not memory per value.
    fn join_near(&mut self, tool: Tool, code: Option<&str>, at: usize) -> Option<(usize, bool)> {
        let template = &self.key[at..];
        self.token_ends.clear();
        self.token_ends
            .extend(template.match_indices(' ').map(|(i, _)| i).chain([template.len()]));
        let ends = &self.token_ends;
        let tokens = || {
            let starts = std::iter::once(0).chain(ends.iter().map(|e| e + 1));
            starts.zip(ends).map(|(s, &e)| &template[s..e])
        };
        let n = ends.len();
        for &j in self.by_shape.get(&(tool, n))? {
            let b = &mut self.building[j];
            if b.cluster.code.as_deref() != code {
                continue;
            }
            let Some(differs) = one_apart(b.tokens.iter().map(|t| &**t), tokens(), n) else {
                continue;
            };
            if let Some(p) = differs {
                b.tokens[p] = "<*>".into();
                b.cluster.template = b.tokens.join(" ");
            }
            // Placeholders where the template is general: worth a key.
            let remember = b
                .tokens
                .iter()
                .zip(tokens())
                .all(|(g, t)| **g == *t || (&**g == "<*>" && placeholders(t)));
            return Some((j, remember));
        }
        None
    }

    /// The clusters, with near-identical templates merged, in order of first
    /// occurrence.
    pub fn finish(self) -> Vec<Cluster> {
        let k = self.k;
        let clusters: Vec<Cluster> = self.building.iter().map(|b| b.cluster.clone()).collect();
        let groups = merge_groups(&clusters.iter().collect::<Vec<_>>());
        let mut parts: Vec<Option<(Cluster, FastSet<u64>)>> = self
            .building
            .into_iter()
            .map(|b| Some((b.cluster, b.file_set)))
            .collect();
        let mut out = Vec::new();
        for group in groups {
            let mut members = group.into_iter().filter_map(|i| parts[i].take());
            let (mut merged, mut files) = members.next().expect("groups are not empty");
            for (other, other_files) in members {
                merged.template = generalise(&merged.template, &other.template);
                merged.count += other.count;
                merged.severity = merged.severity.max(other.severity);
                merged.has_suggestion |= other.has_suggestion;
                merged.first = merged.first.min(other.first);
                merged.samples.extend(other.samples);
                files.extend(other_files);
            }
            merged.samples.sort_unstable();
            merged.samples.dedup();
            merged.samples.truncate(k);
            merged.files = files.len() as u64;
            merged.fingerprint = Fingerprint::of(merged.tool, merged.code.as_deref(), &merged.template);
            out.push(merged);
        }
        out.sort_by_key(|c| c.first);
        out
    }
}

/// The text a diagnostic's kind is read from: its message, and for javac's
/// "cannot find symbol" what its note says is missing, a class, a variable
/// or a method (`symbol:   class List`: "cannot find class symbol"): a
/// missing import and a member called by another language's name are two
/// causes, not one.
fn kind_text(d: &Diagnostic) -> Cow<'_, str> {
    // Only that message's notes are looked at: every diagnostic comes here.
    if d.message() != "cannot find symbol" {
        return Cow::Borrowed(d.message());
    }
    let missing = d.notes().iter().find_map(|n| {
        let symbol = n.trim_start().strip_prefix("symbol:")?;
        symbol.split_whitespace().next()
    });
    match missing {
        // Not last: a template's last word may hold a value, and merges.
        Some(kind) => Cow::Owned(format!("cannot find {kind} symbol")),
        None => Cow::Borrowed(d.message()),
    }
}

/// Keeps the first occurrence and fills up to `k`; past that, a
/// diagnostic from a file not yet sampled takes the slot of the latest
/// sample whose file is sampled twice, so samples spread across files (and,
/// by taking later slots, across the log). Once full, the samples only
/// lose duplicate files: a file sampled stays sampled, and a file passed
/// over (no file was sampled twice) is passed over for good.
fn sample(c: &mut Cluster, sample_files: &mut Vec<u64>, k: usize, index: usize, file: u64) {
    if c.samples.len() < k {
        c.samples.push(index);
        sample_files.push(file);
        return;
    }
    if sample_files.contains(&file) {
        return;
    }
    let twice = (1..sample_files.len())
        .rev()
        .find(|&i| sample_files[..i].contains(&sample_files[i]));
    if let Some(slot) = twice {
        c.samples.remove(slot);
        sample_files.remove(slot);
        c.samples.push(index);
        sample_files.push(file);
    }
}

/// Groups of clusters (indices) whose templates are one merge apart, each
/// group in order of first occurrence. Two templates of the same tool, code
/// and length merge when they differ in one token that may hold a value:
/// the last token; the first, in templates of four tokens or more (Go names
/// its subject unquoted: `x declared but not used`); or one with a digit,
/// capital, `_`, `.` or `:` in both.
fn merge_groups(clusters: &[&Cluster]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut seen: HashMap<(Tool, Option<&str>, usize, usize, String), usize> = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        let tokens: Vec<&str> = c.template.split(' ').collect();
        let open = |pos: usize, token: &str| may_vary(pos, tokens.len(), token);
        for pos in 0..tokens.len() {
            if !open(pos, tokens[pos]) {
                continue;
            }
            let mut key_tokens = tokens.clone();
            key_tokens[pos] = "\u{0}";
            let key = (c.tool, c.code.as_deref(), tokens.len(), pos, key_tokens.join(" "));
            match seen.get(&key) {
                Some(&j) => {
                    let other: Vec<&str> = clusters[j].template.split(' ').collect();
                    if open(pos, other[pos]) {
                        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
    // A template merged as it streamed (`<*>`) may since cover a cluster
    // that was two tokens away from it when that cluster began.
    type Shape<'a> = (Tool, Option<&'a str>, usize);
    let mut shapes: HashMap<Shape<'_>, Vec<(usize, Vec<&str>)>> = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        let tokens: Vec<&str> = c.template.split(' ').collect();
        shapes
            .entry((c.tool, c.code.as_deref(), tokens.len()))
            .or_default()
            .push((i, tokens));
    }
    for shape in shapes.values() {
        for (i, general) in shape.iter().filter(|(_, t)| t.contains(&"<*>")) {
            for (j, tokens) in shape {
                if one_apart(general.iter().copied(), tokens.iter().copied(), general.len()) == Some(None) {
                    let (a, b) = (root(&mut parent, *i), root(&mut parent, *j));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..clusters.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g[0]);
    out
}

/// Whether token `pos` of a template of `len` tokens may hold a value, and
/// so merge: the last, the first of four or more, or a value-like one.
fn may_vary(pos: usize, len: usize, token: &str) -> bool {
    pos + 1 == len || (pos == 0 && len >= 4) || value_like(token)
}

/// How `tokens` stands to the template `general`, both of `n` tokens:
/// `Some(None)` when `general` covers it (equal, or `<*>` where it may
/// vary), `Some(Some(p))` when they also differ in the one token `p`, which
/// may vary in both, `None` otherwise.
fn one_apart<'a, 'b>(
    general: impl IntoIterator<Item = &'a str>,
    tokens: impl IntoIterator<Item = &'b str>,
    n: usize,
) -> Option<Option<usize>> {
    let mut differs = None;
    for (p, (g, t)) in general.into_iter().zip(tokens).enumerate() {
        if g == t || (g == "<*>" && may_vary(p, n, t)) {
            continue;
        }
        if differs.is_some() || !may_vary(p, n, g) || !may_vary(p, n, t) {
            return None;
        }
        differs = Some(p);
    }
    Some(differs)
}

/// Whether a token is placeholders and punctuation (`<type>.`, `(<id>)`).
fn placeholders(mut token: &str) -> bool {
    let mut any = false;
    while let Some(c) = token.chars().next() {
        if let Some(p) = PLACEHOLDERS.iter().find(|p| token.starts_with(*p)) {
            token = &token[p.len()..];
            any = true;
        } else if c.is_ascii_punctuation() && c != '<' {
            token = &token[1..];
        } else {
            return false;
        }
    }
    any
}

fn value_like(token: &str) -> bool {
    token.starts_with('<')
        || token
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_uppercase() || matches!(c, '_' | '.' | ':'))
}

/// `a` with `<*>` where it differs from `b` token for token.
fn generalise(a: &str, b: &str) -> String {
    let (ta, tb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if ta.len() != tb.len() {
        return a.to_string();
    }
    ta.iter()
        .zip(&tb)
        .map(|(x, y)| if x == y { *x } else { "<*>" })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The reason [`rank`] gives a cluster whose fix is known.
pub const FIX_KNOWN: &str = "fix known";

/// Ranks clusters for fixing: errors in files `changed` since the last
/// green build first (the likely root causes, when that is known), then the
/// cluster of the build's first error (later errors are often its cascade),
/// then errors before warnings, then clusters whose fix is known
/// (`known_fix`, or a compiler suggestion), then the largest; and says why.
pub fn rank(clusters: &mut [Cluster], known_fix: impl Fn(&Cluster) -> bool, changed: impl Fn(&Cluster) -> bool) {
    let first_error = clusters
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .map(|c| c.first)
        .min();
    let known: Vec<bool> = clusters.iter().map(|c| c.has_suggestion || known_fix(c)).collect();
    let fresh: Vec<bool> = clusters
        .iter()
        .map(|c| c.severity == Severity::Error && changed(c))
        .collect();
    for ((c, &fix), &fresh) in clusters.iter_mut().zip(&known).zip(&fresh) {
        c.reasons.clear();
        if fresh {
            c.reasons.push("in a file changed since the last green build".into());
        }
        if Some(c.first) == first_error {
            c.reasons.push("first error in the build".into());
        }
        if fix {
            c.reasons.push(FIX_KNOWN.into());
        }
        c.reasons.push(format!(
            "{} in {}",
            plural(c.count, "occurrence"),
            plural(c.files, "file")
        ));
    }
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    order.sort_by_key(|&i| {
        let c = &clusters[i];
        (
            !fresh[i],
            Some(c.first) != first_error,
            c.severity != Severity::Error,
            !known[i],
            std::cmp::Reverse(c.count),
            c.first,
        )
    });
    let sorted: Vec<Cluster> = order.into_iter().map(|i| clusters[i].clone()).collect();
    clusters.clone_from_slice(&sorted);
}

fn plural(n: u64, word: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{grouped} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use buildfix_core::Span;

    fn diagnostic(severity: Severity, message: &str, file: &str) -> Diagnostic {
        let mut d = Diagnostic::new(Tool::Gcc, severity, message);
        d.set_primary(Span::point(file, 1, 1));
        d
    }

    #[test]
    fn unquoted_values_merge_as_they_stream_in_bounded_memory() {
        let mut c = Clusterer::new(3);
        for i in 0..10_000 {
            let message = format!("package org{}.junit{} does not exist", i % 97, i);
            c.add(i, &diagnostic(Severity::Error, &message, "a.java"));
        }
        // One cluster, and the key of its first message only: not one per
        // package name.
        assert_eq!((c.building.len(), c.by_key.len()), (1, 1));
        let clusters = c.finish();
        assert_eq!(clusters[0].template, "package <*> does not exist");
        assert_eq!(clusters[0].count, 10_000);
    }

    #[test]
    fn a_template_that_joined_by_placeholders_is_found_by_its_key_next_time() {
        let mut c = Clusterer::new(3);
        let types = ["Item", "Vec<Item>", "&Item", "/tmp/x"];
        for i in 0..1_000 {
            let (from, to) = (types[i % 4], types[i / 4 % 4]);
            let message = format!("Type '{from}{i}' is not assignable to type '{to}'.");
            c.add(i, &diagnostic(Severity::Error, &message, "a.ts"));
        }
        // One cluster; a key for each pair of placeholders seen (<id>,
        // <type>, <path>), found in the map after the first search.
        assert_eq!((c.building.len(), c.by_key.len()), (1, 9));
        let clusters = c.finish();
        assert_eq!(clusters[0].template, "Type <*> is not assignable to type <*>");
        assert_eq!(clusters[0].count, 1_000);
        assert!(placeholders("(<id>).") && placeholders("<type>,") && !placeholders("."));
        assert!(!placeholders("org.junit") && !placeholders("<*>") && !placeholders("<id>x"));
    }

    #[test]
    fn a_suggestion_with_placeholders_is_no_known_fix() {
        let with = |applicability| {
            let mut d = diagnostic(
                Severity::Error,
                "the loop variable `i` is only used to index `xs`",
                "a.rs",
            );
            d.push_suggestion(buildfix_core::Suggestion::new(
                "use an iterator",
                applicability,
                Vec::new(),
            ));
            let mut c = Clusterer::new(3);
            c.add(0, &d);
            c.finish()[0].has_suggestion
        };
        assert!(!with(Applicability::HasPlaceholders));
        assert!(with(Applicability::Unspecified) && with(Applicability::MaybeIncorrect));
    }

    #[test]
    fn samples_keep_the_first_and_spread_across_files() {
        let files = ["a.c", "a.c", "a.c", "a.c", "b.c", "b.c", "c.c", "d.c", "a.c"];
        let mut c = Clusterer::new(3);
        for (i, file) in files.iter().enumerate() {
            c.add(
                i,
                &diagnostic(Severity::Error, &format!("unknown type name 'T{i}'"), file),
            );
        }
        let clusters = c.finish();
        assert_eq!(clusters.len(), 1);
        // a.c fills the slots; b.c and c.c each take the latest slot whose
        // file is sampled twice; d.c finds none left to take.
        assert_eq!(clusters[0].samples, [0, 4, 6]);
        assert_eq!((clusters[0].count, clusters[0].files), (9, 4));
    }

    #[test]
    fn errors_in_changed_files_go_first_then_the_first_error_then_the_rest() {
        let log = [
            diagnostic(Severity::Warning, "unused variable 'x'", "a.c"),
            diagnostic(Severity::Error, "expected ';' before 'return'", "a.c"),
            diagnostic(Severity::Error, "unknown type name 'Foo'", "b.c"),
            diagnostic(Severity::Error, "unknown type name 'Bar'", "c.c"),
            diagnostic(Severity::Error, "too many arguments to function 'f'", "c.c"),
        ];
        let clusters = || {
            let mut c = Clusterer::new(3);
            for (i, d) in log.iter().enumerate() {
                c.add(i, d);
            }
            c.finish()
        };
        let firsts = |cs: &[Cluster]| cs.iter().map(|c| c.first).collect::<Vec<_>>();

        let mut plain = clusters();
        rank(&mut plain, |_| false, |_| false);
        assert_eq!(firsts(&plain), [1, 2, 4, 0]);
        assert_eq!(plain[0].reasons[0], "first error in the build");

        // b.c changed since the last green build; so did a.c, where only a
        // warning is new.
        let changed = |c: &Cluster| {
            c.samples
                .iter()
                .any(|&i| ["b.c", "a.c"].contains(&log[i].primary().unwrap().path()))
        };
        let mut ranked = clusters();
        rank(&mut ranked, |c| c.first == 4, changed);
        assert_eq!(firsts(&ranked), [1, 2, 4, 0]);
        assert_eq!(
            ranked[0].reasons[..2],
            [
                "in a file changed since the last green build",
                "first error in the build"
            ]
        );
        let only_b = |c: &Cluster| c.samples.iter().any(|&i| log[i].primary().unwrap().path() == "b.c");
        let mut ranked = clusters();
        rank(&mut ranked, |c| c.first == 4, only_b);
        assert_eq!(firsts(&ranked), [2, 1, 4, 0]);
        assert_eq!(ranked[0].reasons[0], "in a file changed since the last green build");
        assert_eq!(ranked[2].reasons[0], "fix known");
    }
}
