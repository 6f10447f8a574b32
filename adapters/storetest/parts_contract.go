package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func partsContractTests() []partsTest {
	return []partsTest{
		{"unknown parts records are ErrNotFound and Update does not call fn", testPartsUnknown},
		{"§3.4(1) a part and a supplier round-trip whole at version 1: decimals with their scale, times in UTC", testPartRoundTrip},
		{"a part id or number, or a supplier code, taken at the dealer is ErrConflict; another dealer may use it", testPartConflicts},
		{"UpdatePart adds one to the version, stores nothing when fn fails, and concurrent updates lose none", testPartVersions},
		{"ListParts and ListSuppliers select what the filters' Matches select, ordered by id, paged", testPartList},
		{"§3.4.1 purchase orders round-trip with lines and receipts, numbers are unique per dealer, List filters", testPurchaseOrders},
		{"§3.4.3 one open reservation per repair-order line; reservations round-trip and List filters", testReservations},
		{"§3.4.4 stocktakes round-trip through counting and approval; numbers are unique per dealer", testStocktakes},
		{"§2 another dealer cannot read, change, list, post to or reserve any parts record", testPartsTenants},
		{"Post stores the rows, the posting and its movements exactly: quantities, values and costs keep their scale", testPostRoundTrip},
		{"§3.4(1) Post with a key taken at the dealer is ErrConflict and changes nothing; another dealer may use it", testPostKeyTaken},
		{"§3.4(1) a Post refused for want of stock is a *StockError, changes nothing and leaves the transaction usable", testPostRefused},
		{"§3.4.2 a receipt of no movements (a key claim) round-trips, takes no row and no event, and claims its key", testPostClaim},
		{"§3.4.3 Reserve holds and releases all or none, within 0 ≤ reserved ≤ on-hand; issues respect holds", testReserve},
		{"concurrent first receipts into a row that does not exist yet all go through and add up", testConcurrentFirstReceipts},
		{"ListStock orders by part then bin, bytewise; ListMovements selects what MovementFilter.Matches selects", testStockAndMovementLists},
		{"postings and parts records write their events with Seq 1, 2, 3… and exact data", testPartsEvents},
		{"InTx commits stock, posting, reservation and repair order together or none, and reads its own writes", testPartsTxAtomic},
		{"§3.4.3 golden moving-average valuation through parts.Service on the adapter", testGoldenMovingAverage},
		{"§3.4.3 golden FIFO valuation through parts.Service on the adapter", testGoldenFIFO},
	}
}

func testPartsUnknown(t *testing.T, f *partsFixture) {
	ctx, d, id := f.ctx, dealerA(), uuid.UUID{0x99, 15: 1}
	notFound := func(what string, err error) {
		t.Helper()
		require.ErrorIs(t, err, dealerkit.ErrNotFound, what)
		requireNeutral(t, err)
	}
	called := false
	_, err := f.repo.GetPart(ctx, d, id)
	notFound("GetPart", err)
	_, err = f.repo.PartByNumber(ctx, d, "5Q0698151")
	notFound("PartByNumber", err)
	notFound("UpdatePart", f.repo.UpdatePart(ctx, d, id, func(*parts.Part) error { called = true; return nil }))
	_, err = f.repo.GetSupplier(ctx, d, id)
	notFound("GetSupplier", err)
	_, err = f.repo.GetPurchaseOrder(ctx, d, id)
	notFound("GetPurchaseOrder", err)
	notFound("UpdatePurchaseOrder", f.repo.UpdatePurchaseOrder(ctx, d, id, func(*parts.PurchaseOrder) error { called = true; return nil }))
	_, err = f.repo.GetReservation(ctx, d, id)
	notFound("GetReservation", err)
	notFound("UpdateReservation", f.repo.UpdateReservation(ctx, d, id, func(*parts.Reservation) error { called = true; return nil }))
	_, err = f.repo.GetStocktake(ctx, d, id)
	notFound("GetStocktake", err)
	notFound("UpdateStocktake", f.repo.UpdateStocktake(ctx, d, id, func(*parts.Stocktake) error { called = true; return nil }))
	_, err = f.repo.GetStock(ctx, d, id, "A-01")
	notFound("GetStock", err)
	_, err = f.repo.GetPosting(ctx, d, id)
	notFound("GetPosting", err)
	p, err := f.repo.PostingByKey(ctx, d, "no such key")
	notFound("PostingByKey", err)
	require.Nil(t, p)
	require.False(t, called, "fn was called for a record that does not exist")

	// Lists of nothing are empty, not errors.
	ps, err := f.repo.ListParts(ctx, d, parts.PartFilter{})
	require.NoError(t, err)
	require.Empty(t, ps)
	ms, err := f.repo.ListMovements(ctx, d, parts.MovementFilter{})
	require.NoError(t, err)
	require.Empty(t, ms)
	rows, err := f.repo.ListStock(ctx, d, parts.StockFilter{})
	require.NoError(t, err)
	require.Empty(t, rows)
}

// fullPart builds a part of dealer d with every field set: litres, so quantities have 3 places.
func fullPart(t *testing.T, f *partsFixture, d dealerkit.DealerID, n int, number, category string) *parts.Part {
	t.Helper()
	p, err := parts.NewPart(uuid.UUID{0x9a, 0x47, 14: byte(n >> 8), 15: byte(n)}, f.clerkOf(d), t0().Add(time.Duration(n)*time.Minute), parts.PartInput{
		Number: number, Name: parts.Name{Zh: "机油 " + number, En: "engine oil " + number}, Unit: parts.UnitLitre,
		Category: category, ListPrice: dec(t, "88.50"), Origin: aftersales.OriginNonOriginal, Bin: "OIL-1",
		Min: dec(t, "2.500"), Max: dec(t, "40.000"),
		Sources: []parts.Source{{Supplier: uuid.UUID{0x5e, 15: 1}, SupplierPartNumber: "G 052 195 M4", LeadTimeDays: 5, Preferred: true},
			{Supplier: uuid.UUID{0x5e, 15: 2}, LeadTimeDays: 12}},
	})
	require.NoError(t, err)
	return p
}

func testPartRoundTrip(t *testing.T, f *partsFixture) {
	p := fullPart(t, f, dealerA(), 1, "G 052 195 M4", "fluids")
	pending := p.PendingEvents()
	require.NoError(t, f.repo.CreatePart(f.ctx, p))
	require.Equal(t, int64(1), p.Version(), "Create sets the version it stored")
	require.Empty(t, p.PendingEvents(), "Create clears the pending events it stored")
	want := p.Snapshot()
	got, err := f.repo.GetPart(f.ctx, dealerA(), p.ID())
	require.NoError(t, err)
	requireSame(t, "part", want, got.Snapshot())
	requireDecimal(t, "2.500", got.Min(), "min")
	byNumber, err := f.repo.PartByNumber(f.ctx, dealerA(), p.Number())
	require.NoError(t, err)
	requireSame(t, "part by number", want, byNumber.Snapshot())

	s, err := parts.NewSupplier(uuid.UUID{0x5e, 15: 1}, f.clerk, t0(), parts.SupplierInput{Code: "SVW", Name: "SAIC Volkswagen", Contact: "+86 21 6955 0000"})
	require.NoError(t, err)
	pending = append(pending, s.PendingEvents()...)
	require.NoError(t, f.repo.CreateSupplier(f.ctx, s))
	gotS, err := f.repo.GetSupplier(f.ctx, dealerA(), s.ID())
	require.NoError(t, err)
	requireSame(t, "supplier", s.Snapshot(), gotS.Snapshot())
	requireEvents(t, pending, f.partsEvents(t, dealerA()), 1)

	// What the caller does to its copy does not reach the store.
	got.SetActive(f.manager, t0(), false)
	again, err := f.repo.GetPart(f.ctx, dealerA(), p.ID())
	require.NoError(t, err)
	require.True(t, again.Active())
	pid, sid := p.ID(), s.ID()
	requireIsolated(t, "part", p, func() (*parts.Part, error) { return f.repo.GetPart(f.ctx, dealerA(), pid) })
	requireIsolated(t, "supplier", s, func() (*parts.Supplier, error) { return f.repo.GetSupplier(f.ctx, dealerA(), sid) })
}

