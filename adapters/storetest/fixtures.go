package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Fixed ids and times keep failures reproducible. Ids are built so that their order is known:
// List orders by id.

func dealerID(n byte) dealerkit.DealerID {
	return dealerkit.DealerID(uuid.UUID{0xd0, 0x0d, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, n})
}

func staffID(n byte) dealerkit.StaffID {
	return dealerkit.StaffID(uuid.UUID{0x5a, 0xff, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, n})
}

// orderID returns the n-th order id; a larger n sorts later.
func orderID(n int) uuid.UUID {
	return uuid.UUID{0x01, 0x95, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, byte(n >> 8), byte(n)}
}

// lineID returns the n-th line id of order o.
func lineID(o, n int) uuid.UUID {
	return uuid.UUID{0x11, 0x4e, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, byte(o >> 8), byte(o), 0, byte(n)}
}

// dealerA and dealerB are two tenants (§2).
func dealerA() dealerkit.DealerID { return dealerID(0xa) }
func dealerB() dealerkit.DealerID { return dealerID(0xb) }

// shanghai is a zone other than UTC: stores must give times back as the same instant in UTC.
func shanghai() *time.Location { return time.FixedZone("Asia/Shanghai", 8*60*60) }

// t0 is the suite's reference time: Shanghai wall clock, microsecond precision (what
// dealerkit.Sources stamps and every store keeps).
func t0() time.Time { return time.Date(2025, 3, 14, 9, 30, 15, 123456000, shanghai()) }

func advisor(t *testing.T, d dealerkit.DealerID) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(d, staffID(1), dealerkit.RoleServiceAdvisor)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func technician(t *testing.T, d dealerkit.DealerID) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(d, staffID(2), dealerkit.RoleTechnician)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// vin completes a 17-character VIN whose ninth character is a placeholder with the check digit
// aftersales.ParseVIN expects.
func vin(t *testing.T, s string) aftersales.VIN {
	t.Helper()
	for _, c := range "0123456789X" {
		v, err := aftersales.ParseVIN(s[:8] + string(c) + s[9:])
		if err == nil {
			return v
		}
	}
	t.Fatalf("no check digit makes %s a VIN", s)
	return ""
}

func vin1(t *testing.T) aftersales.VIN { return vin(t, "LSVAU2180N2183293") }
func vin2(t *testing.T) aftersales.VIN { return vin(t, "LFV2A21K0D3046712") }

func dec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// orderSpec says how to open a test order; zero fields take defaults.
type orderSpec struct {
	dealer   dealerkit.DealerID
	n        int    // order id number
	number   string // default RO-<n>
	vin      aftersales.VIN
	arrived  time.Time
	plate    string               // default 沪A·12345
	customer dealerkit.CustomerID // default none (a walk-in)
}

// customerID returns the n-th customer id.
func customerID(n byte) dealerkit.CustomerID {
	return dealerkit.CustomerID(uuid.UUID{0xc0, 0x57, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, n})
}

// newOrder opens an order through the domain constructor, with every reception field filled so a
// round trip has something to lose.
func newOrder(t *testing.T, s orderSpec) *aftersales.RepairOrder {
	t.Helper()
	if s.dealer.IsZero() {
		s.dealer = dealerA()
	}
	if s.number == "" {
		s.number = fmt.Sprintf("RO-%04d", s.n)
	}
	if s.vin == "" {
		s.vin = vin1(t)
	}
	if s.arrived.IsZero() {
		s.arrived = t0()
	}
	if s.plate == "" {
		s.plate = "沪A·12345"
	}
	o, err := aftersales.NewRepairOrder(orderID(s.n), advisor(t, s.dealer), s.arrived.Add(2*time.Minute), aftersales.ReceptionInput{
		Number:         s.number,
		ArrivedAt:      s.arrived,
		GreetedAt:      s.arrived.Add(90 * time.Second),
		VIN:            string(s.vin),
		Plate:          s.plate,
		Model:          "Lavida 1.5L",
		MileageKm:      42_195,
		FuelPercent:    35,
		WalkAroundDone: true,
		Findings:       []aftersales.Finding{{Area: "front bumper", Description: "scratch, 5 cm"}},
		Belongings:     []string{"umbrella", "child seat"},
		Concerns:       []aftersales.Concern{{Text: "squeal when braking", Code: "brakes.noise"}, {Text: "A/C smells"}},
		Visit:          aftersales.VisitDropOff,
		Customer:       aftersales.Customer{ID: s.customer, Name: "王芳", Phone: "+86 138 0013 8000"},
	})
	must(t, err)
	return o
}

// addLabour adds a labour line the customer then approves in person.
func addLabour(t *testing.T, o *aftersales.RepairOrder, line uuid.UUID, at time.Time) {
	t.Helper()
	adv := advisor(t, o.Dealer())
	must(t, o.AddLine(line, adv, at, aftersales.LineInput{
		Kind: aftersales.LineLabour, Description: "replace front brake pads", Operation: "BRK-010",
		Category: aftersales.CategoryMinor, Skill: "brakes", Equipment: []string{"lift-2"},
		Quantity: dec(t, "1.50"), UnitPrice: dec(t, "320.00"), Discount: dec(t, "0.10"),
		PayType: aftersales.PayCustomer,
	}))
	must(t, o.Decide(adv, at.Add(time.Minute), aftersales.DecisionInput{
		Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelInPerson, Note: "signed",
	}))
}

