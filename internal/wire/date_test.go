package wire

import (
	"testing"
	"time"
)

// httpLayouts are the three HTTP date forms as time.Parse layouts, with the
// zone fixed to GMT as RFC 9110 writes it: the oracle HTTPDate is held to.
var httpLayouts = [...]string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Monday, 02-Jan-06 15:04:05 GMT",
	time.ANSIC,
}

// checkHTTPDate fails t unless HTTPDate agrees with time.Parse on s: what
// HTTPDate reads, time.Parse reads as the same instant with one of the
// layouts, and what one of the layouts formats, HTTPDate reads.
func checkHTTPDate(t *testing.T, s string) {
	t.Helper()
	got, ok := HTTPDate(s)
	agreed := false
	for _, layout := range httpLayouts {
		want, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if ok && got.Equal(want) {
			agreed = true
		}
		if want.Format(layout) == s && (!ok || !got.Equal(want)) {
			t.Fatalf("HTTPDate(%q) = %v, %v; time.Parse(%q) reads %v", s, got, ok, layout, want)
		}
	}
	if ok && !agreed {
		t.Fatalf("HTTPDate(%q) = %v, which no time.Parse layout reads", s, got)
	}
	if ok && got.Location() != time.UTC {
		t.Fatalf("HTTPDate(%q) is in %v, want UTC", s, got.Location())
	}
}

// checkRFC3339 is checkHTTPDate's twin for RFC3339 against time.RFC3339Nano
// and time.RFC3339.
func checkRFC3339(t *testing.T, s string) {
	t.Helper()
	got, ok := RFC3339(s)
	want, err := time.Parse(time.RFC3339Nano, s)
	if ok && (err != nil || !got.Equal(want)) {
		t.Fatalf("RFC3339(%q) = %v; time.Parse reads %v, %v", s, got, want, err)
	}
	_, offset := want.Zone()
	valid := offset > -24*3600 && offset < 24*3600 // RFC 3339 has hours 00-23; time.Parse reads 24 too
	if err == nil && valid && (want.Format(time.RFC3339Nano) == s || want.Format(time.RFC3339) == s) && !ok {
		t.Fatalf("RFC3339(%q) refused what time.RFC3339Nano formats (%v)", s, want)
	}
}

func TestHTTPDate(t *testing.T) {
	want := time.Date(1994, time.November, 6, 8, 49, 37, 0, time.UTC)
	for _, s := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
		"Sun Nov 06 08:49:37 1994",
		"Mon, 06 Nov 1994 08:49:37 GMT", // the weekday is not checked, as in time.Parse
	} {
		if got, ok := HTTPDate(s); !ok || !got.Equal(want) {
			t.Errorf("HTTPDate(%q) = %v, %v; want %v", s, got, ok, want)
		}
		checkHTTPDate(t, s)
	}
	for _, s := range []string{
		"",
		"Sun, 06 Nov 1994 08:49:37 PST", // HTTP dates are GMT; PST is not an offset of zero
		"Sun, 06 Nov 1994 08:49:37 UTC",
		"sun, 06 nov 1994 08:49:37 GMT",
		"Sun, 6 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 8:49:37 GMT",
		"Sun,  06 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 08:49:37.5 GMT",
		"Sun, 30 Feb 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 24:00:00 GMT",
		"Sun, 06 Nov 1994 08:60:00 GMT",
		"Sun, 06 Nov 1994 08:49:60 GMT",
		"Sun, 06 Nov -994 08:49:37 GMT",
		"Sun, 06 Nov 1994 08:49:37 GMT ",
		"Sunday, 06-Nov-1994 08:49:37 GMT",
		"Sun, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994 GMT",
		"Sun Nov 6  08:49:37 1994",
		"Sun Nov +6 08:49:37 1994",
		"Funday, 06-Nov-94 08:49:37 GMT",
		"1994-11-06T08:49:37Z",
	} {
		if got, ok := HTTPDate(s); ok {
			t.Errorf("HTTPDate(%q) = %v; want false", s, got)
		}
		checkHTTPDate(t, s)
	}
}

// TestHTTPDateReadsWhatTimeFormats: every minute-spaced sample of 1969 to
// 2068 (the years an RFC 850 date can name), in each form, reads back.
func TestHTTPDateReadsWhatTimeFormats(t *testing.T) {
	start := time.Date(1969, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2069, time.January, 1, 0, 0, 0, 0, time.UTC)
	// A step that is not a whole number of days, hours or minutes walks
	// through every day of the month, hour and second.
	for at := start; at.Before(end); at = at.Add(7*time.Hour + 13*time.Minute + 17*time.Second) {
		for _, layout := range httpLayouts {
			s := at.Format(layout)
			if got, ok := HTTPDate(s); !ok || !got.Equal(at) {
				t.Fatalf("HTTPDate(%q) = %v, %v; want %v", s, got, ok, at)
			}
		}
	}
}

