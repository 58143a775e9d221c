// Package mobile, the Android and iOS face, in a module of its own: it imports
// golang.org/x/mobile/bind/seq, and every version of golang.org/x/mobile
// requires golang.org/x/exp/shiny and more, which no user of the library
// compiles; the library's go.mod stays free of them. make test-mobile
// (mk/mobile.mk) tests it and binds it from this directory.
module github.com/tokenrenew/tokenrenew/mobile

go 1.26.0

require (
	github.com/AgoraIO-Community/go-tokenbuilder v1.3.0
	github.com/tokenrenew/tokenrenew v0.0.0
	go.uber.org/goleak v1.3.0
	golang.org/x/mobile v0.0.0-20261011034528-197770444867
)

require (
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
)

// The library module, from this checkout. A release tags both modules and
// requires the library's tagged version here.
replace github.com/tokenrenew/tokenrenew => ../
