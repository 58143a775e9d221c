package mobile

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// configFields says how each renewer.Config field reaches the mobile face:
// the Config method that sets it, or why none does. A field added to
// renewer.Config fails TestParityEveryRenewerConfigFieldHasASetter until
// it is listed here.
var configFields = map[string]string{
	"URL":               "SetURL",
	"Profile":           "SetProfile",
	"Header":            "AddHeader",
	"AllowInsecureHTTP": "SetAllowInsecureHTTP",
	"RequestTimeout":    "SetRequestTimeoutMs",
	"WarnBefore":        "SetWarnBeforeMs",
	"RefreshBefore":     "SetRefreshBeforeMs",
	"DisableJitter":     "SetDisableJitter",
	"MinBackoff":        "SetMinBackoffMs",
	"MaxBackoff":        "SetMaxBackoffMs",
	"FallbackTTL":       "SetFallbackTTLMs",
	"WakeInterval":      "SetWakeIntervalMs",
	"Store":             "SetStore",
	"Identity":          "SetIdentity",
	"StoreKey":          "SetStoreKey",
	"Seed":              "SetSeed",
	"Listener":          "-: the Listener is NewRenewer's argument",
	"Transport":         "-: a Go http transport; apps keep the native one",
	"Source":            "-: Go fetch code, which an app cannot write in Kotlin or Swift",
	"OnFetch":           "-: a Go metrics hook",
	"Logger":            "-: a Go slog logger",
}

// profileSetter returns the Config method that sets a profiles.Options field.
func profileSetter(field string, typ reflect.Type) string {
	if typ == reflect.TypeFor[time.Duration]() {
		return "Set" + field + "Ms"
	}
	return "Set" + field
}

func TestParityEveryRenewerConfigFieldHasASetter(t *testing.T) {
	ct := reflect.TypeFor[*Config]()
	for f := range reflect.TypeFor[renewer.Config]().Fields() {
		setter, ok := configFields[f.Name]
		switch {
		case !ok:
			t.Errorf("renewer.Config.%s: no mobile.Config setter and no reason in configFields", f.Name)
		case strings.HasPrefix(setter, "-"):
		default:
			if _, ok := ct.MethodByName(setter); !ok {
				t.Errorf("renewer.Config.%s: mobile.Config has no %s", f.Name, setter)
			}
		}
	}
}

func TestParityEveryProfileOptionHasASetterThatReachesIt(t *testing.T) {
	c := NewConfig()
	cv := reflect.ValueOf(c)
	for f := range reflect.TypeFor[profiles.Options]().Fields() {
		name := profileSetter(f.Name, f.Type)
		m := cv.MethodByName(name)
		if !m.IsValid() {
			t.Errorf("profiles.Options.%s: mobile.Config has no %s", f.Name, name)
			continue
		}
		var arg reflect.Value
		switch m.Type().In(0).Kind() {
		case reflect.String:
			arg = reflect.ValueOf("x")
		case reflect.Bool:
			arg = reflect.ValueOf(true)
		case reflect.Int64:
			arg = reflect.ValueOf(int64(1234))
		case reflect.Slice:
			arg = reflect.ValueOf([]byte("x"))
		}
		m.Call([]reflect.Value{arg})
		if reflect.ValueOf(c.opts).FieldByName(f.Name).IsZero() {
			t.Errorf("%s does not set profiles.Options.%s", name, f.Name)
		}
	}
}

// option is one Config setter as the faces name it.
type option struct {
	setter string // SetExpiryMs
	key    string // expiryMs
}

// configOptions returns every setter of Config with its option key: the
// setter's name without Set, in lower camel case ("AddHeader" is "headers").
func configOptions(t *testing.T) []option {
	t.Helper()
	var opts []option
	for m := range reflect.TypeFor[*Config]().Methods() {
		switch {
		case m.Name == "AddHeader":
			opts = append(opts, option{m.Name, "headers"})
		case strings.HasPrefix(m.Name, "Set"):
			opts = append(opts, option{m.Name, profiles.FaceName(strings.TrimPrefix(m.Name, "Set"))})
		case m.Name == "String" || m.Name == "GoString" || m.Name == "Format":
		default:
			t.Errorf("Config.%s: neither a setter nor formatting; name the option it sets", m.Name)
		}
	}
	return opts
}

// errorCode is one ErrorCode constant.
type errorCode struct {
	name  string // Unauthorized
	value int64  // 4
}

// errorCodes reads the ErrorCode constants from errors.go, in order.
func errorCodes(t *testing.T) []errorCode {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []errorCode
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				name, ok := strings.CutPrefix(n.Name, "ErrorCode")
				if !ok {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a literal", n.Name)
				}
				v, _ := strconv.ParseInt(lit.Value, 10, 64)
				codes = append(codes, errorCode{name, v})
			}
		}
	}
	return codes
}