func testPartConflicts(t *testing.T, f *partsFixture) {
	p := fullPart(t, f, dealerA(), 1, "G 052 195 M4", "fluids")
	require.NoError(t, f.repo.CreatePart(f.ctx, p))
	before := len(f.partsEvents(t, dealerA()))

	sameID := fullPart(t, f, dealerA(), 1, "G 052 195 M9", "fluids")
	require.ErrorIs(t, f.repo.CreatePart(f.ctx, sameID), dealerkit.ErrConflict, "id taken")
	sameNumber := fullPart(t, f, dealerA(), 2, "G 052 195 M4", "fluids")
	require.ErrorIs(t, f.repo.CreatePart(f.ctx, sameNumber), dealerkit.ErrConflict, "number taken")
	_, err := f.repo.GetPart(f.ctx, dealerA(), sameNumber.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "a refused part is not stored")
	require.Len(t, f.partsEvents(t, dealerA()), before, "a refused part records no event")

	// Inside a transaction a refused create leaves the transaction usable.
	other := fullPart(t, f, dealerA(), 3, "G 052 195 M5", "fluids")
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.ErrorIs(t, f.repo.CreatePart(ctx, sameNumber), dealerkit.ErrConflict)
		return f.repo.CreatePart(ctx, other)
	}))
	_, err = f.repo.GetPart(f.ctx, dealerA(), other.ID())
	require.NoError(t, err)

	// Another dealer's catalogue is its own.
	b := fullPart(t, f, dealerB(), 4, "G 052 195 M4", "fluids")
	require.NoError(t, f.repo.CreatePart(f.ctx, b))
	gotB, err := f.repo.PartByNumber(f.ctx, dealerB(), "G 052 195 M4")
	require.NoError(t, err)
	require.Equal(t, b.ID(), gotB.ID())
	gotA, err := f.repo.PartByNumber(f.ctx, dealerA(), "G 052 195 M4")
	require.NoError(t, err)
	require.Equal(t, p.ID(), gotA.ID())

	s1, err := parts.NewSupplier(uuid.UUID{0x5e, 15: 1}, f.clerk, t0(), parts.SupplierInput{Code: "SVW", Name: "SAIC Volkswagen"})
	require.NoError(t, err)
	require.NoError(t, f.repo.CreateSupplier(f.ctx, s1))
	s2, err := parts.NewSupplier(uuid.UUID{0x5e, 15: 2}, f.clerk, t0(), parts.SupplierInput{Code: "SVW", Name: "another"})
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.CreateSupplier(f.ctx, s2), dealerkit.ErrConflict, "supplier code taken")
	s3, err := parts.NewSupplier(uuid.UUID{0x5e, 15: 1}, f.clerk, t0(), parts.SupplierInput{Code: "BOSCH", Name: "another"})
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.CreateSupplier(f.ctx, s3), dealerkit.ErrConflict, "supplier id taken")
	sB, err := parts.NewSupplier(uuid.UUID{0x5e, 15: 3}, f.clerkB, t0(), parts.SupplierInput{Code: "SVW", Name: "SAIC Volkswagen"})
	require.NoError(t, err)
	require.NoError(t, f.repo.CreateSupplier(f.ctx, sB))
}

func testPartVersions(t *testing.T, f *partsFixture) {
	p := fullPart(t, f, dealerA(), 1, "G 052 195 M4", "fluids")
	require.NoError(t, f.repo.CreatePart(f.ctx, p))
	in := func(category string) parts.PartInput {
		s := p.Snapshot()
		return parts.PartInput{Number: string(s.Number), Name: s.Name, Unit: s.Unit, Category: category, Sources: s.Sources,
			ListPrice: s.ListPrice, Origin: s.Origin, Bin: s.Bin, Min: s.Min, Max: s.Max}
	}
	for v := int64(1); v <= 3; v++ {
		require.NoError(t, f.repo.UpdatePart(f.ctx, dealerA(), p.ID(), func(x *parts.Part) error {
			require.Equal(t, v, x.Version(), "fn sees the stored version")
			return x.Revise(f.clerk, t0(), in(fmt.Sprintf("fluids-%d", v)))
		}))
	}
	got, err := f.repo.GetPart(f.ctx, dealerA(), p.ID())
	require.NoError(t, err)
	require.Equal(t, int64(4), got.Version())
	require.Equal(t, "fluids-3", got.Category())

	boom := errors.New("boom")
	require.ErrorIs(t, f.repo.UpdatePart(f.ctx, dealerA(), p.ID(), func(x *parts.Part) error {
		require.NoError(t, x.Revise(f.clerk, t0(), in("lost")))
		return boom
	}), boom)
	got, err = f.repo.GetPart(f.ctx, dealerA(), p.ID())
	require.NoError(t, err)
	require.Equal(t, int64(4), got.Version())
	require.Equal(t, "fluids-3", got.Category())

	// Concurrent updates each succeed or conflict; the version counts the successes, and so do
	// the events.
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		wg.Go(func() {
			errs[w] = f.repo.UpdatePart(f.ctx, dealerA(), p.ID(), func(x *parts.Part) error {
				return x.Revise(f.clerk, t0(), in(fmt.Sprintf("w%d", w)))
			})
		})
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
		} else {
			require.ErrorIs(t, err, dealerkit.ErrConflict)
		}
	}
	require.Positive(t, wins)
	got, err = f.repo.GetPart(f.ctx, dealerA(), p.ID())
	require.NoError(t, err)
	require.Equal(t, int64(4+wins), got.Version())
	require.Equal(t, 3+wins, countEvents(f.partsEvents(t, dealerA()), "part.revised")[p.ID()])
}

func testPartList(t *testing.T, f *partsFixture) {
	var all []*parts.Part
	for n := 1; n <= 7; n++ {
		category := []string{"fluids", "brakes", "filters"}[n%3]
		p := fullPart(t, f, dealerA(), n, fmt.Sprintf("G 052 195 M%d", n), category)
		require.NoError(t, f.repo.CreatePart(f.ctx, p))
		if n%4 == 0 {
			require.NoError(t, f.repo.UpdatePart(f.ctx, dealerA(), p.ID(), func(x *parts.Part) error {
				x.SetActive(f.manager, t0(), false)
				return nil
			}))
		}
		all = append(all, p)
	}
	// One part unlike the others, for the counter's searches by number, name and supplier.
	pads, err := parts.NewPart(uuid.UUID{0x9a, 0x47, 15: 8}, f.clerk, t0().Add(8*time.Minute), parts.PartInput{
		Number: "5Q0 698 151 B", Name: parts.Name{Zh: "前刹车片", En: "Front Brake PADS Ölfrei"}, Unit: parts.UnitSet,
		Category: "brakes", ListPrice: dec(t, "480.00"), Origin: aftersales.OriginOriginal, Bin: "A-01",
		Sources: []parts.Source{{Supplier: uuid.UUID{0x5e, 15: 3}, LeadTimeDays: 3}},
	})
	require.NoError(t, err)
	require.NoError(t, f.repo.CreatePart(f.ctx, pads))
	all = append(all, pads)
	require.NoError(t, f.repo.CreatePart(f.ctx, fullPart(t, f, dealerB(), 50, "G 052 195 M1", "fluids")))
	stored, err := f.repo.ListParts(f.ctx, dealerA(), parts.PartFilter{})
	require.NoError(t, err)
	require.Len(t, stored, len(all))
	ids := func(ps []*parts.Part) []uuid.UUID {
		var out []uuid.UUID
		for _, p := range ps {
			out = append(out, p.ID())
		}
		return out
	}
	filters := []parts.PartFilter{
		{}, {Category: "fluids"}, {ActiveOnly: true}, {Category: "brakes", ActiveOnly: true},
		{IDs: []uuid.UUID{all[5].ID(), all[1].ID(), {0x77}}}, {After: all[2].ID()}, {Category: "none"},
	}
	// Front-desk searches, each with how many parts it was built to find (Matches must agree).
	searches := []struct {
		f    parts.PartFilter
		want int
	}{
		{parts.PartFilter{Number: "698 151"}, 1},
		{parts.PartFilter{Number: " 5q0  698 "}, 1},
		{parts.PartFilter{Number: "195 M3"}, 1},
		{parts.PartFilter{Number: "195 m"}, 7},
		{parts.PartFilter{Number: "X99"}, 0},
		{parts.PartFilter{Name: "pads"}, 1},
		{parts.PartFilter{Name: "刹车"}, 1},
		{parts.PartFilter{Name: "机油"}, 7},
		{parts.PartFilter{Name: "ENGINE oil g 052 195 m2"}, 1},
		{parts.PartFilter{Name: "ölfrei"}, 0}, // only ASCII letters fold: Ö is not ö
		{parts.PartFilter{Name: "Ölfrei"}, 1},
		{parts.PartFilter{Name: "%"}, 0},
		{parts.PartFilter{Supplier: uuid.UUID{0x5e, 15: 3}}, 1},
		{parts.PartFilter{Supplier: uuid.UUID{0x5e, 15: 2}}, 7},
		{parts.PartFilter{Supplier: uuid.UUID{0x5e, 15: 2}, ActiveOnly: true, Name: "oil"}, 6},
		{parts.PartFilter{Supplier: uuid.UUID{0x5e, 15: 9}}, 0},
	}
	for _, sc := range searches {
		filters = append(filters, sc.f)
		n := 0
		for _, p := range stored {
			if sc.f.Matches(p) {
				n++
			}
		}
		require.Equal(t, sc.want, n, "the fixture no longer gives what %+v selects", sc.f)
	}
	for _, flt := range filters {
		var want []uuid.UUID
		for _, p := range stored {
			if flt.Matches(p) {
				want = append(want, p.ID())
			}
		}
		got, err := f.repo.ListParts(f.ctx, dealerA(), flt)
		require.NoError(t, err)
		require.Equal(t, want, ids(got), "filter %+v", flt)
	}
	// Through the Service: pages by cursor walk every part once, in id order.
	var walked []uuid.UUID
	var cursor dealerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		page, err := f.svc.Parts(f.ctx, f.clerk, parts.PartFilter{Cursor: cursor, Limit: 3})
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), 3)
		walked = append(walked, ids(page.Items)...)
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	require.Equal(t, ids(stored), walked)
	// Paging by After and Limit walks every part once, in id order.
	var paged []uuid.UUID
	var after uuid.UUID
	for {
		page, err := f.repo.ListParts(f.ctx, dealerA(), parts.PartFilter{After: after, Limit: 3})
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), 3)
		if len(page) == 0 {
			break
		}
		paged = append(paged, ids(page)...)
		after = page[len(page)-1].ID()
	}
	require.Equal(t, ids(stored), paged)
	require.True(t, slices.IsSortedFunc(paged, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) }))

	for n := byte(3); n >= 1; n-- {
		s, err := parts.NewSupplier(uuid.UUID{0x5e, 15: n}, f.clerk, t0(), parts.SupplierInput{Code: fmt.Sprintf("S%d", n), Name: "supplier"})
		require.NoError(t, err)
		require.NoError(t, f.repo.CreateSupplier(f.ctx, s))
	}
	sups, err := f.repo.ListSuppliers(f.ctx, dealerA())
	require.NoError(t, err)
	require.Len(t, sups, 3)
	for i, s := range sups {
		require.Equal(t, uuid.UUID{0x5e, 15: byte(i + 1)}, s.ID())
	}
	supsB, err := f.repo.ListSuppliers(f.ctx, dealerB())
	require.NoError(t, err)
	require.Empty(t, supsB)
}

