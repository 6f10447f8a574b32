package complaints_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/google/uuid"
)

// memory is a minimal store for the examples; real hosts use adapters/memory or adapters/sqlstore.
type memory struct {
	mu      sync.Mutex
	rows    map[uuid.UUID]complaints.Snapshot
	actions map[uuid.UUID]complaints.CorrectiveSnapshot
}

func newMemory() *memory {
	return &memory{rows: map[uuid.UUID]complaints.Snapshot{}, actions: map[uuid.UUID]complaints.CorrectiveSnapshot{}}
}

func (m *memory) Create(_ context.Context, c *complaints.Complaint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c.SetVersion(1)
	m.rows[c.ID()] = c.Snapshot()
	return nil
}

func (m *memory) Get(_ context.Context, d dealerkit.DealerID, id uuid.UUID) (*complaints.Complaint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.rows[id]
	if !ok || s.Dealer != d {
		return nil, dealerkit.ErrNotFound
	}
	return complaints.RestoreComplaint(s)
}

func (m *memory) GetBySource(context.Context, dealerkit.DealerID, int64) (*complaints.Complaint, error) {
	return nil, dealerkit.ErrNotFound
}

func (m *memory) GetByIntakeKey(_ context.Context, d dealerkit.DealerID, key string) (*complaints.Complaint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.rows {
		if s.Dealer == d && key != "" && s.IntakeKey == key {
			return complaints.RestoreComplaint(s)
		}
	}
	return nil, dealerkit.ErrNotFound
}

func (m *memory) Update(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*complaints.Complaint) error) error {
	c, err := m.Get(ctx, d, id)
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c.SetVersion(c.Version() + 1)
	m.rows[id] = c.Snapshot()
	return nil
}

func (m *memory) all(d dealerkit.DealerID) []*complaints.Complaint {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*complaints.Complaint
	for _, s := range m.rows {
		if c, err := complaints.RestoreComplaint(s); err == nil && s.Dealer == d {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *complaints.Complaint) int {
		x, y := a.ID(), b.ID()
		return bytes.Compare(x[:], y[:])
	})
	return out
}

