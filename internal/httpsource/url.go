package httpsource

import (
	"net/url"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/permanent"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// CheckURL returns raw parsed, or an error matching urlx.ErrInvalid unless
// raw is an absolute http or https URL, and ErrInsecureURL unless it is
// https, or http for a loopback host, or allowInsecure is set. Both are
// permanent.
func CheckURL(raw string, allowInsecure bool) (*url.URL, error) {
	u, ok := urlx.Parse(raw)
	if !ok || u.Scheme != "https" && u.Scheme != "http" {
		return nil, permanent.Mark(invalidURL("parse", raw))
	}
	if u.Scheme == "https" || allowInsecure || urlx.IsLoopback(u.Hostname()) {
		return u, nil
	}
	return nil, permanent.Mark(ErrInsecureURL)
}

// Secrets returns the secrets of a request to rawURL with header: the
// header values, and the URL's user info and password as urlx.Redact finds
// them and its query values, each as written and decoded. u is rawURL
// parsed, or nil if it does not parse.
func Secrets(rawURL string, u *url.URL, header map[string]string) []string {
	var secrets []string
	for _, v := range header {
		secrets = append(secrets, v)
	}
	if ui := urlx.Userinfo(rawURL); ui != "" {
		// What Redact takes for user info, whether or not it parses as
		// such: a password may hold '/', '?' or '#' unescaped.
		secrets = append(secrets, ui)
		if _, p, ok := strings.Cut(ui, ":"); ok {
			secrets = append(secrets, p)
			if d, err := url.PathUnescape(p); err == nil {
				secrets = append(secrets, d)
			}
		}
	}
	if u != nil {
		if p, ok := u.User.Password(); ok {
			secrets = append(secrets, p)
		}
		for rest := u.RawQuery; rest != ""; {
			var pair string
			pair, rest, _ = strings.Cut(rest, "&")
			_, v, _ := strings.Cut(pair, "=")
			secrets = append(secrets, v)
		}
		for _, vs := range urlx.QueryValues(u.RawQuery) {
			secrets = append(secrets, vs...)
		}
	}
	return secrets
}
