package main

import (
	"fmt"
	"time"
)

// durationUnits are the units humanDuration writes, largest first; a year
// is 365 days.
var durationUnits = [...]struct {
	name string
	d    time.Duration
}{
	{"year", 365 * 24 * time.Hour},
	{"day", 24 * time.Hour},
	{"hour", time.Hour},
	{"minute", time.Minute},
	{"second", time.Second},
}

// humanDuration writes the length of d (its sign dropped) for a person, in
// its two largest units with the smaller cut, not rounded: "6 years 342
// days", "3 days 5 hours", "4 minutes 20 seconds", "1 hour", "0 seconds".
func humanDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	last := len(durationUnits) - 1
	i := 0
	for i < last && d < durationUnits[i].d {
		i++
	}
	n := d / durationUnits[i].d
	s := plural(int64(n), durationUnits[i].name, durationUnits[i].name+"s")
	if i < last {
		next := durationUnits[i+1]
		if m := (d - n*durationUnits[i].d) / next.d; m > 0 {
			s += " " + plural(int64(m), next.name, next.name+"s")
		}
	}
	return s
}

// plural writes n and what it counts: one when n is 1, else many.
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
