package errtext

import "strconv"

// The one guarded way the renewer and its faces read a value the app
// made (an error it returned, a value it panicked with): its methods are
// code they do not control, and a nil *T whose Error or String reads its
// receiver panics. What cannot be read reads as the name of its type.

// ErrorText returns err.Error(), or the name of err's type when Error
// panics.
func ErrorText(err error) (s string) {
	defer func() {
		if recover() != nil {
			s = TypeName(err)
		}
	}()
	return err.Error()
}

// PanicText describes a recovered panic value as fmt's %v does for the
// usual ones: errors, Stringers, strings, numbers and booleans. A value
// whose Error or String panics, or of any other type, reads as the name
// of its type.
func PanicText(p any) (s string) {
	defer func() {
		if recover() != nil {
			s = TypeName(p)
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
	return TypeName(p)
}
