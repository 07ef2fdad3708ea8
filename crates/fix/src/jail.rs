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
