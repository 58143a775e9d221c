# Browser build: dist/ holds the wasm module, its loader, types and a
# package.json, publishable to npm as is.
WASM_DIST    := dist
WASM_BUDGET  ?= 1000000
WASM_EXEC_JS := $(shell $(GO) env GOROOT)/lib/wasm/wasm_exec.js
WASM_TEST    := wasm/test
# The ES modules: the API, its error class and option table, the page side
# of the worker modes, the Go runtime loader and the worker.
WASM_JS      := wasm/js/tokenrenew.js wasm/js/tokenrenew-error.js wasm/js/tokenrenew-options.js \
	wasm/js/tokenrenew-remote.js wasm/js/tokenrenew-runtime.js wasm/js/tokenrenew-worker.js
CHROMIUM     ?= /usr/bin/chromium
# Inlining off (-l) makes the module about 7% smaller gzipped; renewal is
# not CPU-bound.
WASM_FLAGS   := -trimpath -gcflags=all=-l -ldflags="-s -w"

TEST_SUITES += test-wasm

.PHONY: wasm wasm-brotli wasm-size wasm-size-profile test-wasm test-wasm-go test-wasm-node test-wasm-browser test-wasm-types wasm-nohttp wasm-tokenctl

# brotli reports the compressed size browsers mostly fetch, and binaryen's
# wasm-opt is tried on the module; both installed from Debian when missing
# and root, else the size is reported as n/a and wasm-opt skipped.
wasm-brotli:
	@command -v brotli >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli >/dev/null; } || true
	@command -v wasm-opt >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binaryen >/dev/null; } || true

# wasm-opt -Oz is kept only when it makes the gzipped module smaller: with
# Debian 12's binaryen 108 it does not (raw -200 KB, gzip +7 KB, brotli
# +15 KB; see BENCHMARKS.md).
wasm: wasm-brotli
	@mkdir -p $(WASM_DIST)
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $(WASM_DIST)/tokenrenew.wasm ./wasm
	@if command -v wasm-opt >/dev/null 2>&1; then \
		wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
			$(WASM_DIST)/tokenrenew.wasm -o $(WASM_DIST)/tokenrenew.opt.wasm && \
		if [ $$(gzip -9 -c $(WASM_DIST)/tokenrenew.opt.wasm | wc -c) -lt $$(gzip -9 -c $(WASM_DIST)/tokenrenew.wasm | wc -c) ]; then \
			mv $(WASM_DIST)/tokenrenew.opt.wasm $(WASM_DIST)/tokenrenew.wasm; echo "wasm-opt -Oz: kept"; \
		else rm -f $(WASM_DIST)/tokenrenew.opt.wasm; echo "wasm-opt -Oz: no gain, not kept"; fi; \
	else echo "wasm-opt not installed (Debian: binaryen); building without it"; fi
	cp $(WASM_EXEC_JS) $(WASM_DIST)/wasm_exec.js
	cp $(WASM_JS) wasm/js/tokenrenew.d.ts wasm/js/package.json $(WASM_DIST)/
	@# The content-hashed copy, which may be cached for ever; the loader's
	@# default and the SharedWorker's name carry the same hash.
	@rm -f $(WASM_DIST)/tokenrenew.*.wasm $(WASM_DIST)/tokenrenew.*.wasm.gz $(WASM_DIST)/tokenrenew.*.wasm.br; h=$$(sha256sum $(WASM_DIST)/tokenrenew.wasm | cut -c1-12); \
	cp $(WASM_DIST)/tokenrenew.wasm $(WASM_DIST)/tokenrenew.$$h.wasm; \
	sed -i 's/^\(export \)\{0,1\}const build = "dev";/\1const build = "'$$h'";/' $(WASM_DIST)/tokenrenew.js $(WASM_DIST)/tokenrenew-runtime.js; \
	[ $$(grep -c "const build = \"$$h\";" $(WASM_DIST)/tokenrenew.js $(WASM_DIST)/tokenrenew-runtime.js | grep -c ':1$$') = 2 ] && \
	echo "dist/tokenrenew.$$h.wasm: the content-hashed copy the loader fetches"
	@# Precompressed siblings for servers that send them as they are
	@# (Content-Encoding: br / gzip); the sizes below are theirs.
	@w=$$(ls $(WASM_DIST)/tokenrenew.*.wasm); raw=$$(wc -c < $$w); \
	gzip -9 -n -c $$w > $$w.gz; gz=$$(wc -c < $$w.gz); \
	if command -v brotli >/dev/null 2>&1; then brotli -q 11 -f -o $$w.br $$w; br=$$(wc -c < $$w.br); else br="n/a (no brotli)"; fi; \
	echo "dist/tokenrenew.wasm: raw $$raw bytes, gzip -9 $$gz bytes, brotli $$br bytes (budget: $(WASM_BUDGET) gzip)"

# The size budget for dist/tokenrenew.wasm, gzip -9.
wasm-size: wasm
	@gz=$$(gzip -9 -c $(WASM_DIST)/tokenrenew.wasm | wc -c); \
	if [ $$gz -gt $(WASM_BUDGET) ]; then echo "FAIL: tokenrenew.wasm is $$gz bytes gzipped, over the $(WASM_BUDGET) budget"; exit 1; fi; \
	echo "size budget ok: $$gz <= $(WASM_BUDGET)"

