package renewer

import "strconv"

// A panicError is a panic the renewer recovered, in words. It matches
// ErrPanic.
type panicError struct{ text string }

func (e *panicError) Error() string        { return e.text }
func (e *panicError) Is(target error) bool { return target == ErrPanic }

// panicText describes a recovered panic value as fmt's %v does for the
// usual ones: errors, Stringers, strings, numbers and booleans. A value
// whose Error or String panics (a nil *T that reads its receiver) reads as
// the name of its type, as does a value of any other type.
func panicText(p any) (s string) {
	defer func() {
		if recover() != nil {
			s = typeName(p)
		}
	}()
	switch v := p.(type) {
	case error:
		return v.Error()
	case interface{ String() string }:
		return v.String()
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case uint:
		return strconv.FormatUint(uint64(v), 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case uint32:
		return strconv.FormatUint(uint64(v), 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return typeName(p)
}
