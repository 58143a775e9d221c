package profiles

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/dolby"
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

func TestByNameReturnsEachBuiltInProfile(t *testing.T) {
	o := Options{Channel: "room", UID: "7", Room: "lobby", Method: "POST", Expiry: time.Minute}
	cases := []struct {
		name string
		want renewer.Profile
	}{
		{"", renewer.Detect{}},
		{"json", renewer.JSON{Method: "POST"}},
		{"text", renewer.Text{Method: "POST"}},
		{"agora", agora.Profile{Channel: "room", UID: "7", Expiry: time.Minute}},
		{"dolby", dolby.Profile{Method: "POST"}},
		{"roomservice", roomservice.Profile{Room: "lobby"}},
	}
	for _, c := range cases {
		t.Run("name "+c.name, func(t *testing.T) {
			p, err := ByName(c.name, o)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := describeProfile(p), describeProfile(c.want); got != want {
				t.Errorf("ByName(%q) = %s, want %s", c.name, got, want)
			}
		})
	}
}

// describeProfile prints a profile's type and fields.
func describeProfile(p renewer.Profile) string {
	switch v := p.(type) {
	case renewer.JSON:
		v.Body = nil
		return sprintProfile(v)
	case renewer.Text:
		v.Body = nil
		return sprintProfile(v)
	}
	return sprintProfile(p)
}

func TestByNameRefusesWhatTheProfileCannotUse(t *testing.T) {
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"nosuch", Options{}},
		{"agora", Options{}},                  // no channel
		{"agora", Options{TokenType: "rtm"}},  // no uid
		{"agora", Options{TokenType: "voip"}}, // no such type
		{"roomservice", Options{}},            // no room
	} {
		if _, err := ByName(c.name, c.o); err == nil {
			t.Errorf("ByName(%q, %+v) succeeded, want an error", c.name, c.o)
		}
	}
}

func sprintProfile(p any) string { return fmt.Sprintf("%T%+v", p, p) }

func TestNewRefusesProfileSettingsTheServerWouldMisread(t *testing.T) {
	for _, c := range []struct {
		p       renewer.Profile
		bad     string // the bad value, named in the error
		known   string // one accepted value, named in the error
		setting string // the field refused, in the error's SettingError
	}{
		{agora.Profile{Channel: "c", Role: "admin"}, `"admin"`, `"publisher"`, "Role"},
		{agora.Profile{Channel: "c", Role: "publisher "}, `"publisher "`, `"subscriber"`, "Role"},
		{agora.Profile{Channel: "c", Role: "admin", Legacy: true}, `"admin"`, `"publisher"`, "Role"},
		{agora.Profile{TokenType: "rtm", UID: "u", Role: "host"}, `"host"`, `"publisher"`, "Role"},
		{agora.Profile{TokenType: "video", Channel: "c"}, `"video"`, `"rtc"`, "TokenType"},
		{agora.Profile{TokenType: "rte", Channel: "c"}, `"rte"`, `"rtc"`, "TokenType"},
		{agora.Profile{Channel: "c", Expiry: -time.Second}, "expiry must not be negative", "", "Expiry"},
		{agora.Profile{}, "Agora RTC tokens need a channel", "", "Channel"},
		{agora.Profile{TokenType: "rtm"}, "Agora RTM tokens need a uid", "", "UID"},
		{dolby.Profile{Method: "PUT"}, `"PUT"`, `"POST"`, "Method"},
		{renewer.JSON{Method: "DELETE"}, `"DELETE"`, `"GET"`, "Method"},
		{renewer.Text{Method: "PATCH"}, `"PATCH"`, `"GET"`, "Method"},
		{roomservice.Profile{}, "Room Service needs a room", "", "Room"},
	} {
		_, err := renewer.New(renewer.Config{URL: "https://tokens.example.com", Profile: c.p})
		if !errors.Is(err, renewer.ErrInvalidProfile) || !renewer.IsPermanent(err) || renewer.Code(err) != "invalid_profile" {
			t.Errorf("New with %s = %v; want a permanent ErrInvalidProfile", sprintProfile(c.p), err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.bad) || !strings.Contains(msg, c.known) {
			t.Errorf("New with %s = %q; want it to name %s and %s", sprintProfile(c.p), msg, c.bad, c.known)
		}
		if se := (*renewer.SettingError)(nil); !errors.As(err, &se) || se.Setting != c.setting {
			t.Errorf("New with %s = %v; want a SettingError for %s", sprintProfile(c.p), err, c.setting)
		}
	}
	for _, p := range []renewer.Profile{agora.Profile{Channel: "c", Role: "Publisher"}, agora.Profile{Channel: "c", Role: "subscriber"}, dolby.Profile{Method: "post"}, renewer.JSON{}, nil} {
		if _, err := renewer.New(renewer.Config{URL: "https://tokens.example.com", Profile: p}); err != nil {
			t.Errorf("New with %s = %v; want it accepted", sprintProfile(p), err)
		}
	}
}

func TestByNameNamesWhatItAccepts(t *testing.T) {
	for _, c := range []struct {
		name, bad, known string
		o                Options
	}{
		{"agra", `"agra"`, `"agora"`, Options{}},
		{"Agora", `"Agora"`, `"agora"`, Options{}},
		{"agora", `"admin"`, `"publisher"`, Options{Channel: "c", Role: "admin"}},
		{"agora", `"RTX"`, `"rtc"`, Options{Channel: "c", TokenType: "RTX"}},
		{"json", `"GETT"`, `"GET"`, Options{Method: "GETT"}},
	} {
		_, err := ByName(c.name, c.o)
		if !errors.Is(err, renewer.ErrInvalidProfile) || !renewer.IsPermanent(err) {
			t.Errorf("ByName(%q, %+v) = %v; want a permanent ErrInvalidProfile", c.name, c.o, err)
		} else if msg := err.Error(); !strings.Contains(msg, c.bad) || !strings.Contains(msg, c.known) {
			t.Errorf("ByName(%q) = %q; want it to name %s and %s", c.name, msg, c.bad, c.known)
		}
	}
}
