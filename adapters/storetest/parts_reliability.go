package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The reliability tests of the parts ledger (issue: "Reliability tests"). They run parts.Service
// over the adapter, as a host does, and the repository directly where the Service has no use
// case for the operation (random postings). Run them with the race detector.

func partsReliabilityTests() []partsTest {
	return []partsTest{
		{"§3.4(1) 64 goroutines issue the last unit, 20 rounds: exactly one wins each round, the rest are refused for want of stock", testLastUnit},
		{"§3.4(1) random concurrent receipts, issues, returns, adjustments and holds over two dealers keep the books", testRandomLedger},
		{"§3.4(1) 16 concurrent issues under one idempotency key give one movement and identical results", testSameKey},
		{"§3.4.3 two repair orders picking {A, B} and {B, A} at once, 100 times: no deadlock reaches the caller, totals right", testOppositePicks},
		{"§3.4(1) a failure between the stock change and the movement insert leaves nothing persisted", testPostFault},
		{"§3.4.3, §4.2.1 one door: random sequences of service calls never leave stock held for a cancelled order or a line not approved, and reservations and books agree after every step", testOneDoor},
		{"§2 a customer reaches only their own repair orders through every service call; another customer's is not found", testCustomerReach},
	}
}

// together runs n goroutines that begin together, and waits for them.
func together(n int, fn func(i int)) {
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-gate
			fn(i)
		})
	}
	close(gate)
	wg.Wait()
}

// testLastUnit posts the issues straight to the repository, each in a transaction of its own:
// the race is the store's, and 1,280 calls stay quick on SQLite under the race detector. Issues
// through parts.Service race in testSameKey and testOppositePicks.
func testLastUnit(t *testing.T, f *partsFixture) {
	const goroutines, rounds = 64, 20
	part := uuid.UUID{0x9a, 15: 1}
	one := decimal.NewFromInt(1)
	for round := range rounds {
		f.receipt(t, dealerA(), part, "A-01", "1", "25.5000")
		errs := make([]error, goroutines)
		postings := make([]*parts.Posting, goroutines)
		for g := range postings {
			postings[g] = f.newPosting(t, dealerA(), issueInput(part, "A-01", one, decimal.Zero))
		}
		together(goroutines, func(g int) { errs[g] = f.repo.Post(f.ctx, postings[g]) })
		won := 0
		for g, err := range errs {
			if err == nil {
				won++
				requireDecimal(t, "-25.50", postings[g].Value(), "the last unit takes the whole value")
				continue
			}
			require.ErrorIs(t, err, parts.ErrInsufficientStock, "round %d, goroutine %d", round, g)
			var se *parts.StockError
			require.ErrorAs(t, err, &se)
			require.True(t, se.Have.IsZero(), "round %d: a loser saw %s available", round, se.Have)
		}
		require.Equal(t, 1, won, "round %d: exactly one issue takes the last unit", round)
		row := f.row(t, dealerA(), part, "A-01")
		require.True(t, row.OnHand().IsZero() && row.Value().IsZero(), "round %d: %s on hand worth %s", round, row.OnHand(), row.Value())
	}
	issues, err := f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{Kinds: []parts.MovementKind{parts.MoveIssue}})
	require.NoError(t, err)
	require.Len(t, issues, rounds, "exactly one issue movement per round")
	total := decimal.Zero
	for _, m := range issues {
		total = total.Add(m.Value)
	}
	requireDecimal(t, "-510.00", total, "the 20 units issued carry their whole value")
	f.requireBooks(t, dealerA())
}

// testRandomLedger runs random postings and holds concurrently over two dealers that use the same
// part ids and bins: dealer A at the moving average, dealer B under FIFO. Each run is seeded; a
// failure names its seed.
func testRandomLedger(t *testing.T, f *partsFixture) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { randomLedgerRun(t, f, seed) })
	}
}

// ledgerModel is what a dealer's rows must hold: the sums of its committed postings and holds.
type ledgerModel struct {
	mu   sync.Mutex
	rows map[stockRowKey]*modelRow
}

type modelRow struct{ onHand, reserved, value decimal.Decimal }

func (m *ledgerModel) row(k stockRowKey) *modelRow {
	r := m.rows[k]
	if r == nil {
		r = &modelRow{decimal.Zero, decimal.Zero, decimal.Zero}
		m.rows[k] = r
	}
	return r
}

