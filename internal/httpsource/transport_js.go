//go:build js && wasm

package httpsource

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/permanent"
	"github.com/tokenrenew/tokenrenew/internal/scrub"
)

// OriginAdvice says what a page refused by a token server's CORS check can
// do: have its origin allowed.
const OriginAdvice = "the server must allow this page's origin (for the Agora token service, add it to CORS_ALLOW_ORIGIN)"

// NewFetchTransport returns the js/wasm Transport that
// renewer.NewFetchTransport documents: the runtime's fetch, with
// credentials as the mode for a Request that sets none.
func NewFetchTransport(credentials string) Transport {
	return fetchTransport{credentials: credentials}
}

type fetchTransport struct{ credentials string }

// RoundTrip calls fetch and reads the answer.
func (t fetchTransport) RoundTrip(ctx context.Context, req *Request) (resp *Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, jsPanicError(p)
		}
	}()
	fetch := js.Global().Get("fetch")
	abortCtor := js.Global().Get("AbortController")
	if fetch.Type() != js.TypeFunction || abortCtor.Type() != js.TypeFunction {
		return nil, permanent.Mark(errtext.Prefix("renewer: this JavaScript runtime has no fetch", errors.ErrUnsupported))
	}
	if err := ctx.Err(); err != nil {
		return nil, requestError(err)
	}
	ac := abortCtor.New()
	res, err := awaitAbortable(ctx, ac, fetch.Invoke(req.URL, t.init(req, ac)))
	if err != nil {
		return nil, err
	}
	out := &Response{StatusCode: res.Get("status").Int(), Header: responseHeaders(res.Get("headers"))}
	if n, ok := parseUint(out.Header["content-length"]); ok && n > MaxBodySize {
		ac.Call("abort")
		return nil, errBodyTooLarge()
	}
	out.Body, err = readBody(ctx, ac, res)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// init builds fetch's RequestInit for req.
func (t fetchTransport) init(req *Request, ac js.Value) js.Value {
	object := js.Global().Get("Object")
	headers := object.New()
	hasType := false
	for k, v := range req.Header {
		headers.Set(k, v)
		hasType = hasType || strings.EqualFold(k, "Content-Type")
	}
	init := object.New()
	init.Set("method", req.Method)
	if req.Body != nil {
		if !hasType {
			headers.Set("Content-Type", "application/json")
		}
		body := js.Global().Get("Uint8Array").New(len(req.Body))
		js.CopyBytesToJS(body, req.Body)
		init.Set("body", body)
	}
	init.Set("headers", headers)
	if c := req.Credentials; c != "" {
		init.Set("credentials", c)
	} else if t.credentials != "" {
		init.Set("credentials", t.credentials)
	}
	// Neither the browser's cache nor another may answer with an old
	// token: "no-store" makes fetch send Cache-Control: no-cache itself,
	// where a header of ours would need a CORS preflight.
	init.Set("cache", "no-store")
	init.Set("signal", ac.Get("signal"))
	return init
}

// responseHeaders copies a fetch Headers object, names lower-cased.
func responseHeaders(h js.Value) map[string]string {
	out := make(map[string]string)
	it := h.Call("entries")
	for {
		n := it.Call("next")
		if n.Get("done").Bool() {
			return out
		}
		kv := n.Get("value")
		k := strings.ToLower(kv.Index(0).String())
		if _, dup := out[k]; !dup {
			out[k] = kv.Index(1).String()
		}
	}
}

// readBody reads at most MaxBodySize bytes of res's body, through its
// stream reader where the runtime has one.
func readBody(ctx context.Context, ac js.Value, res js.Value) ([]byte, error) {
	stream := res.Get("body")
	if stream.IsNull() || stream.IsUndefined() {
		return nil, nil
	}
	if stream.Get("getReader").Type() != js.TypeFunction {
		buf, err := awaitAbortable(ctx, ac, res.Call("arrayBuffer"))
		if err != nil {
			return nil, err
		}
		return appendChunk(nil, js.Global().Get("Uint8Array").New(buf))
	}
	reader := stream.Call("getReader")
	var body []byte
	for {
		chunk, err := awaitAbortable(ctx, ac, reader.Call("read"))
		if err != nil {
			return nil, err
		}
		if chunk.Get("done").Bool() {
			return body, nil
		}
		if body, err = appendChunk(body, chunk.Get("value")); err != nil {
			ac.Call("abort")
			return nil, err
		}
	}
}