func testPurchaseOrders(t *testing.T, f *partsFixture) {
	pads := f.addPart(t, dealerA(), "5Q0 698 151 B", parts.UnitSet, "A-01")
	oil := f.addPart(t, dealerA(), "G 052 195 M4", parts.UnitLitre, "OIL")
	sup := f.supplier(t, dealerA())
	at := t0().Add(time.Hour)
	o, err := parts.NewPurchaseOrder(uuid.UUID{0x90, 15: 1}, f.clerk, at, sup.ID(), "PO-2025-001")
	require.NoError(t, err)
	require.NoError(t, o.AddLine(uuid.UUID{0x91, 15: 1}, f.clerk, at, pads, dec(t, "4"), dec(t, "210.5000")))
	require.NoError(t, o.AddLine(uuid.UUID{0x91, 15: 2}, f.clerk, at, oil, dec(t, "20.500"), dec(t, "12.3456")))
	require.NoError(t, f.repo.CreatePurchaseOrder(f.ctx, o))
	got, err := f.repo.GetPurchaseOrder(f.ctx, dealerA(), o.ID())
	require.NoError(t, err)
	requireSame(t, "purchase order", o.Snapshot(), got.Snapshot())
	requireDecimal(t, "20.500", got.Lines()[1].Quantity, "litres ordered")
	loadPO := func() (*parts.PurchaseOrder, error) { return f.repo.GetPurchaseOrder(f.ctx, dealerA(), o.ID()) }
	mine, err := loadPO()
	require.NoError(t, err)
	requireIsolated(t, "purchase order", mine, loadPO)
	requireDecimal(t, "210.5000", got.Lines()[0].UnitCost, "unit cost")

	dup, err := parts.NewPurchaseOrder(uuid.UUID{0x90, 15: 2}, f.clerk, at, sup.ID(), "PO-2025-001")
	require.NoError(t, err)
	require.ErrorIs(t, f.repo.CreatePurchaseOrder(f.ctx, dup), dealerkit.ErrConflict, "order number taken")
	require.NoError(t, f.repo.UpdatePurchaseOrder(f.ctx, dealerA(), o.ID(), func(x *parts.PurchaseOrder) error {
		return x.Place(f.clerk, at.Add(time.Hour), at.Add(72*time.Hour))
	}))
	got, err = f.repo.GetPurchaseOrder(f.ctx, dealerA(), o.ID())
	require.NoError(t, err)
	require.Equal(t, int64(2), got.Version())
	require.Equal(t, parts.POOrdered, got.State())

	// Through the Service: an order received at a 4-place cost keeps it, in its receipt too.
	rc := f.buy(t, oil, "10.250", "20.1200")
	bought, err := f.repo.ListPurchaseOrders(f.ctx, dealerA(), parts.POFilter{States: []parts.POState{parts.POReceived}})
	require.NoError(t, err)
	require.Len(t, bought, 1)
	require.Len(t, bought[0].Receipts(), 1)
	requireDecimal(t, "20.1200", bought[0].Receipts()[0].Lines[0].UnitCost, "receipt unit cost")
	requireDecimal(t, "10.250", bought[0].Receipts()[0].Lines[0].Accepted, "receipt accepted")
	requireDecimal(t, "206.23", rc.Lines[0].Value, "receipt value round(10.25 × 20.12 = 206.23)")
	requireDecimal(t, "10.250", f.row(t, dealerA(), oil.ID(), "OIL").OnHand(), "on-hand")

	_, err = f.svc.CreatePurchaseOrder(f.ctx, f.clerk, parts.POInput{Supplier: sup.ID(), Number: "PO-2025-009",
		Lines: []parts.POLineInput{{Part: pads.ID(), Quantity: dec(t, "2"), UnitCost: dec(t, "200.0000")}}})
	require.NoError(t, err)
	bOrder, err := f.svc.CreatePurchaseOrder(f.ctx, f.clerkB, parts.POInput{Supplier: f.supplier(t, dealerB()).ID(), Number: "PO-2025-001",
		Lines: []parts.POLineInput{{Part: f.addPart(t, dealerB(), "5Q0 698 151 B", parts.UnitSet, "A-01").ID(), Quantity: dec(t, "2"), UnitCost: dec(t, "1")}}})
	require.NoError(t, err, "another dealer may use the number")

	all, err := f.repo.ListPurchaseOrders(f.ctx, dealerA(), parts.POFilter{})
	require.NoError(t, err)
	require.Len(t, all, 3)
	for _, flt := range []parts.POFilter{
		{}, {Supplier: sup.ID()}, {Supplier: bOrder.Supplier()}, {States: []parts.POState{parts.PODraft}},
		{States: []parts.POState{parts.POOrdered, parts.POReceived}}, {Part: oil.ID()}, {Part: pads.ID()},
		{Part: pads.ID(), States: []parts.POState{parts.PODraft}}, {After: all[0].ID()}, {After: all[0].ID(), Limit: 1},
		{CreatedFrom: all[1].CreatedAt()}, {CreatedBefore: all[1].CreatedAt()}, {CreatedBefore: all[1].CreatedAt().Add(time.Nanosecond)},
		{CreatedFrom: all[0].CreatedAt().Add(time.Nanosecond), CreatedBefore: all[2].CreatedAt().Add(time.Hour)},
		{CreatedFrom: all[2].CreatedAt().Add(time.Hour)},
	} {
		requireListMatches(t, all, flt, flt.Matches, flt.Limit, func() ([]*parts.PurchaseOrder, error) {
			return f.repo.ListPurchaseOrders(f.ctx, dealerA(), flt)
		})
	}
	page, err := f.svc.PurchaseOrders(f.ctx, f.clerk, parts.POFilter{Limit: 2})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	require.NotEmpty(t, page.Next)
	page, err = f.svc.PurchaseOrders(f.ctx, f.clerk, parts.POFilter{Cursor: page.Next, Limit: 2})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.Equal(t, all[2].ID(), page.Items[0].ID())
	require.Empty(t, page.Next)
}

// requireListMatches checks that list returns, in id order, exactly the records of all that
// matches picks, the first limit of them when limit is set: a store's list agrees with the
// filter's own Matches.
func requireListMatches[R interface{ ID() uuid.UUID }](t *testing.T, all []R, flt any, matches func(R) bool, limit int, list func() ([]R, error)) {
	t.Helper()
	var want []uuid.UUID
	for _, x := range all {
		if matches(x) && (limit == 0 || len(want) < limit) {
			want = append(want, x.ID())
		}
	}
	got, err := list()
	require.NoError(t, err)
	var gotIDs []uuid.UUID
	for _, x := range got {
		gotIDs = append(gotIDs, x.ID())
	}
	require.Equal(t, want, gotIDs, "filter %+v", flt)
}

func newReservation(t *testing.T, f *partsFixture, n byte, part *parts.Part, order, line uuid.UUID, requested string, allocs ...parts.Allocation) *parts.Reservation {
	t.Helper()
	r, err := parts.NewReservation(uuid.UUID{0x7e, 15: n}, f.clerkOf(part.Dealer()), t0().Add(time.Duration(n)*time.Hour), parts.ReservationInput{
		Part: part.ID(), Number: part.Number(), Order: order, OrderNumber: "RO-1", Line: line, Requested: dec(t, requested), Allocations: allocs})
	require.NoError(t, err)
	return r
}

