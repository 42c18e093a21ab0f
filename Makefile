# clusterscope — two commands for a newcomer: `make run` and `make test`.
# Everything else here is what those two need on a fresh Debian machine with
# Go, gcc, node/npm and git.

SHELL       := /bin/bash
GO          ?= go
BIN         := bin/clusterscope
BENCH_BIN   := bin/clusterscope-bench
DATA        ?= ./data
ADDR        ?= localhost:8080
ECHARTS     := static/vendor/echarts.min.js
# docx and PptxGenJS write the Word and PowerPoint briefings in the export's
# headless Chromium (dashboard/render/page.js loads them from /static/vendor/).
OFFICE      := static/vendor/docx.js static/vendor/pptxgen.bundle.js
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CGO_ENABLED := 1

.PHONY: run test build bench-tool assets vet run-deps test-deps bench loadtest clean package package-deps

## run: fetch what is needed, build, load the demo data if the warehouse is empty, serve
run: build run-deps
	$(BIN) demo --if-empty --data $(DATA)
	$(BIN) serve --data $(DATA) --addr $(ADDR)

## test: install what the tests need (Chromium, a CJK font), then vet and every test
test: assets test-deps
	$(GO) vet ./...
	@# go.mod names what the code imports, directly or not (issue 12): a
	@# change that needs `go mod tidy` fails here, with the diff.
	$(GO) mod tidy -diff
	$(GO) test -count=1 -timeout 20m ./...
	$(GO) test -run '^$$' -fuzz '^FuzzReadCSV$$' -fuzztime 15s ./etl
	$(GO) test -run '^$$' -fuzz '^FuzzReadJSON$$' -fuzztime 15s ./etl

build: assets
	$(GO) build -o $(BIN) ./cmd/clusterscope

# ECharts, docx and PptxGenJS come from the npm registry, pinned by
# static/package-lock.json, and are embedded in the binary: no CDN, since
# users sit on offline intranets.
assets: $(ECHARTS) $(OFFICE)
$(ECHARTS) $(OFFICE) &: static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp static/node_modules/echarts/dist/echarts.min.js $(ECHARTS)
	cp static/node_modules/docx/dist/index.iife.js static/vendor/docx.js
	cp static/node_modules/pptxgenjs/dist/pptxgen.bundle.js static/vendor/pptxgen.bundle.js

# The PNG/PDF exports drive Debian's chromium and need a CJK font; without
# them the dashboard still runs and says that exports are unavailable.
run-deps:
	@if ! command -v chromium >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "installing chromium and fonts-wqy-zenhei (Debian packages) for the PDF/PNG exports"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium fonts-wqy-zenhei fontconfig >/dev/null || echo "could not install chromium: exports disabled"; \
	fi

# Debian's chromium, a CJK font, poppler (pdftotext reads the exported
# PDFs back) for the browser tests, and nginx for the sub-path test, when missing.
test-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || \
		! fc-list :lang=zh 2>/dev/null | grep -q . || ! PATH=$$PATH:/usr/sbin command -v nginx >/dev/null; then \
		echo "installing chromium, fonts-wqy-zenhei, poppler-utils and nginx (Debian packages)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium fonts-wqy-zenhei fontconfig poppler-utils nginx >/dev/null; \
	fi

## bench: issues 7's and 17's benchmarks and a loopback load run, written to BENCHMARKS.md
# (about 15 minutes at 10k clusters; BENCH_100K=1 adds 100k: see cmd/clusterscope-bench/bench.sh)
bench: build bench-tool
	GO=$(GO) BIN=$(BIN) BENCH=$(BENCH_BIN) BENCH_KEEP=$(BENCH_KEEP) BENCH_100K=$(BENCH_100K) bash cmd/clusterscope-bench/bench.sh

## loadtest: issue 6's bounded load run on loopback (60 s, 64 connections; exits 1 on any error)
loadtest: bench-tool
	$(BENCH_BIN) loadtest --duration 60s --connections 64

# The benchmark and load-test tool, kept out of the product binary.
bench-tool: assets
	$(GO) build -o $(BENCH_BIN) ./cmd/clusterscope-bench

## package: .deb packages for amd64 and arm64 in bin/packages/, the arm64 one
# smoke-tested under qemu, both checked by TestPackageContents (see
# cmd/clusterscope/package/). nfpm runs pinned through go run, so the
# product's go.mod carries none of it.
PKG_DIR   := bin/packages
VERSION   ?= 0.1.$(shell git rev-list --count HEAD 2>/dev/null || echo 0)
NFPM      := $(GO) run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
PKG_FLAGS := -trimpath -ldflags '-s -w -X main.version=$(VERSION)'
package: assets package-deps
	rm -rf $(PKG_DIR) && mkdir -p $(PKG_DIR)/amd64 $(PKG_DIR)/arm64
	GOOS=linux GOARCH=amd64 $(GO) build $(PKG_FLAGS) -o $(PKG_DIR)/amd64/clusterscope ./cmd/clusterscope
	@# DuckDB's bindings ship linux-arm64 libraries, linked with Debian's cross
	@# compilers against the arm64 libstdc++.
	GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ \
		$(GO) build $(PKG_FLAGS) -o $(PKG_DIR)/arm64/clusterscope ./cmd/clusterscope
	for arch in amd64 arm64; do \
		install -D -m 0755 $(PKG_DIR)/$$arch/clusterscope $(PKG_DIR)/stage/clusterscope && \
		ARCH=$$arch VERSION=$(VERSION) $(NFPM) package --config cmd/clusterscope/package/nfpm.yaml \
			--packager deb --target $(PKG_DIR)/ || exit 1; \
	done
	bash cmd/clusterscope/package/smoke.sh $(PKG_DIR)/arm64/clusterscope
	CLUSTERSCOPE_PACKAGES=$(CURDIR)/$(PKG_DIR) $(GO) test -count=1 -run '^TestPackageContents$$' -v ./cmd/clusterscope
	@ls -l $(PKG_DIR)/*.deb

# Debian's cross compilers for arm64 and qemu for its smoke test, when missing.
package-deps:
	@if ! command -v aarch64-linux-gnu-g++ >/dev/null || ! command -v qemu-aarch64-static >/dev/null; then \
		echo "installing gcc-aarch64-linux-gnu, g++-aarch64-linux-gnu and qemu-user-static (Debian packages)"; \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=900 update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
			gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static file >/dev/null; \
	fi

clean:
	rm -rf bin static/vendor static/node_modules
