//go:build js && wasm

// Command wasm is tokenrenew's browser face: built for js/wasm, it keeps
// access tokens fresh in a web page (or Node.js) with the renewer package,
// fetching them with the JavaScript runtime's fetch.
//
// JavaScript does not call this program directly: the ES module
// tokenrenew.js loads it and wraps it in the documented API
// (createRenewer, a Renewer that is an EventTarget). On start the program
// puts one object on globalThis under the name "__tokenrenew", which the
// loader takes and deletes at once:
//
//	create(options, emit) -> handle | Error
//
// where options is the createRenewer options object (without the options
// only the loader reads), emit(type, detail) is called with every event in
// order, and handle has the methods token(signal) and refresh(signal) (both
// returning Promises; an optional AbortSignal ends the call's wait),
// current, invalidate(rejected), pause, resume, stats and stop (returning a
// Promise). After stop every function of the handle is released: the
// loader never calls one again.
//
// The binding holds no policy: it translates options into renewer.Config,
// events into calls of emit and errors into JavaScript Error objects with
// a stable code (see errorCode). Every call that can wait runs on its own
// goroutine and settles a Promise, because a Go function called from
// JavaScript that blocks would block the page.
package main

import "syscall/js"

// globalName is where main leaves the API for the loader.
const globalName = "__tokenrenew"

func main() {
	api := js.Global().Get("Object").New()
	// create lives as long as the program: it is never released.
	api.Set("create", js.FuncOf(create))
	js.Global().Set(globalName, api)
	select {}
}

// create is the JavaScript create(options, emit): a started renewer's
// handle, or an Error when the options are not usable.
func create(_ js.Value, args []js.Value) any {
	if len(args) < 2 || args[1].Type() != js.TypeFunction {
		return jsError(badOptions("create needs an options object and an event function"))
	}
	cfg, err := parseOptions(args[0])
	if err != nil {
		return jsError(err)
	}
	b, err := newBinding(cfg, args[1])
	if err != nil {
		return jsError(newError(err))
	}
	return b.handle()
}
