//go:build js && wasm

package main

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// configOptions says how each renewer.Config field reaches the browser
// face: the createRenewer option that sets it, or why none does. A field
// added to renewer.Config fails TestParityEveryConfigFieldHasAnOption
// until it is listed here.
var configOptions = map[string]string{
	"URL":               "url",
	"Profile":           "profile",
	"Header":            "headers",
	"AllowInsecureHTTP": "allowInsecureHttp",
	"Transport":         "credentials",
	"RequestTimeout":    "requestTimeoutMs",
	"WarnBefore":        "warnBeforeMs",
	"RefreshBefore":     "refreshBeforeMs",
	"DisableJitter":     "disableJitter",
	"MinBackoff":        "minBackoffMs",
	"MaxBackoff":        "maxBackoffMs",
	"FallbackTTL":       "fallbackTtlMs",
	"WakeInterval":      "wakeIntervalMs",
	"Source":            "-: Go fetch code; a page that fetches its own tokens needs no renewer",
	"Listener":          "-: the events of the Renewer (an EventTarget)",
	"OnFetch":           "-: a Go metrics hook",
	"Logger":            "-: a Go logger; the browser face is quiet",
	"Store":             "-: the browser keeps tokens in memory only, never in storage",
	"Identity":          "identity",
	"StoreKey":          "-: see Store",
	"Seed":              "-: not offered in the browser: the first token is fetched",
}

// optionKey is the createRenewer option of a field: its FaceName, with
// "Ms" for a duration.
func optionKey(f reflect.StructField) string {
	if f.Type == reflect.TypeFor[time.Duration]() {
		return profiles.FaceName(f.Name) + "Ms"
	}
	return profiles.FaceName(f.Name)
}

// sampleValue is a JavaScript value of the type the Go field reads.
func sampleValue(t reflect.Type) any {
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return 1234
	case t.Kind() == reflect.Bool:
		return true
	case t.Kind() == reflect.Map:
		return map[string]any{"X-A": "b"}
	}
	return "GET" // a string every string field takes (a method, a name, a path)
}

// TestParityEveryProfileOptionIsAJavaScriptOption fails when a field of
// profiles.Options (the one table every face maps from) has no
// createRenewer option that reaches it.
func TestParityEveryProfileOptionIsAJavaScriptOption(t *testing.T) {
	for f := range reflect.TypeFor[profiles.Options]().Fields() {
		key := optionKey(f)
		o := js.Global().Get("Object").New()
		o.Set(key, sampleValue(f.Type))
		s, err := readOptions(o)
		if err != nil {
			t.Errorf("profiles.Options.%s: option %q: %v", f.Name, key, err)
			continue
		}
		if reflect.ValueOf(s.po).FieldByName(f.Name).IsZero() {
			t.Errorf("option %q does not reach profiles.Options.%s", key, f.Name)
		}
	}
}

// TestParityEveryConfigFieldHasAnOption holds the Go side to configOptions.
func TestParityEveryConfigFieldHasAnOption(t *testing.T) {
	for f := range reflect.TypeFor[renewer.Config]().Fields() {
		key, ok := configOptions[f.Name]
		if !ok {
			t.Errorf("renewer.Config.%s: no createRenewer option and no reason in configOptions", f.Name)
			continue
		}
		if strings.HasPrefix(key, "-") {
			continue
		}
		o := js.Global().Get("Object").New()
		o.Set("url", "https://tokens.example/t")
		o.Set(key, sampleValue(f.Type))
		if key == "credentials" {
			o.Set(key, "include")
		}
		if key == "profile" {
			o.Set(key, "json")
		}
		cfg, err := parseOptions(o)
		if err != nil {
			t.Errorf("renewer.Config.%s: option %q: %v", f.Name, key, err)
			continue
		}
		if reflect.ValueOf(cfg).FieldByName(f.Name).IsZero() {
			t.Errorf("option %q does not reach renewer.Config.%s", key, f.Name)
		}
	}
}

// goOptionKeys returns every key readOptions reads.
func goOptionKeys() []string {
	r := optionReader{obj: js.Global().Get("Object").New(), read: map[string]bool{}}
	r.settings()
	var keys []string
	for k := range r.read {
		keys = append(keys, k)
	}
	return keys
}

