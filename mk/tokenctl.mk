# tokenctl, the developer's tool: build it, run the demo, and check the real
# binary end to end (signals, exit codes, the "listening on" line).
TOKENCTL := dist/tokenctl

.PHONY: tokenctl demo test-tokenctl
# One build per make run: every target that runs the binary depends on this
# one. (go build relinks only when a source changed.)
tokenctl:
	@mkdir -p dist
	$(GO) build -o $(TOKENCTL) ./examples/tokenctl

demo:
	$(GO) run ./examples/tokenctl demo

TEST_SUITES += test-tokenctl

# test-tokenctl runs examples/tokenctl/e2e.sh on the binary: demo until it
# has shown three tokens, serve, serve with a fault rule of two 503s watched
# until a token comes, inspect's exit statuses and an unknown command. It
# waits for events, never for fixed times, and stops each command with two
# signals in a row (as GNU timeout sends them): each must still exit 0.
test-tokenctl: tokenctl
	sh examples/tokenctl/e2e.sh $(TOKENCTL)