func TestRFC3339(t *testing.T) {
	for s, want := range map[string]time.Time{
		"2026-11-30T10:27:49Z":                time.Date(2026, 11, 30, 10, 27, 49, 0, time.UTC),
		"2026-11-30T10:27:49.5Z":              time.Date(2026, 11, 30, 10, 27, 49, 500_000_000, time.UTC),
		"2026-11-30T10:27:49.123456789012Z":   time.Date(2026, 11, 30, 10, 27, 49, 123_456_789, time.UTC),
		"2026-11-30T16:57:49+06:30":           time.Date(2026, 11, 30, 10, 27, 49, 0, time.UTC),
		"2026-11-29T23:27:49-11:00":           time.Date(2026, 11, 30, 10, 27, 49, 0, time.UTC),
		"2024-02-29T00:00:00.000000001+00:00": time.Date(2024, 2, 29, 0, 0, 0, 1, time.UTC),
	} {
		if got, ok := RFC3339(s); !ok || !got.Equal(want) {
			t.Errorf("RFC3339(%q) = %v, %v; want %v", s, got, ok, want)
		}
		checkRFC3339(t, s)
	}
	for _, s := range []string{
		"",
		"2026-11-30T10:27:49",
		"2026-11-30 10:27:49Z",
		"2026-11-30t10:27:49z",
		"2026-11-30T10:27:49.Z",
		"2026-11-30T10:27:49+0630",
		"2026-11-30T10:27:49+24:00",
		"2026-11-30T10:27:49+06:60",
		"2025-02-29T00:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-11-30T24:00:00Z",
		"2026-11-30T10:27:60Z",
		"+026-11-30T10:27:49Z",
		"2026-11-30T10:27:49Z ",
		"1764498469",
	} {
		if got, ok := RFC3339(s); ok {
			t.Errorf("RFC3339(%q) = %v; want false", s, got)
		}
		checkRFC3339(t, s)
	}
}

// FuzzHTTPDate: HTTPDate reads only what time.Parse reads with an HTTP
// layout, as the same instant, and reads all that those layouts format.
func FuzzHTTPDate(f *testing.F) {
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994", "Sun Nov 16 08:49:37 1994", "Thu, 29 Feb 2024 23:59:59 GMT",
		"Sun, 06 Nov 1994 08:49:37 PST", "Sunday, 06-Nov-68 08:49:37 GMT", "Sun, 06 Nov 0000 00:00:00 GMT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkHTTPDate(t, s)
	})
}

// FuzzHTTPDateFormatted: any second from 1969 to 2068, formatted in each
// HTTP form, reads back as itself.
func FuzzHTTPDateFormatted(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(784111777))
	f.Add(int64(-31536000))
	f.Fuzz(func(t *testing.T, sec int64) {
		lo := time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		hi := time.Date(2069, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		at := time.Unix(lo+(sec%(hi-lo)+(hi-lo))%(hi-lo), 0).UTC()
		for _, layout := range httpLayouts {
			checkHTTPDate(t, at.Format(layout))
		}
	})
}

// FuzzRFC3339: RFC3339 reads only what time.Parse reads with
// time.RFC3339Nano, as the same instant, and reads all that it formats.
func FuzzRFC3339(f *testing.F) {
	for _, s := range []string{"2026-11-30T10:27:49Z", "2026-11-30T10:27:49.123456789+05:30",
		"2026-11-30T10:27:49.1234567890123-00:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
		"2026-11-30T10:27:49,5Z", "2026-11-30T1:27:49Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkRFC3339(t, s)
	})
}

// FuzzRFC3339Formatted: any instant in years 0 to 9999, at any of the
// offsets time can format, reads back as itself.
func FuzzRFC3339Formatted(f *testing.F) {
	f.Add(int64(0), int32(0), int32(0))
	f.Add(int64(1764498469), int32(123456789), int32(19800))
	f.Fuzz(func(t *testing.T, sec int64, nsec, offset int32) {
		lo := time.Date(0, 1, 2, 0, 0, 0, 0, time.UTC).Unix()
		hi := time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
		sec = lo + (sec%(hi-lo)+(hi-lo))%(hi-lo)
		nsec = (nsec%1e9 + 1e9) % 1e9
		offset = offset % 86340 / 60 * 60 // whole minutes, under 24 h either way
		at := time.Unix(sec, int64(nsec)).In(time.FixedZone("", int(offset)))
		for _, layout := range [...]string{time.RFC3339Nano, time.RFC3339} {
			s := at.Format(layout)
			checkRFC3339(t, s)
			if got, ok := RFC3339(s); !ok || !got.Equal(at.Truncate(layoutUnit(layout))) {
				t.Fatalf("RFC3339(%q) = %v, %v; want %v", s, got, ok, at)
			}
		}
	})
}

// layoutUnit is the precision layout keeps.
func layoutUnit(layout string) time.Duration {
	if layout == time.RFC3339 {
		return time.Second
	}
	return time.Nanosecond
}
