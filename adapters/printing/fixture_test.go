package printing_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var shanghai = time.FixedZone("UTC+8", 8*60*60)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }
func (c *clock) at(days, hour, minute int) {
	l := c.t.In(shanghai)
	c.t = time.Date(l.Year(), l.Month(), l.Day()+days, hour, minute, 0, 0, shanghai)
}

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type allInService struct{}

func (allInService) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// fixture is one repair order and one purchase order taken through the services, with the records
// each document prints captured at the moment it would be printed.
type fixture struct {
	reception *aftersales.RepairOrder  // after reception and the estimate's lines
	estimate  *aftersales.RepairOrder  // after the customer's decisions
	quote     aftersales.Statement     // the library's pricing of the estimate
	picks     []parts.LineAvailability // the parts service's view of the part lines
	settled   *aftersales.RepairOrder  // after settlement and payment
	po        *parts.PurchaseOrder     // placed and partly received
	supplier  *parts.Supplier
	catalogue map[uuid.UUID]*parts.Part
	rounding  dealerkit.Rounding
	staff     map[dealerkit.StaffID]string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 8, 58, 0, 0, shanghai)}
	store := memory.New()
	ids := dealerkit.SequentialIDs()
	svc, err := aftersales.NewService(store.RepairOrders(), anyoneQualified{}, allInService{}, &aftersales.Options{Now: clk.Now, NewID: ids})
	require.NoError(t, err)
	stock, err := parts.NewService(store.Parts(), store.RepairOrders(), store, &parts.Options{Now: clk.Now, NewID: ids})
	require.NoError(t, err)

	dealer := dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-000000000001"))
	staffActor := func(n int, r dealerkit.Role) dealerkit.Actor {
		a, err := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.MustParse(fmt.Sprintf("5f000000-0000-4000-8000-%012d", n))), r)
		require.NoError(t, err)
		return a
	}
	advisor, tech, inspector, clerk := staffActor(1, dealerkit.RoleServiceAdvisor), staffActor(2, dealerkit.RoleTechnician),
		staffActor(3, dealerkit.RoleQualityInspector), staffActor(4, dealerkit.RolePartsClerk)
	customer, err := dealerkit.NewCustomerActor(dealer, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	require.NoError(t, err)
	f := fixture{catalogue: map[uuid.UUID]*parts.Part{}, rounding: dealerkit.DefaultRounding(), staff: map[dealerkit.StaffID]string{
		advisor.Staff(): "Wang Fang 王芳", tech.Staff(): "Zhao Lei 赵磊", inspector.Staff(): "Chen Jie 陈杰", clerk.Staff(): "Liu Yang 刘洋"}}

	// The parts store: a supplier, two catalogued parts, a purchase order placed and partly received.
	sup, err := stock.AddSupplier(ctx, clerk, parts.SupplierInput{Code: "BSH", Name: "Bosch Auto Parts (Shanghai)", Contact: "021-5555 0100"})
	require.NoError(t, err)
	f.supplier = sup
	addPart := func(in parts.PartInput) *parts.Part {
		in.Sources = []parts.Source{{Supplier: sup.ID(), LeadTimeDays: 3, Preferred: true}}
		p, err := stock.AddPart(ctx, clerk, in)
		require.NoError(t, err)
		f.catalogue[p.ID()] = p
		return p
	}
	pads := addPart(parts.PartInput{Number: "5Q0 698 151 B", Name: parts.Name{Zh: "前刹车片", En: "Front brake pad set"},
		Unit: parts.UnitSet, Category: "brakes", ListPrice: dec("480.00"), Bin: "A-01"})
	filter := addPart(parts.PartInput{Number: "06L 115 562 B", Name: parts.Name{Zh: "机油滤清器", En: "Oil filter"},
		Unit: parts.UnitPiece, Category: "filters", ListPrice: dec("85.00"), Bin: "B-03"})
	po, err := stock.CreatePurchaseOrder(ctx, clerk, parts.POInput{Number: "PO-20260302-01", Supplier: sup.ID(), Lines: []parts.POLineInput{
		{Part: pads.ID(), Quantity: dec("10"), UnitCost: dec("312.5000")},
		{Part: filter.ID(), Quantity: dec("24"), UnitCost: dec("41.2750")},
	}})
	require.NoError(t, err)
	clk.at(0, 8, 59)
	require.NoError(t, stock.PlaceOrder(ctx, clerk, po.ID(), clk.Now().Add(72*time.Hour)))
	po, err = stock.PurchaseOrder(ctx, clerk, po.ID())
	require.NoError(t, err)
	poLines := po.Lines()
	_, err = stock.Receive(ctx, clerk, po.ID(), parts.ReceiptInput{Key: "grn-1", DeliveryNote: "DN-88", Lines: []parts.ReceiptLineInput{
		{Line: poLines[0].ID, Delivered: dec("10")}, {Line: poLines[1].ID, Delivered: dec("20")}}})
	require.NoError(t, err)
	f.po, err = stock.PurchaseOrder(ctx, clerk, po.ID())
	require.NoError(t, err)

	// §4.1: reception with the walk-around and the customer's concerns.
	arrived := clk.Now()
	clk.at(0, 9, 0)
	ro, err := svc.Open(ctx, advisor, aftersales.ReceptionInput{
		Number: "RO-20260302-001", ArrivedAt: arrived, GreetedAt: clk.Now(),
		VIN: "LSVAU218XN2183294", Plate: "沪A D1234", Model: "Passat 330TSI", MileageKm: 9870, FuelPercent: 60,
		WalkAroundDone: true, Findings: []aftersales.Finding{{Area: "rear bumper", Description: "scratch, 5 cm, left corner"}},
		Belongings: []string{"child seat"},
		Concerns: []aftersales.Concern{{Text: "Due for the 10,000 km service", Code: "service.10k"},
			{Text: "刹车时有异响", Code: "brakes.noise"}},
		Visit:    aftersales.VisitWaiting,
		Customer: aftersales.Customer{ID: customer.Customer(), Name: "Li Wei 李伟", Phone: "138 0000 0000"},
	})
	require.NoError(t, err)
	order := ro.ID()
	estimate := []aftersales.LineInput{
		{Kind: aftersales.LineLabour, Description: "10,000 km service", Operation: "SVC-10K", Quantity: dec("1.2"), UnitPrice: dec("260.00"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LinePart, Description: "Engine oil 5W-30 (litre)", PartNumber: "G 052 195 M4", Quantity: dec("4.5"), UnitPrice: dec("68.00"), Discount: dec("0.10"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LinePart, Description: "Oil filter", PartNumber: "06L 115 562 B", Quantity: dec("1"), UnitPrice: dec("85.00"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LineLabour, Description: "Replace front brake pads", Operation: "BRK-FP", Quantity: dec("0.8"), UnitPrice: dec("260.00"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LinePart, Description: "Front brake pad set", PartNumber: "5Q0 698 151 B", Quantity: dec("1"), UnitPrice: dec("480.00"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LineLabour, Description: "Replace window regulator, front left", Operation: "BODY-WR", Quantity: dec("1.6"), UnitPrice: dec("260.00"), PayType: aftersales.PayWarranty},
		{Kind: aftersales.LineLabour, Description: "Pre-delivery wash", Operation: "WASH", Quantity: dec("0.3"), UnitPrice: dec("260.00"), PayType: aftersales.PayInternal},
	}
	lines := make([]uuid.UUID, len(estimate))
	for i, in := range estimate {
		lines[i], err = svc.AddLine(ctx, advisor, order, in)
		require.NoError(t, err)
	}
	f.reception, err = svc.Get(ctx, advisor, order)
	require.NoError(t, err)

	// §4.2.1: the customer signs for the estimate; the approval reserves the catalogued parts.
	clk.at(0, 9, 15)
	_, err = stock.Approve(ctx, customer, order, aftersales.DecisionInput{Lines: lines, Approved: true, Channel: aftersales.ChannelSignature})
	require.NoError(t, err)
	// §4.2.2: the jobs go to the technician.
	clk.at(0, 9, 20)
	jobs := []uuid.UUID{lines[0], lines[3], lines[5], lines[6]}
	for _, l := range jobs {
		require.NoError(t, svc.Dispatch(ctx, advisor, order, aftersales.DispatchInput{Line: l, Technician: tech.Staff(), PromisedAt: clk.Now().Add(5 * time.Hour)}))
	}
	require.NoError(t, svc.ClockOn(ctx, tech, order, lines[0]))
	// §4.3.2: extra work found during the job: the customer declines it by phone.
	clk.at(0, 9, 40)
	wipers, err := svc.ProposeExtraWork(ctx, tech, order, "Wiper blades cracked", aftersales.LineInput{Kind: aftersales.LinePart,
		Description: "Wiper blade set", PartNumber: "3G1 998 002", Quantity: dec("1"), UnitPrice: dec("168.00"), PayType: aftersales.PayCustomer})
	require.NoError(t, err)
	clk.at(0, 9, 50)
	_, err = stock.Approve(ctx, advisor, order, aftersales.DecisionInput{Lines: []uuid.UUID{wipers}, Approved: false,
		Channel: aftersales.ChannelPhone, Note: "will buy them later"})
	require.NoError(t, err)
	clk.at(0, 10, 0)
	require.NoError(t, svc.ClockOff(ctx, tech, order, lines[0]))
	require.NoError(t, svc.CompleteJob(ctx, tech, order, lines[0]))
	f.estimate, err = svc.Get(ctx, advisor, order)
	require.NoError(t, err)
	f.quote, err = svc.Quote(ctx, advisor, order)
	require.NoError(t, err)
	f.picks, err = stock.CheckOrder(ctx, clerk, order)
	require.NoError(t, err)

	// §4.2.2 to §4.5.2: the rest of the work, the inspection, the statement and the payment.
	for _, l := range jobs[1:] {
		require.NoError(t, svc.ClockOn(ctx, tech, order, l))
		clk.t = clk.t.Add(30 * time.Minute)
		require.NoError(t, svc.ClockOff(ctx, tech, order, l))
		require.NoError(t, svc.CompleteJob(ctx, tech, order, l))
	}
	require.NoError(t, svc.FinishWork(ctx, tech, order))
	clk.at(0, 14, 0)
	require.NoError(t, svc.RecordCleaning(ctx, tech, order))
	require.NoError(t, svc.Inspect(ctx, inspector, order, aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "brake test drive", OK: true}}}))
	require.NoError(t, svc.NotifyReady(ctx, advisor, order, aftersales.ChannelPhone, "Your Passat is ready."))
	clk.at(0, 14, 30)
	st, err := svc.Settle(ctx, advisor, order)
	require.NoError(t, err)
	require.NoError(t, svc.Respond(ctx, customer, order, true, ""))
	require.NoError(t, svc.RecordPayment(ctx, advisor, order, aftersales.PaymentInput{Amount: st.CustomerDue, Method: "card", Reference: "POS-0001"}))
	f.settled, err = svc.Get(ctx, advisor, order)
	require.NoError(t, err)
	return f
}
