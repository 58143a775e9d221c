//go:build !js

package renewer

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"testing/synctest"
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

// answerFunc is a Transport that answers every request with what f says,
// at now by the clock of the test (the fake one inside synctest); it
// counts the requests.
type answerFunc struct {
	f func(now time.Time) *Response
	n *atomic.Int64
}

func newAnswerFunc(f func(now time.Time) *Response) answerFunc {
	return answerFunc{f: f, n: new(atomic.Int64)}
}

func (a answerFunc) RoundTrip(_ context.Context, _ *Request) (*Response, error) {
	a.n.Add(1)
	return a.f(time.Now()), nil
}

// jsonAnswer is a 200 answer with body and a Date header at date (none
// when date is zero).
func jsonAnswer(date time.Time, body string) *Response {
	h := map[string]string{"content-type": "application/json"}
	if !date.IsZero() {
		h["date"] = date.UTC().Format(http.TimeFormat)
	}
	return &Response{StatusCode: 200, Header: h, Body: []byte(body)}
}

// TestLifetimeCapCountsFromArrival: the seven-day cap counts from when a
// token arrives, not from its issue time: a token issued eight days ago
// that lives thirty more days is served for seven days from now, not
// refused as already expired.
func TestLifetimeCapCountsFromArrival(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  func(now time.Time) Config
	}{
		{"a JWT from a token server", func(now time.Time) Config {
			jwt := unsignedJWT(now.Add(-8*24*time.Hour), now.Add(30*24*time.Hour))
			return Config{URL: "https://tokens.example/token", Transport: newAnswerFunc(func(time.Time) *Response {
				return jsonAnswer(time.Time{}, `{"token":"`+jwt+`"}`)
			})}
		}},
		{"a Source's token with its own issue time", func(now time.Time) Config {
			return Config{Source: SourceFunc(func(context.Context) (Token, error) {
				return Token{Value: "own", IssuedAt: now.Add(-8 * 24 * time.Hour), ExpiresAt: now.Add(30 * 24 * time.Hour)}, nil
			})}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				now := time.Now().Truncate(time.Second)
				time.Sleep(time.Until(now.Add(time.Second))) // a whole second: JWT times have no fraction
				now = time.Now()
				r := start(t, c.cfg(now))
				tok, err := r.Token(waitCtx(t, time.Minute))
				if err != nil {
					t.Fatalf("Token = %v; want the token, cut to seven days from now", err)
				}
				if want := now.Add(maxLifetime); !tok.ExpiresAt.Equal(want) {
					t.Errorf("the token expires %v from now; want %v", tok.ExpiresAt.Sub(now), maxLifetime)
				}
			})
		})
	}
}

// TestShortLifeIsJudgedAtArrival: a token that arrives with 1.5 s left is
// short-lived, whatever its issue time says: it is reported as
// ErrShortLifetime and renewed at the failing pace, not 60 times a minute.
func TestShortLifeIsJudgedAtArrival(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var n atomic.Int64
		rec := newRecorder()
		r := start(t, Config{Listener: rec, Source: SourceFunc(func(context.Context) (Token, error) {
			now := time.Now()
			return Token{Value: "t" + strconv.FormatInt(n.Add(1), 10), IssuedAt: now.Add(-time.Hour), ExpiresAt: now.Add(1500 * time.Millisecond)}, nil
		})})
		if _, err := r.Token(waitCtx(t, time.Minute)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		if got := n.Load(); got > maxFailingFetches+1 {
			t.Errorf("%d fetches in a minute; want at most %d: a token arriving with 1.5 s left is not progress", got, maxFailingFetches+1)
		}
		short := 0
		for _, e := range rec.events("error") {
			if errors.Is(e.err, ErrShortLifetime) {
				short++
			}
		}
		if short == 0 {
			t.Error("no ErrShortLifetime reported")
		}
	})
}

// TestStaleCacheIsNotTakenForClockSkew: a cache that answers with a
// two-hour-old answer and no Age header looks like a device clock two hours
// fast (Date agrees with the token's issue time). Its token, which expired
// an hour ago, is never served as valid: a correction that would revive it
// waits for a second, fresh answer, which a cache replaying one answer
// never gives.
func TestStaleCacheIsNotTakenForClockSkew(t *testing.T) {
	for _, c := range []struct {
		name string
		body func(minted time.Time) string
	}{
		{"a JWT", func(minted time.Time) string {
			return `{"token":"` + unsignedJWT(minted, minted.Add(time.Hour)) + `"}`
		}},
		{"an opaque token with an absolute expiry", func(minted time.Time) string {
			return `{"token":"opaque","expires_at":` + strconv.FormatInt(minted.Add(time.Hour).Unix(), 10) + `}`
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				minted := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
				cached := jsonAnswer(minted, c.body(minted))
				rec := newRecorder()
				r := start(t, Config{URL: "https://tokens.example/token", Listener: rec,
					Transport: newAnswerFunc(func(time.Time) *Response { return cached })})
				tok, err := r.Token(waitCtx(t, 10*time.Minute))
				if err == nil {
					t.Fatalf("Token served %v, expiring %v from now; the token expired an hour ago", tok, time.Until(tok.ExpiresAt))
				}
				if !errors.Is(err, ErrAlreadyExpired) {
					t.Errorf("Token = %v; want ErrAlreadyExpired", err)
				}
				if n := len(rec.events("renew")); n != 0 {
					t.Errorf("%d tokens handed to the app", n)
				}
			})
		})
	}
}