func (m *ledgerModel) posted(p *parts.Posting) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, mv := range p.Movements() {
		r := m.row(stockRowKey{mv.Part, mv.Bin})
		r.onHand, r.value, r.reserved = r.onHand.Add(mv.Quantity), r.value.Add(mv.Value), r.reserved.Sub(mv.Unreserve)
	}
}

func (m *ledgerModel) held(holds []parts.Hold) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range holds {
		r := m.row(stockRowKey{h.Part, h.Bin})
		r.reserved = r.reserved.Add(h.Quantity)
	}
}

func randomLedgerRun(t *testing.T, f *partsFixture, seed uint64) {
	const workersPerDealer, opsPerWorker = 4, 25
	// The same part ids for both dealers, new for each run.
	partIDs := []uuid.UUID{{0xab, 1: byte(seed), 15: 1}, {0xab, 1: byte(seed), 15: 2}, {0xab, 1: byte(seed), 15: 3}}
	bins := []string{"A-01", "B-02"}
	dealers := []dealerkit.DealerID{dealerA(), dealerB()}
	methods := map[dealerkit.DealerID]parts.ValuationMethod{dealerA(): parts.MovingAverage, dealerB(): parts.FIFO}
	models := map[dealerkit.DealerID]*ledgerModel{}
	for _, d := range dealers {
		models[d] = &ledgerModel{rows: map[stockRowKey]*modelRow{}}
		// Start from the rows as they stand after earlier runs.
		rows, err := f.repo.ListStock(f.ctx, d, parts.StockFilter{})
		require.NoError(t, err)
		for _, r := range rows {
			models[d].rows[stockRowKey{r.Part(), r.Bin()}] = &modelRow{r.OnHand(), r.Reserved(), r.Value()}
		}
	}
	type problem struct {
		what string
		err  error
	}
	var mu sync.Mutex
	var problems []problem
	done := map[string]int{} // successes by operation, and "refused"
	fail := func(what string, err error) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, problem{what, err})
	}
	count := func(op string) {
		mu.Lock()
		defer mu.Unlock()
		done[op]++
	}
	together(len(dealers)*workersPerDealer, func(w int) {
		d := dealers[w%len(dealers)]
		rng := rand.New(rand.NewPCG(seed, uint64(w)))
		pick := func() (uuid.UUID, string) { return partIDs[rng.IntN(len(partIDs))], bins[rng.IntN(len(bins))] }
		qty := func(n int) decimal.Decimal { return decimal.NewFromInt(int64(1 + rng.IntN(n))) }
		cost := func() decimal.Decimal { return decimal.New(int64(10_000+rng.IntN(990_000)), -4) } // 1.0000 to 99.9999
		for op := range opsPerWorker {
			what := fmt.Sprintf("seed %d worker %d op %d", seed, w, op)
			in := parts.PostingInput{Key: fmt.Sprintf("rnd-%d-%d-%d", seed, w, op), Method: methods[d],
				Rounding: dealerkit.DefaultRounding(), Reference: parts.Reference{Kind: parts.RefManual}, Reason: "random"}
			part, bin := pick()
			var holds []parts.Hold
			switch k := rng.IntN(10); {
			case k < 3: // a receipt, sometimes of two rows
				in.Kind = parts.MoveReceipt
				n := 1 + rng.IntN(2)
				for range n {
					q, c := qty(5), cost()
					in.Lines = append(in.Lines, parts.PostingLine{Part: part, Bin: bin, Quantity: q, UnitCost: c,
						Value: dealerkit.DefaultRounding().Round(q.Mul(c))})
					part, bin = pick()
				}
			case k < 6: // an issue, sometimes releasing a hold
				in.Kind = parts.MoveIssue
				q := qty(3)
				unreserve := decimal.Zero
				if rng.IntN(3) == 0 {
					unreserve = decimal.NewFromInt(1)
				}
				in.Lines = []parts.PostingLine{{Part: part, Bin: bin, Quantity: q.Neg(), Unreserve: unreserve}}
			case k < 7: // a return at a cost of its own
				in.Kind = parts.MoveReturn
				q := qty(2)
				in.Lines = []parts.PostingLine{{Part: part, Bin: bin, Quantity: q, Value: dealerkit.DefaultRounding().Round(q.Mul(cost()))}}
			case k < 9: // an adjustment of one or two rows, in or out
				in.Kind = parts.MoveAdjustment
				other, otherBin := pick()
				for _, r := range []stockRowKey{{part, bin}, {other, otherBin}}[:1+rng.IntN(2)] {
					q := qty(2)
					if rng.IntN(2) == 0 {
						q = q.Neg()
					}
					in.Lines = append(in.Lines, parts.PostingLine{Part: r.part, Bin: r.bin, Quantity: q})
				}
			default: // a hold or a release
				q := decimal.NewFromInt(1)
				if rng.IntN(2) == 0 {
					q = q.Neg()
				}
				holds = []parts.Hold{{Part: part, Bin: bin, Quantity: q}}
			}
			var err error
			if holds != nil {
				if err = f.repo.Reserve(f.ctx, d, holds); err == nil {
					models[d].held(holds)
				}
			} else {
				for i := range in.Lines {
					in.Lines[i].ID = f.newID()
				}
				p, perr := parts.NewPosting(f.newID(), f.clerkOf(d), f.clock.Now(), in)
				if perr != nil {
					fail(what+": NewPosting", perr)
					return
				}
				if err = f.repo.Post(f.ctx, p); err == nil {
					models[d].posted(p)
				}
			}
			switch {
			case err == nil && holds != nil:
				count("hold")
			case err == nil:
				count(in.Kind.String())
			case errors.Is(err, parts.ErrInsufficientStock):
				count("refused")
			default:
				fail(what, err)
			}
		}
	})
	for _, pr := range problems {
		t.Errorf("%s: %v", pr.what, pr.err)
	}
	for _, op := range []string{"receipt", "issue", "return", "adjustment", "hold", "refused"} {
		require.Positive(t, done[op], "seed %d: no %s in %v", seed, op, done)
	}
	for _, d := range dealers {
		rows := f.requireBooks(t, d)
		m := models[d]
		got := map[stockRowKey]modelRow{}
		for _, r := range rows {
			got[stockRowKey{r.Part(), r.Bin()}] = modelRow{r.OnHand(), r.Reserved(), r.Value()}
		}
		for k, want := range m.rows {
			g, ok := got[k]
			if !ok {
				require.True(t, want.onHand.IsZero() && want.reserved.IsZero(), "dealer %s %v: no row, want %+v", d, k, *want)
				continue
			}
			// Each dealer's rows hold exactly what its own postings and holds put there: the
			// other dealer's, on the same part ids and bins, never reach them.
			require.True(t, g.onHand.Equal(want.onHand) && g.reserved.Equal(want.reserved) && g.value.Equal(want.value),
				"dealer %s part %s bin %s: row %s/%s/%s, its postings %s/%s/%s", d, k.part, k.bin,
				g.onHand, g.reserved, g.value, want.onHand, want.reserved, want.value)
			delete(got, k)
		}
		require.Empty(t, got, "dealer %s has rows no posting of its own made", d)
	}
}

