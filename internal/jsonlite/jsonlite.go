// Package jsonlite is a small strict JSON reader and writer, so that the
// browser build links neither encoding/json nor the reflection it brings
// (encoding/json would cost about 200 KB gzip in the wasm): token server
// answers and JWT payloads are decoded into map[string]any, []any, string,
// bool, nil and numbers (Number or float64), as encoding/json decodes them
// into an any. Its differential fuzz target holds it to encoding/json.
package jsonlite

import (
	"strconv"
	"unicode/utf8"
)

// stringError is an error that is only its text.
type stringError string

func (e stringError) Error() string { return string(e) }

// Limits of Decode: token server bodies are at most 64 KiB and tokens at
// most 16 KiB, so both are far above anything real.
const (
	maxJSONDepth = 128     // nested objects and arrays
	maxJSONSize  = 1 << 20 // bytes
)

// Errors of Decode and Number.MarshalJSON.
var (
	ErrSyntax = stringError("invalid JSON")
	ErrDepth  = stringError("JSON nested too deeply")
	ErrSize   = stringError("JSON text too large")
	ErrRange  = stringError("JSON number out of range")
)

// A Number is a JSON number as its decimal text, so that large ids stay
// exact. JWT claims and headers (Info.Claims, Info.Header) hold their
// numbers as Numbers. It marshals to JSON as the number itself.
type Number string

// String returns the number's text.
func (n Number) String() string { return string(n) }

// Float64 returns the number as a float64.
func (n Number) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }

// Int64 returns the number as an int64; it fails for fractions and exponents.
func (n Number) Int64() (int64, error) { return strconv.ParseInt(string(n), 10, 64) }

// MarshalJSON encodes the number as itself ("0" when empty), and fails
// when it is not a JSON number.
func (n Number) MarshalJSON() ([]byte, error) {
	if n == "" {
		return []byte("0"), nil
	}
	d := jsonDecoder{b: []byte(n)}
	if !d.number() || d.i != len(d.b) {
		return nil, ErrSyntax
	}
	return d.b, nil
}

// Decode decodes b, which must hold exactly one JSON value (RFC 8259)
// with optional white space around it. Numbers become float64 when floats
// is set, failing when one is out of range as encoding/json does, and
// Number otherwise. Strings are decoded as encoding/json decodes them:
// invalid UTF-8 and unpaired surrogate escapes become U+FFFD. Duplicate
// object keys keep the last value.
func Decode(b []byte, floats bool) (any, error) {
	if len(b) > maxJSONSize {
		return nil, ErrSize
	}
	d := jsonDecoder{b: b, floats: floats}
	d.space()
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	d.space()
	if d.i != len(d.b) {
		return nil, ErrSyntax
	}
	return v, nil
}

// DecodeObject decodes b, which must hold exactly one JSON object, with
// numbers as Number.
func DecodeObject(b []byte) (map[string]any, error) {
	v, err := Decode(b, false)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, ErrNotObject
	}
	return m, nil
}

// ErrNotObject is DecodeObject's error for a value that is not an object.
var ErrNotObject = stringError("JSON value is not an object")

type jsonDecoder struct {
	b      []byte
	i      int
	depth  int
	floats bool
}

