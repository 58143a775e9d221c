# Fuzz targets. Append yours as pkg:FuzzName, where pkg is the package
# directory (FUZZ_TARGETS += examples/tokenctl:FuzzArgs).
FUZZ_TARGETS += renewer/tokeninfo:FuzzInspect
FUZZ_TARGETS += renewer/tokeninfo:FuzzAgora006Content
FUZZ_TARGETS += renewer/tokeninfo:FuzzAgora007Content
FUZZ_TARGETS += renewer/tokeninfo:FuzzAgora007RoundTrip

# How long each target runs: in `make fuzz-short` (part of `make test`) a
# number of inputs, not a time, so that a loaded machine cannot make the
# fuzzing engine miss its own shutdown deadline ("context deadline
# exceeded", a failure of the engine, not of the target); in `make fuzz`,
# a minute. New interesting inputs go to the Go build cache; copy the ones
# worth keeping into the package's testdata/fuzz/FuzzName/.
FUZZ_SHORT_TIME ?= 10000x
FUZZ_LONG_TIME  ?= 60s

TEST_SUITES += fuzz-short

.PHONY: fuzz-short fuzz
fuzz-short:
	@$(call run-fuzz,$(FUZZ_SHORT_TIME))

fuzz:
	@$(call run-fuzz,$(FUZZ_LONG_TIME))

# run-fuzz runs every target in FUZZ_TARGETS, one after another, for $(1)
# each, and stops at the first failure.
define run-fuzz
set -e; for t in $(FUZZ_TARGETS); do \
	pkg=$${t%%:*}; name=$${t#*:}; \
	echo "fuzz $$pkg $$name for $(1)"; \
	$(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(1) ./$$pkg; \
done
endef