func testSameKey(t *testing.T, f *partsFixture) {
	const callers = 16
	p := f.addPart(t, dealerA(), "BP-100", parts.UnitPiece, "A-01")
	order, lines := f.decidedOrder(t, partLineInput(t, "BP-100", "5"))
	issue := func(key, qty string) parts.IssueInput {
		return parts.IssueInput{Key: key, Order: order, Line: lines[0], Quantity: dec(t, qty)}
	}
	concurrently := func(in parts.IssueInput) *parts.Posting {
		t.Helper()
		postings := make([]*parts.Posting, callers)
		errs := make([]error, callers)
		together(callers, func(i int) { postings[i], errs[i] = f.svc.Issue(f.ctx, f.clerk, in) })
		for i, err := range errs {
			require.NoError(t, err, "caller %d", i)
			requireSame(t, "the result of a retried request", postings[0].Snapshot(), postings[i].Snapshot())
		}
		ms, err := f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{Posting: postings[0].ID()})
		require.NoError(t, err)
		require.Len(t, ms, 1, "one movement for the key")
		return postings[0]
	}
	// Exactly the stock the request needs: the callers that wait for the first must find its
	// result, not a shortage.
	f.receipt(t, dealerA(), p.ID(), "A-01", "1", "40.0000")
	first := concurrently(issue("pick-1", "1"))
	requireDecimal(t, "-40.00", first.Value(), "cost of the first")
	f.receipt(t, dealerA(), p.ID(), "A-01", "5", "40.0000")
	second := concurrently(issue("pick-2", "2"))
	again := concurrently(issue("pick-1", "1"))
	requireSame(t, "the first posting, asked again", first.Snapshot(), again.Snapshot())
	require.NotEqual(t, first.ID(), second.ID())

	_, err := f.svc.Issue(f.ctx, f.clerk, issue("pick-1", "2"))
	require.ErrorIs(t, err, parts.ErrKeyReused, "the key with another request")

	issues, err := f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{Kinds: []parts.MovementKind{parts.MoveIssue}})
	require.NoError(t, err)
	require.Len(t, issues, 2)
	l := f.orderLine(t, order, lines[0])
	requireDecimal(t, "3", l.Issued, "issued on the line: once per key")
	requireDecimal(t, "3", f.row(t, dealerA(), p.ID(), "A-01").OnHand(), "on-hand")
	f.requireBooks(t, dealerA())
}

