package profiles

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// base are options every profile accepts: Agora's default RTC token needs
// a channel, Room Service a room.
var base = Options{Channel: "base", Room: "base"}

// sample returns a value of f for o other than base's.
func sample(f reflect.StructField, values []string) reflect.Value {
	switch f.Type {
	case reflect.TypeFor[time.Duration]():
		return reflect.ValueOf(time.Minute)
	case reflect.TypeFor[bool]():
		return reflect.ValueOf(true)
	case reflect.TypeFor[[]byte]():
		return reflect.ValueOf([]byte("x"))
	}
	if len(values) > 0 {
		return reflect.ValueOf(values[len(values)-1])
	}
	return reflect.ValueOf("7")
}

// with returns base with the field called name set to v.
func with(name string, v reflect.Value) Options {
	o := base
	reflect.ValueOf(&o).Elem().FieldByName(name).Set(v)
	return o
}

func TestFieldsListEveryOptionsFieldInOrder(t *testing.T) {
	var want, got []string
	for f := range reflect.TypeFor[Options]().Fields() {
		want = append(want, f.Name)
	}
	for _, f := range Fields() {
		got = append(got, f.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Fields() names %v, want Options' fields %v", got, want)
	}
}

func TestFieldsReadersAreTheProfilesTheFieldChanges(t *testing.T) {
	ot := reflect.TypeFor[Options]()
	for _, f := range Fields() {
		sf, _ := ot.FieldByName(f.Name)
		o := with(f.Name, sample(sf, f.Values))
		if f.Name == "TokenType" {
			o.Legacy = true // "rte", the sample, is a legacy type
		}
		for _, name := range Names() {
			b := base
			if f.Name == "TokenType" {
				b.Legacy = true
			}
			p0, err0 := ByName(name, b)
			p1, err1 := ByName(name, o)
			if err0 != nil || err1 != nil {
				t.Errorf("%s with %s set: %v, %v", name, f.Name, err0, err1)
				continue
			}
			if changed, reads := !reflect.DeepEqual(p0, p1), slices.Contains(f.Readers, name); changed != reads {
				t.Errorf("%s: the %s profile changes with it: %v; Fields says it reads it: %v", f.Name, name, changed, reads)
			}
		}
	}
}

func TestFieldsValuesAreWhatTheReadersAccept(t *testing.T) {
	for _, f := range Fields() {
		if f.Values == nil {
			continue
		}
		for _, reader := range f.Readers {
			for _, v := range append(slices.Clone(f.Values), strings.ToUpper(f.Values[0]), strings.ToLower(f.Values[0])) {
				o := with(f.Name, reflect.ValueOf(v))
				o.Legacy = reader == "agora" // "rte" is a legacy type
				o.UID = "7"
				if _, err := ByName(reader, o); err != nil {
					t.Errorf("%s %s=%q: %v; Fields lists it", reader, f.Name, v, err)
				}
			}
			if _, err := ByName(reader, with(f.Name, reflect.ValueOf("bogus"))); err == nil {
				t.Errorf("%s %s=\"bogus\" accepted; Fields lists only %q", reader, f.Name, f.Values)
			}
		}
	}
}

func TestFieldsRequiredAreWhatEveryReaderNeeds(t *testing.T) {
	ot := reflect.TypeFor[Options]()
	for _, f := range Fields() {
		sf, _ := ot.FieldByName(f.Name)
		refused := 0
		for _, reader := range f.Readers {
			// base, then base for an Agora RTM token (for a uid, not a channel)
			rtm := base
			rtm.TokenType, rtm.UID = "rtm", "7"
			accepted := false
			for _, o := range []Options{base, rtm} {
				reflect.ValueOf(&o).Elem().FieldByName(f.Name).Set(reflect.Zero(sf.Type))
				if _, err := ByName(reader, o); err == nil {
					accepted = true
				}
			}
			if !accepted {
				refused++
			}
		}
		if needed := refused == len(f.Readers); needed != f.Required {
			t.Errorf("%s: every reader refuses options without it: %v; Fields says Required: %v", f.Name, needed, f.Required)
		}
	}
}

func TestNamesAreWhatByNameKnows(t *testing.T) {
	for _, name := range Names() {
		if _, err := ByName(name, base); err != nil {
			t.Errorf("ByName(%q): %v", name, err)
		}
	}
	if _, err := ByName("bogus", base); err == nil || !strings.Contains(err.Error(), `"detect"`) {
		t.Errorf("ByName(bogus) = %v", err)
	}
}

// TestSettingsAreConfigFieldsEveryFaceCanTake: each Setting names a field
// of renewer.Config that a face can take as a plain value (a string, a
// bool or a duration), once; only a duration may be Signed.
func TestSettingsAreConfigFieldsEveryFaceCanTake(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings() {
		f, ok := reflect.TypeFor[renewer.Config]().FieldByName(s.Name)
		if !ok {
			t.Errorf("Setting %s is no field of renewer.Config", s.Name)
			continue
		}
		isDuration := f.Type == reflect.TypeFor[time.Duration]()
		if !isDuration && f.Type.Kind() != reflect.String && f.Type.Kind() != reflect.Bool {
			t.Errorf("Setting %s is a %s; a face takes a string, a bool or a duration", s.Name, f.Type)
		}
		if s.Signed && !isDuration {
			t.Errorf("Setting %s is Signed but no duration", s.Name)
		}
		if seen[s.Name] {
			t.Errorf("Setting %s is listed twice", s.Name)
		}
		seen[s.Name] = true
	}
}
