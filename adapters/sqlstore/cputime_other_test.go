//go:build !unix

package sqlstore_test

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
