package tokeninfo

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"io"
	"strconv"
	"strings"
	"time"
)

// maxAgoraContent is the most a 007 token's zlib stream may inflate to.
// Real tokens hold a few hundred bytes; anything larger is a zlib bomb.
const maxAgoraContent = 64 << 10

// agoraInflateRatio bounds a 007 token's content by its compressed size:
// at most agoraInflateSlack bytes plus this many times the zlib stream. A
// real token's content (a random signature, an app ID, a few services)
// barely compresses at all, so that every count in it, which the bytes
// left must be able to hold, is bounded by the token's own length.
const (
	agoraInflateRatio = 8
	agoraInflateSlack = 1 << 10
)

// agoraAppIDLen is the length of the app ID that follows "006".
const agoraAppIDLen = 32

// Privilege ids that bound when a client must renew.
const (
	agoraPrivJoin     = 1    // 006 and 007 RTC: join channel; 007 RTM: login
	agoraPrivLoginRTM = 1000 // 006: RTM login
)

// inspectAgora006 decodes "006" + app ID + base64(signature, crc_channel,
// crc_uid, message(salt, ts, privileges)); every time in it is absolute.
func inspectAgora006(value string) (Info, error) {
	if tooLong(value) || len(value) < 3+agoraAppIDLen {
		return Info{}, malformed("agora-006", "wrong length")
	}
	raw, err := decodeBase64(value[3+agoraAppIDLen:], base64.RawStdEncoding)
	if err != nil {
		return Info{}, malformed("agora-006", "content is not standard base64")
	}
	w := wire{b: raw}
	w.skipString() // signature
	info := Info{Format: FormatAgora006, AppID: value[3 : 3+agoraAppIDLen]}
	info.ChannelCRC, info.UIDCRC = w.u32(), w.u32()
	msg := wire{b: w.bytes()}
	info.Salt = msg.u32()
	ts := msg.u32()
	privs := msg.privileges()
	if w.bad || msg.bad {
		return Info{}, malformed("agora-006", "content is truncated")
	}
	deadline := uint64(ts)
	info.Privileges = make(map[uint16]time.Time, len(privs))
	for k, v := range privs {
		info.Privileges[k] = unixOrZero(0, v)
		if (k == agoraPrivJoin || k == agoraPrivLoginRTM) && v != 0 && (deadline == 0 || uint64(v) < deadline) {
			deadline = uint64(v)
		}
	}
	info.ValidUntil = unixOrZero(0, ts)
	if deadline != 0 {
		info.ExpiresAt = time.Unix(int64(deadline), 0)
	}
	return info, nil
}

// inspectAgora007 decodes "007" + base64(zlib(signature, app ID, issue_ts,
// expire, salt, services)); expire and privileges count from issue_ts.
func inspectAgora007(value string) (Info, error) {
	if tooLong(value) {
		return Info{}, malformed("agora-007", "too long")
	}
	z, err := decodeBase64(value[3:], base64.RawStdEncoding)
	if err != nil {
		return Info{}, malformed("agora-007", "content is not standard base64")
	}
	raw, err := inflate(z, min(maxAgoraContent, agoraInflateSlack+agoraInflateRatio*len(z)))
	if err != nil {
		return Info{}, err
	}
	return parseAgora007(raw)
}

// inflate decompresses a zlib stream of at most limit bytes.
func inflate(z []byte, limit int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, malformed("agora-007", "content is not zlib")
	}
	defer zr.Close()
	raw, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	switch {
	case err != nil:
		return nil, malformed("agora-007", "content is not zlib")
	case len(raw) > limit:
		return nil, malformed("agora-007", "content inflates to more than "+strconv.Itoa(limit)+" bytes")
	}
	return raw, nil
}

