//go:build !js

package renewer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestStoreKeyHoldsNoSecretAndTellsIdentitiesApart(t *testing.T) {
	const secret = "s3cr3t-api-key"
	hashKey := NewHashKey()
	key := func(p Profile, hdr map[string]string) string {
		t.Helper()
		s, err := newHTTPSource(Config{URL: "https://tokens.example.com/t?key=" + secret, Profile: p, Header: hdr}, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		return storeKey(hashKey, s, "", "")
	}
	uid := func(u string) Profile { return JSON{Method: "POST", Body: []byte(`{"channel":"c","uid":"` + u + `"}`)} }
	a := key(uid("42"), map[string]string{"Authorization": "Bearer " + secret})
	if strings.Contains(a, secret) {
		t.Errorf("key %q holds the secret", a)
	}
	if again := key(uid("42"), map[string]string{"Authorization": "Bearer " + secret}); again != a {
		t.Error("the same configuration made two keys")
	}
	for name, other := range map[string]string{
		"another Authorization value": key(uid("42"), map[string]string{"Authorization": "Bearer another"}),
		"another uid in the body":     key(uid("7777"), map[string]string{"Authorization": "Bearer " + secret}),
		"another channel":             key(JSON{Method: "POST", Body: []byte(`{"channel":"d","uid":"42"}`)}, map[string]string{"Authorization": "Bearer " + secret}),
		"no header":                   key(uid("42"), nil),
		"another profile":             key(Text{}, map[string]string{"Authorization": "Bearer " + secret}),
	} {
		if other == a {
			t.Errorf("%s: two identities share the key %q", name, a)
		}
	}
}

// TestStoreKeyTellsWhatTheProfileReads: one URL, one request, two fields
// of the answer: an RTC and an RTM token are not the same token.
func TestStoreKeyTellsWhatTheProfileReads(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"rtcToken":"rtc-%d","rtmToken":"rtm-%d","expires_in":3600}`, k, k)
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "token.json")
	if got := runStored(t, Config{URL: srv.URL, Profile: JSON{TokenField: "rtcToken"}, Store: FileStore{Path: path}}); got.Value != "rtc-1" {
		t.Fatalf("rtc renewer: %q", got.Value)
	}
	if got := runStored(t, Config{URL: srv.URL, Profile: JSON{TokenField: "rtmToken"}, Store: FileStore{Path: path}}); got.Value != "rtm-2" || n.Load() != 2 {
		t.Errorf("rtm renewer after the rtc one: %q after %d requests; want an RTM token of its own", got.Value, n.Load())
	}
}

// TestTwoUsersBehindAuthorization: JSON and text token servers that know
// the user by an Authorization header, one FileStore: Bob is never handed
// Alice's stored token; he fetches his own.
func TestTwoUsersBehindAuthorization(t *testing.T) {
	for name, p := range map[string]Profile{"json": JSON{}, "text": Text{}} {
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				user := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				if name == "json" {
					fmt.Fprintf(w, `{"token":"token-for-%s","expires_in":3600}`, user)
				} else {
					fmt.Fprintf(w, "token-for-%s", user)
				}
			}))
			t.Cleanup(srv.Close)
			path := filepath.Join(t.TempDir(), "token.json")
			for i, user := range []string{"alice", "bob", "bob"} {
				got := runStored(t, Config{URL: srv.URL, Profile: p, FallbackTTL: time.Hour,
					Header: map[string]string{"Authorization": "Bearer " + user}, Store: FileStore{Path: path}})
				if want := int32(min(i+1, 2)); got.Value != "token-for-"+user || n.Load() != want {
					t.Errorf("%s (run %d): %q after %d requests; want %q after %d", user, i, got.Value, n.Load(), "token-for-"+user, want)
				}
			}
		})
	}
}

// TestStoreKeyTellsIdentitiesApart: Config.Identity, and a custom Source
// that says its identity, keep two users' tokens apart in one Store; a
// custom Source that says nothing shares its key with another only when
// Identity and StoreKey agree.
func TestStoreKeyTellsIdentitiesApart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	var fetches atomic.Int32
	src := func(user string) Source {
		return identifiedSource{user, SourceFunc(func(context.Context) (Token, error) {
			fetches.Add(1)
			return Token{Value: "token-for-" + user, ExpiresAt: time.Now().Add(time.Hour)}, nil
		})}
	}
	for i, c := range []struct {
		cfg   Config
		want  string
		fetch int32
	}{
		{Config{Source: src("alice")}, "token-for-alice", 1},
		{Config{Source: src("alice")}, "token-for-alice", 1}, // reused
		{Config{Source: src("bob")}, "token-for-bob", 2},
		{Config{Source: src("bob").(identifiedSource).Source, Identity: "carol"}, "token-for-bob", 3},
		{Config{Source: src("bob").(identifiedSource).Source, Identity: "dave"}, "token-for-bob", 4},
		{Config{Source: src("bob").(identifiedSource).Source, StoreKey: "dave"}, "token-for-bob", 5},
		{Config{Source: src("bob").(identifiedSource).Source, StoreKey: "dave"}, "token-for-bob", 5}, // reused
	} {
		c.cfg.Store = FileStore{Path: path}
		if got := runStored(t, c.cfg); got.Value != c.want || fetches.Load() != c.fetch {
			t.Errorf("run %d: %q after %d fetches; want %q after %d", i, got.Value, fetches.Load(), c.want, c.fetch)
		}
		if b, _ := os.ReadFile(path); strings.Contains(string(b), "carol") || strings.Contains(string(b), "dave") {
			t.Errorf("run %d: the file names a user: %s", i, b)
		}
	}
}

// identifiedSource is a custom Source that says whose tokens it fetches.
type identifiedSource struct {
	user string
	Source
}

func (s identifiedSource) Identity() []string { return []string{"user", s.user} }

// runStored starts a renewer for cfg, takes its token, waits until a
// fetched token is saved, and stops it.
func runStored(t *testing.T, cfg Config) Token {
	t.Helper()
	saved := make(chan struct{}, 1)
	cfg.Store = savedStore{cfg.Store.(FileStore), saved}
	r := start(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tok, err := r.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stats().Fetches > 0 {
		select {
		case <-saved:
		case <-ctx.Done():
			t.Fatal("the fetched token was not saved")
		}
	}
	stopAndWait(t, r)
	return tok
}

// savedStore is a FileStore that says when it has saved.
type savedStore struct {
	FileStore
	saved chan struct{}
}

func (s savedStore) Save(ctx context.Context, key string, tok Token) error {
	err := s.FileStore.Save(ctx, key, tok)
	select {
	case s.saved <- struct{}{}:
	default:
	}
	return err
}

// TestFileStoreKeepsNestedSecrets: a Secret at any depth of Extra's maps
// and slices is kept as itself in the file, not as "REDACTED".
func TestFileStoreKeepsNestedSecrets(t *testing.T) {
	_, got := fileRoundTrip(t, Token{Value: "tok", ExpiresAt: time.Unix(5000, 0), Extra: map[string]any{
		"session": map[string]any{"key": Secret("deep-1"), "user": "u1"},
		"keys":    []any{"plain", Secret("deep-2"), map[string]any{"a/b~c": Secret("deep-3")}},
		"typed":   map[string]Secret{"k": "deep-4"},
		"top":     Secret("top-0"),
	}})
	session, _ := got.Extra["session"].(map[string]any)
	keys, _ := got.Extra["keys"].([]any)
	typed, _ := got.Extra["typed"].(map[string]any)
	if len(keys) != 3 || session["key"] != Secret("deep-1") || session["user"] != "u1" || keys[0] != "plain" ||
		keys[1] != Secret("deep-2") || keys[2].(map[string]any)["a/b~c"] != Secret("deep-3") ||
		typed["k"] != Secret("deep-4") || got.Extra["top"] != Secret("top-0") {
		t.Errorf("after a round trip: %#v", got.Extra)
	}
}

func TestFileStoreKeepsSecretsAsSecretsAndEveryExtra(t *testing.T) {
	s, got := fileRoundTrip(t, Token{Value: "rtc-token", IssuedAt: time.Unix(100, 0), ExpiresAt: time.Unix(5000, 0),
		Extra: map[string]any{"rtmToken": Secret("rtm-token"), "user": "u1", "resources": []any{map[string]any{"object": "room"}}}})
	if rtm, ok := got.Extra["rtmToken"].(Secret); !ok || rtm != "rtm-token" {
		t.Errorf("rtmToken after a round trip = %#v; want the Secret itself", got.Extra["rtmToken"])
	}
	if got.Extra["user"] != "u1" || len(got.Extra["resources"].([]any)) != 1 {
		t.Errorf("extras after a round trip = %v", got.Extra)
	}
	if other, err := s.Load(context.Background(), "another-key"); err != nil || other.Value != "" {
		t.Errorf("Load under another key = %v, %v; want no token", other, err)
	}
}

// fileRoundTrip saves tok under "k" in a FileStore in a new directory,
// checks that the file holds no redacted secret, and loads it back.
func fileRoundTrip(t *testing.T, tok Token) (FileStore, Token) {
	t.Helper()
	s := FileStore{Path: filepath.Join(t.TempDir(), "token.json")}
	if err := s.Save(context.Background(), "k", tok); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(s.Path); strings.Contains(string(b), "REDACTED") {
		t.Errorf("the file holds a redacted secret: %s", b)
	}
	got, err := s.Load(context.Background(), "k")
	if err != nil {
		t.Fatal(err)
	}
	return s, got
}

func TestFileStoreRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, maxStoreFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, zero, big} {
		done := make(chan error, 1)
		go func() {
			_, err := FileStore{Path: path}.Load(context.Background(), "k")
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("Load(%s) = nil error", filepath.Base(path))
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Load(%s) hangs", filepath.Base(path))
		}
	}
}

func TestCorruptStoreFileIsAStoreError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 1)
	r, err := New(Config{Source: newFakeSource(time.Hour), Store: FileStore{Path: path},
		Listener: ListenerFuncs{OnError: func(err error) { errs <- err }}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stopAndWait(t, r)
	err = <-errs
	if Code(err) != "store" || errors.Is(err, ErrMalformedResponse) {
		t.Errorf("a corrupt store file: %v (code %q); want code store", err, Code(err))
	}
}

// shortKeyStore is a KeyedStore whose hash key is too short to resist
// guessing, holding a token under every key.
type shortKeyStore struct{ tok Token }

func (shortKeyStore) HashKey(context.Context) ([]byte, error)       { return []byte("short"), nil }
func (s shortKeyStore) Load(context.Context, string) (Token, error) { return s.tok, nil }
func (shortKeyStore) Save(context.Context, string, Token) error     { return nil }

// TestAStoreWithoutAUsableHashKeyIsNotRead: a KeyedStore that gives a key
// too short (or fails) is reported, and its token is not read: the
// renewer fetches, and saves nothing under a key it could not make.
func TestAStoreWithoutAUsableHashKeyIsNotRead(t *testing.T) {
	errs := make(chan error, 4)
	src := newFakeSource(time.Hour)
	r := start(t, Config{Source: src, Store: shortKeyStore{Token{Value: "stored", ExpiresAt: time.Now().Add(time.Hour)}},
		Listener: ListenerFuncs{OnError: func(err error) { errs <- err }}})
	tok, err := r.Token(context.Background())
	if err != nil || tok.Value == "stored" || src.count() != 1 {
		t.Errorf("Token = %v, %v after %d fetches; want a fetched token", tok, err, src.count())
	}
	if err := <-errs; !errors.Is(err, ErrStore) || !strings.Contains(err.Error(), "hash key") {
		t.Errorf("reported %v; want a Store error about its hash key", err)
	}
}

// countingStore holds a token under every key and counts its calls.
type countingStore struct {
	mu           sync.Mutex
	loads, saves int
}

func (s *countingStore) Load(context.Context, string) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	return Token{Value: "stored", ExpiresAt: time.Now().Add(time.Hour)}, nil
}

func (s *countingStore) Save(context.Context, string, Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	return nil
}

func (s *countingStore) counts() (loads, saves int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loads, s.saves
}

// panickingIdentity is a Source whose Identity panics.
type panickingIdentity struct{ *fakeSource }

func (panickingIdentity) Identity() []string { panic("no identity today") }

// TestASourceWhoseIdentityPanicsIsBlamedAndItsStoreLeftAlone: the Store key
// is made from the Source's identity, which is the Source's code, not the
// Store's: a panic there is the Source's (ErrPanic naming Identity, not
// ErrStore), and with no key the run neither reads nor writes the Store.
func TestASourceWhoseIdentityPanicsIsBlamedAndItsStoreLeftAlone(t *testing.T) {
	errs := make(chan error, 4)
	src := newFakeSource(time.Hour)
	st := &countingStore{}
	r := start(t, Config{Source: panickingIdentity{src}, Store: st,
		Listener: ListenerFuncs{OnError: func(err error) { errs <- err }}})
	tok, err := r.Token(context.Background())
	if err != nil || tok.Value == "stored" || src.count() != 1 {
		t.Errorf("Token = %v, %v after %d fetches; want a fetched token", tok, err, src.count())
	}
	if err := <-errs; !errors.Is(err, ErrPanic) || errors.Is(err, ErrStore) || !strings.Contains(err.Error(), "Identity panicked") {
		t.Errorf("reported %v; want the Source's Identity panic, not a Store error", err)
	}
	stopAndWait(t, r)
	if loads, saves := st.counts(); loads != 0 || saves != 0 {
		t.Errorf("the Store was loaded %d and saved %d times with no key to use", loads, saves)
	}
}