func (m *memory) List(_ context.Context, d dealerkit.DealerID, f complaints.Filter) ([]*complaints.Complaint, error) {
	var out []*complaints.Complaint
	for _, c := range m.all(d) {
		if f.Matches(c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (m *memory) Due(_ context.Context, d dealerkit.DealerID, q complaints.DueQuery) ([]complaints.DueRef, error) {
	var out []complaints.DueRef
	for _, c := range m.all(d) {
		at, ok := c.NextDeadline()
		if q.Matches(c.ID(), at, ok) {
			out = append(out, complaints.DueRef{ID: c.ID(), Deadline: at})
		}
	}
	complaints.SortDue(out)
	return out, nil
}

// actionStore is the corrective-action side of the example store.
type actionStore struct{ m *memory }

func (a actionStore) Create(_ context.Context, x *complaints.CorrectiveAction) error {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	x.SetVersion(1)
	a.m.actions[x.ID()] = x.Snapshot()
	return nil
}

func (a actionStore) Get(_ context.Context, d dealerkit.DealerID, id uuid.UUID) (*complaints.CorrectiveAction, error) {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	s, ok := a.m.actions[id]
	if !ok || s.Dealer != d {
		return nil, dealerkit.ErrNotFound
	}
	return complaints.RestoreCorrectiveAction(s)
}

func (a actionStore) Update(ctx context.Context, d dealerkit.DealerID, id uuid.UUID, fn func(*complaints.CorrectiveAction) error) error {
	x, err := a.Get(ctx, d, id)
	if err != nil {
		return err
	}
	if err := fn(x); err != nil {
		return err
	}
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	x.SetVersion(x.Version() + 1)
	a.m.actions[id] = x.Snapshot()
	return nil
}

func (a actionStore) List(context.Context, dealerkit.DealerID, complaints.CorrectiveFilter) ([]*complaints.CorrectiveAction, error) {
	return nil, nil
}

func (a actionStore) Due(context.Context, dealerkit.DealerID, complaints.DueQuery) ([]complaints.DueRef, error) {
	return nil, nil
}

// noOrders has no repair orders.
type noOrders struct{}

func (noOrders) Get(context.Context, dealerkit.DealerID, uuid.UUID) (*aftersales.RepairOrder, error) {
	return nil, dealerkit.ErrNotFound
}

var (
	shanghai, _ = time.LoadLocation("Asia/Shanghai")
	dealer      = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-00000000d001"))
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A complaint from the hotline, through the §5 flow to closing.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai) // a Monday morning
	store := newMemory()
	svc := must(complaints.NewService(store, actionStore{store}, noOrders{}, &complaints.Options{
		Now: func() time.Time { return now }, NewID: dealerkit.SequentialIDs()}))
	advisor := must(dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RoleServiceAdvisor))
	manager := must(dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RoleManager))

	v := must(svc.Record(ctx, advisor, complaints.IntakeInput{
		Channel: complaints.ChannelPhone, Category: complaints.CategoryRepairQuality,
		Description: "The brakes squeal again a week after the repair",
		Complainant: complaints.Complainant{Name: "Li Wei", Phone: "13800000000"},
	}))
	fmt.Println(v.State, v.Severity, "level:", v.Level)
	fmt.Println("acknowledge by", v.NextDeadline.In(shanghai).Format("Mon 15:04"))

	step := func(d time.Duration, err error) {
		if err != nil {
			fmt.Println(err)
		}
		now = now.Add(d)
	}
	step(20*time.Minute, nil)
	step(10*time.Minute, svc.Acknowledge(ctx, advisor, v.ID, "apologised; booked a check"))
	step(time.Hour, svc.Report(ctx, advisor, v.ID, complaints.ReportInput{Manager: manager.Staff()}))
	step(time.Hour, svc.Investigate(ctx, manager, v.ID, "pads fitted without shims"))
	step(time.Hour, svc.ProposeSolution(ctx, manager, v.ID, complaints.SolutionInput{RootCause: "process_not_followed", Solution: "refit free of charge"}))
	step(24*time.Hour, svc.RecordFeedback(ctx, manager, v.ID, complaints.FeedbackInput{Accepted: true}))
	step(72*time.Hour, svc.Resolve(ctx, manager, v.ID, "shims fitted, road tested"))
	step(time.Minute, svc.Verify(ctx, advisor, v.ID, complaints.VerificationInput{Confirmed: true, Note: "quiet since"}))
	step(0, svc.Close(ctx, advisor, v.ID, ""))

	v = must(svc.View(ctx, advisor, v.ID))
	fmt.Println(v.State, "missed deadlines:", len(slices.DeleteFunc(v.Deadlines, func(d complaints.Deadline) bool { return !d.Missed })))
	for _, h := range v.History[1:] {
		fmt.Printf("%s %s\n", h.At.In(shanghai).Format("Mon 15:04"), h.Command)
	}
	// Output:
	// received medium level: after_sales_manager
	// acknowledge by Mon 11:00
	// closed missed deadlines: 0
	// Mon 09:20 acknowledge
	// Mon 09:30 report
	// Mon 10:30 investigate
	// Mon 11:30 propose_solution
	// Mon 12:30 record_feedback
	// Tue 12:30 resolve
	// Fri 12:30 verify
	// Fri 12:31 close
}

