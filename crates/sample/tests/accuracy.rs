//! Grouping accuracy on a labelled set the test generates: known templates
//! filled with random identifiers, numbers and paths. As in the Loghub
//! benchmark, a diagnostic counts as right when its cluster holds exactly
//! the diagnostics of its template.

#![allow(clippy::print_stderr)] // reports the accuracy it measured

use buildfix_sample::Clusterer;

mod labelled;

use labelled::{Rng, TEMPLATES, cluster_of, grouping_accuracy};

#[test]
fn grouping_accuracy_is_at_least_098() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut labels = Vec::new();
    let mut clusterer = Clusterer::new(3);
    for i in 0..20_000 {
        let (t, d) = labelled::diagnostic(&mut rng);
        clusterer.add(i, &d);
        labels.push(t);
    }
    // Which cluster each diagnostic ended in: clusters keep only samples,
    // so re-derive membership from fingerprints through the same merge.
    let clusters = clusterer.finish();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut assigned = Vec::new();
    for _ in 0..20_000 {
        let (_, d) = labelled::diagnostic(&mut rng);
        assigned.push(cluster_of(&clusters, &d));
    }
    let accuracy = grouping_accuracy(&labels, &assigned);
    eprintln!(
        "grouping accuracy {accuracy:.4}: {} clusters for {} templates",
        clusters.len(),
        TEMPLATES.len()
    );
    // Every cluster holds diagnostics: none is a split-off of a kind that
    // another cluster covers.
    assert_eq!(clusters.len(), TEMPLATES.len());
    assert!(
        accuracy >= 0.98,
        "grouping accuracy {accuracy:.4} over {} clusters for {} templates",
        clusters.len(),
        TEMPLATES.len()
    );
}
