# (Named to sort after wasm.mk, whose variables it uses.)
# Browser benchmark: in-page against SharedWorker mode in headless Chromium
# (start-up, main-thread long tasks, 1/3/10 tabs, hidden and frozen pages,
# download sizes). Not part of `make test`: it measures, it asserts nothing.
# BENCH_WEB_SECONDS sets each tab-count window (default 40; 120 is the ask);
# see wasm/test/bench-web.mjs for the rest.
BENCH_WEB_SECONDS ?= 40

.PHONY: bench-web
bench-web: wasm wasm-tokenctl $(CHROMIUM) $(WASM_TEST)/node_modules/.package-lock.json
	BENCH_WEB_SECONDS=$(BENCH_WEB_SECONDS) timeout $$((900 + 12 * $(BENCH_WEB_SECONDS))) node $(WASM_TEST)/bench-web.mjs
