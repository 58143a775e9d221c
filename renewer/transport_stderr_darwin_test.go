package renewer

import "syscall"

// redirectFD makes file descriptor to a copy of from.
func redirectFD(from, to int) error { return syscall.Dup2(from, to) }
