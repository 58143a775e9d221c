package tokenserver

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// hostAllowed reports whether r's Host header names this server: a
// loopback name or address ("localhost", "*.localhost", 127.0.0.0/8, ::1),
// the address the connection came in on, or one of Options.AllowHosts;
// with the port the server listens on, when it is known (it is not for a
// handler called in memory). A request with no Host at all (HTTP/1.0)
// comes from no browser and is allowed.
func (s *Server) hostAllowed(r *http.Request) bool {
	if r.Host == "" {
		return true
	}
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = strings.Trim(r.Host, "[]"), ""
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	var local netip.AddrPort
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		local, _ = netip.ParseAddrPort(a.String())
	}
	if local.IsValid() && port != strconv.Itoa(int(local.Port())) {
		return false
	}
	if urlx.IsLoopback(host) { // the client's own loopback rule
		return true
	}
	if ip, err := netip.ParseAddr(host); err == nil && local.IsValid() && ip.Unmap() == local.Addr().Unmap() {
		return true
	}
	for _, a := range s.allowHosts {
		if ah, ap, err := net.SplitHostPort(a); err == nil {
			if strings.EqualFold(ah, host) && ap == port {
				return true
			}
		} else if strings.EqualFold(strings.Trim(a, "[]"), host) {
			return true
		}
	}
	return false
}

// controlAllowed reports whether a request to a /_control route may act:
// it carries no Origin (a tool, a test runner) or the server's own, never a
// page of another origin, which could otherwise send a simple POST
// without a preflight and fail every later answer.
func controlAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	return origin == "" || strings.EqualFold(origin, "http://"+r.Host)
}
