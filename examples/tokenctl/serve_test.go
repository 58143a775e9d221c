package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// serveURL starts tokenctl serve with args and returns its base URL.
func serveURL(t *testing.T, args ...string) string {
	t.Helper()
	s := start(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	t.Cleanup(func() {
		if code := s.stop(t); code != 0 {
			t.Errorf("serve exit %d", code)
		}
	})
	line := s.stdout.next(t, 10*time.Second, func(string) bool { return true })
	url, ok := strings.CutPrefix(line, "listening on ")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	return url
}

// status makes one request and returns its status and Retry-After.
func status(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

func TestServeAnswersWithTheFaultsOfItsFlagsAndScript(t *testing.T) {
	file := filepath.Join(t.TempDir(), "faults.txt")
	if err := os.WriteFile(file, []byte("# rehearsal\nreq 1 status 503 retry-after 9s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := serveURL(t, "--script", file, "--fault", "req 2 revoke", "--fault", "req 3 route json status 500")
	var got []string
	for range 4 {
		code, ra := status(t, "GET", url+"/json", "")
		got = append(got, strings.TrimSpace(http.StatusText(code)+" "+ra))
	}
	want := []string{"Service Unavailable 9", "Unauthorized", "Internal Server Error", "OK"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("answers %q, want %q", got, want)
	}
	// A script posted while it runs replaces the rules and their count.
	if code, _ := status(t, "POST", url+"/_control/script", "req 1 status 502"); code != http.StatusNoContent {
		t.Fatalf("POST /_control/script: %d", code)
	}
	if code, _ := status(t, "GET", url+"/token", ""); code != http.StatusBadGateway {
		t.Errorf("after the new script: %d, want 502", code)
	}
	if code, _ := status(t, "POST", url+"/_control/script", "bogus"); code != http.StatusBadRequest {
		t.Errorf("a bad script: %d, want 400", code)
	}
}

func TestServeRefusesABadRule(t *testing.T) {
	code, _, errOut := runOnce("", "serve", "--addr", "127.0.0.1:0", "--fault", "10m-5m outage")
	if code != 2 || !strings.Contains(errOut, "ends before it starts") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	code, _, errOut = runOnce("", "serve", "--addr", "127.0.0.1:0", "--script", filepath.Join(t.TempDir(), "none"))
	if code != 2 || !strings.Contains(errOut, "--script") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

// serve answers the names it listens on and --allow-host, and no other Host
// (DNS rebinding); its control routes refuse pages of other origins.
func TestServeChecksHostAndOrigin(t *testing.T) {
	url := serveURL(t, "--allow-host", "10.0.2.2")
	port := url[strings.LastIndexByte(url, ':')+1:]
	do := func(method, path, host, origin string) int {
		req, _ := http.NewRequest(method, url+path, nil)
		req.Host = host
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct {
		method, path, host, origin string
		want                       int
	}{
		{"GET", "/ping", "localhost:" + port, "", 200},
		{"GET", "/ping", "10.0.2.2:" + port, "", 200},
		{"GET", "/ping", "rebound.example:" + port, "", 421},
		{"POST", "/_control/fail?n=9", "127.0.0.1:" + port, "https://evil.example", 403},
		{"POST", "/_control/fail?n=0", "127.0.0.1:" + port, "", 204},
		{"POST", "/_control/fail?n=0", "127.0.0.1:" + port, "http://127.0.0.1:" + port, 204},
	} {
		if got := do(c.method, c.path, c.host, c.origin); got != c.want {
			t.Errorf("%s %s Host %s Origin %q: %d, want %d", c.method, c.path, c.host, c.origin, got, c.want)
		}
	}
}

func TestServeLogsEachRequestWithItsFaultAndNoSecret(t *testing.T) {
	s := start("serve", "--addr", "127.0.0.1:0", "--fault", "req 1 status 503 retry-after 2s")
	line := s.stdout.next(t, 10*time.Second, func(string) bool { return true })
	url, ok := strings.CutPrefix(line, "listening on ")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	const secret = "s3cr3t-key"
	get := func(path string) string {
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Cookie", "session="+secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	get("/json?key=" + secret)
	body := get("/text?key=" + secret)
	get("/ping")
	isAccess := regexp.MustCompile(`^\d\d:\d\d:\d\d  [A-Z]+ /`).MatchString
	for _, want := range []struct{ request, status, fault string }{
		{"GET /json?key=…", "503", "fault: status 503 retry-after 2s"},
		{"GET /text?key=…", "200", ""},
		{"GET /ping", "200", ""},
	} {
		l := s.stderr.next(t, 10*time.Second, isAccess)
		if !strings.Contains(l, "  "+want.request+"  "+want.status+"  ") || !strings.HasSuffix(l, want.fault) || (want.fault == "") == strings.Contains(l, "fault") {
			t.Errorf("access line %q, want %q, status %s and fault %q", l, want.request, want.status, want.fault)
		}
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exit %d", code)
	}
	if out := s.stderr.String() + s.stdout.String(); strings.Contains(out, secret) || strings.Contains(out, strings.TrimSpace(body)) {
		t.Errorf("a secret or the token reached the log:\n%s", out)
	}
}

func TestDurationsMustBePositive(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--addr", "127.0.0.1:0", "--ttl", "-5s"},
		{"serve", "--addr", "127.0.0.1:0", "--ttl", "0"},
		{"watch", "--profile", "agora", "--channel", "c", "--uid", "1", "--expiry", "-1m", "http://127.0.0.1:1"},
		{"demo", "--ttl", "-5s"},
	} {
		s := start(args...)
		select {
		case code := <-s.done:
			if errOut := s.stderr.String(); code != 2 || !strings.Contains(errOut, "must") {
				t.Errorf("%q: exit %d, stderr %q; want 2 and the rule", args, code, errOut)
			}
		case <-time.After(10 * time.Second):
			s.stop(t)
			t.Errorf("%q was accepted: %s", args, s.stderr.String())
		}
	}
}