// addPart adds a part line with the given price and quantity, left proposed.
func addPart(t *testing.T, o *aftersales.RepairOrder, line uuid.UUID, at time.Time, price, qty string) {
	t.Helper()
	must(t, o.AddLine(line, advisor(t, o.Dealer()), at, aftersales.LineInput{
		Kind: aftersales.LinePart, Description: "brake pad set", PartNumber: "5Q0698151",
		Quantity: dec(t, qty), UnitPrice: dec(t, price), Discount: dec(t, "0.0000"),
		PayType: aftersales.PayWarranty,
	}))
}

// dispatch assigns an approved labour line to the suite's technician.
func dispatch(t *testing.T, o *aftersales.RepairOrder, line uuid.UUID, at, promised time.Time) {
	t.Helper()
	must(t, o.Dispatch(advisor(t, o.Dealer()), at, aftersales.DispatchInput{
		Line: line, Technician: technician(t, o.Dealer()).Staff(), PromisedAt: promised,
	}))
}

// complete has the technician work a dispatched job for half an hour and finish it.
func complete(t *testing.T, o *aftersales.RepairOrder, line uuid.UUID, at time.Time) {
	t.Helper()
	tech := technician(t, o.Dealer())
	must(t, o.ClockOn(tech, at, line))
	must(t, o.ClockOff(tech, at.Add(30*time.Minute), line))
	must(t, o.CompleteJob(tech, at.Add(31*time.Minute), line))
}

func notify(t *testing.T, o *aftersales.RepairOrder, at time.Time, msg string) {
	t.Helper()
	must(t, o.Notify(advisor(t, o.Dealer()), at, aftersales.ChannelPhone, msg))
}

func inspector(t *testing.T, d dealerkit.DealerID) dealerkit.Actor {
	t.Helper()
	a, err := dealerkit.NewStaffActor(d, staffID(3), dealerkit.RoleQualityInspector)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// closedOrder takes an order through the whole flow (§4.1 to §4.5.4): estimate with approved and
// declined lines, work, cleaning, inspection, ready notice, statement, acceptance, payment,
// delivery and follow-up, so that every part of the snapshot holds data.
func closedOrder(t *testing.T, s orderSpec) *aftersales.RepairOrder {
	t.Helper()
	o := newOrder(t, s)
	closeOrder(t, o, s.n)
	return o
}

// closeOrder takes order number n, as newOrder opened it, through the rest of closedOrder's flow.
func closeOrder(t *testing.T, o *aftersales.RepairOrder, n int) {
	t.Helper()
	d := o.Dealer()
	adv := advisor(t, d)
	at := o.OpenedAt().In(shanghai()).Add(10 * time.Minute)
	addLabour(t, o, lineID(n, 1), at)
	addPart(t, o, lineID(n, 2), at.Add(time.Minute), "180.00", "2")
	addPart(t, o, lineID(n, 3), at.Add(2*time.Minute), "55.50", "1.000")
	must(t, o.Decide(adv, at.Add(3*time.Minute), aftersales.DecisionInput{
		Lines: []uuid.UUID{lineID(n, 2)}, Approved: true, Channel: aftersales.ChannelSignature,
	}))
	must(t, o.Decide(adv, at.Add(4*time.Minute), aftersales.DecisionInput{
		Lines: []uuid.UUID{lineID(n, 3)}, Approved: false, Channel: aftersales.ChannelPhone, Note: "next service",
	}))
	dispatch(t, o, lineID(n, 1), at.Add(10*time.Minute), at.Add(3*time.Hour))
	complete(t, o, lineID(n, 1), at.Add(20*time.Minute))
	must(t, o.FinishWork(adv, at.Add(60*time.Minute)))
	must(t, o.RecordCleaning(adv, at.Add(65*time.Minute)))
	must(t, o.Inspect(inspector(t, d), at.Add(70*time.Minute), aftersales.InspectionInput{
		Checklist: []aftersales.CheckItem{{Item: "brake test", OK: true}, {Item: "no warning lights", OK: true, Note: "checked"}},
		Remarks:   "ok",
	}))
	must(t, o.NotifyReady(adv, at.Add(75*time.Minute), aftersales.ChannelMessage, "your car is ready"))
	must(t, o.Settle(adv, at.Add(80*time.Minute), dealerkit.DefaultTax(), dealerkit.DefaultRounding()))
	customer, err := dealerkit.NewCustomerActor(d, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	must(t, err)
	must(t, o.Respond(customer, at.Add(85*time.Minute), true, "fine"))
	must(t, o.RecordPayment(adv, at.Add(90*time.Minute), aftersales.PaymentInput{Amount: o.Balance(), Method: "wechat", Reference: "WX-42"}))
	// §4.5: the odometer as the car leaves, from which the warranty's distance runs, is part of
	// the snapshot every store must keep.
	must(t, o.DeliverWith(adv, at.Add(95*time.Minute), aftersales.DeliveryInput{MileageKm: o.Reception().MileageKm + 3}))
	must(t, o.FollowUp(adv, at.Add(72*time.Hour), aftersales.SurveyInput{
		Channel: aftersales.ChannelPhone, Scores: map[string]int{"overall": 9, "cleanliness": 10}, Comment: "quick",
	}))
}
