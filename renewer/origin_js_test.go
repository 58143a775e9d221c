//go:build js && wasm

package renewer

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/httpsource"
)

func TestOriginRefusalTellsAPageToHaveItsOriginAllowed(t *testing.T) {
	resp := &httpsource.Response{StatusCode: 403, Header: map[string]string{"content-type": "application/json"}, Body: []byte(`{"error":"Origin not allowed"}`)}
	err := statusError(httpsource.Answer{Response: resp, Sent: time.Now(), Received: time.Now()}, scrubber{})
	if !errors.Is(err, ErrOriginNotAllowed) || !errors.Is(err, ErrForbidden) || Code(err) != "origin_not_allowed" {
		t.Fatalf("err = %v; want ErrOriginNotAllowed", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "page's origin") || strings.Contains(msg, "Origin header") {
		t.Errorf("err = %q; want the page's origin to be allowed", msg)
	}
}