func testReservations(t *testing.T, f *partsFixture) {
	oil := f.addPart(t, dealerA(), "G 052 195 M4", parts.UnitLitre, "OIL")
	pads := f.addPart(t, dealerA(), "5Q0 698 151 B", parts.UnitSet, "A-01")
	order, line := orderID(1), lineID(1, 1)
	r1 := newReservation(t, f, 1, oil, order, line, "4.500", parts.Allocation{Bin: "OIL", Quantity: dec(t, "3.250")})
	require.NoError(t, f.repo.CreateReservation(f.ctx, r1))
	got, err := f.repo.GetReservation(f.ctx, dealerA(), r1.ID())
	require.NoError(t, err)
	loadR := func() (*parts.Reservation, error) { return f.repo.GetReservation(f.ctx, dealerA(), r1.ID()) }
	mine, err := loadR()
	require.NoError(t, err)
	requireIsolated(t, "reservation", mine, loadR)
	requireSame(t, "reservation", r1.Snapshot(), got.Snapshot())
	requireDecimal(t, "1.250", got.BackOrdered(), "back-ordered")

	second := newReservation(t, f, 2, oil, order, line, "1.000")
	require.ErrorIs(t, f.repo.CreateReservation(f.ctx, second), dealerkit.ErrConflict, "a second open reservation of the line")
	require.NoError(t, f.repo.UpdateReservation(f.ctx, dealerA(), r1.ID(), func(r *parts.Reservation) error {
		_, err := r.Release(f.clerk, t0().Add(3*time.Hour), "line dropped")
		return err
	}))
	require.NoError(t, f.repo.CreateReservation(f.ctx, second), "once released, the line may be reserved again")
	third := newReservation(t, f, 3, oil, order, line, "1.000")
	require.ErrorIs(t, f.repo.CreateReservation(f.ctx, third), dealerkit.ErrConflict)

	require.NoError(t, f.repo.CreateReservation(f.ctx, newReservation(t, f, 4, pads, order, lineID(1, 2), "2", parts.Allocation{Bin: "A-01", Quantity: dec(t, "2")})))
	require.NoError(t, f.repo.CreateReservation(f.ctx, newReservation(t, f, 5, pads, orderID(2), lineID(2, 1), "3")))
	bPart := f.addPart(t, dealerB(), "G 052 195 M4", parts.UnitLitre, "OIL")
	require.NoError(t, f.repo.CreateReservation(f.ctx, newReservation(t, f, 6, bPart, order, line, "1.000")),
		"another dealer's line is its own")

	// Every filter lists what Matches picks from all, before and after a reservation of a part
	// leaves the open state (a store may index the open ones apart).
	open := []parts.ReservationState{parts.ReservationOpen}
	checkFilters := func(wantAll int) {
		t.Helper()
		all, err := f.repo.ListReservations(f.ctx, dealerA(), parts.ReservationFilter{})
		require.NoError(t, err)
		require.Len(t, all, wantAll)
		for _, flt := range []parts.ReservationFilter{
			{}, {Order: order}, {Line: line}, {Order: order, Line: line, States: open},
			{Part: pads.ID()}, {Part: pads.ID(), States: open}, {Part: oil.ID(), States: open}, {Part: pads.ID(), BackOrdered: true},
			{States: []parts.ReservationState{parts.ReservationReleased}}, {BackOrdered: true},
			{CreatedFrom: t0().Add(2 * time.Hour)}, {CreatedBefore: t0().Add(2 * time.Hour)},
			{CreatedFrom: t0().Add(2*time.Hour + time.Nanosecond), CreatedBefore: t0().Add(5 * time.Hour)},
			{After: all[1].ID()}, {Limit: 2}, {BackOrdered: true, Limit: 1},
		} {
			requireListMatches(t, all, flt, flt.Matches, flt.Limit, func() ([]*parts.Reservation, error) {
				return f.repo.ListReservations(f.ctx, dealerA(), flt)
			})
		}
	}
	checkFilters(4)
	require.NoError(t, f.repo.UpdateReservation(f.ctx, dealerA(), uuid.UUID{0x7e, 15: 5}, func(r *parts.Reservation) error {
		_, err := r.Release(f.clerkOf(pads.Dealer()), t0().Add(6*time.Hour), "customer declined")
		return err
	}))
	checkFilters(4)
}

func testStocktakes(t *testing.T, f *partsFixture) {
	oil := f.addPart(t, dealerA(), "G 052 195 M4", parts.UnitLitre, "OIL")
	pads := f.addPart(t, dealerA(), "5Q0 698 151 B", parts.UnitSet, "A-01")
	f.receipt(t, dealerA(), oil.ID(), "OIL", "20.000", "12.5000")
	f.receipt(t, dealerA(), pads.ID(), "A-01", "6", "210.0000")

	st, err := f.svc.StartStocktake(f.ctx, f.clerk, parts.StocktakeInput{Number: "ST-2025-03", Reason: "month-end", Blind: true})
	require.NoError(t, err)
	got, err := f.repo.GetStocktake(f.ctx, dealerA(), st.ID())
	require.NoError(t, err)
	requireSame(t, "stocktake", st.Snapshot(), got.Snapshot())
	stID := st.ID()
	requireIsolated(t, "stocktake", st, func() (*parts.Stocktake, error) { return f.repo.GetStocktake(f.ctx, dealerA(), stID) })
	got, err = f.repo.GetStocktake(f.ctx, dealerA(), stID)
	require.NoError(t, err)
	st = got
	_, err = f.svc.StartStocktake(f.ctx, f.clerk, parts.StocktakeInput{Number: "ST-2025-03", Reason: "again"})
	require.ErrorIs(t, err, dealerkit.ErrConflict, "stocktake number taken")

	// §3.4.4: count (the oil short by 0.250 l), submit, and approval by a manager who did not count
	// posts the variance as an adjustment in the stocktake's transaction.
	for _, l := range got.Lines() {
		qty := l.Frozen
		if l.Part == oil.ID() {
			qty = dec(t, "19.750")
		}
		require.NoError(t, f.svc.Count(f.ctx, f.clerk, st.ID(), l.ID, qty))
	}
	require.NoError(t, f.svc.SubmitStocktake(f.ctx, f.clerk, st.ID()))
	done, err := f.svc.ApproveStocktake(f.ctx, f.manager, st.ID())
	require.NoError(t, err)
	got, err = f.repo.GetStocktake(f.ctx, dealerA(), st.ID())
	require.NoError(t, err)
	requireSame(t, "approved stocktake", done.Snapshot(), got.Snapshot())
	require.Equal(t, parts.StocktakePosted, got.State())
	row := f.row(t, dealerA(), oil.ID(), "OIL")
	requireDecimal(t, "19.750", row.OnHand(), "oil after the count")
	requireDecimal(t, "246.87", row.Value(), "250.00 less round(250 × 0.25 / 20 = 3.125) = 3.13")
	adj, err := f.repo.GetPosting(f.ctx, dealerA(), got.Posting())
	require.NoError(t, err)
	require.Equal(t, parts.MoveAdjustment, adj.Kind())
	f.requireBooks(t, dealerA())

	posted, err := f.repo.ListStocktakes(f.ctx, dealerA(), parts.StocktakeFilter{States: []parts.StocktakeState{parts.StocktakePosted}})
	require.NoError(t, err)
	require.Len(t, posted, 1)
	counting, err := f.repo.ListStocktakes(f.ctx, dealerA(), parts.StocktakeFilter{States: []parts.StocktakeState{parts.StocktakeCounting}})
	require.NoError(t, err)
	require.Empty(t, counting)
	none, err := f.repo.ListStocktakes(f.ctx, dealerA(), parts.StocktakeFilter{After: st.ID()})
	require.NoError(t, err)
	require.Empty(t, none)
}

