//go:build race

package sqlstore_test

// raceEnabled: the race detector slows SQLite (transpiled C) about tenfold, so tests that repeat
// work for a statistical effect repeat it less; the run without -race is the one that proves.
const raceEnabled = true
