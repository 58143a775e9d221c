package renewer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// profileStub answers every request with one canned response and
// remembers the last request.
type profileStub struct {
	resp *Response
	last *Request
}

func (s *profileStub) RoundTrip(_ context.Context, req *Request) (*Response, error) {
	s.last = req
	return s.resp, nil
}

// fetchProfile runs one fetch of p against a canned response and returns the
// token, the request sent and the error.
func fetchProfile(t *testing.T, p Profile, resp *Response) (Token, *Request, error) {
	t.Helper()
	if resp.Header == nil {
		resp.Header = map[string]string{}
	}
	st := &profileStub{resp: resp}
	src, err := newHTTPSource(Config{URL: "http://127.0.0.1:8080", Profile: p, Transport: st, FallbackTTL: time.Minute}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := src.Fetch(context.Background())
	return tok, st.last, err
}

func TestProfileByNameReturnsEachBuiltInProfile(t *testing.T) {
	o := ProfileOptions{Channel: "room", UID: "7", Room: "lobby", Method: "POST", Expiry: time.Minute}
	cases := []struct {
		name string
		want Profile
	}{
		{"", Detect{}},
		{"json", JSON{Method: "POST"}},
		{"text", Text{Method: "POST"}},
		{"agora", Agora{Channel: "room", UID: "7", Expiry: time.Minute}},
		{"dolby", Dolby{Method: "POST"}},
		{"roomservice", RoomService{Room: "lobby"}},
	}
	for _, c := range cases {
		t.Run("name "+c.name, func(t *testing.T) {
			p, err := ProfileByName(c.name, o)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := describeProfile(p), describeProfile(c.want); got != want {
				t.Errorf("ProfileByName(%q) = %s, want %s", c.name, got, want)
			}
		})
	}
}

// describeProfile prints a profile's type and fields.
func describeProfile(p Profile) string {
	switch v := p.(type) {
	case JSON:
		v.Body = nil
		return sprintProfile(v)
	case Text:
		v.Body = nil
		return sprintProfile(v)
	}
	return sprintProfile(p)
}

func TestProfileByNameRefusesWhatTheProfileCannotUse(t *testing.T) {
	for _, c := range []struct {
		name string
		o    ProfileOptions
	}{
		{"nosuch", ProfileOptions{}},
		{"agora", ProfileOptions{}},                  // no channel
		{"agora", ProfileOptions{TokenType: "rtm"}},  // no uid
		{"agora", ProfileOptions{TokenType: "voip"}}, // no such type
		{"roomservice", ProfileOptions{}},            // no room
	} {
		if _, err := ProfileByName(c.name, c.o); err == nil {
			t.Errorf("ProfileByName(%q, %+v) succeeded, want an error", c.name, c.o)
		}
	}
}

func sprintProfile(p any) string { return fmt.Sprintf("%T%+v", p, p) }

func TestNewRefusesProfileSettingsTheServerWouldMisread(t *testing.T) {
	for _, c := range []struct {
		p     Profile
		bad   string // the bad value, named in the error
		known string // one accepted value, named in the error
	}{
		{Agora{Channel: "c", Role: "admin"}, `"admin"`, `"publisher"`},
		{Agora{Channel: "c", Role: "publisher "}, `"publisher "`, `"subscriber"`},
		{Agora{Channel: "c", Role: "admin", Legacy: true}, `"admin"`, `"publisher"`},
		{Agora{TokenType: "rtm", UID: "u", Role: "host"}, `"host"`, `"publisher"`},
		{Agora{TokenType: "video", Channel: "c"}, `"video"`, `"rtc"`},
		{Agora{TokenType: "rte", Channel: "c"}, `"rte"`, `"rtc"`},
		{Agora{Channel: "c", Expiry: -time.Second}, "negative", ""},
		{Agora{}, "Channel", ""},
		{Dolby{Method: "PUT"}, `"PUT"`, `"POST"`},
		{JSON{Method: "DELETE"}, `"DELETE"`, `"GET"`},
		{Text{Method: "PATCH"}, `"PATCH"`, `"GET"`},
		{RoomService{}, "Room", ""},
	} {
		_, err := New(Config{URL: "https://tokens.example.com", Profile: c.p})
		if !errors.Is(err, ErrInvalidProfile) || !IsPermanent(err) || Code(err) != "invalid_profile" {
			t.Errorf("New with %s = %v; want a permanent ErrInvalidProfile", sprintProfile(c.p), err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.bad) || !strings.Contains(msg, c.known) {
			t.Errorf("New with %s = %q; want it to name %s and %s", sprintProfile(c.p), msg, c.bad, c.known)
		}
	}
	for _, p := range []Profile{Agora{Channel: "c", Role: "Publisher"}, Agora{Channel: "c", Role: "subscriber"}, Dolby{Method: "post"}, JSON{}, nil} {
		if _, err := New(Config{URL: "https://tokens.example.com", Profile: p}); err != nil {
			t.Errorf("New with %s = %v; want it accepted", sprintProfile(p), err)
		}
	}
}

func TestProfileByNameNamesWhatItAccepts(t *testing.T) {
	for _, c := range []struct {
		name, bad, known string
		o                ProfileOptions
	}{
		{"agra", `"agra"`, `"agora"`, ProfileOptions{}},
		{"Agora", `"Agora"`, `"agora"`, ProfileOptions{}},
		{"agora", `"admin"`, `"publisher"`, ProfileOptions{Channel: "c", Role: "admin"}},
		{"agora", `"RTX"`, `"rtc"`, ProfileOptions{Channel: "c", TokenType: "RTX"}},
		{"json", `"GETT"`, `"GET"`, ProfileOptions{Method: "GETT"}},
	} {
		_, err := ProfileByName(c.name, c.o)
		if !errors.Is(err, ErrInvalidProfile) || !IsPermanent(err) {
			t.Errorf("ProfileByName(%q, %+v) = %v; want a permanent ErrInvalidProfile", c.name, c.o, err)
		} else if msg := err.Error(); !strings.Contains(msg, c.bad) || !strings.Contains(msg, c.known) {
			t.Errorf("ProfileByName(%q) = %q; want it to name %s and %s", c.name, msg, c.bad, c.known)
		}
	}
}
