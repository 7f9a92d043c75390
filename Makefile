# WPS 登录自助检测 — build, run and test.
#   make run    build everything, then serve on http://localhost:8080
#   make test   install what is missing (Chromium, brotli, PostgreSQL), build, run every test
#   make export write the page for a static host or CDN into EXPORT_DIR (docs/cdn.md)
SHELL := /bin/bash
.DEFAULT_GOAL := build

GO        ?= go
ADDR      ?= localhost:8080
VERSION   := $(shell git describe --always --dirty --tags 2>/dev/null || echo dev)
WEB       := static/web
WASM      := $(WEB)/app.wasm
# The agents' console is a wasm of its own, so that the people who open a
# support link never download it (docs/ARCHITECTURE.md).
CONSOLE_WASM := $(WEB)/console.wasm
SERVER    := bin/server
GO_SRC    := $(shell find app wasm -name '*.go' -not -name '*_test.go') go.mod go.sum
SERVER_SRC := $(shell find server static -name '*.go' -not -name '*_test.go') server/httpserver/app-worker.js
# Text files served as they are, precompressed next to themselves.
TEXT      := $(WASM) $(CONSOLE_WASM) $(shell find $(WEB) -type f \( -name '*.css' -o -name '*.svg' -o -name '*.txt' -o -name '*.js' -o -name '*.json' \))
COMPRESSED := $(addsuffix .br,$(TEXT)) $(addsuffix .gz,$(TEXT))
STATIC    := $(shell find $(WEB) -type f -not -name 'app.wasm*' -not -name 'console.wasm*' -not -name '*.br' -not -name '*.gz')

.PHONY: build run test test-unit test-e2e size lint bench lighthouse clean deps perf-deps export

build: $(SERVER)

# The wasm is built without inlining (-gcflags=all=-l): its brotli is 117 KB
# (7 %) smaller, and the main thread spends no more CPU from navigation to
# done (measured side by side: docs/ARCHITECTURE.md). make size and make
# lighthouse build the go-app floor with the same flags (sizereport reads
# WASM_GCFLAGS).
WASM_GCFLAGS := all=-l
export WASM_GCFLAGS

# The wasm is built against go-app with its server half (pkg/app/http.go,
# resource.go: net/http, crypto/tls) left out: wasm/patch-goapp.sh copies the
# module from the module cache after checking it against go.sum, applies
# wasm/goapp-<version>-wasm.patch and writes WASM_MODFILE (go.mod + a replace
# of go-app by the copy). Only the wasm build uses it; the server, the native
# tests and go vet use the genuine module (docs/ARCHITECTURE.md). make size
# and make bench read WASM_MODFILE to build the floor and the named wasm the
# same way.
GOAPP_DIR    := build/goapp/go-app
WASM_MODFILE := build/goapp/wasm.mod
export WASM_MODFILE GOAPP_DIR

$(WASM_MODFILE): go.mod go.sum $(wildcard wasm/goapp-*-wasm.patch) wasm/patch-goapp.sh
	GO=$(GO) bash wasm/patch-goapp.sh $(GOAPP_DIR) $@

$(WASM): $(GO_SRC) Makefile $(WASM_MODFILE)
	GOOS=js GOARCH=wasm $(GO) build -modfile=$(WASM_MODFILE) -trimpath -gcflags='$(WASM_GCFLAGS)' -ldflags='-s -w' -o $@.tmp ./wasm && mv -f $@.tmp $@

$(CONSOLE_WASM): $(GO_SRC) Makefile $(WASM_MODFILE)
	GOOS=js GOARCH=wasm $(GO) build -modfile=$(WASM_MODFILE) -trimpath -gcflags='$(WASM_GCFLAGS)' -ldflags='-s -w' -o $@.tmp ./wasm/console && mv -f $@.tmp $@

# Written to a temporary name and renamed, so a server or test reading static/
# never sees a half-written sibling (the server also ignores stale ones).
%.br: %
	brotli -q 11 -f -o $@.tmp $< && mv -f $@.tmp $@ && touch $@

%.gz: %
	gzip -9 -n -c $< > $@.tmp && mv -f $@.tmp $@

$(SERVER): $(WASM) $(CONSOLE_WASM) $(COMPRESSED) $(STATIC) $(SERVER_SRC) $(GO_SRC)
	@mkdir -p bin
	$(GO) build -trimpath -ldflags='-s -w -X main.version=$(VERSION)' -o $@ ./server

run: deps build
	./$(SERVER) -addr $(ADDR)

# The page for a static host or CDN (docs/cdn.md): EXPORT_DIR is replaced
# as a whole; API_ORIGIN (optional) is the server the page calls; CONFIG
# (optional) the operator config whose public part is snapshotted.
EXPORT_DIR ?= build/export
export: build
	rm -rf '$(EXPORT_DIR)'
	./$(SERVER) -export '$(EXPORT_DIR)' $(if $(API_ORIGIN),-export-api-origin '$(API_ORIGIN)') $(if $(CONFIG),-config '$(CONFIG)')

deps:
	@bash .ci/install-deps.sh

