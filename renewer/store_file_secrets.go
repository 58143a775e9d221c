//go:build !js

package renewer

import (
	"reflect"
	"strconv"
	"strings"
)

// A FileStore keeps each Secret of Token.Extra, at any depth of its maps
// and slices, as itself in the file's "secrets", under a JSON Pointer
// (RFC 6901) to where it was ("/rtmToken", "/sessions/0/key"); in "extra"
// its place holds null. Secret's own JSON form is "REDACTED", which would
// lose it.

// splitSecrets returns a copy of extra without its Secrets, and the
// Secrets by their JSON Pointers. Maps with string keys become
// map[string]any, slices and arrays []any, as a JSON round trip makes them
// anyway; other values are kept as they are.
func splitSecrets(extra map[string]any) (map[string]any, map[string]string) {
	secrets := map[string]string{}
	out := make(map[string]any, len(extra))
	for k, v := range extra {
		out[k] = withoutSecrets(reflect.ValueOf(v), "/"+escapePointer(k), secrets, 0)
	}
	if len(secrets) == 0 {
		secrets = nil
	}
	return out, secrets
}

// maxSecretDepth bounds the walk of Extra: deeper values (or a map that
// holds itself) are kept as they are, and json.Marshal judges them.
const maxSecretDepth = 64

// withoutSecrets returns v with every Secret replaced by nil and recorded
// in secrets under its pointer.
func withoutSecrets(v reflect.Value, ptr string, secrets map[string]string, depth int) any {
	if !v.IsValid() {
		return nil
	}
	if depth > maxSecretDepth {
		return v.Interface()
	}
	if v.Type() == reflect.TypeFor[Secret]() {
		secrets[ptr] = v.String()
		return nil
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return v.Interface()
		}
		if v.Kind() == reflect.Interface {
			return withoutSecrets(v.Elem(), ptr, secrets, depth)
		}
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String && !v.IsNil() {
			m := make(map[string]any, v.Len())
			for it := v.MapRange(); it.Next(); {
				k := it.Key().String()
				m[k] = withoutSecrets(it.Value(), ptr+"/"+escapePointer(k), secrets, depth+1)
			}
			return m
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() != reflect.Uint8 && (v.Kind() == reflect.Array || !v.IsNil()) {
			s := make([]any, v.Len())
			for i := range s {
				s[i] = withoutSecrets(v.Index(i), ptr+"/"+strconv.Itoa(i), secrets, depth+1)
			}
			return s
		}
	}
	return v.Interface()
}

// restoreSecrets puts each Secret back into extra where its pointer says.
// A pointer that leads nowhere in extra (a file edited by hand) is
// skipped; one to the top level makes its place.
func restoreSecrets(extra map[string]any, secrets map[string]string) map[string]any {
	for ptr, v := range secrets {
		steps := strings.Split(ptr, "/")
		if len(steps) < 2 || steps[0] != "" {
			continue
		}
		if extra == nil {
			extra = make(map[string]any, len(secrets))
		}
		var at any = extra
		for i, step := range steps[1:] {
			last := i == len(steps)-2
			switch c := at.(type) {
			case map[string]any:
				k := unescapePointer(step)
				if last {
					c[k] = Secret(v)
				}
				at = c[k]
			case []any:
				n, err := strconv.Atoi(step)
				if err != nil || n < 0 || n >= len(c) {
					at = nil
					break
				}
				if last {
					c[n] = Secret(v)
				}
				at = c[n]
			default:
				at = nil
			}
			if at == nil && !last {
				break
			}
		}
	}
	return extra
}

// escapePointer escapes a JSON Pointer step: "~" is "~0", "/" is "~1".
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// unescapePointer undoes escapePointer.
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
