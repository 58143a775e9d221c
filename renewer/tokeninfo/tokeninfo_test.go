package tokeninfo

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The token test vectors of AgoraIO/Tools, as PROTOCOLS.md §2.3 and §2.4 give them.
const (
	vector006   = "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW"
	vector007   = "007eJxSYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxoAAAAD//8JqJOM="
	vectorAppID = "970CA35de60c44645bbae8a215061b33"
)

func TestInspectDecodesTheAgoraTestVectors(t *testing.T) {
	t.Run("006 expires at ts, before its join privilege", func(t *testing.T) {
		info, err := Inspect(vector006)
		if err != nil {
			t.Fatal(err)
		}
		want := Info{
			Format: FormatAgora006, ExpiresAt: time.Unix(1111111, 0), ValidUntil: time.Unix(1111111, 0),
			AppID: vectorAppID, Salt: 1, ChannelCRC: 276646071, UIDCRC: 3847331927,
		}
		checkInfo(t, info, want)
		if got := info.Privileges[1]; !got.Equal(time.Unix(1446455471, 0)) || len(info.Privileges) != 1 {
			t.Errorf("privileges = %v, want only 1 → 1446455471", info.Privileges)
		}
	})
	t.Run("007 expires 600 s after issue_ts", func(t *testing.T) {
		info, err := Inspect(vector007)
		if err != nil {
			t.Fatal(err)
		}
		want := Info{
			Format: FormatAgora007, IssuedAt: time.Unix(1111111, 0), ExpiresAt: time.Unix(1111711, 0),
			ValidUntil: time.Unix(1111711, 0), AppID: vectorAppID, Salt: 1,
		}
		checkInfo(t, info, want)
		if len(info.Services) != 1 {
			t.Fatalf("services = %+v, want one", info.Services)
		}
		s := info.Services[0]
		if s.Type != 1 || s.Name != "rtc" || s.Channel != "7d72365eb983485397e3e3f9d460bdda" || s.UID != "2882341273" ||
			len(s.Privileges) != 1 || !s.Privileges[1].Equal(time.Unix(1111711, 0)) {
			t.Errorf("service = %+v", s)
		}
	})
}

// checkInfo compares the scalar fields of got and want.
func checkInfo(t *testing.T, got, want Info) {
	t.Helper()
	if got.Format != want.Format || !got.IssuedAt.Equal(want.IssuedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) ||
		!got.ValidUntil.Equal(want.ValidUntil) || got.AppID != want.AppID || got.Salt != want.Salt ||
		got.ChannelCRC != want.ChannelCRC || got.UIDCRC != want.UIDCRC || got.Truncated != want.Truncated {
		t.Errorf("Inspect =\n  %s\nwant\n  %s", describe(got), describe(want))
	}
}

// describe prints an Info's scalar fields with unix times.
func describe(i Info) string {
	u := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.Unix()
	}
	return fmt.Sprintf("%s iat=%d exp=%d valid=%d app=%q salt=%d crc=%d/%d truncated=%v", i.Format,
		u(i.IssuedAt), u(i.ExpiresAt), u(i.ValidUntil), i.AppID, i.Salt, i.ChannelCRC, i.UIDCRC, i.Truncated)
}

// packer writes Agora's little-endian packing, to build test tokens.
type packer struct{ bytes.Buffer }

func (p *packer) u16(v uint16) *packer { p.Write(binary.LittleEndian.AppendUint16(nil, v)); return p }
func (p *packer) u32(v uint32) *packer { p.Write(binary.LittleEndian.AppendUint32(nil, v)); return p }
func (p *packer) str(s string) *packer { p.u16(uint16(len(s))); p.WriteString(s); return p }

// privs packs a privilege map given as key, value pairs.
func (p *packer) privs(kv ...uint32) *packer {
	p.u16(uint16(len(kv) / 2))
	for i := 0; i < len(kv); i += 2 {
		p.u16(uint16(kv[i])).u32(kv[i+1])
	}
	return p
}

// header007 packs a 007 content header: signature, app ID, issue_ts, expire,
// salt and the service count.
func header007(issue, expire uint32, services uint16) *packer {
	p := new(packer)
	p.str(strings.Repeat("S", 32)).str(vectorAppID).u32(issue).u32(expire).u32(42).u16(services)
	return p
}

// token007 compresses and encodes 007 content.
func token007(content []byte) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(content)
	zw.Close()
	return "007" + base64.StdEncoding.EncodeToString(z.Bytes())
}

// token006 encodes 006 content after the vector's app ID.
func token006(content []byte) string {
	return "006" + vectorAppID + base64.StdEncoding.EncodeToString(content)
}

