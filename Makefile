# tokenrenew: `make check` is the quick inner loop (format, vet, staticcheck
# when installed, the Go tests); `make test` runs every suite and installs
# what they need.
GO          ?= go
GOBIN       := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck
# The platforms `go vet` checks, tests included (vet compiles them): the
# usual one, the browser's, and those the library's users build on.
VET_PLATFORMS := linux/amd64 js/wasm darwin/amd64 windows/amd64 linux/arm64
# Packages whose Go tests a suite of mk/*.mk runs itself, with more around
# them; test-go leaves them out so that they run once.
TEST_GO_OWNED := ./mobile/...

# Suites that mk/*.mk files add to `make test`.
TEST_SUITES :=
include $(sort $(wildcard mk/*.mk))

.PHONY: test check lint fmt vet test-go bench cover
test: lint test-go $(TEST_SUITES)
	@echo "make test: all suites passed"

# check installs nothing and runs no suite of mk/*.mk: staticcheck runs only
# when already installed, and the Go tests without -race.
check: fmt vet
	@if [ -x $(STATICCHECK) ]; then echo "$(STATICCHECK) ./..."; $(STATICCHECK) ./...; \
	else echo "staticcheck is not installed: skipped (make lint installs it)"; fi
	$(GO) test -count=1 ./...
	@echo "make check: passed"

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: fmt vet $(STATICCHECK)
	$(STATICCHECK) ./...

fmt:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null)); \
	if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi

vet:
	@set -e; for p in $(VET_PLATFORMS); do \
		echo "go vet ./... ($$p)"; GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) vet ./...; \
	done

test-go:
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v -x -F "$$($(GO) list $(TEST_GO_OWNED))")

cover:
	@mkdir -p dist
	$(GO) test -count=1 -coverprofile=dist/cover.out ./renewer
	$(GO) tool cover -func=dist/cover.out | tail -1
