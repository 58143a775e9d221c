//go:build js

package errtext

// TypeName stands in for the name of v's dynamic type in the browser
// build, where naming it would link reflect's type names (13 KB of the
// .wasm, gzip) and where the app's code is JavaScript, whose exceptions
// are read as such: "nil" for nil, else "a value of another type".
func TypeName(v any) string {
	if v == nil {
		return "nil"
	}
	return "a value of another type"
}
