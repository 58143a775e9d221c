package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// setter is one of mobile.Config's setters of a plain value: a string, a
// bool, or an int64 of milliseconds.
type setter struct {
	method string // SetFallbackTTLMs
	typ    string // string, bool or int64
}

// key is the setter's option key, as the Flutter plugin names it:
// "fallbackTtlMs".
func (s setter) key() string { return profiles.FaceName(strings.TrimPrefix(s.method, "Set")) }

// binding is the setter's name in the gomobile binding: "setFallbackTTLMs".
func (s setter) binding() string { return "s" + s.method[1:] }

// readSetters reads, in their order, the methods of *Config in
// mobile/config.go that set one plain value. The others (AddHeader,
// SetBody, SetSeed, SetStore) take values each face converts its own way
// and stay hand-written.
func readSetters(path string) ([]setter, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}
	var setters []setter
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || !fd.Name.IsExported() || !strings.HasPrefix(fd.Name.Name, "Set") {
			continue
		}
		star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
		if !ok || star.X.(*ast.Ident).Name != "Config" {
			continue
		}
		params := fd.Type.Params.List
		if len(params) != 1 || len(params[0].Names) != 1 {
			continue
		}
		id, ok := params[0].Type.(*ast.Ident)
		if !ok || (id.Name != "string" && id.Name != "bool" && id.Name != "int64") {
			continue
		}
		if id.Name == "int64" && !strings.HasSuffix(fd.Name.Name, "Ms") {
			return nil, fmt.Errorf("%s: Config.%s takes an int64 but is not a duration in ms", path, fd.Name.Name)
		}
		setters = append(setters, setter{fd.Name.Name, id.Name})
	}
	if len(setters) == 0 {
		return nil, fmt.Errorf("%s: no Config setter", path)
	}
	return setters, nil
}

// readerOf is the name of the local function that reads a value of typ in
// the plugin's readers.
var readerOf = map[string]string{"string": "str", "bool": "bool", "int64": "ms"}

// optionFaces returns the regions of the Flutter plugin's option readers.
func optionFaces(setters []setter) []face {
	const (
		config = "mobile/config.go"
		kt     = "examples/flutter/android/src/main/kotlin/dev/tokenrenew/flutter/Options.kt"
		swift  = "examples/flutter/ios/Classes/Options.swift"
	)
	var ktWhen, swSwitch []string
	for _, s := range setters {
		ktWhen = append(ktWhen, fmt.Sprintf("%q -> c.%s(%s())", s.key(), s.binding(), readerOf[s.typ]))
		swSwitch = append(swSwitch, fmt.Sprintf("case %q: c.%s(try %s())", s.key(), s.binding(), readerOf[s.typ]))
	}
	return []face{
		{kt, "options", config, ktWhen},
		{swift, "options", config, swSwitch},
	}
}

// jsOption is how the JavaScript face names and checks field f of
// profiles.Options: its option key ("expiryMs") and its spec in the
// option table ("ms").
func jsOption(f profiles.Field) (key, spec string) {
	switch {
	case f.ID:
		return profiles.FaceName(f.Name), "id"
	case f.Values != nil:
		return profiles.FaceName(f.Name), "anyCase(" + quoteAll(f.Values, ", ") + ")"
	}
	return fieldOption(reflect.TypeFor[profiles.Options](), f.Name)
}

// fieldOption is how the JavaScript face names and checks the field name
// of the struct t by its type: a duration is "ms" (its key ends in "Ms"),
// a bool "flag", a string "text", a []byte "bytes".
func fieldOption(t reflect.Type, name string) (key, spec string) {
	f, ok := t.FieldByName(name)
	key = profiles.FaceName(name)
	switch {
	case !ok:
	case f.Type == reflect.TypeFor[time.Duration]():
		return key + "Ms", "ms"
	case f.Type.Kind() == reflect.Bool:
		return key, "flag"
	case f.Type.Kind() == reflect.String:
		return key, "text"
	case f.Type == reflect.TypeFor[[]byte]():
		return key, "bytes"
	}
	panic("internal/gen: no JavaScript spec for " + t.String() + "." + name)
}

// quoteAll quotes each string of list and joins them with sep.
func quoteAll(list []string, sep string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, sep)
}

