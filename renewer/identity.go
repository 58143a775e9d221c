package renewer

import (
	"encoding/hex"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// identityKey returns the Store key for the tokens of req, the request a
// profile describes, sent with configured headers named in header: a
// fingerprint of the method, the URL, the body and the header names (never
// their values, which hold credentials). It is a hash, so it can be stored
// and logged without revealing the URL's query or the body.
func identityKey(req *Request, header map[string]string) string {
	names := make([]string, 0, len(req.Header)+len(header))
	for k := range req.Header {
		names = append(names, strings.ToLower(k))
	}
	for k := range header {
		names = append(names, strings.ToLower(k))
	}
	slices.Sort(names)
	names = slices.Compact(names)
	h := fnv.New128a()
	for _, part := range [...]string{req.Method, req.URL, string(req.Body), strings.Join(names, "\n")} {
		h.Write([]byte(strconv.Itoa(len(part))))
		h.Write([]byte{':'})
		h.Write([]byte(part))
	}
	return "tokenrenew-v1-" + hex.EncodeToString(h.Sum(nil))
}

// storeKey returns the Store key of the source's identity.
func (s *httpSource) storeKey() string {
	req, err := s.profile.NewRequest(s.url)
	if err != nil {
		req = &Request{URL: s.url}
	}
	return identityKey(req, s.header)
}

// An IdentityChecker is a Profile that can tell from what a token says of
// itself whether it was minted for the identity the profile asks for: an
// Agora token names its channel and uid. The renewer asks it about a seed
// (New refuses one that was not) and a stored token (dropped and reported);
// CheckIdentity returns an error matching ErrWrongIdentity for those.
type IdentityChecker interface {
	CheckIdentity(info tokeninfo.Info) error
}

// checkIdentity reports whether tok, from a seed or a Store, was minted for
// the identity the profile asks for, where the token says.
func (s *httpSource) checkIdentity(tok Token) error {
	if p, ok := s.profile.(IdentityChecker); ok {
		if info, err := tokeninfo.Inspect(tok.Value); err == nil {
			return p.CheckIdentity(info)
		}
	}
	return nil
}
