//! Atomic file replacement: a crash at any moment leaves each file old or
//! new, never a mix.

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Replaces `path` by `contents`: writes a temporary file in the same
/// directory, syncs it, gives it the old file's permissions, renames it over
/// the old one, and syncs the directory.
///
/// # Errors
///
/// Any I/O failure; the old file is then untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let tmp = stage(path, contents)?;
    tmp.persist(path).map_err(|e| e.error)?;
    File::open(parent(path))?.sync_all()
}

/// Replaces many files, each atomically: every new version is written and
/// synced beside its file first (in parallel, since syncing waits on the
/// disk), then each is renamed over its file, then each directory is synced
/// once. A crash leaves every file old or new.
///
/// # Errors
///
/// The first failure. Before the renames nothing is changed; during them,
/// the files renamed so far are new and the rest old.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> io::Result<()> {
    let staged = in_threads(files, |(path, contents)| stage(path, contents))?;
    let mut dirs = BTreeSet::new();
    for (tmp, (path, _)) in staged.into_iter().zip(files) {
        tmp.persist(path).map_err(|e| e.error)?;
        dirs.insert(parent(path).to_path_buf());
    }
    let dirs: Vec<PathBuf> = dirs.into_iter().collect();
    in_threads(&dirs, |d| File::open(d)?.sync_all()).map(drop)
}

/// `f` of every item, in order: on a thread per item, up to 16, since
/// syncing waits on the disk and not on the CPU; on this thread when there
/// is one item (most batches change one file, and threads cost more than
/// they save there).
fn in_threads<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> io::Result<R> + Sync) -> io::Result<Vec<R>> {
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(items.len().min(16))
        .thread_name(|i| format!("buildfix-write-{i}"))
        .build()
        .map_err(io::Error::other)?
        .install(|| items.par_iter().map(&f).collect())
}

/// The new version of `path`, written and synced beside it, with its permissions.
fn stage(path: &Path, contents: &[u8]) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".buildfix-").suffix(".tmp");
    // Created with the old file's permissions, so no moment exposes the text wider.
    if let Ok(meta) = fs::metadata(path) {
        builder.permissions(meta.permissions());
    }
    let mut tmp = builder.tempfile_in(parent(path))?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_contents_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("run.sh");
        fs::write(&f, "old").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o751)).unwrap();
        write_atomic(&f, b"new").unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"new");
        assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o751);
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn replaces_many_files() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..20).map(|i| dir.path().join(format!("f{i}"))).collect();
        for p in &paths {
            fs::write(p, "old").unwrap();
        }
        let files: Vec<(&Path, &[u8])> = paths.iter().map(|p| (p.as_path(), b"new".as_slice())).collect();
        write_all_atomic(&files).unwrap();
        assert!(paths.iter().all(|p| fs::read(p).unwrap() == b"new"));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 20);
    }
}
