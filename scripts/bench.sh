#!/usr/bin/env bash
# Parses a large generated build log with `buildfix analyze` and compares it,
# on the same file in the same run, with `rg -c error` and with `rg -c` and
# one regex alternating the diagnostic shapes. Prints throughput, the ratios,
# the peak anonymous memory, and checks the diagnostic count.
#
# Usage: scripts/bench.sh [SIZE]   (default 1G; e.g. 256M, 4G)
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-1G}
runs=${RUNS:-3}
command -v rg >/dev/null || { echo "bench: needs rg (apt-get install ripgrep)" >&2; exit 2; }

# shellcheck source=scripts/bench-log.sh
. scripts/bench-log.sh
read -r errors warnings < <(sed 's/errors=\([0-9]*\) warnings=\([0-9]*\)/\1 \2/' "$log.expected")
bytes=$(stat -c %s "$log")
cat "$log" > /dev/null # warm the page cache for every contender alike

alternation='^(error|warning)(\[\w+\])?: |^\S+:\d+:\d+: (error|warning|fatal error): |^\S+\(\d+,\d+\): (error|warning) \w+: |^\S+\.java:\d+: (error|warning): |^\S+\.go:\d+:\d+: |^Traceback \(most recent call last\)|^\[(ERROR|WARNING)\] \S+:\[\d+,\d+\] |^[ew]: file://'

# best of $runs: prints "seconds peak_kib"
best() {
  local name=$1; shift
  local best_t="" best_m=0
  for _ in $(seq "$runs"); do
    python3 scripts/measure.py "$dir/$name.out" -- "$@" 2> "$dir/$name.time" || true
    read -r t m < "$dir/$name.time"
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; fi
    [ "$m" -gt "$best_m" ] && best_m=$m
  done
  echo "$best_t $best_m"
}

read -r t_bf m_bf < <(best buildfix ./target/release/buildfix analyze --format json "$log")
read -r t_lit m_lit < <(best rg-literal rg -c error "$log")
read -r t_alt m_alt < <(best rg-alternation rg -c "$alternation" "$log")

found=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["errors"], s["warnings"])' "$dir/buildfix.out")
if [ "$found" != "$errors $warnings" ]; then
  echo "bench: WRONG RESULT: buildfix found $found, the generator wrote $errors $warnings" >&2
  exit 1
fi

mbps() { awk "BEGIN{printf \"%.0f\", $bytes / 1048576 / $1}"; }
ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }
echo "log: $log ($((bytes / 1048576)) MiB, $errors errors, $warnings warnings), $(nproc) cores, best of $runs"
printf '%-36s %8s s %8s MB/s %10s KiB peak RssAnon\n' "buildfix analyze --format json" "$t_bf" "$(mbps "$t_bf")" "$m_bf"
printf '%-36s %8s s %8s MB/s %10s KiB\n' "rg -c error" "$t_lit" "$(mbps "$t_lit")" "$m_lit"
printf '%-36s %8s s %8s MB/s %10s KiB\n' "rg -c <diagnostic alternation>" "$t_alt" "$(mbps "$t_alt")" "$m_alt"
echo "buildfix vs rg alternation: $(ratio "$t_alt" "$t_bf")x faster (target: at least 3x)"
echo "buildfix vs rg literal:     $(ratio "$t_lit" "$t_bf")x faster"
echo "diagnostic count checked: $errors errors, $warnings warnings"
