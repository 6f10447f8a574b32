//go:build unix

package main

import (
	"runtime"
	"syscall"
	"time"
)

// usage returns the process's maximum resident set size and the CPU time it used (user and system).
func usage() (maxRSS uint64, cpu time.Duration, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, false
	}
	maxRSS = uint64(ru.Maxrss)
	if runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		maxRSS *= 1024 // kilobytes everywhere but Apple's systems, which give bytes
	}
	return maxRSS, time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
