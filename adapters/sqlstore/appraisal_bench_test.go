package sqlstore_test

// BenchmarkAppraiseMonth measures Service.Draft of a month's appraisals for 60 staff (40
// technicians, 12 advisors, 4 inspectors, 4 parts clerks) over n repair orders of that month:
//
//	BenchmarkAppraiseMonth/{memory,sqlite,postgres}/n={2000,20000}
//
// Besides ns/op it reports cpu-ms/op, the process's CPU time per month, which a shared machine
// disturbs less. One op is a whole month: reading the period's facts once (orders, complaints, stocktakes,
// reservations), measuring every staff member in one pass, scoring and storing 60 drafts with
// their events. Each op drafts a period starting a microsecond later than the one before, so the
// store's one-appraisal-per-period key never refuses it and the facts are the same month's.

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/adapters/memory"
	"github.com/dealerkit/dealerkit/adapters/sqlstore"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/dealerkit/dealerkit/appraisal"
	"github.com/dealerkit/dealerkit/complaints"
	"github.com/dealerkit/dealerkit/parts"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

type appraisalBenchStore interface {
	Appraisals() appraisal.Repository
	RepairOrders() aftersales.Repository
	Complaints() complaints.Repository
	Parts() parts.Repository
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

var benchAppraisalDealer = dealerkit.DealerID(uuid.MustParse("00000000-0000-0000-0000-0000000a9901"))

func benchStaff(kind byte, i int) dealerkit.StaffID {
	return dealerkit.StaffID{0: kind, 15: byte(i + 1)}
}

func BenchmarkAppraiseMonth(b *testing.B) {
	adapters := []struct {
		name string
		open func(b *testing.B) appraisalBenchStore
	}{
		{"memory", func(*testing.B) appraisalBenchStore { return memory.New() }},
		{"sqlite", func(b *testing.B) appraisalBenchStore { return benchStore(b, openBenchSQLite(b), sqlstore.SQLite) }},
		{"postgres", func(b *testing.B) appraisalBenchStore { return benchStore(b, openPostgres(b), sqlstore.Postgres) }},
	}
	for _, a := range adapters {
		b.Run(a.name, func(b *testing.B) {
			for _, n := range []int{2000, 20000} {
				b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchAppraiseMonth(b, a.open(b), n) })
			}
		})
	}
}

