// Package renewertest is a token server for testing apps that use renewer:
// it speaks every profile, mints real tokens, and misbehaves on a script,
// over a real loopback socket or in memory, under testing/synctest.
//
// A Server is an http.Handler answering like the token servers renewer
// knows: the Agora token service (POST /getToken and the legacy GET /rtc/…
// routes, real AccessToken2 "007" tokens), a Dolby.io token function
// (/token, JWT with expires_in), a Room Service auth webhook (POST /auth,
// JWT with user and resources), and the generic /json ({"token",
// "expires_at"}) and /text shapes, with signed JWTs. Every token lives
// Options.TTL (one hour by default) unless the request asks for a lifetime.
//
// A Script makes it misbehave, by time since the script was set or by
// token request number: latency, outages (the connection dropped with no
// answer), HTTP statuses with or without Retry-After, revocation (401 from
// some point on), 101 Switching Protocols followed by silence, redirect
// loops, a skewed clock (Date header and JWT times), the previous token
// again, tokens shorter than asked. The same Script, in the text form
// ParseScript reads, drives `tokenctl serve --fault` and `--script`, so that
// Android, iOS and browser developers rehearse the same failures against a
// real server on their machine.
//
// Serve a Server over loopback with net/http/httptest, or use its
// Transport, which answers in memory: no socket, no goroutine left
// behind, and inside a testing/synctest bubble every timer of the renewer,
// of the transport and of the script runs on the bubble's fake clock, so a
// test covers a day of renewals in milliseconds. Create the Server inside
// the bubble, since its script's clock starts when it is created (one made
// outside, whose clock would be ahead of the bubble's, starts it again at
// the first request from inside).
//
//	synctest.Test(t, func(t *testing.T) {
//		srv := renewertest.NewServer(renewertest.Options{
//			Script: renewertest.MustParseScript("2h-2h10m outage"),
//		})
//		r, _ := renewer.New(renewer.Config{
//			URL:       renewertest.URL,
//			Profile:   agora.Profile{Channel: "demo", UID: "42"},
//			Transport: srv.Transport(),
//		})
//		r.Start(t.Context())
//		defer r.Stop()
//		time.Sleep(24 * time.Hour) // a day of renewals, in milliseconds
//	})
//
// The credentials the tokens are minted with (DemoAppID and the others) are
// public: the tokens are good for nothing but tests.
package renewertest
