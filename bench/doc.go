// Package bench measures tokenrenew side by side with what a Go user would
// otherwise pick, golang.org/x/oauth2's ReuseTokenSource. It holds only
// tests and benchmarks: `make bench` runs TestBenchTable, which prints the
// table, writes dist/bench.jsonl and is summarised in BENCHMARKS.md.
package bench