// parseAgora007 decodes a 007 token's decompressed content.
func parseAgora007(raw []byte) (Info, error) {
	w := wire{b: raw}
	w.skipString() // signature
	info := Info{Format: FormatAgora007, AppID: string(w.bytes())}
	issue, expire := w.u32(), w.u32()
	info.Salt = w.u32()
	n := int(w.u16())
	if w.bad || n*2 > len(w.b) {
		return Info{}, malformed("agora-007", "content is truncated")
	}
	deadline := uint64(expire)
	info.Services = make([]AgoraService, 0, min(n, len(agoraServiceNames)))
	var seen [len(agoraServiceNames)]bool
	for range n {
		s := AgoraService{Type: w.u16()}
		s.Name = agoraServiceName(s.Type)
		if s.Name != "" {
			// A token holds each service once (Agora keeps them in a
			// map by type), so at most len(agoraServiceNames) are read.
			if seen[s.Type] {
				return Info{}, malformed("agora-007", "service "+s.Name+" appears twice")
			}
			seen[s.Type] = true
		}
		privs, known := w.service(&s)
		if w.bad {
			return Info{}, malformed("agora-007", "service is truncated")
		}
		if !known {
			info.Services, info.Truncated = append(info.Services, s), true
			break
		}
		s.Privileges = make(map[uint16]time.Time, len(privs))
		for k, v := range privs {
			s.Privileges[k] = unixOrZero(issue, v)
		}
		if v := privs[agoraPrivJoin]; (s.Type == agoraServiceRTC || s.Type == agoraServiceRTM) && v != 0 {
			deadline = min(deadline, uint64(v))
		}
		info.Services = append(info.Services, s)
	}
	info.IssuedAt = time.Unix(int64(issue), 0)
	info.ValidUntil = time.Unix(int64(issue)+int64(expire), 0)
	info.ExpiresAt = time.Unix(int64(issue)+int64(deadline), 0)
	return info, nil
}

// service reads the rest of a 007 service of type s.Type into s and returns
// its privileges as sent; known is false, and nothing is read, for a type
// whose layout is not known.
func (w *wire) service(s *AgoraService) (privs map[uint16]uint32, known bool) {
	switch s.Type {
	case agoraServiceRTC:
		privs = w.privileges()
		s.Channel, s.UID = string(w.bytes()), string(w.bytes())
	case agoraServiceRTM, agoraServiceChat:
		privs = w.privileges()
		s.User = string(w.bytes())
	case agoraServiceFPA:
		privs = w.privileges()
	case agoraServiceEdu:
		privs = w.privileges()
		s.Channel, s.UID = string(w.bytes()), string(w.bytes())
		s.Role = int16(w.u16())
	default:
		return nil, false
	}
	return privs, true
}

// unixOrZero returns base+v seconds as a time, or the zero time when v is 0.
func unixOrZero(base, v uint32) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(int64(base)+int64(v), 0)
}

// decodeBase64 decodes s with enc, an encoding without padding, accepting s
// with or without its trailing '=' padding.
func decodeBase64(s string, enc *base64.Encoding) ([]byte, error) {
	return enc.DecodeString(strings.TrimRight(s, "="))
}

// malformed returns an error matching ErrMalformedToken.
func malformed(format, what string) error {
	return &malformedError{format + ": " + what}
}

// wire reads Agora's little-endian packing. After a read runs past the
// end, bad is set and every later read returns zero values.
type wire struct {
	b   []byte
	bad bool
}

// take returns the next n bytes, or nil when fewer are left.
func (w *wire) take(n int) []byte {
	if w.bad || n > len(w.b) {
		w.bad = true
		return nil
	}
	p := w.b[:n:n]
	w.b = w.b[n:]
	return p
}

func (w *wire) u16() uint16 {
	if p := w.take(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

func (w *wire) u32() uint32 {
	if p := w.take(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

// bytes reads a uint16 length and that many bytes.
func (w *wire) bytes() []byte { return w.take(int(w.u16())) }

// skipString reads past a uint16 length and that many bytes.
func (w *wire) skipString() { w.take(int(w.u16())) }

// privileges reads a uint16 count and that many (uint16, uint32) pairs.
func (w *wire) privileges() map[uint16]uint32 {
	n := int(w.u16())
	if w.bad || n*6 > len(w.b) {
		w.bad = true
		return nil
	}
	m := make(map[uint16]uint32, n)
	for range n {
		k := w.u16()
		m[k] = w.u32()
	}
	return m
}

// malformedError is a malformed token, described without the token: it
// reads "tokeninfo: malformed token: <what>" and matches ErrMalformedToken.
type malformedError struct{ what string }

func (e *malformedError) Error() string { return ErrMalformedToken.Error() + ": " + e.what }
func (e *malformedError) Unwrap() error { return ErrMalformedToken }
