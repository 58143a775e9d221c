//go:build !js

package errtext

import "reflect"

// TypeName names v's dynamic type ("*mypkg.FetchError"); "nil" for nil.
func TypeName(v any) string {
	if v == nil {
		return "nil"
	}
	return reflect.TypeOf(v).String()
}
