package board_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/httpapi"
	"github.com/dealerkit/dealerkit/adapters/httpapi/board"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/printing"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var shanghai = time.FixedZone("UTC+8", 8*60*60)

// clock is the services' injected clock, moved by the seed and read by concurrent requests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type allInService struct{}

func (allInService) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// server is the HTTP API with the documents and the board over a seeded memory store, on a real
// loopback listener so a browser can load it.
type server struct {
	URL       string
	clock     *clock
	po        *parts.PurchaseOrder
	store     *memory.Store
	overdue   *aftersales.RepairOrder // has a job past its promise
	settled   *aftersales.RepairOrder // settled: its statement prints
	complaint complaints.View
}

const authHeader = "X-Demo-Staff"

func newServer(t *testing.T) server {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 0, shanghai)}
	store := memory.New()
	ids := dealerkit.SequentialIDs()
	as, err := aftersales.NewService(store.RepairOrders(), anyoneQualified{}, allInService{}, &aftersales.Options{Now: clk.Now, NewID: ids})
	require.NoError(t, err)
	ps, err := parts.NewService(store.Parts(), store.RepairOrders(), store, &parts.Options{Now: clk.Now, NewID: ids})
	require.NoError(t, err)
	cs, err := complaints.NewService(store.Complaints(), store.CorrectiveActions(), store.RepairOrders(), &complaints.Options{Now: clk.Now, NewID: ids})
	require.NoError(t, err)

	dealer := dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-000000000001"))
	actors := map[string]dealerkit.Actor{}
	for i, s := range []struct {
		name string
		role dealerkit.Role
	}{{"manager", dealerkit.RoleManager}, {"advisor", dealerkit.RoleServiceAdvisor}, {"tech", dealerkit.RoleTechnician},
		{"inspector", dealerkit.RoleQualityInspector}, {"clerk", dealerkit.RolePartsClerk}} {
		a, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse(fmt.Sprintf("5f000000-0000-4000-8000-%012d", i+1))), s.role)
		require.NoError(t, err)
		actors[s.name] = a
	}
	customer, err := dealerkit.NewCustomerActor(dealer, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	require.NoError(t, err)
	advisor, tech, inspector := actors["advisor"], actors["tech"], actors["inspector"]

	open := func(number, plate string, lines []aftersales.LineInput) (*aftersales.RepairOrder, []uuid.UUID) {
		o, err := as.Open(ctx, advisor, aftersales.ReceptionInput{Number: number, ArrivedAt: clk.Now(), GreetedAt: clk.Now(),
			VIN: "LSVAU218XN2183294", Plate: plate, Model: "Passat 330TSI", MileageKm: 9870, FuelPercent: 60, WalkAroundDone: true,
			Concerns: []aftersales.Concern{{Text: "Brakes squeal"}}, Visit: aftersales.VisitWaiting,
			Customer: aftersales.Customer{ID: customer.Customer(), Name: "Li Wei", Phone: "138 0000 0000"}})
		require.NoError(t, err)
		var ids []uuid.UUID
		for _, in := range lines {
			id, err := as.AddLine(ctx, advisor, o.ID(), in)
			require.NoError(t, err)
			ids = append(ids, id)
		}
		_, err = ps.Approve(ctx, customer, o.ID(), aftersales.DecisionInput{Lines: ids, Approved: true, Channel: aftersales.ChannelSignature})
		require.NoError(t, err)
		return o, ids
	}
	labour := func(desc, hours string, pay aftersales.PayType) aftersales.LineInput {
		return aftersales.LineInput{Kind: aftersales.LineLabour, Description: desc, Quantity: dec(hours), UnitPrice: dec("260.00"), PayType: pay}
	}

	// The settled order: worked, inspected and settled, its statement ready to print.
	settled, sl := open("RO-20260302-001", "沪A D1234", []aftersales.LineInput{
		labour("10,000 km service", "1.2", aftersales.PayCustomer),
		{Kind: aftersales.LinePart, Description: "Engine oil 5W-30 (litre)", PartNumber: "G 052 195 M4", Quantity: dec("4.5"), UnitPrice: dec("68.00"), Discount: dec("0.10"), PayType: aftersales.PayCustomer},
		labour("Replace window regulator", "1.6", aftersales.PayWarranty),
	})
	clk.set(clk.Now().Add(10 * time.Minute))
	for _, l := range []uuid.UUID{sl[0], sl[2]} {
		require.NoError(t, as.Dispatch(ctx, advisor, settled.ID(), aftersales.DispatchInput{Line: l, Technician: tech.Staff(), PromisedAt: clk.Now().Add(3 * time.Hour)}))
		require.NoError(t, as.ClockOn(ctx, tech, settled.ID(), l))
		clk.set(clk.Now().Add(40 * time.Minute))
		require.NoError(t, as.ClockOff(ctx, tech, settled.ID(), l))
		require.NoError(t, as.CompleteJob(ctx, tech, settled.ID(), l))
	}
	require.NoError(t, as.FinishWork(ctx, tech, settled.ID()))
	require.NoError(t, as.RecordCleaning(ctx, tech, settled.ID()))
	require.NoError(t, as.Inspect(ctx, inspector, settled.ID(), aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "road test", OK: true}}}))
	require.NoError(t, as.NotifyReady(ctx, advisor, settled.ID(), aftersales.ChannelPhone, "ready"))
	_, err = as.Settle(ctx, advisor, settled.ID())
	require.NoError(t, err)

	// The overdue order: a job promised for 10:30 and still open at noon (§4.2.3).
	late, ll := open("RO-20260302-002", "沪B 77777", []aftersales.LineInput{labour("Replace front brake pads", "0.8", aftersales.PayCustomer)})
	clk.set(time.Date(2026, 3, 2, 9, 30, 0, 0, shanghai))
	require.NoError(t, as.Dispatch(ctx, advisor, late.ID(), aftersales.DispatchInput{Line: ll[0], Technician: tech.Staff(),
		PromisedAt: time.Date(2026, 3, 2, 10, 30, 0, 0, shanghai)}))
	require.NoError(t, as.ClockOn(ctx, tech, late.ID(), ll[0]))
	// An order just received, on time.
	_, _ = open("RO-20260302-003", "沪C 12345", []aftersales.LineInput{labour("Wheel alignment", "1.0", aftersales.PayCustomer)})

	// The parts store: a supplier, a part and a purchase order placed with it (§3.4.1).
	clerk := actors["clerk"]
	sup, err := ps.AddSupplier(ctx, clerk, parts.SupplierInput{Code: "BSH", Name: "Bosch Auto Parts", Contact: "021-5555 0100"})
	require.NoError(t, err)
	pads, err := ps.AddPart(ctx, clerk, parts.PartInput{Number: "5Q0 698 151 B", Name: parts.Name{Zh: "前刹车片", En: "Front brake pad set"}, Category: "brakes",
		Unit: parts.UnitSet, ListPrice: dec("480.00"), Bin: "A-01", Sources: []parts.Source{{Supplier: sup.ID(), LeadTimeDays: 3, Preferred: true}}})
	require.NoError(t, err)
	po, err := ps.CreatePurchaseOrder(ctx, clerk, parts.POInput{Number: "PO-1", Supplier: sup.ID(),
		Lines: []parts.POLineInput{{Part: pads.ID(), Quantity: dec("3"), UnitCost: dec("312.3333")}}})
	require.NoError(t, err)
	require.NoError(t, ps.PlaceOrder(ctx, clerk, po.ID(), clk.Now().Add(72*time.Hour)))

	// A complaint in the queue (§5.1), with its acknowledgement deadline pending.
	cv, err := cs.Record(ctx, advisor, complaints.IntakeInput{Channel: complaints.ChannelPhone, Category: complaints.CategoryServiceAttitude,
		Description: "Nobody called me back about the delay", Complainant: complaints.Complainant{Name: "Zhang San", Phone: "139 0000 0000"}})
	require.NoError(t, err)
	clk.set(time.Date(2026, 3, 2, 12, 0, 0, 0, shanghai))

	h, err := httpapi.New(httpapi.Services{Aftersales: as, Parts: ps, Complaints: cs}, &httpapi.Options{
		Actor: func(r *http.Request) (dealerkit.Actor, error) {
			a, ok := actors[r.Header.Get(authHeader)]
			if !ok {
				// The print links a browser follows carry the demo staff in ?as=.
				if a, ok = actors[r.URL.Query().Get("as")]; !ok {
					return dealerkit.Actor{}, errors.New("unknown staff")
				}
			}
			return a, nil
		},
		Tx: store, Now: clk.Now,
	})
	require.NoError(t, err)
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(), complaints.Labels(), printing.Labels(), board.Labels())
	r, err := printing.NewRenderer(cat, &printing.Options{Location: shanghai, Dealer: printing.Dealer{Name: "Pudong Auto Service"}})
	require.NoError(t, err)
	require.NoError(t, h.MountDocuments(r))
	b, err := board.New(cat, &board.Options{AuthHeader: authHeader, TimeZone: "Asia/Shanghai", Title: "Pudong Auto Service", Refresh: time.Minute})
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("GET /board", b)
	mux.Handle("/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	s := server{URL: srv.URL, complaint: cv, clock: clk, po: po, store: store}
	s.overdue, err = as.Get(ctx, advisor, late.ID())
	require.NoError(t, err)
	s.settled, err = as.Get(ctx, advisor, settled.ID())
	require.NoError(t, err)
	return s
}
