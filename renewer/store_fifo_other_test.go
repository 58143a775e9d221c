//go:build !unix && !js

package renewer

import "errors"

// mkfifo reports that this system has no named pipes in its file system.
func mkfifo(string) error { return errors.ErrUnsupported }
