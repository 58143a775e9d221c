package tokenserver

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Public demo credentials. Anyone may mint tokens with them.
const (
	DemoAppID          = "0123456789abcdef0123456789abcdef"
	DemoAppCertificate = "fedcba9876543210fedcba9876543210"
	DemoJWTSecret      = "tokenctl-demo-secret-not-for-production"
)

// DefaultTTL is the lifetime of tokens when Options.TTL is zero.
const DefaultTTL = 40 * time.Second

// maxBody bounds the request bodies read.
const maxBody = 64 << 10

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// TTL is the lifetime of every token whose request does not ask for
	// one (default 40 s). It is rounded up to whole seconds.
	TTL time.Duration
	// CORSOrigin is "*" (the default when empty) or a comma-separated list
	// of the origins allowed to call the server from a browser.
	CORSOrigin string
	// AllowHosts are host names or IP addresses, with or without a port,
	// that requests may name in their Host header besides loopback names
	// and the address the server listens on, such as "10.0.2.2" for the
	// Android emulator's view of its host (see ServeHTTP).
	AllowHosts []string
	// Script is the faults to answer with, from the moment New returns
	// (see SetScript). Nil answers every request correctly.
	Script Script
	// OnToken, when set, is called for every token request (not /ping,
	// OPTIONS, /_control, or a request refused for its Host or Origin)
	// before it is answered, with the request and the fault it gets: the
	// script's, or a FailNext status; the zero Fault for a correct answer.
	// It runs on the request's goroutine, so it must not block.
	OnToken func(r *http.Request, f Fault)
}

// A Server is the token server's http.Handler. Its methods are safe for
// concurrent use.
type Server struct {
	ttl        time.Duration
	onToken    func(*http.Request, Fault)
	origins    []string // nil means any
	allowHosts []string
	mux        *http.ServeMux

	mu         sync.Mutex
	counts     map[string]int
	total      int
	failN      int
	failStatus int
	deny       bool
	script     Script
	start      time.Time         // when the script was set
	scriptN    int               // token requests since then
	last       map[string]answer // the last token answer of each route, for Fault.Repeat
}

// New returns a Server for o.
func New(o Options) *Server {
	s := &Server{ttl: o.TTL, onToken: o.OnToken, counts: map[string]int{}, mux: http.NewServeMux(),
		script: o.Script, start: time.Now(), last: map[string]answer{}}
	if s.ttl <= 0 {
		s.ttl = DefaultTTL
	}
	s.ttl = (s.ttl + time.Second - 1).Truncate(time.Second)
	s.allowHosts = slices.Clone(o.AllowHosts)
	if o := strings.TrimSpace(o.CORSOrigin); o != "" && o != "*" {
		for _, v := range strings.Split(o, ",") {
			s.origins = append(s.origins, strings.TrimSpace(v))
		}
	}
	s.routes()
	return s
}

// TTL returns the lifetime of tokens whose request asks for none.
func (s *Server) TTL() time.Duration { return s.ttl }

// routes registers every route of the package documentation.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /ping", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"message": "pong"})
	})
	m.Handle("POST /getToken", s.token("agora", s.agoraPOST))
	m.Handle("GET /rtc/{channel}/{role}/{kind}/{uid}/{$}", s.token("agora-legacy", s.agoraRTC))
	m.Handle("GET /rtm/{uid}/{$}", s.token("agora-legacy", s.agoraRTM))
	m.Handle("GET /rte/{channel}/{role}/{kind}/{uid}/{$}", s.token("agora-legacy", s.agoraRTE))
	m.Handle("GET /rte/{channel}/{role}/{kind}/{uid}/{rtmuid}/{$}", s.token("agora-legacy", s.agoraRTE))
	m.Handle("GET /chat/app/{$}", s.token("agora-legacy", s.agoraChat))
	m.Handle("GET /chat/account/{uid}/{$}", s.token("agora-legacy", s.agoraChat))
	for _, p := range []string{"/token", "/api/token-generator", "/.netlify/functions/token-generator"} {
		m.Handle("GET "+p, s.token("dolby", s.dolby))
		m.Handle("POST "+p, s.token("dolby", s.dolby))
	}
	m.Handle("POST /auth", s.token("roomservice", s.roomService))
	m.Handle("/text", s.token("text", s.text))
	m.Handle("/json", s.token("json", s.json))
	m.HandleFunc("POST /_control/fail", s.controlFail)
	m.HandleFunc("POST /_control/deny", s.controlDeny)
	m.HandleFunc("POST /_control/script", s.controlScript)
	m.HandleFunc("GET /_control/stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats())
	})
}

