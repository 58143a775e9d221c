package httpsource

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/permanent"
)

// transportFunc adapts a function to a Transport.
type transportFunc func(ctx context.Context, req *Request) (*Response, error)

func (f transportFunc) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

func get(endpoint string) (*Request, error) {
	return &Request{Method: "GET", URL: endpoint, Header: map[string]string{"Accept": "application/json", "X-Key": "profile"}}, nil
}

func TestSendSendsTheProfilesRequestWithTheHeaderOverItAndTimesTheAnswer(t *testing.T) {
	clock := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	var got *Request
	s := New(Config{URL: "https://tokens.example/t", NewRequest: get, Header: map[string]string{"X-Key": "config"},
		Now: func() time.Time { clock = clock.Add(time.Second); return clock },
		Transport: transportFunc(func(_ context.Context, req *Request) (*Response, error) {
			got = req
			return &Response{StatusCode: 503}, nil
		})})
	a, err := s.Send(context.Background())
	if err != nil || a.OK() || a.StatusCode != 503 || !a.Received.After(a.Sent) {
		t.Fatalf("Send = %+v, %v; want the 503 answer, received after sent", a, err)
	}
	if got.URL != "https://tokens.example/t" || got.Header["X-Key"] != "config" || got.Header["Accept"] != "application/json" {
		t.Errorf("sent %+v; want the profile's request with Config.Header over its headers", got)
	}
}

func TestSendRefusesWhatCannotBeSentAndATransportThatAnswersNothing(t *testing.T) {
	called := false
	bad := New(Config{URL: "https://tokens.example/t", NewRequest: get, Header: map[string]string{"X-Key": "caf\u00e9"}, Now: time.Now,
		Transport: transportFunc(func(context.Context, *Request) (*Response, error) { called = true; return nil, nil })})
	if _, err := bad.Send(context.Background()); !errors.Is(err, ErrInvalidHeader) || !permanent.Marked(err) || called {
		t.Errorf("Send with a header no transport could send = %v (transport called: %t); want a permanent ErrInvalidHeader, nothing sent", err, called)
	}
	silent := New(Config{URL: "https://tokens.example/t", NewRequest: get, Now: time.Now,
		Transport: transportFunc(func(context.Context, *Request) (*Response, error) { return nil, nil })})
	if _, err := silent.Send(context.Background()); err == nil || !strings.Contains(err.Error(), "no response") {
		t.Errorf("Send over a Transport that returns neither a response nor an error = %v; want an error saying so", err)
	}
}

func TestIdentityNamesEveryPartOfTheRequestInOrder(t *testing.T) {
	s := New(Config{URL: "https://tokens.example/t?user=1", NewRequest: get, Header: map[string]string{"Cookie": "c=1"}})
	want := "method GET url https://tokens.example/t?user=1 body  header accept application/json header cookie c=1 header x-key profile"
	if got := strings.Join(s.Identity(), " "); got != want {
		t.Errorf("Identity = %q; want %q", got, want)
	}
}
