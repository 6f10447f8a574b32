package appraisal_test

import (
	"testing"
	"time"

	"github.com/dealerkit/dealerkit"
	"github.com/dealerkit/dealerkit/aftersales"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

var (
	dealer    = dealerkit.DealerID(uuid.MustParse("0199a000-0000-7000-8000-000000000001"))
	tech      = dealerkit.StaffID(uuid.MustParse("0199a000-0000-7000-8000-0000000000a1"))
	tech2     = dealerkit.StaffID(uuid.MustParse("0199a000-0000-7000-8000-0000000000a2"))
	advisor   = dealerkit.StaffID(uuid.MustParse("0199a000-0000-7000-8000-0000000000b1"))
	inspector = dealerkit.StaffID(uuid.MustParse("0199a000-0000-7000-8000-0000000000c1"))
	manager   = dealerkit.StaffID(uuid.MustParse("0199a000-0000-7000-8000-0000000000d1"))
	manager2  = dealerkit.StaffID(uuid.MustParse("0199a000-0000-7000-8000-0000000000d2"))
	april     = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	may       = time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// job describes one finished order of the fixture: a labour line of std hours done by who,
// clocked for clock, completed late or not, inspected (first pass or sent back), with a survey
// score (or -1 for none).
type job struct {
	n          int
	who        dealerkit.StaffID
	std        string
	clock      time.Duration
	late       bool
	sentBack   bool
	survey     int
	comebackOf uuid.UUID // set on a return visit, which has no job of its own
}

func orderID(n int) uuid.UUID {
	id := uuid.MustParse("0199a000-0000-7000-8000-000000000000")
	id[14], id[15] = byte(n>>8), byte(n)
	return id
}

// order builds a repair order of the fixture through RestoreRepairOrder: the library's own
// stored form, so the metrics read exactly what a store would hand back.
func order(t testing.TB, j job) *aftersales.RepairOrder {
	t.Helper()
	day := april.Add(time.Duration(j.n%28) * 24 * time.Hour).Add(9 * time.Hour)
	s := aftersales.Snapshot{
		Dealer: dealer, ID: orderID(j.n), Number: "RO-" + orderID(j.n).String()[30:], Version: 1, State: aftersales.StateReady,
		OpenedBy:  dealerkit.ActorRef{Staff: advisor, Roles: []dealerkit.Role{dealerkit.RoleServiceAdvisor}},
		Reception: aftersales.Reception{ArrivedAt: day, GreetedAt: day.Add(time.Minute), VIN: "LSVAU218XN2183294", MileageKm: 1000},
		UpdatedAt: day, ComebackOf: j.comebackOf,
	}
	if j.comebackOf != (uuid.UUID{}) {
		s.State = aftersales.StateReceived
		return restore(t, s)
	}
	line := uuid.New()
	promised := day.Add(3 * time.Hour)
	done := day.Add(2 * time.Hour)
	if j.late {
		done = day.Add(4 * time.Hour)
	}
	s.Lines = []aftersales.Line{{ID: line, Kind: aftersales.LineLabour, Description: "job", Category: aftersales.CategoryMinor,
		Quantity: dec(j.std), UnitPrice: dec("300"), Discount: decimal.Zero, PayType: aftersales.PayCustomer,
		Status: aftersales.LineApproved, Issued: decimal.Zero, IssuedCost: decimal.Zero,
		Job: &aftersales.Job{Technician: j.who, PromisedAt: promised, DispatchedAt: day, CompletedAt: done}}}
	s.Clock = []aftersales.ClockEntry{{Line: line, Technician: j.who, On: day, Off: day.Add(j.clock)}}
	insp := dealerkit.ActorRef{Staff: inspector, Roles: []dealerkit.Role{dealerkit.RoleQualityInspector}}
	if j.sentBack {
		s.Inspections = append(s.Inspections, aftersales.Inspection{At: done.Add(time.Minute), Inspector: insp, Rework: []uuid.UUID{line}})
	}
	s.Inspections = append(s.Inspections, aftersales.Inspection{At: done.Add(time.Hour), Inspector: insp, Passed: true})
	if j.survey >= 0 {
		s.Survey = &aftersales.Survey{At: day.Add(48 * time.Hour), Scores: map[string]int{"overall": j.survey}}
	}
	return restore(t, s)
}

func restore(t testing.TB, s aftersales.Snapshot) *aftersales.RepairOrder {
	t.Helper()
	o, err := aftersales.RestoreRepairOrder(s)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// goldenMonth is the technician's April of the golden tests:
//
//	10 jobs of 1.2 standard hours, each clocked 1 hour: standard 12.0 h, clocked 10.0 h;
//	job 3 finished after its promised time: 9 of 10 on time;
//	job 5 failed its first inspection and was sent back: 9 of 10 first passes;
//	no comeback, no complaint;
//	surveys on jobs 1–4 scoring 10, 10, 9 and 8; the others were not surveyed.
func goldenMonth(t testing.TB) []*aftersales.RepairOrder {
	scores := []int{10, 10, 9, 8, -1, -1, -1, -1, -1, -1}
	var out []*aftersales.RepairOrder
	for i := 0; i < 10; i++ {
		out = append(out, order(t, job{n: i + 1, who: tech, std: "1.2", clock: time.Hour, late: i == 2, sentBack: i == 4, survey: scores[i]}))
	}
	return out
}