func testPartsTenants(t *testing.T, f *partsFixture) {
	ctx, a, b := f.ctx, dealerA(), dealerB()
	oil := f.addPart(t, a, "G 052 195 M4", parts.UnitLitre, "OIL")
	sup := f.supplier(t, a)
	rc := f.buy(t, oil, "10.000", "12.0000")
	orders, err := f.repo.ListPurchaseOrders(ctx, a, parts.POFilter{})
	require.NoError(t, err)
	res := newReservation(t, f, 1, oil, orderID(1), lineID(1, 1), "1.000")
	require.NoError(t, f.repo.CreateReservation(ctx, res))
	st, err := f.svc.StartStocktake(ctx, f.clerk, parts.StocktakeInput{Reason: "cycle count"})
	require.NoError(t, err)
	posting, err := f.repo.GetPosting(ctx, a, rc.Posting)
	require.NoError(t, err)
	before := f.snapshot(t, a)

	called := false
	_, err = f.repo.GetPart(ctx, b, oil.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.PartByNumber(ctx, b, oil.Number())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdatePart(ctx, b, oil.ID(), func(*parts.Part) error { called = true; return nil }), dealerkit.ErrNotFound)
	_, err = f.repo.GetSupplier(ctx, b, sup.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetPurchaseOrder(ctx, b, orders[0].ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdatePurchaseOrder(ctx, b, orders[0].ID(), func(*parts.PurchaseOrder) error { called = true; return nil }), dealerkit.ErrNotFound)
	_, err = f.repo.GetReservation(ctx, b, res.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateReservation(ctx, b, res.ID(), func(*parts.Reservation) error { called = true; return nil }), dealerkit.ErrNotFound)
	_, err = f.repo.GetStocktake(ctx, b, st.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.ErrorIs(t, f.repo.UpdateStocktake(ctx, b, st.ID(), func(*parts.Stocktake) error { called = true; return nil }), dealerkit.ErrNotFound)
	_, err = f.repo.GetStock(ctx, b, oil.ID(), "OIL")
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetPosting(ctx, b, posting.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.PostingByKey(ctx, b, posting.Key())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.False(t, called)

	ps, err := f.repo.ListParts(ctx, b, parts.PartFilter{IDs: []uuid.UUID{oil.ID()}})
	require.NoError(t, err)
	require.Empty(t, ps)
	sups, err := f.repo.ListSuppliers(ctx, b)
	require.NoError(t, err)
	require.Empty(t, sups)
	pos, err := f.repo.ListPurchaseOrders(ctx, b, parts.POFilter{Part: oil.ID()})
	require.NoError(t, err)
	require.Empty(t, pos)
	rs, err := f.repo.ListReservations(ctx, b, parts.ReservationFilter{Order: orderID(1)})
	require.NoError(t, err)
	require.Empty(t, rs)
	sts, err := f.repo.ListStocktakes(ctx, b, parts.StocktakeFilter{})
	require.NoError(t, err)
	require.Empty(t, sts)
	rows, err := f.repo.ListStock(ctx, b, parts.StockFilter{Part: oil.ID()})
	require.NoError(t, err)
	require.Empty(t, rows)
	ms, err := f.repo.ListMovements(ctx, b, parts.MovementFilter{Posting: posting.ID()})
	require.NoError(t, err)
	require.Empty(t, ms)

	// Dealer B cannot take, hold or release A's stock: for B the row does not exist.
	issue := f.newPosting(t, b, issueInput(oil.ID(), "OIL", dec(t, "1.000"), decimal.Zero))
	var se *parts.StockError
	require.ErrorAs(t, f.repo.Post(ctx, issue), &se)
	require.True(t, se.Have.IsZero(), "B has nothing of the part")
	require.ErrorAs(t, f.repo.Reserve(ctx, b, []parts.Hold{{Part: oil.ID(), Bin: "OIL", Quantity: dec(t, "1.000")}}), &se)
	// B may post under A's key, and receive into the same part id and bin: its own row.
	in := receiptInput(t, oil.ID(), "OIL", "2.000", "9.0000")
	in.Key = posting.Key()
	require.NoError(t, f.repo.Post(ctx, f.newPosting(t, b, in)))
	requireDecimal(t, "2.000", f.row(t, b, oil.ID(), "OIL").OnHand(), "B's row")
	f.requireUnchanged(t, a, before)
	f.requireBooks(t, a)
	f.requireBooks(t, b)
}

func testPostRoundTrip(t *testing.T, f *partsFixture) {
	part := uuid.UUID{0x9a, 15: 1}
	in := receiptInput(t, part, "OIL-1", "10.500", "20.1234")
	in.Reference = parts.Reference{Kind: parts.RefPurchaseOrder, ID: uuid.UUID{0x90, 15: 1}, Line: uuid.UUID{0x91, 15: 1}, Number: "PO-1"}
	rc := f.newPosting(t, dealerA(), in)
	require.NoError(t, f.repo.Post(f.ctx, rc))
	requireDecimal(t, "211.30", rc.Value(), "receipt value round(10.5 × 20.1234 = 211.2957)")

	row := f.row(t, dealerA(), part, "OIL-1")
	requireDecimal(t, "10.500", row.OnHand(), "on-hand")
	requireDecimal(t, "0", row.Reserved(), "reserved")
	requireDecimal(t, "211.30", row.Value(), "value")
	requireDecimal(t, "20.1234", row.LastUnitCost(), "last unit cost")
	require.True(t, row.LastMovementAt().Equal(rc.At()))
	require.Equal(t, time.UTC, row.LastMovementAt().Location())

	// An issue of 2.250 l costs round(211.30 × 2.25 / 10.5 = 45.2785…) = 45.28.
	is := f.newPosting(t, dealerA(), issueInput(part, "OIL-1", dec(t, "2.250"), decimal.Zero))
	require.NoError(t, f.repo.Post(f.ctx, is))
	m := is.Movements()[0]
	requireDecimal(t, "-45.28", m.Value, "issue cost")
	requireDecimal(t, "8.250", m.OnHandAfter, "on-hand after")
	requireDecimal(t, "166.02", m.ValueAfter, "value after")
	row = f.row(t, dealerA(), part, "OIL-1")
	requireSame(t, "stock row", parts.StockSnapshot{Dealer: dealerA(), Part: part, Bin: "OIL-1", OnHand: dec(t, "8.250"),
		Reserved: dec(t, "0"), Value: dec(t, "166.02"), Method: parts.MovingAverage, LastUnitCost: dec(t, "20.1234"),
		LastMovementAt: is.At()}, row.Snapshot())

	for _, p := range []*parts.Posting{rc, is} {
		got, err := f.repo.GetPosting(f.ctx, dealerA(), p.ID())
		require.NoError(t, err)
		requireSame(t, "posting", p.Snapshot(), got.Snapshot())
		require.True(t, got.Applied())
		byKey, err := f.repo.PostingByKey(f.ctx, dealerA(), p.Key())
		require.NoError(t, err)
		requireSame(t, "posting by key", p.Snapshot(), byKey.Snapshot())
		ms, err := f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{Posting: p.ID()})
		require.NoError(t, err)
		requireSame(t, "movements", p.Movements(), ms)
		id := p.ID()
		requireIsolated(t, "posting", got, func() (*parts.Posting, error) { return f.repo.GetPosting(f.ctx, dealerA(), id) })
		requireIsolated(t, "movements", ms, func() ([]parts.Movement, error) {
			return f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{Posting: id})
		})
	}

	// A posting of several lines keeps its lines in part, bin order, two of them on one row.
	multi := f.newPosting(t, dealerA(), parts.PostingInput{Kind: parts.MoveAdjustment, Lines: []parts.PostingLine{
		{Part: part, Bin: "OIL-2", Quantity: dec(t, "1.000")},
		{Part: part, Bin: "OIL-1", Quantity: dec(t, "-0.250")},
		{Part: part, Bin: "OIL-1", Quantity: dec(t, "0.500")},
	}})
	require.NoError(t, f.repo.Post(f.ctx, multi))
	got, err := f.repo.GetPosting(f.ctx, dealerA(), multi.ID())
	require.NoError(t, err)
	requireSame(t, "posting of three lines", multi.Snapshot(), got.Snapshot())
	requireDecimal(t, "8.500", f.row(t, dealerA(), part, "OIL-1").OnHand(), "OIL-1 after -0.250 and +0.500")
	f.requireBooks(t, dealerA())
}

func testPostKeyTaken(t *testing.T, f *partsFixture) {
	part := uuid.UUID{0x9a, 15: 1}
	first := f.receipt(t, dealerA(), part, "A-01", "5", "10.0000")
	before := f.snapshot(t, dealerA())
	in := receiptInput(t, part, "A-02", "3", "11.0000")
	in.Key = first.Key()
	again := f.newPosting(t, dealerA(), in)
	require.ErrorIs(t, f.repo.Post(f.ctx, again), dealerkit.ErrConflict)
	issue := issueInput(part, "A-01", dec(t, "1"), decimal.Zero)
	issue.Key = first.Key()
	require.ErrorIs(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), issue)), dealerkit.ErrConflict)
	f.requireUnchanged(t, dealerA(), before)
	_, err := f.repo.GetStock(f.ctx, dealerA(), part, "A-02")
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "a refused posting creates no row")
	byKey, err := f.repo.PostingByKey(f.ctx, dealerA(), first.Key())
	require.NoError(t, err)
	require.Equal(t, first.ID(), byKey.ID())

	// The same key inside a transaction: refused, and the transaction goes on.
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.ErrorIs(t, f.repo.Post(ctx, f.newPosting(t, dealerA(), in)), dealerkit.ErrConflict)
		return f.repo.Post(ctx, f.newPosting(t, dealerA(), receiptInput(t, part, "A-01", "1", "10.0000")))
	}))
	requireDecimal(t, "6", f.row(t, dealerA(), part, "A-01").OnHand(), "on-hand")

	in.Key = first.Key()
	require.NoError(t, f.repo.Post(f.ctx, f.newPosting(t, dealerB(), in)), "another dealer may use the key")
	f.requireBooks(t, dealerA())
	f.requireBooks(t, dealerB())
}