# Where the module's bytes go: the same build with its symbols, code bytes
# per package (wasm/test/wasm-size.mjs), and, for scale, a minimal Go
# js/wasm program (syscall/js only): the floor any Go module starts from.
wasm-size-profile:
	@mkdir -p $(WASM_DIST)/size
	GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags=all=-l -o $(WASM_DIST)/tokenrenew.symbols.wasm ./wasm
	node $(WASM_TEST)/wasm-size.mjs $(WASM_DIST)/tokenrenew.symbols.wasm 45
	@printf 'package main\n\nimport "syscall/js"\n\nfunc main() {\n\tjs.Global().Set("f", js.FuncOf(func(js.Value, []js.Value) any { return nil }))\n\tselect {}\n}\n' > $(WASM_DIST)/size/main.go
	@printf 'module floor\n\ngo 1.26\n' > $(WASM_DIST)/size/go.mod
	@cd $(WASM_DIST)/size && GOOS=js GOARCH=wasm GOWORK=off $(GO) build $(WASM_FLAGS) -o floor.wasm . && \
		echo "a minimal syscall/js program, built as tokenrenew.wasm is: raw $$(wc -c < floor.wasm), gzip -9 $$(gzip -9 -c floor.wasm | wc -c)"

# The wasm build must not link net/http: fetch is the transport.
wasm-nohttp:
	@if GOOS=js GOARCH=wasm $(GO) list -deps ./wasm | grep -x net/http; then \
		echo "FAIL: the wasm build links net/http"; exit 1; fi; echo "wasm build links no net/http"

# Go tests under Node with Go's go_js_wasm_exec. Of renewer's, all but
# those that reach an httptest server through the default transport: under
# js, httptest listens on Go's in-process fake network, which fetch cannot
# reach.
WASM_RENEWER_SKIP ?= ^TestHTTP|^TestAbsurdExpiryIsCut$$|^Example(New|Agora|Dolby|RoomService|JSON|Text)$$
test-wasm-go:
	@command -v node >/dev/null || { echo "node is needed (Debian: nodejs)"; exit 1; }
	PATH="$$PATH:$$($(GO) env GOROOT)/lib/wasm" GOOS=js GOARCH=wasm $(GO) test -count=1 ./wasm ./renewer/tokeninfo ./internal/jsonlite ./internal/urlx ./internal/hmaclite ./internal/httpsource ./internal/scrub ./internal/permanent
	PATH="$$PATH:$$($(GO) env GOROOT)/lib/wasm" GOOS=js GOARCH=wasm $(GO) test -count=1 -skip '$(WASM_RENEWER_SKIP)' ./renewer

$(WASM_TEST)/node_modules/.package-lock.json: $(WASM_TEST)/package.json $(WASM_TEST)/package-lock.json
	cd $(WASM_TEST) && npm ci --no-audit --no-fund

# node --test against a live tokenctl serve; the timeout proves that a
# stopped renewer leaves nothing that keeps Node running.
# The tests' token server, dist/tokenctl: tokenctl's one build per make run
# (mk/tokenctl.mk).
wasm-tokenctl: tokenctl

test-wasm-node: wasm wasm-tokenctl
	timeout 120 node --test $(WASM_TEST)/node.test.mjs

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium is missing: apt-get install chromium (as root)"; exit 1; fi

# The demo page, then the worker modes (several pages sharing one
# SharedWorker, a frozen page, the fallbacks), then a stalled download of
# the module in each mode, then tabs frozen while the worker renews.
test-wasm-browser: wasm wasm-tokenctl $(CHROMIUM) $(WASM_TEST)/node_modules/.package-lock.json
	timeout 180 node $(WASM_TEST)/e2e.mjs
	timeout 240 node --test --test-reporter=spec $(WASM_TEST)/workers.test.mjs
	timeout 120 node --test --test-reporter=spec $(WASM_TEST)/identity.test.mjs
	timeout 120 node --test --test-reporter=spec $(WASM_TEST)/stall.test.mjs
	timeout 120 node --test --test-reporter=spec $(WASM_TEST)/freeze.test.mjs

# tokenrenew.d.ts, checked by TypeScript (from wasm/test's lock file): a
# usage file whose @ts-expect-error lines are misuse the types must refuse,
# and examples/web/app.js (checkJs), which imports dist/; then a Node.js
# project without the DOM lib (or @types/node): the types stand alone; then
# every option a profile does not read, from the runtime's table
# (profileOptions), which the types must refuse as createRenewer does.
test-wasm-types: wasm $(WASM_TEST)/node_modules/.package-lock.json
	timeout 120 $(WASM_TEST)/node_modules/.bin/tsc --noEmit --strict -p $(WASM_TEST)/types
	timeout 120 $(WASM_TEST)/node_modules/.bin/tsc --noEmit --strict -p $(WASM_TEST)/types-node
	node $(WASM_TEST)/profile-types.mjs
	timeout 120 $(WASM_TEST)/node_modules/.bin/tsc --noEmit --strict -p $(WASM_DIST)/profile-types

test-wasm: wasm-nohttp wasm-size test-wasm-go test-wasm-types test-wasm-node test-wasm-browser
	@echo "test-wasm: all passed"
