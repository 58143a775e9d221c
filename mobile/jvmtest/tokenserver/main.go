// Command tokenserver is the token server the JVM test of package mobile
// talks to: it mints short-lived opaque tokens on loopback.
//
//	GET or POST /token  {"token": "...", "expires_in": TTL in seconds}
//	                    401 when the request has the header X-Demo-Deny: 1
//
// It prints "listening on http://ADDR" once it accepts connections, and
// serves until killed.
package main

import (
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	ttl := flag.Duration("ttl", 3*time.Second, "lifetime of the tokens")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, handler(*ttl)))
}

// handler answers /token with a fresh token, or 401 when asked to deny.
func handler(ttl time.Duration) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Demo-Deny") == "1" {
			http.Error(w, "not logged in", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"token":      "demo-" + rand.Text(),
			"expires_in": ttl.Seconds(),
		})
	})
	return mux
}
