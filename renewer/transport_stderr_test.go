//go:build linux || darwin

package renewer

import (
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
)

// retryablehttp logs to stderr by default; the transport must stay quiet
// without a Logger and route its messages, scrubbed, to one when given.
func TestTransportIsQuietOrLogsToTheLogger(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/t?key=hush"
	ln.Close() // refused: retryablehttp retries and would log each retry

	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// retryablehttp's default logger holds the process's stderr, file
	// descriptor 2, from its package initialisation: redirect that.
	saved, err := syscall.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	// Read the pipe while the fetch runs, so that a writer never blocks on
	// a full pipe, and so that anything else writing to stderr meanwhile
	// (a race report) is seen whole, not taken for the transport's.
	read := make(chan []byte, 1)
	go func() {
		out, _ := io.ReadAll(rd)
		read <- out
	}()
	if err := redirectFD(int(wr.Fd()), 2); err != nil {
		t.Fatal(err)
	}
	_, _ = fetchOnce(t, Config{URL: url})
	redirectFD(saved, 2)
	syscall.Close(saved)
	wr.Close()
	if out := <-read; len(out) > 0 {
		t.Errorf("the transport (or something else in the test) wrote to stderr: %q", out)
	}

	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, _ = fetchOnce(t, Config{URL: url, Logger: logger})
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("no retry logged at debug level: %q", logs.String())
	}
	if strings.Contains(logs.String(), "hush") {
		t.Errorf("the URL query reached the log: %q", logs.String())
	}
}
