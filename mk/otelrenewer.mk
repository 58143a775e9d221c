# renewer/otelrenewer is a module of its own (so that the library module
# requires no OpenTelemetry): vet, staticcheck and test it from its directory,
# and check that the core still imports none of it.
OTELRENEWER := renewer/otelrenewer

TEST_SUITES += test-otelrenewer

.PHONY: test-otelrenewer
test-otelrenewer: $(STATICCHECK)
	cd $(OTELRENEWER) && $(GO) vet ./... && $(STATICCHECK) ./... && $(GO) test -race -count=1 ./...
	@if $(GO) list -deps ./renewer ./renewer/renewertest | grep -q opentelemetry; then \
		echo "test-otelrenewer: the renewer package imports OpenTelemetry"; exit 1; fi
	@echo "test-otelrenewer: OK, and renewer imports no OpenTelemetry"
