//go:build !js

package renewer

// defaultRefreshBefore is the renewal lead when Config.RefreshBefore is
// zero: none fixed, so the schedule's automatic lead applies (a tenth of the
// lifetime, from 1 to 10 minutes).
const defaultRefreshBefore = 0
