package loadtest_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// directFlow is the baseline: the same repair-order flow as client.flow, calling the service in
// process with no HTTP, JSON or routing in between. The pair measures what the adapter costs.
func directFlow(ctx context.Context, tg *target, tech string, n int) error {
	adv, insp, tc := tg.actors["service_advisor"], tg.actors["quality_inspector"], tg.actors[tech]
	s := tg.svc
	o, err := s.Open(ctx, adv, aftersales.ReceptionInput{Number: fmt.Sprintf("RO-%s-%d", uuid.NewString()[:8], n),
		ArrivedAt: base.Add(-2 * time.Minute), GreetedAt: base.Add(-time.Minute), VIN: "1M8GDM9AXKP042788", Plate: "沪A12345",
		Model: "Sagitar", MileageKm: 42000, FuelPercent: 50, WalkAroundDone: true, Concerns: []aftersales.Concern{{Text: "brakes squeal"}},
		Visit: aftersales.VisitWaiting, Customer: aftersales.Customer{Name: "Li Wei", Phone: "13800000000"}})
	if err != nil {
		return err
	}
	id := o.ID()
	line, err := s.AddLine(ctx, adv, id, aftersales.LineInput{Kind: aftersales.LineLabour, Description: "Replace front brake pads",
		Quantity: decimal.RequireFromString("0.8"), UnitPrice: decimal.RequireFromString("260.00"), PayType: aftersales.PayCustomer})
	if err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			return s.Decide(ctx, adv, id, aftersales.DecisionInput{Lines: []uuid.UUID{line}, Approved: true, Channel: aftersales.ChannelPhone})
		},
		func() error {
			return s.Dispatch(ctx, adv, id, aftersales.DispatchInput{Line: line, Technician: tc.Staff(), PromisedAt: base.AddDate(1, 0, 0)})
		},
		func() error { return s.ClockOn(ctx, tc, id, line) },
		func() error { return s.ClockOff(ctx, tc, id, line) },
		func() error { return s.CompleteJob(ctx, tc, id, line) },
		func() error { return s.FinishWork(ctx, tc, id) },
		func() error { return s.RecordCleaning(ctx, tc, id) },
		func() error {
			return s.Inspect(ctx, insp, id, aftersales.InspectionInput{Checklist: []aftersales.CheckItem{{Item: "road test", OK: true}}})
		},
		func() error { return s.NotifyReady(ctx, adv, id, aftersales.ChannelPhone, "ready") },
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return err
		}
	}
	st, err := s.Settle(ctx, adv, id)
	if err != nil {
		return err
	}
	for _, f := range []func() error{
		func() error { return s.Respond(ctx, adv, id, true, "") },
		func() error {
			return s.RecordPayment(ctx, adv, id, aftersales.PaymentInput{Amount: st.CustomerDue, Method: "card"})
		},
		func() error { return s.Deliver(ctx, adv, id) },
	} {
		if err := f(); err != nil {
			return err
		}
	}
	if err := s.Cancel(ctx, adv, id, "customer changed their mind"); err == nil {
		return fmt.Errorf("cancel after delivery was not refused")
	}
	got, err := s.Get(ctx, adv, id)
	if err != nil {
		return err
	}
	if got.State() != aftersales.StateDelivered {
		return fmt.Errorf("order ended %s", got.State())
	}
	return nil
}

// BenchmarkFlow: one op is one repair order through the whole flow (17 requests), 32 goroutines
// at once; /http over loopback beside /direct, the same calls in process.
func BenchmarkFlow(b *testing.B) {
	for _, s := range []struct {
		name string
		open func(testing.TB) *sql.DB
		d    sqlstore.Dialect
	}{{"sqlite", openSQLite, sqlstore.SQLite}, {"postgres", openPostgres, sqlstore.Postgres}} {
		for _, side := range []string{"http", "direct"} {
			b.Run(s.name+"/"+side, func(b *testing.B) {
				tg := newTarget(b, s.open(b), s.d)
				var next atomic.Int64
				b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
				b.ReportAllocs()
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					tech := fmt.Sprintf("technician-%d", next.Add(1)%1000)
					c := &client{tg: tg, tech: tech, changes: map[uuid.UUID]int{}, http: &http.Client{Timeout: time.Minute}}
					for i := 0; pb.Next(); i++ {
						var err error
						if side == "http" {
							err = c.flow(i)
						} else {
							err = directFlow(context.Background(), tg, tech, i)
						}
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}
