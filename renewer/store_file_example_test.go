//go:build !js

package renewer_test

import (
	"fmt"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// Keep the token across restarts on desktop; mobile apps implement Store on
// the Keychain or Keystore.
func ExampleFileStore() {
	cfg := renewer.Config{
		URL:   "https://tokens.example.com/token",
		Store: renewer.FileStore{Path: "/var/lib/myapp/token.json"},
	}
	_, err := renewer.New(cfg)
	fmt.Println(err)
	// Output: <nil>
}
