# tokenctl, the developer's tool: build it, run the demo, and check the real
# binary end to end (signals, exit codes, the "listening on" line).
TOKENCTL := dist/tokenctl

.PHONY: tokenctl demo test-tokenctl
tokenctl:
	@mkdir -p dist
	$(GO) build -o $(TOKENCTL) ./examples/tokenctl

demo:
	$(GO) run ./examples/tokenctl demo

TEST_SUITES += test-tokenctl

# test-tokenctl runs the binary: demo with 4 s tokens for 10 s, stopped by
# SIGINT, must exit 0 after showing at least two renewals; serve, stopped by
# SIGTERM, must print its address and exit 0; serve with a fault rule of two
# 503s, watched for 6 s, must show a 503 and then a token; an unknown command
# exits 2.
test-tokenctl: tokenctl
	@set -e; out=$$(mktemp); \
	timeout --preserve-status -s INT 10 $(TOKENCTL) demo --ttl 4s >$$out; \
	n=$$(grep -c ' renew_token ' $$out); \
	if [ $$n -lt 3 ]; then cat $$out; echo "test-tokenctl: demo showed $$n tokens, want at least 3"; exit 1; fi; \
	grep -q 'stopped after' $$out; \
	timeout --preserve-status -s TERM 3 $(TOKENCTL) serve --addr 127.0.0.1:0 --ttl 4s >$$out 2>/dev/null; \
	grep -q '^listening on http://127.0.0.1:' $$out; \
	srv=$$(mktemp); \
	$(TOKENCTL) serve --addr 127.0.0.1:0 --ttl 4s --fault 'req 1-2 status 503 retry-after 1s' >$$srv 2>/dev/null & pid=$$!; \
	for i in $$(seq 50); do grep -q '^listening on ' $$srv && break; sleep 0.1; done; \
	url=$$(sed -n 's/^listening on //p' $$srv); \
	timeout --preserve-status -s INT 6 $(TOKENCTL) watch --json --profile dolby $$url/token >$$out || true; \
	kill $$pid; wait $$pid || true; rm -f $$srv; \
	if ! grep -q '"status":503' $$out || ! grep -q '"renew_token"' $$out; then cat $$out; echo "test-tokenctl: serve --fault: no 503 then token"; exit 1; fi; \
	if $(TOKENCTL) no-such-command 2>/dev/null; then exit 1; else test $$? -eq 2; fi; \
	rm -f $$out; echo "test-tokenctl: demo ($$n tokens in 10 s), serve, serve --fault and usage OK"
