//! A deterministic generator of large build logs for benchmarks: realistic
//! build noise (compiler command lines with `-Werror`, cargo and npm
//! progress, test runs, CR progress bars, coloured lines) with about 1% of
//! lines in diagnostics of every format buildfix reads. Every diagnostic is
//! unique, so the expected counts are exact.
//!
//! ```sh
//! cargo run --release -p buildfix-logparse --example genlog -- 1G > big.log 2> expected.txt
//! ```
//!
//! Writes the log to stdout and `errors=N warnings=N` to stderr.
#![allow(clippy::print_stderr)] // a command-line tool, not a library

use std::io::{self, BufWriter, Write};

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "config", "parser", "widget", "handler", "session", "buffer", "client", "index", "router", "cache", "token",
    "schema", "matrix", "stream", "ledger", "vector", "render", "worker",
];
const CRATES: &[&str] = &[
    "serde", "tokio", "regex", "syn", "quote", "rand", "libc", "memchr", "itoa", "bytes",
];

fn ident(rng: &mut Rng, serial: u64) -> String {
    format!("{}_{}{serial}", rng.pick(WORDS), rng.pick(WORDS))
}

fn noise(rng: &mut Rng, out: &mut impl Write) -> io::Result<()> {
    let n = rng.below(1000);
    let w = rng.pick(WORDS);
    match rng.below(12) {
        0 => writeln!(out, "   Compiling {} v1.{}.{}", rng.pick(CRATES), n % 40, n % 7),
        1 => writeln!(
            out,
            "cc -O2 -Wall -Werror -fPIC -Iinclude -c src/{w}_{n}.c -o build/{w}_{n}.o"
        ),
        2 => writeln!(
            out,
            "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/{w}/{w}-core/{n}/{w}-core-{n}.pom"
        ),
        3 => writeln!(out, "ok  \tgithub.com/acme/{w}/pkg{n}\t0.{n:03}s"),
        4 => writeln!(out, "test {w}::tests::handles_{w}_{n} ... ok"),
        5 => writeln!(
            out,
            "2026-11-23T12:{:02}:{:02}.{n:03}Z INFO  worker-{}: processed batch {n} of {w} in {}ms",
            n % 60,
            n % 59,
            n % 8,
            n * 3
        ),
        6 => writeln!(
            out,
            " {:>3}% [{}{}] {n}/1000 {w}\r 100% [{}] done",
            n / 10,
            "#".repeat((n / 50) as usize),
            " ".repeat(20 - (n / 50) as usize),
            "#".repeat(20),
        ),
        7 => writeln!(out, "\x1b[32m  PASS \x1b[0m src/{w}/{w}{n}.test.ts (0.{n} s)"),
        8 => writeln!(out, "gcc -c -o obj/error_{w}.o src/error_{w}.c -DHANDLE_ERRORS=1"),
        9 => writeln!(
            out,
            "npm notice created a lockfile as package-lock.json. You should commit this file."
        ),
        10 => writeln!(
            out,
            "  Building [=====================>   ] {n}/1000: {w}, {}(build)",
            rng.pick(CRATES)
        ),
        _ => writeln!(
            out,
            "    Finished `dev` profile [unoptimized + debuginfo] target(s) in {}.{}s",
            n / 100,
            n % 100
        ),
    }
}

/// Writes one diagnostic; returns (lines, is_error).
fn diagnostic(rng: &mut Rng, serial: u64, out: &mut impl Write) -> io::Result<(u64, bool)> {
    let id = ident(rng, serial);
    let file = rng.pick(WORDS);
    let line = serial; // unique, so that no two diagnostics are duplicates
    let col = 1 + rng.below(60);
    let pad = " ".repeat(col as usize - 1);
    Ok(match rng.below(10) {
        0 => {
            writeln!(out, "error[E0425]: cannot find value `{id}` in this scope")?;
            writeln!(
                out,
                "  --> src/{file}.rs:{line}:{col}\n   |\n{line:>3} | {pad}{id}\n   | {pad}{}\n",
                "^".repeat(id.len())
            )?;
            (6, true)
        }
        1 => {
            writeln!(
                out,
                "warning: unused variable: `{id}`\n  --> src/{file}.rs:{line}:{col}\n   |"
            )?;
            writeln!(
                out,
                "{line:>3} | {pad}let {id} = 1;\n   |\n   = note: `#[warn(unused_variables)]` on by default\n"
            )?;
            (7, false)
        }
        2 => {
            writeln!(
                out,
                "src/{file}.c:{line}:{col}: error: ‘{id}’ undeclared (first use in this function)"
            )?;
            writeln!(out, "{line:>5} |     int x = {id};\n      |             ^~~~~")?;
            (3, true)
        }
        3 => {
            writeln!(
                out,
                "src/{file}.cpp:{line}:{col}: warning: unused variable '{id}' [-Wunused-variable]"
            )?;
            writeln!(out, "    int {id} = 0;\n        ^")?;
            (3, false)
        }
        4 => {
            writeln!(
                out,
                "/home/runner/work/app/src/{file}.cs({line},{col}): error CS0103: The name '{id}' does not exist in the current context [/home/runner/work/app/app.csproj]"
            )?;
            (1, true)
        }
        5 => {
            writeln!(
                out,
                "src/{file}.ts({line},{col}): error TS2304: Cannot find name '{id}'."
            )?;
            (1, true)
        }
        6 => {
            writeln!(
                out,
                "src/main/java/com/acme/{file}.java:{line}: error: cannot find symbol\n        {id}.run();\n        ^"
            )?;
            writeln!(out, "  symbol:   variable {id}\n  location: class App")?;
            (5, true)
        }
        7 => {
            writeln!(out, "./{file}/{file}.go:{line}:{col}: undefined: {id}")?;
            (1, true)
        }
        8 => {
            writeln!(
                out,
                "Traceback (most recent call last):\n  File \"/home/runner/work/app/{file}.py\", line {line}, in main\n    return {id}()"
            )?;
            writeln!(out, "NameError: name '{id}' is not defined")?;
            (4, true)
        }
        _ => {
            writeln!(
                out,
                "[ERROR] /home/runner/work/app/src/main/java/com/acme/{file}.java:[{line},{col}] cannot find symbol"
            )?;
            writeln!(out, "  symbol:   class {id}\n  location: package com.acme")?;
            (3, true)
        }
    })
}

fn parse_size(s: &str) -> Option<u64> {
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits.parse().ok()?;
    let mult = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return None,
    };
    Some(n * mult)
}

fn main() -> io::Result<()> {
    let size = std::env::args().nth(1).and_then(|s| parse_size(&s)).unwrap_or(64 << 20);
    let stdout = io::stdout();
    let mut out = Counting {
        inner: BufWriter::with_capacity(1 << 20, stdout.lock()),
        bytes: 0,
    };
    let mut rng = Rng(0x6275_696c_6466_6978);
    let (mut lines, mut diag_lines, mut errors, mut warnings, mut serial) = (0u64, 0u64, 0u64, 0u64, 0u64);
    while out.bytes < size {
        // Keep diagnostic lines at about 1% of all lines.
        if diag_lines * 100 < lines {
            serial += 1;
            let (n, is_error) = diagnostic(&mut rng, serial, &mut out)?;
            diag_lines += n;
            lines += n;
            if is_error { errors += 1 } else { warnings += 1 }
        } else {
            noise(&mut rng, &mut out)?;
            lines += 1;
        }
    }
    out.inner.flush()?;
    eprintln!("errors={errors} warnings={warnings}");
    Ok(())
}

struct Counting<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
