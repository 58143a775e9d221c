package tokeninfo

import (
	"bufio"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/AgoraIO-Community/go-tokenbuilder/accesstoken"
	chat "github.com/AgoraIO-Community/go-tokenbuilder/chatTokenBuilder"
	rtc "github.com/AgoraIO-Community/go-tokenbuilder/rtctokenbuilder"
	rtm "github.com/AgoraIO-Community/go-tokenbuilder/rtmtokenbuilder"
)

// The public test credentials of Agora's own token tests.
const (
	testAppID   = "970CA35de60c44645bbae8a215061b33"
	testAppCert = "5CFd2fd1755d40ecb72977518be15d3b"
)

var updateAgora006 = flag.Bool("update-agora006", false,
	"rebuild testdata/agora006/tokens.jsonl with go-tokenbuilder v1.0.0 (needs that module)")

// agora006Want is one line of testdata/agora006/tokens.jsonl.
type agora006Want struct {
	Token      string            `json:"token"`
	Kind       string            `json:"kind"`
	ExpiresAt  int64             `json:"expires_at"`
	ValidUntil int64             `json:"valid_until"`
	Salt       uint32            `json:"salt"`
	ChannelCRC uint32            `json:"channel_crc"`
	UIDCRC     uint32            `json:"uid_crc"`
	Privileges map[uint16]uint32 `json:"privileges"`
}

// TestInspectAgrees006WithTheBuilder decodes tokens that go-tokenbuilder
// v1.0.0, the builder of 006 tokens, made with random channels, uids,
// roles and privilege expiries. That version cannot be required beside
// v1.3.0, so a separate module in testdata/agora006 builds them and this
// test reads its committed output.
func TestInspectAgrees006WithTheBuilder(t *testing.T) {
	dir := filepath.Join("testdata", "agora006")
	golden := filepath.Join(dir, "tokens.jsonl")
	if *updateAgora006 {
		cmd := exec.Command("go", "run", ".")
		cmd.Dir, cmd.Env, cmd.Stderr = dir, append(os.Environ(), "GOWORK=off", "GOFLAGS="), os.Stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go run ./%s: %v", dir, err)
		}
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); n++ {
		var w agora006Want
		if err := json.Unmarshal(sc.Bytes(), &w); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		info, err := Inspect(w.Token)
		if err != nil {
			t.Fatalf("token %d (%s): %v", n+1, w.Kind, err)
		}
		checkInfo(t, info, Info{
			Format: FormatAgora006, ExpiresAt: time.Unix(w.ExpiresAt, 0), ValidUntil: time.Unix(w.ValidUntil, 0),
			AppID: testAppID, Salt: w.Salt, ChannelCRC: w.ChannelCRC, UIDCRC: w.UIDCRC,
		})
		if len(info.Privileges) != len(w.Privileges) {
			t.Errorf("token %d: privileges %v, want %v", n+1, info.Privileges, w.Privileges)
		}
		for k, v := range w.Privileges {
			if got, ok := info.Privileges[k]; !ok || !got.Equal(unixOrZero(0, v)) {
				t.Errorf("token %d: privilege %d = %v, want %d", n+1, k, got, v)
			}
		}
		checkSane(t, info)
	}
	if n < 300 {
		t.Errorf("%s has %d tokens, want at least 300", golden, n)
	}
}

// built007 is a 007 token and the inputs it was built from.
type built007 struct {
	token               string
	issue, expire       uint32 // issue 0: chosen by the builder from the clock
	joinPriv, loginPriv uint32 // 0 when absent
	channel, uid        string // RTC
	rtmUser, chatUser   string
}

// TestInspectAgrees007WithTheBuilder decodes hundreds of 007 tokens built by
// go-tokenbuilder v1.3.0 with random services, channels, uids and
// expiries, and compares with what they were built from and with what the
// builder's own parser reads.
func TestInspectAgrees007WithTheBuilder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 600 {
		b := build007(t, rng, i)
		info, err := Inspect(b.token)
		if err != nil {
			t.Fatalf("token %d: %v", i, err)
		}
		parsed := accesstoken.CreateAccessToken()
		if ok, err := parsed.Parse(b.token); !ok || err != nil {
			t.Fatalf("token %d: the builder cannot parse it: %v", i, err)
		}
		if b.issue == 0 {
			b.issue = parsed.IssueTs
		}
		deadline := uint64(b.expire)
		for _, p := range []uint32{b.joinPriv, b.loginPriv} {
			if p != 0 {
				deadline = min(deadline, uint64(p))
			}
		}
		want := Info{
			Format: FormatAgora007, IssuedAt: time.Unix(int64(b.issue), 0),
			ExpiresAt:  time.Unix(int64(b.issue)+int64(deadline), 0),
			ValidUntil: time.Unix(int64(b.issue)+int64(b.expire), 0),
			AppID:      testAppID, Salt: parsed.Salt,
		}
		checkInfo(t, info, want)
		checkSane(t, info)
		if len(info.Services) != len(parsed.Services) {
			t.Fatalf("token %d: %d services, the builder reads %d", i, len(info.Services), len(parsed.Services))
		}
		for _, s := range info.Services {
			checkService(t, i, s, parsed, b)
		}
	}
}

