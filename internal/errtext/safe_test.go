//go:build !js

package errtext

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
		{ErrorText(ne), "*errtext.nilErr"},
		{ErrorText(panicky{}), "errtext.panicky"},
		{ErrorText(errors.New("plain")), "plain"},
		{PanicText(ne), "*errtext.nilErr"},
		{PanicText(ns), "*errtext.nilStringer"},
		{PanicText(panicky{}), "errtext.panicky"},
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
