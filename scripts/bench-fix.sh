#!/usr/bin/env bash
# Applies 10,000 compiler fix-its across 1,000 files with `buildfix fix`
# and compares, in the same run, with copying those files once (`cp -r`,
# which reads and writes every byte but neither journals nor syncs).
# Checks that every fix landed.
#
# Usage: scripts/bench-fix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/buildfix-bench-fix}
cargo build --release --quiet --bin buildfix
rm -rf "$dir" && mkdir -p "$dir/pristine"

python3 - "$dir" <<'PY'
import sys, os
d = sys.argv[1]
log = []
for f in range(1000):
    lines = []
    for i in range(200):
        lines.append(f"    int v = compute(cout, {i:04}); /* line {i:04} of file {f:04} */")
    open(f"{d}/pristine/f{f}.c", "w").write("\n".join(lines) + "\n")
    for k in range(10):
        line = 1 + k * 20
        log.append(f"f{f}.c:{line}:21: error: 'cout' undeclared; did you mean 'count'?")
        log.append(f'fix-it:"f{f}.c":{{{line}:21-{line}:25}}:"count"')
open(f"{d}/build.log", "w").write("\n".join(log) + "\n")
PY

best() { sort -n | head -1; }
time_it() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); awk "BEGIN{print $e - $s}"; }

t_fix=$(for _ in $(seq "$runs"); do
  rm -rf "$dir/tree" && cp -r "$dir/pristine" "$dir/tree" && sync
  time_it ./target/release/buildfix fix "$dir/build.log" --root "$dir/tree" --state "$dir/state"
done | best)
t_copy=$(for _ in $(seq "$runs"); do
  rm -rf "$dir/copy" && sync
  time_it cp -r "$dir/tree" "$dir/copy"
done | best)

fixed=$(cat "$dir"/tree/*.c | grep -c "compute(count" || true)
[ "$fixed" -eq 10000 ] || { echo "bench-fix: WRONG RESULT: $fixed of 10000 fixes applied" >&2; exit 1; }
bytes=$(du -sb "$dir/pristine" | cut -f1)
echo "1000 files, $((bytes / 1024)) KiB, 10000 fix-its, best of $runs"
printf '%-44s %8.3f s\n' "buildfix fix (journal + fsync + rename)" "$t_fix" "cp -r of the same files" "$t_copy"
echo "ratio buildfix / copy: $(awk "BEGIN{printf \"%.2f\", $t_fix / $t_copy}")x (target: within 3x)"
echo "fixes applied and checked: $fixed"
