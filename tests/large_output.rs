//! A build that prints far more than buildfix may hold: its output goes to
//! the log file and through the parser as it comes, not into memory. (Its
//! own test binary: the peak memory of this process's children is then
//! buildfix's.)

use nix::sys::resource::{UsageWho, getrusage};
use std::process::Command;

#[test]
fn a_build_printing_hundreds_of_megabytes_runs_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // 2,000,000 progress lines (100 MB) on stdout, then one error on stderr.
    let build = "yes '   Compiling a-crate v0.1.0 (/src/a-crate) progress' | head -n 2000000; \
                 echo \"main.c:3:5: error: expected ';' before '}' token\" >&2; exit 1";
    let o = Command::new(env!("CARGO_BIN_EXE_buildfix"))
        .args(["run", "--quiet", "--root"])
        .arg(dir.path())
        .args(["--", "sh", "-c", build])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("(1 error(s) at the start, 1 build(s)"), "{err}");
    assert!(
        err.contains("error: expected ';' before '}' token — first error in the build, 1 occurrence"),
        "{err}"
    );
    // The whole output is in the log: stdout, then stderr.
    let logs: Vec<_> = std::fs::read_dir(dir.path().join(".buildfix/logs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let stdout_bytes = 2_000_000 * "   Compiling a-crate v0.1.0 (/src/a-crate) progress\n".len() as u64;
    let error_line = "main.c:3:5: error: expected ';' before '}' token\n";
    assert_eq!(
        std::fs::metadata(&logs[0]).unwrap().len(),
        stdout_bytes + error_line.len() as u64
    );
    // Holding the output would take over 100 MB.
    let peak_kib = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss();
    assert!(peak_kib < 60 * 1024, "peak resident memory {peak_kib} KiB");
}