func testOppositePicks(t *testing.T, f *partsFixture) {
	const rounds = 100
	a := f.addPart(t, dealerA(), "AB-100", parts.UnitPiece, "A-01")
	b := f.addPart(t, dealerA(), "AB-200", parts.UnitPiece, "B-01")
	f.receipt(t, dealerA(), a.ID(), "A-01", fmt.Sprint(2*rounds), "12.3456") // 2469.12
	f.receipt(t, dealerA(), b.ID(), "B-01", fmt.Sprint(2*rounds), "7.8900")  // 1578.00
	n := fmt.Sprint(rounds)
	// The lines are approved through the parts Service: each pick also consumes a reservation.
	ro1, l1 := f.approvedOrder(t, partLineInput(t, "AB-100", n), partLineInput(t, "AB-200", n))
	ro2, l2 := f.approvedOrder(t, partLineInput(t, "AB-200", n), partLineInput(t, "AB-100", n))
	requireDecimal(t, fmt.Sprint(2*rounds), f.row(t, dealerA(), a.ID(), "A-01").Reserved(), "A held for both orders")
	one := decimal.NewFromInt(1)
	for round := range rounds {
		errs := make([]error, 2)
		together(2, func(i int) {
			in := parts.PickInput{Key: fmt.Sprintf("ro1-%d", round), Order: ro1,
				Lines: []parts.PickLine{{Line: l1[0], Quantity: one}, {Line: l1[1], Quantity: one}}} // A, B
			if i == 1 {
				in = parts.PickInput{Key: fmt.Sprintf("ro2-%d", round), Order: ro2,
					Lines: []parts.PickLine{{Line: l2[0], Quantity: one}, {Line: l2[1], Quantity: one}}} // B, A
			}
			_, errs[i] = f.svc.Pick(f.ctx, f.clerk, in)
		})
		require.NoError(t, errs[0], "round %d, repair order 1", round)
		require.NoError(t, errs[1], "round %d, repair order 2", round)
	}
	for _, r := range []struct {
		part *parts.Part
		bin  string
	}{{a, "A-01"}, {b, "B-01"}} {
		row := f.row(t, dealerA(), r.part.ID(), r.bin)
		require.True(t, row.OnHand().IsZero() && row.Reserved().IsZero() && row.Value().IsZero(),
			"%s: %s on hand, %s held, worth %s", r.part.Number(), row.OnHand(), row.Reserved(), row.Value())
	}
	cost := decimal.Zero
	for _, o := range []struct {
		id    uuid.UUID
		lines []uuid.UUID
	}{{ro1, l1}, {ro2, l2}} {
		for _, line := range o.lines {
			l := f.orderLine(t, o.id, line)
			requireDecimal(t, n, l.Issued, "issued on a line")
			cost = cost.Add(l.IssuedCost)
		}
	}
	requireDecimal(t, "4047.12", cost, "the orders carry the whole value received (2469.12 + 1578.00)")
	rs, err := f.repo.ListReservations(f.ctx, dealerA(), parts.ReservationFilter{States: []parts.ReservationState{parts.ReservationFulfilled}})
	require.NoError(t, err)
	require.Len(t, rs, 4, "every reservation fulfilled")
	issues, err := f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{Kinds: []parts.MovementKind{parts.MoveIssue}})
	require.NoError(t, err)
	require.Len(t, issues, 4*rounds)
	f.requireBooks(t, dealerA())
}

