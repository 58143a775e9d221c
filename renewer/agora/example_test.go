package agora_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
)

// An Agora token service: the profile POSTs to {base}/getToken.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path, string(body))
		fmt.Fprintln(w, `{"token":"opaque-demo-token"}`)
	}))
	defer srv.Close()

	r, err := renewer.New(renewer.Config{
		URL:     srv.URL,
		Profile: agora.Profile{Channel: "lobby", UID: "1234", Expiry: time.Hour},
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
