# make bench: the rows of BENCHMARKS.md, each measured beside its peer
# (golang.org/x/oauth2) in one run, printed as a table and written as JSON
# lines to dist/bench.jsonl (the table itself to dist/bench.md).
BENCH_OUT := $(CURDIR)/dist/bench.jsonl

bench:
	@mkdir -p dist
	$(GO) test -count=1 -run '^TestBenchTable$$' -timeout 15m ./bench -args -bench.table=$(BENCH_OUT)
	@echo "machine: $$(nproc) CPUs, $$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	@cat $(BENCH_OUT:.jsonl=.md)
	@echo "wrote $(BENCH_OUT)"