func testPostFault(t *testing.T, f *partsFixture) {
	inj, ok := f.store.(PostFaultInjector)
	if !ok {
		t.Skip("the store does not implement storetest.PostFaultInjector")
	}
	injected := errors.New("storetest: injected failure between the stock change and the movement insert")
	inj.InjectPostFault(func(*parts.Posting) error { return injected })
	t.Cleanup(func() { inj.InjectPostFault(nil) })

	// A dealer's very first posting, failing: there was nothing of its postings to restore.
	inj.InjectPostFault(nil)
	q := f.addPart(t, dealerB(), "BP-200", parts.UnitPiece, "B-01")
	inj.InjectPostFault(func(*parts.Posting) error { return injected })
	first := f.newPosting(t, dealerB(), receiptInput(t, q.ID(), "B-01", "3", "21.0000"))
	require.ErrorIs(t, f.repo.Post(f.ctx, first), injected)
	_, err := f.repo.GetPosting(f.ctx, dealerB(), first.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "a dealer's first posting, failed")
	_, err = f.repo.GetStock(f.ctx, dealerB(), q.ID(), "B-01")
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "the row of a dealer's first posting, failed")

	// Set up without the fault.
	inj.InjectPostFault(nil)
	p := f.addPart(t, dealerA(), "BP-100", parts.UnitPiece, "A-01")
	f.receipt(t, dealerA(), p.ID(), "A-01", "5", "20.0000")
	order, lines := f.approvedOrder(t, partLineInput(t, "BP-100", "2"))
	before := f.snapshot(t, dealerA())
	orderBefore, err := f.orders.Get(f.ctx, dealerA(), order)
	require.NoError(t, err)
	resBefore, err := f.repo.ListReservations(f.ctx, dealerA(), parts.ReservationFilter{Order: order})
	require.NoError(t, err)
	require.Len(t, resBefore, 1)
	unchanged := func(what string) {
		t.Helper()
		f.requireUnchanged(t, dealerA(), before)
		o, err := f.orders.Get(f.ctx, dealerA(), order)
		require.NoError(t, err, what)
		requireSame(t, what+": repair order", orderBefore.Snapshot(), o.Snapshot())
		rs, err := f.repo.ListReservations(f.ctx, dealerA(), parts.ReservationFilter{Order: order})
		require.NoError(t, err)
		requireSame(t, what+": reservation", resBefore[0].Snapshot(), rs[0].Snapshot())
	}
	inj.InjectPostFault(func(*parts.Posting) error { return injected })

	// A Post in a transaction of its own.
	receipt := f.newPosting(t, dealerA(), receiptInput(t, p.ID(), "A-01", "3", "21.0000"))
	require.ErrorIs(t, f.repo.Post(f.ctx, receipt), injected)
	unchanged("Post")
	_, err = f.repo.PostingByKey(f.ctx, dealerA(), receipt.Key())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)

	// An issue to a repair order: stock, reservation and repair order in one InTx of the Service.
	in := parts.IssueInput{Key: "pick-1", Order: order, Line: lines[0], Quantity: dec(t, "2")}
	_, err = f.svc.Issue(f.ctx, f.clerk, in)
	require.ErrorIs(t, err, injected)
	unchanged("Issue")

	// A caller that ignores Post's error cannot commit the half-done posting, nor anything else
	// of the transaction.
	other := fullPart(t, f, dealerA(), 9, "G 052 195 M4", "fluids")
	err = f.store.InTx(f.ctx, func(ctx context.Context) error {
		_ = f.repo.Post(ctx, f.newPosting(t, dealerA(), issueInput(p.ID(), "A-01", dec(t, "1"), decimal.Zero)))
		return f.repo.CreatePart(ctx, other)
	})
	require.ErrorIs(t, err, injected)
	unchanged("InTx")
	_, err = f.repo.GetPart(f.ctx, dealerA(), other.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)

	// Without the fault the same requests go through: nothing of them was kept, not even the key.
	inj.InjectPostFault(nil)
	pi, err := f.svc.Issue(f.ctx, f.clerk, in)
	require.NoError(t, err)
	requireDecimal(t, "-40.00", pi.Value(), "two of five units worth 100.00")
	requireDecimal(t, "2", f.orderLine(t, order, lines[0]).Issued, "issued")
	require.NoError(t, f.repo.Post(f.ctx, receipt))
	requireDecimal(t, "6", f.row(t, dealerA(), p.ID(), "A-01").OnHand(), "on-hand")
	f.requireBooks(t, dealerA())
}
