//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// parseOptions maps the createRenewer options object onto a
// renewer.Config. Durations are numbers of milliseconds; a missing or
// zero one means the renewer's default. tokenrenew.js has checked the keys
// and types already (tokenrenew-options.js) and removed the options only it
// reads (mode, wasmUrl, workerUrl); an unknown key here is refused too, so
// that the two lists cannot drift apart unnoticed.
func parseOptions(o js.Value) (renewer.Config, error) {
	s, err := readOptions(o)
	if err != nil {
		return s.cfg, err
	}
	cfg := s.cfg
	if cfg.URL == "" {
		return cfg, badOption("url", " is required")
	}
	switch s.credentials {
	case "", "omit", "same-origin", "include":
	default:
		return cfg, badOption("credentials", ` must be "omit", "same-origin" or "include"`)
	}
	prof, err := profiles.ByName(s.profile, s.po)
	if err != nil {
		return cfg, refusedOption(optionOf(err), err)
	}
	cfg.Profile = prof
	if s.credentials != "" {
		cfg.Transport = renewer.NewFetchTransport(s.credentials)
	}
	return cfg, nil
}

// optionOf returns the option whose value the profile refused in err, or
// "profile" when err names no setting. A setting (a field of
// profiles.Options) is its option by profiles.FaceName ("TokenType" is
// tokenType, "UID" uid), with "Ms" for a duration (the one: Expiry). The
// fields' names are simple enough for a first-letter rule, which costs the
// browser's module less than FaceName; TestOptionOfNamesTheOptionOfEverySetting
// holds the two together.
func optionOf(err error) string {
	var se *renewer.SettingError
	if !errors.As(err, &se) || se.Setting == "" {
		return "profile"
	}
	switch s := se.Setting; s {
	case "Expiry":
		return "expiryMs"
	case "UID":
		return "uid"
	default:
		return string(rune(s[0]|0x20)) + s[1:] // an ASCII field name
	}
}

// settings are the options as read, before the profile is built.
type settings struct {
	cfg         renewer.Config
	profile     string
	po          profiles.Options
	credentials string
}

// readOptions reads every option of o into settings, keeping the first
// type error, and refuses keys it does not read.
func readOptions(o js.Value) (settings, error) {
	if o.Type() != js.TypeObject {
		return settings{}, badOptions("options must be an object")
	}
	p := optionReader{obj: o, read: map[string]bool{}}
	s := p.settings()
	p.unknown()
	return s, p.err
}

// settings reads every option.
func (p *optionReader) settings() settings {
	var s settings
	s.cfg.URL = p.str("url")
	s.po = profiles.Options{
		TokenType:      p.str("tokenType"),
		Channel:        p.str("channel"),
		UID:            p.idString("uid"),
		Role:           p.str("role"),
		Expiry:         p.ms("expiryMs"),
		Legacy:         p.bool("legacy"),
		Room:           p.str("room"),
		Document:       p.str("document"),
		Method:         p.str("method"),
		Body:           p.body("body"),
		TokenField:     p.str("tokenField"),
		ExpiresInField: p.str("expiresInField"),
		ExpiresAtField: p.str("expiresAtField"),
	}
	s.cfg.Header = p.headers("headers")
	s.cfg.Identity = p.str("identity")
	s.cfg.AllowInsecureHTTP = p.bool("allowInsecureHttp")
	s.cfg.WarnBefore = p.ms("warnBeforeMs")
	s.cfg.RefreshBefore = p.ms("refreshBeforeMs")
	s.cfg.WakeInterval = p.ms("wakeIntervalMs")
	s.cfg.RequestTimeout = p.ms("requestTimeoutMs")
	s.cfg.MinBackoff = p.ms("minBackoffMs")
	s.cfg.MaxBackoff = p.ms("maxBackoffMs")
	s.cfg.FallbackTTL = p.ms("fallbackTtlMs")
	s.cfg.DisableJitter = p.bool("disableJitter")
	s.credentials = p.str("credentials")
	s.profile = p.str("profile")
	return s
}

// optionReader reads typed properties of a JavaScript object, keeping the
// first type error.
type optionReader struct {
	obj  js.Value
	read map[string]bool // the keys asked for
	err  error
}

// value returns the property name, noting that it was read.
func (p *optionReader) value(name string) js.Value {
	p.read[name] = true
	return p.obj.Get(name)
}

// unknown fails on the first own key of the object that was not read.
func (p *optionReader) unknown() {
	keys := js.Global().Get("Object").Call("keys", p.obj)
	for i := 0; i < keys.Length(); i++ {
		if k := keys.Index(i).String(); !p.read[k] {
			p.fail(k, "is not an option")
			return
		}
	}
}

func (p *optionReader) get(name string, want js.Type) (js.Value, bool) {
	v := p.value(name)
	if v.IsUndefined() || v.IsNull() {
		return v, false
	}
	if v.Type() != want {
		p.fail(name, "must be a "+want.String())
		return v, false
	}
	return v, true
}

func (p *optionReader) fail(name, msg string) {
	if p.err == nil {
		option, _, _ := strings.Cut(name, ".") // headers.X-Key is headers
		p.err = &optionsError{option: option, msg: "options." + name + " " + msg}
	}
}

func (p *optionReader) str(name string) string {
	if v, ok := p.get(name, js.TypeString); ok {
		return v.String()
	}
	return ""
}

func (p *optionReader) bool(name string) bool {
	if v, ok := p.get(name, js.TypeBoolean); ok {
		return v.Bool()
	}
	return false
}

// ms reads a number of milliseconds. Negative values pass through (a
// negative warnBeforeMs disables the warning).
func (p *optionReader) ms(name string) time.Duration {
	v, ok := p.get(name, js.TypeNumber)
	if !ok {
		return 0
	}
	f := v.Float()
	if f != f || f > 1e12 || f < -1e12 {
		p.fail(name, "is out of range")
		return 0
	}
	return time.Duration(f * float64(time.Millisecond))
}

// idString reads a string, or a whole number written in decimal (an Agora
// uid is often a number).
func (p *optionReader) idString(name string) string {
	v := p.value(name)
	if v.Type() == js.TypeNumber {
		f := v.Float()
		if f != float64(int64(f)) || f < 0 {
			p.fail(name, "must be a whole number or a string")
			return ""
		}
		return strconv.FormatInt(int64(f), 10)
	}
	return p.str(name)
}

// body reads a request body: a string, a Uint8Array, or any other object,
// sent as its JSON.
func (p *optionReader) body(name string) []byte {
	v := p.value(name)
	switch {
	case v.IsUndefined() || v.IsNull():
		return nil
	case v.Type() == js.TypeString:
		return []byte(v.String())
	case v.InstanceOf(js.Global().Get("Uint8Array")):
		b := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
		return b
	case v.Type() == js.TypeObject:
		return []byte(js.Global().Get("JSON").Call("stringify", v).String())
	}
	p.fail(name, "must be a string, a Uint8Array or an object")
	return nil
}

// headers reads an object of string-valued headers.
func (p *optionReader) headers(name string) map[string]string {
	v, ok := p.get(name, js.TypeObject)
	if !ok {
		return nil
	}
	keys := js.Global().Get("Object").Call("keys", v)
	h := make(map[string]string, keys.Length())
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		hv := v.Get(k)
		if hv.Type() != js.TypeString {
			p.fail(name+"."+k, "must be a string")
			return nil
		}
		h[k] = hv.String()
	}
	return h
}