func testPostClaim(t *testing.T, f *partsFixture) {
	part := uuid.UUID{0x9a, 15: 1}
	f.receipt(t, dealerA(), part, "A-01", "5", "10.0000")
	eventsBefore := len(f.partsEvents(t, dealerA()))
	before := f.snapshot(t, dealerA())
	claim := f.newPosting(t, dealerA(), parts.PostingInput{Kind: parts.MoveReceipt,
		Reference: parts.Reference{Kind: parts.RefPurchaseOrder, ID: uuid.UUID{0x90, 15: 2}, Number: "PO-2"}})
	require.True(t, claim.Claim())
	require.NoError(t, f.repo.Post(f.ctx, claim))
	f.requireUnchanged(t, dealerA(), before)
	require.Len(t, f.partsEvents(t, dealerA()), eventsBefore, "a claim moves nothing and records no event")

	got, err := f.repo.GetPosting(f.ctx, dealerA(), claim.ID())
	require.NoError(t, err)
	requireSame(t, "claim", claim.Snapshot(), got.Snapshot())
	require.True(t, got.Claim())
	require.True(t, got.Applied())
	byKey, err := f.repo.PostingByKey(f.ctx, dealerA(), claim.Key())
	require.NoError(t, err)
	requireSame(t, "claim by key", claim.Snapshot(), byKey.Snapshot())
	require.Equal(t, claim.Fingerprint(), byKey.Fingerprint())
	ms, err := f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{Posting: claim.ID()})
	require.NoError(t, err)
	require.Empty(t, ms)

	// The key is taken, for a posting that moves stock as for another claim.
	in := receiptInput(t, part, "A-01", "1", "10.0000")
	in.Key = claim.Key()
	require.ErrorIs(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), in)), dealerkit.ErrConflict)
	require.ErrorIs(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), parts.PostingInput{Key: claim.Key(), Kind: parts.MoveReceipt})),
		dealerkit.ErrConflict)
	issue := issueInput(part, "A-01", dec(t, "1"), decimal.Zero)
	issue.Key = claim.Key()
	require.ErrorIs(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), issue)), dealerkit.ErrConflict)
	f.requireUnchanged(t, dealerA(), before)

	// Another dealer neither sees the claim nor is bound by it.
	_, err = f.repo.PostingByKey(f.ctx, dealerB(), claim.Key())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetPosting(f.ctx, dealerB(), claim.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	require.NoError(t, f.repo.Post(f.ctx, f.newPosting(t, dealerB(), in)), "another dealer may use the key")
	f.requireBooks(t, dealerA())
	f.requireBooks(t, dealerB())
}

func testPostRefused(t *testing.T, f *partsFixture) {
	x, y := uuid.UUID{0x9a, 15: 1}, uuid.UUID{0x9a, 15: 2}
	f.receipt(t, dealerA(), x, "A-01", "5", "10.0000")
	f.receipt(t, dealerA(), y, "A-01", "2", "30.0000")
	before := f.snapshot(t, dealerA())

	// Two lines: x can give 3, y cannot give 4. The first is not applied either.
	p := f.newPosting(t, dealerA(), parts.PostingInput{Kind: parts.MoveIssue, Lines: []parts.PostingLine{
		{Part: y, Bin: "A-01", Quantity: dec(t, "-4")}, {Part: x, Bin: "A-01", Quantity: dec(t, "-3")}}})
	err := f.repo.Post(f.ctx, p)
	var se *parts.StockError
	require.ErrorAs(t, err, &se)
	require.ErrorIs(t, err, parts.ErrInsufficientStock)
	require.Equal(t, y, se.Part)
	require.Equal(t, "A-01", se.Bin)
	requireDecimal(t, "2", se.Have, "have")
	requireDecimal(t, "4", se.Want, "want")
	f.requireUnchanged(t, dealerA(), before)
	_, err = f.repo.PostingByKey(f.ctx, dealerA(), p.Key())
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "a refused posting does not take its key")

	// A row that does not exist has nothing to give; nor does an adjustment out of it.
	err = f.repo.Post(f.ctx, f.newPosting(t, dealerA(), issueInput(x, "Z-99", dec(t, "1"), decimal.Zero)))
	require.ErrorAs(t, err, &se)
	require.True(t, se.Have.IsZero())
	mixed := f.newPosting(t, dealerA(), parts.PostingInput{Kind: parts.MoveAdjustment, Lines: []parts.PostingLine{
		{Part: x, Bin: "NEW-1", Quantity: dec(t, "2")}, {Part: y, Bin: "A-01", Quantity: dec(t, "-3")}}})
	require.ErrorIs(t, f.repo.Post(f.ctx, mixed), parts.ErrInsufficientStock)
	f.requireUnchanged(t, dealerA(), before)
	_, err = f.repo.GetStock(f.ctx, dealerA(), x, "NEW-1")
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "a refused posting leaves no row behind")

	// Inside a transaction the refusal changes nothing and the transaction goes on: the key of the
	// refused posting is still free.
	retry := issueInput(y, "A-01", dec(t, "2"), decimal.Zero)
	retry.Key = p.Key()
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.ErrorIs(t, f.repo.Post(ctx, f.newPosting(t, dealerA(), parts.PostingInput{Key: p.Key(), Kind: parts.MoveIssue,
			Lines: []parts.PostingLine{{Part: y, Bin: "A-01", Quantity: dec(t, "-4")}}})), parts.ErrInsufficientStock)
		return f.repo.Post(ctx, f.newPosting(t, dealerA(), retry))
	}))
	row := f.row(t, dealerA(), y, "A-01")
	requireDecimal(t, "0", row.OnHand(), "y after issuing its last two")
	requireDecimal(t, "0.00", row.Value(), "nothing on hand is worth nothing")
	f.requireBooks(t, dealerA())
}

func testReserve(t *testing.T, f *partsFixture) {
	x, y := uuid.UUID{0x9a, 15: 1}, uuid.UUID{0x9a, 15: 2}
	f.receipt(t, dealerA(), x, "A-01", "5.000", "10.0000")
	f.receipt(t, dealerA(), y, "B-01", "2.000", "30.0000")
	hold := func(part uuid.UUID, bin, q string) parts.Hold {
		return parts.Hold{Part: part, Bin: bin, Quantity: dec(t, q)}
	}

	require.NoError(t, f.repo.Reserve(f.ctx, dealerA(), []parts.Hold{hold(x, "A-01", "3.000"), hold(y, "B-01", "2.000")}))
	requireDecimal(t, "3.000", f.row(t, dealerA(), x, "A-01").Reserved(), "x reserved")
	requireDecimal(t, "2.000", f.row(t, dealerA(), y, "B-01").Reserved(), "y reserved")
	before := f.snapshot(t, dealerA())

	var se *parts.StockError
	require.ErrorAs(t, f.repo.Reserve(f.ctx, dealerA(), []parts.Hold{hold(x, "A-01", "1.000"), hold(y, "B-01", "0.001")}), &se,
		"y has nothing left to hold")
	require.Equal(t, y, se.Part)
	require.ErrorAs(t, f.repo.Reserve(f.ctx, dealerA(), []parts.Hold{hold(x, "A-01", "-1.000"), hold(y, "B-01", "-2.001")}), &se,
		"y cannot release more than it holds")
	require.ErrorAs(t, f.repo.Reserve(f.ctx, dealerA(), []parts.Hold{hold(x, "A-01", "1.000"), hold(x, "Z-99", "1.000")}), &se,
		"no row to hold in")
	require.True(t, se.Have.IsZero())
	require.ErrorAs(t, f.repo.Reserve(f.ctx, dealerA(), []parts.Hold{hold(x, "A-01", "1.000"), hold(x, "A-01", "1.001")}), &se,
		"two holds on one row add up")
	f.requireUnchanged(t, dealerA(), before)

	// Stock held for repair orders cannot be issued to another; an issue may release its own hold.
	err := f.repo.Post(f.ctx, f.newPosting(t, dealerA(), issueInput(x, "A-01", dec(t, "2.500"), decimal.Zero)))
	require.ErrorAs(t, err, &se)
	requireDecimal(t, "2.000", se.Have, "available: 5 on hand less 3 held")
	require.NoError(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), issueInput(x, "A-01", dec(t, "4.000"), dec(t, "2.000")))))
	row := f.row(t, dealerA(), x, "A-01")
	requireDecimal(t, "1.000", row.OnHand(), "x on-hand")
	requireDecimal(t, "1.000", row.Reserved(), "x still held")
	require.ErrorIs(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), issueInput(x, "A-01", dec(t, "2.000"), dec(t, "1.500")))),
		parts.ErrInsufficientStock, "an issue cannot release more than is held")

	// Inside a transaction a refused Reserve changes nothing and the transaction goes on.
	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		require.ErrorIs(t, f.repo.Reserve(ctx, dealerA(), []parts.Hold{hold(y, "B-01", "-1.000"), hold(y, "B-01", "-1.500")}),
			parts.ErrInsufficientStock)
		return f.repo.Reserve(ctx, dealerA(), []parts.Hold{hold(x, "A-01", "-1.000"), hold(y, "B-01", "-2.000")})
	}))
	requireDecimal(t, "0.000", f.row(t, dealerA(), x, "A-01").Reserved(), "x released")
	requireDecimal(t, "0.000", f.row(t, dealerA(), y, "B-01").Reserved(), "y released")
	f.requireBooks(t, dealerA())
}

