#!/usr/bin/env bash
# `buildfix run` on the example and corpus projects with the real
# compilers: per project, the builds it ran against the fixes it kept
# (target: fewer rebuilds than fixes) and its own time as a share of the
# whole run (target: under 5%; the rest is the compiler).
#
# Usage: scripts/bench-run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin buildfix
bf=$PWD/target/release/buildfix
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

c_flags=(-Wall -Werror=implicit-function-declaration -c main.c -o main.o)
projects=(
  "examples/broken-c|gcc ${c_flags[*]}"
  "tests/fixtures/corpus/c-undeclared|make main"
  "tests/fixtures/corpus/rust-resolve|cargo build --offline"
  "tests/fixtures/corpus/java-symbols2|javac -d out src/com/example/App.java"
  "tests/fixtures/corpus/csharp-errors|mcs -out:app.exe Program.cs Util.cs"
  "tests/fixtures/corpus/go-errors|go build ./..."
  "tests/fixtures/corpus/ts-errors|tsc -p ."
  "tests/fixtures/projects/pytest-imports|python3 -m pytest -q -p no:cacheprovider"
)
printf '%-40s %7s %7s %7s %9s %9s %7s\n' project errors builds kept "total s" "own s" "own %"
for entry in "${projects[@]}"; do
  src=${entry%%|*}; cmd=${entry#*|}
  dir="$work/$(basename "$src")"
  cp -r "$src" "$dir"
  # shellcheck disable=SC2086
  out=$("$bf" run --quiet --root "$dir" -- $cmd 2>&1 || true)
  summary=$(grep -E '^buildfix: .*\(([0-9]+) error\(s\) at the start' <<<"$out" | tail -1)
  errors=$(sed -E 's/.*\(([0-9]+) error\(s\) at the start.*/\1/' <<<"$summary")
  builds=$(sed -E 's/.* ([0-9]+) build\(s\).*/\1/' <<<"$summary")
  kept=$(sed -E 's/.* ([0-9]+) fix\(es\) kept.*/\1/' <<<"$summary")
  read -r own total < <(sed -nE "s/^buildfix's own time: ([0-9.]+) s of ([0-9.]+) s/\1 \2/p" <<<"$out")
  printf '%-40s %7s %7s %7s %9s %9s %6.1f%%\n' "$src" "$errors" "$builds" "$kept" "$total" "$own" \
    "$(awk "BEGIN{print 100 * $own / $total}")"
done