// A deadline in business hours skips the night, the weekend and public holidays, and works on a
// make-up day.
func ExampleCalendar_Add() {
	rules := complaints.DefaultCalendarRules() // Mon-Fri 08:30-12:00, 13:00-17:30, Asia/Shanghai
	for d := 1; d <= 7; d++ {
		rules.Holidays = append(rules.Holidays, complaints.Date{Year: 2026, Month: time.October, Day: d})
	}
	rules.MakeUpDays = []complaints.Date{{Year: 2026, Month: time.October, Day: 10}} // a Saturday
	cal := must(complaints.NewCalendar(rules))
	show := func(from time.Time, d time.Duration) {
		fmt.Println(from.Format("Mon Jan 2 15:04"), "+", d, "=", cal.Add(from, d).In(cal.Location()).Format("Mon Jan 2 15:04"))
	}
	show(time.Date(2026, 3, 2, 16, 30, 0, 0, shanghai), 2*time.Hour) // a night
	show(time.Date(2026, 3, 6, 17, 0, 0, 0, shanghai), time.Hour)    // a weekend
	show(time.Date(2026, 9, 30, 17, 0, 0, 0, shanghai), time.Hour)   // the National Day week
	show(time.Date(2026, 10, 9, 17, 0, 0, 0, shanghai), time.Hour)   // a make-up Saturday

	_, err := complaints.NewCalendar(complaints.CalendarRules{TimeZone: "Asia/Beijing", Week: rules.Week})
	fmt.Println(err)
	// Output:
	// Mon Mar 2 16:30 + 2h0m0s = Tue Mar 3 09:30
	// Fri Mar 6 17:00 + 1h0m0s = Mon Mar 9 09:00
	// Wed Sep 30 17:00 + 1h0m0s = Thu Oct 8 09:00
	// Fri Oct 9 17:00 + 1h0m0s = Sat Oct 10 09:00
	// dealerkit: invalid input: time_zone "Asia/Beijing": complaints: unknown time zone: unknown time zone Asia/Beijing
}

// The escalation scan records a missed acknowledgement once, however often it runs.
func ExampleService_Escalate() {
	ctx := context.Background()
	now := time.Date(2026, 3, 6, 17, 0, 0, 0, shanghai) // Friday 17:00
	store := newMemory()
	svc := must(complaints.NewService(store, actionStore{store}, noOrders{}, &complaints.Options{Now: func() time.Time { return now }}))
	advisor := must(dealerkit.NewStaffActor(dealer, dealerkit.StaffID(uuid.New()), dealerkit.RoleServiceAdvisor))
	v := must(svc.Record(ctx, advisor, complaints.IntakeInput{Channel: complaints.ChannelEmail,
		Category: complaints.CategoryVehicleDamage, Description: "dent in the tailgate"}))
	fmt.Println(v.Severity, "acknowledge by", v.NextDeadline.In(shanghai).Format("Mon 15:04"))
	for _, at := range []time.Time{
		time.Date(2026, 3, 9, 9, 0, 0, 0, shanghai),  // Monday 09:00 exactly: still on time
		time.Date(2026, 3, 9, 9, 1, 0, 0, shanghai),  // missed
		time.Date(2026, 3, 9, 9, 15, 0, 0, shanghai), // the next scan adds nothing
	} {
		rep := must(svc.Escalate(ctx, dealer, at))
		for _, b := range rep.Breaches {
			fmt.Println(at.In(shanghai).Format("15:04"), "missed", b.Step, "due", b.Due.In(shanghai).Format("Mon 15:04"), "->", b.Level)
		}
	}
	v = must(svc.View(ctx, advisor, v.ID))
	fmt.Println("level now:", v.Level)
	// Output:
	// high acknowledge by Mon 09:00
	// 09:01 missed acknowledge due Mon 09:00 -> general_manager
	// level now: general_manager
}

// A policy file with a negative and a missing deadline is refused with every bad field named.
func ExampleParsePolicies() {
	_, err := complaints.ParsePolicies([]byte(`[{"version": "2026", "effective": "2026-01-01T00:00:00+08:00",
		"rules": {"deadlines": {"low": {"acknowledge": "-4h", "report": "8h", "solution": "40h"}}}}]`))
	for _, f := range err.(*dealerkit.ValidationError).Fields[:4] {
		fmt.Println(f)
	}
	// Output:
	// versions[2026].calendar.time_zone: complaints: unknown time zone: an IANA time zone such as Asia/Shanghai is required
	// versions[2026].calendar.week: no opening hours on any weekday: business time would never pass
	// versions[2026].deadlines.low.acknowledge "-4h": must be positive
	// versions[2026].deadlines.low.closure: required
}
