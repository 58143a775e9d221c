//go:build !js

package renewer

import (
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// unsignedJWT returns a JWT with the given iat and exp and a dummy
// signature: tokeninfo.Inspect reads claims without verifying.
func unsignedJWT(iat, exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"iat":`+strconv.FormatInt(iat.Unix(), 10)+`,"exp":`+strconv.FormatInt(exp.Unix(), 10)+`}`)) + ".c2ln"
}

// TestDateIsBelievedOnlyWhenTheEvidenceAgrees: a Date header corrects clock
// skew only when it agrees with the token's own issue time and no cache
// answered; a correction never makes a fresh token look expired nor lets
// one outlive its own exp.
func TestDateIsBelievedOnlyWhenTheEvidenceAgrees(t *testing.T) {
	cases := []struct {
		name string
		// minted is when the server minted the token, relative to now by
		// the local clock; date is the Date header relative to now; age is
		// the Age header ("" for none). The token lives an hour.
		minted, date time.Duration
		age          string
		wantLeft     time.Duration // expiry minus now, by the local clock
	}{
		{"a cache 50 minutes old, with Age", -50 * time.Minute, -50 * time.Minute, "3000", 10 * time.Minute},
		{"a Date a year ahead of the minting clock", 0, 365 * 24 * time.Hour, "", time.Hour},
		{"a Date a year behind the minting clock", 0, -365 * 24 * time.Hour, "", time.Hour},
		{"a server clock an hour ahead, Date and token agreeing", time.Hour, time.Hour, "", time.Hour},
		{"a server clock a year ahead (a local clock reset), Date and token agreeing", 365 * 24 * time.Hour, 365 * 24 * time.Hour, "", time.Hour},
		{"no skew", 0, 0, "", time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				now := time.Now()
				w.Header().Set("Date", now.Add(c.date).UTC().Format(http.TimeFormat))
				if c.age != "" {
					w.Header().Set("Age", c.age)
				}
				minted := now.Add(c.minted)
				io.WriteString(w, `{"token":"`+unsignedJWT(minted, minted.Add(time.Hour))+`"}`)
			})
			tok, err := fetchOnce(t, Config{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			left := time.Until(tok.ExpiresAt)
			if d := left - c.wantLeft; d < -3*time.Second || d > 3*time.Second {
				t.Errorf("the token expires in %v by the local clock; want %v", left, c.wantLeft)
			}
		})
	}
}
