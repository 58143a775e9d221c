package renewer_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// An Agora token service: the profile POSTs to {base}/getToken.
func ExampleAgora() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path, string(body))
		fmt.Fprintln(w, `{"token":"opaque-demo-token"}`)
	}))
	defer srv.Close()

	r, err := renewer.New(renewer.Config{
		URL:     srv.URL,
		Profile: renewer.Agora{Channel: "lobby", UID: "1234", Expiry: time.Hour},
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := r.Start(ctx); err != nil {
		panic(err)
	}
	defer r.Stop()
	tok, err := r.Token(ctx)
	fmt.Println(tok.Lifetime(), "from", tok.ExpirySource, err)
	// Output:
	// POST /getToken {"tokenType":"rtc","channel":"lobby","role":"publisher","uid":"1234","expire":3600}
	// 1h0m0s from profile <nil>
}

// A Room Service auth webhook: the answer's user and resources are kept on
// the token.
func ExampleRoomService() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.Header.Get("Cookie"), string(body))
		fmt.Fprintln(w, `{"user":"alice","resources":[{"id":"r1","object":"room","reference":"lobby","permission":"join"}],"token":"rs-token"}`)
	}))
	defer srv.Close()

	r, err := renewer.New(renewer.Config{
		URL:     srv.URL + "/api/roomservice",
		Profile: renewer.RoomService{Room: "lobby"},
		Header:  map[string]string{"Cookie": "session=abc"},
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := r.Start(ctx); err != nil {
		panic(err)
	}
	defer r.Stop()
	tok, _ := r.Token(ctx)
	fmt.Println(tok.Extra["user"], tok.Lifetime())
	// Output:
	// POST session=abc {"resources":[{"object":"room","reference":"lobby","permission":"join"}]}
	// alice 6h0m0s
}

// A Dolby.io token function: "expires_in" gives the lifetime, and the
// refresh token is dropped.
func ExampleDolby() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"access_token":"opaque-access","refresh_token":"never-kept","expires_in":600}`)
	}))
	defer srv.Close()

	r, err := renewer.New(renewer.Config{URL: srv.URL, Profile: renewer.Dolby{}})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := r.Start(ctx); err != nil {
		panic(err)
	}
	defer r.Stop()
	tok, _ := r.Token(ctx)
	fmt.Println(tok.Lifetime(), "from", tok.ExpirySource, len(tok.Extra))
	// Output:
	// 10m0s from response 0
}
