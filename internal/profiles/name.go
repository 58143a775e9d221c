package profiles

// FaceName is how the mobile binding and the JavaScript API spell a Go
// name: lower camel case with an initialism as one word ("TokenType" is
// "tokenType", "UID" "uid", "AllowInsecureHTTP" "allowInsecureHttp",
// "HTTPStatus" "httpStatus"). A duration adds "Ms" to it, as the faces
// take milliseconds. name is ASCII.
func FaceName(name string) string {
	b := make([]byte, 0, len(name))
	start := 0
	for i := 1; i <= len(name); i++ {
		// A word ends before an upper-case letter that follows a lower-case
		// one, or that begins a lower-case run after an initialism.
		if i < len(name) && !(isUpper(name[i]) && (!isUpper(name[i-1]) || i+1 < len(name) && !isUpper(name[i+1]))) {
			continue
		}
		for j := start; j < i; j++ {
			c := name[j]
			if isUpper(c) && !(j == start && start > 0) {
				c += 'a' - 'A' // lower case but for a word's first letter after the first word
			}
			b = append(b, c)
		}
		start = i
	}
	return string(b)
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