// content006 packs a 006 content with the given ts and privileges.
func content006(ts uint32, kv ...uint32) []byte {
	msg := new(packer).u32(7).u32(ts).privs(kv...)
	return new(packer).str(strings.Repeat("S", 32)).u32(1).u32(2).str(msg.String()).Bytes()
}

func TestInspectReadsAgoraExpiry(t *testing.T) {
	const issue = 1_700_000_000
	rtc := func(p *packer, kv ...uint32) *packer { return p.u16(1).privs(kv...).str("room").str("42") }
	tests := []struct {
		name  string
		token string
		want  Info
	}{
		{"006 ends at the join privilege when it comes before ts", token006(content006(2000, 1, 1500, 2, 900)),
			Info{Format: FormatAgora006, ExpiresAt: time.Unix(1500, 0), ValidUntil: time.Unix(2000, 0), AppID: vectorAppID, Salt: 7, ChannelCRC: 1, UIDCRC: 2}},
		{"006 ends at the RTM login privilege when it comes before ts", token006(content006(2000, 1000, 1600)),
			Info{Format: FormatAgora006, ExpiresAt: time.Unix(1600, 0), ValidUntil: time.Unix(2000, 0), AppID: vectorAppID, Salt: 7, ChannelCRC: 1, UIDCRC: 2}},
		{"006 ignores a join privilege of 0", token006(content006(2000, 1, 0)),
			Info{Format: FormatAgora006, ExpiresAt: time.Unix(2000, 0), ValidUntil: time.Unix(2000, 0), AppID: vectorAppID, Salt: 7, ChannelCRC: 1, UIDCRC: 2}},
		{"006 with ts 0 ends at its join privilege", token006(content006(0, 1, 1500)),
			Info{Format: FormatAgora006, ExpiresAt: time.Unix(1500, 0), AppID: vectorAppID, Salt: 7, ChannelCRC: 1, UIDCRC: 2}},
		{"006 with ts 0 and no privileges has no expiry", token006(content006(0)),
			Info{Format: FormatAgora006, AppID: vectorAppID, Salt: 7, ChannelCRC: 1, UIDCRC: 2}},
		{"006 padding may be missing", strings.TrimRight(vector006, "="),
			Info{Format: FormatAgora006, ExpiresAt: time.Unix(1111111, 0), ValidUntil: time.Unix(1111111, 0), AppID: vectorAppID, Salt: 1, ChannelCRC: 276646071, UIDCRC: 3847331927}},
		{"007 ends at the RTC join privilege when it is shorter", token007(rtc(header007(issue, 3600, 1), 1, 600, 2, 60).Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+600, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42}},
		{"007 ends at expire when the privilege is longer", token007(rtc(header007(issue, 3600, 1), 1, 7200).Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+3600, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42}},
		{"007 ignores a join privilege of 0", token007(rtc(header007(issue, 3600, 1), 1, 0).Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+3600, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42}},
		{"007 ignores privileges other than join", token007(rtc(header007(issue, 3600, 1), 2, 5).Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+3600, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42}},
		{"007 ends at the RTM login privilege", token007(header007(issue, 3600, 1).u16(2).privs(1, 120).str("alice").Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+120, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42}},
		{"007 ignores a chat user privilege", token007(header007(issue, 3600, 1).u16(5).privs(1, 120).str("bob").Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+3600, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42}},
		{"007 computes expire 4294967295 in 64 bits", token007(header007(4_000_000_000, 4294967295, 0).Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(4_000_000_000, 0), ExpiresAt: time.Unix(8294967295, 0), ValidUntil: time.Unix(8294967295, 0), AppID: vectorAppID, Salt: 42}},
		{"007 stops at an unknown service and keeps what came before", token007(rtc(header007(issue, 3600, 3), 1, 60).u16(99).u32(0xdeadbeef).Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+60, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42, Truncated: true}},
		{"007 stopping at the first service still has the token's expire", token007(header007(issue, 3600, 2).u16(8).str("x").Bytes()),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(issue, 0), ExpiresAt: time.Unix(issue+3600, 0), ValidUntil: time.Unix(issue+3600, 0), AppID: vectorAppID, Salt: 42, Truncated: true}},
		{"007 padding may be missing", strings.TrimRight(vector007, "="),
			Info{Format: FormatAgora007, IssuedAt: time.Unix(1111111, 0), ExpiresAt: time.Unix(1111711, 0), ValidUntil: time.Unix(1111711, 0), AppID: vectorAppID, Salt: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Inspect(tt.token)
			if err != nil {
				t.Fatal(err)
			}
			checkInfo(t, info, tt.want)
			checkSane(t, info)
		})
	}
}

