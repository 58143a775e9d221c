package renewer

import (
	"context"
	"fmt"
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