// ServeHTTP answers CORS preflights, refuses foreign origins, and routes
// the rest.
//
// Every request must name the server in its Host header: a loopback name
// or address, the address it listens on, or one of Options.AllowHosts,
// with its port; others are answered 421 Misdirected Request, so that a
// page on a name rebound to 127.0.0.1 cannot reach it. The /_control
// routes refuse with 403 a request whose Origin is another than the
// server's own.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "private, no-cache, no-store, must-revalidate")
	if !s.hostAllowed(r) {
		http.Error(w, "Host not allowed: call this server as http://127.0.0.1:PORT or http://localhost:PORT", http.StatusMisdirectedRequest)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/_control/") && !controlAllowed(r) {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "Origin not allowed"})
		return
	}
	origin := r.Header.Get("Origin")
	if origin != "" && s.origins != nil && !slices.Contains(s.origins, origin) {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "Origin not allowed"})
		return
	}
	h := w.Header()
	if origin != "" {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
	} else {
		h.Set("Access-Control-Allow-Origin", "*")
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Content-Type, X-Demo-Deny")
	// Let the page's renewer read the clock and the back-off the server asks for.
	h.Set("Access-Control-Expose-Headers", "Date, Retry-After")
	if r.URL.Path == "/auth" && origin != "" {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if r.Method == http.MethodOptions {
		// A page's JSON POST is preflighted; let the browser keep the answer
		// (Chromium caps it at 2 hours, Firefox at 24).
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if isLegacy(r.URL.Path) && !strings.HasSuffix(r.URL.Path, "/") {
		// Gin's RedirectTrailingSlash, as the Agora service answers.
		u := *r.URL
		u.Path, u.RawPath = u.Path+"/", ""
		if raw := r.URL.RawPath; raw != "" {
			u.RawPath = raw + "/"
		}
		http.Redirect(w, r, u.RequestURI(), http.StatusMovedPermanently)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// isLegacy reports whether path is below one of the older Agora routes.
func isLegacy(path string) bool {
	for _, p := range [...]string{"/rtc/", "/rtm/", "/rte/", "/chat/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// token wraps a token route: it counts the request and answers the failures
// a test asked for, with FailNext or with the script.
func (s *Server) token(route string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		s.mu.Lock()
		s.counts[route]++
		s.total++
		s.scriptN++
		elapsed := time.Since(s.start)
		if elapsed < 0 {
			// The clock went back: the server was made outside the
			// testing/synctest bubble it serves, or the wall clock was
			// set back. The script's clock starts again now.
			s.start, elapsed = time.Now(), 0
		}
		f := s.script.Fault(elapsed, s.scriptN, route)
		status := 0
		if s.failN > 0 {
			s.failN--
			status = s.failStatus
		}
		s.mu.Unlock()
		if status != 0 {
			f = Fault{Status: status}
			if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
				f.RetryAfter = time.Second
			}
		}
		if s.onToken != nil {
			s.onToken(r, f)
		}
		if status != 0 {
			if f.RetryAfter > 0 {
				w.Header().Set("Retry-After", "1")
			}
			writeJSON(w, status, map[string]string{"error": http.StatusText(status)})
			return
		}
		s.serve(w, r, route, f, h)
	})
}

// SetScript replaces the script and restarts its clock and its request
// count: rule times count from now, request numbers from 1 again.
func (s *Server) SetScript(script Script) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script, s.start, s.scriptN = script, time.Now(), 0
}

// FailNext makes the next n token requests (not /ping, OPTIONS or
// /_control) answer status, with Retry-After: 1 for 429 and 503.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// SetDeny makes /auth answer 401 to every request (true) or only to those
// that ask for it (false).
func (s *Server) SetDeny(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// denied reports whether the server refuses every webhook request.
func (s *Server) denied() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deny
}

// Stats counts token requests, by route and in all.
type Stats struct {
	Total  int            `json:"total"`
	Routes map[string]int `json:"routes"` // "agora", "agora-legacy", "dolby", "roomservice", "text", "json"
}

// Stats returns the request counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Total: s.total, Routes: make(map[string]int, len(s.counts))}
	for k, v := range s.counts {
		st.Routes[k] = v
	}
	return st
}

// Count returns how many requests route has answered.
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

func (s *Server) controlFail(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	status := http.StatusServiceUnavailable
	if v := r.URL.Query().Get("status"); v != "" {
		status, _ = strconv.Atoi(v)
	}
	if err != nil || n < 0 || status < 400 || status > 599 {
		http.Error(w, "want n=N and status=4xx or 5xx", http.StatusBadRequest)
		return
	}
	s.FailNext(n, status)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) controlScript(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var script Script
	if err == nil {
		script, err = ParseScript(string(b))
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.SetScript(script)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) controlDeny(w http.ResponseWriter, r *http.Request) {
	s.SetDeny(r.URL.Query().Get("on") != "0")
	w.WriteHeader(http.StatusNoContent)
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// seconds returns d in whole seconds, at least 1.
func seconds(d time.Duration) uint32 {
	return uint32(max(int64(d/time.Second), 1))
}
