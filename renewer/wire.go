package renewer

import (
	"time"

	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// The engine's names for the helpers it shares with the profiles.

func wrapError(err error, msg string) error   { return wire.Wrap(err, msg) }
func prefixError(msg string, err error) error { return wire.Prefix(msg, err) }

func parseSeconds(v any) (time.Duration, bool) { return wire.Seconds(v) }
func parseTime(v any) (time.Time, bool)        { return wire.Time(v) }

// errNotObject is the error of a body that is not one JSON object.
var errNotObject = wire.Wrap(ErrMalformedResponse, "not a JSON object")

// decodeObject decodes a JSON object, and nothing after it, with its
// top-level numbers as float64.
func decodeObject(body []byte) (map[string]any, error) {
	obj, err := wire.DecodeObject(body)
	if err != nil {
		return nil, errNotObject
	}
	return obj, nil
}
