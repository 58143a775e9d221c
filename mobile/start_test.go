package mobile

import (
	"testing"
	"time"
)

// blockingStore is a Store whose Load waits until release is closed, as a
// Keystore or a Keychain may on a cold start.
type blockingStore struct {
	memStore
	loading chan struct{} // closed when Load begins
	release chan struct{}
}

func (s *blockingStore) Load() (*StoredToken, error) {
	close(s.loading)
	<-s.release
	return s.memStore.Load()
}

// The Kotlin layer's constructor and the Swift layer's init call Start on the
// main thread (Application.onCreate): Start must not wait for the Store.
func TestStartDoesNotWaitForTheStore(t *testing.T) {
	srv, _ := tokenServer(t)
	store := &blockingStore{loading: make(chan struct{}), release: make(chan struct{})}
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetStore(store)
	r := NewRenewer(cfg, nil)
	t.Cleanup(r.Stop)
	started := make(chan error, 1)
	go func() { started <- r.Start() }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(wait):
		close(store.release)
		t.Fatal("Start waited for the Store's Load")
	}
	<-store.loading
	if _, err := r.Token(0); CodeOf(err.Error()) != ErrorCodeTimeout {
		t.Errorf("Token(0) while the Store loads: %v, want ErrorCodeTimeout at once", err)
	}
	if err := r.Start(); err == nil || CodeOf(err.Error()) != ErrorCodeAlreadyStarted {
		t.Errorf("second Start while the Store loads: %v, want ErrorCodeAlreadyStarted", err)
	}
	got := make(chan string, 1)
	go func() { tok, _ := r.Token(wait.Milliseconds()); got <- tok }()
	close(store.release)
	if tok := <-got; tok != "tok-1" {
		t.Errorf("Token once the Store answered = %q, want tok-1", tok)
	}
}

// A renewer paused while its Store loads is paused once started (the
// lifecycle helpers may call Pause before the load ends); the first fetch,
// which Start begins, completes.
func TestPauseWhileTheStoreLoadsHolds(t *testing.T) {
	srv, _ := tokenServer(t)
	store := &blockingStore{loading: make(chan struct{}), release: make(chan struct{})}
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetStore(store)
	r := newStarted(t, cfg, nil)
	<-store.loading
	r.Resume()
	r.Pause()
	close(store.release)
	if tok, err := r.Token(wait.Milliseconds()); err != nil || tok != "tok-1" {
		t.Errorf("Token = %q, %v; want tok-1", tok, err)
	}
	if !r.Stats().Paused {
		t.Error("Pause while the Store loaded was lost")
	}
	r.Resume()
	if r.Stats().Paused {
		t.Error("Resume did not resume")
	}
}

// Stop while the Store loads ends a waiting Token at once with Stopped.
func TestStopWhileTheStoreLoadsEndsWaits(t *testing.T) {
	srv, _ := tokenServer(t)
	store := &blockingStore{loading: make(chan struct{}), release: make(chan struct{})}
	defer close(store.release)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetStore(store)
	r := newStarted(t, cfg, nil)
	<-store.loading
	errc := make(chan error, 1)
	go func() { _, err := r.Token(wait.Milliseconds()); errc <- err }()
	r.Stop()
	select {
	case err := <-errc:
		if err == nil || CodeOf(err.Error()) != ErrorCodeStopped {
			t.Errorf("Token across Stop: %v, want ErrorCodeStopped", err)
		}
	case <-time.After(wait):
		t.Fatal("Token waited past Stop while the Store loaded")
	}
}
