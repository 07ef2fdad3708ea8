//! The path jail: a path read from a log (untrusted input) may only name a
//! regular file inside the project root, outside `.git`.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a path from the log was refused.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// It resolves (after `..` and symlinks) to somewhere outside the root.
    #[error("{path} is outside the project root")]
    Outside {
        /// The path as the log gave it.
        path: String,
    },
    /// It lies inside a `.git` directory.
    #[error("{path} is inside .git")]
    GitDir {
        /// The path as the log gave it.
        path: String,
    },
    /// It is a directory, device, socket or other non-regular file.
    #[error("{path} is not a regular file")]
    NotAFile {
        /// The path as the log gave it.
        path: String,
    },
    /// It does not exist, or cannot be looked at.
    #[error("{path}: {source}")]
    Unreachable {
        /// The path as the log gave it.
        path: String,
        /// Why.
        source: io::Error,
    },
}

/// Resolves paths from logs to files inside one root.
#[derive(Clone, Debug)]
pub struct Jail {
    root: PathBuf,
}

impl Jail {
    /// A jail around `root`.
    ///
    /// # Errors
    ///
    /// When the root cannot be resolved.
    pub fn new(root: &Path) -> io::Result<Jail> {
        Ok(Jail {
            root: root.canonicalize()?,
        })
    }

    /// The resolved root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The real path of `path` (relative paths are relative to the root),
    /// if it is a regular file inside the root and outside `.git`.
    ///
    /// Symlinks are followed before the check, so a link that points out of
    /// the root is refused; `.git` is matched without regard to case, as a
    /// case-insensitive file system would.
    ///
    /// # Errors
    ///
    /// A [`Refusal`] saying why the path may not be written.
    pub fn resolve(&self, path: &str) -> Result<PathBuf, Refusal> {
        let given = || path.to_string();
        let joined = self.foreign(path).unwrap_or_else(|| self.root.join(path));
        if is_git(&joined) {
            return Err(Refusal::GitDir { path: given() });
        }
        let real = joined
            .canonicalize()
            .map_err(|source| Refusal::Unreachable { path: given(), source })?;
        let Ok(inside) = real.strip_prefix(&self.root) else {
            return Err(Refusal::Outside { path: given() });
        };
        if is_git(inside) {
            return Err(Refusal::GitDir { path: given() });
        }
        let meta = real
            .metadata()
            .map_err(|source| Refusal::Unreachable { path: given(), source })?;
        if !meta.is_file() {
            return Err(Refusal::NotAFile { path: given() });
        }
        Ok(real)
    }

    /// The real path of directory `dir`, relative to the directory of the
    /// file `beside` (itself resolved as by [`Jail::resolve`]), if it is a
    /// directory inside the root and outside `.git`.
    pub fn resolve_dir_beside(&self, beside: &str, dir: &str) -> Option<PathBuf> {
        let file = self.resolve(beside).ok()?;
        let real = file.parent()?.join(dir).canonicalize().ok()?;
        let inside = real.strip_prefix(&self.root).ok()?;
        (!is_git(inside) && real.is_dir()).then_some(real)
    }

    /// An absolute path from another machine (a CI runner's
    /// `/home/runner/work/app/src/main.rs`) that does not exist here, mapped
    /// to the file under the root that has its longest suffix
    /// (`src/main.rs`). The result goes through the same checks.
    fn foreign(&self, path: &str) -> Option<PathBuf> {
        let p = Path::new(path);
        if !p.is_absolute() || p.exists() {
            return None;
        }
        let parts: Vec<Component<'_>> = p.components().filter(|c| matches!(c, Component::Normal(_))).collect();
        (0..parts.len())
            .map(|skip| parts[skip..].iter().collect::<PathBuf>())
            .map(|rel| self.root.join(rel))
            .find(|c| c.exists())
    }

    /// `real` (from [`Jail::resolve`]) relative to the root, for reports.
    pub fn relative<'a>(&self, real: &'a Path) -> &'a Path {
        real.strip_prefix(&self.root).unwrap_or(real)
    }
}

fn is_git(path: &Path) -> bool {
    path.components()
        .any(|c| matches!(c, Component::Normal(n) if n.eq_ignore_ascii_case(".git")))
}

#[cfg(test)]
mod tests {
    use super::Jail;

    #[test]
    fn a_directory_beside_a_file_is_listed_only_inside_the_root_and_outside_git() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("project");
        for dir in ["src/lib", ".git"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("src/main.c"), "").unwrap();
        let jail = Jail::new(&root).unwrap();
        let real = |p: &str| Some(root.join(p).canonicalize().unwrap());
        assert_eq!(jail.resolve_dir_beside("src/main.c", "."), real("src"));
        assert_eq!(jail.resolve_dir_beside("src/main.c", "./lib"), real("src/lib"));
        assert_eq!(jail.resolve_dir_beside("src/main.c", ".."), real(""));
        assert_eq!(jail.resolve_dir_beside("src/main.c", "../.."), None);
        assert_eq!(jail.resolve_dir_beside("src/main.c", "../.git"), None);
        assert_eq!(jail.resolve_dir_beside("src/main.c", "./missing"), None);
        assert_eq!(jail.resolve_dir_beside("src/nothing.c", "."), None);
    }
}