func benchAppraiseMonth(b *testing.B, s appraisalBenchStore, n int) {
	ctx := context.Background()
	april := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	may := april.AddDate(0, 1, 0)
	seedAppraisalMonth(b, s, n, april)
	var members []appraisal.Member
	for i := 0; i < 40; i++ {
		members = append(members, appraisal.Member{Staff: benchStaff(1, i), Role: "technician",
			Bases: map[string]decimal.Decimal{"labour_commission": decimal.NewFromInt(int64(3000 + 10*i))}})
	}
	for i := 0; i < 12; i++ {
		members = append(members, appraisal.Member{Staff: benchStaff(2, i), Role: "service_advisor"})
	}
	for i := 0; i < 4; i++ {
		members = append(members, appraisal.Member{Staff: benchStaff(3, i), Role: "quality_inspector"},
			appraisal.Member{Staff: benchStaff(4, i), Role: "parts_clerk"})
	}
	svc, err := appraisal.NewService(s.Appraisals(), appraisal.RepositoryFacts{Orders: s.RepairOrders(), Complaints: s.Complaints(),
		Parts: s.Parts()}, &appraisal.Options{Now: func() time.Time { return may.Add(48 * time.Hour) }, Tx: s})
	if err != nil {
		b.Fatal(err)
	}
	manager, err := dealerkit.NewStaffActor(benchAppraisalDealer, benchStaff(5, 0), dealerkit.RoleManager)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0, haveCPU := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := svc.Draft(ctx, manager, appraisal.DraftInput{From: april.Add(time.Duration(i) * time.Microsecond), To: may, Members: members})
		if err != nil {
			b.Fatal(err)
		}
		if len(out) != 60 || !out[0].Result().Complete {
			b.Fatalf("%d drafts, first complete %v", len(out), out[0].Result().Complete)
		}
	}
	b.StopTimer()
	if cpu1, ok := cpuTime(); ok && haveCPU {
		// The process's CPU time per month (every goroutine, the GC included; PostgreSQL's server
		// time not): a steadier figure than ns/op when other work shares the cores.
		b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// seedAppraisalMonth stores n delivered-and-surveyed orders of the month: each a job of one of 40
// technicians, opened by one of 12 advisors, inspected by one of 4 inspectors; one in 50 fails
// its first inspection, one in 40 is a comeback of an earlier order, one in 8 finishes late.
func seedAppraisalMonth(b *testing.B, s appraisalBenchStore, n int, month time.Time) {
	ctx := context.Background()
	const batch = 500
	for from := 0; from < n; from += batch {
		err := s.InTx(ctx, func(ctx context.Context) error {
			for k := from; k < min(from+batch, n); k++ {
				if err := s.RepairOrders().Create(ctx, benchAppraisalOrder(b, k, n, month)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func benchAppraisalOrderID(k int) uuid.UUID {
	return uuid.UUID{0: 0x01, 1: 0x99, 6: 0x70, 8: 0x80, 12: byte(k >> 24), 13: byte(k >> 16), 14: byte(k >> 8), 15: byte(k)}
}

func benchAppraisalOrder(b *testing.B, k, n int, month time.Time) *aftersales.RepairOrder {
	// Orders spread evenly over the month's first 28 days, in id order.
	at := month.Add(time.Duration(int64(k) * int64(28*24*time.Hour) / int64(n))).Add(time.Minute)
	tech, adv, insp := benchStaff(1, k%40), benchStaff(2, k%12), benchStaff(3, k%4)
	line := uuid.UUID{0: 0x02, 12: byte(k >> 24), 13: byte(k >> 16), 14: byte(k >> 8), 15: byte(k)}
	promised := at.Add(3 * time.Hour)
	done := at.Add(2 * time.Hour)
	if k%8 == 0 {
		done = at.Add(4 * time.Hour)
	}
	inspector := dealerkit.ActorRef{Staff: insp, Roles: []dealerkit.Role{dealerkit.RoleQualityInspector}}
	s := aftersales.Snapshot{
		Dealer: benchAppraisalDealer, ID: benchAppraisalOrderID(k), Number: fmt.Sprintf("RO-%06d", k), Version: 1,
		State:     aftersales.StateReady,
		OpenedBy:  dealerkit.ActorRef{Staff: adv, Roles: []dealerkit.Role{dealerkit.RoleServiceAdvisor}},
		Reception: aftersales.Reception{ArrivedAt: at, GreetedAt: at.Add(time.Minute), VIN: "LSVAU218XN2183294", MileageKm: 10_000},
		Lines: []aftersales.Line{{ID: line, Kind: aftersales.LineLabour, Description: "service", Category: aftersales.CategoryMinor,
			Quantity: decimal.RequireFromString("1.2"), UnitPrice: decimal.RequireFromString("300"), Discount: decimal.Zero,
			PayType: aftersales.PayCustomer, Status: aftersales.LineApproved, Issued: decimal.Zero, IssuedCost: decimal.Zero,
			Job: &aftersales.Job{Technician: tech, PromisedAt: promised, DispatchedAt: at, CompletedAt: done}}},
		Clock:       []aftersales.ClockEntry{{Line: line, Technician: tech, On: at, Off: at.Add(time.Duration(50+k%30) * time.Minute)}},
		Inspections: []aftersales.Inspection{{At: done.Add(time.Hour), Inspector: inspector, Passed: k%50 != 0}},
		Survey:      &aftersales.Survey{At: at.Add(26 * time.Hour), Scores: map[string]int{"overall": 6 + k%5}},
		UpdatedAt:   at,
	}
	if k%50 == 0 {
		s.Inspections[0].Rework = []uuid.UUID{line}
		s.Inspections = append(s.Inspections, aftersales.Inspection{At: done.Add(2 * time.Hour), Inspector: inspector, Passed: true})
	}
	if k%40 == 39 {
		s.ComebackOf = benchAppraisalOrderID(k - 39)
	}
	o, err := aftersales.RestoreRepairOrder(s)
	if err != nil {
		b.Fatal(err)
	}
	return o
}
