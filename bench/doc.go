// Package bench measures tokenrenew side by side with what a Go user would
// otherwise pick, golang.org/x/oauth2's ReuseTokenSource. It holds only
// tests and benchmarks: `make bench` runs TestBenchTable, which prints the
// table, writes dist/bench.jsonl and is summarised in BENCHMARKS.md.
//
// It is a module of its own (bench/go.mod, with a replace directive for
// the library beside it), so that golang.org/x/oauth2 is a requirement of
// this comparison only, not of the library module.
package bench