// TestFastDeviceClockIsCorrected: a device clock two hours fast, with
// one-hour tokens, still gets tokens that last an hour by its clock: the
// correction, which revives what the local clock calls expired, is
// believed once a second, fresh answer confirms it, and from then on at
// the first answer that agrees.
func TestFastDeviceClockIsCorrected(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tr := newAnswerFunc(func(now time.Time) *Response {
			server := now.Add(-2 * time.Hour)
			return jsonAnswer(server, `{"token":"`+unsignedJWT(server, server.Add(time.Hour))+`"}`)
		})
		rec := newRecorder()
		r := start(t, Config{URL: "https://tokens.example/token", Transport: tr, Listener: rec})
		tok, err := r.Token(waitCtx(t, time.Minute))
		if err != nil {
			t.Fatalf("Token = %v; want the token, its expiry corrected by the Date header", err)
		}
		if left := time.Until(tok.ExpiresAt); left < time.Hour-3*time.Second || left > time.Hour {
			t.Errorf("the token expires in %v by the local clock; want 1h", left)
		}
		first := tr.n.Load()
		if first > 2 {
			t.Errorf("%d requests for the first token; want at most 2", first)
		}
		time.Sleep(time.Hour - time.Second)
		if n := len(rec.events("renew")); n != 2 {
			t.Errorf("%d tokens in the first hour; want 2", n)
		}
		if n := tr.n.Load() - first; n != 1 {
			t.Errorf("%d requests for the renewal; want 1: the confirmed correction holds", n)
		}
	})
}

// TestTokenRequestsAskCachesNotToAnswer: the native transport sends
// Cache-Control: no-cache, so that a cache in front of the token server
// fetches a fresh answer.
func TestTokenRequestsAskCachesNotToAnswer(t *testing.T) {
	var got atomic.Value
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("Cache-Control"))
		io.WriteString(w, `{"token":"t","expires_in":60}`)
	})
	if _, err := fetchOnce(t, Config{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if v, _ := got.Load().(string); v != "no-cache" {
		t.Errorf("Cache-Control = %q; want no-cache", v)
	}
}

// TestEarliestExpiryWins: when the answer and the token both say when the
// token expires, the earliest wins, whichever says it, and ExpirySource
// names it.
func TestEarliestExpiryWins(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	jwt := func(exp time.Duration) string { return unsignedJWT(now, now.Add(exp)) }
	for _, c := range []struct {
		name     string
		value    string
		g        Grant
		want     time.Duration
		wantFrom ExpirySource
	}{
		{"expires_in beyond the JWT's exp", jwt(20 * time.Second), Grant{ExpiresIn: time.Hour}, 20 * time.Second, ExpiryToken},
		{"expires_in before the JWT's exp", jwt(2 * time.Hour), Grant{ExpiresIn: 10 * time.Minute}, 10 * time.Minute, ExpiryResponse},
		{"expires_at beyond the JWT's exp", jwt(time.Minute), Grant{ExpiresAt: now.Add(time.Hour)}, time.Minute, ExpiryToken},
		{"expires_at before the JWT's exp", jwt(time.Hour), Grant{ExpiresAt: now.Add(time.Minute)}, time.Minute, ExpiryResponse},
		{"expires_in and expires_at disagreeing", "opaque", Grant{ExpiresIn: time.Hour, ExpiresAt: now.Add(5 * time.Minute)}, 5 * time.Minute, ExpiryResponse},
		{"expires_at and expires_in disagreeing", "opaque", Grant{ExpiresIn: 5 * time.Minute, ExpiresAt: now.Add(time.Hour)}, 5 * time.Minute, ExpiryResponse},
		{"the JWT alone", jwt(time.Hour), Grant{}, time.Hour, ExpiryToken},
		{"the JWT before the profile's default", jwt(2 * time.Hour), Grant{DefaultTTL: time.Hour}, 2 * time.Hour, ExpiryToken},
	} {
		t.Run(c.name, func(t *testing.T) {
			tok := Token{Value: c.value}
			if err := resolveExpiry(&tok, c.g, now, now, nil, time.Minute, nil); err != nil {
				t.Fatal(err)
			}
			if got := tok.ExpiresAt.Sub(now); got != c.want || tok.ExpirySource != c.wantFrom {
				t.Errorf("expires in %v from %v; want %v from %v", got, tok.ExpirySource, c.want, c.wantFrom)
			}
		})
	}
}
