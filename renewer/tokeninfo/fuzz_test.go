package tokeninfo

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/AgoraIO-Community/go-tokenbuilder/accesstoken"
)

// checkInspectResult fails t unless Inspect's answer is an error matching
// ErrMalformedToken or a sane Info, and calls a recognised prefix malformed
// rather than opaque.
func checkInspectResult(t *testing.T, value string, info Info, err error) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, ErrMalformedToken) {
			t.Fatalf("error %v does not match ErrMalformedToken", err)
		}
		if len(value) >= 24 && strings.Contains(err.Error(), value[3:24]) {
			t.Fatalf("error %q holds the token", err)
		}
		return
	}
	checkSane(t, info)
	if info.Format == FormatOpaque && (strings.HasPrefix(value, "006") || strings.HasPrefix(value, "007")) {
		t.Fatalf("%q is opaque, want agora or an error", value)
	}
}

func FuzzInspect(f *testing.F) {
	for _, s := range []string{
		vector006, vector007, strings.TrimRight(vector007, "="), "", "006", "007", "a.b.c",
		jwtHeaderNone + ".eyJleHAiOjE3MDAwMDAwMDAsImlhdCI6MS41ZTl9.c2ln",
		jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"exp":1.7e9,"n":{"a":[1,2,{}]}}`)) + ".",
		token007(header007(1, 4294967295, 2).u16(1).privs(1, 60, 2, 0).str("c").str("u").u16(9).Bytes()),
		token007(header007(4294967295, 4294967295, 1).u16(7).privs(3, 50).str("r").str("u").u16(1).Bytes()),
		token006(content006(2000, 1, 1500, 1000, 900)),
		countBomb007(16000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		info, err := Inspect(value)
		checkInspectResult(t, value, info, err)
	})
}

// FuzzAgora007Content fuzzes the decompressed content of a 007 token, which
// FuzzInspect rarely reaches through base64 and zlib.
func FuzzAgora007Content(f *testing.F) {
	f.Add(header007(1111111, 600, 1).u16(1).privs(1, 600).str("7d72365eb983485397e3e3f9d460bdda").str("2882341273").Bytes())
	f.Add(header007(1, 2, 3).u16(2).privs(1, 5).str("u").u16(5).privs(2, 0).str("").u16(8).Bytes())
	f.Add(header007(1, 2, 2).u16(4).privs(1, 5).u16(7).privs(1, 1, 2, 2, 3, 3).str("room").str("user").u16(3).Bytes())
	f.Fuzz(func(t *testing.T, raw []byte) {
		info, err := parseAgora007(raw)
		checkInspectResult(t, "", info, err)
		if err == nil && info.Format != FormatAgora007 {
			t.Fatalf("Format = %q", info.Format)
		}
	})
}

// FuzzAgora006Content fuzzes the base64-decoded content of a 006 token.
func FuzzAgora006Content(f *testing.F) {
	f.Add(content006(1111111, 1, 1446455471))
	f.Add(content006(0, 1000, 5, 1, 0, 2, 7))
	f.Fuzz(func(t *testing.T, raw []byte) {
		value := token006(raw)
		info, err := Inspect(value)
		checkInspectResult(t, value, info, err)
		if err == nil && info.Format != FormatAgora006 {
			t.Fatalf("Format = %q", info.Format)
		}
	})
}

// FuzzAgora007RoundTrip builds 007 tokens with go-tokenbuilder v1.3.0 from
// fuzzed numbers and strings, and checks that Inspect reads them back.
func FuzzAgora007RoundTrip(f *testing.F) {
	f.Add(uint32(1111111), uint32(600), uint32(600), uint32(0), "channel", "42", "")
	f.Add(uint32(4294967295), uint32(4294967295), uint32(0), uint32(1), "", "", "user")
	f.Fuzz(func(t *testing.T, issue, expire, join, login uint32, channel, uid, user string) {
		if len(channel) > 4096 || len(uid) > 4096 || len(user) > 4096 {
			t.Skip("the builder packs lengths in 16 bits; keep well inside")
		}
		at := accesstoken.NewAccessToken(testAppID, testAppCert, expire)
		at.IssueTs = issue
		rtc := accesstoken.NewServiceRtc(channel, uid)
		rtc.AddPrivilege(accesstoken.PrivilegeJoinChannel, join)
		at.AddService(rtc)
		rtm := accesstoken.NewServiceRtm(user)
		rtm.AddPrivilege(accesstoken.PrivilegeLogin, login)
		at.AddService(rtm)
		tok, err := at.Build()
		if err != nil {
			t.Fatal(err)
		}
		info, err := Inspect(tok)
		if err != nil {
			// Two refusals are the bounds Inspect keeps, not failures to
			// read: a token over MaxTokenLen, and content that inflates
			// past its bound (names far longer than Agora allows, made of
			// one repeated byte, can).
			if errors.Is(err, ErrMalformedToken) && (len(tok) > MaxTokenLen || overInflated(t, tok)) {
				return
			}
			t.Fatal(err)
		}
		deadline := uint64(expire)
		for _, p := range []uint32{join, login} {
			if p != 0 {
				deadline = min(deadline, uint64(p))
			}
		}
		if want := time.Unix(int64(issue)+int64(deadline), 0); !info.ExpiresAt.Equal(want) || !info.IssuedAt.Equal(time.Unix(int64(issue), 0)) {
			t.Fatalf("Inspect = %s, want exp=%d", describe(info), want.Unix())
		}
		if len(info.Services) != 2 || info.Services[0].Channel != channel || info.Services[0].UID != uid || info.Services[1].User != user {
			t.Fatalf("services = %+v", info.Services)
		}
		checkSane(t, info)
	})
}

// overInflated reports whether a 007 token's content inflates past the bound
// Inspect keeps: agoraInflateSlack plus agoraInflateRatio times the zlib
// stream, or maxAgoraContent. Tokens within Agora's own limits (a channel
// name under 64 bytes, a user account of at most 255, an RTM user ID of at
// most 64) never do: all of their content fits in the slack.
func overInflated(t *testing.T, tok string) bool {
	t.Helper()
	z, err := base64.StdEncoding.DecodeString(tok[3:])
	if err != nil {
		t.Fatalf("the builder's token is not base64: %v", err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatalf("the builder's token is not zlib: %v", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("the builder's token does not inflate: %v", err)
	}
	return len(raw) > min(maxAgoraContent, agoraInflateSlack+agoraInflateRatio*len(z))
}

func BenchmarkInspect(b *testing.B) {
	jwtToken := jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte(
		`{"iss":"https://auth.example","sub":"user-123","aud":"comms","iat":1700000000,"exp":1700003600}`)) +
		"." + strings.Repeat("s", 43)
	for _, bm := range []struct{ name, token string }{
		{"agora-006", vector006},
		{"agora-007", vector007},
		{"jwt", jwtToken},
		{"opaque", string(bytes.Repeat([]byte("x"), 200))},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Inspect(bm.token); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