// jsOptionFaces returns the regions of the JavaScript option table, from
// internal/profiles' names and fields.
func jsOptionFaces() []face {
	const (
		js     = "wasm/js/tokenrenew-options.js"
		source = "internal/profiles/fields.go"
	)
	table := []string{fmt.Sprintf("profile: oneOf(%s),", quoteAll(profiles.Names(), ", "))}
	readers := []string{
		"/**",
		" * The options only some profiles read, and which; every other option is",
		" * read by every profile. tokenrenew.d.ts keys its RenewerOptions union on",
		" * the same rule.",
		" */",
		"export const profileOptions = Object.freeze({",
	}
	for _, f := range profiles.Fields() {
		key, spec := jsOption(f)
		table = append(table, key+": "+spec+",")
		readers = append(readers, fmt.Sprintf("  %s: [%s],", key, quoteAll(f.Readers, ", ")))
	}
	readers = append(readers, "});")
	return []face{
		{js, "profile-options", source, table},
		{js, "profile-readers", source, readers},
		{"wasm/options.go", "profile-options", source, goReaders()},
	}
}

// settingFaces returns the regions the Settings make: the browser's option
// table and its Go reader. Each Setting must have its setter in the mobile
// Config (Set<Name>, or Set<Name>Ms for a duration), so that the mobile
// faces, generated from those setters, take it too.
func settingFaces(setters []setter) ([]face, error) {
	const source = "internal/profiles/fields.go"
	has := map[string]bool{}
	for _, s := range setters {
		has[s.key()] = true
	}
	var table, reader, signed []string
	for _, s := range profiles.Settings() {
		key, spec := fieldOption(reflect.TypeFor[renewer.Config](), s.Name)
		if !has[key] {
			return nil, fmt.Errorf("mobile/config.go has no setter of the Setting %s (option %q)", s.Name, key)
		}
		table = append(table, key+": "+spec+",")
		reader = append(reader, fmt.Sprintf("s.cfg.%s = p.%s(%q)", s.Name, goReaderOf[spec], key))
		if s.Signed {
			signed = append(signed, key)
		}
	}
	return []face{
		{"wasm/js/tokenrenew-options.js", "config-options", source, table},
		{"wasm/js/tokenrenew-options.js", "signed-options", source, []string{
			"/** The durations that may be negative: a negative warnBeforeMs turns the warning off. */",
			"const signedMs = new Set([" + quoteAll(signed, ", ") + "]);",
		}},
		{"wasm/options.go", "config-options", source, reader},
	}, nil
}

// goReaderOf is the optionReader method of wasm/options.go that reads a
// value of each spec of the JavaScript option table.
var goReaderOf = map[string]string{"id": "idString", "ms": "ms", "flag": "bool", "text": "str", "bytes": "body"}

// goReaders returns the fields of the profiles.Options literal that the
// browser's Go side fills from the options object, each read as the
// JavaScript option table checks it, aligned as gofmt aligns them.
func goReaders() []string {
	width := 0
	for _, f := range profiles.Fields() {
		width = max(width, len(f.Name))
	}
	var lines []string
	for _, f := range profiles.Fields() {
		key, spec := jsOption(f)
		if strings.HasPrefix(spec, "anyCase(") {
			spec = "text"
		}
		lines = append(lines, fmt.Sprintf("%-*s p.%s(%q),", width+1, f.Name+":", goReaderOf[spec], key))
	}
	return lines
}

// dartDeclared are the options Dart's TokenRenewer.start declares by hand,
// for a type of their own: the one required option and one with a default.
var dartDeclared = map[string]bool{"url": true, "profile": true}

// dartOptionFaces returns the regions of Dart's TokenRenewer.start: its
// parameters for plain values (a duration is a Duration, named without
// "Ms"), and the options map it sends.
func dartOptionFaces(setters []setter) []face {
	const (
		config = "mobile/config.go"
		dart   = "examples/flutter/lib/tokenrenew.dart"
	)
	dartType := map[string]string{"string": "String?", "bool": "bool?", "int64": "Duration?"}
	var params, entries []string
	for _, s := range setters {
		key := s.key()
		name, value := key, key
		if s.typ == "int64" {
			name = strings.TrimSuffix(key, "Ms")
			value = name + "?.inMilliseconds"
		}
		if !dartDeclared[key] {
			params = append(params, fmt.Sprintf("%s %s,", dartType[s.typ], name))
		}
		entries = append(entries, fmt.Sprintf("'%s': %s,", key, value))
	}
	return []face{
		{dart, "start-parameters", config, params},
		{dart, "start-options", config, entries},
	}
}
