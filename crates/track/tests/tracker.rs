//! The tracker on real trees in temporary directories, with a real
//! database file.

use buildfix_track::{Change, ChangeKind, Tracker};
use std::path::Path;

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn tracker(root: &Path) -> Tracker {
    Tracker::open(&root.join(".buildfix/buildfix.db"), root).unwrap()
}

#[test]
fn reports_added_modified_and_removed_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "src/main.rs", "fn main() {}");
    write(root, "src/lib.rs", "pub fn f() {}");
    write(root, "README.md", "hello");
    let mut t = tracker(root);
    let snap = t.snapshot().unwrap();
    write(root, "src/main.rs", "fn main() { f() }");
    write(root, "src/new.rs", "");
    std::fs::remove_file(root.join("README.md")).unwrap();
    let changes = t.changed_since(snap).unwrap();
    let expected = [
        Change {
            path: "README.md".into(),
            kind: ChangeKind::Removed,
        },
        Change {
            path: "src/main.rs".into(),
            kind: ChangeKind::Modified,
        },
        Change {
            path: "src/new.rs".into(),
            kind: ChangeKind::Added,
        },
    ];
    assert_eq!(changes, expected);
}

#[test]
fn hashes_again_only_what_moved() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..50 {
        write(root, &format!("src/f{i}.c"), &format!("int f{i};"));
    }
    let mut t = tracker(root);
    let snap = t.snapshot().unwrap();
    assert_eq!((t.last_refresh().files, t.last_refresh().hashed), (50, 50));
    assert!(t.changed_since(snap).unwrap().is_empty());
    assert_eq!(t.last_refresh().hashed, 0, "nothing moved, nothing hashed");
    write(root, "src/f7.c", "int f7 = 7;");
    let changes = t.changed_since(snap).unwrap();
    assert_eq!(t.last_refresh().hashed, 1);
    assert_eq!(
        changes,
        [Change {
            path: "src/f7.c".into(),
            kind: ChangeKind::Modified
        }]
    );
    // The index is kept in the database: a new tracker knows it.
    let mut again = tracker(root);
    assert!(again.changed_since(snap).unwrap().len() == 1);
    assert_eq!(again.last_refresh().hashed, 0);
}

#[test]
fn respects_gitignore_and_skips_build_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "*.log\ngenerated/\n");
    write(root, "src/a.ts", "x");
    let mut t = tracker(root);
    let snap = t.snapshot().unwrap();
    for noise in [
        "build.log",
        "generated/x.ts",
        "target/debug/x",
        "node_modules/m/index.js",
        ".git/HEAD",
    ] {
        write(root, noise, "noise");
    }
    assert!(t.changed_since(snap).unwrap().is_empty());
    assert_eq!(t.last_refresh().files, 2, ".gitignore and src/a.ts");
}

#[test]
fn old_snapshots_are_deleted_as_new_ones_are_taken() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.c", "int a;");
    let mut t = tracker(dir.path());
    let first = t.snapshot().unwrap();
    let mut last = first;
    for _ in 0..buildfix_track::KEPT_SNAPSHOTS {
        last = t.snapshot().unwrap();
    }
    let db = rusqlite::Connection::open(dir.path().join(".buildfix/buildfix.db")).unwrap();
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM track_snapshots"),
        buildfix_track::KEPT_SNAPSHOTS
    );
    // The one file never changed: one version serves every snapshot.
    assert_eq!(count("SELECT COUNT(*) FROM track_versions"), 1);
    // The newest still answers; the tree did not change.
    assert!(t.changed_since(last).unwrap().is_empty());
    assert_eq!(
        t.changed_since(first).unwrap().len(),
        1,
        "a deleted snapshot knows no file"
    );
}

