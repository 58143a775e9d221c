package renewertest

import (
	"net/http"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// URL is the base URL of a Server reached through its Transport: any URL
// will do, since the in-memory transport never dials, and this one is a
// loopback name that the renewer accepts over plain http. Profiles append
// their routes to it: agora.Profile sends POST URL/getToken; give
// dolby.Profile URL+"/token", roomservice.Profile URL+"/auth",
// renewer.JSON URL+"/json" and renewer.Text URL+"/text".
const URL = "http://tokens.localhost"

// DefaultTTL is the lifetime of tokens when Options.TTL is zero.
const DefaultTTL = time.Hour

// Public demo credentials the tokens are minted with: the Agora app ID
// and certificate of the AccessToken2 tokens, and the HS256 key of the
// JWTs. They are good for nothing but tests.
const (
	DemoAppID          = "0123456789abcdef0123456789abcdef"
	DemoAppCertificate = "fedcba9876543210fedcba9876543210"
	DemoJWTSecret      = "tokenctl-demo-secret-not-for-production"
)

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// TTL is the lifetime of every token whose request does not ask for
	// one (default one hour). It is rounded up to whole seconds.
	TTL time.Duration
	// Script is the faults to answer with; its clock starts in NewServer.
	// Nil answers every request correctly.
	Script Script
}

// A Server is a scripted token server. Its methods are safe for concurrent
// use.
type Server struct {
	s *tokenserver.Server
}

// NewServer returns a Server for o. The script's clock starts now.
func NewServer(o Options) *Server {
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	return &Server{s: tokenserver.New(tokenserver.Options{
		TTL:    o.TTL,
		Script: o.Script.server(),
		// The host of httptest.NewRequest's requests, besides loopback.
		AllowHosts: []string{"example.com"},
	})}
}

// ServeHTTP answers a token server request; serve it with
// httptest.NewServer for tests over a loopback socket. It answers requests
// that name it by a loopback name or address, the address it listens on, or
// example.com (httptest.NewRequest's), and 421 Misdirected Request to
// others. Its control routes, for a server in another process (POST
// /_control/script with a script as the body, POST /_control/fail?n=N&status=S,
// GET /_control/stats), refuse requests whose Origin is another site's.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.s.ServeHTTP(w, r) }

// Transport returns a renewer.Transport that hands each request to s in
// memory (see NewTransport).
func (s *Server) Transport() renewer.Transport { return NewTransport(s) }

// SetScript replaces the script and restarts its clock and request count:
// rule times count from now, request numbers from 1 again.
func (s *Server) SetScript(script Script) { s.s.SetScript(script.server()) }

// Requests returns how many token requests s has answered, in all and by
// route ("agora", "agora-legacy", "dolby", "roomservice", "text", "json").
func (s *Server) Requests() (total int, byRoute map[string]int) {
	st := s.s.Stats()
	return st.Total, st.Routes
}
