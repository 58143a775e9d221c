//go:build js

package renewer

import (
	"context"
	"errors"
)

// defaultTransport returns the browser transport for c.
func defaultTransport(c Config) Transport { return fetchTransport{} }

type fetchTransport struct{}

func (fetchTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	return nil, errors.New("renewer: fetch transport not built yet")
}
