// Package tokenserver is a local token server that speaks the protocols of
// the token servers tokenrenew knows, for demos and tests: it runs offline,
// mints real Agora AccessToken2 (007) tokens with go-tokenbuilder and
// HS256-signed JWTs, each living Options.TTL unless the request asks for a
// lifetime, and lets a test make it fail or refuse.
//
// # Routes
//
// Agora community token service (AgoraIO-Community/agora-token-service):
//
//	GET  /ping                                          {"message":"pong"}
//	POST /getToken  {"tokenType","channel","role","uid","expire"}  {"token":"007…"}
//	                errors: 400 text/plain, as the real service
//	GET  /rtc/{channel}/{role}/{uid|userAccount}/{uid}/?expiry=s   {"rtcToken":"007…"}
//	GET  /rtm/{uid}/?expiry=s                                      {"rtmToken":"007…"}
//	GET  /rte/{channel}/{role}/{uid|userAccount}/{uid}[/{rtmuid}]/ {"rtcToken","rtmToken"}
//	GET  /chat/app/ and /chat/account/{uid}/                       {"chatToken":"007…"}
//	     the legacy routes without their trailing slash answer 301, as Gin does
//
// Dolby.io token function (the Netlify sample), GET or POST:
//
//	/token, /api/token-generator, /.netlify/functions/token-generator
//	    {"access_token":JWT,"refresh_token":"…","expires_in":s}
//
// Room Service auth webhook:
//
//	POST /auth {"resources":[…]}  {"user":"demo-user","resources":[… with ids],"token":JWT}
//	    401 when the request has the header "X-Demo-Deny: 1" or the cookie
//	    "demo_deny=1", or while the server is set to deny (SetDeny)
//
// Generic shapes, GET or POST:
//
//	/text   the bare JWT as text/plain
//	/json   {"token":JWT,"expires_at":unix seconds}
//
// Faults: Options.Script, SetScript or POST /_control/script make token
// requests misbehave by time or request number (see Fault, Rule, Script and
// ParseScript): latency, outages, statuses with or without Retry-After,
// revocation, 101 then silence, redirect loops, a skewed clock, the
// previous token again, tokens shorter than asked. The package
// renewer/renewertest serves the same scripts to app tests, in memory.
//
// Control, for tests that run the server as a separate process:
//
//	POST /_control/fail?n=N&status=S   the next N token requests answer S (default 503)
//	POST /_control/deny?on=1|0         /auth answers 401 (on) or not
//	POST /_control/script              the body, a fault script (ParseScript), replaces the script
//	GET  /_control/stats               {"total":N,"routes":{"agora":N,…}}
//
// # CORS
//
// Every answer carries Access-Control-Allow-Origin echoing the request's
// Origin when Options.CORSOrigin allows it ("*", the default, allows any;
// otherwise a comma-separated list of exact origins), with methods GET, POST,
// OPTIONS, the headers Content-Type and X-Demo-Deny, Date and Retry-After
// exposed to the page (for clock skew and back-off), and credentials allowed
// on /auth. A request from another origin is answered 403
// {"error":"Origin not allowed"}, as the Agora service does. OPTIONS
// preflights are answered 204 with Access-Control-Max-Age: 86400, so a
// browser preflights a renewal once, not every time.
//
// # Host and Origin
//
// Requests must name the server in their Host header (a loopback name or
// address, the address it listens on, or Options.AllowHosts), so that DNS
// rebinding cannot reach it; others are answered 421. The /_control routes
// refuse with 403 any request whose Origin is not the server's own, so that
// no page of another site can script its failures.
//
// The demo credentials (DemoAppID, DemoAppCertificate, DemoJWTSecret) are
// public: tokens from this server are good for nothing but tests.
package tokenserver
