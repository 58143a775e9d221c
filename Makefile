# tokenrenew: make test runs every suite and installs what they need.
GO          ?= go
GOBIN       := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck

# Suites that mk/*.mk files add to `make test`.
TEST_SUITES :=
include $(sort $(wildcard mk/*.mk))

.PHONY: test lint test-go bench cover
test: lint test-go $(TEST_SUITES)
	@echo "make test: all suites passed"

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: $(STATICCHECK)
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null)); \
	if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./renewer
	$(STATICCHECK) ./...

test-go:
	$(GO) test -race -count=1 ./...

cover:
	$(GO) test -count=1 -coverprofile=dist/cover.out ./renewer
	$(GO) tool cover -func=dist/cover.out | tail -1