# Go's ./... skips dot-directories: the measuring tools are named too.
TOOLS     := ./.ci/perf/sizereport

test: deps build lint
	$(GO) test -count=1 -timeout 30m ./... $(TOOLS)

test-unit:
	$(GO) test ./app/... ./server/httpserver/...

# The browser tests alone (Chromium, the built wasm).
test-e2e: deps build
	$(GO) test -count=1 -timeout 30m ./server/e2e/...

# Measurements, written to docs/perf/*.md and printed; none is part of make test.
#   make size        first-visit bytes (raw/gzip/brotli), the go-app floor, what in the wasm costs what
#   make bench       Go benchmarks (/api/time vs a bare handler over loopback) + open→done in Chromium
#   make lighthouse  Lighthouse 12.2.3 (installed into .ci/perf/node_modules), mobile + desktop, 15 runs each (RUNS), product and floors interleaved (~25 min)
size: build
	$(GO) run ./.ci/perf/sizereport -static static -out docs/perf/size.md

bench: deps build
	bash .ci/perf/bench.sh

lighthouse: deps build
	bash .ci/perf/lighthouse.sh

# The pinned npm tools of .ci/perf (axe-core for the accessibility e2e tests, Lighthouse).
perf-deps:
	@bash .ci/perf/install.sh

lint: $(WASM_MODFILE)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./... $(TOOLS)
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./wasm/...
	@# What must never reach the shipped wasm (built with the patched go-app): our server code, SQL,
	@# the PostgreSQL driver, the brotli encoder, the Prometheus client, net/http or crypto/tls
	@# (go-app's server half, which the patch leaves out), and any crypto package or
	@# github.com/google/uuid (go-app's IDs and encrypted states, which the patch also leaves out).
	@deps=$$(GOOS=js GOARCH=wasm $(GO) list -modfile=$(WASM_MODFILE) -deps ./wasm ./wasm/console) || exit 1; \
	  bad=$$(echo "$$deps" | grep -E '^(database/sql$$|modernc.org|github.com/jackc|github.com/andybalholm/brotli|github.com/prometheus|wpscheck/server|wpscheck/static|net/http$$|crypto(/|$$)|github.com/google/uuid$$)' || true); \
	  if [ -n "$$bad" ]; then echo "server-only packages reach the wasm:"; echo "$$bad"; exit 1; fi; \
	  echo "wasm (-modfile=$(WASM_MODFILE)): $$(echo "$$deps" | wc -l) packages, no net/http, no crypto, no Prometheus, no server code"
	@# A wasm built against the patched go-app cannot encrypt a state (crypto.go is left out):
	@# no browser code may ask it to.
	@used=$$(git grep --untracked -n -E '\bapp\.Encrypt\b|\.(Encrypt|Decrypt)\(' -- app wasm ':!*_test.go' ':!*.patch' || true); \
	  if [ -n "$$used" ]; then echo "encrypted go-app states do not work in the patched wasm (wasm/goapp-*-wasm.patch, crypto.go):"; echo "$$used"; exit 1; fi
	@# go-app's Aria(k, v) and DataSet(k, v) format every value with fmt.Sprintf("%v") on every
	@# render, which made fmt's printer hot enough for V8 to recompile it in the background while
	@# the page draws; Attr("aria-k", v) / Attr("data-k", v) write the same attribute without fmt.
	@used=$$(git grep --untracked -n -E '\.(Aria|DataSet)\(|^\s+(Aria|DataSet)\(' -- app wasm ':!*_test.go' || true); \
	  if [ -n "$$used" ]; then echo "use Attr(\"aria-…\", v) / Attr(\"data-…\", v) instead of Aria/DataSet (they go through fmt.Sprintf on every render):"; echo "$$used"; exit 1; fi
	@# The self-check's wasm links no regexp parser (route.go in the patch): go-app imports regexp,
	@# so this asks the linker what it keeps, not go list what is imported.
	@dump=$$(GOOS=js GOARCH=wasm $(GO) build -modfile=$(WASM_MODFILE) -trimpath -gcflags='$(WASM_GCFLAGS)' -ldflags='-s -w -dumpdep' -o /dev/null ./wasm 2>&1) || { echo "$$dump" | tail -20; exit 1; }; \
	  echo "$$dump" | grep -q -- '-> runtime.main$$' || { echo "lint: the linker's dependency dump of ./wasm has no runtime.main: cannot check it"; exit 1; }; \
	  if echo "$$dump" | grep -q -- '-> regexp/syntax.Parse$$'; then echo "the self-check's wasm links the regexp parser (regexp/syntax.Parse): ~86 KB of brotli; see wasm/goapp-*-wasm.patch (route.go)"; exit 1; fi; \
	  echo "wasm ./wasm: the linker keeps no regexp parser"

clean:
	rm -rf bin $(WASM) $(WASM).br $(WASM).gz $(CONSOLE_WASM) $(CONSOLE_WASM).br $(CONSOLE_WASM).gz
	[ ! -d build/goapp ] || { chmod -R u+w build/goapp && rm -rf build/goapp; }
	find $(WEB) -name '*.br' -delete -o -name '*.gz' -delete
