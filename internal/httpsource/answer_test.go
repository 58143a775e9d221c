package httpsource

import (
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"12":                            12 * time.Second,
		"999999":                        time.Hour,
		"9999999999999":                 time.Hour, // 13 digits: cut to the cap, not ignored
		"99999999999999999999999999999": time.Hour, // past uint64
		"0000000000000000000000000012":  12 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Thu, 01 Jan 2026 00:01:00 GMT": time.Minute,
		"Wed, 31 Dec 2025 23:00:00 GMT": 0,
	}
	for in, want := range cases {
		if got := ParseRetryAfter(in, now); got != want {
			t.Errorf("ParseRetryAfter(%q) = %v; want %v", in, got, want)
		}
	}
}

// FuzzParseRetryAfter: any Retry-After value gives a delay within [0, 1h].
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "120", "99999999999999", "-5", " 7 ", "Wed, 21 Oct 2015 07:28:00 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "soon", "1e3", "\x00"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := ParseRetryAfter(v, now); d < 0 || d > time.Hour {
			t.Fatalf("ParseRetryAfter(%q) = %v; want within [0, 1h]", v, d)
		}
	})
}
