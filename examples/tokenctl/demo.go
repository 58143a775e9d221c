package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
)

// runDemo starts a local token server and a renewer against it, and prints
// each event until ctx ends.
func runDemo(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	ttl := fs.Duration("ttl", 40*time.Second, "lifetime of the demo tokens")
	setUsage(fs, `usage: tokenctl demo [--ttl 40s]

Starts a local token server and a renewer against it, and prints each event. Ctrl-C stops it.
`)
	if code, ok := parseFlags(fs, args, 0); !ok {
		return code
	}
	if *ttl < 2*time.Second {
		fmt.Fprintf(e.stderr, "tokenctl demo: --ttl must be at least 2s (got %s)\n", *ttl)
		return 2
	}
	if err := demo(ctx, e.stdout, *ttl); err != nil {
		fmt.Fprintln(e.stderr, "tokenctl demo:", err)
		return 1
	}
	return 0
}

// demo runs a token server on a loopback port minting Agora tokens that
// live ttl, and a renewer against it that prints each event to w, until ctx
// ends; then it stops both.
func demo(ctx context.Context, w io.Writer, ttl time.Duration) error {
	srv, url, err := startServer("127.0.0.1:0", nil, tokenserver.Options{TTL: ttl})
	if err != nil {
		return err
	}
	defer func() { _ = stopServer(srv) }()
	profile := agora.Profile{Channel: "demo", UID: "1234", Expiry: ttl}
	pr := newPrinter(w, false, false)
	r, err := renewer.New(renewer.Config{URL: url, Profile: profile, Listener: pr})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "tokenctl demo: a token server at %s mints Agora RTC tokens for channel %q that live %s;\n"+
		"a renewer keeps one fresh (POST %s/getToken) and prints each event below, never the token. Ctrl-C stops it.\n",
		url, profile.Channel, ttl, url)
	if err := r.Start(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	r.Stop()
	pr.Stopped(r.Stats())
	return nil
}
