package mobile

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// nilErr is an app's error whose Error reads its receiver.
type nilErr struct{ msg string }

func (e *nilErr) Error() string { return e.msg }

// nilStore returns a nil *nilErr from Load (a non-nil error) and panics
// with one from Save.
type nilStore struct{}

func (nilStore) Load() (*StoredToken, error) {
	var e *nilErr
	return nil, e
}

func (nilStore) Save(*StoredToken) error {
	var e *nilErr
	panic(e)
}

// TestAppErrorTypedNilFromAStoreIsReadSafely: a Store that returns or
// panics with a nil *T crashes nothing; what is reported names the type.
func TestAppErrorTypedNilFromAStoreIsReadSafely(t *testing.T) {
	a := storeAdapter{s: nilStore{}}
	_, err := a.Load(t.Context(), "")
	if codeFor(err) != ErrorCodeStore || !strings.Contains(err.Error(), "Store.Load failed: *mobile.nilErr") {
		t.Errorf("Load: %v, want ErrorCodeStore naming the type", err)
	}
	err = a.Save(t.Context(), "", renewer.Token{Value: "v", ExpiresAt: time.Now().Add(time.Hour)})
	if codeFor(err) != ErrorCodeInternal || !strings.Contains(err.Error(), "panic in Store.Save: *mobile.nilErr") {
		t.Errorf("Save: %v, want ErrorCodeInternal naming the type", err)
	}
	if !errors.Is(err, renewer.ErrPanic) {
		t.Errorf("Save: %v does not match renewer.ErrPanic", err)
	}
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetStore(nilStore{})
	l := newRecorder()
	r := newStarted(t, cfg, l)
	if _, err := r.Token(wait.Milliseconds()); err != nil {
		t.Errorf("Token with a Store that fails with nil *T: %v", err)
	}
}