func TestInspectReadsEveryKnown007Service(t *testing.T) {
	p := header007(1000, 100, 5)
	p.u16(1).privs(1, 10).str("chan").str("7")
	p.u16(2).privs(1, 20).str("rtm-user")
	p.u16(4).privs(1, 30)
	p.u16(5).privs(2, 40).str("")
	p.u16(7).privs(3, 50).str("room-uuid").str("user-uuid").u16(0xffff)
	info, err := Inspect(token007(p.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	want := []AgoraService{
		{Type: 1, Name: "rtc", Channel: "chan", UID: "7"},
		{Type: 2, Name: "rtm", User: "rtm-user"},
		{Type: 4, Name: "fpa"},
		{Type: 5, Name: "chat"},
		{Type: 7, Name: "apaas", Channel: "room-uuid", UID: "user-uuid", Role: -1},
	}
	wantPriv := []struct {
		id  uint16
		abs int64
	}{{1, 1010}, {1, 1020}, {1, 1030}, {2, 1040}, {3, 1050}}
	if len(info.Services) != len(want) || info.Truncated {
		t.Fatalf("services = %+v, truncated %v; want %d services", info.Services, info.Truncated, len(want))
	}
	for i, s := range info.Services {
		w := want[i]
		if s.Type != w.Type || s.Name != w.Name || s.Channel != w.Channel || s.UID != w.UID || s.User != w.User || s.Role != w.Role {
			t.Errorf("service %d = %+v, want %+v", i, s, w)
		}
		if len(s.Privileges) != 1 || !s.Privileges[wantPriv[i].id].Equal(time.Unix(wantPriv[i].abs, 0)) {
			t.Errorf("service %d privileges = %v, want %d → %d", i, s.Privileges, wantPriv[i].id, wantPriv[i].abs)
		}
	}
	if !info.ExpiresAt.Equal(time.Unix(1010, 0)) {
		t.Errorf("ExpiresAt = %v, want the RTC join privilege at 1010", info.ExpiresAt.Unix())
	}
}

func TestInspectCallsOtherTokensOpaque(t *testing.T) {
	for _, v := range []string{
		"",
		"abc",
		"00",
		"008eJx",
		"Bearer xyz",
		"a.b.c",
		"not-json.eyJleHAiOjF9.sig",
		base64.RawURLEncoding.EncodeToString([]byte(`[1,2]`)) + ".eyJleHAiOjF9.sig",
		base64.RawURLEncoding.EncodeToString([]byte(`null`)) + ".eyJleHAiOjF9.sig",
		base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"} x`)) + ".eyJleHAiOjF9.sig",
		jwtHeaderNone + ".eyJleHAiOjF9",
		jwtHeaderNone + ".eyJleHAiOjF9.sig.extra",
		"rs_" + strings.Repeat("x", 100),
	} {
		info, err := Inspect(v)
		if err != nil || info.Format != FormatOpaque || !info.ExpiresAt.IsZero() {
			t.Errorf("Inspect(%q) = %s, %v; want opaque, nil", v, describe(info), err)
		}
		checkSane(t, info)
	}
}

// jwtHeaderNone is the base64url of {"alg":"none"}.
var jwtHeaderNone = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`))

func TestInspectRejectsMalformedTokens(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&bomb, zlib.BestCompression)
	zw.Write(header007(1, 2, 0).Bytes())
	zw.Write(make([]byte, 8<<20))
	zw.Close()
	tests := []struct {
		name  string
		token string
	}{
		{"006 too short for an app ID", "006970CA35de60c4"},
		{"006 content not base64", "006" + vectorAppID + "!!!!"},
		{"006 content empty", "006" + vectorAppID},
		{"006 content truncated", vector006[:len(vector006)-8]},
		{"006 message longer than the content", token006(new(packer).str("sig").u32(1).u32(2).u16(500).u32(9).Bytes())},
		{"006 privilege count past the end", token006(new(packer).str("sig").u32(1).u32(2).str(new(packer).u32(1).u32(2).u16(9000).String()).Bytes())},
		{"006 longer than MaxTokenLen", "006" + vectorAppID + strings.Repeat("A", MaxTokenLen)},
		{"007 content not base64", "007eJx!!"},
		{"007 content empty", "007"},
		{"007 content not zlib", "007" + base64.StdEncoding.EncodeToString([]byte("plain text, not zlib"))},
		{"007 zlib stream cut short", vector007[:len(vector007)-12]},
		{"007 zlib bomb", "007" + base64.StdEncoding.EncodeToString(bomb.Bytes())},
		{"007 header truncated", token007(header007(1, 2, 0).Bytes()[:50])},
		{"007 service count past the end", token007(header007(1, 2, 60000).Bytes())},
		{"007 service truncated", token007(header007(1, 2, 1).u16(1).privs(1, 5).str("chan").Bytes())},
		{"007 privilege count past the end", token007(header007(1, 2, 1).u16(1).u16(9000).u32(0).Bytes())},
		{"007 fewer services than counted", token007(header007(1, 2, 2).u16(4).privs(1, 5).Bytes())},
		{"007 longer than MaxTokenLen", "007" + strings.Repeat("A", MaxTokenLen)},
		{"JWT payload not base64url", jwtHeaderNone + ".!!!.sig"},
		{"JWT payload not JSON", jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte("exp=1")) + ".sig"},
		{"JWT payload a JSON array", jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte("[1]")) + ".sig"},
		{"JWT exp a string", jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"exp":"1700000000"}`)) + ".sig"},
		{"JWT exp negative", jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"exp":-1}`)) + ".sig"},
		{"JWT exp past year 9999", jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"exp":1e300}`)) + ".sig"},
		{"JWT iat not a number", jwtHeaderNone + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iat":true}`)) + ".sig"},
		{"JWT longer than MaxTokenLen", jwtHeaderNone + ".e30." + strings.Repeat("A", MaxTokenLen)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Inspect(tt.token)
			if !errors.Is(err, ErrMalformedToken) {
				t.Fatalf("Inspect = %s, %v; want ErrMalformedToken", describe(info), err)
			}
			if len(tt.token) > 20 && strings.Contains(err.Error(), tt.token[3:20]) {
				t.Errorf("error %q holds the token", err)
			}
		})
	}
}

