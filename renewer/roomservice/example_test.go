package roomservice_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

// A Room Service auth webhook: the answer's user and resources are kept on
// the token.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.Header.Get("Cookie"), string(body))
		fmt.Fprintln(w, `{"user":"alice","resources":[{"id":"r1","object":"room","reference":"lobby","permission":"join"}],"token":"rs-token"}`)
	}))
	defer srv.Close()

	r, err := renewer.New(renewer.Config{
		URL:     srv.URL + "/api/roomservice",
		Profile: roomservice.Profile{Room: "lobby"},
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
