package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/shopspring/decimal"
)

// testConfig is a smaller month than the default, so the test stays fast (it runs twice, under
// -race in CI), with a seed under which every kind of trouble the report shows happens at least
// once. If a change to the simulation leaves one out, pick another seed rather than fewer checks.
var testConfig = Config{Seed: 1, Orders: 50, Month: time.Date(2026, 3, 1, 0, 0, 0, 0, local)}

// TestMonth runs the simulation on an SQLite file, as `go run ./examples/dealership` does, and on
// the memory store, side by side. Each month's figures must agree with what the simulation did,
// and the two reports must be identical: the example's figures do not depend on the adapter.
func TestMonth(t *testing.T) {
	var mu sync.Mutex
	reports := map[string]string{}
	t.Run("store", func(t *testing.T) {
		for _, name := range []string{"sqlite", "memory"} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				var store Store = memory.New()
				if name == "sqlite" {
					s, closeStore, _, err := openStore(ctx, filepath.Join(t.TempDir(), "month.db"))
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() {
						if err := closeStore(); err != nil {
							t.Error(err)
						}
					})
					store = s
				}
				m, st, err := simulate(ctx, store, testConfig)
				if err != nil {
					t.Fatal(err)
				}
				checkMonth(t, m, st)
				var out bytes.Buffer
				WriteReport(&out, m)
				for _, s := range sections() {
					if !strings.Contains(out.String(), s.Title) {
						t.Errorf("report lacks section %q", s.Title)
					}
				}
				mu.Lock()
				reports[name] = out.String()
				mu.Unlock()
			})
		}
	})
	if a, b := reports["memory"], reports["sqlite"]; a != b {
		t.Errorf("memory and SQLite reports differ:\n--- memory\n%s\n--- sqlite\n%s", a, b)
	}
}

func checkMonth(t *testing.T, m *Month, st stats) {
	t.Helper()
	k := m.KPIs

	// Counts add up.
	if k.Orders != st.Arrivals || k.Orders != len(m.Orders) {
		t.Errorf("orders: KPIs %d, listed %d, opened by the simulation %d", k.Orders, len(m.Orders), st.Arrivals)
	}
	inStates := 0
	for _, n := range m.States {
		inStates += n
	}
	if inStates != k.Orders {
		t.Errorf("orders by state add up to %d, want %d", inStates, k.Orders)
	}
	if got := m.States[aftersales.StateDelivered] + m.States[aftersales.StateClosed]; got != k.Delivered {
		t.Errorf("delivered: KPIs %d, by state %d", k.Delivered, got)
	}
	if k.Cancelled != st.Cancelled || m.States[aftersales.StateCancelled] != st.Cancelled {
		t.Errorf("cancelled: KPIs %d, by state %d, simulated %d", k.Cancelled, m.States[aftersales.StateCancelled], st.Cancelled)
	}
	if k.Reworks != st.FailedInspections {
		t.Errorf("reworks %d, simulated failed inspections %d", k.Reworks, st.FailedInspections)
	}
	// §4.3.2: each proposal is a labour and a part line, decided together.
	if k.ExtraWorkApproval.Num != 2*st.ExtraApproved || k.ExtraWorkApproval.Den != 2*(st.ExtraApproved+st.ExtraDeclined) {
		t.Errorf("extra work %d/%d lines, simulated %d approved and %d declined proposals",
			k.ExtraWorkApproval.Num, k.ExtraWorkApproval.Den, st.ExtraApproved, st.ExtraDeclined)
	}
	if k.Comebacks > st.Comebacks {
		t.Errorf("%d comebacks, but only %d returns were simulated", k.Comebacks, st.Comebacks)
	}
	jobs := 0
	for _, e := range k.Technicians {
		jobs += e.Jobs
		if !e.StandardHours.IsPositive() || !e.ClockedHours.IsPositive() {
			t.Errorf("technician %s: %s standard, %s clocked hours", m.Names[e.Technician], e.StandardHours, e.ClockedHours)
		}
	}
	if jobs != k.OnTime.Den {
		t.Errorf("technicians' jobs add up to %d, completed jobs %d", jobs, k.OnTime.Den)
	}

	// Rates are fractions.
	for name, r := range map[string]aftersales.Rate{"on time": k.OnTime, "extra work": k.ExtraWorkApproval, "first pass": k.FirstPassQC} {
		if !r.Measured() || r.Num < 0 || r.Num > r.Den || r.Value().IsNegative() || r.Value().GreaterThan(decimal.NewFromInt(1)) {
			t.Errorf("%s rate %d/%d = %s is not a measured fraction", name, r.Num, r.Den, r.Value())
		}
	}
	if k.MeanTimeToGreet <= 0 || k.MeanTimeToGreet > k.MaxTimeToGreet {
		t.Errorf("time to greet: mean %s, max %s", k.MeanTimeToGreet, k.MaxTimeToGreet)
	}

	// Revenue is the sum of the statements, to the cent.
	want := map[aftersales.PayType]decimal.Decimal{}
	for _, o := range m.Orders {
		if s := o.Statement(); s != nil {
			for _, tot := range s.Totals {
				want[tot.PayType] = want[tot.PayType].Add(tot.Labour).Add(tot.Parts)
			}
		}
	}
	for _, p := range aftersales.PayTypes() {
		r := m.KPIs.Revenue[p]
		if got := r.Labour.Add(r.Parts); !got.Equal(want[p]) {
			t.Errorf("%s revenue %s, statements add up to %s", p, got, want[p])
		}
		if !want[p].IsPositive() {
			t.Errorf("no %s revenue: the month should have every pay type", p)
		}
	}

	// The feed delivers every event once, in order, and tells the same story.
	e := m.Events
	if e.Gaps != 0 || e.FirstSeq != 1 || int64(e.Count) != e.LastSeq {
		t.Errorf("feed: %d events, seq %d..%d, %d gaps", e.Count, e.FirstSeq, e.LastSeq, e.Gaps)
	}
	for typ, want := range map[string]int{
		"repair_order.opened":            k.Orders,
		"repair_order.cancelled":         k.Cancelled,
		"repair_order.delivered":         k.Delivered,
		"repair_order.comeback":          k.Comebacks,
		"repair_order.inspection_failed": k.Reworks,
	} {
		if e.ByType[typ] != want {
			t.Errorf("feed has %d %s events, want %d", e.ByType[typ], typ, want)
		}
	}

	// The month is not trivial: every kind of trouble the report shows happened.
	for what, n := range map[string]int{"cancellations": k.Cancelled, "reworks": k.Reworks, "comebacks": k.Comebacks,
		"declined extra work": st.ExtraDeclined, "approved extra work": st.ExtraApproved,
		"late jobs": k.OnTime.Den - k.OnTime.Num, "objections": st.Objections} {
		if n == 0 {
			t.Errorf("no %s in the simulated month", what)
		}
	}
}
