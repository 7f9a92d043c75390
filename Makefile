# WPS 登录自助检测 — build, run and test.
#   make run    build everything, then serve on http://localhost:8080
#   make test   install what is missing (Chromium, brotli), build, run every test
SHELL := /bin/bash
.DEFAULT_GOAL := build

GO        ?= go
ADDR      ?= localhost:8080
VERSION   := $(shell git describe --always --dirty --tags 2>/dev/null || echo dev)
WEB       := static/web
WASM      := $(WEB)/app.wasm
SERVER    := bin/server
GO_SRC    := $(shell find app wasm -name '*.go' -not -name '*_test.go') go.mod go.sum
SERVER_SRC := $(shell find server static -name '*.go' -not -name '*_test.go') server/httpserver/app-worker.js
# Text files served as they are, precompressed next to themselves.
TEXT      := $(WASM) $(shell find $(WEB) -type f \( -name '*.css' -o -name '*.svg' -o -name '*.txt' -o -name '*.js' -o -name '*.json' \))
COMPRESSED := $(addsuffix .br,$(TEXT)) $(addsuffix .gz,$(TEXT))
STATIC    := $(shell find $(WEB) -type f -not -name 'app.wasm*' -not -name '*.br' -not -name '*.gz')

.PHONY: build run test test-unit test-e2e size lint bench lighthouse clean deps perf-deps

build: $(SERVER)

# The wasm is built without inlining (-gcflags=all=-l): its brotli is 117 KB
# (7 %) smaller, and the main thread spends no more CPU from navigation to
# done (measured side by side: docs/ARCHITECTURE.md). make size and make
# lighthouse build the go-app floor with the same flags (sizereport reads
# WASM_GCFLAGS).
WASM_GCFLAGS := all=-l
export WASM_GCFLAGS

$(WASM): $(GO_SRC) Makefile
	GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags='$(WASM_GCFLAGS)' -ldflags='-s -w' -o $@.tmp ./wasm && mv -f $@.tmp $@

# Written to a temporary name and renamed, so a server or test reading static/
# never sees a half-written sibling (the server also ignores stale ones).
%.br: %
	brotli -q 11 -f -o $@.tmp $< && mv -f $@.tmp $@ && touch $@

%.gz: %
	gzip -9 -n -c $< > $@.tmp && mv -f $@.tmp $@

$(SERVER): $(WASM) $(COMPRESSED) $(STATIC) $(SERVER_SRC) $(GO_SRC)
	@mkdir -p bin
	$(GO) build -trimpath -ldflags='-s -w -X main.version=$(VERSION)' -o $@ ./server

run: deps build
	./$(SERVER) -addr $(ADDR)

deps:
	@bash .ci/install-deps.sh

test: deps build lint
	$(GO) test -count=1 -timeout 30m ./...

test-unit:
	$(GO) test ./app/... ./server/httpserver/...

# The browser tests alone (Chromium, the built wasm).
test-e2e: deps build
	$(GO) test -count=1 -timeout 30m ./server/e2e/...

# Measurements, written to docs/perf/*.md and printed; none is part of make test.
#   make size        first-visit bytes (raw/gzip/brotli), the go-app floor, what in the wasm costs what
#   make bench       Go benchmarks (/api/time vs a bare handler over loopback) + open→done in Chromium
#   make lighthouse  Lighthouse 12.2.3 (installed into .ci/perf/node_modules), mobile + desktop, 3 runs each
size: build
	$(GO) run ./server/cmd/sizereport -static static -out docs/perf/size.md

bench: deps build
	bash .ci/perf/bench.sh

lighthouse: deps build
	bash .ci/perf/lighthouse.sh

# The pinned npm tools of .ci/perf (axe-core for the accessibility e2e tests, Lighthouse).
perf-deps:
	@bash .ci/perf/install.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./wasm/...
	@# go-app's own package imports net/http (the linker drops what the wasm never calls); what must
	@# never reach the wasm is our server code, SQL and the brotli encoder.
	@deps=$$(GOOS=js GOARCH=wasm $(GO) list -deps ./wasm | grep -E '^(database/sql$$|modernc.org|github.com/andybalholm/brotli|wpscheck/server|wpscheck/static)' || true); \
	  if [ -n "$$deps" ]; then echo "server-only packages reach the wasm:"; echo "$$deps"; exit 1; fi

clean:
	rm -rf bin $(WASM) $(WASM).br $(WASM).gz
	find $(WEB) -name '*.br' -delete -o -name '*.gz' -delete
