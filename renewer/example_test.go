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

// A renewer for a token server that answers {"token": …, "expires_in": …}.
func ExampleNew() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"token":"eyJ.example.token","expires_in":3600}`)
	}))
	defer srv.Close()

	r, err := renewer.New(renewer.Config{
		URL: srv.URL, // https in production; plain http only for loopback
		Listener: renewer.ListenerFuncs{
			OnRenewToken: func(tok renewer.Token) {
				// Hand tok.Value to the SDK, as in Agora's renewToken.
			},
			OnError: func(err error) { fmt.Println("renewal failed:", err) },
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := r.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	defer r.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	tok, err := r.Token(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Value, tok.ExpirySource, tok.Lifetime().Round(time.Minute))
	// Output: eyJ.example.token response 1h0m0s
}

// Apps with their own fetch code implement Source.
func ExampleSourceFunc() {
	src := renewer.SourceFunc(func(ctx context.Context) (renewer.Token, error) {
		return renewer.Token{Value: "from-my-code", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	r, _ := renewer.New(renewer.Config{Source: src})
	r.Start(context.Background())
	defer r.Stop()
	tok, _ := r.Token(context.Background())
	fmt.Println(tok.Value)
	// Output: from-my-code
}

// keySource is a custom Source that sends an API key. It names the key as
// its identity, so that a Store keeps its tokens under a key of their own,
// and as a secret, which the renewer scrubs from every error it reports.
type keySource struct{ key string }

func (s keySource) Fetch(ctx context.Context) (renewer.Token, error) {
	return renewer.Token{}, renewer.Permanent(fmt.Errorf("the server refused key %s", s.key))
}

func (s keySource) Identity() []string { return []string{"api key", s.key} }

func (s keySource) Secrets() []string { return []string{s.key} }

// A custom Source gets what the HTTP source gets: here, its API key kept
// out of the errors the renewer reports.
func ExampleSecretHolder() {
	r, _ := renewer.New(renewer.Config{Source: keySource{key: "app-key-1234"}})
	r.Start(context.Background())
	defer r.Stop()
	_, err := r.Token(context.Background())
	fmt.Println(err)
	// Output: the server refused key [REDACTED]
}

// Tokens print redacted, with every verb.
func ExampleToken_String() {
	tok := renewer.Token{Value: "secret", ExpiresAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), ExpirySource: renewer.ExpiryToken}
	fmt.Println(tok)
	fmt.Printf("%#v\n", tok)
	// Output:
	// Token(redacted, 6 bytes, expires 2026-11-23T12:00:00Z from token)
	// renewer.Token(redacted, 6 bytes, expires 2026-11-23T12:00:00Z from token)
}

// An app's own error reports go through Redact, which knows the token and
// the secrets the renewer was configured with.
func ExampleRenewer_Redact() {
	r, err := renewer.New(renewer.Config{
		URL:    "https://tokens.example.com/token",
		Header: map[string]string{"X-Api-Key": "app-key-1234"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tok := renewer.Token{Value: "eyJ.the.token", ExpiresAt: time.Now().Add(time.Hour)}
	err = fmt.Errorf("join rejected token %s (key app-key-1234)", tok.Value)
	fmt.Println(r.Redact(err, tok))
	// Output: join rejected token [REDACTED] (key [REDACTED])
}

// Any error of a renewer has a stable name for logs, metrics and other
// languages.
func ExampleCode() {
	fmt.Println(renewer.Code(renewer.ErrUnauthorized))
	fmt.Println(renewer.Code(fmt.Errorf("joining: %w", renewer.ErrAlreadyStarted)))
	fmt.Println(renewer.Code(&renewer.StatusError{StatusCode: 418}))
	fmt.Println(renewer.Code(context.DeadlineExceeded))
	// Output:
	// unauthorized
	// already_started
	// http_status
	// timeout
}
