package renewer

import "fmt"

// A Secret is a credential kept in Token.Extra, such as the RTM token of an
// Agora "rte" answer. Like Token, it formats itself redacted with every fmt
// verb, in JSON and in slog output; convert it with string() to use it.
type Secret string

// String returns "REDACTED".
func (Secret) String() string { return "REDACTED" }

// GoString returns "REDACTED".
func (Secret) GoString() string { return "REDACTED" }

// Format implements fmt.Formatter: every verb prints "REDACTED".
func (Secret) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte("REDACTED")) }

// MarshalJSON encodes the secret as the string "REDACTED".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"REDACTED"`), nil }

// MarshalText encodes the secret as "REDACTED".
func (Secret) MarshalText() ([]byte, error) { return []byte("REDACTED"), nil }
