# clusterscope — two commands for a newcomer: `make run` and `make test`.
# Everything else here is what those two need on a fresh Debian machine with
# Go, gcc, node/npm and git.

SHELL       := /bin/bash
GO          ?= go
BIN         := bin/clusterscope
DATA        ?= ./data
ADDR        ?= localhost:8080
ECHARTS     := static/vendor/echarts.min.js
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CGO_ENABLED := 1

.PHONY: run test build assets vet run-deps test-deps bench loadtest clean

## run: fetch what is needed, build, load the demo data if the warehouse is empty, serve
run: build run-deps
	$(BIN) demo --if-empty --data $(DATA)
	$(BIN) serve --data $(DATA) --addr $(ADDR)

## test: install what the tests need (Chromium, a CJK font), then vet and every test
test: assets test-deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...
	$(GO) test -run '^$$' -fuzz '^FuzzReadCSV$$' -fuzztime 15s ./etl
	$(GO) test -run '^$$' -fuzz '^FuzzReadJSON$$' -fuzztime 15s ./etl

build: assets
	$(GO) build -o $(BIN) ./cmd/clusterscope

# ECharts comes from the npm registry, pinned by static/package-lock.json,
# and is embedded in the binary: no CDN, since users sit on offline intranets.
assets: $(ECHARTS)
$(ECHARTS): static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp static/node_modules/echarts/dist/echarts.min.js $(ECHARTS)

# The PNG/PDF exports drive Debian's chromium and need a CJK font; without
# them the dashboard still runs and says that exports are unavailable.
run-deps:
	@if ! command -v chromium >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "installing chromium and fonts-wqy-zenhei (Debian packages) for the PDF/PNG exports"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium fonts-wqy-zenhei fontconfig >/dev/null || echo "could not install chromium: exports disabled"; \
	fi

# Debian's chromium, a CJK font and poppler (pdftotext reads the exported
# PDFs back) for the browser tests, when missing.
test-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || \
		! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "installing chromium, fonts-wqy-zenhei and poppler-utils (Debian packages)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium fonts-wqy-zenhei fontconfig poppler-utils >/dev/null; \
	fi

## bench: issue 7's benchmarks and a loopback load run, written to BENCHMARKS.md
# (about 15 minutes; generated data sets live in a temporary folder, removed after)
BENCH_TEST := $(GO) test -run '^$$' -benchmem -timeout 40m
PPROF_TOP  := $(GO) tool pprof -top -cum -nodecount 30
bench: build
	@set -euo pipefail; d=$$(mktemp -d /tmp/clusterscope-bench.XXXXXX); trap '[ -n "$(BENCH_KEEP)" ] || rm -rf "$$d"' EXIT; \
	export CLUSTERSCOPE_BENCH_DIR=$$d CLUSTERSCOPE_BIN=$$PWD/$(BIN); failed=0; \
	uptime | sed 's/.*load average: //' > $$d/loadavg-before.txt; \
	echo "== data sets (generated long CSV, validated and loaded)"; \
	$(BIN) benchdata --clusters 10000 --data $$d/w10000 | tee $$d/benchdata-10000.txt; \
	$(BIN) benchdata --clusters 100000 --data $$d/w100000 | tee $$d/benchdata-100000.txt; \
	echo "== questions, 32 at once"; \
	CLUSTERSCOPE_BENCH_SIZES=10000 $(BENCH_TEST) -bench 'Questions' -benchtime 1s \
		-cpuprofile $$d/questions.prof -o $$d/queries.test ./queries | tee $$d/queries.txt || failed=1; \
	CLUSTERSCOPE_BENCH_SIZES=100000 $(BENCH_TEST) -bench 'Questions/100000/(batch|filter|compare|indicator|overview)' \
		-benchtime 64x ./queries | tee $$d/queries100k.txt || failed=1; \
	$(PPROF_TOP) $$d/queries.test $$d/questions.prof 2>/dev/null | tail -n +6 > $$d/prof-questions.txt; \
	echo "== loads"; \
	$(BENCH_TEST) -bench 'Workbooks' -benchtime 1000x -cpuprofile $$d/workbooks.prof -o $$d/etl.test ./etl | tee $$d/etl.txt || failed=1; \
	$(BENCH_TEST) -bench 'LongCSV' -benchtime 3x ./etl | tee -a $$d/etl.txt || failed=1; \
	$(PPROF_TOP) $$d/etl.test $$d/workbooks.prof 2>/dev/null | tail -n +6 > $$d/prof-workbooks.txt; \
	echo "== serving 10k clusters: start, load, memory; exports"; \
	CLUSTERSCOPE_BENCH_LOAD=20s $(BENCH_TEST) -bench 'Serve10k|Export' -benchtime 1x ./cmd/clusterscope | tee $$d/cmd.txt || failed=1; \
	$(BIN) loadtest --from $$d/w10000 --warmup --duration 20s --connections 32 --cpuprofile $$d/loadtest.prof \
		--json $$d/loadtest-10000.json >/dev/null || failed=1; \
	$(PPROF_TOP) $(BIN) $$d/loadtest.prof 2>/dev/null | tail -n +6 > $$d/prof-loadtest.txt; \
	echo "== load run (issue 6): 60 s, 64 connections"; \
	$(BIN) loadtest --duration 60s --connections 64 --json $$d/loadtest.json || failed=1; \
	uptime | sed 's/.*load average: //' > $$d/loadavg-after.txt; \
	$(BIN) benchreport --dir $$d --out BENCHMARKS.md --command "make bench"; \
	echo "wrote BENCHMARKS.md (results in $$d$(if $(BENCH_KEEP),, — removed))"; \
	if [ $$failed = 1 ]; then echo "some benchmark or the load run failed: see above"; exit 1; fi

## loadtest: issue 6's bounded load run on loopback (60 s, 64 connections; exits 1 on any error)
loadtest: build
	$(BIN) loadtest --duration 60s --connections 64

clean:
	rm -rf bin static/vendor static/node_modules
