package tokeninfo

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	mrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
)

func TestInspectReadsJWTClaims(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	padded := func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }
	hdr := enc(`{"alg":"HS256","typ":"JWT"}`)
	tests := []struct {
		name     string
		token    string
		iat, exp time.Time
	}{
		{"exp and iat as integers", hdr + "." + enc(`{"iat":1700000000,"exp":1700003600}`) + ".c2ln",
			time.Unix(1700000000, 0), time.Unix(1700003600, 0)},
		{"exp and iat as floats", hdr + "." + enc(`{"iat":1700000000.25,"exp":1.7000036005e9}`) + ".c2ln",
			time.Unix(1700000000, 250_000_000), time.Unix(1700003600, 500_000_000)},
		{"padded parts", padded(`{"alg":"HS256","typ":"JWT"}`) + "." + padded(`{"exp":1700003600,"sub":"x"}`) + ".c2ln",
			time.Time{}, time.Unix(1700003600, 0)},
		{"no exp or iat", hdr + "." + enc(`{"sub":"alice"}`) + ".c2ln", time.Time{}, time.Time{}},
		{"exp null", hdr + "." + enc(`{"exp":null}`) + ".c2ln", time.Time{}, time.Time{}},
		{"exp 0", hdr + "." + enc(`{"exp":0}`) + ".c2ln", time.Time{}, time.Unix(0, 0)},
		{"unsecured, empty signature", enc(`{"alg":"none"}`) + "." + enc(`{"exp":1700003600}`) + ".",
			time.Time{}, time.Unix(1700003600, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Inspect(tt.token)
			if err != nil {
				t.Fatal(err)
			}
			checkInfo(t, info, Info{Format: FormatJWT, IssuedAt: tt.iat, ExpiresAt: tt.exp})
			checkSane(t, info)
		})
	}
}

func TestInspectKeepsJWTClaimsAndHeaderButNotTheSignature(t *testing.T) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": "alice", "exp": 1700003600, "room": map[string]any{"id": 9007199254740993},
	})
	token.Header["kid"] = "key-1"
	s, err := token.SignedString([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(s)
	if err != nil {
		t.Fatal(err)
	}
	if info.Claims["sub"] != "alice" || info.Header["kid"] != "key-1" || info.Header["alg"] != "HS256" {
		t.Errorf("claims %v, header %v", info.Claims, info.Header)
	}
	if id := info.Claims["room"].(map[string]any)["id"]; id != jsonlite.Number("9007199254740993") {
		t.Errorf("room.id = %v (%T), want the exact Number", id, id)
	}
	b, _ := json.Marshal(info)
	if sig := s[strings.LastIndex(s, ".")+1:]; strings.Contains(string(b), sig) {
		t.Errorf("Info holds the signature: %s", b)
	}
}

// TestInspectAgreesWithGolangJWT decodes hundreds of JWTs signed by
// golang-jwt with random claims, signing methods and times.
func TestInspectAgreesWithGolangJWT(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(5, 5))
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hmacKey := []byte("a secret of the token server")
	for i := range 300 {
		iat := time.Unix(int64(rng.Uint32()), 0)
		exp := iat.Add(time.Duration(rng.IntN(48*3600)) * time.Second)
		claims := jwt.RegisteredClaims{
			Subject:   strings.ToValidUTF8(randText(rng, 0, 40), "?"), // JSON holds only UTF-8
			Audience:  jwt.ClaimStrings{randText(rng, 1, 20)},
			IssuedAt:  jwt.NewNumericDate(iat),
			ExpiresAt: jwt.NewNumericDate(exp),
		}
		if i%5 == 0 {
			claims.IssuedAt = nil
		}
		var s string
		if i%2 == 0 {
			s, err = jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(hmacKey)
		} else {
			s, err = jwt.NewWithClaims(jwt.SigningMethodES256, claims).SignedString(ec)
		}
		if err != nil {
			t.Fatal(err)
		}
		info, err := Inspect(s)
		if err != nil {
			t.Fatalf("token %d: %v", i, err)
		}
		want := Info{Format: FormatJWT, ExpiresAt: exp}
		if claims.IssuedAt != nil {
			want.IssuedAt = iat
		}
		checkInfo(t, info, want)
		if info.Claims["sub"] != claims.Subject && claims.Subject != "" {
			t.Errorf("token %d: sub = %q, want %q", i, info.Claims["sub"], claims.Subject)
		}
		checkSane(t, info)
	}
}

func TestInspectAcceptsAJWTOfMaxTokenLen(t *testing.T) {
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`))
	pay := base64.RawURLEncoding.EncodeToString([]byte(`{"exp":1700003600,"pad":"` + strings.Repeat("x", 12000) + `"}`))
	s := hdr + "." + pay + "."
	s += strings.Repeat("A", MaxTokenLen-len(s))
	info, err := Inspect(s)
	if err != nil || !info.ExpiresAt.Equal(time.Unix(1700003600, 0)) {
		t.Fatalf("Inspect of a %d-byte JWT = %s, %v", len(s), describe(info), err)
	}
}