func TestParityErrorCodesAreNumberedInOrderAndEveryOneIsReached(t *testing.T) {
	codes := errorCodes(t)
	reached := map[int64]bool{}
	for _, c := range codeOfName {
		reached[c] = true
	}
	for i, c := range codes {
		if c.value != int64(i) {
			t.Errorf("ErrorCode%s = %d, want %d: codes are 0, 1, 2, ... in errors.go's order", c.name, c.value, i)
		}
		if !reached[c.value] {
			t.Errorf("ErrorCode%s: no renewer.Code maps to it", c.name)
		}
	}
	if len(codes) < 24 {
		t.Errorf("read %d ErrorCode constants from errors.go, want at least 24", len(codes))
	}
}

// readFace returns a face's source file, relative to this package.
func readFace(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// matches returns submatch 1 → submatch 2 of every match of re in src.
func matches(src, re string) map[string]string {
	m := map[string]string{}
	for _, sm := range regexp.MustCompile(re).FindAllStringSubmatch(src, -1) {
		m[sm[1]] = sm[len(sm)-1]
	}
	return m
}

func TestParityKotlinAndSwiftLayersHaveAnErrorForEveryCode(t *testing.T) {
	kt := readFace(t, "kotlin/src/main/kotlin/dev/tokenrenew/ktx/TokenRenewException.kt")
	ktMapped := matches(kt, `Mobile\.ErrorCode(\w+) -> (\w+)\(`)
	ktClasses := matches(kt, `class (\w+)\(`)
	swift := readFace(t, "swift/TokenRenewError.swift")
	swMapped := matches(swift, `case MobileErrorCode(\w+): self = \.(\w+)\(i\)`)
	swCases := matches(swift, "case `?(\\w+)`?\\(Info\\)")
	for _, c := range errorCodes(t) {
		if c.value == ErrorCodeNone {
			continue
		}
		if cls, ok := ktMapped[c.name]; !ok || cls != c.name || ktClasses[cls] == "" {
			t.Errorf("Kotlin TokenRenewException lacks class %s for Mobile.ErrorCode%s", c.name, c.name)
		}
		if cs, ok := swMapped[c.name]; !ok || swCases[cs] == "" {
			t.Errorf("Swift TokenRenewError lacks a case for MobileErrorCode%s", c.name)
		}
	}
	if len(ktMapped) != len(errorCodes(t))-1 || len(swMapped) != len(errorCodes(t))-1 {
		t.Errorf("the layers map %d (Kotlin) and %d (Swift) codes, want %d: a code the Go side lacks?", len(ktMapped), len(swMapped), len(errorCodes(t))-1)
	}
}

// flutterExcluded lists the Config setters the Flutter plugin does not
// take as options, with why.
var flutterExcluded = map[string]string{
	"store": "a Store is native code (Keychain, Keystore); Dart keeps a token itself and passes it as seed",
}

// between returns the text of src between the lines holding the markers.
func between(t *testing.T, src, begin, end string) string {
	t.Helper()
	i, j := strings.Index(src, begin), strings.Index(src, end)
	if i < 0 || j < i {
		t.Fatalf("markers %q and %q not found in order", begin, end)
	}
	return src[i:j]
}

// keySet returns the first submatch of every match of re in src.
func keySet(src, re string) map[string]bool {
	set := map[string]bool{}
	for k := range matches(src, re) {
		set[k] = true
	}
	return set
}

func TestParityFlutterPluginTakesEveryOptionOnEverySide(t *testing.T) {
	sides := map[string]map[string]bool{
		"Dart start()": keySet(between(t, readFace(t, "../examples/flutter/lib/tokenrenew.dart"), "// options:begin", "// options:end"),
			`'(\w+)':`),
		"Android configFrom": keySet(readFace(t, "../examples/flutter/android/src/main/kotlin/dev/tokenrenew/flutter/Options.kt"),
			`"(\w+)" ->`),
		"iOS config(from:)": keySet(readFace(t, "../examples/flutter/ios/Classes/Options.swift"),
			`case "(\w+)":`),
	}
	want := map[string]bool{}
	for _, o := range configOptions(t) {
		if flutterExcluded[o.key] == "" {
			want[o.key] = true
		}
	}
	for side, got := range sides {
		for k := range want {
			if !got[k] {
				t.Errorf("%s lacks option %q (Config.%s)", side, k, setterOf(t, k))
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("%s has option %q, which no Config setter sets", side, k)
			}
		}
	}
}

// setterOf returns the Config setter whose option key is key.
func setterOf(t *testing.T, key string) string {
	for _, o := range configOptions(t) {
		if o.key == key {
			return o.setter
		}
	}
	return "?"
}

func TestParityFlutterErrorCodesAreTheGoCodes(t *testing.T) {
	dart := readFace(t, "../examples/flutter/lib/tokenrenew.dart")
	got := matches(between(t, dart, "enum TokenErrorCode {", "const TokenErrorCode("), `(\w+)\((\d+)\)`)
	codes := errorCodes(t)
	for _, c := range codes {
		name := profiles.FaceName(c.name)
		if v, ok := got[name]; !ok || v != strconv.FormatInt(c.value, 10) {
			t.Errorf("Dart TokenErrorCode.%s = %q, want %d (ErrorCode%s)", name, v, c.value, c.name)
		}
	}
	if len(got) != len(codes) {
		t.Errorf("Dart TokenErrorCode has %d codes, want the %d of errors.go", len(got), len(codes))
	}
}
