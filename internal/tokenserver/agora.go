package tokenserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	chat "github.com/AgoraIO-Community/go-tokenbuilder/chatTokenBuilder"
	rtc "github.com/AgoraIO-Community/go-tokenbuilder/rtctokenbuilder"
	rtm "github.com/AgoraIO-Community/go-tokenbuilder/rtmtokenbuilder"
)

// agoraRequest is the body of POST /getToken, as the Agora service reads it.
type agoraRequest struct {
	TokenType string `json:"tokenType"`
	Channel   string `json:"channel"`
	Role      string `json:"role"`
	UID       string `json:"uid"`
	Expire    int    `json:"expire"`
}

// agoraPOST answers POST /getToken: {"token"} or a 400 in plain text.
func (s *Server) agoraPOST(w http.ResponseWriter, r *http.Request) {
	var req agoraRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	expire := seconds(s.lifetime(r, time.Duration(max(req.Expire, 0))*time.Second))
	var tok string
	var err error
	switch req.TokenType {
	case "rtc":
		switch {
		case req.Channel == "":
			err = errors.New("invalid: missing channel name")
		case req.UID == "":
			err = errors.New("invalid: missing user ID or account")
		default:
			tok, err = buildRTC(req.Channel, req.Role, req.UID, expire)
		}
	case "rtm":
		if req.UID == "" {
			err = errors.New("invalid: missing user ID or account")
		} else {
			tok, err = rtm.BuildToken(DemoAppID, DemoAppCertificate, req.UID, expire, req.Channel)
		}
	case "chat":
		tok, err = buildChat(req.UID, expire)
	default:
		err = message("Unsupported tokenType")
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": tok})
}

// buildRTC builds an RTC token for a numeric uid or a user account.
func buildRTC(channel, role, uid string, expire uint32) (string, error) {
	rl := rtc.Role(rtc.RoleSubscriber)
	if role == "publisher" {
		rl = rtc.RolePublisher
	}
	if n, err := strconv.ParseUint(uid, 10, 64); err == nil {
		return rtc.BuildTokenWithUid(DemoAppID, DemoAppCertificate, channel, uint32(n), rl, expire)
	}
	return rtc.BuildTokenWithAccount(DemoAppID, DemoAppCertificate, channel, uid, rl, expire)
}

// buildChat builds a chat user token, or an app token for an empty uid.
func buildChat(uid string, expire uint32) (string, error) {
	if uid == "" {
		return chat.BuildChatAppToken(DemoAppID, DemoAppCertificate, expire)
	}
	return chat.BuildChatUserToken(DemoAppID, DemoAppCertificate, uid, expire)
}

// legacyError answers 400 with the JSON shape of the older routes.
func legacyError(w http.ResponseWriter, key string, err error) {
	writeJSON(w, http.StatusBadRequest, map[string]any{key: err.Error(), "status": 400})
}

// legacyExpiry reads ?expiry=s, defaulting to the server's TTL.
func (s *Server) legacyExpiry(w http.ResponseWriter, r *http.Request) (uint32, bool) {
	v := r.URL.Query().Get("expiry")
	if l := faultOf(r.Context()).Lifetime; v == "" || l > 0 {
		return seconds(s.lifetime(r, 0)), true
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		legacyError(w, "message", messagef("Error Generating token: failed to parse expireTime: %s, causing error: %v", v, err))
		return 0, false
	}
	return uint32(n), true
}

// legacyRTC builds the RTC token of a /rtc or /rte path.
func legacyRTC(r *http.Request, expire uint32) (string, error) {
	kind, uid := r.PathValue("kind"), r.PathValue("uid")
	switch kind {
	case "uid":
		if _, err := strconv.ParseUint(uid, 10, 64); err != nil {
			return "", messagef("failed to parse uidStr: %s", uid)
		}
	case "userAccount":
	default:
		return "", messagef("Error Generating RTC token - failed to generate RTC token for Unknown Tokentype: %s", kind)
	}
	return buildRTC(r.PathValue("channel"), r.PathValue("role"), uid, expire)
}

// agoraRTC answers GET /rtc/{channel}/{role}/{kind}/{uid}/.
func (s *Server) agoraRTC(w http.ResponseWriter, r *http.Request) {
	expire, ok := s.legacyExpiry(w, r)
	if !ok {
		return
	}
	tok, err := legacyRTC(r, expire)
	if err != nil {
		legacyError(w, "error", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"rtcToken": tok})
}

// agoraRTM answers GET /rtm/{uid}/.
func (s *Server) agoraRTM(w http.ResponseWriter, r *http.Request) {
	expire, ok := s.legacyExpiry(w, r)
	if !ok {
		return
	}
	uid := r.PathValue("uid")
	if uid == "" || uid == "0" {
		legacyError(w, "message", messagef("Error Generating RTM token: invalid RTM User ID: %q", uid))
		return
	}
	tok, err := rtm.BuildToken(DemoAppID, DemoAppCertificate, uid, expire, "")
	if err != nil {
		legacyError(w, "error", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"rtmToken": tok})
}

// agoraRTE answers GET /rte/{channel}/{role}/{kind}/{uid}/[{rtmuid}/] with
// both tokens.
func (s *Server) agoraRTE(w http.ResponseWriter, r *http.Request) {
	expire, ok := s.legacyExpiry(w, r)
	if !ok {
		return
	}
	rtmUID := r.PathValue("rtmuid")
	if rtmUID == "" && r.PathValue("uid") != "0" {
		rtmUID = r.PathValue("uid")
	}
	if rtmUID == "" || rtmUID == "0" {
		legacyError(w, "message", message(`Error Generating RTE token: failed to parse rtm user ID. Cannot be empty or "0"`))
		return
	}
	rtcTok, err := legacyRTC(r, expire)
	if err != nil {
		legacyError(w, "error", err)
		return
	}
	rtmTok, err := rtm.BuildToken(DemoAppID, DemoAppCertificate, rtmUID, expire, r.PathValue("channel"))
	if err != nil {
		legacyError(w, "error", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"rtcToken": rtcTok, "rtmToken": rtmTok})
}

// agoraChat answers GET /chat/app/ and /chat/account/{uid}/.
func (s *Server) agoraChat(w http.ResponseWriter, r *http.Request) {
	tok, err := buildChat(r.PathValue("uid"), seconds(s.lifetime(r, 0)))
	if err != nil {
		legacyError(w, "error", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"chatToken": tok})
}

// message is an error whose text is the Agora service's own wording.
type message string

func (m message) Error() string { return string(m) }

// messagef formats a message.
func messagef(format string, args ...any) error { return message(fmt.Sprintf(format, args...)) }
