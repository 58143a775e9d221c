package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
)

// runServe runs a local token server until ctx ends. It prints
// "listening on http://ADDR" on stdout once it accepts connections, and a
// line for each request on stderr (see accessLog).
func runServe(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	ttl := fs.Duration("ttl", tokenserver.DefaultTTL, "lifetime of the tokens minted, unless a request asks for one")
	cors := fs.String("cors-origin", "*", `origins allowed to call from a browser: "*" or a comma-separated list`)
	allowHost := fs.String("allow-host", "", `host names or addresses, comma-separated, that requests may call the server by besides loopback and --addr's, such as 10.0.2.2 (the Android emulator's name for its host)`)
	var faults ruleFlags
	fs.Var(&faults, "fault", `a fault rule, such as "2m-12m outage" or "req 3 status 503 retry-after 10s" (repeatable)`)
	scriptFile := fs.String("script", "", "a file of fault rules, one a line; its rules come before --fault's")
	setUsage(fs, `usage: tokenctl serve [--addr 127.0.0.1:8080] [--ttl 40s] [--cors-origin *] [--script FILE] [--fault RULE]...

A local token server speaking the Agora token service, Dolby.io token function,
Room Service webhook, JSON and text shapes (routes: go doc ./internal/tokenserver),
misbehaving as the fault rules say, timed from the server's start:

  when:  always | A-B | A- (10m-20m, 1h-)  and/or  req N | req N-M | req N-
  route: route agora|agora-legacy|dolby|roomservice|text|json   (optional)
  fault: outage | upgrade | redirect-loop | repeat | revoke | status N [retry-after D]
         latency D | skew D | lifetime D | ok

  tokenctl serve --ttl 2m --fault '1m30s-3m outage' --fault 'req 5- revoke'

POST /_control/script with rules as the body replaces them while it runs.
Each request is logged on stderr with its status and the fault applied;
query values, headers and bodies are not (they may be secrets).

`)
	if code, ok := parseFlags(fs, args, 0); !ok {
		return code
	}
	var script tokenserver.Script
	if *scriptFile != "" {
		b, err := os.ReadFile(*scriptFile)
		if err == nil {
			script, err = tokenserver.ParseScript(string(b))
		}
		if err != nil {
			fmt.Fprintln(e.stderr, "tokenctl serve: --script:", err)
			return 2
		}
	}
	script = append(script, faults...)
	if *ttl <= 0 {
		fmt.Fprintf(e.stderr, "tokenctl serve: --ttl must be positive, such as 40s (got %s)\n", *ttl)
		return 2
	}
	log := &accessLog{w: e.stderr}
	srv, url, err := startServer(*addr, log.handler, tokenserver.Options{TTL: *ttl, CORSOrigin: *cors, Script: script,
		AllowHosts: splitList(*allowHost), OnToken: log.onToken})
	if err != nil {
		fmt.Fprintln(e.stderr, "tokenctl serve:", err)
		return 1
	}
	fmt.Fprintln(e.stdout, "listening on", url)
	fmt.Fprintf(e.stderr, "tokens live %s; routes: POST /getToken, GET /rtc|rtm|rte|chat/…/, GET|POST /token, POST /auth, /json, /text, GET /ping\n", *ttl)
	if len(script) > 0 {
		fmt.Fprintf(e.stderr, "faults, timed from now:\n%s", indent(script.String()))
	}
	<-ctx.Done()
	if err := stopServer(srv); err != nil {
		fmt.Fprintln(e.stderr, "tokenctl serve:", err)
		return 1
	}
	return 0
}

// ruleFlags collects repeated --fault rules.
type ruleFlags tokenserver.Script

func (r *ruleFlags) String() string { return fmt.Sprintf("%d rules", len(*r)) }

func (r *ruleFlags) Set(v string) error {
	rule, err := tokenserver.ParseRule(v)
	if err != nil {
		return err
	}
	*r = append(*r, rule)
	return nil
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// indent indents every line of s by two spaces.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}

// startServer starts a token server on addr, its handler wrapped by wrap
// when not nil, and returns it and its base URL.
func startServer(addr string, wrap func(http.Handler) http.Handler, o tokenserver.Options) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	var h http.Handler = tokenserver.New(o)
	if wrap != nil {
		h = wrap(h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, "http://" + ln.Addr().String(), nil
}

// stopServer shuts srv down, waiting a little for requests in flight.
func stopServer(srv *http.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return srv.Close()
	}
	return nil
}

// setUsage makes fs's usage print text as it is, then the flag defaults.
func setUsage(fs *flag.FlagSet, text string) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), text)
		fs.PrintDefaults()
	}
}

// parseFlags parses args, flags and positional arguments in any order, and
// checks that there are nargs positional arguments (any number when
// negative). It returns the exit code and false when the command must stop:
// 0 after -h, 2 for a usage error.
func parseFlags(fs *flag.FlagSet, args []string, nargs int) (int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0, false
			}
			return 2, false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if nargs >= 0 && len(pos) != nargs {
		fmt.Fprintf(fs.Output(), "tokenctl %s: want %d argument(s), got %d\n", fs.Name(), nargs, len(pos))
		fs.Usage()
		return 2, false
	}
	// Leave the positional arguments where fs.Args finds them.
	_ = fs.Parse(append([]string{"--"}, pos...))
	return 0, true
}
