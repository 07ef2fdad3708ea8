//! GitLab Code Quality: a JSON array of issues, shown in merge requests.
//!
//! Every shown diagnostic is one issue. Its `fingerprint` identifies it
//! across pipelines (kind, file and message, not the line, which moves);
//! a diagnostic without a file is placed at line 1 of `.`, since GitLab
//! requires a location.

use crate::{Report, one_line};
use buildfix_core::{Severity, fnv1a64};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::{self, Write};

/// Writes the issues.
pub fn write(out: &mut impl Write, report: &Report<'_>) -> io::Result<()> {
    let mut seen = HashSet::new();
    let issues: Vec<Value> = report
        .entries()
        .enumerate()
        .map(|(k, (_, d, _))| {
            let (path, line) = d
                .primary()
                .map_or((".", 1), |p| (report.path(p.path()), p.line().max(1)));
            let check = match d.code() {
                Some(code) => format!("{}/{code}", d.tool().name()),
                None => d.tool().name().to_string(),
            };
            let kind = report.fingerprints.get(k).map_or(check.clone(), |f| f.to_string());
            // Identical identities (the same message twice in a file) get
            // their occurrence number, as GitLab needs unique fingerprints.
            let mut identity = format!("{kind}\u{ff}{path}\u{ff}{}", d.message());
            let base = identity.len();
            let mut n = 1;
            while !seen.insert(fnv1a64(identity.as_bytes())) {
                identity.truncate(base);
                identity.push_str(&format!("\u{ff}{n}"));
                n += 1;
            }
            json!({
                "description": one_line(d),
                "check_name": check,
                "fingerprint": format!("{:016x}", fnv1a64(identity.as_bytes())),
                "severity": severity(d.severity()),
                "location": { "path": path, "lines": { "begin": line } },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// GitLab's scale: info, minor, major, critical, blocker. An error fails
/// the build, so it is critical.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "minor",
        Severity::Note | Severity::Help => "info",
    }
}
