# Sourced by the benchmarks: builds buildfix and the log generator (release),
# and sets `log` to a generated build log of `$size` in `$dir` (BENCH_DIR,
# default $TMPDIR/buildfix-bench), generating it (with its expected counts
# in `$log.expected`) the first time.
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/buildfix-bench}
mkdir -p "$dir"
cargo build --release --quiet --bin buildfix
cargo build --release --quiet -p buildfix-logparse --example genlog
log="$dir/build-$size.log"
if [ ! -s "$log" ] || [ ! -s "$log.expected" ]; then
  echo "generating $log ..."
  ./target/release/examples/genlog "$size" > "$log" 2> "$log.expected"
fi
