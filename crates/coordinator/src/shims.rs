//! Compiler shims, for builds that call gcc or clang themselves (make,
//! ninja, scripts): a directory of wrappers, put first on the build's PATH,
//! that run the real compiler with `-fdiagnostics-parseable-fixits`, in the
//! manner of ccache's masquerade. The flag only adds machine-readable
//! fix-it lines to the compiler's diagnostics; each compiler's messages are
//! written in one piece, so `make -j` does not interleave them.

use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The compiler names wrapped.
pub const COMPILERS: [&str; 6] = ["gcc", "g++", "cc", "c++", "clang", "clang++"];

/// Writes into `dir` a wrapper for each compiler found on `search` (a PATH
/// value), and returns the PATH for the build: `dir`, then `search`. `None`
/// when no compiler is on it.
///
/// # Errors
///
/// When `dir` cannot be written.
pub fn install(dir: &Path, search: &OsStr) -> io::Result<Option<OsString>> {
    std::fs::create_dir_all(dir)?;
    let dirs: Vec<PathBuf> = std::env::split_paths(search).filter(|d| d != dir).collect();
    let mut any = false;
    for name in COMPILERS {
        let shim = dir.join(name);
        let Some(real) = dirs.iter().map(|d| d.join(name)).find(|p| is_executable(p)) else {
            let _ = std::fs::remove_file(&shim);
            continue;
        };
        let script = SHIM
            .replace("{name}", name)
            .replace("{shown}", &real.display().to_string())
            .replace("{real}", &quote(&real.to_string_lossy()))
            .replace("{fixits}", crate::build::C_FIXITS)
            .replace("{lock}", &quote(&dir.join(".lock").to_string_lossy()));
        crate::build::write_executable(&shim, script.as_bytes())?;
        any = true;
    }
    if !any {
        return Ok(None);
    }
    let path = std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(dirs)).map_err(io::Error::other)?;
    Ok(Some(path))
}

/// A shim: the real compiler with fix-its, its messages held until it
/// exits and then written in one piece under a lock, so that compilers run
/// side by side (`make -j`) do not mix their lines (as ninja keeps each
/// command's output together). Its standard output passes straight through.
const SHIM: &str = r#"#!/bin/sh
# buildfix: {name} with fix-its buildfix reads, its messages written in one
# piece; the real one is {shown}
exec 3>&1
messages=$({real} {fixits} "$@" 2>&1 >&3 3>&-)
status=$?
exec 3>&-
if [ -n "$messages" ]; then
  if command -v flock >/dev/null 2>&1; then
    printf '%s\n' "$messages" | flock {lock} cat >&2
  else
    printf '%s\n' "$messages" >&2
  fi
fi
exit $status
"#;

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `text` in single quotes for sh.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_the_compilers_on_the_path_and_puts_itself_first() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        crate::build::write_executable(&bin.join("gcc"), b"#!/bin/sh\necho \"real gcc $*\"\n").unwrap();
        std::fs::write(bin.join("clang"), "not executable").unwrap();
        let shims = dir.path().join("it's shims");
        let path = install(&shims, bin.as_os_str()).unwrap().unwrap();
        let first = std::env::split_paths(&path).next().unwrap();
        assert_eq!(first, shims);
        assert!(shims.join("gcc").exists() && !shims.join("clang").exists());
        let out = std::process::Command::new(shims.join("gcc"))
            .args(["-c", "a file.c"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            "real gcc -fdiagnostics-parseable-fixits -c a file.c\n"
        );
        // Installed again with itself on the PATH, it does not wrap itself,
        // and a shim that reads the same is left as it is (not rewritten
        // under a build that may be running it).
        let stamp = || {
            let meta = std::fs::metadata(shims.join("gcc")).unwrap();
            (std::os::unix::fs::MetadataExt::ino(&meta), meta.modified().unwrap())
        };
        let before = stamp();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let again = install(&shims, &path).unwrap().unwrap();
        assert_eq!(stamp(), before);
        assert_eq!(std::env::split_paths(&again).filter(|d| d == &shims).count(), 1);
        assert!(
            std::fs::read_to_string(shims.join("gcc"))
                .unwrap()
                .contains(&bin.join("gcc").display().to_string())
        );
        assert_eq!(
            install(&dir.path().join("none"), OsStr::new("/nonexistent")).unwrap(),
            None
        );
    }

    #[test]
    fn compilers_run_side_by_side_write_their_messages_in_one_piece() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        // A compiler that prints its messages slowly, and much of them.
        let slow = "#!/bin/sh\nfor i in 1 2 3 4 5 6 7 8 9 10; do echo \"$3 message $i\" >&2; sleep 0.02; done\n\
                    head -c 200000 /dev/zero | tr '\\0' x >&2\necho >&2\necho \"$3 compiled\"\nexit 3\n";
        crate::build::write_executable(&bin.join("gcc"), slow.as_bytes()).unwrap();
        let shims = dir.path().join("shims");
        install(&shims, bin.as_os_str()).unwrap().unwrap();
        let log = std::fs::File::create(dir.path().join("log")).unwrap();
        let compile = |name: &str| {
            std::process::Command::new(shims.join("gcc"))
                .args(["-c", name])
                .stderr(log.try_clone().unwrap())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (compile("a.c"), compile("b.c"));
        for (child, name) in [(a, "a.c"), (b, "b.c")] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(3));
            assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{name} compiled\n"));
        }
        let log = std::fs::read_to_string(dir.path().join("log")).unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 22, "{}", &log[..200]);
        for piece in lines.chunks(11) {
            let name = &piece[0][..3];
            for (i, line) in piece[..10].iter().enumerate() {
                assert_eq!(*line, format!("{name} message {}", i + 1));
            }
            assert_eq!(piece[10].len(), 200_000);
        }
    }
}
