// The build tools of tokenrenew, in a module of their own (as bench/, mobile/
// and renewer/otelrenewer/ are), so that the library's go.mod lists only what its
// users compile: gobind and gomobile bring golang.org/x/tools and more.
// mobile/bind.sh and mobile/jvmtest/run.sh build them from here:
//
//	go build -C tools -o DIR golang.org/x/mobile/cmd/gobind golang.org/x/mobile/cmd/gomobile
//
// Its golang.org/x/mobile is the one the mobile module requires (mobile/go.mod;
// package mobile imports golang.org/x/mobile/bind/seq): run.sh fails when the
// two differ.
module github.com/tokenrenew/tokenrenew/tools

go 1.26.0

require (
	golang.org/x/mobile v0.0.0-20261011034528-197770444867 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

tool (
	golang.org/x/mobile/cmd/gobind
	golang.org/x/mobile/cmd/gomobile
)
