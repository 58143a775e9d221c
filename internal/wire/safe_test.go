//go:build !js

package wire

import (
	"errors"
	"testing"
)

type nilErr struct{ msg string }

func (e *nilErr) Error() string { return e.msg }

type nilStringer struct{ s string }

func (n *nilStringer) String() string { return n.s }

type panicky struct{}

func (panicky) Error() string { panic("Error panicked") }

func TestReadingAnAppsValueNeverPanics(t *testing.T) {
	var ne *nilErr
	var ns *nilStringer
	for _, c := range []struct {
		got, want string
	}{
		{ErrorText(ne), "*wire.nilErr"},
		{ErrorText(panicky{}), "wire.panicky"},
		{ErrorText(errors.New("plain")), "plain"},
		{PanicText(ne), "*wire.nilErr"},
		{PanicText(ns), "*wire.nilStringer"},
		{PanicText(panicky{}), "wire.panicky"},
		{PanicText(nil), "nil"},
		{PanicText(struct{ a int }{1}), "struct { a int }"},
		{PanicText("boom"), "boom"},
		{PanicText(42), "42"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
