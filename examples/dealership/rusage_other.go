//go:build !unix

package main

import "time"

// usage is not available here: the report gives the sampled heap only.
func usage() (uint64, time.Duration, bool) { return 0, 0, false }
