package tokeninfo_test

import (
	"fmt"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// Inspect reads an Agora AccessToken2 without its app certificate: here the
// test token of Agora's own token tests.
func ExampleInspect() {
	const token = "007eJxSYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxoAAAAD//8JqJOM="
	info, err := tokeninfo.Inspect(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Format, info.AppID)
	fmt.Println("issued ", info.IssuedAt.UTC().Format(time.RFC3339))
	fmt.Println("expires", info.ExpiresAt.UTC().Format(time.RFC3339), info.ExpiresAt.Sub(info.IssuedAt))
	for _, s := range info.Services {
		fmt.Printf("%s channel=%s uid=%s join until %s\n", s.Name, s.Channel, s.UID, s.Privileges[1].UTC().Format(time.RFC3339))
	}
	// Output:
	// agora-007 970CA35de60c44645bbae8a215061b33
	// issued  1970-01-13T20:38:31Z
	// expires 1970-01-13T20:48:31Z 10m0s
	// rtc channel=7d72365eb983485397e3e3f9d460bdda uid=2882341273 join until 1970-01-13T20:48:31Z
}
