package mobile

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

func TestConfigTranslatesMillisecondsHeadersAndSeed(t *testing.T) {
	c := NewConfig()
	c.SetURL("https://tokens.example.com/getToken")
	c.SetProfile("json")
	c.SetTokenField("data.token")
	c.AddHeader("Cookie", "session=secret-cookie")
	c.AddHeader("Cookie", "session=newer-cookie")
	c.SetAllowInsecureHTTP(true)
	c.SetWarnBeforeMs(20_000)
	c.SetRefreshBeforeMs(90_000)
	c.SetRequestTimeoutMs(5_000)
	c.SetMinBackoffMs(250)
	c.SetMaxBackoffMs(60_000)
	c.SetFallbackTTLMs(120_000)
	c.SetWakeIntervalMs(30_000)
	c.SetDisableJitter(true)
	seed := NewToken("seed-value", 1_800_000_000_123, 1_799_999_000_456)
	seed.ExtraJSON = `{"user":"u-1"}`
	c.SetSeed(seed)
	seed.Value = "changed after SetSeed"
	store := &memStore{}
	c.SetStore(store)

	rc, err := c.build(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name     string
		got, exp time.Duration
	}{
		{"WarnBefore", rc.WarnBefore, 20 * time.Second},
		{"RefreshBefore", rc.RefreshBefore, 90 * time.Second},
		{"RequestTimeout", rc.RequestTimeout, 5 * time.Second},
		{"MinBackoff", rc.MinBackoff, 250 * time.Millisecond},
		{"MaxBackoff", rc.MaxBackoff, time.Minute},
		{"FallbackTTL", rc.FallbackTTL, 2 * time.Minute},
		{"WakeInterval", rc.WakeInterval, 30 * time.Second},
	}
	for _, w := range want {
		if w.got != w.exp {
			t.Errorf("%s = %v, want %v", w.name, w.got, w.exp)
		}
	}
	if rc.URL != "https://tokens.example.com/getToken" || !rc.AllowInsecureHTTP || !rc.DisableJitter {
		t.Errorf("URL/AllowInsecureHTTP/DisableJitter not carried over: %v", rc)
	}
	if rc.Header["Cookie"] != "session=newer-cookie" || len(rc.Header) != 1 {
		t.Errorf("Header = %d entries, want the last Cookie only", len(rc.Header))
	}
	if p, ok := rc.Profile.(renewer.JSON); !ok || p.TokenField != "data.token" {
		t.Errorf("Profile = %T %+v, want renewer.JSON with TokenField data.token", rc.Profile, rc.Profile)
	}
	if rc.Seed.Value != "seed-value" || rc.Seed.ExpiresAt.UnixMilli() != 1_800_000_000_123 ||
		rc.Seed.IssuedAt.UnixMilli() != 1_799_999_000_456 || rc.Seed.Extra["user"] != "u-1" {
		t.Errorf("Seed = %v %v, want seed-value issued at 1799999000456 ms, expiring at 1800000000123 ms, with its extras", rc.Seed, rc.Seed.Extra)
	}
	if _, ok := rc.Store.(storeAdapter); !ok {
		t.Errorf("Store = %T, want the adapter", rc.Store)
	}

	c.AddHeader("X-Later", "1")
	if len(rc.Header) != 1 {
		t.Error("a built config shares its header map with the Config")
	}
	c.SetSeed(nil)
	if rc, _ := c.build(nil); rc.Seed.Value != "" {
		t.Error("SetSeed(nil) does not clear the seed")
	}
}

func TestConfigStringHidesHeaderValuesAndTheSeed(t *testing.T) {
	c := NewConfig()
	c.SetURL("https://tokens.example.com/getToken")
	c.AddHeader("Authorization", "Bearer app-session-secret")
	c.SetSeed(NewToken("seed-secret", time.Now().Add(time.Hour).UnixMilli(), 0))
	s := c.String()
	for _, secret := range []string{"app-session-secret", "seed-secret"} {
		if strings.Contains(s, secret) {
			t.Errorf("Config.String() = %q shows %q", s, secret)
		}
	}
	st := NewStoredToken("stored-secret", time.Now().Add(time.Hour).UnixMilli(), 0)
	if strings.Contains(st.String(), "stored-secret") {
		t.Errorf("StoredToken.String() = %q shows the value", st.String())
	}
	var none *StoredToken
	if fmt.Sprint(none) != "<nil>" || none.token().Value != "" {
		t.Error("a nil StoredToken is not an empty token")
	}
}

func TestProfileNamesReachRenewer(t *testing.T) {
	for _, name := range []string{"", "json", "text", "agora", "dolby", "roomservice"} {
		c := NewConfig()
		c.SetURL("https://tokens.example.com")
		c.SetProfile(name)
		c.SetChannel("demo")
		c.SetUID("42")
		c.SetRole("subscriber")
		c.SetTokenType("rtc")
		c.SetExpiryMs(600_000)
		c.SetRoom("lobby")
		c.SetMethod("POST")
		c.SetBody([]byte(`{}`))
		c.SetExpiresInField("expires_in")
		c.SetExpiresAtField("")
		c.SetLegacy(false)
		if _, err := c.build(nil); err != nil {
			t.Errorf("profile %q: %v", name, err)
		}
	}
}
