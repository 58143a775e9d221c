# make bench: the rows of BENCHMARKS.md, each measured beside its peer
# (golang.org/x/oauth2) in one run, printed as a table and written as JSON
# lines to dist/bench.jsonl (the table itself to dist/bench.md).
#
# bench/ is a module of its own, so that the peer it measures against is
# no requirement of the library module every user downloads. test-bench
# (part of make test) vets it, compiles its benchmarks and runs
# TestBenchGoals: the goals that are counts (allocations, fetches, bytes,
# goroutines, a ratio), never times.
BENCH_OUT := $(CURDIR)/dist/bench.jsonl

TEST_SUITES += test-bench

.PHONY: bench test-bench
test-bench: $(STATICCHECK)
	cd bench && $(GO) vet ./... && $(STATICCHECK) ./... && $(GO) test -count=1 -run '^TestBenchGoals$$' -bench '^$$' -timeout 10m ./...

bench:
	@mkdir -p dist
	cd bench && $(GO) test -count=1 -run '^TestBenchTable$$' -timeout 15m . -args -bench.table=$(BENCH_OUT)
	@echo "machine: $$(nproc) CPUs, $$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	@cat $(BENCH_OUT:.jsonl=.md)
	@echo "wrote $(BENCH_OUT)"
