package wire

import (
	"strings"
	"time"
)

// The dates a token server sends are read here instead of with time.Parse,
// whose layout interpreter is about 15 KB of the browser build (gzip). Each
// reader accepts a subset of what time.Parse accepts with the matching
// layout, gives the same instant, and reads every string that layout
// formats; the fuzz targets in date_test.go hold them to that.

// HTTPDate reads an HTTP date in the three forms RFC 9110 (section 5.6.7)
// has recipients accept, all in GMT:
//
//	Sun, 06 Nov 1994 08:49:37 GMT    IMF-fixdate
//	Sunday, 06-Nov-94 08:49:37 GMT   RFC 850 (years 69-99 are 19xx, 00-68 20xx)
//	Sun Nov  6 08:49:37 1994         asctime
//
// Names are case-sensitive and fields fixed-width, as the RFC writes them;
// the weekday must be a weekday's name but is not checked against the date.
// It returns false for anything else, a zone other than GMT included.
func HTTPDate(s string) (time.Time, bool) {
	wd, rest, ok := strings.Cut(s, " ")
	if !ok {
		return time.Time{}, false
	}
	var year, month, day int
	var clock string
	switch {
	case len(wd) == 4 && wd[3] == ',' && isWeekday(wd[:3]):
		// 06 Nov 1994 08:49:37 GMT
		if len(rest) != 24 || rest[2] != ' ' || rest[6] != ' ' || rest[11] != ' ' || rest[20:] != " GMT" {
			return time.Time{}, false
		}
		day, month, year, clock = digits(rest[0:2]), monthNumber(rest[3:6]), digits(rest[7:11]), rest[12:20]
	case len(wd) > 4 && wd[len(wd)-1] == ',' && isLongWeekday(wd[:len(wd)-1]):
		// 06-Nov-94 08:49:37 GMT
		if len(rest) != 22 || rest[2] != '-' || rest[6] != '-' || rest[9] != ' ' || rest[18:] != " GMT" {
			return time.Time{}, false
		}
		day, month, year, clock = digits(rest[0:2]), monthNumber(rest[3:6]), digits(rest[7:9]), rest[10:18]
		if year >= 69 {
			year += 1900
		} else if year >= 0 {
			year += 2000
		}
	case len(wd) == 3 && isWeekday(wd):
		// Nov  6 08:49:37 1994
		if len(rest) != 20 || rest[3] != ' ' || rest[6] != ' ' || rest[15] != ' ' {
			return time.Time{}, false
		}
		dd := rest[4:6]
		if dd[0] == ' ' {
			dd = dd[1:]
		}
		month, day, clock, year = monthNumber(rest[0:3]), digits(dd), rest[7:15], digits(rest[16:20])
	default:
		return time.Time{}, false
	}
	if len(clock) != 8 || clock[2] != ':' || clock[5] != ':' {
		return time.Time{}, false
	}
	return date(year, month, day, digits(clock[0:2]), digits(clock[3:5]), digits(clock[6:8]), 0)
}

// RFC3339 reads an RFC 3339 time as time.RFC3339Nano formats it:
// 2006-01-02T15:04:05, any fraction of a second (digits past the ninth are
// ignored), then Z or an offset ±hh:mm. Letters are upper case. It returns
// the instant in UTC, or false for anything else.
func RFC3339(s string) (time.Time, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, month, day := digits(s[0:4]), digits(s[5:7]), digits(s[8:10])
	hour, minute, sec := digits(s[11:13]), digits(s[14:16]), digits(s[17:19])
	s = s[19:]
	nsec := 0
	if len(s) >= 2 && s[0] == '.' && isDigit(s[1]) {
		n := 1
		for ; n < len(s) && isDigit(s[n]); n++ {
			if n <= 9 {
				nsec = nsec*10 + int(s[n]-'0')
			}
		}
		for i := n; i <= 9; i++ {
			nsec *= 10
		}
		s = s[n:]
	}
	offset := 0
	switch {
	case s == "Z":
	case len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':':
		h, m := digits(s[1:3]), digits(s[4:6])
		if h < 0 || h > 23 || m < 0 || m > 59 {
			return time.Time{}, false
		}
		offset = h*3600 + m*60
		if s[0] == '+' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t, ok := date(year, month, day, hour, minute, sec, nsec)
	if !ok {
		return time.Time{}, false
	}
	return t.Add(time.Duration(offset) * time.Second), true
}

// date builds a UTC time from fields that each must be in range (a negative
// field is one that did not parse): years 0-9999, a day that exists in its
// month, no leap second.
func date(year, month, day, hour, minute, sec, nsec int) (time.Time, bool) {
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 ||
		minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day { // Feb 30 normalises to a day in March
		return time.Time{}, false
	}
	return t, true
}

// digits reads s as a decimal of digits only; -1 if it is anything else.
func digits(s string) int {
	if s == "" {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// monthNumber is 1 for "Jan" through 12 for "Dec"; -1 for anything else.
func monthNumber(s string) int {
	const months = "JanFebMarAprMayJunJulAugSepOctNovDec"
	for i := 0; i < len(months); i += 3 {
		if months[i:i+3] == s {
			return i/3 + 1
		}
	}
	return -1
}

func isWeekday(s string) bool {
	const days = "SunMonTueWedThuFriSat"
	for i := 0; i < len(days); i += 3 {
		if days[i:i+3] == s {
			return true
		}
	}
	return false
}

func isLongWeekday(s string) bool {
	switch s {
	case "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday":
		return true
	}
	return false
}
