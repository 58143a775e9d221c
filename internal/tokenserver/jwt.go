package tokenserver

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// signJWT returns an HS256 JWT for subject, issued now by the server's clock
// and expiring after the lifetime of tokens minted for r, with a random ID
// so that no two tokens are equal. It returns the token, its expiry and its
// lifetime.
func (s *Server) signJWT(r *http.Request, subject, audience string) (string, time.Time, time.Duration, error) {
	now := now(r).Truncate(time.Second)
	life := s.lifetime(r, 0)
	exp := now.Add(life)
	claims := jwt.RegisteredClaims{
		Issuer:    "tokenctl",
		Subject:   subject,
		Audience:  jwt.ClaimStrings{audience},
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(exp),
		ID:        randomHex(8),
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(DemoJWTSecret))
	return tok, exp, life, err
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// dolby answers like the Dolby.io Netlify token function.
func (s *Server) dolby(w http.ResponseWriter, r *http.Request) {
	tok, _, life, err := s.signJWT(r, "demo-client", "dolby")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "Unexpected error"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  tok,
		"refresh_token": randomHex(16),
		"expires_in":    int64(life / time.Second),
	})
}

// roomResource is one resource of a Room Service webhook request.
type roomResource struct {
	ID         string `json:"id"`
	Object     string `json:"object"`
	Reference  string `json:"reference"`
	Permission string `json:"permission"`
	Room       string `json:"room,omitempty"`
}

// roomService answers like a Room Service auth webhook after provision.
func (s *Server) roomService(w http.ResponseWriter, r *http.Request) {
	if s.denied() || r.Header.Get("X-Demo-Deny") == "1" {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	if c, err := r.Cookie("demo_deny"); err == nil && c.Value == "1" {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	var req struct {
		Resources []roomResource `json:"resources"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Resources) == 0 {
		http.Error(w, "want {\"resources\":[…]}", http.StatusBadRequest)
		return
	}
	for i := range req.Resources {
		req.Resources[i].ID = req.Resources[i].Object[:min(len(req.Resources[i].Object), 4)] + "_" + randomHex(6)
	}
	tok, _, _, err := s.signJWT(r, "demo-user", "roomservice")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": "demo-user", "resources": req.Resources, "token": tok})
}

// text answers with the bare JWT.
func (s *Server) text(w http.ResponseWriter, r *http.Request) {
	tok, _, _, err := s.signJWT(r, "demo-user", "text")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(tok + "\n"))
}

// json answers with the JWT and its absolute expiry.
func (s *Server) json(w http.ResponseWriter, r *http.Request) {
	tok, exp, _, err := s.signJWT(r, "demo-user", "json")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": tok, "expires_at": exp.Unix()})
}
