package tokenserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A page on another site can send a simple cross-origin POST without a
// preflight: the control routes must refuse it, or one visit to that page
// turns every later answer into a failure.
func TestControlRoutesRefuseForeignOrigins(t *testing.T) {
	s := New(Options{})
	for _, origin := range []string{"https://evil.example", "null", "http://127.0.0.1:9999", "http://localhost:8080.evil.example"} {
		h := map[string]string{"Origin": origin}
		if code, _, _ := call(t, s, "POST", "/_control/fail?n=5&status=401", "", h); code != http.StatusForbidden {
			t.Errorf("POST /_control/fail from %s: %d, want 403", origin, code)
		}
		if code, _, _ := call(t, s, "POST", "/_control/script", "always revoke", h); code != http.StatusForbidden {
			t.Errorf("POST /_control/script from %s: %d, want 403", origin, code)
		}
		if code, _, _ := call(t, s, "OPTIONS", "/_control/deny", "", h); code != http.StatusForbidden {
			t.Errorf("a preflight of /_control/deny from %s: %d, want 403", origin, code)
		}
		if code, _, _ := call(t, s, "GET", "/_control/stats", "", h); code != http.StatusForbidden {
			t.Errorf("GET /_control/stats from %s: %d, want 403", origin, code)
		}
	}
	if code, _, body := call(t, s, "GET", "/json", "", nil); code != 200 {
		t.Fatalf("a foreign origin changed the answers: %d %s", code, body)
	}
	// Tools send no Origin; a page the server itself served sends its own.
	for _, h := range []map[string]string{nil, {"Origin": "http://127.0.0.1:8080"}} {
		if code, _, _ := call(t, s, "POST", "/_control/fail?n=1&status=503", "", h); code != http.StatusNoContent {
			t.Errorf("POST /_control/fail with Origin %q: %d, want 204", h["Origin"], code)
		}
	}
	// Token routes still answer any allowed origin (CORS).
	if code, _, _ := call(t, s, "GET", "/json", "", map[string]string{"Origin": "https://app.example"}); code != 503 {
		t.Errorf("token route from a page: %d, want the 503 asked for", code)
	}
}

// DNS rebinding points a name the attacker owns at 127.0.0.1: the browser
// then sends that name as Host, and the page's origin is the server's. Only
// loopback names and the address the server listens on are answered.
func TestHostHeaderMustNameTheServer(t *testing.T) {
	s := New(Options{})
	for _, host := range []string{"evil.example:8080", "evil.example", "localhost.evil.example:8080", "10.1.2.3:8080"} {
		if code, _, _ := call(t, s, "GET", "/json", "", map[string]string{"Host": host}); code != http.StatusMisdirectedRequest {
			t.Errorf("Host %s: %d, want 421", host, code)
		}
		if code, _, _ := call(t, s, "POST", "/_control/fail?n=1", "", map[string]string{"Host": host}); code != http.StatusMisdirectedRequest {
			t.Errorf("control with Host %s: %d, want 421", host, code)
		}
	}
	for _, host := range []string{"127.0.0.1:8080", "localhost:8080", "LocalHost", "app.localhost:8080", "[::1]:8080", "127.0.0.2"} {
		if code, _, _ := call(t, s, "GET", "/ping", "", map[string]string{"Host": host}); code != 200 {
			t.Errorf("Host %s: %d, want 200", host, code)
		}
	}
	// On a real listener the port must be the server's too, and the
	// address it listens on is answered, as is a host allowed by name.
	hs := httptest.NewServer(New(Options{AllowHosts: []string{"10.0.2.2"}}))
	defer hs.Close()
	port := hs.URL[strings.LastIndexByte(hs.URL, ':')+1:]
	for host, want := range map[string]int{
		"127.0.0.1:" + port:    200,
		"localhost:" + port:    200,
		"10.0.2.2:" + port:     200,
		"127.0.0.1:1":          421,
		"localhost":            421,
		"evil.example:" + port: 421,
	} {
		req, _ := http.NewRequest("GET", hs.URL+"/ping", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s on a listener at %s: %d, want %d", host, hs.URL, resp.StatusCode, want)
		}
	}
}
