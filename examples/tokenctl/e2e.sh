#!/bin/sh
# e2e.sh TOKENCTL: the real tokenctl binary end to end, as a person or a
# supervisor runs it (make test-tokenctl): signals, exit statuses, the
# "listening on" line, serve's access log. Every wait is for an event and
# bounded; none is a fixed sleep, so a loaded machine makes it slower, not
# flaky. Each command is stopped with two signals in a row, as GNU timeout
# sends them (to the command, then to its process group): it must still
# exit 0.
set -eu
bin=$1
dir=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$dir"
}
trap cleanup EXIT

fail() {
	for f in "$dir"/*; do echo "--- $(basename "$f")"; cat "$f"; done
	echo "test-tokenctl: $*"
	exit 1
}

# wait_for FILE PATTERN N SECONDS: until FILE has N lines matching PATTERN.
# (Each command writes files of its own: a file another command wrote
# could match before this one has even started.)
wait_for() {
	i=0
	while :; do
		n=$(grep -c -e "$2" "$1" 2>/dev/null) || true
		[ "${n:-0}" -lt "$3" ] || return 0
		i=$((i + 1))
		[ "$i" -le $(($4 * 10)) ] || return 1
		sleep 0.1
	done
}

# stop PID SIGNAL: sends SIGNAL twice, waits, and sets st to the exit status.
stop() {
	kill -s "$2" "$1"
	kill -s "$2" "$1" 2>/dev/null || true
	st=0
	wait "$1" || st=$?
}

# demo: at least three tokens, then a summary and exit 0 on SIGINT.
"$bin" demo --ttl 2s >"$dir/demo" 2>&1 &
demo=$!
pids="$pids $demo"
wait_for "$dir/demo" ' renew_token ' 3 60 || fail "demo showed fewer than 3 tokens"
stop $demo INT
[ "$st" = 0 ] || fail "demo exited $st after SIGINT, want 0"
grep -q 'stopped after' "$dir/demo" || fail "demo printed no summary"

# serve: its address, then exit 0 on SIGTERM.
"$bin" serve --addr 127.0.0.1:0 --ttl 4s >"$dir/serve" 2>"$dir/serve.log" &
srv=$!
pids="$pids $srv"
wait_for "$dir/serve" '^listening on http://127\.0\.0\.1:' 1 30 || fail "serve printed no address"
stop $srv TERM
[ "$st" = 0 ] || fail "serve exited $st after SIGTERM, want 0"

# serve --fault and watch: two 503s, then a token; serve logs the fault.
"$bin" serve --addr 127.0.0.1:0 --ttl 4s --fault 'req 1-2 status 503 retry-after 1s' >"$dir/fault" 2>"$dir/fault.log" &
srv=$!
pids="$pids $srv"
wait_for "$dir/fault" '^listening on ' 1 30 || fail "serve --fault printed no address"
url=$(sed -n 's/^listening on //p' "$dir/fault")
"$bin" watch --json --profile dolby "$url/token" >"$dir/watch" 2>&1 &
watch=$!
pids="$pids $watch"
wait_for "$dir/watch" '"renew_token"' 1 60 || fail "watch got no token"
stop $watch INT
[ "$st" = 0 ] || fail "watch exited $st after SIGINT, want 0"
grep -q '"status":503' "$dir/watch" || fail "watch showed no 503"
grep -q '"event":"stopped"' "$dir/watch" || fail "watch printed no summary"
grep -q ' 503  .*fault: status 503 retry-after 1s' "$dir/fault.log" || fail "serve logged no faulted request"
stop $srv TERM
[ "$st" = 0 ] || fail "serve --fault exited $st after SIGTERM, want 0"

# inspect: 3 for an expired token, 2 for none; 2 for an unknown command.
b64url() { printf '%s' "$1" | base64 | tr '+/' '-_' | tr -d '=\n'; }
jwt="$(b64url '{"alg":"HS256"}').$(b64url '{"iat":1577836800,"exp":1577840400}').c2ln"
st=0; "$bin" inspect "Bearer $jwt" >"$dir/inspect" 2>&1 || st=$?
[ "$st" = 3 ] && grep -q '^expired: *yes' "$dir/inspect" || fail "inspect of an expired token: exit $st, want 3"
st=0; "$bin" inspect "" >"$dir/inspect" 2>&1 || st=$?
[ "$st" = 2 ] || fail "inspect of no token: exit $st, want 2"
st=0; "$bin" no-such-command >"$dir/usage" 2>&1 || st=$?
[ "$st" = 2 ] || fail "an unknown command: exit $st, want 2"

echo "test-tokenctl: demo ($(grep -c ' renew_token ' "$dir/demo") tokens), serve, serve --fault with watch, inspect and usage OK"
