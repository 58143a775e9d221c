package renewer

import "syscall"

// redirectFD makes file descriptor to a copy of from. Linux has no dup2 on
// every architecture (linux/arm64 lacks it); dup3 with no flags is the same.
func redirectFD(from, to int) error { return syscall.Dup3(from, to, 0) }
