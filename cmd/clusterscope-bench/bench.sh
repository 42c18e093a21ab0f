#!/usr/bin/env bash
# bench.sh: the benchmarks of issues 7 and 17 and a loopback load run,
# written to BENCHMARKS.md. `make bench` runs it from the module root after
# building both binaries. At 10,000 clusters it takes about 15 minutes on
# a 2-core machine; BENCH_100K=1 adds the 100,000-cluster data set, its
# questions and its pages (about 25 minutes more; the report's header says
# how long each part took). Generated data sets live in a temporary folder,
# removed afterwards unless BENCH_KEEP is set; the server's CPU profiles
# and memory samples stay in bin/bench/, where the report names them.
#
# Environment: GO (go), BIN (bin/clusterscope, the product binary whose
# serve the benchmarks exec), BENCH (bin/clusterscope-bench), BENCH_KEEP,
# BENCH_100K.
set -euo pipefail
cd "$(dirname "$0")/../.."

GO=${GO:-go}
BIN=${BIN:-bin/clusterscope}
BENCH=${BENCH:-bin/clusterscope-bench}
PROF=bin/bench
bench_test() { "$GO" test -run '^$' -benchmem -timeout 40m "$@"; }
# A profile is missing when its benchmark failed: the report goes on without it.
pprof_top() { "$GO" tool pprof -top -cum -nodecount 30 "$@" 2>/dev/null | tail -n +6 || true; }
# The server's: without Echo's and net/http's frames and the middleware
# closures, which every request passes through and which would fill the top.
server_top() { pprof_top -hide 'labstack|net/http\.|func[0-9.]+$|-fm' "$@"; }

d=$(mktemp -d /tmp/clusterscope-bench.XXXXXX)
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$d"' EXIT
export CLUSTERSCOPE_BENCH_DIR=$d CLUSTERSCOPE_BIN=$PWD/$BIN
rm -rf "$PROF" && mkdir -p "$PROF"
failed=0
uptime | sed 's/.*load average: //' >"$d/loadavg-before.txt"
# the run's commit and day, for a report written again from these results
if c=$(git rev-parse --short HEAD 2>/dev/null); then
	[ -n "$(git status --porcelain)" ] && c="$c (with uncommitted changes)"
	echo "$c" >"$d/commit.txt"
fi
date -u '+%Y-%m-%d %H:%M UTC' >"$d/date.txt"
# phase NAME: the time since the last phase is NAME's, in timings.txt.
t0=$SECONDS
phase() { printf '%s\t%d\n' "$1" $((SECONDS - t0)) >>"$d/timings.txt"; t0=$SECONDS; }

echo "== data set, 10k clusters (generated long CSV, validated and loaded)"
"$BENCH" data --clusters 10000 --data "$d/w10000" | tee "$d/benchdata-10000.txt"
phase "data 10k"

echo "== questions at 10k, 32 at once, beside their floors"
CLUSTERSCOPE_BENCH_SIZES=10000 bench_test -bench . -benchtime 1s \
	-cpuprofile "$PROF/questions-10000.pprof" -o "$d/queries.test" ./queries | tee "$d/queries.txt" || failed=1
echo "$PROF/questions-10000.pprof" >"$d/questions-profile.txt"
pprof_top "$d/queries.test" "$PROF/questions-10000.pprof" >"$d/prof-questions.txt"
phase "questions 10k"

# Every view of the request mix (≈ 350) visited once takes ≈ 20 minutes at
# 10k on a busy 2-core machine: 8 views of each page stand for them.
echo "== pages at 10k: cold, cached, memory, after a load (serve and the generator on their own CPUs)"
"$BENCH" pages --data "$d/w10000" --clusters 10000 --bin "$BIN" --profiles "$PROF" \
	--out "$d/pages-10000.json" --duration 20s --connections 32 --per-endpoint 8 || failed=1
phase "pages 10k"

echo "== loads"
bench_test -bench 'Workbooks' -benchtime 1000x -cpuprofile "$d/workbooks.prof" -o "$d/etl.test" ./etl | tee "$d/etl.txt" || failed=1
bench_test -bench 'LongCSV' -benchtime 3x ./etl | tee -a "$d/etl.txt" || failed=1
pprof_top "$d/etl.test" "$d/workbooks.prof" >"$d/prof-workbooks.txt"
phase "loads"

echo "== exports"
bench_test -bench 'Export' -benchtime 1x ./cmd/clusterscope-bench | tee "$d/cmd.txt" || failed=1
phase "exports"

echo "== load run (issue 6): 60 s, 64 connections"
"$BENCH" loadtest --duration 60s --connections 64 --json "$d/loadtest.json" || failed=1
phase "load run"

if [ -n "${BENCH_100K:-}" ]; then
	echo "== data set, 100k clusters"
	"$BENCH" data --clusters 100000 --data "$d/w100000" | tee "$d/benchdata-100000.txt"
	phase "data 100k"
	echo "== questions at 100k"
	CLUSTERSCOPE_BENCH_SIZES=100000 bench_test -bench '/100000/(batch|filter|compare|indicator|overview)' \
		-benchtime 64x ./queries | tee "$d/queries100k.txt" || failed=1
	phase "questions 100k"
	echo "== pages at 100k (4 views of each page once cached)"
	"$BENCH" pages --data "$d/w100000" --clusters 100000 --bin "$BIN" --profiles "$PROF" \
		--out "$d/pages-100000.json" --duration 20s --connections 32 --per-endpoint 4 || failed=1
	phase "pages 100k"
fi
uptime | sed 's/.*load average: //' >"$d/loadavg-after.txt"

# The server's profiles carry their symbols: no binary needed.
for f in "$PROF"/cold-*.pprof "$PROF"/afterload-*.pprof "$PROF"/cached-*.pprof; do
	if [ -e "$f" ]; then server_top "$f" >"$d/top-$(basename "$f" .pprof).txt"; fi
done
"$BENCH" report --dir "$d" --out BENCHMARKS.md --command "make bench${BENCH_100K:+ BENCH_100K=1}"
echo "wrote BENCHMARKS.md (results in $d$([ -n "${BENCH_KEEP:-}" ] || echo ' — removed'); profiles in $PROF)"
if [ $failed = 1 ]; then
	echo "some benchmark or run failed: see above"
	exit 1
fi
