// Command tokenctl is the developer's tool of tokenrenew: it shows the
// renewal loop at work, runs a local token server, watches a real one, and
// reads tokens.
//
//	tokenctl demo                     a local server and a renewer, events as they happen
//	tokenctl serve [--addr --ttl --fault --script]
//	                                  a local token server (Agora, Dolby.io, Room Service, JSON, text),
//	                                  misbehaving as fault rules say (outages, 503s, revocation, …)
//	tokenctl watch [flags] URL        a renewer against URL, until interrupted
//	tokenctl inspect [--json] TOKEN   a token's format and expiry
//
// Every command stops cleanly on SIGINT or SIGTERM. No command prints a
// token unless asked to with --show-token.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand: it runs with its arguments and returns the
// process exit code.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) int
}

// env is the process's world, so that tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

var commands = []command{
	{"demo", "start a local token server and a renewer against it, and print each event", runDemo},
	{"serve", "run a local token server speaking every supported shape, with scripted faults", runServe},
	{"watch", "run a renewer against a token server and print each event", runWatch},
	{"inspect", "print a token's format, expiry and what else it carries", runInspect},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run runs the subcommand args[0] and returns the exit code: 0 for success,
// 1 for failure, 2 for a usage error.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(e.stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "tokenctl: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

// usage lists the subcommands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: tokenctl <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `"tokenctl <command> -h" describes a command's flags.`)
}
