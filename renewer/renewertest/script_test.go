package renewertest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
)

// TestTypesMatchTheServers: Fault and Rule are the server's own types with
// their docs; a field added to one and not the other would be lost at the
// boundary, so the fields must match by name and type, in order.
func TestTypesMatchTheServers(t *testing.T) {
	for _, c := range []struct{ ours, theirs reflect.Type }{
		{reflect.TypeFor[Fault](), reflect.TypeFor[tokenserver.Fault]()},
		{reflect.TypeFor[Rule](), reflect.TypeFor[tokenserver.Rule]()},
	} {
		if c.ours.NumField() != c.theirs.NumField() {
			t.Errorf("%v has %d fields, %v %d", c.ours, c.ours.NumField(), c.theirs, c.theirs.NumField())
			continue
		}
		for i := range c.ours.NumField() {
			a, b := c.ours.Field(i), c.theirs.Field(i)
			if a.Name != b.Name || (a.Type != b.Type && a.Type.Name() != b.Type.Name()) {
				t.Errorf("%v field %d is %s %v, %v's is %s %v", c.ours, i, a.Name, a.Type, c.theirs, b.Name, b.Type)
			}
		}
	}
}

// TestScriptRoundTrips: a script with every field set survives the trip to
// the server's types and back, and its text form parses back to it.
func TestScriptRoundTrips(t *testing.T) {
	s := Script{
		{After: time.Hour, Until: 2 * time.Hour, FromRequest: 3, ToRequest: 5, Route: "dolby",
			Fault: Fault{Latency: time.Second, Status: 503, RetryAfter: 10 * time.Second, Skew: -5 * time.Minute, Lifetime: time.Minute}},
		{Fault: Fault{Outage: true, Upgrade: true, RedirectLoop: true, Repeat: true}},
	}
	if got := scriptOf(s.server()); !reflect.DeepEqual(got, s) {
		t.Errorf("through the server's types: %+v; want %+v", got, s)
	}
	got, err := ParseScript(s.String())
	if err != nil || !reflect.DeepEqual(got, s) {
		t.Errorf("ParseScript(%q) = %+v, %v; want %+v", s.String(), got, err, s)
	}
}

// TestDemoCredentialsAreTheServers: the credentials are written out here
// so that go doc shows them; they must be the ones the server mints with.
func TestDemoCredentialsAreTheServers(t *testing.T) {
	if DemoAppID != tokenserver.DemoAppID || DemoAppCertificate != tokenserver.DemoAppCertificate || DemoJWTSecret != tokenserver.DemoJWTSecret {
		t.Error("renewertest's demo credentials differ from internal/tokenserver's")
	}
}