func TestInspectAllocatesLittleForAZlibBomb(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&bomb, zlib.BestCompression)
	zw.Write(make([]byte, 12<<20))
	zw.Close()
	token := "007" + base64.StdEncoding.EncodeToString(bomb.Bytes())
	if len(token) > MaxTokenLen {
		t.Fatalf("test bomb is %d bytes, over MaxTokenLen", len(token))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Inspect(token)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrMalformedToken) {
		t.Fatalf("err = %v, want ErrMalformedToken", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("Inspect allocated %d bytes for a %d-byte token inflating to 12 MiB", n, len(token))
	}
}

func TestInspectKeepsNoSignature(t *testing.T) {
	sig := strings.Repeat("\x01SIGNATURE\x02", 3)
	p := new(packer).str(sig).str(vectorAppID).u32(1).u32(2).u32(3).u16(1).u16(1).privs(1, 5).str("c").str("u")
	info, err := Inspect(token007(p.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{info.AppID, info.Services[0].Channel, info.Services[0].UID, info.Services[0].User} {
		if strings.Contains(s, "SIGNATURE") {
			t.Errorf("Info holds the signature in %q", s)
		}
	}
	msg := new(packer).u32(7).u32(9).privs(1, 5)
	info, err = Inspect(token006(new(packer).str(sig).u32(1).u32(2).str(msg.String()).Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(info.AppID, "SIGNATURE") {
		t.Errorf("Info holds the signature in %q", info.AppID)
	}
}

// checkSane fails t unless info is what Inspect may return: a known format,
// times between 1970 and the end of year 9999, an expiry no later than an
// Agora token's own validity, and no details on an opaque token.
func checkSane(t testing.TB, info Info) {
	t.Helper()
	lo, hi := time.Unix(0, 0), time.Unix(maxNumericDate, 999999999)
	sane := func(what string, tm time.Time) {
		if !tm.IsZero() && (tm.Before(lo) || tm.After(hi)) {
			t.Errorf("%s = %v, outside 1970..9999", what, tm)
		}
	}
	sane("IssuedAt", info.IssuedAt)
	sane("ExpiresAt", info.ExpiresAt)
	sane("ValidUntil", info.ValidUntil)
	for k, v := range info.Privileges {
		sane(fmt.Sprint("privilege ", k), v)
	}
	for _, s := range info.Services {
		for k, v := range s.Privileges {
			sane(fmt.Sprint("service ", s.Type, " privilege ", k), v)
		}
	}
	switch info.Format {
	case FormatOpaque:
		if !info.IssuedAt.IsZero() || !info.ExpiresAt.IsZero() || info.AppID != "" || info.Claims != nil || info.Services != nil || info.Privileges != nil {
			t.Errorf("opaque Info has details: %+v", info)
		}
	case FormatAgora006, FormatAgora007:
		if !info.ValidUntil.IsZero() && info.ExpiresAt.After(info.ValidUntil) {
			t.Errorf("ExpiresAt %v after ValidUntil %v", info.ExpiresAt, info.ValidUntil)
		}
		if info.Format == FormatAgora007 && (info.ExpiresAt.IsZero() || info.ExpiresAt.Before(info.IssuedAt)) {
			t.Errorf("007 ExpiresAt %v, IssuedAt %v", info.ExpiresAt, info.IssuedAt)
		}
	case FormatJWT:
		if info.Claims == nil || info.Header == nil {
			t.Errorf("JWT Info without header or claims")
		}
	default:
		t.Errorf("Format = %q", info.Format)
	}
}
