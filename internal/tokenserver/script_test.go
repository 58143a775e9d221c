package tokenserver

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestParseRule(t *testing.T) {
	cases := []struct {
		line string
		want Rule
	}{
		{"10m-20m outage", Rule{After: 10 * time.Minute, Until: 20 * time.Minute, Fault: Fault{Outage: true}}},
		{"1h- revoke", Rule{After: time.Hour, Fault: Fault{Status: 401}}},
		{"-5m latency 2s", Rule{Until: 5 * time.Minute, Fault: Fault{Latency: 2 * time.Second}}},
		{"req 3-5 status 503 retry-after 10s", Rule{FromRequest: 3, ToRequest: 5, Fault: Fault{Status: 503, RetryAfter: 10 * time.Second}}},
		{"req 7 repeat", Rule{FromRequest: 7, ToRequest: 7, Fault: Fault{Repeat: true}}},
		{"req 2- route dolby lifetime 3s", Rule{FromRequest: 2, Route: "dolby", Fault: Fault{Lifetime: 3 * time.Second}}},
		{"always skew -5m", Rule{Fault: Fault{Skew: -5 * time.Minute}}},
		{"upgrade", Rule{Fault: Fault{Upgrade: true}}},
		{"1h-2h req 4- redirect-loop latency 1s", Rule{After: time.Hour, Until: 2 * time.Hour, FromRequest: 4, Fault: Fault{RedirectLoop: true, Latency: time.Second}}},
		{"0-1m ok", Rule{Until: time.Minute}},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			got, err := ParseRule(c.line)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, c.want)
			}
			again, err := ParseRule(got.String())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("%q does not read back: %+v, %v", got.String(), again, err)
			}
		})
	}
}

func TestParseRuleRefusesWhatItCannotMean(t *testing.T) {
	for _, line := range []string{
		"",
		"10m-20m",              // no fault
		"outage 10m-20m",       // when after what
		"20m-10m outage",       // backwards
		"req 0 outage",         // requests count from 1
		"req 5-3 outage",       // backwards
		"status 99",            // not a status
		"status",               // no number
		"latency",              // no duration
		"latency -1s",          // negative
		"retry-after 5s",       // without a status
		"route nowhere outage", // unknown route
		"explode",              // unknown word
		"1h-2h 3h-4h outage",   // two windows
	} {
		if r, err := ParseRule(line); !errors.Is(err, ErrScript) {
			t.Errorf("%q: got %+v, %v; want ErrScript", line, r, err)
		}
	}
}

func TestParseScriptSkipsCommentsAndNamesTheBadLine(t *testing.T) {
	s, err := ParseScript("# a day\n\n10m-20m outage  # down\nreq 3 status 500\n")
	if err != nil || len(s) != 2 || !s[0].Fault.Outage || s[1].Fault.Status != 500 {
		t.Fatalf("got %v, %v", s, err)
	}
	if _, err := ParseScript("outage\nbogus\n"); !errors.Is(err, ErrScript) || err.Error()[:7] != "line 2:" {
		t.Errorf("got %v, want an ErrScript naming line 2", err)
	}
}

func TestScriptFaultMergesEarlierRulesFirst(t *testing.T) {
	s := Script{
		{FromRequest: 2, ToRequest: 2, Fault: Fault{Status: 503}},
		{After: time.Minute, Fault: Fault{Status: 500, Latency: time.Second}},
		{Route: "dolby", Fault: Fault{Skew: time.Hour}},
	}
	for _, c := range []struct {
		elapsed time.Duration
		n       int
		route   string
		want    Fault
	}{
		{0, 1, "agora", Fault{}},
		{0, 2, "agora", Fault{Status: 503}},
		{time.Minute, 2, "agora", Fault{Status: 503, Latency: time.Second}},
		{time.Minute, 3, "dolby", Fault{Status: 500, Latency: time.Second, Skew: time.Hour}},
	} {
		if got := s.Fault(c.elapsed, c.n, c.route); got != c.want {
			t.Errorf("Fault(%v, %d, %s) = %+v, want %+v", c.elapsed, c.n, c.route, got, c.want)
		}
	}
}

func FuzzParseScript(f *testing.F) {
	for _, s := range []string{"10m-20m outage", "req 3-5 status 503 retry-after 10s\n1h- revoke", "always skew -5m # x", "req 2- route dolby lifetime 3s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseScript(text)
		if err != nil {
			if !errors.Is(err, ErrScript) {
				t.Fatalf("%q: error %v does not match ErrScript", text, err)
			}
			return
		}
		again, err := ParseScript(s.String())
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Fatalf("%q: %q reads back as %+v, %v; want %+v", text, s.String(), again, err, s)
		}
	})
}
