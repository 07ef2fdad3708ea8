//! Shaping a batch: the fixes of a plan that must not go in it, or wait
//! for a later one.

use crate::blame::{identity, origin, same_file, taken_out, takes_out_glob, written_names};
use crate::cascades::{cascades, is_identifier, quoted};
use crate::proposals::JailedSources;
use crate::run::FixReport;
use buildfix_core::Diagnostic;
use buildfix_fix::{Outcome as FixOutcome, Proposal};
use buildfix_learn::Outcome;
use std::collections::HashSet;

/// Takes out of `props` the fixes that `plan` applies to a file it would
/// put back to a content it had before (`earlier`): a fix undoing a kept
/// one, in a cycle of fixes that each trade one error for another. They
/// are blocked for the rest of the run and returned, skipped.
pub(crate) fn drop_cycles(
    props: &mut Vec<Proposal>,
    plan: &buildfix_fix::Plan,
    earlier: &HashSet<(String, u64)>,
    blocked: &mut HashSet<String>,
    sources: &JailedSources<'_>,
) -> Vec<FixReport> {
    let back: Vec<&str> = plan
        .files
        .iter()
        .filter(|f| earlier.contains(&(f.path.clone(), content_hash(&f.after))))
        .map(|f| f.path.as_str())
        .collect();
    let mut dropped = Vec::new();
    for o in plan.outcomes.iter().filter(|o| o.outcome == FixOutcome::Applied) {
        let fix = &props[o.proposal].fixes[o.fix];
        if fix.edits().iter().any(|e| back.iter().any(|b| same_file(b, e.path()))) {
            blocked.insert(identity(fix, &|path, n| sources.line(path, n)));
            dropped.push(FixReport {
                diagnostic: props[o.proposal].label.clone(),
                message: fix.summary(),
                origin: origin(fix),
                outcome: Outcome::Skipped,
            });
        }
    }
    if !dropped.is_empty() {
        for p in props.iter_mut() {
            p.fixes
                .retain(|f| !blocked.contains(&identity(f, &|path, n| sources.line(path, n))));
        }
        props.retain(|p| !p.fixes.is_empty());
    }
    dropped
}

/// Leaves out of this batch the fixes of `plan` that only take names out
/// (an import deleted as unused) when another fix of it writes one of
/// them, or, for a glob import (`use super::*;`), writes any name in its
/// file: the name is about to be used, and once that fix is kept, the
/// error asking for the deletion is gone. Whether it left any out.
pub(crate) fn hold_back_deletions(
    props: &mut [Proposal],
    plan: &buildfix_fix::Plan,
    sources: &JailedSources<'_>,
) -> bool {
    let line = |path: &str, n: u32| sources.line(path, n);
    let applied: Vec<(usize, usize)> = plan
        .outcomes
        .iter()
        .filter(|o| o.outcome == FixOutcome::Applied)
        .map(|o| (o.proposal, o.fix))
        .collect();
    let written: Vec<Vec<String>> = applied
        .iter()
        .map(|&(p, f)| written_names(&props[p].fixes[f]))
        .collect();
    // A fix that writes nothing is not among the writers of a name.
    let any_writes: HashSet<&str> = written.iter().flatten().map(String::as_str).collect();
    let files_written: HashSet<&str> = applied
        .iter()
        .zip(&written)
        .filter(|(_, names)| !names.is_empty())
        .flat_map(|(&(p, f), _)| props[p].fixes[f].edits().iter().map(|e| e.path()))
        .collect();
    let mut held: Vec<(usize, usize)> = applied
        .iter()
        .zip(&written)
        .filter(|&(&(p, f), names)| {
            let fix = &props[p].fixes[f];
            let glob_in_written_file =
                || takes_out_glob(fix, &line) && fix.edits().iter().any(|e| files_written.contains(e.path()));
            names.is_empty()
                && (declared(&props[p].label, &taken_out(fix, &line)).any(|n| any_writes.contains(n))
                    || glob_in_written_file())
        })
        .map(|(&at, _)| at)
        .collect();
    // Highest first, so the others stay where they are.
    held.sort_unstable_by(|a, b| b.cmp(a));
    for &(p, f) in &held {
        props[p].fixes.remove(f);
    }
    !held.is_empty()
}

