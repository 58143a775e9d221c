package profiles

import "testing"

func TestFaceName(t *testing.T) {
	for in, want := range map[string]string{
		"URL": "url", "UID": "uid", "AllowInsecureHTTP": "allowInsecureHttp", "HTTPStatus": "httpStatus",
		"ExpiryMs": "expiryMs", "FallbackTTLMs": "fallbackTtlMs", "InsecureURL": "insecureUrl", "NoToken": "noToken",
		"TokenType": "tokenType", "Channel": "channel", "ExpiresInField": "expiresInField",
	} {
		if got := FaceName(in); got != want {
			t.Errorf("FaceName(%q) = %q, want %q", in, got, want)
		}
	}
}
