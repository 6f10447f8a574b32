package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"sync"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Fleet is how many dealerships and months one run simulates, and how many dealerships play at
// once. Each dealership keeps its own history under its own id in the one store; its months are
// consecutive and play in order.
type Fleet struct {
	Dealers  int // dealerships, each with its own id and random streams (Config.Index)
	Months   int // consecutive months per dealership, from Config.Month
	Parallel int // dealerships simulated at once; the output does not depend on it
}

// dealerFor is the id of the dealership at index among those a seed simulates: a version 4 UUID
// drawn from a hash of both, so runs compare and dealerships never share an id.
func dealerFor(seed uint64, index int) dealerkit.DealerID {
	var in [8 + 8 + 16]byte
	copy(in[16:], "dealerkit dealer")
	binary.BigEndian.PutUint64(in[:8], seed)
	binary.BigEndian.PutUint64(in[8:16], uint64(index))
	sum := sha256.Sum256(in[:])
	var id uuid.UUID
	copy(id[:], sum[:16])
	id[6] = id[6]&0x0f | 0x40 // version 4
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	return dealerkit.DealerID(id)
}

// Totals are the figures the run adds up over every dealership and month.
type Totals struct {
	DealerMonths                            int
	Orders, Delivered, Cancelled, Comebacks int
	Revenue                                 map[aftersales.PayType]aftersales.Revenue
	Complaints                              int
	Events                                  int // in the dealerships' feeds at the end of the run
}

func (t *Totals) add(m *Month, last bool) {
	k := m.KPIs
	t.DealerMonths++
	t.Orders += k.Orders
	t.Delivered += k.Delivered
	t.Cancelled += k.Cancelled
	t.Comebacks += k.Comebacks
	if t.Revenue == nil {
		t.Revenue = map[aftersales.PayType]aftersales.Revenue{}
	}
	for p, r := range k.Revenue {
		sum := t.Revenue[p]
		sum.Labour, sum.Parts = sum.Labour.Add(r.Labour), sum.Parts.Add(r.Parts)
		t.Revenue[p] = sum
	}
	t.Complaints += m.Complaints.Complaints
	if last { // each month's feed summary counts the dealership's log from its start
		t.Events += m.Events.Count
	}
}

func (t *Totals) merge(o Totals) {
	t.DealerMonths += o.DealerMonths
	t.Orders += o.Orders
	t.Delivered += o.Delivered
	t.Cancelled += o.Cancelled
	t.Comebacks += o.Comebacks
	if t.Revenue == nil {
		t.Revenue = map[aftersales.PayType]aftersales.Revenue{}
	}
	for p, r := range o.Revenue {
		sum := t.Revenue[p]
		sum.Labour, sum.Parts = sum.Labour.Add(r.Labour), sum.Parts.Add(r.Parts)
		t.Revenue[p] = sum
	}
	t.Complaints += o.Complaints
	t.Events += o.Events
}

// writeTotals prints the combined figures after the dealerships' reports.
func writeTotals(w io.Writer, f Fleet, t Totals) {
	title := fmt.Sprintf("Combined: %d dealerships × %d months", f.Dealers, f.Months)
	fmt.Fprintf(w, "\n%s\n%s\n", title, bytes.Repeat([]byte("="), len([]rune(title))))
	fmt.Fprintf(w, "%-28s %d\n", "dealer-months", t.DealerMonths)
	fmt.Fprintf(w, "%-28s %d\n", "orders opened", t.Orders)
	fmt.Fprintf(w, "%-28s %d\n", "delivered", t.Delivered)
	fmt.Fprintf(w, "%-28s %d\n", "cancelled", t.Cancelled)
	fmt.Fprintf(w, "%-28s %d\n", "comebacks", t.Comebacks)
	fmt.Fprintf(w, "%-28s %d\n", "complaints received", t.Complaints)
	fmt.Fprintf(w, "%-28s %d\n", "events in the feeds", t.Events)
	fmt.Fprintf(w, "%-12s %14s %14s %14s\n", "pay type", "labour", "parts", "total")
	labour, parts := decimal.Zero, decimal.Zero
	for _, p := range aftersales.PayTypes() {
		r, ok := t.Revenue[p]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "%-12s %14s %14s %14s\n", p, r.Labour.StringFixed(2), r.Parts.StringFixed(2), r.Labour.Add(r.Parts).StringFixed(2))
		labour, parts = labour.Add(r.Labour), parts.Add(r.Parts)
	}
	fmt.Fprintf(w, "%-12s %14s %14s %14s\n", "all", labour.StringFixed(2), parts.StringFixed(2), labour.Add(parts).StringFixed(2))
}

// simulateDealer plays f.Months consecutive months of the dealership cfg describes on store and
// hands each month, read back at its end, to each.
func simulateDealer(ctx context.Context, store Store, cfg Config, months int, each func(k int, m *Month, st stats) error) error {
	s, err := newSim(store, cfg)
	if err != nil {
		return err
	}
	if err := s.setup(ctx); err != nil {
		return err
	}
	for k := 0; k < months; k++ {
		if k > 0 {
			if err := s.nextMonth(ctx); err != nil {
				return fmt.Errorf("month %d: %w", k+1, err)
			}
		}
		if err := s.play(ctx); err != nil {
			return err
		}
		m, err := s.gather(ctx, store)
		if err != nil {
			return err
		}
		if err := each(k, m, s.stats); err != nil {
			return err
		}
		s.clock = s.end // the appraisal moved the clock into the next month's first days
	}
	return nil
}

// runFleet simulates f's dealerships on store, f.Parallel at a time, and writes their reports in
// dealership order, then the combined totals. One dealership for one month writes exactly the
// single month's report. Each report is rendered as its month ends, so memory holds text, not
// the months' records.
func runFleet(ctx context.Context, w io.Writer, store Store, where string, cfg Config, f Fleet) error {
	if f.Dealers < 1 || f.Months < 1 || f.Parallel < 1 {
		return fmt.Errorf("-dealers, -months and -parallel must be at least 1")
	}
	single := f.Dealers == 1 && f.Months == 1
	type result struct {
		report bytes.Buffer
		totals Totals
		err    error
	}
	results := make([]result, f.Dealers)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(f.Parallel, f.Dealers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := &results[i]
				c := cfg
				c.Index = i
				r.err = simulateDealer(ctx, store, c, f.Months, func(k int, m *Month, _ stats) error {
					m.Store = where
					if !single {
						fmt.Fprintf(&r.report, "### dealership %d of %d (%s), month %d of %d\n", i+1, f.Dealers,
							dealerFor(cfg.Seed, i), k+1, f.Months)
					}
					WriteReport(&r.report, m)
					if !single {
						r.report.WriteString("\n")
					}
					r.totals.add(m, k == f.Months-1)
					return nil
				})
				if r.err != nil {
					r.err = fmt.Errorf("dealership %d: %w", i+1, r.err)
					cancel(r.err) // the first failure is the one reported
				}
			}
		}()
	}
	for i := 0; i < f.Dealers && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	var total Totals
	for i := range results {
		if _, err := results[i].report.WriteTo(w); err != nil {
			return err
		}
		total.merge(results[i].totals)
	}
	if !single {
		writeTotals(w, f, total)
	}
	return nil
}
