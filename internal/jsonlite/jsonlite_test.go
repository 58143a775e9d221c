package jsonlite

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite/jsontest"
)

// fromNumbers returns v with every Number turned into a json.Number, for
// comparing with encoding/json's UseNumber output.
func fromNumbers(v any) any {
	switch v := v.(type) {
	case Number:
		return json.Number(v)
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = fromNumbers(e)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = fromNumbers(e)
		}
		return a
	}
	return v
}

// checkJSONLite compares Decode with encoding/json on b, in both
// number modes, and AppendString with json.Marshal on b as a string.
func checkJSONLite(t *testing.T, b []byte) {
	t.Helper()
	for _, floats := range []bool{false, true} {
		got, err := Decode(b, floats)
		if errors.Is(err, ErrDepth) || errors.Is(err, ErrSize) {
			continue // limits encoding/json does not have
		}
		want, wantErr := jsontest.Decode(b, !floats)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("Decode(%q, floats=%v): err %v, encoding/json: err %v", b, floats, err, wantErr)
		}
		if err != nil {
			continue
		}
		if !floats {
			got = fromNumbers(got)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode(%q, floats=%v) = %#v, encoding/json: %#v", b, floats, got, want)
		}
	}
	s := string(b)
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendString(nil, s); !bytes.Equal(got, want) {
		t.Fatalf("AppendString(%q) = %s, json.Marshal: %s", s, got, want)
	}
}

var jsonLiteSeeds = []string{
	``, ` `, `null`, `true`, `false`, `nul`, `truex`, `0`, `-0`, `01`, `-`, `1.`, `.5`, `1e`, `1e+`, `1E-7`,
	`123456789012345678901234567890`, `9007199254740993`, `1e400`, `-1e400`, `1e-400`, `1.5e308`,
	`""`, `"a"`, `"\u00e9\n\t\"\\\/\b\f\r"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`, `"\ud83d\u0041"`,
	`"\ud83dx"`, `"\ud83d\ud83d\ude00"`, `"\uZZZZ"`, `"\x"`, "\"\x01\"", "\"\xff\xfe\"", "\"é\"", "\"\xe2\x80\xa8\"",
	`"<&>"`, `"unterminated`, `{}`, `[]`, `{"a":1,"a":2}`, `{"a":[1,{"b":null}],"c":"d"}`,
	`{"a" 1}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{1:2}`, ` {"token":"x"} `, `{"token":"x"} junk`, `{"a":1}{}`,
	`[[[[[[[[[[]]]]]]]]]]`, "\t[\r\n1\n]\n", `{"exp":1700000000.5,"iat":-1}`, `[1e400]`, `{"x":1e400}`,
	"\ufeff{}", `[true,false,null,"x",0.25]`,
}

func TestJSONLiteMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonLiteSeeds {
		checkJSONLite(t, []byte(s))
	}
}

func FuzzJSONLite(f *testing.F) {
	for _, s := range jsonLiteSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkJSONLite(t, b) })
}

func TestJSONLiteNumbers(t *testing.T) {
	v, err := Decode([]byte(`{"id":9007199254740993,"f":0.5}`), false)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if m["id"] != Number("9007199254740993") {
		t.Errorf("id = %#v, want the exact Number", m["id"])
	}
	if i, err := m["id"].(Number).Int64(); err != nil || i != 9007199254740993 {
		t.Errorf("Int64 = %d, %v", i, err)
	}
	if f, err := m["f"].(Number).Float64(); err != nil || f != 0.5 {
		t.Errorf("Float64 = %v, %v", f, err)
	}
	if b, err := json.Marshal(m); err != nil || string(b) != `{"f":0.5,"id":9007199254740993}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
	for _, n := range []Number{"x", "1 ", "--1", "1e"} {
		if _, err := n.MarshalJSON(); err == nil {
			t.Errorf("Number(%q).MarshalJSON() did not fail", n)
		}
	}
	if b, err := Number("").MarshalJSON(); err != nil || string(b) != "0" {
		t.Errorf(`Number("").MarshalJSON() = %s, %v`, b, err)
	}
	if _, err := Decode([]byte(`[1e400]`), true); !errors.Is(err, ErrRange) {
		t.Errorf("1e400 as float64: err %v, want ErrRange", err)
	}
}

func TestJSONLiteLimits(t *testing.T) {
	deep := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	if _, err := Decode([]byte(deep), false); err != nil {
		t.Errorf("depth %d: %v", maxJSONDepth, err)
	}
	deeper := "[" + deep + "]"
	if _, err := Decode([]byte(deeper), false); !errors.Is(err, ErrDepth) {
		t.Errorf("depth %d: err %v, want ErrDepth", maxJSONDepth+1, err)
	}
	objs := strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1)
	if _, err := Decode([]byte(objs), false); !errors.Is(err, ErrDepth) {
		t.Errorf("objects %d deep: err %v, want ErrDepth", maxJSONDepth+1, err)
	}
	big := `"` + strings.Repeat("a", maxJSONSize) + `"`
	if _, err := Decode([]byte(big), false); !errors.Is(err, ErrSize) {
		t.Errorf("%d bytes: err %v, want ErrSize", len(big), err)
	}
}

func TestJSONObjectWriter(t *testing.T) {
	var w ObjectWriter
	if got := string(w.Bytes()); got != "{}" {
		t.Errorf("empty = %s", got)
	}
	w.String("a", "x<y", false)
	w.String("b", "", true)
	w.String("c", "", false)
	w.Int("d", 0, true)
	w.Int("e", -7, false)
	w.Raw("f", []byte(`[1]`))
	if got, want := string(w.Bytes()), `{"a":"x\u003cy","c":"","e":-7,"f":[1]}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