/// Leaves out of this batch the errors whose fix in `plan` only inserts
/// lines when another of its fixes writes one of those lines too: javac's
/// `import com.acme.model.Custmer;` respelt, and `Customer` imported for
/// its uses below, would be imported twice. Such an error waits for the
/// rebuild, which most often finds it gone. Whether it left any out.
pub(crate) fn hold_back_repeated_insertions(props: &mut [Proposal], plan: &buildfix_fix::Plan) -> bool {
    let inserts_only = |fix: &buildfix_core::Fix| fix.edits().iter().all(|e| e.start() == e.end());
    let applied = || {
        plan.outcomes
            .iter()
            .filter(|o| o.outcome == FixOutcome::Applied)
            .map(|o| (o.proposal, &props[o.proposal].fixes[o.fix]))
    };
    if !applied().any(|(_, fix)| inserts_only(fix)) {
        return false;
    }
    // Each file before and after the batch, decoded once.
    let texts: Vec<(&str, String, String)> = plan
        .files
        .iter()
        .map(|f| {
            let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
            (f.path.as_str(), text(&f.before), text(&f.after))
        })
        .collect();
    let count = |text: &str, line: &str| text.lines().filter(|l| l.trim() == line).count();
    // A line the batch writes more times than the fix itself does (a
    // derive for two types writes `#[derive(Debug)]` twice).
    let repeated = |fix: &buildfix_core::Fix| {
        inserts_only(fix)
            && fix.edits().iter().any(|e| {
                let Some((_, before, after)) = texts.iter().find(|(path, ..)| same_file(path, e.path())) else {
                    return false;
                };
                let own = |l: &str| {
                    let in_file = fix.edits().iter().filter(|o| same_file(o.path(), e.path()));
                    in_file.flat_map(inserted_lines).filter(|o| *o == l).count()
                };
                inserted_lines(e).any(|l| count(after, l) > count(before, l) + own(l))
            })
    };
    let held: Vec<usize> = applied().filter(|(_, fix)| repeated(fix)).map(|(p, _)| p).collect();
    for &p in &held {
        props[p].fixes.clear();
    }
    !held.is_empty()
}

/// Leaves out of this batch the fixes of `plan` that edit within the lines
/// a fix it skipped for overlapping them deletes whole (an unused
/// constant's line, whose value has an error of its own too): once the
/// lines are gone, so is that error. The deletion goes in instead.
/// Whether it left any out.
pub(crate) fn hold_back_edits_in_deleted_lines(props: &mut [Proposal], plan: &buildfix_fix::Plan) -> bool {
    let deleted: Vec<(&str, std::ops::Range<u32>)> = plan
        .outcomes
        .iter()
        .filter(|o| o.outcome == FixOutcome::Skipped(buildfix_fix::Skip::Overlap))
        .flat_map(|o| props[o.proposal].fixes[o.fix].edits())
        .filter(|e| e.replacement_text().is_empty() && e.start().column == 1 && e.end().column == 1)
        .map(|e| (e.path(), e.start().line..e.end().line))
        .collect();
    if deleted.is_empty() {
        return false;
    }
    let within = |e: &buildfix_core::Edit| {
        deleted.iter().any(|(path, lines)| {
            same_file(path, e.path()) && lines.contains(&e.start().line) && lines.contains(&e.end().line)
        })
    };
    let mut held: Vec<(usize, usize)> = plan
        .outcomes
        .iter()
        .filter(|o| o.outcome == FixOutcome::Applied && props[o.proposal].fixes[o.fix].edits().iter().all(within))
        .map(|o| (o.proposal, o.fix))
        .collect();
    // Highest first, so the others stay where they are.
    held.sort_unstable_by(|a, b| b.cmp(a));
    for &(p, f) in &held {
        props[p].fixes.remove(f);
    }
    !held.is_empty()
}

/// The lines an edit inserts, trimmed, blank ones left out.
fn inserted_lines(e: &buildfix_core::Edit) -> impl Iterator<Item = &str> {
    e.replacement_text().lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The plan of `props`, less the deletions of names another of its fixes
/// writes (an unused import or variable that a respelling is about to
/// use), the insertions of lines another writes, and the edits within
/// lines another deletes: a proposal left with no fix waits for a
/// rebuild.
pub fn plan_holding_back_deletions(
    engine: &buildfix_fix::FixEngine,
    props: &mut [Proposal],
    sources: &JailedSources<'_>,
) -> buildfix_fix::Plan {
    loop {
        let plan = engine.plan(props);
        if !hold_back_deletions(props, &plan, sources)
            && !hold_back_repeated_insertions(props, &plan)
            && !hold_back_edits_in_deleted_lines(props, &plan)
        {
            return plan;
        }
    }
}

/// Of the names a deletion takes out (`taken`), those its diagnostic
/// (`label`) is about: the last part of each name it quotes (`Write` of
/// "unused import: `std::fmt::Write`", not `std`, which the deleted line
/// also holds), or all of them when it quotes none.
fn declared<'a>(label: &str, taken: &'a [String]) -> impl Iterator<Item = &'a str> {
    let about: Vec<&str> = quoted(label)
        .into_iter()
        .filter_map(|q| q.rsplit([':', '.', '/']).next())
        .filter(|name| is_identifier(name))
        .collect();
    taken
        .iter()
        .map(String::as_str)
        .filter(move |n| about.is_empty() || about.contains(n))
}

