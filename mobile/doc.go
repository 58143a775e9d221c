// Package mobile is the Android and iOS face of tokenrenew, bound with
// gomobile: `gomobile bind` turns it into an AAR for Gradle (Java/Kotlin
// package dev.tokenrenew.mobile) and an xcframework for Xcode (Swift
// module Tokenrenew, types prefixed Mobile).
//
// It translates types and threads and nothing else: every decision (when to
// renew, how to retry, what a response means) is made by package renewer.
// Its exported API uses only types gomobile can bind: times are Unix
// milliseconds and durations milliseconds, both int64.
//
// # Use
//
//	cfg := mobile.NewConfig()
//	cfg.SetURL("https://tokens.example.com/getToken")
//	cfg.SetProfile("agora")
//	cfg.SetChannel("demo")
//	cfg.SetUID("42")
//	r := mobile.NewRenewer(cfg, listener) // never fails
//	err := r.Start()                       // fails for an unusable config
//	tok, err := r.Token(5000)              // wait at most 5 s for the first token
//	...
//	r.Stop()
//
// Listener methods take a Token (value, expiry, issue time, expiry source,
// extras) and a TokenError (code, message, permanent): objects, so that
// fields can be added without breaking the Kotlin and Swift code that
// implements them.
//
// The Kotlin and Swift layers in mobile/kotlin and mobile/swift sit on top
// of the binding: suspend and async token(), the token as a StateFlow and
// events as a Flow, or an AsyncStream, an error type with a case per code,
// and helpers that pause the renewer in the background and resume it in the
// foreground and when the network returns. Their cancellable waits use
// Renewer.AwaitToken with a Wait. The Flutter plugin in examples/flutter takes every Config setter as
// an option; parity_test.go holds every face to the option table and the
// error codes.
//
// # Threads
//
// Listener and Store methods are called on a thread the Go runtime owns,
// never on the app's main (UI) thread: an Android app hops to the main
// thread with a Handler(Looper.getMainLooper()) or a coroutine on
// Dispatchers.Main, an iOS app with DispatchQueue.main.async. Listener
// methods are called one at a time and in order; they may call any Renewer
// method, and should return quickly. Each call runs on a short-lived thread
// of its own, so that no thread stays attached to the JVM once it returns.
//
// Renewer.Token and Renewer.Refresh block up to the timeout they are given;
// on the main thread use a timeout of 0, which never blocks: it returns the
// current token, or fails at once with ErrorCodeTimeout while the first fetch
// runs (the token then arrives through Listener.OnRenewToken).
//
// # Errors
//
// Every failure carries one of the ErrorCode constants, stable across
// releases so that Kotlin and Swift code can switch on them, and whether it
// is permanent: a permanent failure (401, 403, a refused URL) stops retrying
// until Refresh or Resume. Listener.OnError receives a TokenError; errors
// returned by methods have the form "tokenrenew error N: text" and CodeOf
// recovers N from that text, and after AwaitToken and AwaitRefresh,
// Wait.Failure is the TokenError itself. Renewer.Stats reports the last failure's
// code as well.
//
// A Go panic that reached Java or Swift would end the app, so every method
// of this package recovers panics, its own and those of the Listener and
// Store it calls, and reports them as ErrorCodeInternal. Listener and Store
// methods return an error, so that an exception thrown in Kotlin, Java or
// Swift comes back to Go (a Listener's as ErrorCodeInternal, a Store's as
// ErrorCodeStore) instead of being left pending in the JNI thread.
package mobile
