#!/usr/bin/env bash
# bench.sh: issue 7's benchmarks and a loopback load run, written to
# BENCHMARKS.md (about 15 minutes). `make bench` runs it from the module
# root after building both binaries. Generated data sets live in a
# temporary folder, removed afterwards unless BENCH_KEEP is set.
#
# Environment: GO (go), BIN (bin/clusterscope, the product binary whose
# serve the benchmarks exec), BENCH (bin/clusterscope-bench), BENCH_KEEP.
set -euo pipefail
cd "$(dirname "$0")/../.."

GO=${GO:-go}
BIN=${BIN:-bin/clusterscope}
BENCH=${BENCH:-bin/clusterscope-bench}
bench_test() { "$GO" test -run '^$' -benchmem -timeout 40m "$@"; }
# A profile is missing when its benchmark failed: the report goes on without it.
pprof_top() { "$GO" tool pprof -top -cum -nodecount 30 "$@" 2>/dev/null | tail -n +6 || true; }

d=$(mktemp -d /tmp/clusterscope-bench.XXXXXX)
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$d"' EXIT
export CLUSTERSCOPE_BENCH_DIR=$d CLUSTERSCOPE_BIN=$PWD/$BIN
failed=0
uptime | sed 's/.*load average: //' >"$d/loadavg-before.txt"

echo "== data sets (generated long CSV, validated and loaded)"
"$BENCH" data --clusters 10000 --data "$d/w10000" | tee "$d/benchdata-10000.txt"
"$BENCH" data --clusters 100000 --data "$d/w100000" | tee "$d/benchdata-100000.txt"

echo "== questions, 32 at once"
CLUSTERSCOPE_BENCH_SIZES=10000 bench_test -bench 'Questions' -benchtime 1s \
	-cpuprofile "$d/questions.prof" -o "$d/queries.test" ./queries | tee "$d/queries.txt" || failed=1
CLUSTERSCOPE_BENCH_SIZES=100000 bench_test -bench 'Questions/100000/(batch|filter|compare|indicator|overview)' \
	-benchtime 64x ./queries | tee "$d/queries100k.txt" || failed=1
pprof_top "$d/queries.test" "$d/questions.prof" >"$d/prof-questions.txt"

echo "== loads"
bench_test -bench 'Workbooks' -benchtime 1000x -cpuprofile "$d/workbooks.prof" -o "$d/etl.test" ./etl | tee "$d/etl.txt" || failed=1
bench_test -bench 'LongCSV' -benchtime 3x ./etl | tee -a "$d/etl.txt" || failed=1
pprof_top "$d/etl.test" "$d/workbooks.prof" >"$d/prof-workbooks.txt"

echo "== serving 10k clusters: start, load, memory; exports"
CLUSTERSCOPE_BENCH_LOAD=20s bench_test -bench 'Serve10k|Export' -benchtime 1x ./cmd/clusterscope-bench | tee "$d/cmd.txt" || failed=1
"$BENCH" loadtest --from "$d/w10000" --warmup --duration 20s --connections 32 --cpuprofile "$d/loadtest.prof" \
	--json "$d/loadtest-10000.json" >/dev/null || failed=1
pprof_top "$BENCH" "$d/loadtest.prof" >"$d/prof-loadtest.txt"

echo "== load run (issue 6): 60 s, 64 connections"
"$BENCH" loadtest --duration 60s --connections 64 --json "$d/loadtest.json" || failed=1
uptime | sed 's/.*load average: //' >"$d/loadavg-after.txt"

"$BENCH" report --dir "$d" --out BENCHMARKS.md --command "make bench"
echo "wrote BENCHMARKS.md (results in $d$([ -n "${BENCH_KEEP:-}" ] || echo ' — removed'))"
if [ $failed = 1 ]; then
	echo "some benchmark or the load run failed: see above"
	exit 1
fi
