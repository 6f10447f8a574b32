package aftersales_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// repo is a minimal Repository for the examples; real hosts use adapters/memory or
// adapters/sqlstore.
type repo struct {
	mu     sync.Mutex
	orders map[uuid.UUID][]byte
}

func (r *repo) Create(_ context.Context, o *aftersales.RepairOrder) error { return r.put(o, 1) }

func (r *repo) put(o *aftersales.RepairOrder, v int64) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := o.Snapshot()
	s.Version = v
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	r.orders[o.ID()] = b
	o.SetVersion(v)
	return nil
}

func (r *repo) Get(_ context.Context, _ dealerkit.DealerID, id uuid.UUID) (*aftersales.RepairOrder, error) {
	r.mu.Lock()
	b, ok := r.orders[id]
	r.mu.Unlock()
	if !ok {
		return nil, dealerkit.ErrNotFound
	}
	var s aftersales.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return aftersales.RestoreRepairOrder(s)
}

func (r *repo) Update(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*aftersales.RepairOrder) error) error {
	o, err := r.Get(ctx, d, id)
	if err != nil {
		return err
	}
	if err := fn(o); err != nil {
		return err
	}
	return r.put(o, o.Version()+1)
}

func (r *repo) List(context.Context, dealerkit.DealerID, aftersales.Filter) ([]*aftersales.RepairOrder, error) {
	return nil, nil
}

type anyoneQualified struct{}

func (anyoneQualified) Qualify(context.Context, dealerkit.DealerID, dealerkit.StaffID, string, time.Time) error {
	return nil
}

type allInService struct{}

func (allInService) CheckUsable(context.Context, dealerkit.DealerID, string, time.Time) error {
	return nil
}

func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	svc, _ := aftersales.NewService(&repo{orders: map[uuid.UUID][]byte{}}, anyoneQualified{}, allInService{},
		&aftersales.Options{Now: func() time.Time { now = now.Add(time.Minute); return now }, NewID: dealerkit.SequentialIDs()})
	dealer := dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000000d1"))
	advisor, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RoleServiceAdvisor)
	technician, _ := dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RoleTechnician)

	order, err := svc.Open(ctx, advisor, aftersales.ReceptionInput{
		ArrivedAt: now, GreetedAt: now.Add(time.Minute), VIN: "1M8GDM9AXKP042788", Plate: "沪A·12345",
		MileageKm: 42000, FuelPercent: 50, WalkAroundDone: true, Visit: aftersales.VisitWaiting,
		Concerns: []aftersales.Concern{{Text: "brakes squeal"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	line, _ := svc.AddLine(ctx, advisor, order.ID(), aftersales.LineInput{Kind: aftersales.LineLabour,
		Description: "replace brake pads", Quantity: decimal.RequireFromString("1.5"),
		UnitPrice: decimal.RequireFromString("300"), PayType: aftersales.PayCustomer})

	// §4.2.1: no work before the customer approves the line.
	err = svc.Dispatch(ctx, advisor, order.ID(), aftersales.DispatchInput{Line: line, Technician: technician.Staff(), PromisedAt: now.Add(3 * time.Hour)})
	fmt.Println(err)

	// §3.3: the technician cannot approve it either.
	err = svc.Decide(ctx, technician, order.ID(), aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelPhone})
	fmt.Println(errors.Is(err, dealerkit.ErrForbidden))

	_ = svc.Decide(ctx, advisor, order.ID(), aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelPhone})
	err = svc.Dispatch(ctx, advisor, order.ID(), aftersales.DispatchInput{Line: line, Technician: technician.Staff(), PromisedAt: now.Add(3 * time.Hour)})
	o, _ := svc.Get(ctx, advisor, order.ID())
	fmt.Println(err, o.State())
	// Output:
	// aftersales: cannot dispatch a repair order that is received
	// true
	// <nil> in_progress
}

func ExampleBuildStatement() {
	line := func(kind aftersales.LineKind, desc, qty, price, discount string, pay aftersales.PayType) aftersales.Line {
		return aftersales.Line{ID: uuid.New(), Kind: kind, Description: desc, Quantity: decimal.RequireFromString(qty),
			UnitPrice: decimal.RequireFromString(price), Discount: decimal.RequireFromString(discount),
			PayType: pay, Status: aftersales.LineApproved}
	}
	st := aftersales.BuildStatement([]aftersales.Line{
		line(aftersales.LineLabour, "replace brake pads", "1.5", "300", "0", aftersales.PayCustomer),
		line(aftersales.LinePart, "brake pads", "1", "480", "0.10", aftersales.PayCustomer),
		line(aftersales.LineLabour, "ECU update", "0.7", "333.33", "0", aftersales.PayWarranty),
	}, dealerkit.DefaultTax(), dealerkit.DefaultRounding())
	for _, t := range st.Totals {
		fmt.Printf("%-8s labour %s parts %s net %s tax %s gross %s\n", t.PayType,
			t.Labour.StringFixed(2), t.Parts.StringFixed(2), t.Net.StringFixed(2), t.Tax.StringFixed(2), t.Gross.StringFixed(2))
	}
	fmt.Println("customer pays", st.CustomerDue.StringFixed(2))
	// Output:
	// customer labour 450.00 parts 432.00 net 780.53 tax 101.47 gross 882.00
	// warranty labour 233.33 parts 0.00 net 206.49 tax 26.84 gross 233.33
	// customer pays 882.00
}

func ExampleParseVIN() {
	_, err := aftersales.ParseVIN("1M8GDM9A1KP042788")
	fmt.Println(err)
	v, err := aftersales.ParseVIN("1m8gdm9axkp042788")
	fmt.Println(v, err)
	// Output:
	// aftersales: bad VIN "1M8GDM9A1KP042788": check digit is '1', want 'X'
	// 1M8GDM9AXKP042788 <nil>
}

// A refusal carries a kernel class and a stable code, which a host labels in the customer's
// language: here the partial call that names the one door for part lines.
func ExampleLabels() {
	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels())
	err := &aftersales.LineError{Line: uuid.Nil, Err: aftersales.ErrDecidePartLines}
	fmt.Println(dealerkit.CodeOf(err), errors.Is(err, dealerkit.ErrRefused))
	fmt.Println(cat.Error(dealerkit.Chinese, err))
	fmt.Println(cat.Value(dealerkit.Chinese, aftersales.StateSettled), cat.Value(dealerkit.English, aftersales.StateSettled))
	// Output:
	// aftersales.decide_part_lines_through_parts true
	// 配件项目须经配件服务确认或拒绝（同时预留或释放库存）
	// 已结算 Settled
}