// TestParityTheJavaScriptTableAndTheTypesListEveryGoOption reads
// tokenrenew-options.js (the check createRenewer makes) and the
// RenewerOptions interface of tokenrenew.d.ts: each must name every option
// the Go side reads, and the JavaScript table no option that Go does not
// read but those of the loader.
func TestParityTheJavaScriptTableAndTheTypesListEveryGoOption(t *testing.T) {
	table, err := os.ReadFile("js/tokenrenew-options.js")
	if err != nil {
		t.Fatal(err)
	}
	types, err := os.ReadFile("js/tokenrenew.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(table), "export const optionTable = Object.freeze({")
	body, _, _ = strings.Cut(body, "});")
	jsKeys := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  (\w+): `).FindAllStringSubmatch(body, -1) {
		jsKeys[m[1]] = true
	}
	// The options are CommonOptions and the interfaces of each profile, up
	// to the RenewerOptions union; a key set to never is one a profile refuses.
	_, iface, _ := strings.Cut(string(types), "export interface CommonOptions {")
	iface, _, _ = strings.Cut(iface, "export type RenewerOptions =")
	goKeys := goOptionKeys()
	if len(goKeys) < 20 {
		t.Fatalf("readOptions reads %d keys; want them all", len(goKeys))
	}
	for _, k := range goKeys {
		if !jsKeys[k] {
			t.Errorf("tokenrenew-options.js lacks option %q, which Go reads", k)
		}
		if !regexp.MustCompile(`(?m)^  ` + k + `\??: ([^n]|n[^e])`).MatchString(iface) {
			t.Errorf("RenewerOptions in tokenrenew.d.ts lacks %q", k)
		}
		delete(jsKeys, k)
	}
	for _, k := range []string{"mode", "wasmUrl", "workerUrl", "loadTimeoutMs"} {
		if !jsKeys[k] {
			t.Errorf("tokenrenew-options.js lacks the loader's option %q", k)
		}
		delete(jsKeys, k)
	}
	for k := range jsKeys {
		t.Errorf("tokenrenew-options.js accepts %q, which Go does not read", k)
	}
}

func TestReadOptionsRefusesUnknownKeys(t *testing.T) {
	o := js.Global().Get("Object").New()
	o.Set("url", "https://tokens.example/t")
	o.Set("chanel", "c")
	_, err := parseOptions(o)
	if err == nil || !strings.Contains(err.Error(), "options.chanel is not an option") {
		t.Fatalf("parseOptions with chanel: %v", err)
	}
	if e := jsError(err); !e.Get("permanent").Bool() || e.Get("code").String() != "invalid_options" || e.Get("option").String() != "chanel" {
		t.Errorf("code %v permanent %v option %v; want invalid_options, permanent, chanel", e.Get("code"), e.Get("permanent"), e.Get("option"))
	}
}

// TestOptionOfNamesTheOptionOfEverySetting holds optionOf to optionKey, the
// rule that names a profile setting's option, for every profiles.Options
// field, and "profile" for the profile name itself.
func TestOptionOfNamesTheOptionOfEverySetting(t *testing.T) {
	for f := range reflect.TypeFor[profiles.Options]().Fields() {
		if got, want := optionOf(&renewer.SettingError{Setting: f.Name}), optionKey(f); got != want {
			t.Errorf("optionOf(%s) = %q; want %q", f.Name, got, want)
		}
	}
	if got := optionOf(&renewer.SettingError{Setting: "Profile"}); got != "profile" {
		t.Errorf("optionOf(Profile) = %q; want profile", got)
	}
}

func TestAProfileRefusalNamesTheOptionToMend(t *testing.T) {
	cases := []struct {
		set            map[string]any
		option, reason string
	}{
		{map[string]any{"profile": "agora"}, "channel", "tokenrenew: options.channel: invalid profile settings: Agora RTC tokens need a channel"},
		{map[string]any{"profile": "agora", "tokenType": "rtm"}, "uid", "tokenrenew: options.uid: invalid profile settings: Agora RTM tokens need a uid other than 0"},
		{map[string]any{"profile": "agora", "channel": "c", "tokenType": "rtx"}, "tokenType", `tokenrenew: options.tokenType: invalid profile settings: Agora token type "rtx" is not "rtc", "rtm" or "chat" (or "rte" for legacy tokens)`},
		{map[string]any{"profile": "roomservice"}, "room", "tokenrenew: options.room: invalid profile settings: Room Service needs a room"},
		{map[string]any{"profile": "json", "method": "PUT"}, "method", `tokenrenew: options.method: invalid profile settings: JSON method "PUT" is not "GET" or "POST"`},
		{map[string]any{"profile": "nope"}, "profile", `tokenrenew: options.profile: invalid profile settings: unknown profile "nope"; the profiles are "agora", "dolby", "roomservice", "json", "text" and "detect"`},
	}
	for _, c := range cases {
		o := js.Global().Get("Object").New()
		o.Set("url", "https://tokens.example/t")
		for k, v := range c.set {
			o.Set(k, v)
		}
		_, err := parseOptions(o)
		if err == nil || err.Error() != c.reason {
			t.Errorf("parseOptions(%v) = %v; want %q", c.set, err, c.reason)
			continue
		}
		e := jsError(err)
		if e.Get("code").String() != "invalid_options" || !e.Get("permanent").Bool() || e.Get("option").String() != c.option {
			t.Errorf("parseOptions(%v): code %v, permanent %v, option %v; want invalid_options, permanent, %s",
				c.set, e.Get("code"), e.Get("permanent"), e.Get("option"), c.option)
		}
	}
}
