//! The state directory: where buildfix keeps its journal, store and logs
//! (`.buildfix` at the project root unless told otherwise).

use std::io;
use std::path::{Path, PathBuf};

/// The state directory of the project at `root`, unless another is given.
pub fn state_dir(root: &Path, given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| root.join(".buildfix"), Path::to_path_buf)
}

/// Creates the state directory `dir` if it does not exist yet, with a
/// `.gitignore` that keeps its contents out of version control (as
/// pytest's and mypy's caches do): `git add -A` after a run commits the
/// fixes, not the database. A directory that exists is left as it is.
///
/// # Errors
///
/// When the directory cannot be created.
pub fn create_state_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    // Only a convenience: a directory without it works the same.
    let _ = std::fs::write(dir.join(".gitignore"), "# Created by buildfix.\n*\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_state_dir_ignores_itself_and_an_old_one_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let new = tmp.path().join("project/.buildfix");
        create_state_dir(&new).unwrap();
        let ignore = std::fs::read_to_string(new.join(".gitignore")).unwrap();
        assert_eq!(ignore.lines().last(), Some("*"));
        // A directory given as the state that holds other things keeps them
        // as they are, and gains no .gitignore.
        let old = tmp.path().join("project");
        std::fs::write(old.join("notes.txt"), "mine").unwrap();
        create_state_dir(&old).unwrap();
        assert!(!old.join(".gitignore").exists());
        assert_eq!(state_dir(&old, None), old.join(".buildfix"));
        assert_eq!(state_dir(&old, Some(&new)), new);
    }
}