// checkService compares one decoded service with the builder's parse.
func checkService(t *testing.T, i int, s AgoraService, parsed *accesstoken.AccessToken, b built007) {
	t.Helper()
	var privs map[uint16]uint32
	switch p := parsed.Services[s.Type].(type) {
	case *accesstoken.ServiceRtc:
		privs = p.Privileges
		if s.Name != "rtc" || s.Channel != p.ChannelName || s.UID != p.Uid || s.Channel != b.channel || s.UID != b.uid {
			t.Errorf("token %d: %+v, builder reads channel %q uid %q", i, s, p.ChannelName, p.Uid)
		}
	case *accesstoken.ServiceRtm:
		privs = p.Privileges
		if s.Name != "rtm" || s.User != p.UserId || s.User != b.rtmUser {
			t.Errorf("token %d: %+v, builder reads user %q", i, s, p.UserId)
		}
	case *accesstoken.ServiceChat:
		privs = p.Privileges
		if s.Name != "chat" || s.User != p.UserId || s.User != b.chatUser {
			t.Errorf("token %d: %+v, builder reads user %q", i, s, p.UserId)
		}
	default:
		t.Fatalf("token %d: service %d is %T", i, s.Type, p)
	}
	if len(s.Privileges) != len(privs) {
		t.Errorf("token %d: service %d privileges %v, builder reads %v", i, s.Type, s.Privileges, privs)
	}
	for k, v := range privs {
		if !s.Privileges[k].Equal(unixOrZero(parsed.IssueTs, v)) {
			t.Errorf("token %d: service %d privilege %d = %v, builder reads %d after %d", i, s.Type, k, s.Privileges[k], v, parsed.IssueTs)
		}
	}
}

// build007 builds token i: through the public builders (RTC by uid or
// account, RTM with and without a stream channel, chat) or, one in three,
// an AccessToken with its issue time, expire and privileges all random,
// including 0 and the largest values.
func build007(t *testing.T, rng *rand.Rand, i int) built007 {
	t.Helper()
	var (
		b   built007
		err error
	)
	expire := randExpire(rng)
	switch i % 7 {
	case 0:
		n := rng.Uint32()
		if rng.IntN(8) == 0 {
			n = 0
		}
		b = built007{expire: expire, joinPriv: expire, channel: randText(rng, 1, 64), uid: accesstoken.GetUidStr(n)}
		b.token, err = rtc.BuildTokenWithUid(testAppID, testAppCert, b.channel, n, rtc.Role(1+rng.IntN(2)), expire)
	case 1:
		b = built007{expire: expire, joinPriv: expire, channel: randText(rng, 1, 64), uid: randText(rng, 1, 255)}
		b.token, err = rtc.BuildTokenWithAccount(testAppID, testAppCert, b.channel, b.uid, rtc.Role(1+rng.IntN(2)), expire)
	case 2:
		b = built007{expire: expire, loginPriv: expire, rtmUser: randText(rng, 1, 64)}
		if rng.IntN(2) == 0 {
			b.channel, b.uid, b.joinPriv = randText(rng, 1, 64), b.rtmUser, expire
		}
		b.token, err = rtm.BuildToken(testAppID, testAppCert, b.rtmUser, expire, b.channel)
	case 3:
		b = built007{expire: expire, chatUser: randText(rng, 0, 64)}
		if b.chatUser == "" {
			b.token, err = chat.BuildChatAppToken(testAppID, testAppCert, expire)
		} else {
			b.token, err = chat.BuildChatUserToken(testAppID, testAppCert, b.chatUser, expire)
		}
	default:
		b = buildRandom007(rng)
		return b
	}
	if err != nil {
		t.Fatalf("token %d: %v", i, err)
	}
	return b
}

// buildRandom007 builds an AccessToken with every number random.
func buildRandom007(rng *rand.Rand) built007 {
	b := built007{issue: 1 + rng.Uint32(), expire: randExpire(rng)}
	if rng.IntN(16) == 0 {
		b.issue = 4294967295
	}
	at := accesstoken.NewAccessToken(testAppID, testAppCert, b.expire)
	at.IssueTs = b.issue
	if rng.IntN(4) != 0 {
		b.channel, b.uid = randText(rng, 0, 64), randText(rng, 0, 32)
		s := accesstoken.NewServiceRtc(b.channel, b.uid)
		b.joinPriv = randExpire(rng)
		s.AddPrivilege(accesstoken.PrivilegeJoinChannel, b.joinPriv)
		s.AddPrivilege(accesstoken.PrivilegePublishAudioStream, randExpire(rng))
		at.AddService(s)
	}
	if rng.IntN(2) == 0 {
		b.rtmUser = randText(rng, 1, 64)
		s := accesstoken.NewServiceRtm(b.rtmUser)
		b.loginPriv = randExpire(rng)
		s.AddPrivilege(accesstoken.PrivilegeLogin, b.loginPriv)
		at.AddService(s)
	}
	if rng.IntN(3) == 0 {
		b.chatUser = randText(rng, 0, 16)
		s := accesstoken.NewServiceChat(b.chatUser)
		s.AddPrivilege(accesstoken.PrivilegeChatUser, randExpire(rng))
		at.AddService(s)
	}
	tok, err := at.Build()
	if err != nil {
		panic(err)
	}
	b.token = tok
	return b
}

// randExpire returns a relative expiry: mostly up to a day, sometimes 0,
// an absolute timestamp by mistake (as agora-token-service 1.3–1.4 sent) or
// the largest uint32.
func randExpire(rng *rand.Rand) uint32 {
	switch rng.IntN(12) {
	case 0:
		return 0
	case 1:
		return 4294967295
	case 2:
		return uint32(time.Now().Unix()) + rng.Uint32N(86400)
	}
	return 1 + rng.Uint32N(86400)
}

// randText returns between lo and hi random bytes of any value, so
// channels, uids and user ids hold every byte the format allows.
func randText(rng *rand.Rand, lo, hi int) string {
	b := make([]byte, lo+rng.IntN(hi-lo+1))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	if rng.IntN(2) == 0 {
		return strconv.Quote(string(b))[1:]
	}
	return string(b)
}
