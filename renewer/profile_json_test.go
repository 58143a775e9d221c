package renewer

import (
	"errors"
	"testing"
	"time"
)

func TestJSONReadsCommonAndConfiguredFields(t *testing.T) {
	at := time.Unix(1893456000, 0)
	cases := []struct {
		name    string
		p       JSON
		body    string
		value   string
		in      time.Duration
		at      time.Time
		wantErr error
	}{
		{"token and expires_in", JSON{}, `{"token":"t","expires_in":60}`, "t", time.Minute, time.Time{}, nil},
		{"access_token and expires_at in seconds", JSON{}, `{"access_token":"t","expires_at":1893456000}`, "t", 0, at, nil},
		{"accessToken and expiresAt in milliseconds", JSON{}, `{"accessToken":"t","expiresAt":1893456000000}`, "t", 0, at, nil},
		{"an RFC 3339 expiry", JSON{}, `{"jwt":"t","expiry":"2030-01-01T00:00:00Z"}`, "t", 0, at, nil},
		{"a nested token field", JSON{TokenField: "data.value", ExpiresInField: "data.ttl"}, `{"data":{"value":"t","ttl":30}}`, "t", 30 * time.Second, time.Time{}, nil},
		{"a missing nested field", JSON{TokenField: "data.value"}, `{"data":"t"}`, "", 0, time.Time{}, ErrNoToken},
		{"no token field", JSON{}, `{"expires_in":60}`, "", 0, time.Time{}, ErrNoToken},
		{"a token that is not a string", JSON{}, `{"token":[]}`, "", 0, time.Time{}, ErrMalformedResponse},
		{"not an object", JSON{}, `"t"`, "", 0, time.Time{}, ErrMalformedResponse},
		{"a negative lifetime", JSON{}, `{"token":"t","expires_in":-5}`, "", 0, time.Time{}, ErrAlreadyExpired},
		{"a negative lifetime as a string", JSON{}, `{"token":"t","ttl":"-0.5"}`, "", 0, time.Time{}, ErrAlreadyExpired},
		{"a lifetime of zero says nothing", JSON{}, `{"token":"t","expires_in":0}`, "t", 0, time.Time{}, nil},
		{"a lifetime that is not a number says nothing", JSON{}, `{"token":"t","expires_in":"soon"}`, "t", 0, time.Time{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := c.p.Parse(&Response{StatusCode: 200, Body: []byte(c.body)})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.Value != c.value || g.ExpiresIn != c.in || !g.ExpiresAt.Equal(c.at) {
				t.Errorf("grant = %+v", g)
			}
		})
	}
}

func TestJSONAndDetectDescribeTheRequest(t *testing.T) {
	req, _ := JSON{Method: "POST", Body: []byte(`{"a":1}`)}.NewRequest("https://x/t")
	if req.Method != "POST" || string(req.Body) != `{"a":1}` || req.Header["Content-Type"] != "application/json" {
		t.Errorf("JSON POST request = %+v", req)
	}
	req, _ = Detect{}.NewRequest("https://x/t")
	if req.Method != "GET" || req.Body != nil {
		t.Errorf("Detect request = %+v", req)
	}
}

func TestDetectReadsJSONOrText(t *testing.T) {
	for body, want := range map[string]string{
		` {"token":"a"}`:   "a",
		"b\n":              "b",
		`{"rtcToken":"c"}`: "c",
	} {
		g, err := Detect{}.Parse(&Response{StatusCode: 200, Body: []byte(body)})
		if err != nil || g.Value != want {
			t.Errorf("Detect.Parse(%q) = %q, %v; want %q", body, g.Value, err, want)
		}
	}
	if _, err := (Detect{}).Parse(&Response{StatusCode: 200, Body: []byte(`{"x":1}`)}); !errors.Is(err, ErrNoToken) {
		t.Errorf("Detect.Parse of an object with no token: %v", err)
	}
}

func FuzzJSONParse(f *testing.F) {
	for _, s := range []string{`{"token":"t","expires_in":60,"expires_at":"2030-01-01T00:00:00Z"}`, `{"a":{"b":1e400}}`, `{"exp":-1}`, `{`} {
		f.Add([]byte(s), "")
		f.Add([]byte(s), "a.b")
	}
	f.Fuzz(func(t *testing.T, body []byte, field string) {
		g, err := JSON{TokenField: field, ExpiresInField: field}.Parse(&Response{StatusCode: 200, Body: body})
		if err == nil && g.ExpiresIn < 0 {
			t.Fatalf("negative lifetime %v", g.ExpiresIn)
		}
		checkDetect(t, body)
	})
}

func TestJSONSyntaxErrorIsReportedAsSuch(t *testing.T) {
	for body, want := range map[string]string{
		`{"token":"abc.def",}`: "renewer: malformed token server response: invalid JSON",
		`["abc.def"]`:          "renewer: malformed token server response: not a JSON object",
	} {
		_, err := JSON{}.Parse(&Response{StatusCode: 200, Body: []byte(body)})
		if !errors.Is(err, ErrMalformedResponse) || err.Error() != want {
			t.Errorf("Parse(%s) = %v; want %q matching ErrMalformedResponse", body, err, want)
		}
	}
}
