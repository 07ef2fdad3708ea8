#!/usr/bin/env bash
# Clusters the same 1,000,000 labelled diagnostics with buildfix and with
# Drain3 (pip install drain3) in one run, and reports messages per second
# (one thread each) and grouping accuracy; clusters what a renamed type
# prints (a few messages in many places, repeated); then streams 10,000,000
# diagnostics through the clusterer and reports its peak anonymous memory.
# For scale, it also times the least work any clusterer does: fetching
# each diagnostic's code and message from memory (their first bytes).
#
# Usage: scripts/bench-sample.sh [N]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/buildfix-bench-sample}
mkdir -p "$dir"
python3 -c 'import drain3' 2>/dev/null || python3 -m pip install -q drain3
cargo build --release --quiet -p buildfix-sample --example cluster_bench
bench=./target/release/examples/cluster_bench
set_file="$dir/labelled-$n.tsv"
"$bench" write "$n" "$set_file"

read -r _ count t_bf acc_bf k_bf t_fetch < <("$bench" cluster "$set_file")
read -r _ _ t_dr acc_dr k_dr < <(python3 scripts/drain3_cluster.py "$set_file")
echo "$count labelled diagnostics, one thread each"
printf '%-10s %10.0f messages/s  accuracy %s  %s clusters\n' buildfix "$(awk "BEGIN{print $count/$t_bf}")" "$acc_bf" "$k_bf"
printf '%-10s %10.0f messages/s  accuracy %s  %s clusters\n' drain3 "$(awk "BEGIN{print $count/$t_dr}")" "$acc_dr" "$k_dr"
echo "buildfix is $(awk "BEGIN{printf \"%.0f\", $t_dr/$t_bf}")x faster (target: at least 100x, with equal or better accuracy)"
echo "fetching each diagnostic's code and message from memory (nothing else) takes $(awk "BEGIN{printf \"%.0f\", $t_fetch*1e9/$count}") ns; 100x Drain3 leaves $(awk "BEGIN{printf \"%.0f\", $t_dr*1e9/$count/100}") ns for all of it"
read -r _ total t_rep k_rep < <("$bench" repeats "$n")
echo "a renamed type ($total diagnostics, 3 messages in 500 files): $(awk "BEGIN{printf \"%.0f\", $total/$t_rep}") per second in $k_rep clusters"

python3 scripts/measure.py "$dir/stream.out" -- "$bench" stream 10000000 2> "$dir/stream.time"
read -r _ total t_stream k_stream < "$dir/stream.out"
read -r _ peak < "$dir/stream.time"
echo "stream: $total diagnostics in $k_stream clusters, $(awk "BEGIN{printf \"%.0f\", $total/$t_stream}") per second on one core, peak RssAnon $peak KiB (target: under 50 MB)"
