//go:build js && wasm

package main

import (
	"syscall/js"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// TestExtraReachesJavaScriptWhole: every field a profile returns reaches
// the page, the RTM token of an Agora "rte" answer (a Secret) included.
func TestExtraReachesJavaScriptWhole(t *testing.T) {
	extra := map[string]any{"rtmToken": renewer.Secret("rtm-value"), "user": "u1", "n": jsonlite.Number("42"),
		"resources": []any{map[string]any{"object": "room"}}}
	v := js.ValueOf(jsonValue(extra))
	if got := v.Get("rtmToken"); got.Type() != js.TypeString || got.String() != "rtm-value" {
		t.Errorf("extra.rtmToken = %v; want the RTM token", got)
	}
	if v.Get("user").String() != "u1" || v.Get("n").Float() != 42 || v.Get("resources").Index(0).Get("object").String() != "room" {
		t.Errorf("extra = %v; want every field", js.Global().Get("JSON").Call("stringify", v))
	}
}
