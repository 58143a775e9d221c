// Command agora006 writes Agora AccessToken 006 tokens built by
// go-tokenbuilder v1.0.0, with random channels, uids, roles and privilege
// expiries, and what each must decode to, as JSON lines on standard output.
// The renewer tests read the committed copy, tokens.jsonl; run
// `go test -run Agora006 -update-agora006 ./renewer` to make it again.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"log"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/AgoraIO-Community/go-tokenbuilder/accesstoken"
	rtc "github.com/AgoraIO-Community/go-tokenbuilder/rtctokenbuilder"
	rtm "github.com/AgoraIO-Community/go-tokenbuilder/rtmtokenbuilder"
)

// The public test credentials of Agora's own token tests.
const (
	appID   = "970CA35de60c44645bbae8a215061b33"
	appCert = "5CFd2fd1755d40ecb72977518be15d3b"
)

// count is how many tokens to write.
const count = 300

// want is one token and what it must decode to.
type want struct {
	Token      string            `json:"token"`
	Kind       string            `json:"kind"`
	ExpiresAt  uint32            `json:"expires_at"`
	ValidUntil uint32            `json:"valid_until"`
	Salt       uint32            `json:"salt"`
	ChannelCRC uint32            `json:"channel_crc"`
	UIDCRC     uint32            `json:"uid_crc"`
	Privileges map[uint16]uint32 `json:"privileges"`
}

func main() {
	rng := rand.New(rand.NewPCG(6, 6))
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	now := uint32(time.Now().Unix())
	for i := range count {
		w, err := build(rng, now, i%3)
		if err != nil {
			log.Fatal(err)
		}
		if err := enc.Encode(w); err != nil {
			log.Fatal(err)
		}
	}
	if err := out.Flush(); err != nil {
		log.Fatal(err)
	}
}

// build makes one token of kind k (0 RTC by uid, 1 RTC by account, 2 RTM)
// and reads back, with the builder's own parser, the fields it chose itself.
func build(rng *rand.Rand, now uint32, k int) (want, error) {
	// Privilege expiries from an hour ago to two days ahead (past ts, which
	// is now + 24 h), and sometimes 0, "never".
	priv := now - 3600 + rng.Uint32N(49*3600)
	if rng.IntN(8) == 0 {
		priv = 0
	}
	channel := randString(rng, 1+rng.IntN(64))
	var (
		w   want
		uid string
		err error
	)
	switch k {
	case 0:
		n := rng.Uint32()
		if rng.IntN(10) == 0 {
			n = 0
		}
		w.Kind, uid = "rtc-uid", strconv.FormatUint(uint64(n), 10)
		if n == 0 {
			uid = ""
		}
		w.Token, err = rtc.BuildTokenWithUID(appID, appCert, channel, n, rtc.Role(rng.IntN(3)), priv)
	case 1:
		w.Kind, uid = "rtc-account", randString(rng, 1+rng.IntN(32))
		w.Token, err = rtc.BuildTokenWithUserAccount(appID, appCert, channel, uid, rtc.Role(rng.IntN(3)), priv)
	default:
		w.Kind, uid = "rtm", ""
		w.Token, err = rtm.BuildToken(appID, appCert, channel, rtm.RoleRtmUser, priv)
	}
	if err != nil {
		return w, err
	}
	var t accesstoken.AccessToken
	if !t.FromString(w.Token) {
		return w, fmt.Errorf("token %d does not parse", k)
	}
	w.ValidUntil, w.Salt, w.Privileges = t.Ts, t.Salt, t.Message
	w.ChannelCRC, w.UIDCRC = crc32.ChecksumIEEE([]byte(channel)), crc32.ChecksumIEEE([]byte(uid))
	w.ExpiresAt = t.Ts
	if priv != 0 && priv < t.Ts {
		w.ExpiresAt = priv
	}
	return w, nil
}

// randString returns n random characters of the kind channels and user
// accounts may hold.
func randString(rng *rand.Rand, n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()+-:;<=.>?@[]^_{}|~, "
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rng.IntN(len(chars))]
	}
	return string(b)
}
