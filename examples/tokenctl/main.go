// Command tokenctl is the developer's tool of tokenrenew: it shows the
// renewal loop at work, runs a local token server, watches a real one, and
// reads tokens.
//
//	tokenctl demo                     a local server and a renewer, events as they happen
//	tokenctl serve [--addr --ttl --fault --script]
//	                                  a local token server (Agora, Dolby.io, Room Service, JSON, text),
//	                                  misbehaving as fault rules say (outages, 503s, revocation, …),
//	                                  logging each request on stderr
//	tokenctl watch [flags] URL        a renewer against URL, until interrupted
//	tokenctl inspect [--json] TOKEN   a token's format and expiry, and whether it has expired
//	tokenctl help COMMAND             a command's description and flags
//
// Exit status: 0 success, 1 failure, 2 usage error; inspect exits 3 for an
// expired token.
//
// Every command stops cleanly on SIGINT or SIGTERM, and prints what it did
// (demo and watch: the tokens and failed fetches); a further signal while
// it stops changes nothing. No command prints a token unless asked to with
// --show-token.
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
	// The handler stays until the process exits, never stopped: a
	// supervisor may signal twice (GNU timeout signals the command and then
	// its process group), and a signal that came after stop and before exit
	// would kill the process with the signal instead of its exit code.
	// Stopping is bounded, so a second Ctrl-C has nothing to cut short.
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	os.Exit(run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
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
		if args[0] != "help" || len(args) == 1 {
			usage(e.stdout)
			return 0
		}
		c, ok := lookup(args[1])
		if !ok {
			return unknown(e, args[1])
		}
		// Asked for by name, a command's help is the output: stdout.
		return c.run(ctx, &env{stdin: e.stdin, stdout: e.stdout, stderr: e.stdout}, []string{"-h"})
	}
	c, ok := lookup(args[0])
	if !ok {
		return unknown(e, args[0])
	}
	return c.run(ctx, e, args[1:])
}

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// unknown says that there is no command called name, and returns the usage
// error's exit code.
func unknown(e *env, name string) int {
	fmt.Fprintf(e.stderr, "tokenctl: unknown command %q\n\n", name)
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
	fmt.Fprintln(w, `"tokenctl help <command>" (or "tokenctl <command> -h") describes a command and its flags.`)
}
