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
// (TestFleetStocktakeWhileTheWorkshopWorks covers the stocktake's edge at 8 and 20 arrivals.)
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

// TestFleetStocktakeWhileTheWorkshopWorks: the month-end count (§3.4.4) goes on while the workshop
// picks parts. A shortage the count found is gone from the shelf though the book holds it until
// approval, so no pick takes it meanwhile, and a recount finds the shelf the first count found.
// Without that, this seed stopped in the eleventh month at 8 and at 20 arrivals: a pick took
// stock the count had found missing and the approval's adjustment had too little left to take
// (parts.ErrInsufficientStock); and other seeds stopped at submission when a recount, capped
// anew by what had been reserved since, disagreed with the first count ("needs a recount").
func TestFleetStocktakeWhileTheWorkshopWorks(t *testing.T) {
	for _, c := range []struct {
		seed   uint64
		orders int
	}{{8, 8}, {8, 20}, {2, 8}, {3, 20}} {
		var w bytes.Buffer
		cfg := Config{Seed: c.seed, Orders: c.orders, Month: testConfig.Month}
		if err := runFleet(context.Background(), &w, memory.New(), "test", cfg, Fleet{Dealers: 1, Months: 12, Parallel: 1}); err != nil {
			t.Errorf("seed %d, %d arrivals a month: %v", c.seed, c.orders, err)
		}
	}
}
