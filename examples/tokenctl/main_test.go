package main

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// lineWriter collects output and hands each complete line to a channel.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	part  []byte
	lines chan string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 1000)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.part = append(w.part, p...)
	for {
		i := bytes.IndexByte(w.part, '\n')
		if i < 0 {
			break
		}
		select {
		case w.lines <- string(w.part[:i]):
		default:
		}
		w.part = w.part[i+1:]
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// next returns the next line for which keep is true, failing the test when
// none comes within limit (a bound, not a timing assertion).
func (w *lineWriter) next(t *testing.T, limit time.Duration, keep func(string) bool) string {
	t.Helper()
	deadline := time.After(limit)
	for {
		select {
		case l := <-w.lines:
			if keep(l) {
				return l
			}
		case <-deadline:
			t.Fatalf("no expected line within %v; output so far:\n%s", limit, w.String())
			return ""
		}
	}
}

// started is a command running in-process.
type started struct {
	cancel         context.CancelFunc
	done           chan int
	stdout, stderr *lineWriter
}

// start runs tokenctl args in-process until stop.
func start(args ...string) *started {
	ctx, cancel := context.WithCancel(context.Background())
	s := &started{cancel: cancel, done: make(chan int, 1), stdout: newLineWriter(), stderr: newLineWriter()}
	go func() {
		s.done <- run(ctx, &env{stdin: strings.NewReader(""), stdout: s.stdout, stderr: s.stderr}, args)
	}()
	return s
}

// stop interrupts the command and returns its exit code.
func (s *started) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("the command did not stop")
		return -1
	}
}

// runOnce runs tokenctl args to completion and returns the exit code and
// output.
func runOnce(stdin string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}, args)
	return code, out.String(), errOut.String()
}

func TestUsageListsTheCommandsAndUnknownOnesExit2(t *testing.T) {
	code, _, errOut := runOnce("")
	if code != 2 || !strings.Contains(errOut, "demo") || !strings.Contains(errOut, "inspect") {
		t.Errorf("no arguments: exit %d, %q", code, errOut)
	}
	code, _, errOut = runOnce("", "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
	code, out, _ := runOnce("", "help")
	sc := bufio.NewScanner(strings.NewReader(out))
	n := 0
	for sc.Scan() {
		for _, c := range []string{"demo", "serve", "watch", "inspect"} {
			if strings.HasPrefix(strings.TrimSpace(sc.Text()), c+" ") {
				n++
			}
		}
	}
	if code != 0 || n != 4 {
		t.Errorf("help: exit %d, %d commands listed:\n%s", code, n, out)
	}
	if code, _, _ := runOnce("", "watch", "--no-such-flag", "http://127.0.0.1:1"); code != 2 {
		t.Errorf("a bad flag: exit %d, want 2", code)
	}
	if code, _, _ := runOnce("", "watch"); code != 2 {
		t.Errorf("watch without a URL: exit %d, want 2", code)
	}
	if code, _, _ := runOnce("", "inspect", "-h"); code != 0 {
		t.Errorf("inspect -h: exit %d, want 0", code)
	}
}

func TestServePrintsItsAddressAndStopsCleanly(t *testing.T) {
	s := start("serve", "--addr", "127.0.0.1:0", "--ttl", "4s")
	line := s.stdout.next(t, 10*time.Second, func(string) bool { return true })
	url, ok := strings.CutPrefix(line, "listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line %q", line)
	}
	w := start("watch", "--json", "--profile", "dolby", url+"/token")
	w.stdout.next(t, 10*time.Second, func(l string) bool { return strings.Contains(l, `"renew_token"`) })
	if code := w.stop(t); code != 0 {
		t.Errorf("watch exit %d", code)
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exit %d", code)
	}
}

// description returns the lines of a command's help that describe it: not
// the usage line, not a flag or a flag's text.
func description(help string) []string {
	var out []string
	for _, l := range strings.Split(help, "\n") {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "usage:") || strings.HasPrefix(l, "  -") || strings.HasPrefix(l, "    \t") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func TestEveryCommandHasHelpWithADescription(t *testing.T) {
	for _, c := range commands {
		code, out, errOut := runOnce("", "help", c.name)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "usage: tokenctl "+c.name) {
			t.Errorf("help %s: exit %d, stderr %q, stdout:\n%s", c.name, code, errOut, out)
		}
		if len(description(out)) == 0 {
			t.Errorf("help %s has no description:\n%s", c.name, out)
		}
		code, _, errOut = runOnce("", c.name, "--help")
		if code != 0 || !strings.HasPrefix(errOut, "usage: tokenctl "+c.name) || len(description(errOut)) == 0 {
			t.Errorf("%s --help: exit %d, stderr:\n%s", c.name, code, errOut)
		}
	}
	if code, _, errOut := runOnce("", "help", "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("help frobnicate: exit %d, %q", code, errOut)
	}
}
