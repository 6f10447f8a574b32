package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealerkit/dealerkit/adapters/memory"
)

// fleetConfig is a short month, so several dealerships and months stay quick under -race.
var fleetConfig = Config{Seed: testConfig.Seed, Orders: 8, Month: testConfig.Month}

func runOn(t *testing.T, store Store, f Fleet) string {
	t.Helper()
	var out bytes.Buffer
	if err := runFleet(context.Background(), &out, store, "test", fleetConfig, f); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestFleetParallelism: the reports of several dealerships over consecutive months, and their
// totals, are the same whether the dealerships are simulated one at a time or four at once, on
// the memory store and on SQLite.
func TestFleetParallelism(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		one := runOn(t, memory.New(), Fleet{Dealers: 3, Months: 2, Parallel: 1})
		four := runOn(t, memory.New(), Fleet{Dealers: 3, Months: 2, Parallel: 4})
		if one != four {
			t.Errorf("-parallel 1 and 4 differ:\n--- 1\n%s\n--- 4\n%s", one, four)
		}
		if n := strings.Count(one, "\n### dealership ") + strings.Count(one[:4], "###"); n != 6 {
			t.Errorf("%d dealership-month reports, want 6", n)
		}
		if !strings.Contains(one, "Combined: 3 dealerships × 2 months") || !strings.Contains(one, "dealer-months                6") {
			t.Errorf("no combined totals over 6 dealer-months:\n%s", one[max(0, len(one)-800):])
		}
	})
	t.Run("sqlite", func(t *testing.T) {
		outs := map[int]string{}
		for _, p := range []int{1, 4} {
			store, closeStore, _, err := openStore(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
			if err != nil {
				t.Fatal(err)
			}
			outs[p] = runOn(t, store, Fleet{Dealers: 3, Months: 1, Parallel: p})
			if err := closeStore(); err != nil {
				t.Fatal(err)
			}
		}
		if outs[1] != outs[4] {
			t.Errorf("-parallel 1 and 4 differ on SQLite:\n--- 1\n%s\n--- 4\n%s", outs[1], outs[4])
		}
	})
}

// TestFleetDealers: each dealership has its own id and its own history, and shares nothing with
// the others in the store: the first dealership's month among three is the month it has alone, and
// one dealership for one month prints exactly the single month's report.
func TestFleetDealers(t *testing.T) {
	ctx := context.Background()
	alone := runOn(t, memory.New(), Fleet{Dealers: 1, Months: 1, Parallel: 1})
	m, _, err := simulate(ctx, memory.New(), fleetConfig)
	if err != nil {
		t.Fatal(err)
	}
	m.Store = "test"
	var want bytes.Buffer
	WriteReport(&want, m)
	if alone != want.String() {
		t.Errorf("one dealership, one month is not the single month's report:\n--- fleet\n%s\n--- month\n%s", alone, want.String())
	}

	three := runOn(t, memory.New(), Fleet{Dealers: 3, Months: 1, Parallel: 3})
	reports := strings.Split(three, "### dealership ")[1:]
	if len(reports) != 3 {
		t.Fatalf("%d reports, want 3", len(reports))
	}
	ids := map[string]bool{}
	bodies := map[string]bool{}
	for i, r := range reports {
		head, body, _ := strings.Cut(r, "\n")
		id := dealerFor(fleetConfig.Seed, i).String()
		if !strings.Contains(head, id) {
			t.Errorf("report %d is headed %q, not dealership %s", i+1, head, id)
		}
		ids[id] = true
		body, _, _ = strings.Cut(body, "\nCombined: ")
		body = strings.TrimSuffix(body, "\n")
		if i == 0 && body != alone {
			t.Errorf("dealership 1 among three differs from dealership 1 alone:\n--- among three\n%s\n--- alone\n%s", body, alone)
		}
		bodies[body] = true
	}
	if len(ids) != 3 || len(bodies) != 3 {
		t.Errorf("%d distinct dealership ids and %d distinct histories among 3", len(ids), len(bodies))
	}
	if again := dealerFor(fleetConfig.Seed, 1); dealerFor(1, 0) == dealerFor(2, 0) || again.String() != strings.Split(reports[1], " ")[3][1:37] {
		t.Errorf("dealer ids are not a function of the seed and the index: %s, %q", again, reports[1][:80])
	}
}
