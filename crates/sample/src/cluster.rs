//! Clusters: diagnostics grouped by fingerprint as they stream past, with
//! exact counts and at most K samples each, then templates that differ in
//! one value-like token merged (in the manner of Drain's token tree).

use crate::template::template;
use buildfix_core::{Cluster, Diagnostic, Fingerprint, Severity, Tool};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// What the clusterer keeps per cluster while streaming: bounded by K
/// samples and the distinct files.
struct Building {
    cluster: Cluster,
    file_set: HashSet<String>,
    /// The file of each sample, in the samples' order.
    sample_files: Vec<String>,
}

/// Groups diagnostics into clusters as they come, in bounded memory.
pub struct Clusterer {
    k: usize,
    building: Vec<Building>,
    by_fingerprint: HashMap<Fingerprint, usize, BuildHasherDefault<PreHashed>>,
}

/// A fingerprint is a hash already: the map uses its bits as they are.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Clusterer {
    /// A clusterer keeping at most `k` samples per cluster (at least 1).
    pub fn new(k: usize) -> Clusterer {
        Clusterer {
            k: k.max(1),
            building: Vec::new(),
            by_fingerprint: HashMap::default(),
        }
    }

    /// The fingerprint of a diagnostic: tool, code and message template.
    pub fn fingerprint(d: &Diagnostic) -> (Fingerprint, String) {
        let t = template(d.message());
        (Fingerprint::of(d.tool(), d.code(), &t), t)
    }

    /// Adds diagnostic number `index`.
    pub fn add(&mut self, index: usize, d: &Diagnostic) {
        let (fp, t) = Clusterer::fingerprint(d);
        let file = d.primary().map_or("", |p| p.path());
        let slot = match self.by_fingerprint.get(&fp) {
            Some(&i) => i,
            None => {
                self.by_fingerprint.insert(fp, self.building.len());
                self.building.push(Building {
                    cluster: Cluster {
                        fingerprint: fp,
                        tool: d.tool(),
                        code: d.code().map(str::to_string),
                        template: t,
                        severity: d.severity(),
                        count: 0,
                        files: 0,
                        samples: Vec::new(),
                        first: index,
                        has_suggestion: false,
                        reasons: Vec::new(),
                    },
                    file_set: HashSet::new(),
                    sample_files: Vec::new(),
                });
                self.building.len() - 1
            }
        };
        let b = &mut self.building[slot];
        let c = &mut b.cluster;
        c.count += u64::from(d.count());
        c.severity = c.severity.max(d.severity());
        c.has_suggestion |= !d.suggestions().is_empty();
        if !b.file_set.contains(file) {
            b.file_set.insert(file.to_string());
            c.files += 1;
        }
        sample(c, &mut b.sample_files, self.k, index, file);
    }

    /// The clusters, with near-identical templates merged, in order of first
    /// occurrence.
    pub fn finish(self) -> Vec<Cluster> {
        let k = self.k;
        let clusters: Vec<Cluster> = self.building.iter().map(|b| b.cluster.clone()).collect();
        let groups = merge_groups(&clusters.iter().collect::<Vec<_>>());
        let mut parts: Vec<Option<(Cluster, HashSet<String>)>> = self
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

/// Keeps the first occurrence and fills up to `k`; past that, a
/// diagnostic from a file not yet sampled takes the slot of the latest
/// sample whose file is sampled twice, so samples spread across files (and,
/// by taking later slots, across the log).
fn sample(c: &mut Cluster, sample_files: &mut Vec<String>, k: usize, index: usize, file: &str) {
    if c.samples.len() < k {
        c.samples.push(index);
        sample_files.push(file.to_string());
        return;
    }
    if sample_files.iter().any(|f| f == file) {
        return;
    }
    let twice = (1..sample_files.len())
        .rev()
        .find(|&i| sample_files[..i].contains(&sample_files[i]));
    if let Some(slot) = twice {
        c.samples.remove(slot);
        sample_files.remove(slot);
        c.samples.push(index);
        sample_files.push(file.to_string());
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
        let open =
            |pos: usize, token: &str| pos + 1 == tokens.len() || (pos == 0 && tokens.len() >= 4) || value_like(token);
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
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..clusters.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g[0]);
    out
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
            c.reasons.push("fix known".into());
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