func testConcurrentFirstReceipts(t *testing.T, f *partsFixture) {
	const receivers = 8
	for round, bin := range []string{"NEW-1", "NEW-2", "NEW-3"} {
		part := uuid.UUID{0x9a, 14: byte(round), 15: 1}
		postings := make([]*parts.Posting, receivers)
		for i := range postings {
			postings[i] = f.newPosting(t, dealerA(), receiptInput(t, part, bin, fmt.Sprint(i+1), "10.0000"))
		}
		errs := make([]error, receivers)
		var wg sync.WaitGroup
		for i := range postings {
			wg.Go(func() { errs[i] = f.repo.Post(f.ctx, postings[i]) })
		}
		wg.Wait()
		for i, err := range errs {
			require.NoError(t, err, "receipt %d into %s", i, bin)
		}
		row := f.row(t, dealerA(), part, bin)
		requireDecimal(t, "36", row.OnHand(), "1 + 2 + … + 8")
		require.True(t, dec(t, "360").Equal(row.Value()), "value %s", row.Value())
	}
	f.requireBooks(t, dealerA())
}

func testStockAndMovementLists(t *testing.T, f *partsFixture) {
	p1, p2 := uuid.UUID{0x9a, 15: 1}, uuid.UUID{0x9a, 15: 2}
	// Bins that sort differently bytewise and in a locale: "B-01" < "a-01" < "b-01" < "ä-01".
	for _, r := range []struct {
		part uuid.UUID
		bin  string
	}{{p2, "b-01"}, {p1, "ä-01"}, {p1, "b-01"}, {p1, "a-01"}, {p1, "B-01"}, {p2, "B-01"}} {
		f.receipt(t, dealerA(), r.part, r.bin, "3", "10.0000")
	}
	f.receipt(t, dealerB(), p1, "A-01", "1", "1.0000")
	require.NoError(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), issueInput(p1, "a-01", dec(t, "1"), decimal.Zero))))
	require.NoError(t, f.repo.Post(f.ctx, f.newPosting(t, dealerA(), parts.PostingInput{Kind: parts.MoveAdjustment,
		Lines: []parts.PostingLine{{Part: p2, Bin: "b-01", Quantity: dec(t, "1")}, {Part: p1, Bin: "b-01", Quantity: dec(t, "-2")}}})))

	rows, err := f.repo.ListStock(f.ctx, dealerA(), parts.StockFilter{})
	require.NoError(t, err)
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%d %s", r.Part()[15], r.Bin()))
	}
	require.Equal(t, []string{"1 B-01", "1 a-01", "1 b-01", "1 ä-01", "2 B-01", "2 b-01"}, got)
	for _, flt := range []parts.StockFilter{{Part: p2}, {Bins: []string{"b-01", "ä-01"}}, {Part: p1, Bins: []string{"B-01"}}, {Bins: []string{"none"}}} {
		var want []string
		for _, r := range rows {
			if flt.Matches(r) {
				want = append(want, fmt.Sprintf("%s %s", r.Part(), r.Bin()))
			}
		}
		sel, err := f.repo.ListStock(f.ctx, dealerA(), flt)
		require.NoError(t, err)
		var gotSel []string
		for _, r := range sel {
			gotSel = append(gotSel, fmt.Sprintf("%s %s", r.Part(), r.Bin()))
		}
		require.Equal(t, want, gotSel, "filter %+v", flt)
	}

	all, err := f.repo.ListMovements(f.ctx, dealerA(), parts.MovementFilter{})
	require.NoError(t, err)
	require.Len(t, all, 9)
	require.True(t, slices.IsSortedFunc(all, func(a, b parts.Movement) int { return strings.Compare(a.ID.String(), b.ID.String()) }),
		"movements in id order")
	mid := all[4]
	for _, flt := range []parts.MovementFilter{
		{}, {Part: p2}, {Kinds: []parts.MovementKind{parts.MoveIssue, parts.MoveAdjustment}}, {Kinds: []parts.MovementKind{parts.MoveReturn}},
		{From: mid.At}, {To: mid.At}, {From: mid.At.Add(-time.Nanosecond), To: mid.At.Add(time.Nanosecond)},
		{From: mid.At.Add(time.Nanosecond)}, {Posting: all[7].Posting}, {After: mid.ID}, {After: mid.ID, Limit: 2},
		{Part: p1, Kinds: []parts.MovementKind{parts.MoveReceipt}, Limit: 3},
	} {
		var want []uuid.UUID
		for _, m := range all {
			if flt.Matches(m) && (flt.Limit == 0 || len(want) < flt.Limit) {
				want = append(want, m.ID)
			}
		}
		sel, err := f.repo.ListMovements(f.ctx, dealerA(), flt)
		require.NoError(t, err)
		var gotIDs []uuid.UUID
		for _, m := range sel {
			gotIDs = append(gotIDs, m.ID)
		}
		require.Equal(t, want, gotIDs, "filter %+v", flt)
	}
	f.requireBooks(t, dealerA())
}

func testPartsEvents(t *testing.T, f *partsFixture) {
	oil := f.addPart(t, dealerA(), "G 052 195 M4", parts.UnitLitre, "OIL")
	p := f.receipt(t, dealerA(), oil.ID(), "OIL", "4.500", "20.0000")
	evs := f.partsEvents(t, dealerA())
	var types []string
	for i, e := range evs {
		require.Equal(t, int64(i+1), e.Seq)
		types = append(types, e.Type)
	}
	require.Equal(t, []string{"supplier.created", "part.created", "stock.received"}, types)
	requireEvents(t, p.PendingEvents(), evs[2:], 3)
	require.Contains(t, string(evs[2].Data), `"4.500"`, "the posting's event keeps the quantity's scale")
	require.Contains(t, string(evs[2].Data), `"90.00"`, "and the value's")
}

func testPartsTxAtomic(t *testing.T, f *partsFixture) {
	oil := f.addPart(t, dealerA(), "G 052 195 M4", parts.UnitLitre, "OIL")
	f.receipt(t, dealerA(), oil.ID(), "OIL", "10.000", "20.0000")
	order, lines := f.decidedOrder(t, partLineInput(t, "G 052 195 M4", "4.500"))
	before := f.snapshot(t, dealerA())
	orderBefore, err := f.orders.Get(f.ctx, dealerA(), order)
	require.NoError(t, err)

	work := func(ctx context.Context) (*parts.Posting, *parts.Reservation, error) {
		p := f.newPosting(t, dealerA(), issueInput(oil.ID(), "OIL", dec(t, "1.500"), decimal.Zero))
		if err := f.repo.Post(ctx, p); err != nil {
			return nil, nil, err
		}
		if err := f.repo.Reserve(ctx, dealerA(), []parts.Hold{{Part: oil.ID(), Bin: "OIL", Quantity: dec(t, "3.000")}}); err != nil {
			return nil, nil, err
		}
		r := newReservation(t, f, 1, oil, order, lines[0], "3.000", parts.Allocation{Bin: "OIL", Quantity: dec(t, "3.000")})
		if err := f.repo.CreateReservation(ctx, r); err != nil {
			return nil, nil, err
		}
		err := f.orders.Update(ctx, dealerA(), order, func(o *aftersales.RepairOrder) error {
			return o.RecordPartsIssue(f.clerk, f.clock.Now(), lines[0], dec(t, "1.500"), p.Value().Neg())
		})
		return p, r, err
	}
	boom := errors.New("boom")
	var p *parts.Posting
	require.ErrorIs(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		var r *parts.Reservation
		var err error
		if p, r, err = work(ctx); err != nil {
			return err
		}
		// The transaction reads its own writes.
		requireDecimal(t, "8.500", f.row2(t, ctx, oil.ID(), "OIL").OnHand(), "on-hand inside")
		requireDecimal(t, "3.000", f.row2(t, ctx, oil.ID(), "OIL").Reserved(), "reserved inside")
		got, err := f.repo.PostingByKey(ctx, dealerA(), p.Key())
		require.NoError(t, err)
		require.Equal(t, p.ID(), got.ID())
		ms, err := f.repo.ListMovements(ctx, dealerA(), parts.MovementFilter{Posting: p.ID()})
		require.NoError(t, err)
		require.Len(t, ms, 1)
		_, err = f.repo.GetReservation(ctx, dealerA(), r.ID())
		require.NoError(t, err)
		return boom
	}), boom)
	f.requireUnchanged(t, dealerA(), before)
	_, err = f.repo.PostingByKey(f.ctx, dealerA(), p.Key())
	require.ErrorIs(t, err, dealerkit.ErrNotFound)
	_, err = f.repo.GetPosting(f.ctx, dealerA(), p.ID())
	require.ErrorIs(t, err, dealerkit.ErrNotFound, "the posting rolled back, by its id")
	rs, err := f.repo.ListReservations(f.ctx, dealerA(), parts.ReservationFilter{States: []parts.ReservationState{parts.ReservationOpen}})
	require.NoError(t, err)
	require.Empty(t, rs, "only the released reservation of the fixture")
	orderAfter, err := f.orders.Get(f.ctx, dealerA(), order)
	require.NoError(t, err)
	require.Equal(t, orderBefore.Version(), orderAfter.Version())

	require.NoError(t, f.store.InTx(f.ctx, func(ctx context.Context) error {
		var err error
		p, _, err = work(ctx)
		return err
	}))
	row := f.row(t, dealerA(), oil.ID(), "OIL")
	requireDecimal(t, "8.500", row.OnHand(), "on-hand")
	requireDecimal(t, "3.000", row.Reserved(), "reserved")
	requireDecimal(t, "1.500", f.orderLine(t, order, lines[0]).Issued, "issued on the line")
	rs, err = f.repo.ListReservations(f.ctx, dealerA(), parts.ReservationFilter{Line: lines[0], States: []parts.ReservationState{parts.ReservationOpen}})
	require.NoError(t, err)
	require.Len(t, rs, 1)
	f.requireBooks(t, dealerA())
}

