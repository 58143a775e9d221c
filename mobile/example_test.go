package mobile_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tokenrenew/tokenrenew/mobile"
)

// printer is a Listener as an app writes one in Kotlin or Swift: each
// method takes an object, so that fields added later break no app.
type printer struct{ renewed chan *mobile.Token }

func (p printer) OnRenewToken(token *mobile.Token) error {
	p.renewed <- token
	return nil
}
func (p printer) OnTokenWillExpire(*mobile.Token, int64) error { return nil }
func (p printer) OnTokenExpired(*mobile.Token) error           { return nil }
func (p printer) OnError(err *mobile.TokenError) error {
	fmt.Println("error", err.Code, "permanent:", err.Permanent)
	return nil
}

func ExampleNewRenewer() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"token":"t-1","expires_in":3600}`)
	}))
	defer srv.Close()

	cfg := mobile.NewConfig()
	cfg.SetURL(srv.URL)
	p := printer{renewed: make(chan *mobile.Token, 1)}
	r := mobile.NewRenewer(cfg, p) // never fails: Start does, for an unusable config
	if err := r.Start(); err != nil {
		fmt.Println(err)
		return
	}
	defer r.Stop()
	tok := <-p.renewed
	fmt.Println(tok.Value, tok.ExpirySource, tok.IssuedAtMs > 0)
	// Output: t-1 response true
}

func ExampleRenewer_AwaitToken() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "sign in first", http.StatusUnauthorized)
	}))
	defer srv.Close()

	cfg := mobile.NewConfig()
	cfg.SetURL(srv.URL)
	r := mobile.NewRenewer(cfg, nil)
	if err := r.Start(); err != nil {
		fmt.Println(err)
		return
	}
	defer r.Stop()
	// A Kotlin or Swift layer calls AwaitToken on a thread of its own and
	// calls w.Cancel when its coroutine or task is cancelled.
	w := mobile.NewWait(10 * time.Second.Milliseconds())
	if _, err := r.AwaitToken(w); err != nil {
		f := w.Failure()
		fmt.Println(f.Code == mobile.ErrorCodeUnauthorized, f.Permanent)
	}
	// Output: true true
}