/// Leaves out of this batch the fixes of errors that follow another (see
/// [`cascades`]): they wait for a rebuild without it, unless nothing else
/// can be fixed.
pub(crate) fn hold_back_followers(props: &mut Vec<Proposal>, errors: &[Diagnostic], sources: &JailedSources<'_>) {
    let followers = followers(errors, sources);
    if props.iter().any(|p| !followers.contains(&p.label)) {
        props.retain(|p| !followers.contains(&p.label));
    }
}

/// The labels (see [`crate::label`]) of the diagnostics that likely follow
/// from another (see `cascades`): their fixes wait until it is fixed and
/// the build has run again.
pub fn followers(diagnostics: &[Diagnostic], sources: &JailedSources<'_>) -> HashSet<String> {
    cascades(diagnostics, &|path, n| sources.line(path, n))
}

/// A file's content, hashed to tell its versions apart within one run.
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    use buildfix_core::{Applicability, ColumnUnit, Edit, Fix, Position, Suggestion};
    use buildfix_fix::{FixEngineBuilder, Jail};

    #[test]
    fn a_deletion_is_about_the_names_its_diagnostic_quotes() {
        let taken = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let about =
            |label: &str, names: &[&str]| declared(label, &taken(names)).map(str::to_string).collect::<Vec<_>>();
        let rust = "src/main.rs:1:5 warning[unused_imports]: unused import: `std::fmt::Write`";
        assert_eq!(about(rust, &["std", "fmt", "Write"]), ["Write"]);
        let gcc = "lib/answer.c:2:9 warning[-Wunused-variable]: unused variable ‘count’";
        assert_eq!(about(gcc, &["count"]), ["count"]);
        let go = "main.go:5:2 error: \"os\" imported and not used";
        assert_eq!(about(go, &["os"]), ["os"]);
        let ts = "a.ts:1:1 error[TS6192]: All imports in import declaration are unused.";
        assert_eq!(about(ts, &["a", "b"]), ["a", "b"]);
    }

    #[test]
    fn a_fix_that_puts_a_file_back_as_it_was_is_dropped_and_blocked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.c"), "int x = 1;\n").unwrap();
        std::fs::write(dir.path().join("b.c"), "int z = 1;\n").unwrap();
        let rename = |path: &str, to: &str| Proposal {
            label: format!("{path}:1:5"),
            fixes: vec![Fix::from_suggestion(&Suggestion::new(
                format!("use `{to}`"),
                Applicability::MachineApplicable,
                vec![Edit::replacement(
                    path,
                    Position::new(1, 5),
                    Position::new(1, 6),
                    ColumnUnit::Bytes,
                    to,
                )],
            ))],
        };
        let mut props = vec![rename("a.c", "y"), rename("b.c", "w")];
        let engine = FixEngineBuilder::new(dir.path()).build().unwrap();
        let plan = engine.plan(&props);
        assert_eq!(plan.applied(), 2);
        // `a.c` was `int y = 1;` before a kept batch made it `int x = 1;`.
        let earlier = HashSet::from([("a.c".to_string(), content_hash(b"int y = 1;\n"))]);
        let jail = Jail::new(dir.path()).unwrap();
        let sources = JailedSources::new(&jail);
        let mut blocked = HashSet::new();
        let dropped = drop_cycles(&mut props, &plan, &earlier, &mut blocked, &sources);
        assert_eq!(dropped.len(), 1);
        assert_eq!(
            (dropped[0].diagnostic.as_str(), dropped[0].outcome),
            ("a.c:1:5", Outcome::Skipped)
        );
        assert_eq!(props.len(), 1);
        assert_eq!(props[0].label, "b.c:1:5");
        assert_eq!(blocked.len(), 1);
        let again = engine.plan(&props);
        assert!(drop_cycles(&mut props, &again, &earlier, &mut blocked, &sources).is_empty());
        assert_eq!(again.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["b.c"]);
    }
}