// row2 reads a row with ctx (inside a transaction).
func (f *partsFixture) row2(t *testing.T, ctx context.Context, part uuid.UUID, bin string) *parts.Stock {
	t.Helper()
	r, err := f.repo.GetStock(ctx, dealerA(), part, bin)
	require.NoError(t, err)
	return r
}

// stepCheck checks a posting's value and the row after it, and the books.
func (f *partsFixture) stepCheck(t *testing.T, p *parts.Posting, err error, part *parts.Part, bin, value, onHand, total string) {
	t.Helper()
	require.NoError(t, err)
	require.True(t, dec(t, value).Equal(p.Value()), "posting value %s, want %s", p.Value(), value)
	r := f.row(t, dealerA(), part.ID(), bin)
	require.True(t, dec(t, onHand).Equal(r.OnHand()), "on-hand %s, want %s", r.OnHand(), onHand)
	require.True(t, dec(t, total).Equal(r.Value()), "row value %s, want %s", r.Value(), total)
	f.requireBooks(t, dealerA())
}

func (f *partsFixture) receiptPosting(t *testing.T, rc parts.Receipt) *parts.Posting {
	t.Helper()
	p, err := f.repo.GetPosting(f.ctx, dealerA(), rc.Posting)
	require.NoError(t, err)
	return p
}

// The golden tests of parts/valuation_test.go, on the adapter: the worked numbers are the same.
//
//	receipt  10 @ 12.3456  value round(123.456) = 123.46        row 10  123.46
//	receipt   5 @ 13.0000  value 65.00                           row 15  188.46
//	issue     4            cost  round(188.46 × 4/15 = 50.256)   row 11  138.20   -50.26
//	return    1 of those 4 cost  round(50.26 × 1/4 = 12.565)     row 12  150.77   +12.57
//	issue    12 (all)      cost  150.77 (the last unit takes the rest)  row 0  0.00
//	adjust   +2 found      value 2 × last receipt cost 13.0000   row  2   26.00
//	adjust   -1 lost       cost  round(26.00 × 1/2)              row  1   13.00
func testGoldenMovingAverage(t *testing.T, f *partsFixture) {
	p := f.addPart(t, dealerA(), "BP-100", parts.UnitPiece, "A-01")
	f.stepCheck(t, f.receiptPosting(t, f.buy(t, p, "10", "12.3456")), nil, p, "A-01", "123.46", "10", "123.46")
	f.stepCheck(t, f.receiptPosting(t, f.buy(t, p, "5", "13.0000")), nil, p, "A-01", "65.00", "15", "188.46")

	r1, l1 := f.approvedOrder(t, partLineInput(t, "BP-100", "4"))
	pi, err := f.svc.Issue(f.ctx, f.clerk, parts.IssueInput{Key: f.key(), Order: r1, Line: l1[0], Quantity: dec(t, "4")})
	f.stepCheck(t, pi, err, p, "A-01", "-50.26", "11", "138.20")
	require.True(t, dec(t, "50.26").Equal(f.orderLine(t, r1, l1[0]).IssuedCost))

	pr, err := f.svc.Return(f.ctx, f.clerk, parts.ReturnInput{Key: f.key(), Order: r1, Line: l1[0], Quantity: dec(t, "1")})
	f.stepCheck(t, pr, err, p, "A-01", "12.57", "12", "150.77")

	r2, l2 := f.approvedOrder(t, partLineInput(t, "BP-100", "12"))
	pi, err = f.svc.Issue(f.ctx, f.clerk, parts.IssueInput{Key: f.key(), Order: r2, Line: l2[0], Quantity: dec(t, "12")})
	f.stepCheck(t, pi, err, p, "A-01", "-150.77", "0", "0")

	adjust := func(q string) (*parts.Posting, error) {
		return f.svc.Adjust(f.ctx, f.manager, parts.AdjustInput{Key: f.key(), Part: p.ID(), Quantity: dec(t, q), Reason: "found in the wrong bin"})
	}
	pa, err := adjust("2")
	f.stepCheck(t, pa, err, p, "A-01", "26.00", "2", "26.00")
	pa, err = adjust("-1")
	f.stepCheck(t, pa, err, p, "A-01", "-13.00", "1", "13.00")
}

// receipt A 10 @ 12.3456 = 123.46     layers A(10, 123.46)
// receipt B  5 @ 13.0000 =  65.00     layers A(10, 123.46) B(5, 65.00)
// issue  4: A round(123.46 × 4/10 = 49.384) = 49.38           A(6, 74.08) B(5, 65.00)   -49.38
// issue  8: A 6 = 74.08, B round(65 × 2/5) = 26.00           B(3, 39.00)               -100.08
// return 1 of the 8: round(100.08 × 1/8 = 12.51)            R(1, 12.51) B(3, 39.00)   +12.51
// issue  2: R 12.51, B round(39 × 1/3) = 13.00               B(2, 26.00)               -25.51
// adjust +1 found at the row's average round(26 × 1/2)       B(2, 26.00) F(1, 13.00)   +13.00
// adjust -3: everything                                      none                      -39.00
func testGoldenFIFO(t *testing.T, f *partsFixture) {
	fifo := parts.DefaultPolicy()
	fifo.Valuation = parts.FIFO
	f = newPartsFixture(t, f.store, &parts.Options{Policy: &dealerkit.Table[parts.Policy]{Default: dealerkit.Single("fifo", fifo)}})
	p := f.addPart(t, dealerA(), "5Q0 698 151 B", parts.UnitSet, "C-03")
	layers := func(want ...string) {
		t.Helper()
		ls := f.row(t, dealerA(), p.ID(), "C-03").Layers()
		require.Len(t, ls, len(want)/2)
		for i := range ls {
			require.True(t, dec(t, want[2*i]).Equal(ls[i].Quantity), "layer %d quantity %s", i, ls[i].Quantity)
			require.True(t, dec(t, want[2*i+1]).Equal(ls[i].Value), "layer %d value %s", i, ls[i].Value)
			require.Equal(t, time.UTC, ls[i].At.Location())
		}
	}
	f.stepCheck(t, f.receiptPosting(t, f.buy(t, p, "10", "12.3456")), nil, p, "C-03", "123.46", "10", "123.46")
	f.stepCheck(t, f.receiptPosting(t, f.buy(t, p, "5", "13.0000")), nil, p, "C-03", "65.00", "15", "188.46")
	layers("10", "123.46", "5", "65.00")

	r1, l1 := f.approvedOrder(t, partLineInput(t, "5Q0 698 151 B", "4"), partLineInput(t, "5Q0 698 151 B", "8"), partLineInput(t, "5Q0 698 151 B", "2"))
	issue := func(i int, q string) (*parts.Posting, error) {
		return f.svc.Issue(f.ctx, f.clerk, parts.IssueInput{Key: f.key(), Order: r1, Line: l1[i], Quantity: dec(t, q)})
	}
	pi, err := issue(0, "4")
	f.stepCheck(t, pi, err, p, "C-03", "-49.38", "11", "139.08")
	layers("6", "74.08", "5", "65.00")
	pi, err = issue(1, "8")
	f.stepCheck(t, pi, err, p, "C-03", "-100.08", "3", "39.00")
	layers("3", "39.00")
	pr, err := f.svc.Return(f.ctx, f.clerk, parts.ReturnInput{Key: f.key(), Order: r1, Line: l1[1], Quantity: dec(t, "1")})
	f.stepCheck(t, pr, err, p, "C-03", "12.51", "4", "51.51")
	layers("1", "12.51", "3", "39.00")
	pi, err = issue(2, "2")
	f.stepCheck(t, pi, err, p, "C-03", "-25.51", "2", "26.00")
	layers("2", "26.00")
	adjust := func(q string) (*parts.Posting, error) {
		return f.svc.Adjust(f.ctx, f.manager, parts.AdjustInput{Key: f.key(), Part: p.ID(), Quantity: dec(t, q), Reason: "count"})
	}
	pa, err := adjust("1")
	f.stepCheck(t, pa, err, p, "C-03", "13.00", "3", "39.00")
	layers("2", "26.00", "1", "13.00")
	pa, err = adjust("-3")
	f.stepCheck(t, pa, err, p, "C-03", "-39.00", "0", "0")
	layers()
}
