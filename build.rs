//! Embeds the default pattern library (`patterns/`) in the binary: its
//! sources (for `buildfix patterns test|compile`) and, compiled here so that
//! start-up only loads it, its artifact. A library with problems fails the
//! build, with every problem listed.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for sub in ["", "knowledge"] {
        let dir = root.join(sub);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("patterns/ exists")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let name = if sub.is_empty() { name } else { format!("{sub}/{name}") };
            files.push((name, path));
        }
    }
    let mut out =
        String::from("/// The default pattern library: (file name, text).\npub const SOURCES: &[(&str, &str)] = &[\n");
    for (name, path) in files {
        writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("patterns.rs"), out).unwrap();
    let sources = buildfix_patterns::read_sources(&root).expect("patterns/ is readable");
    match buildfix_patterns::compile(&sources) {
        Ok(lib) => {
            let artifact = buildfix_patterns::PatternSet::new(lib).to_artifact();
            std::fs::write(Path::new(&out_dir).join("patterns.bfp"), artifact).unwrap();
        }
        Err(problems) => {
            for p in &problems {
                println!("cargo:warning=patterns/{p}");
            }
            panic!("{} problem(s) in patterns/", problems.len());
        }
    }
}
