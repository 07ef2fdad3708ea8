#!/usr/bin/env bash
# The result cache: `buildfix analyze` on a large generated log twice, in a
# project where buildfix keeps state. The first run parses (and fills the
# cache); the second answers from the store. Prints both times and their
# ratio (target: the second under 10% of the first), and checks that both
# answers are byte for byte the same.
#
# Usage: scripts/bench-cache.sh [SIZE]   (default 1G)
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-1G}
runs=${RUNS:-3}
# shellcheck source=scripts/bench-log.sh
. scripts/bench-log.sh
project="$dir/cache-project"
rm -rf "$project" && mkdir -p "$project/.buildfix" "$project/src"
cp examples/broken-c/main.c "$project/src/"
cat "$log" > /dev/null # warm the page cache for both runs alike

bf() { ./target/release/buildfix analyze --format json --root "$project" "$log"; }
best() {
  local name=$1 best_t=""
  for _ in $(seq "$2"); do
    ./target/release/buildfix cache clean --root "$project" > /dev/null
    [ "$name" = hit ] && bf > /dev/null   # fill the cache first
    python3 scripts/measure.py "$dir/cache-$name.out" -- bash -c "$(declare -f bf); project='$project' log='$log' bf" 2> "$dir/cache-$name.time" || true
    read -r t _ < "$dir/cache-$name.time"
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; fi
  done
  echo "$best_t"
}
t_miss=$(best miss "$runs")
t_hit=$(best hit "$runs")
cmp -s "$dir/cache-miss.out" "$dir/cache-hit.out" || { echo "bench: the cached answer differs" >&2; exit 1; }
bytes=$(stat -c %s "$log")
echo "log: $log ($((bytes / 1048576)) MiB), answer $(stat -c %s "$dir/cache-hit.out") bytes, $(nproc) cores, best of $runs"
echo "first analyze (parse, fill the cache): $t_miss s"
echo "second analyze (from the cache):       $t_hit s"
echo "second / first: $(awk "BEGIN{printf \"%.1f%%\", 100 * $t_hit / $t_miss}") (target: under 10%)"
