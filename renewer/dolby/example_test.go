package dolby_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/dolby"
)

// A Dolby.io token function: "expires_in" gives the lifetime, and the
// refresh token is dropped.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"access_token":"opaque-access","refresh_token":"never-kept","expires_in":600}`)
	}))
	defer srv.Close()

	r, err := renewer.New(renewer.Config{URL: srv.URL, Profile: dolby.Profile{}})
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
