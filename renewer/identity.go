package renewer

import (
	"encoding/hex"
	"hash/crc32"
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

// checkIdentity reports whether tok, from a seed or a Store, was minted for
// the identity the profile asks for, where the token says: an Agora token
// names its channel and uid (007) or their checksums (006).
func (s *httpSource) checkIdentity(tok Token) error {
	if p, ok := s.profile.(interface{ checkIdentity(tokeninfo.Info) error }); ok {
		if info, err := tokeninfo.Inspect(tok.Value); err == nil {
			return p.checkIdentity(info)
		}
	}
	return nil
}

// checkIdentity reports whether an Agora token described by info was built
// for p's channel and uid.
func (p Agora) checkIdentity(info tokeninfo.Info) error {
	t := p.tokenType()
	uid := p.UID
	if uid == "0" {
		uid = ""
	}
	mismatch := func(what string) error {
		return wrapError(ErrWrongIdentity, "the Agora token is for another "+what+" than the configured one")
	}
	switch info.Format {
	case tokeninfo.FormatAgora007:
		for _, s := range info.Services {
			switch {
			case s.Name == "rtc" && (t == "rtc" || t == "rte"):
				if s.Channel != p.Channel {
					return mismatch("channel")
				}
				if got := s.UID; got != uid && !(got == "0" && uid == "") {
					return mismatch("uid")
				}
			case s.Name == "rtm" && t == "rtm":
				if s.User != p.UID {
					return mismatch("user")
				}
			}
		}
	case tokeninfo.FormatAgora006:
		if t == "rtc" || t == "rte" {
			if info.ChannelCRC != crc32.ChecksumIEEE([]byte(p.Channel)) {
				return mismatch("channel")
			}
			if info.UIDCRC != crc32.ChecksumIEEE([]byte(uid)) && info.UIDCRC != crc32.ChecksumIEEE([]byte("0")) {
				return mismatch("uid")
			}
		}
	}
	return nil
}
