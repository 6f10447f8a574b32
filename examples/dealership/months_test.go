package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
)

// TestFleetYearAndAMonth: a dealership plays thirteen consecutive months (§7.1, §7.3): the
// training file's monthly round reviews and renews the certificates that fall due, so the shop
// floor stays qualified. Without it the run stopped in the seventh month with "nobody holds
// high-voltage" (Li Na's and then Wang Fang's electrician reviews lapsed), and in the thirteenth
// with "nobody holds" any skill (the shop floor's workshop safety training lapsed at midnight).
//
// 40 arrivals a month: with 8 or 20 this seed's eleventh month stops at the stocktake instead
// (a planted shortage counted, then issued past by the book before approval: parts.ErrInsufficientStock),
// a separate edge of the simulation's world that this test does not cover.
func TestFleetYearAndAMonth(t *testing.T) {
	var w bytes.Buffer
	cfg := Config{Seed: testConfig.Seed, Orders: 40, Month: testConfig.Month}
	if err := runFleet(context.Background(), &w, memory.New(), "test", cfg, Fleet{Dealers: 1, Months: 13, Parallel: 1}); err != nil {
		t.Fatal(err)
	}
	out := w.String()
	if n := strings.Count(out, "### dealership 1 of 1"); n != 13 {
		t.Errorf("%d month reports, want 13", n)
	}
	if !strings.Contains(out, "dealer-months                13") {
		t.Errorf("no combined totals over 13 dealer-months:\n%s", out[max(0, len(out)-800):])
	}
}
