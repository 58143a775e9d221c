//go:build unix

package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runAsMain makes the test binary run main itself in a child process when runAsMain is set (see
// TestRepeatedSignalsWhileStoppingStillExitZero).
const runAsMain = "TOKENCTL_TEST_RUN_MAIN"

func init() {
	if args := os.Getenv(runAsMain); args != "" {
		os.Args = append([]string{"tokenctl"}, strings.Fields(args)...)
		main()
	}
}

// A supervisor may signal twice: GNU timeout without --foreground sends
// SIGINT to the command and then to its process group. A signal that comes
// while the command stops, or after, must not kill it: it exits 0, not by
// the signal.
func TestRepeatedSignalsWhileStoppingStillExitZero(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), runAsMain+"=serve --addr 127.0.0.1:0 --ttl 4s")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		if !sc.Scan() || !strings.HasPrefix(sc.Text(), "listening on ") {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("run %d: first line %q", i, sc.Text())
		}
		done := make(chan error, 1)
		go func() {
			for sc.Scan() {
			}
			done <- cmd.Wait()
		}()
		// Signal without pause until the process is gone (bounded).
		var werr error
		deadline := time.After(20 * time.Second)
	signal:
		for {
			select {
			case werr = <-done:
				break signal
			case <-deadline:
				_ = cmd.Process.Kill()
				t.Fatalf("run %d: serve did not stop", i)
			default:
				_ = cmd.Process.Signal(syscall.SIGINT)
			}
		}
		var ee *exec.ExitError
		if errors.As(werr, &ee) {
			t.Fatalf("run %d: %v (want exit 0 however many signals come)", i, werr)
		} else if werr != nil {
			t.Fatal(werr)
		}
	}
}