// appendChunk appends the bytes of the Uint8Array chunk to body, failing
// once body would exceed MaxBodySize.
func appendChunk(body []byte, chunk js.Value) ([]byte, error) {
	n := chunk.Get("length").Int()
	if len(body)+n > MaxBodySize {
		return nil, errBodyTooLarge()
	}
	body = append(body, make([]byte, n)...)
	js.CopyBytesToGo(body[len(body)-n:], chunk)
	return body, nil
}

func errBodyTooLarge() error {
	return errtext.Wrap(ErrBodyTooLarge, "more than "+strconv.Itoa(MaxBodySize)+" bytes")
}

// awaitAbortable waits for promise to settle; when ctx ends first, it
// aborts the request and still waits for the promise (which the abort
// settles at once), so that no callback is released while pending.
func awaitAbortable(ctx context.Context, ac js.Value, promise js.Value) (js.Value, error) {
	ch := make(chan settled, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- settled{value: arg0(args)}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- settled{value: arg0(args), rejected: true}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	promise.Call("then", onOK, onErr)
	var s settled
	select {
	case s = <-ch:
	case <-ctx.Done():
		ac.Call("abort")
		s = <-ch
	}
	if ctx.Err() != nil {
		return js.Undefined(), requestError(ctx.Err())
	}
	if s.rejected {
		return js.Undefined(), fetchError(s.value)
	}
	return s.value, nil
}

type settled struct {
	value    js.Value
	rejected bool
}

func arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// requestError reports a request ended by its context.
func requestError(err error) error {
	return errtext.Prefix("renewer: token server request", err)
}

// fetchError turns what fetch rejected with into a transient error. In a
// browser (a page or a worker: where there is a location) fetch rejects
// with a TypeError both when the network failed and when CORS refused the
// request (its origin, or a header the preflight did not allow), and does
// not say which; the text names both. Elsewhere (Node.js) there is no CORS,
// and the text names only the network.
func fetchError(v js.Value) error {
	name, msg := "Error", ""
	if v.Type() == js.TypeObject {
		if n := v.Get("name"); n.Type() == js.TypeString {
			name = n.String()
		}
		if m := v.Get("message"); m.Type() == js.TypeString {
			msg = m.String()
		}
	} else {
		msg = v.String()
	}
	msg = scrub.Printable(msg, 200)
	if name == "TypeError" {
		// Where there is a page (or a worker: a location), CORS may have
		// refused the request; elsewhere (Node.js) only the network failed,
		// and Node.js says why in the cause.
		why := ", or its CORS settings refuse this origin or a header the request sends (they must allow both)"
		if js.Global().Get("location").Type() != js.TypeObject {
			why = ""
			if c := v.Get("cause"); c.Type() == js.TypeObject {
				if s := c.Get("code"); s.Type() == js.TypeString {
					msg += " (" + scrub.Printable(s.String(), 40) + ")"
				}
			}
		}
		return errors.New("renewer: token server unreachable" + why + ": " + msg)
	}
	return errors.New("renewer: token server request failed: " + name + ": " + msg)
}

// jsPanicError turns a panic raised by a JavaScript exception into an error.
func jsPanicError(p any) error {
	if e, ok := p.(js.Error); ok {
		return fetchError(e.Value)
	}
	if e, ok := p.(error); ok {
		return errors.New("renewer: fetch transport: " + errtext.ErrorText(e))
	}
	return errors.New("renewer: fetch transport failed")
}
