//go:build js

package renewer

import "time"

// defaultRefreshBefore is the browser's renewal lead when Config.RefreshBefore
// is zero: five minutes (still at most 40% of the lifetime, and never before
// half of it). A hidden tab runs timers at most once a minute, so the lead
// must hold a few throttled minutes and a retry or two; the automatic lead
// of native builds can be as short as one throttled tick.
const defaultRefreshBefore = 5 * time.Minute
