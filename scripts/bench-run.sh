#!/usr/bin/env bash
# `buildfix run` on the example and corpus projects with the real
# compilers: per project, the builds it ran against the fixes it kept
# (target: fewer rebuilds than fixes) and its own time as a share of the
# whole run (target: under 5%; the rest is the compiler). Own time is the
# process's wall time, measured from outside, less the builds' (each from
# its start until it exited). Each figure is the median of RUNS runs
# (default 5): on a fresh copy, and again on the same broken sources once
# buildfix's state exists.
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
  "$work/broken-c-among-5000-files|gcc ${c_flags[*]}"
  "$work/3300-errors-in-300-files|make -k -j2"
)
# The example among 5,000 other source files: what tracking a tree costs.
cp -r examples/broken-c "$work/broken-c-among-5000-files"
for d in $(seq 50); do
  mkdir -p "$work/broken-c-among-5000-files/lib/d$d"
  for f in $(seq 100); do
    echo "int f${d}_$f(void) { return $f; }" > "$work/broken-c-among-5000-files/lib/d$d/f$f.c"
  done
done
# A large failure: 300 C files, each with 10 misspelt names and a missing
# header, built by make two at a time.
mkdir -p "$work/3300-errors-in-300-files"
python3 - "$work/3300-errors-in-300-files" <<'EOF'
import sys
root = sys.argv[1]
for i in range(300):
    with open(f"{root}/f{i}.c", "w") as f:
        f.write("#include <stdio.h>\n\n")
        for j in range(10):
            f.write(f"int g{i}_{j}(const char *s) {{\n    int count = 0;\n    count += strlen(s);\n    return cuont;\n}}\n\n")
with open(f"{root}/Makefile", "w") as f:
    f.write("CFLAGS ?= -Wall -Werror=implicit-function-declaration\nall: $(patsubst %.c,%.o,$(wildcard *.c))\n")
EOF
runs=${RUNS:-5}
# One run on `$dir`: sets errors, builds, kept, and the share "own/total
# total own".
measure() {
  local out summary own total t0 t1
  t0=$EPOCHREALTIME
  # shellcheck disable=SC2086
  out=$("$bf" run --quiet --root "$dir" -- $cmd 2>&1 || true)
  t1=$EPOCHREALTIME
  summary=$(grep -E '^buildfix: .*\(([0-9]+) error\(s\) at the start' <<<"$out" | tail -1)
  errors=$(sed -E 's/.*\(([0-9]+) error\(s\) at the start.*/\1/' <<<"$summary")
  builds=$(sed -E 's/.* ([0-9]+) build\(s\).*/\1/' <<<"$summary")
  kept=$(sed -E 's/.* ([0-9]+) fix\(es\) kept.*/\1/' <<<"$summary")
  read -r own total < <(sed -nE "s/^buildfix's own time: ([0-9.]+) s of ([0-9.]+) s/\1 \2/p" <<<"$out")
  # Own time over the process's whole life, as measured from outside: the
  # wall time less the builds' (which buildfix reports as total - own).
  own=$(awk "BEGIN{printf \"%.3f\", ($t1 - $t0) - ($total - $own)}")
  total=$(awk "BEGIN{printf \"%.3f\", $t1 - $t0}")
  share="$(awk "BEGIN{printf \"%.4f\", $own / $total}") $total $own"
}
# The run whose share is the median: disk and scheduler noise on a shared
# machine moves single runs by tens of milliseconds.
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }
printf '%-40s %6s %6s %5s %8s %8s %7s %8s %7s\n' project errors builds kept "total s" "own s" "own %" \
  "again s" "again %"
for entry in "${projects[@]}"; do
  src=${entry%%|*}; cmd=${entry#*|}
  first=(); again=()
  for run in $(seq "$runs"); do
    dir="$work/$(basename "$src")-$run"
    cp -r "$src" "$dir"
    measure
    first+=("$share")
    # The same broken sources again, with the state of the first run (the
    # store exists, the tree is indexed): what a user's next run costs. The
    # files the run fixed are put back, the others left as they are.
    { diff -rq "$src" "$dir" || true; } | sed -nE "s|^Files $src/(.*) and $dir/.* differ\$|\1|p" |
      while read -r f; do cp "$src/$f" "$dir/$f"; done
    measure
    again+=("$share")
  done
  read -r share total own < <(median "${first[@]}")
  read -r share_again _ own_again < <(median "${again[@]}")
  printf '%-40s %6s %6s %5s %8s %8s %6.1f%% %8s %6.1f%%\n' "${src#"$work/"}" "$errors" "$builds" "$kept" "$total" "$own" \
    "$(awk "BEGIN{print 100 * $share}")" "$own_again" "$(awk "BEGIN{print 100 * $share_again}")"
done