#[test]
fn the_last_green_tree_is_kept_and_found() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.c", "int a;");
    let mut t = tracker(dir.path());
    assert_eq!(t.last_green().unwrap(), None);
    let green = t.snapshot().unwrap();
    t.mark_green(green).unwrap();
    write(dir.path(), "b.c", "int b;");
    for _ in 0..buildfix_track::KEPT_SNAPSHOTS + 5 {
        t.snapshot().unwrap();
    }
    // Older than every kept snapshot, and still there.
    assert_eq!(t.last_green().unwrap(), Some(green));
    let changed: Vec<String> = t.changed_since(green).unwrap().into_iter().map(|c| c.path).collect();
    assert_eq!(changed, ["b.c"]);
}

#[test]
fn a_tree_read_before_a_write_is_snapshotted_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.c", "int x");
    write(root, "b.c", "int y;");
    let mut t = tracker(root);
    let mut tree = t.tree().unwrap();
    // Written after the tree was read, and told to it: no walk needed.
    write(root, "a.c", "int x;");
    tree.set("a.c", b"int x;");
    let snap = t.snapshot_of(&tree).unwrap();
    assert_eq!(t.changed_since(snap).unwrap(), []);
    assert_eq!(t.last_refresh().hashed, 1, "only the file written is hashed again");
    // Written and not told: the snapshot holds the old text, so the file
    // shows as changed since.
    let tree = t.tree().unwrap();
    write(root, "b.c", "long y;");
    let snap = t.snapshot_of(&tree).unwrap();
    let changed = t.changed_since(snap).unwrap();
    assert_eq!(changed.iter().map(|c| c.path.as_str()).collect::<Vec<_>>(), ["b.c"]);
}

#[test]
fn every_kept_snapshot_answers_with_its_own_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.c", "a1");
    write(root, "b.c", "b1");
    write(root, "c.c", "c1");
    let mut t = tracker(root);
    let s1 = t.snapshot().unwrap();
    write(root, "a.c", "a22");
    // Another process's snapshot between two of this tracker's.
    let s2 = tracker(root).snapshot().unwrap();
    write(root, "b.c", "b22");
    std::fs::remove_file(root.join("c.c")).unwrap();
    let s3 = t.snapshot().unwrap();
    write(root, "a.c", "a1");
    let paths =
        |t: &mut Tracker, s| -> Vec<String> { t.changed_since(s).unwrap().into_iter().map(|c| c.path).collect() };
    // a.c is back to its text at s1.
    assert_eq!(paths(&mut t, s1), ["b.c", "c.c"]);
    assert_eq!(paths(&mut t, s2), ["a.c", "b.c", "c.c"]);
    assert_eq!(paths(&mut t, s3), ["a.c"]);
    // A file changed before every snapshot keeps a version per kept one.
    for i in 0..buildfix_track::KEPT_SNAPSHOTS + 8 {
        write(root, "a.c", &format!("a{i:03}"));
        t.snapshot().unwrap();
    }
    let db = rusqlite::Connection::open(root.join(".buildfix/buildfix.db")).unwrap();
    let versions: i64 = db
        .query_row("SELECT COUNT(*) FROM track_versions WHERE path = 'a.c'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(versions, buildfix_track::KEPT_SNAPSHOTS);
}

#[test]
fn a_directory_that_cannot_be_read_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "src/main.c", "int main(void) { return 0; }");
    // A directory too deep to be opened by its path (past PATH_MAX), made
    // one level at a time; even root cannot read it, as it could one
    // whose mode forbids it.
    let level = "d".repeat(250);
    let script = format!("cd -P deep && for i in $(seq 20); do mkdir {level} && cd -P {level}; done && echo x > f.c");
    std::fs::create_dir(root.join("deep")).unwrap();
    let made = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(made.success());
    let mut t = tracker(root);
    let snap = t.snapshot().unwrap();
    write(root, "src/main.c", "int main(void) { return 1; }");
    let changes = t.changed_since(snap).unwrap();
    assert_eq!(
        changes,
        [Change {
            path: "src/main.c".into(),
            kind: ChangeKind::Modified,
        }]
    );
}
