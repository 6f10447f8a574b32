// Quickstart takes one repair order from the customer's arrival to the follow-up call through the
// public aftersales.Service API, on the in-memory store, and prints its settlement statement.
//
//	go run ./examples/quickstart
//
// A hand-advanced clock and sequential ids make every run print the same thing; main_test.go holds
// the output to testdata/quickstart.golden.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// local is the dealership's wall-clock zone for printing; the library stores UTC. A fixed zone
// keeps the example independent of the machine's time-zone database.
var local = time.FixedZone("UTC+8", 8*60*60)

// clock is the injected time source: it stands still until the example advances it, so the
// output is reproducible (the library never calls time.Now itself).
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// at moves the clock to the given wall-clock time on the current day (or a later day via days).
func (c *clock) at(days, hour, minute int) {
	l := c.t.In(local)
	c.t = time.Date(l.Year(), l.Month(), l.Day()+days, hour, minute, 0, 0, local)
}

// everyoneQualified stands in for the training package, which will answer from certificates and
// safety training (§7, §8.4). Dispatch requires some Qualifications so no dealer skips the check
// by accident.
type everyoneQualified struct{}

func (everyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

// allInService stands in for the safety package's equipment register (§8.2).
type allInService struct{}

func (allInService) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// run is the whole example; main only picks the writer and reports the error.
func run(ctx context.Context, w io.Writer) error {
	clk := &clock{t: time.Date(2026, 3, 2, 8, 58, 0, 0, local)}
	store := memory.New()
	ids := dealerkit.SequentialIDs()
	svc, err := aftersales.NewService(store.RepairOrders(), everyoneQualified{}, allInService{},
		&aftersales.Options{Now: clk.Now, NewID: ids})
	if err != nil {
		return err
	}
	// The parts service is the door for decisions on part lines: approving one reserves stock
	// (none is catalogued here, so nothing is held), in the same transaction (§3.4.3).
	stock, err := parts.NewService(store.Parts(), store.RepairOrders(), store, &parts.Options{Now: clk.Now, NewID: ids})
	if err != nil {
		return err
	}

	// One dealer and its staff. A real host looks these up per request; ids are fixed here.
	dealer := dealerkit.DealerID(uuid.MustParse("0d000000-0000-4000-8000-000000000001"))
	staff := func(n int, r dealerkit.Role) (dealerkit.Actor, error) {
		id := dealerkit.StaffID(uuid.MustParse(fmt.Sprintf("5f000000-0000-4000-8000-%012d", n)))
		return dealerkit.NewStaffActor(dealer, id, r)
	}
	advisor, err := staff(1, dealerkit.RoleServiceAdvisor)
	if err != nil {
		return err
	}
	tech, err := staff(2, dealerkit.RoleTechnician)
	if err != nil {
		return err
	}
	inspector, err := staff(3, dealerkit.RoleQualityInspector)
	if err != nil {
		return err
	}
	customer, err := dealerkit.NewCustomerActor(dealer, dealerkit.CustomerID(uuid.MustParse("c0000000-0000-0000-0000-000000000001")))
	if err != nil {
		return err
	}

	log := func(format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", clk.Now().In(local).Format("Mon 15:04"), fmt.Sprintf(format, args...))
	}

	// §4.1: arrival, greeting, walk-around and the customer's concerns in their own words.
	arrived := clk.Now()
	clk.at(0, 9, 0)
	greeted := clk.Now()
	clk.at(0, 9, 10)
	ro, err := svc.Open(ctx, advisor, aftersales.ReceptionInput{
		Number: "RO-20260302-001", ArrivedAt: arrived, GreetedAt: greeted,
		VIN: "LSVAU218XN2183294", Plate: "沪A D1234", Model: "Passat 330TSI",
		MileageKm: 9870, FuelPercent: 60, WalkAroundDone: true,
		Findings:   []aftersales.Finding{{Area: "rear bumper", Description: "scratch, 5 cm, left corner"}},
		Belongings: []string{"child seat"},
		Concerns: []aftersales.Concern{
			{Text: "Due for the 10,000 km service", Code: "service.10k"},
			{Text: "Driver's window closes slowly", Code: "body.window"},
		},
		Visit:    aftersales.VisitDropOff,
		Customer: aftersales.Customer{ID: customer.Customer(), Name: "Li Wei", Phone: "138 0000 0000"},
	})
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	order := ro.ID()
	log("opened %s, greeted %s after arrival (§4.1.1)", ro.Number(), ro.Reception().TimeToGreet())

	// §4.2.1: the estimate. The window regulator is a manufacturer's warranty repair; the oil
	// carries a 10% loyalty discount.
	estimate := []aftersales.LineInput{
		{Kind: aftersales.LineLabour, Description: "10,000 km service", Operation: "SVC-10K",
			Quantity: dec("1.2"), UnitPrice: dec("260.00"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LinePart, Description: "Engine oil 5W-30 (litre)", PartNumber: "G 052 195 M4",
			Quantity: dec("4.5"), UnitPrice: dec("68.00"), Discount: dec("0.10"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LinePart, Description: "Oil filter", PartNumber: "06L 115 562 B",
			Quantity: dec("1"), UnitPrice: dec("85.00"), PayType: aftersales.PayCustomer},
		{Kind: aftersales.LineLabour, Description: "Replace window regulator, front left", Operation: "BODY-WR",
			Quantity: dec("1.6"), UnitPrice: dec("260.00"), PayType: aftersales.PayWarranty},
		{Kind: aftersales.LinePart, Description: "Window regulator, front left", PartNumber: "5G4 837 461",
			Quantity: dec("1"), UnitPrice: dec("620.00"), PayType: aftersales.PayWarranty},
	}
	lines := make([]uuid.UUID, len(estimate))
	for i, in := range estimate {
		if lines[i], err = svc.AddLine(ctx, advisor, order, in); err != nil {
			return fmt.Errorf("add line %q: %w", in.Description, err)
		}
	}
	clk.at(0, 9, 15)
	if _, err := stock.Approve(ctx, customer, order, aftersales.DecisionInput{
		Lines: lines, Approved: true, Channel: aftersales.ChannelSignature}); err != nil {
		return fmt.Errorf("approve estimate: %w", err)
	}
	log("customer signed the estimate: %d lines (§4.2.1)", len(lines))

	// §4.2.2: jobs go to a technician with a promised time.
	service, window := lines[0], lines[3]
	clk.at(0, 9, 20)
	for _, d := range []aftersales.DispatchInput{
		{Line: service, Technician: tech.Staff(), PromisedAt: clk.Now().Add(2 * time.Hour)},
		{Line: window, Technician: tech.Staff(), PromisedAt: clk.Now().Add(6 * time.Hour)},
	} {
		if err := svc.Dispatch(ctx, advisor, order, d); err != nil {
			return fmt.Errorf("dispatch: %w", err)
		}
	}
	log("dispatched 2 jobs to the technician (§4.2.2)")

	// §4.3.1, §4.3.2: during the service the technician finds two more problems. Nothing may be
	// done on them until the customer says yes.
	clk.at(0, 9, 25)
	if err := svc.ClockOn(ctx, tech, order, service); err != nil {
		return err
	}
	clk.at(0, 9, 50)
	type proposal struct {
		finding string
		line    aftersales.LineInput
	}
	brakes := "Front brake pads worn to 3 mm"
	proposals := []proposal{
		{brakes, aftersales.LineInput{Kind: aftersales.LineLabour, Description: "Replace front brake pads",
			Operation: "BRK-FP", Skill: "brakes", Equipment: []string{"lift-2"},
			Quantity: dec("0.8"), UnitPrice: dec("260.00"), PayType: aftersales.PayCustomer}},
		{brakes, aftersales.LineInput{Kind: aftersales.LinePart, Description: "Front brake pad set",
			PartNumber: "5Q0 698 151 B", Quantity: dec("1"), UnitPrice: dec("480.00"), PayType: aftersales.PayCustomer}},
		{"Wiper blades cracked", aftersales.LineInput{Kind: aftersales.LinePart, Description: "Wiper blade set",
			PartNumber: "3G1 998 002", Quantity: dec("1"), UnitPrice: dec("168.00"), PayType: aftersales.PayCustomer}},
	}
	extra := make([]uuid.UUID, len(proposals))
	for i, p := range proposals {
		if extra[i], err = svc.ProposeExtraWork(ctx, tech, order, p.finding, p.line); err != nil {
			return fmt.Errorf("propose %q: %w", p.line.Description, err)
		}
	}
	log("technician proposed %d extra lines (§4.3.2)", len(extra))

	// The advisor phones the customer: yes to the brakes, no to the wipers.
	clk.at(0, 10, 5)
	if _, err := stock.Approve(ctx, advisor, order, aftersales.DecisionInput{
		Lines: extra[:2], Approved: true, Channel: aftersales.ChannelPhone, Note: "call recorded"}); err != nil {
		return fmt.Errorf("approve brakes: %w", err)
	}
	if _, err := stock.Approve(ctx, advisor, order, aftersales.DecisionInput{
		Lines: extra[2:], Approved: false, Channel: aftersales.ChannelPhone, Note: "will buy them later"}); err != nil {
		return fmt.Errorf("decline wipers: %w", err)
	}
	log("customer approved the brakes and declined the wipers by phone")

	clk.at(0, 10, 35)
	if err := svc.ClockOff(ctx, tech, order, service); err != nil {
		return err
	}
	if err := svc.CompleteJob(ctx, tech, order, service); err != nil {
		return err
	}
	clk.at(0, 10, 40)
	if err := svc.Dispatch(ctx, advisor, order, aftersales.DispatchInput{
		Line: extra[0], Technician: tech.Staff(), PromisedAt: clk.Now().Add(2 * time.Hour)}); err != nil {
		return fmt.Errorf("dispatch brakes: %w", err)
	}
	// §4.2.3: keep the customer informed.
	if err := svc.Notify(ctx, advisor, order, aftersales.ChannelMessage,
		"Service done; brakes in progress. Ready about 16:00."); err != nil {
		return err
	}
	log("told the customer how it is going (§4.2.3)")

	for _, job := range []struct {
		line                 uuid.UUID
		onH, onM, offH, offM int
	}{{extra[0], 10, 45, 11, 30}, {window, 13, 0, 14, 40}} {
		clk.at(0, job.onH, job.onM)
		if err := svc.ClockOn(ctx, tech, order, job.line); err != nil {
			return err
		}
		clk.at(0, job.offH, job.offM)
		if err := svc.ClockOff(ctx, tech, order, job.line); err != nil {
			return err
		}
		if err := svc.CompleteJob(ctx, tech, order, job.line); err != nil {
			return err
		}
	}
	if err := svc.FinishWork(ctx, tech, order); err != nil {
		return err
	}
	log("all approved jobs done (§4.3.1)")

	// §4.3.3 cleaning, then §4.4 the inspection by someone who did not do the work.
	clk.at(0, 15, 0)
	if err := svc.RecordCleaning(ctx, tech, order); err != nil {
		return err
	}
	clk.at(0, 15, 20)
	if err := svc.Inspect(ctx, inspector, order, aftersales.InspectionInput{Checklist: []aftersales.CheckItem{
		{Item: "oil level and leaks", OK: true}, {Item: "brake test drive", OK: true},
		{Item: "window travel, both directions", OK: true}, {Item: "interior and exterior clean", OK: true},
	}}); err != nil {
		return fmt.Errorf("inspect: %w", err)
	}
	log("quality inspection passed (§4.4.1, §4.4.2)")

	// §4.5: ready notice, statement, the customer's acceptance, payment, delivery.
	clk.at(0, 15, 25)
	if err := svc.NotifyReady(ctx, advisor, order, aftersales.ChannelPhone, "Your Passat is ready."); err != nil {
		return err
	}
	clk.at(0, 16, 30)
	st, err := svc.Settle(ctx, advisor, order)
	if err != nil {
		return fmt.Errorf("settle: %w", err)
	}
	clk.at(0, 16, 40)
	if err := svc.Respond(ctx, customer, order, true, ""); err != nil {
		return err
	}
	if err := svc.RecordPayment(ctx, advisor, order, aftersales.PaymentInput{Amount: st.CustomerDue, Method: "card", Reference: "POS-0001"}); err != nil {
		return err
	}
	clk.at(0, 16, 45)
	if err := svc.Deliver(ctx, advisor, order); err != nil {
		return err
	}
	log("customer accepted, paid %s by card; vehicle delivered (§4.5.3)", st.CustomerDue.StringFixed(2))

	// §4.5.4: the follow-up call three days later closes the order.
	clk.at(3, 10, 0)
	if err := svc.FollowUp(ctx, advisor, order, aftersales.SurveyInput{Channel: aftersales.ChannelPhone,
		Scores: map[string]int{"overall": 9, "explanation": 10, "timeliness": 8}}); err != nil {
		return err
	}
	ro, err = svc.Get(ctx, advisor, order)
	if err != nil {
		return err
	}
	log("follow-up survey recorded; order %s (§4.5.4)", ro.State())

	// Every change above left an event: the audit trail, and the feed a DMS vendor reads.
	events, err := store.Events(ctx, dealer, 0, 1000)
	if err != nil {
		return err
	}
	if len(events) == 0 {
		return fmt.Errorf("the store recorded no events")
	}
	clauses := map[string]bool{}
	for _, e := range events {
		clauses[e.Clause] = true
	}
	fmt.Fprintf(w, "\n%d events recorded, citing %d clauses, from %s to %s\n", len(events), len(clauses),
		events[0].Type, events[len(events)-1].Type)

	fmt.Fprintln(w)
	printStatement(w, ro.Number(), st)
	return nil
}

// printStatement renders the §4.5.2 statement: labour and parts itemised separately, pay types,
// discounts, tax and totals, and the declined recommendations of §4.3.2.
func printStatement(w io.Writer, number string, st *aftersales.Statement) {
	inclusive := "exclusive of"
	if st.Tax.Inclusive {
		inclusive = "include"
	}
	fmt.Fprintf(w, "SETTLEMENT STATEMENT %s, issued %s\n", number, st.IssuedAt.In(local).Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "Prices %s VAT %s%%; amounts rounded %s to %d places at each line and each tax.\n",
		inclusive, st.Tax.Rate.Shift(2).String(), st.Rounding.Mode, st.Rounding.Places)
	section := func(title, qty string, ls []aftersales.StatementLine) {
		if len(ls) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%-53s %6s %8s %9s %9s %9s  %s\n", title, qty, "price", "amount", "discount", "net", "pay type")
		for _, l := range ls {
			desc := l.Description
			if l.Extra {
				desc += " *"
			}
			fmt.Fprintf(w, "  %-14s %-36s %6s %8s %9s %9s %9s  %s\n", l.Code, desc, l.Quantity.StringFixed(2),
				l.UnitPrice.StringFixed(2), l.Gross.StringFixed(2), l.Discount.StringFixed(2), l.Net.StringFixed(2), l.PayType)
		}
	}
	section("Labour", "hours", st.Labour)
	section("Parts", "qty", st.Parts)
	section("Declined recommendations (not charged)", "qty", st.Declined)
	fmt.Fprintln(w, "  * extra work found during the repair (§4.3.2)")

	fmt.Fprintf(w, "\n%-16s %9s %9s %9s %9s %9s %9s\n", "Pay type", "labour", "parts", "discount", "excl. VAT", "VAT", "total")
	for _, t := range st.Totals {
		fmt.Fprintf(w, "  %-14s %9s %9s %9s %9s %9s %9s\n", t.PayType, t.Labour.StringFixed(2), t.Parts.StringFixed(2),
			t.Discount.StringFixed(2), t.Net.StringFixed(2), t.Tax.StringFixed(2), t.Gross.StringFixed(2))
	}
	fmt.Fprintf(w, "  %-14s %29s %9s %9s %9s\n", "Total", "", st.Total.Net.StringFixed(2), st.Total.Tax.StringFixed(2),
		st.Total.Gross.StringFixed(2))
	fmt.Fprintln(w, "  (labour and parts are after discounts)")
	fmt.Fprintf(w, "\nCustomer pays %s; the rest is billed to the manufacturer (warranty) or the dealer (internal).\n",
		st.CustomerDue.StringFixed(2))
	fmt.Fprintln(w, strings.Repeat("-", 109))
}