func (d *jsonDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value() (any, error) {
	if d.i >= len(d.b) {
		return nil, ErrSyntax
	}
	switch c := d.b[d.i]; c {
	case '{':
		return d.object()
	case '[':
		return d.array()
	case '"':
		return d.str()
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	default:
		if c != '-' && (c < '0' || c > '9') {
			return nil, ErrSyntax
		}
		start := d.i
		if !d.number() {
			return nil, ErrSyntax
		}
		text := string(d.b[start:d.i])
		if !d.floats {
			return Number(text), nil
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, ErrRange
		}
		return f, nil
	}
}

func (d *jsonDecoder) literal(word string) error {
	if len(d.b)-d.i < len(word) || string(d.b[d.i:d.i+len(word)]) != word {
		return ErrSyntax
	}
	d.i += len(word)
	return nil
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and reports
// whether it was there.
func (d *jsonDecoder) number() bool {
	if d.peek() == '-' {
		d.i++
	}
	switch c := d.peek(); {
	case c == '0':
		d.i++
	case c >= '1' && c <= '9':
		d.digits()
	default:
		return false
	}
	if d.peek() == '.' {
		d.i++
		if d.digits() == 0 {
			return false
		}
	}
	if c := d.peek(); c == 'e' || c == 'E' {
		d.i++
		if c := d.peek(); c == '+' || c == '-' {
			d.i++
		}
		if d.digits() == 0 {
			return false
		}
	}
	return true
}

// peek returns the next byte, or 0 at the end.
func (d *jsonDecoder) peek() byte {
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *jsonDecoder) digits() int {
	n := 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}

func (d *jsonDecoder) object() (any, error) {
	if d.depth++; d.depth > maxJSONDepth {
		return nil, ErrDepth
	}
	defer func() { d.depth-- }()
	d.i++ // '{'
	m := map[string]any{}
	d.space()
	if d.peek() == '}' {
		d.i++
		return m, nil
	}
	for {
		if d.peek() != '"' {
			return nil, ErrSyntax
		}
		k, err := d.str()
		if err != nil {
			return nil, err
		}
		d.space()
		if d.peek() != ':' {
			return nil, ErrSyntax
		}
		d.i++
		d.space()
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		d.space()
		switch d.peek() {
		case ',':
			d.i++
			d.space()
		case '}':
			d.i++
			return m, nil
		default:
			return nil, ErrSyntax
		}
	}
}

func (d *jsonDecoder) array() (any, error) {
	if d.depth++; d.depth > maxJSONDepth {
		return nil, ErrDepth
	}
	defer func() { d.depth-- }()
	d.i++ // '['
	a := []any{}
	d.space()
	if d.peek() == ']' {
		d.i++
		return a, nil
	}
	for {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.space()
		switch d.peek() {
		case ',':
			d.i++
			d.space()
		case ']':
			d.i++
			return a, nil
		default:
			return nil, ErrSyntax
		}
	}
}

// str reads a string; d.b[d.i] is its opening quote.
func (d *jsonDecoder) str() (string, error) {
	d.i++
	start := d.i
	// Fast path: printable ASCII without escapes.
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c == '"' {
			d.i++
			return string(d.b[start : d.i-1]), nil
		}
		if c < ' ' || c == '\\' || c >= utf8.RuneSelf {
			break
		}
		d.i++
	}
	out := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return string(out), nil
		case c < ' ':
			return "", ErrSyntax
		case c == '\\':
			if d.i+1 >= len(d.b) {
				return "", ErrSyntax
			}
			e := d.b[d.i+1]
			d.i += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := d.hex4(d.i)
				if r < 0 {
					return "", ErrSyntax
				}
				d.i += 4
				if r >= 0xd800 && r < 0xe000 {
					// A surrogate: valid only as a high one followed
					// by an escaped low one.
					if r < 0xdc00 && d.i+6 <= len(d.b) && d.b[d.i] == '\\' && d.b[d.i+1] == 'u' {
						if r2 := d.hex4(d.i + 2); r2 >= 0xdc00 && r2 < 0xe000 {
							r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
							d.i += 6
						} else {
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				out = utf8.AppendRune(out, r)
			default:
				return "", ErrSyntax
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			d.i++
		default:
			r, size := utf8.DecodeRune(d.b[d.i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, d.b[d.i:d.i+size]...)
			}
			d.i += size
		}
	}
	return "", ErrSyntax
}

// hex4 reads four hex digits at i, or returns -1.
func (d *jsonDecoder) hex4(i int) rune {
	if i+4 > len(d.b) {
		return -1
	}
	var r rune
	for _, c := range d.b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// AppendString appends s as a JSON string, byte for byte as
// encoding/json marshals it: <, > and & escaped as \u003c, \u003e and
// \u0026, U+2028 and U+2029 escaped, invalid UTF-8 as \ufffd.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// ObjectWriter builds a JSON object field by field, in the order the
// fields are added, as encoding/json marshals a struct.
type ObjectWriter struct{ b []byte }

// Key adds a field's name; the value must follow.
func (w *ObjectWriter) Key(k string) {
	if len(w.b) == 0 {
		w.b = append(w.b, '{')
	} else {
		w.b = append(w.b, ',')
	}
	w.b = AppendString(w.b, k)
	w.b = append(w.b, ':')
}

// String adds a string field; with omitEmpty, an empty one is left out.
func (w *ObjectWriter) String(k, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	w.Key(k)
	w.b = AppendString(w.b, v)
}

// Int adds an integer field; with omitEmpty, zero is left out.
func (w *ObjectWriter) Int(k string, v int64, omitEmpty bool) {
	if omitEmpty && v == 0 {
		return
	}
	w.Key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

// Raw adds a field whose value is already JSON.
func (w *ObjectWriter) Raw(k string, v []byte) {
	w.Key(k)
	w.b = append(w.b, v...)
}

// Bytes returns the object.
func (w *ObjectWriter) Bytes() []byte {
	if len(w.b) == 0 {
		return []byte("{}")
	}
	return append(w.b, '}')
}

// ToFloats returns v with every Number in it, however deep, turned into a
// float64 in place, as encoding/json decodes numbers by default; it fails
// when one is out of range.
func ToFloats(v any) (any, error) {
	switch v := v.(type) {
	case Number:
		f, err := v.Float64()
		if err != nil {
			return nil, ErrRange
		}
		return f, nil
	case map[string]any:
		for k, e := range v {
			f, err := ToFloats(e)
			if err != nil {
				return nil, err
			}
			v[k] = f
		}
	case []any:
		for i, e := range v {
			f, err := ToFloats(e)
			if err != nil {
				return nil, err
			}
			v[i] = f
		}
	}
	return v, nil
}
