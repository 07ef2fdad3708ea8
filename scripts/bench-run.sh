#!/usr/bin/env bash
# `buildfix run` on the example and corpus projects with the real
# compilers: per project, the builds it ran against the fixes it kept
# (target: fewer rebuilds than fixes) and its own time as a share of the
# whole run (target: under 5%; the rest is the compiler), the median of
# RUNS runs (default 5).
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
runs=${RUNS:-5}
printf '%-40s %7s %7s %7s %9s %9s %7s\n' project errors builds kept "total s" "own s" "own %"
for entry in "${projects[@]}"; do
  src=${entry%%|*}; cmd=${entry#*|}
  shares=()
  for run in $(seq "$runs"); do
    dir="$work/$(basename "$src")-$run"
    cp -r "$src" "$dir"
    # shellcheck disable=SC2086
    out=$("$bf" run --quiet --root "$dir" -- $cmd 2>&1 || true)
    summary=$(grep -E '^buildfix: .*\(([0-9]+) error\(s\) at the start' <<<"$out" | tail -1)
    errors=$(sed -E 's/.*\(([0-9]+) error\(s\) at the start.*/\1/' <<<"$summary")
    builds=$(sed -E 's/.* ([0-9]+) build\(s\).*/\1/' <<<"$summary")
    kept=$(sed -E 's/.* ([0-9]+) fix\(es\) kept.*/\1/' <<<"$summary")
    read -r own total < <(sed -nE "s/^buildfix's own time: ([0-9.]+) s of ([0-9.]+) s/\1 \2/p" <<<"$out")
    shares+=("$(awk "BEGIN{printf \"%.4f\", $own / $total}") $total $own")
  done
  # The run whose share is the median: disk and scheduler noise on a
  # shared machine moves single runs by tens of milliseconds.
  read -r share total own < <(printf '%s\n' "${shares[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-40s %7s %7s %7s %9s %9s %6.1f%%\n' "$src" "$errors" "$builds" "$kept" "$total" "$own" \
    "$(awk "BEGIN{print 100 * $share}")"
done
