# tokenrenew: `make check` is the quick inner loop (format, vet, staticcheck
# when installed, the Go tests); `make test` runs every suite and installs
# what they need.
GO          ?= go
GOBIN       := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck
# The platforms `go vet` checks, tests included (vet compiles them): the
# usual one, the browser's, and those the library's users build on.
VET_PLATFORMS := linux/amd64 js/wasm darwin/amd64 windows/amd64 linux/arm64
# The modules that lint and check cover, each from its directory: the
# library, and mobile (a module of its own, so that golang.org/x/mobile and
# the modules it requires are no requirement of the library; its Go tests
# run under -race in test-mobile, mk/mobile.mk). bench and
# renewer/otelrenewer are vetted and tested by their own suites.
LINT_MODULES := . mobile

# Suites that mk/*.mk files add to `make test`.
TEST_SUITES :=
include $(sort $(wildcard mk/*.mk))

.PHONY: test check lint fmt vet test-go bench cover
test: lint test-go $(TEST_SUITES)
	@echo "make test: all suites passed"

# check installs nothing and runs no suite of mk/*.mk: staticcheck runs only
# when already installed, and the Go tests without -race.
check: fmt vet
	@set -e; if [ -x $(STATICCHECK) ]; then for m in $(LINT_MODULES); do \
		echo "$(STATICCHECK) ./... (in $$m)"; (cd $$m && $(STATICCHECK) ./...); done; \
	else echo "staticcheck is not installed: skipped (make lint installs it)"; fi
	@set -e; for m in $(LINT_MODULES); do \
		echo "go test -count=1 ./... (in $$m)"; $(GO) -C $$m test -count=1 ./...; \
	done
	@echo "make check: passed"

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: fmt vet $(STATICCHECK)
	@set -e; for m in $(LINT_MODULES); do \
		echo "$(STATICCHECK) ./... (in $$m)"; (cd $$m && $(STATICCHECK) ./...); \
	done

fmt:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null)); \
	if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi

vet:
	@set -e; for m in $(LINT_MODULES); do for p in $(VET_PLATFORMS); do \
		echo "go vet ./... (in $$m, $$p)"; GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) -C $$m vet ./...; \
	done; done

# The library module's Go tests; mobile's run in test-mobile.
test-go:
	$(GO) test -race -count=1 ./...

cover:
	@mkdir -p dist
	$(GO) test -count=1 -coverprofile=dist/cover.out ./renewer
	$(GO) tool cover -func=dist/cover.out | tail -1
