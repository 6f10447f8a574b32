package main

import (
	"fmt"
	"runtime/metrics"
	"sync"
	"time"
)

// watchMemory samples the heap until the returned function is called, which stops it and
// describes the peak: the largest heap of live and not yet swept objects seen (sampled every
// 50 ms, from runtime/metrics) and the process's maximum resident set size (getrusage).
func watchMemory() func() string {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	var (
		mu         sync.Mutex
		heap, held uint64
	)
	read := func() {
		metrics.Read(sample)
		mu.Lock()
		heap, held = max(heap, sample[0].Value.Uint64()), max(held, sample[1].Value.Uint64())
		mu.Unlock()
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() string {
		close(stop)
		<-done
		read()
		mu.Lock()
		defer mu.Unlock()
		out := fmt.Sprintf("peak heap %.1f MiB (Go runtime total %.1f MiB)", mib(heap), mib(held))
		if rss, cpu, ok := usage(); ok {
			out += fmt.Sprintf(", max RSS %.1f MiB, CPU %s", mib(rss), cpu.Round(time.Millisecond))
		}
		return out
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
