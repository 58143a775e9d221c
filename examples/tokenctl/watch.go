package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// headerFlags collects repeated --header K=V flags.
type headerFlags map[string]string

func (h headerFlags) String() string { return fmt.Sprintf("%d headers", len(h)) }

func (h headerFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want K=V, got %q", v)
	}
	h[strings.TrimSpace(k)] = val
	return nil
}

// runWatch runs a renewer against a token server until ctx ends, printing
// each event, and what it did when it stops.
func runWatch(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per event and line")
	profile := fs.String("profile", "", "agora, dolby, roomservice, json or text; empty detects the answer's shape")
	var o profiles.Options
	fs.StringVar(&o.Channel, "channel", "", "Agora: channel name")
	fs.StringVar(&o.UID, "uid", "", "Agora: numeric uid or user account")
	fs.StringVar(&o.Role, "role", "", "Agora: publisher (default) or subscriber")
	fs.DurationVar(&o.Expiry, "expiry", 0, "Agora: requested token lifetime, such as 10m")
	fs.StringVar(&o.TokenType, "token-type", "", "Agora: rtc (default), rtm or chat; rte with --legacy")
	fs.BoolVar(&o.Legacy, "legacy", false, "Agora: use the older GET /rtc/… routes")
	fs.StringVar(&o.Room, "room", "", "Room Service: room to join")
	fs.StringVar(&o.Document, "document", "", "Room Service: document to ask for too")
	fs.StringVar(&o.Method, "method", "", "Dolby, JSON, text: GET (default) or POST")
	fs.StringVar(&o.TokenField, "token-field", "", "JSON: path of the token field, such as data.token")
	header := headerFlags{}
	fs.Var(header, "header", "request header K=V (repeatable), such as Cookie=session=abc")
	insecure := fs.Bool("insecure", false, "allow plain http to a host other than loopback")
	showToken := fs.Bool("show-token", false, "print the token itself (a secret)")
	setUsage(fs, `usage: tokenctl watch [--json] [--profile agora|dolby|roomservice|json|text] [profile flags] URL

Runs a renewer against the token server at URL and prints each event until interrupted,
then the count of tokens and failed fetches.
`)
	if code, ok := parseFlags(fs, args, 1); !ok {
		return code
	}
	p, err := profiles.ByName(*profile, o)
	if err != nil {
		fmt.Fprintln(e.stderr, "tokenctl watch:", err)
		return 2
	}
	pr := newPrinter(e.stdout, *asJSON, *showToken)
	r, err := renewer.New(renewer.Config{
		URL:               fs.Arg(0),
		Profile:           p,
		Header:            header,
		AllowInsecureHTTP: *insecure,
		Listener:          pr,
	})
	if errors.Is(err, renewer.ErrInsecureURL) {
		fmt.Fprintln(e.stderr, "tokenctl watch:", err, "(--insecure allows plain http to any host)")
		return 2
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "tokenctl watch:", err)
		return 2
	}
	if !*asJSON {
		fmt.Fprintf(e.stderr, "watching %s with profile %s; Ctrl-C stops\n", redactURL(fs.Arg(0)), profileName(*profile))
	}
	if err := r.Start(ctx); err != nil {
		fmt.Fprintln(e.stderr, "tokenctl watch:", err)
		return 1
	}
	<-ctx.Done()
	r.Stop()
	pr.Stopped(r.Stats())
	return 0
}

// profileName names a --profile value for people.
func profileName(p string) string {
	if p == "" {
		return "detect (JSON with a common token field, else text)"
	}
	return p
}
