package readme

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// sketch is the README's usage sketch: the lines between the markers appear in README.md
// verbatim, one tab less indented. Its parameters are what the README's prose says a host
// supplies.
func sketch(ctx context.Context, store *memory.Store, dealer dealerkit.DealerID,
	advisorID, techID dealerkit.StaffID, customerID dealerkit.CustomerID, training aftersales.Qualifications, safety aftersales.EquipmentStatus,
	arrived, greeted, promised time.Time) error {
	// README begin
	svc, err := aftersales.NewService(store.RepairOrders(), training, safety, nil)
	if err != nil {
		return err
	}
	advisor, err := dealerkit.NewStaffActor(dealer, advisorID, dealerkit.RoleServiceAdvisor)
	if err != nil {
		return err
	}
	order, err := svc.Open(ctx, advisor, aftersales.ReceptionInput{ // §4.1
		ArrivedAt: arrived, GreetedAt: greeted, VIN: "LSVAU218XN2183294", Plate: "沪A·D1234",
		MileageKm: 9870, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "Squealing when I brake", Code: "brakes.noise"}},
		Customer: aftersales.Customer{ID: customerID, Name: "Li Wei"}, // the DMS's id: the customer reaches only their own orders
	})
	if err != nil {
		return err
	}
	line, err := svc.AddLine(ctx, advisor, order.ID(), aftersales.LineInput{ // §4.2.1
		Kind: aftersales.LineLabour, Description: "Replace front brake pads", Skill: "brakes",
		Quantity: decimal.RequireFromString("0.8"), UnitPrice: decimal.RequireFromString("260.00"),
		PayType: aftersales.PayCustomer,
	})
	if err != nil {
		return err
	}
	customer, err := dealerkit.NewCustomerActor(dealer, customerID)
	if err != nil {
		return err
	}
	// No work before the customer's consent, recorded with who, when and how (§4.2.1).
	if err := svc.Decide(ctx, customer, order.ID(), aftersales.DecisionInput{
		Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelSignature}); err != nil {
		return err
	}
	// Dispatch asks training and safety whether the technician and the equipment may be used (§4.2.2).
	return svc.Dispatch(ctx, advisor, order.ID(), aftersales.DispatchInput{
		Line: line, Technician: techID, PromisedAt: promised})
	// README end
}

type yes struct{}

func (yes) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

func (yes) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

// TestSketchRuns runs the sketch on the memory store: the README shows code that works.
func TestSketchRuns(t *testing.T) {
	// The sketch passes nil Options, so the service reads the real clock.
	at := time.Now().Add(-10 * time.Minute)
	id := func(s string) uuid.UUID { return uuid.MustParse(s) }
	err := sketch(context.Background(), memory.New(), dealerkit.DealerID(id("0d000000-0000-4000-8000-000000000001")),
		dealerkit.StaffID(id("5f000000-0000-4000-8000-000000000001")), dealerkit.StaffID(id("5f000000-0000-4000-8000-000000000002")),
		dealerkit.CustomerID(id("c0000000-0000-4000-8000-000000000001")), yes{}, yes{}, at, at.Add(time.Minute), at.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
}

// TestSketchInReadme: README.md shows exactly the sketch above, so it compiles and runs.
func TestSketchInReadme(t *testing.T) {
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(string(src), "\t// README begin\n")
	body, _, ok2 := strings.Cut(body, "\t// README end\n")
	if !ok || !ok2 {
		t.Fatal("markers not found in readme_test.go")
	}
	var want bytes.Buffer
	for _, l := range strings.SplitAfter(body, "\n") {
		want.WriteString(strings.TrimPrefix(l, "\t"))
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, want.Bytes()) {
		t.Errorf("README.md does not contain the sketch of readme_test.go; paste this into its Go block:\n%s", want.String())
	}
}
